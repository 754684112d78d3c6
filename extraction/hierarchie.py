"""Stage 4 — the plan's hierarchy from the grids and the text around them.

Rows are livrables: each livrable cell is a row, and every other column gives it the
cell that covers it (an action over its measures, a measure over its livrables, one
échéancier over several livrables). Fragments that continue on the next page are
stitched back: a header-less or repeated-header fragment whose first row carries no new
measure number continues the rows above it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from extraction.grille import est_bout_d_entete, est_titre_section, lire_titre_section
from extraction.lignes import coupure_voulue, joindre, joindre_textes
from extraction.modele import (
    ActionLue,
    Avertissement,
    BlocHorsTableau,
    Cadre,
    Cellule,
    Grille,
    Ligne,
    LivrableLu,
    MesureLue,
    PageAnalysee,
    SectionLue,
)
from extraction.numerotation import reparer_numeros
from extraction.vocabulaire import (
    finit_en_suspens,
    majuscules_sans_accents,
    motif,
    puce_en_tete,
    sans_etiquette_objectif,
)

TOLERANCE = 2.0  # points: a cell "starts level with" a row within this distance


@dataclass(slots=True)
class Etat:
    """Where the reading stands while walking the document."""

    sections: list[SectionLue] = field(default_factory=list)
    section: SectionLue | None = None
    action: ActionLue | None = None
    mesure: MesureLue | None = None
    livrable: LivrableLu | None = None
    objectif_ouvert: bool = False
    couverture: list[Ligne] = field(default_factory=list)
    avertissements: list[Avertissement] = field(default_factory=list)
    colonnes_inconnues: set[str] = field(default_factory=set)
    vus: dict[int, str] = field(default_factory=dict)  # id(cell) → text already used
    cadres_ech: dict[int, list[Cadre]] = field(default_factory=dict)  # id(échéancier cell) → its boxes
    roles: dict[int, str] | None = None  # id(line outside the tables) → what it was read as (inspection)
    # Where the last livrable's text stops: its last line, its column's wrap width on that
    # page, and whether that line reaches the bottom of its grid (no room left under it).
    fin_livrable: tuple[Ligne, float | None, bool] | None = None
    noms_propres: frozenset[str] = frozenset()  # capitalised words the document sets mid-phrase


def _texte(cellule: Cellule | None, grille: Grille) -> str:
    if cellule is None or not cellule.lignes:
        return ""
    return joindre(cellule.lignes, grille.largeurs.get(cellule.colonne))


def _cadre(role: str, cellule: Cellule, grille: Grille) -> Cadre:
    """The box of a cell: its column's extent, its rows' extent, grown to hold its text."""
    if cellule.colonne < 0:  # a band row spans the table
        x0, x1 = grille.colonnes[0].x0, grille.colonnes[-1].x1
    else:
        x0, x1 = grille.colonnes[cellule.colonne].x0, grille.colonnes[cellule.colonne].x1
    top, bottom = cellule.top, cellule.bottom
    for li in cellule.lignes:
        x0, x1, top, bottom = min(x0, li.x0), max(x1, li.x1), min(top, li.top), max(bottom, li.bottom)
    return Cadre(role, grille.page, x0, top, x1, bottom)


def _ajouter_cadre(cadres: list[Cadre], cadre: Cadre) -> None:
    """Add a box unless the same cell's box on that page is there already."""
    if not any(c.page == cadre.page and c.role == cadre.role and abs(c.top - cadre.top) < 0.5
               and abs(c.x0 - cadre.x0) < 0.5 for c in cadres):
        cadres.append(cadre)


def _couvrante(cellules: list[Cellule], top: float) -> Cellule | None:
    """The cell of a column that covers a row starting at ``top``: the last one above."""
    choisie = None
    for c in cellules:
        if c.top <= top + TOLERANCE:
            choisie = c
        else:
            break
    return choisie


def _nouvelle_section(etat: Etat, code: str, titre: str) -> None:
    etat.section = SectionLue(code, titre)
    etat.sections.append(etat.section)
    etat.action = etat.mesure = etat.livrable = None
    etat.objectif_ouvert = True


