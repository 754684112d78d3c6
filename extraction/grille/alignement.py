"""Borderless tables: columns from the gutters under the header, cells from spacing.

Without rulings, a column boundary is the widest vertical strip left empty by the body
text between two header cells, and a cell ends where the gap to the next line is clearly
larger than the line spacing. A new row in a coarse column (a new measure) also starts a
row in the finer ones, and a new échéancier starts a new livrable: that is how the rows
are recovered when the spacing alone is ambiguous.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from extraction.grille.base import Zone, colonnes_depuis_entete, intervalles_bandes, largeurs_utiles, mots_de_colonne
from extraction.lignes import LARGEUR_ESPACE, grouper_en_lignes
from extraction.modele import Cellule, Colonne, Grille, Ligne, Mot, Segment
from extraction.vocabulaire import motif, puce_en_tete


def _gouttiere(mots: list[Mot], a: float, b: float, debut_entete: float | None = None) -> float:
    """The gutter between two columns whose header centres are a and b: the widest
    x-interval no word covers among those a word starts right after (cell text is
    left-aligned: the empty strip inside a column, right of its short texts, is not a
    gutter) — first among those ending where the right column's header text starts
    (``debut_entete``: a wide space inside a justified line is no gutter); when every x
    is covered (a line runs across), the least covered point."""
    intervalles = sorted((max(a, m.x0), min(b, m.x1)) for m in mots if m.x1 > a and m.x0 < b)
    vides: list[tuple[float, float]] = []
    curseur = a
    for x0, x1 in intervalles:
        if x0 - curseur > 1.0:
            vides.append((curseur, x0))
        curseur = max(curseur, x1)
    if b - curseur > 1.0:
        vides.append((curseur, b))
    if vides:
        debuts = [m.x0 for m in mots]

        espace = 0.5 * max((m.taille for m in mots), default=9.0)  # wider than a word space

        def rang(v: tuple[float, float]) -> tuple[bool, bool, float]:
            sous_entete = debut_entete is not None and abs(v[1] - debut_entete) <= 1.5
            return v[1] - v[0] > espace and any(abs(x - v[1]) <= 1.5 for x in debuts), sous_entete, v[1] - v[0]

        g0, g1 = max(vides, key=rang)
        return (g0 + g1) / 2
    pas = [a + (b - a) * k / 40 for k in range(1, 40)]
    return min(pas, key=lambda x: sum(1 for m in mots if m.x0 < x < m.x1))


def _ajuster_aux_debuts(mots: list[Mot], frontieres: list[float]) -> list[float]:
    """Move each inner boundary to just before its column's text, when the gutter allows.

    Cell text starts at the left of its column; when a column is empty in this zone (an
    action over rows printed on the previous page) the widest empty strip is far from the
    real boundary, and the next zone reading with these columns would misplace words.
    """
    sorties = list(frontieres)
    for i in range(1, len(frontieres) - 1):
        dans = [m for m in mots if frontieres[i] <= m.centre_x < frontieres[i + 1]]
        avant = [m for m in mots if frontieres[i - 1] <= m.centre_x < frontieres[i]]
        if not dans:
            continue
        debut = min(m.x0 for m in dans)
        fin_avant = max((m.x1 for m in avant), default=frontieres[i - 1])
        if fin_avant < debut - 1:
            sorties[i] = debut - 1
    return sorties


def _couper(lignes: list[Ligne], ecart_normal: float, tailles: float) -> list[list[Ligne]]:
    """Split a column's lines where the vertical gap is clearly more than line spacing,
    except before a list item: a cell never starts with a bullet, its list does."""
    blocs: list[list[Ligne]] = []
    for li in lignes:
        if blocs:
            ecart = li.top - blocs[-1][-1].bottom
            prec = blocs[-1][-1].texte.rstrip()
            forte, faible = puce_en_tete(li.texte)
            puce = forte or (faible and (prec.endswith(":") or puce_en_tete(prec)[1]))
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


def _sans_interligne(lignes: list[Ligne], debuts: list[float], ecart: float, taille: float) -> bool:
    """Are rows set with no more space between them than lines of one paragraph? Seen where
    a new action or measure starts: the livrable line level with it follows the line
    above at the ordinary line spacing."""
    hauts = [li.top for li in lignes]
    limite = ecart + max(1.0, 0.15 * taille)
    for t in debuts:
        k = bisect_left(hauts, t - 2.0)
        if 0 < k < len(hauts) and hauts[k] <= t + 2.0 and hauts[k] - lignes[k - 1].bottom <= limite:
            return True
    return False


def _nouveau_paragraphe(bloc: list[Ligne], ligne: Ligne, largeur: float, tops: list[float]) -> bool:
    """Does ``ligne`` start a paragraph of its own in ``bloc``: the line above stopped short
    of the column's width (its next word would have fitted: the author broke it) or a
    livrable starts level with it (``tops``), the line above does not introduce a list, and
    this line is no list item and starts like a cell (a capital or a figure)?"""
    k = next(k for k, li in enumerate(bloc) if li is ligne)
    precedente = bloc[k - 1]
    texte, avant = ligne.texte.lstrip(), precedente.texte.rstrip()
    if not (texte[:1].isupper() or texte[:1].isdigit()) or avant.endswith(":"):
        return False
    if any(puce_en_tete(texte)):
        return False
    if any(abs(ligne.top - t) <= 2.0 for t in tops):
        return True
    premier = ligne.mots[0].x1 - ligne.mots[0].x0
    return precedente.largeur + LARGEUR_ESPACE * precedente.taille + premier < largeur - 0.5


def _debut_possible(bloc: list[Ligne], ligne: Ligne) -> bool:
    """Inside a livrable read from rows set without spacing, a line that could as well start
    the next livrable: it starts with a capital after a line that does not introduce a list
    nor end on a compound's hyphen (a wrap before a proper noun looks the same)."""
    k = next(k for k, li in enumerate(bloc) if li is ligne)
    texte, avant = ligne.texte.lstrip(), bloc[k - 1].texte.rstrip()
    return (texte[:1].isupper() and not avant.endswith((":", "-")) and not any(puce_en_tete(texte))
            and not puce_en_tete(avant)[0])


