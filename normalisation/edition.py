"""Which edition a document is: "NOVEMBRE 2023" on its cover → version "2023-11".

Month names are language knowledge; they are read from the deadline vocabulary so that
one table holds every French date word the project knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from extraction.erreurs import ErreurDocument
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


class EditionIntrouvable(ErreurDocument):
    """Neither the cover nor the file name says which edition (month and year) the document is."""


@dataclass(frozen=True, slots=True)
class Edition:
    """Which edition a document is, and how that was decided."""

    version: str  # AAAA-MM
    libelle: str  # the label as printed on the cover ("NOVEMBRE 2023"), "" when none was read
    provenance: str  # "couverture", "imposee" (given by the caller) or "nom_de_fichier"


def edition_du_document(libelles: list[str], fichier: str | Path, imposee: str | None = None) -> Edition:
    """The edition from the cover's label candidates, else the one imposed, else the file name.

    An imposed version wins over the cover (the caller knows better), but the printed label
    is still reported. The file name is the last resort: the caller should warn about it,
    since a renamed file would silently change the edition.
    """
    libelle, trouvee = "", None
    for candidat in libelles:
        v = version_depuis_libelle(candidat)
        if v:
            libelle, trouvee = sur_une_ligne(candidat), v
            break
    if imposee is not None:
        if not VERSION.match(imposee):
            raise ValueError(f"edition must be AAAA-MM, not {imposee!r}")
        return Edition(imposee, libelle, "imposee")
    if trouvee is not None:
        return Edition(trouvee, libelle, "couverture")
    depuis_nom = version_depuis_nom(Path(fichier).name)
    if depuis_nom is not None:
        return Edition(depuis_nom, "", "nom_de_fichier")
    raise EditionIntrouvable(fichier, "édition introuvable sur la couverture (mois et année) ni dans le nom du "
                                          "fichier")