def _bloc(etat: Etat, bloc: BlocHorsTableau, taille: float) -> None:
    for li in bloc.lignes:
        texte = li.texte.strip()
        titre = lire_titre_section(texte)
        if titre is not None and est_titre_section(li, taille):
            _noter(etat, li, "section")
            code, libelle, suite = titre
            if etat.section is not None and code == etat.section.code and (
                    suite or majuscules_sans_accents(libelle) == majuscules_sans_accents(etat.section.titre)):
                # The heading repeated on a continuation page ("A. TITRE (suite)"): the
                # same section, and its table, go on.
                continue
            _nouvelle_section(etat, code, libelle)
            continue
        if etat.section is None:
            _noter(etat, li, "couverture")
            etat.couverture.append(li)
            continue
        if est_bout_d_entete(li):
            continue  # a piece of a table's header row ("MISE EN ŒUVRE" over two columns)
        if texte == etat.section.code:
            continue  # the section's letter printed again (a band in the margin, a tab): no title
        if etat.objectif_ouvert:
            if not etat.section.objectif:
                # "Objectif : Afin de …", or "OBJECTIF" on its own line: the label is no part of it.
                sans = sans_etiquette_objectif(texte)
                if sans != texte:
                    _noter(etat, li, "objectif")
                    if sans:
                        etat.section.objectif = sans
                    continue
            if not etat.section.objectif and texte.isupper() and not etat.section.actions and li.taille >= taille:
                # A section title wrapped on a second line of capitals.
                _noter(etat, li, "section")
                etat.section.titre += " " + texte
                continue
            _noter(etat, li, "objectif")
            etat.section.objectif = joindre_textes(etat.section.objectif, texte)
            continue
        _noter(etat, li, "hors_tableau")
        etat.avertissements.append(
            Avertissement(bloc.page, "texte_hors_tableau", f"texte hors du tableau : {texte[:80]!r}"))


def _noter(etat: Etat, ligne: Ligne, role: str) -> None:
    if etat.roles is not None:
        etat.roles[id(ligne)] = role


def _numero(role: str, texte: str) -> tuple[str | None, str]:
    """The number opening an action's or a measure's text, and the title after it."""
    if role not in ("action", "mesure"):
        return None, texte
    m = motif(role).match(texte)
    if not m:
        return None, texte
    return re.sub(r"\s+", "", m.group("numero")), m.group("titre").strip()


def _numero_imprime_a_part(etat: Etat, cellules: list[Cellule], cellule: Cellule, grille: Grille) -> str | None:
    """The number printed for a title cell in a numbering column of its own ("N° | ACTION"):
    the first unused number set beside the cell (level with it, or centred on it)."""
    for c in cellules:
        if not c.lignes or id(c) in etat.vus:
            continue
        milieu = (c.lignes[0].top + c.lignes[-1].bottom) / 2
        if cellule.top - TOLERANCE <= milieu <= cellule.bottom + TOLERANCE:
            texte = _texte(c, grille)
            m = motif("numero_seul").match(texte.strip())
            if m:
                etat.vus[id(c)] = texte
                return re.sub(r"\s+", "", m.group("numero"))
        elif c.top > cellule.bottom + TOLERANCE:
            break
    return None


def _est_suite(texte: str, precedent: str) -> bool:
    """Does a livrable text at the top of a page continue the one cut at the bottom?
    Yes when it starts in lower case or with punctuation that cannot open a livrable
    ("(ABC)" after its name), or when the text above stops mid-phrase. (A
    measure title that goes on does not tell: a merged measure cell is split between
    two of its livrables as often as inside one.)"""
    if not texte:
        return True
    if texte[:1].islower() or texte[:1] in "(),;:." or finit_en_suspens(precedent):
        return True
    debut_puce = any(puce_en_tete(texte))
    return debut_puce and ("\n" in precedent or precedent.rstrip().endswith(":"))


def _noter_fin_livrable(etat: Etat, cellule: Cellule, grille: Grille) -> None:
    """Remember where the current livrable's text stops, for the next page to judge
    whether its first row goes on with it."""
    if not cellule.lignes:
        return
    derniere = cellule.lignes[-1]
    plus_bas = max((li.bottom for c in grille.cellules if c.colonne == cellule.colonne for li in c.lignes),
                   default=derniere.bottom)
    au_fond = derniere.bottom >= plus_bas - 0.5 and grille.bottom - derniere.bottom < 2.5 * derniere.taille
    etat.fin_livrable = (derniere, grille.largeurs.get(cellule.colonne), au_fond)