def _couper_a(bloc: list[Ligne], y: float) -> list[list[Ligne]]:
    """A block cut in two at height ``y`` if its lines lie on both sides."""
    dessus = [li for li in bloc if li.top < y]
    return [dessus, bloc[len(dessus):]] if 0 < len(dessus) < len(bloc) else [bloc]


FILET_MIN = 0.6  # a horizontal ruling across this share of a column parts its cells


def _couper_aux_filets(blocs: list[list[Ligne]], col: Colonne, horizontales: list[Segment]) -> list[list[Ligne]]:
    """A column's blocks cut at the horizontal rulings drawn across it between two lines:
    tables ruled only horizontally (no column rulings, so not read as ruled) still draw
    each row's boundary, which the spacing alone may not show (word processors set rows
    with no space between them). A ruling must lie in the gap between the two lines, or
    in the top quarter of the next line's box: with no cell spacing the ruling may cross
    the box's top, which holds the font's ascent and no ink (an underline sits low in its
    line's box, never there)."""
    largeur = col.x1 - col.x0
    filets = sorted(h.top for h in horizontales if min(h.x1, col.x1) - max(h.x0, col.x0) >= FILET_MIN * largeur)
    if not filets:
        return blocs
    sorties: list[list[Ligne]] = []
    for b in blocs:
        morceau = [b[0]]
        for avant, li in zip(b, b[1:], strict=False):
            k = bisect_left(filets, avant.bottom - 0.5)  # the first ruling low enough
            if k < len(filets) and filets[k] <= li.top + max(0.5, 0.25 * (li.bottom - li.top)):
                sorties.append(morceau)
                morceau = []
            morceau.append(li)
        sorties.append(morceau)
    return sorties


def _diviser(bloc: list[Ligne], tops: list[float]) -> list[list[Ligne]]:
    """Split a block before any of its lines that starts level with a coarser cell."""
    return _diviser_si(bloc, lambda li: any(abs(li.top - t) <= 2.0 for t in tops))


