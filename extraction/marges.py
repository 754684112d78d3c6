"""Running heads and footers: lines repeated at the same place on many pages.

A producer may print the plan's title at the top of every page, or "Page 3 de 12" at the
bottom. Those lines belong to no section and no table; left in, a running head above a
table's continuation reads as the end of a cut cell. They are found by what makes them
running: the same text (numbers aside) at the same height on most pages, near the top or
bottom edge — never a table's repeated header row, which is kept for the grid stage.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from extraction.lignes import grouper_en_lignes
from extraction.modele import PageMiseEnPage
from extraction.vocabulaire import majuscules_sans_accents, mots_entete

BORD = 0.12  # share of the page height, at the top and at the bottom, where running lines sit
PART_MIN = 0.5  # on at least this share of the pages (and at least two)


def _cle(texte: str, top: float) -> tuple[str, int]:
    return re.sub(r"\d+", "#", " ".join(texte.split())), round(top / 4)


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
        candidates = []
        for li in grouper_en_lignes(page.mots):
            if BORD * page.hauteur < li.top and li.bottom < (1 - BORD) * page.hauteur:
                continue
            if li.taille >= plus_grand - 0.1:
                continue  # a page's largest type is its title (the cover's), not a running head
            if sum(1 for m in li.mots if majuscules_sans_accents(m.texte).strip(".:") in connus) >= 2:
                continue  # a table header row, repeated on purpose
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
