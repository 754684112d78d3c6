"""Running heads and footers: lines repeated at the same place on several pages.

A producer may print the plan's title at the top of every page, or "Page 3 de 12" at the
bottom. Those lines belong to no section and no table; left in, a running head above a
table's continuation reads as the end of a cut cell. They are found by what makes them
running: the same text (numbers aside) at the same height on several pages, outside the
page's body — never a table's repeated header row, which is kept for the grid stage.

"Outside the body" is judged from the page itself, not from a fixed share of its height
alone: a line in the top or bottom ``BORD`` of the page, or — up to ``BORD_MAX`` from the
edge — one of the ``EXTREMES`` outermost lines of the page set apart from the next one by a
clear gap (on an A3 page a running head 160 pt from the edge is still the page's first
line, well above the rest).
A line beside a vertical ruling is inside a table, whatever its height: never running.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from extraction.lignes import grouper_en_lignes
from extraction.modele import Ligne, PageMiseEnPage, Segment
from extraction.vocabulaire import majuscules_sans_accents, mots_entete

BORD = 0.12  # share of the page height, at the top and at the bottom, where running lines sit
BORD_MAX = 0.25  # an outermost line set apart from the body may sit this far from the edge
EXTREMES = 2  # outermost lines of each edge that may be running lines wherever they are
ECART_MIN = 1.0  # × type size: the gap that sets an outermost line apart from the page's body
PART_MIN = 0.34  # on at least this share of the pages (and at least two)


def _cle(texte: str, top: float) -> tuple[str, int]:
    """What makes two running lines the same: their text with numbers, dashes and
    apostrophes made alike (a scan reads "–" here and "-" there), and their height."""
    texte = re.sub(r"[-‐‑‒–—―]", "-", re.sub(r"[’']", "'", " ".join(texte.split())))
    return re.sub(r"\d+", "#", texte), round(top / 4)


def lignes_exterieures(lignes: list[Ligne], hauteur: float) -> list[Ligne]:
    """The lines of a page (sorted top to bottom) that sit outside its body: in the top or
    bottom band of the page, or among its outermost lines with a clear gap inwards."""
    if not lignes:
        return []
    choisies = {id(li) for li in lignes if li.bottom < BORD * hauteur or li.top > (1 - BORD) * hauteur}
    for sens in (lignes, lignes[::-1]):
        for k in range(min(EXTREMES, len(sens) - 1)):
            li, voisine = sens[k], sens[k + 1]
            ecart = voisine.top - li.bottom if sens is lignes else li.top - voisine.bottom
            loin = li.top > BORD_MAX * hauteur if sens is lignes else li.bottom < (1 - BORD_MAX) * hauteur
            if loin or ecart < ECART_MIN * li.taille:
                break
            choisies.add(id(li))
    return [li for li in lignes if id(li) in choisies]


def dans_un_tableau(ligne: Ligne, verticales: list[Segment]) -> bool:
    """A vertical ruling runs past the line's middle: the line is in (or beside) a table."""
    milieu = (ligne.top + ligne.bottom) / 2
    return any(s.top < milieu < s.bottom for s in verticales)


def retirer_lignes_courantes(pages: list[PageMiseEnPage]) -> list[PageMiseEnPage]:
    """The pages without their running heads and footers (others untouched)."""
    if len(pages) < 2:
        return pages
    connus = mots_entete()
    par_page: list[list[tuple[tuple[str, int], list[int]]]] = []
    compte: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, page in enumerate(pages):
        index = {id(m): i for i, m in enumerate(page.mots)}
        plus_grand = max((m.taille for m in page.mots), default=0.0)
        verticales = [s for s in page.segments if not s.horizontal and s.bottom - s.top > 5]
        candidates = []
        for li in lignes_exterieures(grouper_en_lignes(page.mots), page.hauteur):
            if li.taille >= plus_grand - 0.1:
                continue  # a page's largest type is its title (the cover's), not a running head
            if sum(1 for m in li.mots if majuscules_sans_accents(m.texte).strip(".:") in connus) >= 2:
                continue  # a table header row, repeated on purpose
            if dans_un_tableau(li, verticales):
                continue
            cle = _cle(li.texte, li.top)
            candidates.append((cle, [index[id(m)] for m in li.mots]))
            compte[cle].add(n)
        par_page.append(candidates)
    seuil = max(2, PART_MIN * len(pages))
    courantes = {cle for cle, vues in compte.items() if len(vues) >= seuil}
    if not courantes:
        return pages
    sorties = []
    for page, candidates in zip(pages, par_page, strict=True):
        retires = {i for cle, indices in candidates if cle in courantes for i in indices}
        if retires:
            page = dataclasses.replace(page, mots=[m for i, m in enumerate(page.mots) if i not in retires])
        sorties.append(page)
    return sorties
