"""Ruled tables: columns and cells from drawn rulings (lines or rectangle edges).

Cell boundaries are read per column: a horizontal ruling that crosses a column closes a
cell there, so a merged cell (an action over its measures) is simply a tall cell, and
the hierarchy stage gives its value to every livrable row it covers.

Producers draw the same grid in different ways, all read here: stroked lines; filled
rectangles separated by white gutters (each boundary is then two edges a gutter apart, and
a column's edge is broken at every row); action band rows across the table (the column
rulings stop at each band); small filled shapes inside cells (an échéancier in a rounded
"badge"), whose outlines are no row boundaries. Tolerances follow the type size.
"""

from __future__ import annotations

from extraction.grille.base import (
    Zone,
    colonnes_depuis_entete,
    intervalles_bandes,
    largeurs_utiles,
    mots_de_colonne,
    remplir,
)
from extraction.lignes import grouper_en_lignes
from extraction.modele import Colonne, Grille, Ligne, Mot, Segment
from extraction.vocabulaire import motif

RECOUVREMENT_MIN = 0.6  # a ruling closes a cell if it spans this share of the column
GOUTTIERE_MAX = 0.6  # two edges closer than this many type sizes (at least 1.5 pt) are one boundary


def _grappes(valeurs: list[float], tolerance: float) -> list[tuple[float, float]]:
    """Sorted values grouped when each is within ``tolerance`` of the previous: (min, max)."""
    out: list[list[float]] = []
    for v in sorted(valeurs):
        if out and v - out[-1][1] <= tolerance:
            out[-1][1] = v
        else:
            out.append([v, v])
    return [(a, b) for a, b in out]


def _bords_verticaux(verticales: list[Segment], horizontales: list[Segment], ecart: float
                     ) -> list[tuple[float, float]]:
    """Where vertical edges stand, as (min, max) groups: the edges of one ruling drawn twice
    are one group, and so are the two edges of filled cells a gutter apart: the right side
    of the cells on the left (horizontal edges end there) and the left side of those on the
    right (horizontal edges start there). The left side of a small shape inside a cell (a
    badge) is another left side: it stays apart from the column boundary next to it."""
    fines = _grappes([s.x0 for s in verticales], 1.5)

    def cote(a: float, b: float) -> int:
        """+1 where shapes start (their left side), -1 where they end, 0 for a ruling across."""
        debuts = sum(1 for h in horizontales if a - 1.0 <= h.x0 <= b + 1.0)
        fins = sum(1 for h in horizontales if a - 1.0 <= h.x1 <= b + 1.0)
        return (debuts > fins) - (fins > debuts)

    cotes = [cote(a, b) for a, b in fines]
    groupes: list[list[float]] = []
    for k, (a, b) in enumerate(fines):
        if groupes and k and a - groupes[-1][1] <= ecart and cotes[k - 1] < 0 < cotes[k]:
            groupes[-1][1] = b
        else:
            groupes.append([a, b])
    return [(a, b) for a, b in groupes]


def _fusionner(valeurs: list[float], tolerance: float = 1.5) -> list[float]:
    """Sorted values with near-equal ones merged into the first of their group."""
    return [a for a, _ in _grappes(valeurs, tolerance)]


def _verticales_en_x(segments: list[Segment], x: float, top: float, limite: float,
                     grappes: list[tuple[float, float]] | None = None) -> list[Segment]:
    """Vertical rulings at ``x`` (within 1.5 pt, or anywhere in the group of edges a gutter
    apart that ``x`` stands in) reaching into [top, limite]."""
    a = b = x
    for g0, g1 in grappes or ():
        if g0 - 1.5 <= x <= g1 + 1.5:
            a, b = min(a, g0), max(b, g1)
    return [s for s in segments
            if not s.horizontal and a - 1.5 <= s.x0 <= b + 1.5 and s.bottom > top and s.top < limite]


def _bas_continu(verticales: list[Segment], depart: float, ecart: float = 3.0,
                 bandes: list[tuple[float, float]] | None = None) -> float:
    """Bottom of the ruling that runs down from ``depart`` through joined pieces: pieces a
    gutter apart (``ecart``) are one ruling, and so are pieces on either side of a band
    row, which column rulings do not cross."""
    bas = depart
    for s in sorted(verticales, key=lambda s: s.top):
        if s.bottom <= bas:
            continue
        if s.top <= bas + ecart or any(h - ecart <= bas and s.top <= b + ecart for h, b in bandes or ()):
            bas = s.bottom
    return bas


