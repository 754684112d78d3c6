"""Stage 5 — edition metadata from the cover: title, subtitle, edition label.

The cover is the text above the first section heading. The title is set in the largest
type, the subtitle in the next size down; the edition label is a word followed by a
four-digit year, possibly on two lines ("NOVEMBRE" / "2023"), or with hardly a gap between
them when the producer placed each glyph itself ("NOVEMBRE2023" as one word: the candidate is
then "NOVEMBRE 2023", the label as a reader sees it). Which words are months is language
knowledge, so this stage only proposes candidates; normalisation decides.
"""

from __future__ import annotations

import re

from extraction.lignes import joindre
from extraction.modele import Couverture, Ligne

_MOT_ANNEE = re.compile(r"^(?P<mot>[^\W\d_]{3,})\.?\s*(?P<annee>(?:19|20)\d{2})$")
# The same inside a longer line ("Mise à jour : novembre 2023").
_DANS_LIGNE = re.compile(r"(?<![\w])(?P<mot>[^\W\d_]{3,})\.?\s*(?P<annee>(?:19|20)\d{2})(?![\d-])")
_MOT = re.compile(r"^[^\W\d_]{3,}\.?$")
_ANNEE = re.compile(r"^(?:19|20)\d{2}$")


def lire_couverture(lignes: list[Ligne]) -> Couverture:
    """Read the cover lines (top of the first page(s), before any section)."""
    couv = Couverture()
    restantes: list[Ligne] = []
    i = 0
    while i < len(lignes):
        t = lignes[i].texte.strip()
        m = _MOT_ANNEE.match(t)
        if m:
            couv.libelles.append(f"{m.group('mot')} {m.group('annee')}")
        elif _MOT.match(t) and i + 1 < len(lignes) and _ANNEE.match(lignes[i + 1].texte.strip()):
            couv.libelles.append(f"{t} {lignes[i + 1].texte.strip()}")
            i += 1
        else:
            couv.libelles.extend(f"{d.group('mot')} {d.group('annee')}" for d in _DANS_LIGNE.finditer(t))
            restantes.append(lignes[i])
        i += 1
    if not restantes:
        return couv
    tailles = sorted({round(li.taille, 1) for li in restantes}, reverse=True)
    grand = [li for li in restantes if round(li.taille, 1) == tailles[0]]
    couv.titre = joindre(grand)
    if len(tailles) > 1:
        second = [li for li in restantes if round(li.taille, 1) == tailles[1]]
        couv.sous_titre = joindre(second)
    return couv
