"""Stage 3 — table grids: each page's tables and the text around them.

A page may hold several table fragments (one per header row, or a header-less
continuation of the previous page's table); a section heading printed inside the table's
flow ends the fragment above it. Every strategy in ``STRATEGIES`` reads each fragment,
and the reading with the best ``evaluer`` score wins — so ruled, rectangle-drawn and
borderless tables go through the same door, whatever produced the PDF.
"""

from __future__ import annotations

import re

from extraction.grille.alignement import AnalyseurAlignement
from extraction.grille.base import AnalyseurGrille, Zone, est_pied_de_page, evaluer, poser_bandes
from extraction.grille.entete import Entete, numeros_sans_etiquette, trouver_entetes
from extraction.grille.reglee import AnalyseurRegle
from extraction.lignes import grouper_en_lignes
from extraction.marges import dans_un_tableau, lignes_exterieures
from extraction.modele import BlocHorsTableau, Colonne, Grille, Ligne, Mot, PageAnalysee, PageMiseEnPage, Segment
from extraction.vocabulaire import est_etiquette_objectif, majuscules_sans_accents, motif, motif_note, mots_entete

STRATEGIES: list[AnalyseurGrille] = [AnalyseurRegle(), AnalyseurAlignement()]
SEUIL_DOUTE = 0.5  # below this quality score (``evaluer``), the page is said to be doubtful


def _lire_titre(texte: str) -> tuple[str, str, bool, bool] | None:
    """(code, title, continued, free case) of a heading's text, or None."""
    texte = texte.strip()
    suite = motif("suite").search(texte)
    if suite:
        texte = texte[:suite.start()]
    texte = texte.strip()
    m = motif("section").match(texte)
    libre = m is None
    if m is None:
        m = motif("section_libre").match(texte)
        if m is None:
            return None
    return m.group("code"), m.group("titre").strip(), suite is not None, libre


def lire_titre_section(texte: str) -> tuple[str, str, bool] | None:
    """(code, title, continued) of a section heading's text, or None: "B. TITLE IN
    CAPITALS", "Axe 2 – Titre", "Orientation B : Titre", possibly marked as repeated on a
    continuation page ("A. TITRE (suite)"); also "B. Un titre" (which ``est_titre_section``
    only takes from a line set as a heading)."""
    lu = _lire_titre(texte)
    return None if lu is None else lu[:3]


ECART_SOMMAIRE = 2.0  # type sizes between a heading's text and a page number set apart: a contents entry


def entree_de_sommaire(ligne: Ligne) -> bool:
    """A table of contents' entry ("A. TITRE ........ 3", or the page number far to the right
    after a drawn leader): it names a heading, it is not one."""
    texte = ligne.texte.rstrip()
    if not motif("sommaire").search(texte):
        return False
    if re.search(r"(?:\.{3,}|…{2,})\s*\d{1,3}$", texte):
        return True
    mots = ligne.mots
    return len(mots) >= 2 and mots[-1].x0 - mots[-2].x1 > ECART_SOMMAIRE * ligne.taille


def est_titre_section(ligne: Ligne, taille_courante: float) -> bool:
    """A section heading: "B. TITLE IN CAPITALS" (or its "(suite)" on a continuation
    page), "Axe 2 – Titre"…, set bold or larger than the body; "B. Un titre" in lower case
    only set both bold and larger (a word processor's heading style). A table of contents'
    entry is none."""
    lu = _lire_titre(ligne.texte)
    if lu is None or entree_de_sommaire(ligne):
        return False
    gras, grand = all(m.gras for m in ligne.mots), ligne.taille > taille_courante + 0.5
    return (gras and grand) if lu[3] else (gras or grand)


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


NOTE_MAX = 0.9  # a line set smaller than this share of the body text is a note, not a cell


def est_note(ligne: Ligne, taille: float, colonnes: list[Colonne] | None) -> bool:
    """A note or a legend line outside the table: it opens with a note call ("* ", "¹",
    "Source :"), is a legend's title ("Acronymes"), or is set clearly smaller than the
    body — and starts at the table's left, in its first column, where no cell text opens
    with such marks. (Sizes read by OCR are too rough to tell a note by: not used then.)"""
    if colonnes is not None and _colonne_de(ligne.x0 + 0.5, colonnes) not in (0, None):
        return False
    texte = ligne.texte.strip()
    if motif_note("appel").match(texte) or motif_note("legende").match(texte):
        return True
    if _ouvre_une_rangee(ligne) or re.fullmatch(r"[\d.\s]+", texte):
        return False  # a number of its own (a N° column), however small its type
    return all(m.police for m in ligne.mots) and ligne.taille < NOTE_MAX * taille