ROLES_NUMEROS = {"numero_action": "action", "numero_mesure": "mesure"}  # numbering column → what it numbers


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
                frontieres.append(_gouttiere(corps, a.centre, b.centre, b.x0))
            frontieres.append(max([cellules_e[-1].x1, *(m.x1 for m in corps if m.centre_x > cellules_e[-1].x0)]) + 1)
            frontieres = _ajuster_aux_debuts(corps, frontieres)
            colonnes = colonnes_depuis_entete(zone.entete, frontieres)
        else:
            if not zone.colonnes_heritees:
                return None
            colonnes = [Colonne(c.entete, c.role, c.x0, c.x1) for c in zone.colonnes_heritees]
            corps_top = zone.top
            corps = [m for m in zone.mots if m.top >= corps_top - 0.5]
            if corps:
                # The outer edges were read from other rows: let this zone's text widen them.
                colonnes[0].x0 = min(colonnes[0].x0, min(m.x0 for m in corps) - 1)
                colonnes[-1].x1 = max(colonnes[-1].x1, max(m.x1 for m in corps) + 1)
        if not corps:
            return None
        bottom = max(m.bottom for m in corps) + 0.5
        par_colonne = [grouper_en_lignes(mots_de_colonne(corps, c, corps_top, bottom)) for c in colonnes]
        taille = zone.taille
        # Line spacing inside a paragraph is a fraction of the type size; when most cells
        # hold a single line the gaps seen are mostly between rows, so cap the estimate.
        ecart = min(_ecart_normal(par_colonne), 0.5 * taille)
        blocs = [_couper(ls, ecart, taille) for ls in par_colonne]
        horizontales = [h for h in zone.page.segments if h.horizontal and corps_top < h.top < bottom]
        if horizontales:
            blocs = [_couper_aux_filets(bs, col, horizontales) for bs, col in zip(blocs, colonnes, strict=True)]
        # No cell runs across an action band row.
        for h, _ in intervalles_bandes(zone):
            blocs = [[p for b in bs for p in _couper_a(b, h)] for bs in blocs]
        # A number starts an action or a measure even when the spacing does not show it
        # (in its own numbering column, each number starts one).
        for i, col in enumerate(colonnes):
            if col.role in ("action", "mesure") or col.role in ROLES_NUMEROS:
                numero = motif(col.role if col.role in ("action", "mesure") else "numero_seul")
                blocs[i] = [p for b in blocs[i] for p in _diviser_si(b, lambda li, n=numero: bool(n.match(li.texte)))]
        i_liv = next((i for i, c in enumerate(colonnes) if c.role == "livrable"), None)
        if i_liv is not None and blocs[i_liv] and _centre(blocs, colonnes, i_liv):
            return self._grille_centree(zone, colonnes, blocs, i_liv, corps_top, bottom, taille)
        # A number printed in its own column starts its title's cell level with it.
        for i, col in enumerate(colonnes):
            if col.role in ROLES_NUMEROS:
                cible = next((j for j, c in enumerate(colonnes) if c.role == ROLES_NUMEROS[col.role]), None)
                if cible is not None:
                    blocs[cible] = [p for b in blocs[cible] for p in _diviser(b, [n[0].top for n in blocs[i]])]
        # A new action or measure starts a new livrable.
        tops_grossiers = [b[0].top for i, col in enumerate(colonnes)
                          if col.role in ("action", "mesure") or col.role in ROLES_NUMEROS for b in blocs[i]]
        serre = False
        if i_liv is not None and _sans_interligne(par_colonne[i_liv], tops_grossiers, ecart, taille):
            # Rows set with no spacing between them (a borderless word-processor table): a
            # new paragraph, after a line that did not wrap, starts a new livrable or
            # échéancier, and a new échéancier starts a new livrable.
            tops_liv: list[float] = []
            for i in sorted(range(len(colonnes)), key=lambda i: colonnes[i].role != "livrable"):
                if colonnes[i].role in ("livrable", "echeancier"):
                    largeur = max((li.largeur for li in par_colonne[i]), default=0.0)
                    blocs[i] = [p for b in blocs[i] for p in _diviser_si(
                        b, lambda li, b=b, w=largeur, t=tops_liv: _nouveau_paragraphe(b, li, w, t))]
                    if i == i_liv:
                        tops_liv = [b[0].top for b in blocs[i]] + tops_grossiers
            tops_grossiers += [b[0].top for i, col in enumerate(colonnes) if col.role == "echeancier" for b in blocs[i]]
            serre = True
        douteuses: list[Ligne] = []
        if i_liv is not None:
            blocs[i_liv] = [p for b in blocs[i_liv] for p in _diviser(b, tops_grossiers)]
            if serre:
                douteuses = [li for b in blocs[i_liv] for li in b[1:] if _debut_possible(b, li)]
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
        if douteuses:
            lignes = ", ".join(f"« {li.texte[:30]} »" for li in douteuses[:3]) + (" …" if len(douteuses) > 3 else "")
            grille.doutes.append("rangées sans espacement ni filet : un livrable peut s’y confondre avec le suivant "
                                 f"(lignes {lignes})")
        for i, bs in enumerate(blocs):
            for b in bs:
                grille.cellules.append(Cellule(i, b[0].top, b[-1].bottom, b))
        grille.largeurs = largeurs_utiles(grille)
        return grille

    def _grille_centree(self, zone: Zone, colonnes: list[Colonne], blocs: list[list[list[Ligne]]], i_liv: int,
                        corps_top: float, bottom: float, taille: float) -> Grille:
        """Cells set in the middle of their rows (a browser's default for rowspan): each
        livrable is a row; every other column's paragraphs are spread over the rows so
        that each sits in the middle of the rows it covers."""
        livs = blocs[i_liv]
        # A row's own content (its livrable, a one-row measure or échéancier…) is centred
        # on the same line as its livrable; rows meet halfway between their contents.
        centres = [(b[0].top + b[-1].bottom) / 2 for b in livs]
        etendues = [[b[0].top, b[-1].bottom] for b in livs]
        for bs in blocs:
            for b in bs:
                milieu = (b[0].top + b[-1].bottom) / 2
                for r, c in enumerate(centres):
                    if abs(milieu - c) <= 1.5:
                        etendues[r][0] = min(etendues[r][0], b[0].top)
                        etendues[r][1] = max(etendues[r][1], b[-1].bottom)
        hauts = [corps_top] + [(a[1] + b[0]) / 2 for a, b in zip(etendues, etendues[1:], strict=False)]
        bas = hauts[1:] + [bottom]
        # An action band row between two rows ends the one above and starts the one below;
        # no cell reaches across it.
        coupures: set[int] = set()
        for h, b in intervalles_bandes(zone):
            r = next((r for r, e in enumerate(etendues) if e[0] >= b), None)
            if r is not None and r > 0 and etendues[r - 1][1] <= h:
                bas[r - 1], hauts[r] = h, b
                coupures.add(r)
        grille = Grille(page=zone.page.numero, colonnes=colonnes, cellules=[], top=corps_top, bottom=bottom,
                        strategie=f"{self.nom}-centre", avec_entete=zone.entete is not None)
        for r, b in enumerate(livs):
            grille.cellules.append(Cellule(i_liv, hauts[r], bas[r], b))
        # Centring alone cannot tell [2, 5] from [3, 4]; nesting can: measures first, then
        # actions cut only where measures do, and échéanciers never across a measure.
        debuts_mesures: set[int] | None = None
        numeros_mesures: dict[int, str] = {}  # first row of a measure → its number
        rang = {"mesure": 0, "numero_mesure": 1, "action": 2, "numero_action": 3}
        ordre = sorted((i for i in range(len(colonnes)) if i != i_liv and blocs[i]),
                       key=lambda i: rang.get(colonnes[i].role, 4))
        for i in ordre:
            col = colonnes[i]
            numero = (motif(col.role) if col.role in ("action", "mesure")
                      else motif("numero_seul") if col.role in ROLES_NUMEROS else None)
            paragraphes = _regrouper_par_rangee(blocs[i], hauts, bas, numero)
            permis = debuts_mesures if col.role == "action" or col.role in ROLES_NUMEROS else None
            interdits = debuts_mesures if col.role not in ("action", "mesure") else None
            if coupures:
                interdits = (interdits or set()) | coupures
            penalite = None
            if col.role == "action" and numeros_mesures:
                # Measure "2.1" belongs to action "2": numbering settles what centring cannot.
                numeros = [_numero(p, numero) for p in paragraphes]

                def penalite(j: int, debut: int, fin: int, numeros: list[str | None] = numeros,
                             mesures: dict[int, str] = numeros_mesures) -> float:
                    if numeros[j] is None:
                        return 0.0
                    autres = [m for r, m in mesures.items()
                              if debut <= r <= fin and m.split(".")[0] != numeros[j]]
                    return 10.0 * taille * len(autres)

            # A first cell opening with its number starts here; otherwise it may be the end
            # of a cell cut by the page break, centred on rows partly on the previous page.
            nouveau = numero is not None and _numero(paragraphes[0], numero) is not None
            if col.role == "autre":
                # An extra column's empty cells are invisible without rulings: each value
                # belongs to the one row it is centred on, never spread over its neighbours.
                groupes = [(r, r) for r in (_rangee((p[0].top + p[-1].bottom) / 2, hauts, bas) for p in paragraphes)]
            else:
                groupes = _repartir(paragraphes, hauts, bas, taille, permis, interdits, penalite, nouveau)
            if col.role == "mesure":
                debuts_mesures = {d for d, _ in groupes} | {0}
                numeros_mesures = {d: n for (d, _), p in zip(groupes, paragraphes, strict=True)
                                   if (n := _numero(p, numero)) is not None}
            for (debut, fin), b in zip(groupes, paragraphes, strict=True):
                grille.cellules.append(Cellule(i, hauts[debut], bas[fin], b))
        grille.largeurs = largeurs_utiles(grille)
        return grille


