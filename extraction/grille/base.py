"""What every grid strategy shares: the zone it reads, its interface, and the quality
score that picks a strategy per page.

A strategy turns one zone of a page (below a header row, or a header-less continuation
of the previous page's table) into a ``Grille``. Several strategies may read the same
zone; ``evaluer`` scores their results on properties any correct reading of a synoptic
table has, so the choice never depends on who produced the PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from extraction.grille.entete import Entete
from extraction.modele import Cellule, Colonne, Grille, Ligne, Mot, PageMiseEnPage
from extraction.vocabulaire import motif


@dataclass(slots=True)
class Zone:
    """The part of a page where one table fragment may lie."""

    page: PageMiseEnPage
    entete: Entete | None
    colonnes_heritees: list[Colonne] | None
    top: float  # body starts below this
    limite: float  # nothing of this table lies below this
    mots: list[Mot]  # words between top and limite (band rows' words excepted)
    # Action band rows across the table, found before any strategy reads the zone: each a
    # list of lines; strategies keep cells from running across them.
    bandes: list[list[Ligne]] = field(default_factory=list)
    _taille: float | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def taille(self) -> float:
        """Median word size of the zone (computed once: strategies ask for it in loops)."""
        if self._taille is None:
            tailles = sorted(m.taille for m in self.mots) or [9.0]
            self._taille = tailles[len(tailles) // 2]
        return self._taille


class AnalyseurGrille(Protocol):
    """A grid strategy: reads a zone, returns a grid or None when it does not apply."""

    nom: str

    def analyser(self, zone: Zone) -> Grille | None: ...


def colonnes_depuis_entete(entete: Entete, frontieres: list[float]) -> list[Colonne]:
    """Columns from header cells and the len(cells)+1 boundaries between them."""
    return [
        Colonne(entete=c.texte, role=c.role, x0=frontieres[i], x1=frontieres[i + 1])
        for i, c in enumerate(entete.cellules)
    ]


def mots_de_colonne(mots: list[Mot], col: Colonne, top: float, bottom: float) -> list[Mot]:
    return [
        m for m in mots
        if col.x0 <= m.centre_x < col.x1 and top <= (m.top + m.bottom) / 2 <= bottom
    ]


def remplir(colonne: int, lignes: list[Ligne], frontieres: list[float], garder_vides: bool) -> list[Cellule]:
    """Cut a column's lines into cells at the given y boundaries (sorted)."""
    cellules = []
    # Each line's middle once, not once per cell (Ligne.top/bottom scan the line's words).
    milieux = [((li.top + li.bottom) / 2, li) for li in lignes]
    for haut, bas in zip(frontieres, frontieres[1:], strict=False):
        if bas - haut < 2.0:
            continue
        contenu = [li for m, li in milieux if haut <= m < bas]
        if contenu or garder_vides:
            cellules.append(Cellule(colonne, haut, bas, contenu))
    return cellules


def intervalles_bandes(zone: Zone) -> list[tuple[float, float]]:
    """(top, bottom) of each band row's text, top to bottom."""
    return [(b[0].top, b[-1].bottom) for b in zone.bandes]


def poser_bandes(grille: Grille, zone: Zone) -> None:
    """Give a grid its band rows: no cell runs across a band (a cell that does, where no
    ruling closed it, is cut there), the padding strips a band leaves in each column are
    no cells, and the grid reaches down to a band printed last on the page."""
    if not zone.bandes:
        return
    intervalles = intervalles_bandes(zone)
    marge = 1.5 * zone.taille  # taller than a band's padding, shorter than a row
    cellules: list[Cellule] = []
    for c in grille.cellules:
        morceaux = [c]
        for haut, bas in intervalles:
            suivants = []
            for m in morceaux:
                if m.bottom <= haut or m.top >= bas:
                    suivants.append(m)
                    continue
                dessus = Cellule(m.colonne, m.top, haut, [li for li in m.lignes if (li.top + li.bottom) / 2 < haut])
                dessous = Cellule(m.colonne, bas, m.bottom, [li for li in m.lignes if (li.top + li.bottom) / 2 > bas])
                suivants += [x for x in (dessus, dessous) if x.lignes or x.bottom - x.top > marge]
            morceaux = suivants
        cellules += [c] if morceaux == [c] else morceaux
    grille.cellules = cellules
    grille.bandes = [Cellule(-1, b[0].top, b[-1].bottom, b) for b in zone.bandes]
    grille.top = min(grille.top, grille.bandes[0].top - 0.5)
    grille.bottom = max(grille.bottom, grille.bandes[-1].bottom + 0.5)
    grille.largeurs[-1] = max(li.largeur for b in zone.bandes for li in b)