def _continue_la_ligne(etat: Etat, bande: Cellule, texte: str, cell_ech: Cellule | None, grille: Grille) -> bool:
    """Does the first livrable cell of a continuation fragment (no new measure number
    beside it) go on with the livrable cut at the bottom of the previous page?

    The text says so when it cannot open a livrable (``_est_suite``). Otherwise the layout
    decides, since browsers and word processors do not repeat a row's cells on the next
    page: a new row comes with an échéancier of its own starting level with it; and when
    the first word would have fitted at the end of the previous page's last line (or that
    line did not reach the bottom of its table, leaving room for more), the producer broke
    the line on purpose — a new livrable. Only a wrap forced by the page end continues."""
    if etat.livrable is None:
        return False
    if _est_suite(texte, etat.livrable.texte):
        return True
    if not bande.lignes or etat.fin_livrable is None:
        return False
    if cell_ech is not None and cell_ech.lignes and abs(cell_ech.top - bande.top) <= TOLERANCE:
        ech = _texte(cell_ech, grille)
        if not (ech[:1].islower() or ech[:1] in "(),;:." or finit_en_suspens(etat.livrable.echeancier)):
            return False  # a fresh échéancier opens a new row
    premier = _nu(bande.lignes[0].mots[0].texte)
    if premier[:1].isupper() and premier not in etat.noms_propres:
        return False  # a capital that is not a name's: the first word of a cell
    derniere, largeur, au_fond = etat.fin_livrable
    largeur = max(filter(None, (largeur, grille.largeurs.get(bande.colonne))), default=None)
    if not au_fond or largeur is None:
        return False
    return not coupure_voulue(derniere, bande.lignes[0], largeur)


def _nu(mot: str) -> str:
    """A word without the punctuation around it."""
    return mot.strip("«»()[].,;:!?“”\"'’")


def noms_propres(pages: list[PageAnalysee]) -> frozenset[str]:
    """Capitalised words that the document prints in the middle of a phrase — after a word
    ending in a lower-case letter, on the same line or on the line above in the same cell:
    names ("Ministère", "Transports-Municipalités"), which a line wrapped mid-phrase may
    start with. Any other capitalised word opens a text."""
    vus: set[str] = set()

    def suite_de(avant: str, mot: str) -> None:
        if avant[-1:].islower() and mot[:1].isupper():
            vus.add(_nu(mot))

    for page in pages:
        for element in page.elements:
            cellules = ([element.lignes] if isinstance(element, BlocHorsTableau)
                        else [c.lignes for c in element.cellules])
            for lignes in cellules:
                for k, li in enumerate(lignes):
                    for avant, mot in zip(li.mots, li.mots[1:], strict=False):
                        suite_de(avant.texte, mot.texte)
                    if k and not isinstance(element, BlocHorsTableau):
                        suite_de(lignes[k - 1].mots[-1].texte, li.mots[0].texte)
    return frozenset(vus)


