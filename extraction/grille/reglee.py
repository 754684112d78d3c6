"""Ruled tables: columns and cells from drawn rulings (lines or rectangle edges).

Cell boundaries are read per column: a horizontal ruling that crosses a column closes a
cell there, so a merged cell (an action over its measures) is simply a tall cell, and
the hierarchy stage gives its value to every livrable row it covers.
"""

from __future__ import annotations

from extraction.grille.base import (
    Zone,
    colonnes_depuis_entete,
    largeurs_utiles,
    mots_de_colonne,
    remplir,
)
from extraction.lignes import grouper_en_lignes
from extraction.modele import Colonne, Grille, Segment

RECOUVREMENT_MIN = 0.6  # a ruling closes a cell if it spans this share of the column


def _fusionner(valeurs: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(valeurs):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _verticales_en_x(segments: list[Segment], x: float, top: float, limite: float) -> list[Segment]:
    return [s for s in segments if not s.horizontal and abs(s.x0 - x) <= 1.5 and s.bottom > top and s.top < limite]


def _bas_continu(verticales: list[Segment], depart: float) -> float:
    """Bottom of the ruling that runs down from ``depart`` through joined pieces."""
    bas = depart
    for s in sorted(verticales, key=lambda s: s.top):
        if s.top <= bas + 3 and s.bottom > bas:
            bas = s.bottom
    return bas


class AnalyseurRegle:
    """Strategy for tables whose cells are drawn."""

    nom = "reglee"

    def analyser(self, zone: Zone) -> Grille | None:
        verticales = [s for s in zone.page.segments if not s.horizontal and s.bottom - s.top > 5]
        horizontales = [s for s in zone.page.segments if s.horizontal and zone.top - 20 < s.top < zone.limite]
        if not verticales or not horizontales:
            return None
        xs = _fusionner([s.x0 for s in verticales if s.bottom > zone.top and s.top < zone.limite])
        if zone.entete is not None:
            cellules = zone.entete.cellules
            milieu = (zone.entete.top + zone.entete.bottom) / 2
            # Column rulings cross the header row, or (a header on one shaded band) start
            # right under it.
            sous_entete = zone.entete.bottom + 3 * zone.taille
            couvrant = [x for x in xs if any(s.top - 2 <= milieu <= s.bottom + 2
                                             or (zone.entete.top <= s.top <= sous_entete and s.bottom > sous_entete)
                                             for s in _verticales_en_x(verticales, x, zone.top - 30, zone.limite))]
            gauche = [x for x in couvrant if x <= cellules[0].x0 + 1]
            droite = [x for x in couvrant if x >= cellules[-1].x1 - 1]
            if not gauche or not droite:
                return None
            frontieres = [max(gauche)]
            for a, b in zip(cellules, cellules[1:], strict=False):
                entre = [x for x in couvrant if a.x1 - 1 <= x <= b.x0 + 1]
                if not entre:
                    return None
                frontieres.append(entre[0] if len(entre) == 1 else min(entre, key=lambda x: abs(x - (a.x1 + b.x0) / 2)))
            frontieres.append(min(droite))
            colonnes = colonnes_depuis_entete(zone.entete, frontieres)
            # Body starts at the first ruling under the header's text.
            sous = [s.top for s in horizontales
                    if zone.entete.bottom - 1 <= s.top <= zone.entete.bottom + 2 * zone.taille]
            corps_top = min(sous) if sous else zone.entete.bottom + 1
            depart = zone.entete.top
        else:
            if not zone.colonnes_heritees:
                return None
            colonnes = [Colonne(c.entete, c.role, c.x0, c.x1) for c in zone.colonnes_heritees]
            if not all(_verticales_en_x(verticales, c.x0, zone.top, zone.limite) for c in colonnes[1:]):
                return None
            larges = [s for s in horizontales if s.top >= zone.top - 1
                      and s.x1 - s.x0 >= 0.5 * (colonnes[-1].x1 - colonnes[0].x0)]
            corps_top = min((s.top for s in larges), default=zone.top)
            depart = corps_top
        # The table ends where its column rulings end.
        bas = []
        for c in colonnes[1:]:
            vs = _verticales_en_x(verticales, c.x0, depart - 5, zone.limite)
            if vs:
                bas.append(_bas_continu(vs, min(s.top for s in vs)))
        if not bas:
            return None
        bottom = min(sorted(bas)[len(bas) // 2], zone.limite)
        if bottom - corps_top < 5:
            return None
        grille = Grille(page=zone.page.numero, colonnes=colonnes, cellules=[], top=corps_top, bottom=bottom,
                        strategie=self.nom, avec_entete=zone.entete is not None)
        for i, col in enumerate(colonnes):
            largeur = col.x1 - col.x0
            coupes = [s.top for s in horizontales
                      if corps_top - 1 <= s.top <= bottom + 1
                      and min(s.x1, col.x1) - max(s.x0, col.x0) >= RECOUVREMENT_MIN * largeur]
            frontieres = _fusionner([corps_top, *coupes, bottom])
            lignes = grouper_en_lignes(mots_de_colonne(zone.mots, col, corps_top, bottom))
            grille.cellules.extend(remplir(i, lignes, frontieres, garder_vides=True))
        grille.largeurs = largeurs_utiles(grille)
        return grille