def est_bout_d_entete(ligne: Ligne) -> bool:
    """A line made only of header words ("MISE EN ŒUVRE" set over two columns of a
    two-level header): part of a header row, never a row or prose."""
    connus = mots_entete()
    return all(majuscules_sans_accents(m.texte).strip(".:") in connus for m in ligne.mots)


def _suite_au_dessus(lignes: list[Ligne], fin: float, colonnes: list[Colonne], verticales: list[Segment],
                     taille: float) -> bool:
    """Above a page's first header row, does the previous page's table go on? Only if what
    is there, besides section headings with their objectives ("A. TITRE (suite)" included),
    looks like rows: set between the table's rulings, or filling several of its columns —
    a running head, a note or prose there is text outside the tables."""
    haut = [li for li in lignes if li.bottom <= fin + 0.5]
    dessus: list[Ligne] = []
    k = 0
    while k < len(haut):
        if est_titre_section(haut[k], taille):
            k += _fin_du_titre(haut[k:], colonnes, taille)
            continue
        li = haut[k]
        if not (_pleine_largeur(li, colonnes) or est_note(li, taille, colonnes) or est_bout_d_entete(li)):
            dessus.append(li)
        k += 1
    if not dessus:
        return False
    if verticales and all(dans_un_tableau(li, verticales) for li in dessus):
        return True
    return len({_colonne_de(m.centre_x, colonnes) for li in dessus for m in li.mots} - {None}) >= 2


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


def _colonnes_provisoires(entete: Entete) -> list[Colonne]:
    """Rough columns from the header cells alone, to tell prose from rows before any
    strategy has read the grid."""
    cellules = entete.cellules
    bornes = [cellules[0].x0 - 1e4] + [c.x0 - 1 for c in cellules[1:]] + [cellules[-1].x1 + 1e4]
    return [Colonne(c.texte, c.role, bornes[i], bornes[i + 1]) for i, c in enumerate(cellules)]


def _fin_du_titre(corps: list[Ligne], colonnes: list[Colonne], taille: float) -> int:
    """Index of the first line after a heading and its objective."""
    j = 1
    while j < len(corps) and not _ouvre_une_rangee(corps[j]) and (
            _pleine_largeur(corps[j], colonnes) or est_titre_section(corps[j], taille)
            or _meme_style(corps[j - 1], corps[j]) or est_etiquette_objectif(corps[j].texte)):
        j += 1
    return j


def _ouvre_une_rangee(ligne: Ligne) -> bool:
    """A line opening with an action or measure number starts the table's rows, however
    tight the gutters make it look like one sentence."""
    return bool(motif("action").match(ligne.texte) or motif("mesure").match(ligne.texte))


A_CHEVAL_MAX = 0.03  # share of a table's words lying across a column boundary beyond which it is unsure


def doutes_grille(grille: Grille, mots: list[Mot]) -> list[str]:
    """Why a table fragment may be misread, whatever strategy read it: words lying across
    a column boundary (the columns were not found where the text is). (A fragment with no
    livrable is no sign: the end of a measure's title cut by the page break is one.)"""
    doutes = []
    dedans = [m for m in mots if grille.top <= m.top and m.bottom <= grille.bottom + 1]
    bornes = [c.x0 for c in grille.colonnes[1:]]
    a_cheval = sum(1 for m in dedans if any(m.x0 < b - 1 and m.x1 > b + 1 for b in bornes))
    if a_cheval >= 3 and a_cheval > A_CHEVAL_MAX * len(dedans):
        doutes.append(f"{a_cheval} mots à cheval sur deux colonnes")
    return doutes


LIGNES_BANDE_MAX = 3  # a band's title wraps on at most this many lines


def _traverse(ligne: Ligne, colonnes: list[Colonne]) -> bool:
    """Does a line run across a column boundary (a word over it, or words in two columns)?"""
    bornes = [c.x0 for c in colonnes[1:]]
    if any(m.x0 < b - 1 and m.x1 > b + 1 for m in ligne.mots for b in bornes):
        return True
    return len({_colonne_de(m.centre_x, colonnes) for m in ligne.mots}) > 1


def _ouvre_une_bande(ligne: Ligne, colonnes: list[Colonne]) -> bool:
    """An action printed as a band row: "1. Titre", not a measure number, from the table's
    first column (across the others, or alone in the row when the title is short)."""
    texte = ligne.texte
    if not motif("action").match(texte) or motif("mesure").match(texte):
        return False
    return ligne.x0 < colonnes[0].x1 or _traverse(ligne, colonnes)


