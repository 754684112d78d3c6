"""Borderless tables: columns from the gutters under the header, cells from spacing.

Without rulings, a column boundary is the widest vertical strip left empty by the body
text between two header cells, and a cell ends where the gap to the next line is clearly
larger than the line spacing. A new row in a coarse column (a new measure) also starts a
row in the finer ones, and a new échéancier starts a new livrable: that is how the rows
are recovered when the spacing alone is ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable

from extraction.grille.base import Zone, colonnes_depuis_entete, grouper, largeurs_utiles, mots_de_colonne
from extraction.modele import Cellule, Colonne, Grille, Ligne, Mot
from extraction.vocabulaire import motif, puces


def _gouttiere(mots: list[Mot], a: float, b: float) -> float:
    """Middle of the widest x-interval in [a, b] that no word covers (or the least covered)."""
    intervalles = sorted((max(a, m.x0), min(b, m.x1)) for m in mots if m.x1 > a and m.x0 < b)
    meilleur, largeur = (a + b) / 2, -1.0
    curseur = a
    for x0, x1 in intervalles:
        if x0 - curseur > largeur:
            meilleur, largeur = (curseur + x0) / 2, x0 - curseur
        curseur = max(curseur, x1)
    if b - curseur > largeur:
        meilleur, largeur = (curseur + b) / 2, b - curseur
    if largeur > 0:
        return meilleur
    # Every x is covered (a line runs across): take the least covered point.
    pas = [a + (b - a) * k / 40 for k in range(1, 40)]
    return min(pas, key=lambda x: sum(1 for m in mots if m.x0 < x < m.x1))


def _couper(lignes: list[Ligne], ecart_normal: float, tailles: float) -> list[list[Ligne]]:
    """Split a column's lines where the vertical gap is clearly more than line spacing,
    except before a list item: a cell never starts with a bullet, its list does."""
    fortes, faibles = puces()
    blocs: list[list[Ligne]] = []
    for li in lignes:
        if blocs:
            ecart = li.top - blocs[-1][-1].bottom
            t = li.texte.lstrip()
            prec = blocs[-1][-1].texte.rstrip()
            puce = any(t.startswith(p) for p in fortes) or (
                any(t.startswith(p + " ") for p in faibles) and (prec.endswith(":") or prec[:1] in faibles))
            if ecart <= ecart_normal + max(1.0, 0.15 * tailles) or puce:
                blocs[-1].append(li)
                continue
        blocs.append([li])
    return blocs


def _ecart_normal(colonnes_lignes: list[list[Ligne]]) -> float:
    """Typical gap between two lines of one paragraph (the small mode of all gaps)."""
    ecarts = sorted(b.top - a.bottom for ls in colonnes_lignes for a, b in zip(ls, ls[1:], strict=False)
                    if b.top - a.bottom > -1)
    if not ecarts:
        return 2.0
    return max(0.0, ecarts[len(ecarts) // 4])


def _diviser_si(bloc: list[Ligne], debut: Callable[[Ligne], bool]) -> list[list[Ligne]]:
    """Split a block before each of its lines (but the first) for which ``debut`` holds."""
    parts: list[list[Ligne]] = [[bloc[0]]]
    for li in bloc[1:]:
        if debut(li):
            parts.append([li])
        else:
            parts[-1].append(li)
    return parts


def _diviser(bloc: list[Ligne], tops: list[float]) -> list[list[Ligne]]:
    """Split a block before any of its lines that starts level with a coarser cell."""
    return _diviser_si(bloc, lambda li: any(abs(li.top - t) <= 2.0 for t in tops))


class AnalyseurAlignement:
    """Strategy for tables drawn without rulings (or whose rulings do not make a grid)."""

    nom = "alignement"

    def analyser(self, zone: Zone) -> Grille | None:
        if zone.entete is not None:
            corps_top = zone.entete.bottom + 0.5
            corps = [m for m in zone.mots if m.top >= corps_top - 0.5]
            cellules_e = zone.entete.cellules
            frontieres = [min([cellules_e[0].x0, *(m.x0 for m in corps if m.centre_x < cellules_e[0].x1)]) - 1]
            for a, b in zip(cellules_e, cellules_e[1:], strict=False):
                frontieres.append(_gouttiere(corps, a.centre, b.centre))
            frontieres.append(max([cellules_e[-1].x1, *(m.x1 for m in corps if m.centre_x > cellules_e[-1].x0)]) + 1)
            colonnes = colonnes_depuis_entete(zone.entete, frontieres)
        else:
            if not zone.colonnes_heritees:
                return None
            colonnes = [Colonne(c.entete, c.role, c.x0, c.x1) for c in zone.colonnes_heritees]
            corps_top = zone.top
            corps = [m for m in zone.mots if m.top >= corps_top - 0.5]
        if not corps:
            return None
        bottom = max(m.bottom for m in corps) + 0.5
        par_colonne = [grouper(mots_de_colonne(corps, c, corps_top, bottom)) for c in colonnes]
        ecart = _ecart_normal(par_colonne)
        taille = zone.taille
        blocs = [_couper(ls, ecart, taille) for ls in par_colonne]
        # A number starts an action or a measure even when the spacing does not show it.
        for i, col in enumerate(colonnes):
            if col.role in ("action", "mesure"):
                numero = motif(col.role)
                blocs[i] = [p for b in blocs[i] for p in _diviser_si(b, lambda li, n=numero: bool(n.match(li.texte)))]
        # A new action or measure starts a new livrable.
        tops_grossiers = [b[0].top for i, col in enumerate(colonnes)
                          if col.role in ("action", "mesure") for b in blocs[i]]
        i_liv = next((i for i, c in enumerate(colonnes) if c.role == "livrable"), None)
        if i_liv is not None:
            blocs[i_liv] = [p for b in blocs[i_liv] for p in _diviser(b, tops_grossiers)]
            tops_liv = [b[0].top for b in blocs[i_liv]]
            # Cells are top-aligned: an échéancier paragraph that starts level with no
            # livrable is the next paragraph of the échéancier above it.
            for i, col in enumerate(colonnes):
                if col.role in ("echeancier", "autre"):
                    fusion: list[list[Ligne]] = []
                    for b in blocs[i]:
                        if fusion and not any(abs(b[0].top - t) <= 2.0 for t in tops_liv):
                            fusion[-1].extend(b)
                        else:
                            fusion.append(list(b))
                    blocs[i] = fusion
        grille = Grille(page=zone.page.numero, colonnes=colonnes, cellules=[], top=corps_top, bottom=bottom,
                        strategie=self.nom, avec_entete=zone.entete is not None)
        for i, bs in enumerate(blocs):
            for b in bs:
                grille.cellules.append(Cellule(i, b[0].top, b[-1].bottom, b))
        grille.largeurs = largeurs_utiles(grille)
        return grille