POIDS_BORD = 1.0  # weight of centring for a page's first and last cell of a column


def _centre(blocs: list[list[list[Ligne]]], colonnes: list[Colonne], i_liv: int) -> bool:
    """Are cells set in the middle of their rows rather than at the top? Only cells whose
    height differs from the livrables beside them tell: a top-aligned one starts level
    with its first livrable, a centred one has its middle level with theirs."""
    livs = [(b[0].top, b[-1].bottom) for b in blocs[i_liv]]
    haut = centre = 0
    for i, c in enumerate(colonnes):
        if i == i_liv or c.role == "autre":
            continue
        for b in blocs[i]:
            t, f = b[0].top, b[-1].bottom
            voisins = [(lt, lb) for lt, lb in livs if lb > t - 1 and lt < f + 1]
            if not voisins:
                # Between two livrables and level with neither: only centring puts it there.
                centre += any(lb <= t for _, lb in livs) and any(lt >= f for lt, _ in livs)
                continue
            if len(voisins) == 1 and abs((f - t) - (voisins[0][1] - voisins[0][0])) <= 2:
                continue  # same height as its livrable: both readings agree
            en_haut = any(abs(t - lt) <= 2 for lt, _ in livs)
            # Centred: the middle of some run of consecutive livrables around it.
            milieu = (t + f) / 2
            au_milieu = any(abs(milieu - (livs[a][0] + livs[z][1]) / 2) <= 3
                            for a in range(len(livs)) if livs[a][0] <= t + 1
                            for z in range(a, len(livs)) if livs[z][1] >= f - 1)
            if en_haut != au_milieu:  # a block that fits both readings tells nothing
                haut += en_haut
                centre += au_milieu
    return centre > haut