def _grille(etat: Etat, grille: Grille, premiere_du_document: bool) -> None:
    if etat.section is None:
        etat.avertissements.append(Avertissement(grille.page, "tableau_sans_section",
                                                 "tableau avant tout titre de section"))
        _nouvelle_section(etat, "?", "")
    etat.objectif_ouvert = False
    for raison in grille.doutes:
        etat.avertissements.append(Avertissement(grille.page, "page_douteuse", f"page {grille.page} : {raison}"))
    par_col: dict[int, list[Cellule]] = {}
    for c in sorted(grille.cellules, key=lambda c: c.top):
        par_col.setdefault(c.colonne, []).append(c)
    i_liv = grille.colonne("livrable")
    i_mes = grille.colonne("mesure")
    i_act = grille.colonne("action")
    i_ech = grille.colonne("echeancier")
    i_no_act = grille.colonne("numero_action")
    i_no_mes = grille.colonne("numero_mesure")
    autres = [i for i, c in enumerate(grille.colonnes) if c.role == "autre"]
    for i in autres:
        if grille.colonnes[i].entete not in etat.colonnes_inconnues:
            etat.colonnes_inconnues.add(grille.colonnes[i].entete)
            etat.avertissements.append(Avertissement(grille.page, "colonne_non_reconnue",
                                                     f"colonne non reconnue conservée : {grille.colonnes[i].entete!r}"))
    if i_liv is None:
        return
    bandes = [c for c in par_col.get(i_liv, [])]
    # An empty livrable cell is a row only if something else starts level with it.
    def debute_ici(c: Cellule) -> bool:
        return any(abs(o.top - c.top) <= TOLERANCE and o.lignes for j, cs in par_col.items() if j != i_liv for o in cs)

    bandes = [b for b in bandes if b.lignes or debute_ici(b)]
    continuation = not premiere_du_document and etat.livrable is not None
    # Actions printed as band rows across the table open where they stand, rows or not
    # under them on this page.
    en_bandes = i_act is None and bool(grille.bandes)
    a_ouvrir = list(grille.bandes) if en_bandes else []
    if continuation:
        haut = min([c.top for c in bandes[:1] + a_ouvrir[:1]], default=grille.bottom + 1)
        _orphelines(etat, grille, par_col, haut)
    # The échéancier cell over a continuation fragment's first row: if empty, it is the
    # rest of a merged cell whose text was printed on the previous page.
    ech_tete = _couvrante(par_col.get(i_ech, []), bandes[0].top) if i_ech is not None and bandes else None
    bande_courante: Cellule | None = None
    for k, bande in enumerate(bandes):
        while a_ouvrir and a_ouvrir[0].top < bande.top:
            bande_courante = a_ouvrir.pop(0)
            _action_en_bande(etat, bande_courante, grille)
            continuation = False
        premiere = k == 0 and continuation
        cell_act = _couvrante(par_col.get(i_act, []), bande.top) if i_act is not None else bande_courante
        cell_mes = _couvrante(par_col.get(i_mes, []), bande.top) if i_mes is not None else None
        # Action
        if cell_act is not None and id(cell_act) not in etat.vus and cell_act.lignes:
            texte = _texte(cell_act, grille)
            etat.vus[id(cell_act)] = texte
            numero, titre = _numero("action", texte)
            if numero is None and i_no_act is not None:
                numero = _numero_imprime_a_part(etat, par_col.get(i_no_act, []), cell_act, grille)
            if numero is None and etat.action is not None and (premiere or cell_act.top < bande.top - TOLERANCE):
                etat.action.titre = joindre_textes(etat.action.titre, texte)
            else:
                if numero is None:
                    etat.avertissements.append(Avertissement(grille.page, "action_sans_numero",
                                                             f"action sans numéro : {texte[:60]!r}"))
                etat.action = ActionLue(numero or str(len(etat.section.actions) + 1), titre)
                etat.section.actions.append(etat.action)
                etat.mesure = None
        # Measure
        nouvelle_mesure = False
        if cell_mes is not None and id(cell_mes) not in etat.vus and cell_mes.lignes:
            texte = _texte(cell_mes, grille)
            etat.vus[id(cell_mes)] = texte
            numero, titre = _numero("mesure", texte)
            if numero is None and i_no_mes is not None:
                numero = _numero_imprime_a_part(etat, par_col.get(i_no_mes, []), cell_mes, grille)
            if numero is None and etat.mesure is not None and (premiere or cell_mes.top < bande.top - TOLERANCE):
                etat.mesure.titre = joindre_textes(etat.mesure.titre, texte)
            else:
                if numero is None:
                    etat.avertissements.append(Avertissement(grille.page, "mesure_sans_numero",
                                                             f"mesure sans numéro : {texte[:60]!r}"))
                if etat.action is None:
                    etat.action = ActionLue("?", "")
                    etat.section.actions.append(etat.action)
                etat.mesure = MesureLue(numero or "?", titre)
                etat.action.mesures.append(etat.mesure)
                nouvelle_mesure = True
        # Livrable (a new row, or the rest of the row cut at the bottom of the last page)
        texte_liv = _texte(bande, grille)
        cell_ech = _couvrante(par_col.get(i_ech, []), bande.top) if i_ech is not None else None
        suite = premiere and not nouvelle_mesure and etat.livrable is not None and _continue_la_ligne(
            etat, bande, texte_liv, cell_ech, grille)
        if cell_ech is not None and grille.strategie != "reglee" and cell_mes is not None:
            # Without rulings a shared échéancier never reaches into another measure.
            if _couvrante(par_col.get(i_mes, []), cell_ech.top) is not cell_mes:
                cell_ech = None
        ech = _valeur(etat, cell_ech, grille)
        extras = {grille.colonnes[i].entete: _valeur(etat, _extra(par_col.get(i, []), bande, grille), grille)
                  for i in autres}
        if suite:
            liv = etat.livrable
            _cadrer(etat, grille, bande, cell_act, cell_mes, cell_ech, liv, liv.cadres_echeancier)
            liv.texte = joindre_textes(liv.texte, texte_liv)
            _noter_fin_livrable(etat, bande, grille)
            if ech and ech != liv.echeancier and cell_ech is not None and cell_ech.top >= bande.top - TOLERANCE:
                liv.echeancier = joindre_textes(liv.echeancier, ech)
            for cle, val in extras.items():
                if val and val != liv.colonnes_supplementaires.get(cle):
                    liv.colonnes_supplementaires[cle] = joindre_textes(liv.colonnes_supplementaires.get(cle, ""), val)
            continue
        if etat.mesure is None:
            # Keep the livrable (under a measure numbered "?") rather than lose it: the
            # warning tells the reader where the reading went wrong.
            etat.avertissements.append(Avertissement(grille.page, "livrable_sans_mesure",
                                                     f"livrable hors de toute mesure : {texte_liv[:60]!r}"))
            if etat.action is None:
                etat.action = ActionLue("?", "")
                etat.section.actions.append(etat.action)
            etat.mesure = MesureLue("?", "")
            etat.action.mesures.append(etat.mesure)
        precedent = etat.livrable if any(liv is etat.livrable for liv in etat.mesure.livrables) else None
        # Rows of a continuation fragment that no échéancier cell of this page covers (or
        # only the empty rest of a merged cell) share the échéancier cut by the page break.
        reste_partage = continuation and (cell_ech is None or (not cell_ech.lignes and cell_ech is ech_tete))
        if not ech and reste_partage and precedent is not None and not nouvelle_mesure:
            ech = precedent.echeancier
        elif premiere and precedent is not None and not nouvelle_mesure:
            if not ech:
                # A shared échéancier whose merged cell was split by the page break.
                ech = precedent.echeancier
            elif cell_ech is not None and (ech[:1].islower() or finit_en_suspens(precedent.echeancier)):
                # The rest of a shared échéancier cut by the page break: complete it for
                # the rows above that shared it, and for the rows this cell covers.
                avant = precedent.echeancier
                ech = joindre_textes(avant, ech)
                for liv in reversed(etat.mesure.livrables):
                    if liv.echeancier != avant:
                        break
                    liv.echeancier = ech
                etat.vus[id(cell_ech)] = ech
        etat.livrable = LivrableLu(texte_liv, ech, grille.page, extras)
        etat.mesure.livrables.append(etat.livrable)
        _noter_fin_livrable(etat, bande, grille)
        # A row that continues the shared échéancier cut by the page break shares its boxes.
        herite = precedent is not None and not nouvelle_mesure and ech == precedent.echeancier and (
            reste_partage or premiere)
        boites = precedent.cadres_echeancier if herite and precedent is not None else None
        _cadrer(etat, grille, bande, cell_act, cell_mes, cell_ech, etat.livrable, boites)
    for reste in a_ouvrir:
        _action_en_bande(etat, reste, grille)


