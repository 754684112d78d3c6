"""Edition label → version: "NOVEMBRE 2023" → ("2023-11", "2023-11-01").

Month names are language knowledge; they are read from the deadline vocabulary so that
one table holds every French date word the project knows.
"""

from __future__ import annotations

import re
from functools import cache

from normalisation.texte import sur_une_ligne


def _replier(mot: str) -> str:
    import unicodedata

    t = unicodedata.normalize("NFKD", mot.lower())
    return "".join(c for c in t if not unicodedata.combining(c)).strip(".")


@cache
def _mois() -> dict[str, int]:
    from normalisation.echeances.vocabulaire import mois_par_nom

    return {_replier(nom): numero for nom, numero in mois_par_nom().items()}


def version_depuis_libelle(libelle: str) -> str | None:
    """"NOVEMBRE 2023" → "2023-11", or None when the label names no month."""
    m = re.match(r"^\s*(\S+)\s+((?:19|20)\d{2})\s*$", sur_une_ligne(libelle))
    if not m:
        return None
    numero = _mois().get(_replier(m.group(1)))
    return f"{m.group(2)}-{numero:02d}" if numero else None


def version_depuis_nom(nom_fichier: str) -> str | None:
    """A "YYYY-MM" in the file name, the last resort when the cover names no edition."""
    m = re.search(r"((?:19|20)\d{2})[-_.](0[1-9]|1[0-2])(?!\d)", nom_fichier)
    return f"{m.group(1)}-{m.group(2)}" if m else None


VERSION = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])$")