def _rangee(y: float, hauts: list[float], bas: list[float]) -> int:
    for r, (h, b) in enumerate(zip(hauts, bas, strict=True)):
        if h <= y < b:
            return r
    return 0 if y < hauts[0] else len(hauts) - 1


def _regrouper_par_rangee(blocs: list[list[Ligne]], hauts: list[float], bas: list[float],
                          numero: re.Pattern[str] | None) -> list[list[Ligne]]:
    """Paragraphs of one cell: consecutive blocks centred in the same row are one cell
    (unless the second opens with an action or measure number)."""
    out: list[list[Ligne]] = []
    for b in blocs:
        milieu = (b[0].top + b[-1].bottom) / 2
        if out:
            prec = (out[-1][0].top + out[-1][-1].bottom) / 2
            meme = _rangee(prec, hauts, bas) == _rangee(milieu, hauts, bas)
            if meme and not (numero is not None and numero.match(b[0].texte)):
                out[-1].extend(b)
                continue
        out.append(list(b))
    return out


def _numero(paragraphe: list[Ligne], numero: re.Pattern[str] | None) -> str | None:
    m = numero.match(paragraphe[0].texte) if numero is not None else None
    return re.sub(r"\s+", "", m.group("numero")) if m else None


def _repartir(paragraphes: list[list[Ligne]], hauts: list[float], bas: list[float], taille: float,
              permis: set[int] | None = None, interdits: set[int] | None = None,
              penalite: Callable[[int, int, int], float] | None = None,
              premier_entier: bool = False) -> list[tuple[int, int]]:
    """Rows [first, last] covered by each cell, in order, so that each cell is centred on
    its rows: a small dynamic programme over the ways to cut the rows into consecutive
    groups (rows above the first cell may belong to a cell of the previous page)."""
    n, k = len(hauts), len(paragraphes)
    if k > n:  # more cells than rows: keep each where it stands
        return [(_rangee(p[0].top, hauts, bas), _rangee(p[-1].bottom - 0.1, hauts, bas)) for p in paragraphes]
    milieux = [(p[0].top + p[-1].bottom) / 2 for p in paragraphes]
    saut = 1.0 * taille  # cost of a leading row left to the previous page's cell
    poids = [1.0] * k
    poids[-1] = POIDS_BORD
    if not premier_entier:
        poids[0] = POIDS_BORD
    inf = float("inf")
    # cout[j][e]: best cost with cells 0..j placed and cell j ending at row e
    cout = [[inf] * n for _ in range(k)]
    choix = [[0] * n for _ in range(k)]
    for j in range(k):
        for e in range(j, n - (k - 1 - j)):
            meilleur, debut_choisi = inf, 0
            for debut in range(j if j else 0, e + 1):
                avant = debut * saut if j == 0 else (cout[j - 1][debut - 1] if debut >= 1 else inf)
                if avant == inf:
                    continue
                if permis is not None and (debut not in permis or (e + 1 < n and e + 1 not in permis)):
                    continue  # a coarser cell starts and ends where finer ones do
                if interdits is not None and any(debut < b <= e for b in interdits):
                    continue  # a shared cell stays inside its measure
                centre = (hauts[debut] + bas[e]) / 2
                # The first and last cells of a page may be the ends of cells cut by a
                # page break, centred on rows partly on another page: only containment
                # is asked of them.
                c = avant + abs(milieux[j] - centre) * poids[j]
                p = paragraphes[j]
                if p[0].top < hauts[debut] - 2 or p[-1].bottom > bas[e] + 2:
                    c += 10 * taille  # a cell's text lies inside its rows
                if penalite is not None:
                    c += penalite(j, debut, e)
                if c < meilleur:
                    meilleur, debut_choisi = c, debut
            cout[j][e], choix[j][e] = meilleur, debut_choisi
    if cout[k - 1][n - 1] == inf:  # the constraints cannot be met: keep each cell where it stands
        return [(_rangee(p[0].top, hauts, bas), _rangee(p[-1].bottom - 0.1, hauts, bas)) for p in paragraphes]
    # The last cell runs to the last row.
    groupes: list[tuple[int, int]] = []
    e = n - 1
    for j in range(k - 1, -1, -1):
        debut = choix[j][e]
        groupes.append((debut, e))
        e = debut - 1
    return groupes[::-1]