def _bord(x: float, grappes: list[tuple[float, float]]) -> tuple[float, float]:
    """The extent of the boundary drawn at ``x``: the group of edges a gutter apart it
    stands in, or ``x`` itself."""
    for a, b in grappes:
        if a - 1.5 <= x <= b + 1.5:
            return min(a, x), max(b, x)
    return x, x


def _coupes(horizontales: list[Segment], colonnes: list[Colonne], lignes: list[list[Ligne]], haut: float,
            bas: float, ecart: float, grappes: list[tuple[float, float]]) -> list[list[float]]:
    """Heights where each column's cells end.

    A horizontal edge across most of a column is a candidate; edges a gutter apart with no
    text between are one boundary (filled cells with white gutters). A boundary is kept if
    its ruling goes on into the next column, if it reaches both sides of its column (up to
    the gutters), or if it has text on both sides in its column. The outline of a small
    filled shape inside a cell, around text (an échéancier in a badge), stands clear of the
    column's sides and has no text between it and the cell's own boundary: it is none.
    """
    coupes: list[list[float]] = []
    for i, col in enumerate(colonnes):
        largeur = col.x1 - col.x0
        gauche, droite = _bord(col.x0, grappes)[1] + 1.5, _bord(col.x1, grappes)[0] - 1.5
        candidats = sorted((s for s in horizontales
                            if haut - 1 <= s.top <= bas + 1
                            and min(s.x1, col.x1) - max(s.x0, col.x0) >= RECOUVREMENT_MIN * largeur),
                           key=lambda s: s.top)
        milieux = [(li.top + li.bottom) / 2 for li in lignes[i]]
        groupes: list[list[Segment]] = []
        for s in candidats:
            if groupes:
                membres = groupes[-1]
                if s.top - membres[-1].top <= ecart and not any(membres[-1].top < m < s.top for m in milieux):
                    membres.append(s)
                    continue
            groupes.append([s])
        ys = [haut] + [ms[0].top for ms in groupes] + [bas]
        gardees = []
        for k, membres in enumerate(groupes):
            y = membres[0].top
            if (any(s.x0 < col.x0 - ecart or s.x1 > col.x1 + ecart or (s.x0 <= gauche and s.x1 >= droite)
                    for s in membres)
                    or (any(ys[k] < m < y for m in milieux) and any(y < m < ys[k + 2] for m in milieux))):
                gardees.append(y)
        coupes.append(gardees)
    return coupes


def _plusieurs_rangees(lignes: list[list[Ligne]], colonnes: list[Colonne]) -> bool:
    """More than one row's worth of text in a column that holds one value a row (the
    livrable or échéancier column): several separated blocks of lines."""
    for i, col in enumerate(colonnes):
        if col.role not in ("livrable", "echeancier"):
            continue
        blocs = 0
        fin = None
        for li in lignes[i]:
            if fin is None or li.top - fin > 0.8 * li.taille:
                blocs += 1
            fin = li.bottom
        if blocs > 1:
            return True
    return False


def _avec_debords(colonnes: list[Colonne], mots: list[Mot]) -> list[Colonne]:
    """The columns as words are gathered into them: a word set past the table's outer rule
    (overset text, a closing quote pushed out by justification) belongs to the outer column
    it starts (or ends) in, rather than to no column at all — lost without a word."""
    premiere, derniere = colonnes[0], colonnes[-1]
    x0 = min([premiere.x0] + [m.x0 for m in mots if m.x0 < premiere.x0 < m.x1])
    x1 = max([derniere.x1] + [m.x1 for m in mots if m.x0 < derniere.x1 < m.x1])
    if x0 == premiere.x0 and x1 == derniere.x1:
        return colonnes
    larges = list(colonnes)
    larges[0] = Colonne(premiere.entete, premiere.role, x0 - 0.01, larges[0].x1)
    larges[-1] = Colonne(derniere.entete, derniere.role, larges[-1].x0, x1 + 0.01)
    return larges


def _rangees_dessous(zone: Zone, colonnes: list[Colonne], bottom: float) -> bool:
    """A row opening ("2.1 Titre" in the action or measure column) in the zone below the
    table's ruled bottom (the zone already stops at the next heading, note or header)."""
    titres = [c for c in colonnes if c.role in ("action", "mesure")]
    dessous = [m for m in zone.mots if m.top > bottom + 1 and any(c.x0 <= m.x0 < c.x1 for c in titres)]
    if not dessous:
        return False
    action, mesure = motif("action"), motif("mesure")
    for li in grouper_en_lignes(dessous):
        for c in titres:
            texte = " ".join(m.texte for m in li.mots if c.x0 <= m.x0 < c.x1)
            if action.match(texte) or mesure.match(texte):
                return True
    return False