def _trait_entre(segments: list[Segment], haut: float, bas: float, x0: float, x1: float) -> bool:
    """A horizontal ruling across most of [x0, x1] between two heights (a row boundary)."""
    return any(s.horizontal and haut - 0.5 <= s.top <= bas + 0.5 and min(s.x1, x1) - max(s.x0, x0) > 0.5 * (x1 - x0)
               for s in segments)


def trouver_bandes(corps: list[Ligne], colonnes: list[Colonne], segments: list[Segment]) -> list[list[Ligne]]:
    """Actions printed as band rows across the table, in a table with no action column:
    the line that opens each (the action pattern) and the lines its title wraps onto
    (set right below, no ruling between, no measure number)."""
    roles = {c.role for c in colonnes}
    if roles & {"action", "numero_action"} or not roles & {"mesure", "numero_mesure"}:
        return []
    bandes: list[list[Ligne]] = []
    k = 0
    while k < len(corps):
        ligne = corps[k]
        k += 1
        if not _ouvre_une_bande(ligne, colonnes):
            continue
        bande = [ligne]
        while k < len(corps) and len(bande) < LIGNES_BANDE_MAX:
            suivante, derniere = corps[k], bande[-1]
            if (suivante.top - derniere.bottom > 0.5 * derniere.taille or _ouvre_une_rangee(suivante)
                    or suivante.x0 < ligne.x0 - 2
                    or not (_traverse(suivante, colonnes) or abs(suivante.x0 - ligne.x0) <= 2)
                    or _trait_entre(segments, derniere.bottom, suivante.top, colonnes[0].x0, colonnes[-1].x1)):
                break
            bande.append(suivante)
            k += 1
        bandes.append(bande)
    return bandes


def _meilleure(zone: Zone) -> tuple[Grille | None, float]:
    meilleure, score = None, -1.0
    for strategie in STRATEGIES:
        grille = strategie.analyser(zone)
        if grille is None:
            continue
        poser_bandes(grille, zone)
        s = evaluer(grille, zone.mots)
        if s > score + 1e-6:
            meilleure, score = grille, s
    return meilleure, score


