"""Stage 2 — table grids: each page's tables and the text around them.

A page may hold several table fragments (one per header row, or a header-less
continuation of the previous page's table); a section heading printed inside the table's
flow ends the fragment above it. Every strategy in ``STRATEGIES`` reads each fragment,
and the reading with the best ``evaluer`` score wins — so ruled, rectangle-drawn and
borderless tables go through the same door, whatever produced the PDF.
"""

from __future__ import annotations

from extraction.grille.alignement import AnalyseurAlignement
from extraction.grille.base import AnalyseurGrille, Zone, est_pied_de_page, evaluer, grouper
from extraction.grille.entete import Entete, trouver_entetes
from extraction.grille.reglee import AnalyseurRegle
from extraction.modele import BlocHorsTableau, Colonne, Grille, Ligne, PageAnalysee, PageMiseEnPage
from extraction.vocabulaire import motif

STRATEGIES: list[AnalyseurGrille] = [AnalyseurRegle(), AnalyseurAlignement()]


def est_titre_section(ligne: Ligne, taille_courante: float) -> bool:
    """A section heading: "B. TITLE IN CAPITALS", set bold or larger than the body."""
    if not motif("section").match(ligne.texte.strip()):
        return False
    return all(m.gras for m in ligne.mots) or ligne.taille > taille_courante + 0.5


def _pleine_largeur(ligne: Ligne, colonnes: list[Colonne]) -> bool:
    """True when a line runs across a column boundary (prose outside the grid)."""
    bornes = [c.x0 for c in colonnes[1:]]
    if any(m.x0 < b - 1 and m.x1 > b + 1 for m in ligne.mots for b in bornes):
        return True
    # Two words set a plain space apart but in different columns: one sentence.
    for a, b in zip(ligne.mots, ligne.mots[1:], strict=False):
        if b.x0 - a.x1 < 0.6 * a.taille and _colonne_de(a.centre_x, colonnes) != _colonne_de(b.centre_x, colonnes):
            return True
    return False


def _meme_style(precedente: Ligne, ligne: Ligne) -> bool:
    """A wrapped line of a heading's objective: same font, set right below."""
    return (ligne.mots[0].police == precedente.mots[-1].police
            and ligne.top - precedente.bottom < 0.8 * precedente.taille
            and not motif("action").match(ligne.texte) and not motif("mesure").match(ligne.texte))


def _colonne_de(x: float, colonnes: list[Colonne]) -> int | None:
    for i, c in enumerate(colonnes):
        if c.x0 <= x < c.x1:
            return i
    return None


def _meilleure(zone: Zone) -> tuple[Grille | None, float]:
    meilleure, score = None, -1.0
    for strategie in STRATEGIES:
        grille = strategie.analyser(zone)
        if grille is None:
            continue
        s = evaluer(grille, zone.mots)
        if s > score + 1e-6:
            meilleure, score = grille, s
    return meilleure, score


def analyser_page(page: PageMiseEnPage, colonnes_precedentes: list[Colonne] | None) -> PageAnalysee:
    """Find the table fragments of a page and the text outside them."""
    lignes = [li for li in grouper(page.mots) if not est_pied_de_page(li, page.hauteur)]
    tailles = sorted(m.taille for li in lignes for m in li.mots) or [9.0]
    taille = tailles[len(tailles) // 2]
    entetes = trouver_entetes(lignes, page.segments)
    # Zones: (header or None, top, limit), top to bottom.
    a_lire: list[tuple[Entete | None, float, float]] = []
    for k, e in enumerate(entetes):
        a_lire.append((e, e.top, entetes[k + 1].top if k + 1 < len(entetes) else page.hauteur + 1))
    if colonnes_precedentes and lignes and (not entetes or entetes[0].top > lignes[0].top + 1):
        fin = entetes[0].top if entetes else page.hauteur + 1
        a_lire.insert(0, (None, 0.0, fin))
    grilles: list[Grille] = []
    scores: list[float] = []
    colonnes = colonnes_precedentes
    while a_lire:
        entete, top, limite = a_lire.pop(0)
        corps = [li for li in lignes if top <= li.top and li.bottom <= limite + 0.5]
        if entete is not None:
            corps = [li for li in corps if li.top > entete.bottom - 0.5]
        # A section heading inside the flow ends this fragment; what follows its
        # heading and objective is read again as a header-less continuation.
        suite: float | None = None
        for idx, li in enumerate(corps):
            if est_titre_section(li, taille):
                if colonnes is not None or entete is not None:
                    cols_ref = colonnes
                    j = idx + 1
                    while j < len(corps) and (cols_ref is None or _pleine_largeur(corps[j], cols_ref)
                                              or est_titre_section(corps[j], taille)
                                              or _meme_style(corps[j - 1], corps[j])):
                        j += 1
                    # What follows is more of the table only if it fills several columns.
                    reste = [m for li in corps[j:] for m in li.mots]
                    if cols_ref is not None and len({_colonne_de(m.centre_x, cols_ref) for m in reste}) >= 2:
                        suite = corps[j].top - 0.5
                limite = li.top - 0.5
                break
        if entete is None and colonnes is None:
            continue
        mots = [m for li in lignes if top <= li.top and li.bottom <= limite + 0.5 for m in li.mots]
        zone = Zone(page, entete, colonnes, top if entete is None else entete.bottom, limite, mots)
        grille, score = _meilleure(zone) if mots else (None, 0.0)
        if grille is not None and any(c.lignes for c in grille.cellules):
            grilles.append(grille)
            scores.append(score)
            if entete is not None:
                grille.top_entete = entete.top
            colonnes = grille.colonnes
        if suite is not None:
            fin_suite = a_lire[0][1] if a_lire else page.hauteur + 1
            a_lire.insert(0, (None, suite, fin_suite))
    # Everything not inside a grid (or its header) is text outside the tables.
    def dans_grille(li: Ligne) -> bool:
        milieu = (li.top + li.bottom) / 2
        for g in grilles:
            haut = g.top if g.top_entete is None else g.top_entete
            if haut - 0.5 <= milieu <= g.bottom + 0.5 and li.x1 > g.colonnes[0].x0 and li.x0 < g.colonnes[-1].x1:
                return True
        return False

    elements: list[Grille | BlocHorsTableau] = []
    dehors = [li for li in lignes if not dans_grille(li)]
    positions: list[tuple[float, Grille | BlocHorsTableau]] = [(g.top, g) for g in grilles]
    bloc: list[Ligne] = []
    for li in dehors:
        # Split outside text where a grid sits between two lines.
        if bloc and any(bloc[-1].top < g.top < li.top for g in grilles):
            positions.append((bloc[0].top, BlocHorsTableau(page.numero, bloc)))
            bloc = []
        bloc.append(li)
    if bloc:
        positions.append((bloc[0].top, BlocHorsTableau(page.numero, bloc)))
    positions.sort(key=lambda p: p[0])
    elements = [e for _, e in positions]
    strategie = "+".join(sorted({g.strategie for g in grilles})) or None
    return PageAnalysee(page.numero, elements, strategie, min(scores) if scores else None)


__all__ = ["STRATEGIES", "analyser_page", "est_titre_section"]