def _action_en_bande(etat: Etat, cellule: Cellule, grille: Grille) -> None:
    """A new action from a band row ("1. Titre" across the table); the band is its cell."""
    texte = _texte(cellule, grille)
    etat.vus[id(cellule)] = texte
    numero, titre = _numero("action", texte)
    assert etat.section is not None
    etat.action = ActionLue(numero or str(len(etat.section.actions) + 1), titre)
    etat.section.actions.append(etat.action)
    etat.mesure = None
    _ajouter_cadre(etat.action.cadres, _cadre("action", cellule, grille))


def _cadrer(etat: Etat, grille: Grille, bande: Cellule, cell_act: Cellule | None, cell_mes: Cellule | None,
            cell_ech: Cellule | None, livrable: LivrableLu, boites_ech: list[Cadre] | None) -> None:
    """Record where a row's cells are: its livrable, its échéancier (a list shared by the rows
    of a merged cell), its measure and its action (one box per page each spans)."""
    _ajouter_cadre(livrable.cadres, _cadre("livrable", bande, grille))
    if cell_ech is not None:
        partagees = etat.cadres_ech.get(id(cell_ech))
        if partagees is None:
            partagees = boites_ech if boites_ech is not None else []
            etat.cadres_ech[id(cell_ech)] = partagees
        _ajouter_cadre(partagees, _cadre("echeancier", cell_ech, grille))
        boites_ech = partagees
    if boites_ech is not None:
        livrable.cadres_echeancier = boites_ech
    if cell_mes is not None and etat.mesure is not None:
        _ajouter_cadre(etat.mesure.cadres, _cadre("mesure", cell_mes, grille))
    if cell_act is not None and etat.action is not None:
        _ajouter_cadre(etat.action.cadres, _cadre("action", cell_act, grille))