class AnalyseurRegle:
    """Strategy for tables whose cells are drawn."""

    nom = "reglee"

    def analyser(self, zone: Zone) -> Grille | None:
        verticales = [s for s in zone.page.segments if not s.horizontal and s.bottom - s.top > 5]
        horizontales = [s for s in zone.page.segments if s.horizontal and zone.top - 20 < s.top < zone.limite]
        if not verticales or not horizontales:
            return None
        ecart = max(1.5, GOUTTIERE_MAX * zone.taille)
        bandes = intervalles_bandes(zone)
        if zone.entete is not None and zone.top > zone.entete.bottom + 1:
            # A section heading row right under the header (set aside by the grid stage), which
            # spans the table: the column rulings stop at it and go on below, as at a band.
            bandes = [(zone.entete.bottom, zone.top), *bandes]
        # A column boundary drawn as two edges a gutter apart is one boundary, in their middle.
        grappes = _bords_verticaux([s for s in verticales if s.bottom > zone.top and s.top < zone.limite],
                                   horizontales, ecart)
        # (One ruling drawn twice stays where it was first drawn.)
        xs = [a if b - a <= 1.5 else (a + b) / 2 for a, b in grappes]
        if zone.entete is not None:
            cellules = zone.entete.cellules
            milieu = (zone.entete.top + zone.entete.bottom) / 2
            # Column rulings cross the header row, or (a header on one shaded band) start
            # right under it.
            sous_entete = zone.entete.bottom + 3 * zone.taille
            def couvre(x: float) -> bool:
                vs = _verticales_en_x(verticales, x, zone.top - 30, zone.limite, grappes)
                if any(s.top - 2 <= milieu <= s.bottom + 2 for s in vs):
                    return True
                # (pieces joined across gutters and band rows: a band right under the
                # header breaks the column rulings it does not cross)
                debuts = [s.top for s in vs if zone.entete.top <= s.top <= sous_entete]
                return bool(debuts) and _bas_continu(vs, min(debuts), ecart, bandes) > sous_entete

            couvrant = [x for x in xs if couvre(x)]
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
            if not all(_verticales_en_x(verticales, c.x0, zone.top, zone.limite, grappes) for c in colonnes[1:]):
                return None
            larges = [s for s in horizontales if s.top >= zone.top - 1
                      and s.x1 - s.x0 >= 0.5 * (colonnes[-1].x1 - colonnes[0].x0)]
            corps_top = min((s.top for s in larges), default=zone.top)
            depart = corps_top
        # The table ends where its column rulings end.
        bas = []
        for c in colonnes[1:]:
            vs = _verticales_en_x(verticales, c.x0, depart - 5, zone.limite, grappes)
            if vs:
                bas.append(_bas_continu(vs, min(s.top for s in vs), ecart, bandes))
        if not bas:
            return None
        bottom = min(sorted(bas)[len(bas) // 2], zone.limite)
        if bottom - corps_top < 5:
            return None
        if _rangees_dessous(zone, colonnes, bottom):
            # Rows go on below where the rulings end: the cells are tints on every other
            # row (white rows have no edges), not a grid of their own; read by alignment.
            return None
        grille = Grille(page=zone.page.numero, colonnes=colonnes, cellules=[], top=corps_top, bottom=bottom,
                        strategie=self.nom, avec_entete=zone.entete is not None)
        lignes = [grouper_en_lignes(mots_de_colonne(zone.mots, col, corps_top, bottom))
                  for col in _avec_debords(colonnes, zone.mots)]
        coupes = _coupes(horizontales, colonnes, lignes, corps_top, bottom, ecart, grappes)
        interieures = [y for ys in coupes for y in ys if corps_top + ecart < y < bottom - ecart]
        if not interieures and _plusieurs_rangees(lignes, colonnes):
            # Column rules only (DTP "vertical rules" tables): the rulings give the columns
            # but close no cell, and the body would be one cell per column; the alignment
            # strategy reads such rows from where text starts.
            return None
        for i in range(len(colonnes)):
            frontieres = _fusionner([corps_top, *coupes[i], bottom], ecart)
            grille.cellules.extend(remplir(i, lignes[i], frontieres, garder_vides=True))
        grille.largeurs = largeurs_utiles(grille)
        return grille
