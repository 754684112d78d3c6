"""Stage 5 — edition metadata from the cover: title, subtitle, edition label.

The cover is the text above the first section heading, on the first page that has any (a
table of contents or an introduction may come before the first section). The title is set in
the largest type, the subtitle in the next size down; the edition label is a word followed by a
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
MEME_TAILLE = 0.08  # relative difference under which two type sizes are the same (a title and
# its subtitle differ by a fifth or more)


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
    # Title and subtitle are the first page's: lines before the first section on later pages
    # (a table of contents, an introduction, whose headings may be set as large as the
    # subtitle) are no part of the cover. The lines come in reading order, so a line set
    # higher than the one before it starts the next page.
    for k in range(1, len(restantes)):
        if restantes[k].top < restantes[k - 1].top - 1:
            restantes = restantes[:k]
            break
    if not restantes:
        return couv
    # Sizes a few per cent apart are one size: a scan's recognised sizes vary that much
    # between two lines of one title.
    tailles: list[float] = []
    for t in sorted((li.taille for li in restantes), reverse=True):
        if not tailles or t < (1 - MEME_TAILLE) * tailles[-1]:
            tailles.append(t)

    def de_taille(t: float) -> list[Ligne]:
        return [li for li in restantes if t >= li.taille >= (1 - MEME_TAILLE) * t]

    couv.titre = joindre(de_taille(tailles[0]))
    if len(tailles) > 1:
        couv.sous_titre = joindre(de_taille(tailles[1]))
    return couv
