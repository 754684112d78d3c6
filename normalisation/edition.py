"""Edition label → version: "NOVEMBRE 2023" → ("2023-11", "2023-11-01").

Month names are language knowledge; they are read from the deadline vocabulary so that
one table holds every French date word the project knows.
"""

from __future__ import annotations

import re

from normalisation.texte import sur_une_ligne


def _mois(mot: str) -> int | None:
    from normalisation.echeances.pliage import plier_forme
    from normalisation.echeances.vocabulaire import vocabulaire

    return vocabulaire().mois.get(plier_forme(mot).strip("."))


def version_depuis_libelle(libelle: str) -> str | None:
    """"NOVEMBRE 2023" → "2023-11", or None when the label names no month."""
    m = re.match(r"^\s*(\S+)\s+((?:19|20)\d{2})\s*$", sur_une_ligne(libelle))
    if not m:
        return None
    numero = _mois(m.group(1))
    return f"{m.group(2)}-{numero:02d}" if numero else None


def version_depuis_nom(nom_fichier: str) -> str | None:
    """A "YYYY-MM" in the file name, the last resort when the cover names no edition."""
    m = re.search(r"((?:19|20)\d{2})[-_.](0[1-9]|1[0-2])(?!\d)", nom_fichier)
    return f"{m.group(1)}-{m.group(2)}" if m else None


VERSION = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])$")