def largeurs_utiles(grille: Grille) -> dict[int, float]:
    """Wrap width per column: the widest line printed in it on this page."""
    largeurs: dict[int, float] = {}
    for c in grille.cellules:
        for li in c.lignes:
            largeurs[c.colonne] = max(largeurs.get(c.colonne, 0.0), li.largeur)
    return largeurs


def evaluer(grille: Grille, mots: list[Mot]) -> float:
    """Quality in [0, 1] of a grid reading, from properties of any correct reading:
    no word straddles a column boundary, no cell boundary cuts through a line of text,
    the livrable column has text, and measure/action cells start with their numbers."""
    if not grille.cellules:
        return 0.0
    dedans = [m for m in mots if grille.top <= m.top and m.bottom <= grille.bottom + 1]
    bornes = [c.x0 for c in grille.colonnes[1:]]
    a_cheval = sum(1 for m in dedans if any(m.x0 < b - 1 < b + 1 < m.x1 for b in bornes))
    score = 1.0 - min(1.0, 5 * a_cheval / max(1, len(dedans)))
    # Lines split by a cell boundary show up as cells whose first line starts above them.
    coupees = sum(1 for c in grille.cellules for li in c.lignes[:1] if li.top < c.top - 2)
    score -= min(0.5, coupees / max(1, len(grille.cellules)))
    for role in ("mesure", "action"):
        # Numbers printed in a column of their own: that column's cells hold them.
        i, numero = grille.colonne(f"numero_{role}"), motif("numero_seul")
        if i is None:
            i, numero = grille.colonne(role), motif(role)
        if i is None:
            continue
        # (A cell starting in lower case is the rest of one cut by a page break.)
        textes = [c for c in grille.cellules if c.colonne == i and c.lignes and not c.lignes[0].texte[:1].islower()]
        if textes:
            ok = sum(1 for c in textes if numero.match(c.lignes[0].texte))
            score -= 0.25 * (1 - ok / len(textes))
    i = grille.colonne("livrable")
    # No livrable at all is wrong, unless the fragment only holds the rest of cells cut by
    # a page break (a measure's title that goes on).
    premieres = [c.lignes[0].texte for c in grille.cellules if c.lignes]
    suites = bool(premieres) and all(t[:1].islower() for t in premieres)
    if (i is None or not any(c.colonne == i and c.lignes for c in grille.cellules)) and not suites:
        score -= 0.5
    return max(0.0, score)


# A page number alone on its line, as producers print it: "3", "Page 3", "Page 3 de 12",
# "3 / 12", "3 sur 12", "p. 3", "— 3 —", "- 3 -".
_PIED = re.compile(r"""^(?:
    (?:page|p\.|pp\.|pg\.?|folio)\s*\d{1,3}(?:\s*(?:/|de|sur|of)\s*\d{1,3})?
  | \d{1,3}(?:\s*(?:/|de|sur|of)\s*\d{1,3})?
  | [-‐‑‒–—―]\s*\d{1,3}\s*[-‐‑‒–—―]
)$""", re.IGNORECASE | re.VERBOSE)


def est_pied_de_page(ligne: Ligne, hauteur_page: float, exterieure: bool = False) -> bool:
    """A page number alone on its line, near the bottom or top edge of the page — or
    anywhere outside the page's body (``exterieure``: one of the page's outermost lines set
    apart from the rest, as ``marges.lignes_exterieures`` finds them, and beside no table
    ruling), which is where a producer printing large margins puts it."""
    if not _PIED.match(ligne.texte.strip()):
        return False
    pres_du_bord = ligne.top > 0.9 * hauteur_page or ligne.bottom < 0.06 * hauteur_page
    return pres_du_bord or exterieure