def analyser_page(page: PageMiseEnPage, colonnes_precedentes: list[Colonne] | None) -> PageAnalysee:
    """Find the table fragments of a page and the text outside them."""
    toutes = grouper_en_lignes(page.mots)
    verticales = [s for s in page.segments if not s.horizontal and s.bottom - s.top > 5]
    exterieures = {id(li) for li in lignes_exterieures(toutes, page.hauteur) if not dans_un_tableau(li, verticales)}
    lignes = [li for li in toutes if not est_pied_de_page(li, page.hauteur, id(li) in exterieures)]
    tailles = sorted(m.taille for li in lignes for m in li.mots) or [9.0]
    taille = tailles[len(tailles) // 2]
    entetes = trouver_entetes(lignes, page.segments)
    for k, e in enumerate(entetes):
        fin = entetes[k + 1].top if k + 1 < len(entetes) else page.hauteur + 1
        numeros_sans_etiquette(e, [li for li in lignes if e.bottom < li.top and li.bottom <= fin], colonnes_precedentes)
    # Zones: (header or None, top, limit), top to bottom.
    a_lire: list[tuple[Entete | None, float, float]] = []
    for k, e in enumerate(entetes):
        a_lire.append((e, e.top, entetes[k + 1].top if k + 1 < len(entetes) else page.hauteur + 1))
    if colonnes_precedentes and lignes and (not entetes or entetes[0].top > lignes[0].top + 1):
        fin = entetes[0].top if entetes else page.hauteur + 1
        # Above a header row, the previous table goes on only if rows fill several of its
        # columns; a running head or a note there is text outside the tables.
        if not entetes or _suite_au_dessus(lignes, fin, colonnes_precedentes, verticales, taille):
            a_lire.insert(0, (None, 0.0, fin))
    grilles: list[Grille] = []
    scores: list[float] = []
    doutes = list(page.doutes)
    preambules: list[tuple[Grille | None, list[Ligne]]] = []
    colonnes = colonnes_precedentes
    while a_lire:
        entete, top, limite = a_lire.pop(0)
        corps = [li for li in lignes if top <= li.top and li.bottom <= limite + 0.5]
        if entete is not None:
            corps = [li for li in corps if li.top > entete.bottom - 0.5]
        reperes = colonnes or (_colonnes_provisoires(entete) if entete is not None else None)
        if entete is None and reperes:
            # Prose across the columns above a header-less continuation (a running
            # head, a note) is not part of the table.
            while corps and not est_titre_section(corps[0], taille):
                if est_note(corps[0], taille, reperes):
                    # A note or a legend: the table ended on the previous page, and what
                    # follows down to the next heading belongs with the note.
                    while corps and not est_titre_section(corps[0], taille):
                        top = corps.pop(0).bottom + 0.5
                elif _pleine_largeur(corps[0], reperes) and not _ouvre_une_rangee(corps[0]):
                    top = corps.pop(0).bottom + 0.5
                else:
                    break
        # A section heading opening the body (a full-width row right under the header,
        # or what follows a fragment ended by a heading) comes before the rows: it and
        # its objective are set aside, and the rows are read below them.
        preambule: list[Ligne] = []
        if corps and reperes and est_titre_section(corps[0], taille):
            j = _fin_du_titre(corps, reperes, taille)
            preambule, corps = corps[:j], corps[j:]
        # A section heading further down ends this fragment; from it on, the zone is
        # read again as a header-less continuation of the same columns.
        suite: float | None = None
        for li in corps:
            if est_titre_section(li, taille) and li.top - 0.5 > top:  # (always moving down the page)
                limite = suite = li.top - 0.5
                break
        corps = [li for li in corps if li.bottom <= limite + 0.5]
        # A note or a legend under the table ends it: what follows it here is outside too.
        note = next((k for k, li in enumerate(corps) if reperes and est_note(li, taille, reperes)), None)
        if note is not None:
            limite = corps[note].top - 0.5
            corps = corps[:note]
        bandes = trouver_bandes(corps, reperes, page.segments) if reperes else []
        dans_bandes = {id(li) for b in bandes for li in b}
        mots = [m for li in corps if id(li) not in dans_bandes for m in li.mots]
        grille = None
        if mots and (entete is not None or colonnes is not None):
            haut = preambule[-1].bottom + 0.5 if preambule else (top if entete is None else entete.bottom)
            zone = Zone(page, entete, colonnes, haut, limite, mots, bandes)
            grille, score = _meilleure(zone)
            if grille is not None and any(c.lignes for c in grille.cellules):
                if score < SEUIL_DOUTE:
                    grille.doutes.append(f"lecture peu sûre du tableau (qualité {score:.2f} avec la stratégie "
                                         f"« {grille.strategie} » : mots à cheval sur les colonnes, cellules sans "
                                         "numéro ou colonne LIVRABLE vide)")
                grilles.append(grille)
                scores.append(score)
                doutes += [d for d in doutes_grille(grille, mots) if d not in doutes]
                if entete is not None:
                    grille.top_entete = entete.top
                colonnes = grille.colonnes
            else:
                grille = None
        if preambule:
            preambules.append((grille, preambule))
        if suite is not None:
            fin_suite = a_lire[0][1] if a_lire else page.hauteur + 1
            a_lire.insert(0, (None, suite, fin_suite))
    mis_a_part = {id(li) for _, pre in preambules for li in pre}

    # Everything not inside a grid (or its header) is text outside the tables.
    def dans_grille(li: Ligne) -> bool:
        if id(li) in mis_a_part:
            return False
        milieu = (li.top + li.bottom) / 2
        for g in grilles:
            haut = g.top if g.top_entete is None else g.top_entete
            if haut - 0.5 <= milieu <= g.bottom + 0.5 and li.x1 > g.colonnes[0].x0 and li.x0 < g.colonnes[-1].x1:
                return True
        return False

    # A grid whose heading was set aside sorts right after that heading.
    cle_grille = {id(g): pre[-1].bottom + 0.01 for g, pre in preambules if g is not None}
    elements: list[Grille | BlocHorsTableau] = []
    dehors = [li for li in lignes if not dans_grille(li)]
    positions: list[tuple[float, Grille | BlocHorsTableau]] = [(cle_grille.get(id(g), g.top), g) for g in grilles]
    bloc: list[Ligne] = []
    for li in dehors:
        # Split outside text where a grid sits between two lines.
        if bloc and (any(bloc[-1].top < cle_grille.get(id(g), g.top) < li.top for g in grilles)
                     or (id(li) in mis_a_part) != (id(bloc[-1]) in mis_a_part)):
            positions.append((bloc[0].top, BlocHorsTableau(page.numero, bloc)))
            bloc = []
        bloc.append(li)
    if bloc:
        positions.append((bloc[0].top, BlocHorsTableau(page.numero, bloc)))
    positions.sort(key=lambda p: p[0])
    elements = [e for _, e in positions]
    strategie = "+".join(sorted({g.strategie for g in grilles})) or None
    return PageAnalysee(page.numero, elements, strategie, min(scores) if scores else None, doutes)


__all__ = ["STRATEGIES", "analyser_page", "entree_de_sommaire", "est_bout_d_entete", "est_note", "est_titre_section",
           "lire_titre_section", "trouver_bandes"]