def _extra(cellules: list[Cellule], bande: Cellule, grille: Grille) -> Cellule | None:
    """The cell of an extra column for a row. Ruled, a merged cell covers its rows; without
    rulings an empty cell cannot be seen, so a value belongs only to the row it starts on."""
    cellule = _couvrante(cellules, bande.top)
    if cellule is None or grille.strategie == "reglee" or abs(cellule.top - bande.top) <= TOLERANCE:
        return cellule
    return None


def _orphelines(etat: Etat, grille: Grille, par_col: dict[int, list[Cellule]], premiere: float) -> None:
    """Text at the top of a continuation fragment, above its first row: the ends of
    cells cut by the page break (a measure title, a livrable, an échéancier)."""
    cibles: dict[str, tuple[ActionLue | MesureLue | LivrableLu | None, str]] = {
        "action": (etat.action, "titre"), "mesure": (etat.mesure, "titre"),
        "livrable": (etat.livrable, "texte"), "echeancier": (etat.livrable, "echeancier"),
    }
    for i, cellules in par_col.items():
        role = grille.colonnes[i].role
        for k, c in enumerate(cellules):
            suivante = cellules[k + 1].top if k + 1 < len(cellules) else grille.bottom + 1
            if not c.lignes or c.top >= premiere - TOLERANCE or suivante > premiere + TOLERANCE:
                continue
            texte = _texte(c, grille)
            etat.vus[id(c)] = texte
            if role == "autre" and etat.livrable is not None:
                extras = etat.livrable.colonnes_supplementaires
                cle = grille.colonnes[i].entete
                extras[cle] = joindre_textes(extras.get(cle, ""), texte)
                continue
            cible, champ = cibles.get(role, (None, ""))
            if cible is not None and _numero(role, texte)[0] is None:
                setattr(cible, champ, joindre_textes(getattr(cible, champ), texte))
                boites = (cible.cadres_echeancier if role == "echeancier" and isinstance(cible, LivrableLu)
                          else getattr(cible, "cadres", None))
                if boites is not None:
                    _ajouter_cadre(boites, _cadre(role, c, grille))


def _valeur(etat: Etat, cellule: Cellule | None, grille: Grille) -> str:
    if cellule is None or not cellule.lignes:
        return ""
    if id(cellule) in etat.vus:
        return etat.vus[id(cellule)]
    texte = _texte(cellule, grille)
    etat.vus[id(cellule)] = texte
    return texte


def _verifier(etat: Etat) -> None:
    """Warnings for what a reader should look at: numbering gaps, missing deadlines."""
    for s in etat.sections:
        for a in s.actions:
            precedent = 0
            for m in a.mesures:
                parties = m.numero.split(".")
                if len(parties) >= 2 and parties[-1].isdigit():
                    n = int(parties[-1])
                    if parties[0] != a.numero or n != precedent + 1:
                        etat.avertissements.append(Avertissement(
                            None, "numero_hors_sequence",
                            f"mesure {m.numero} hors séquence dans l’action {a.numero}"))
                    precedent = n
                if not m.livrables:
                    etat.avertissements.append(Avertissement(None, "mesure_sans_livrable",
                                                             f"mesure {m.numero} sans livrable"))
                for i, liv in enumerate(m.livrables, 1):
                    if not liv.echeancier.strip():
                        etat.avertissements.append(Avertissement(
                            liv.page, "livrable_sans_echeancier",
                            f"livrable {m.numero}/{i} sans échéancier"))


def construire(pages: list[PageAnalysee], taille_corps: float, roles: dict[int, str] | None = None,
               pages_ocr: Collection[int] = ()
               ) -> tuple[list[SectionLue], list[Ligne], list[Avertissement]]:
    """Walk the pages' elements in reading order and build the sections.

    ``roles``, when given, receives what each line outside the tables was read as
    ("section", "objectif", "couverture", "hors_tableau"), keyed by ``id(line)``, for
    ``extraction.inspection`` to draw. Numbers misread on ``pages_ocr`` are put back from
    the sequence (``numerotation``).
    """
    etat = Etat(roles=roles, noms_propres=noms_propres(pages))
    premiere = True
    for page in pages:
        if page.doutes:
            raisons = "; ".join(page.doutes)
            etat.avertissements.append(Avertissement(page.numero, "page_incertaine",
                                                     f"page {page.numero} lue sans certitude : {raisons}"))
        for element in page.elements:
            if isinstance(element, BlocHorsTableau):
                _bloc(etat, element, taille_corps)
            else:
                _grille(etat, element, premiere)
                premiere = False
    etat.avertissements += reparer_numeros(etat.sections, pages_ocr)
    _verifier(etat)
    return etat.sections, etat.couverture, etat.avertissements
