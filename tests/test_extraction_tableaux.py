"""Other table designs (issue 10), stage by stage on hand-made pages: numbers in columns of
their own, headers on several levels, action band rows, filled cells a gutter apart, badges
inside cells, and the warning a doubtful page gets.

Why: the documents of ``fixtures/producteurs`` and ``fixtures/tableaux`` show these designs
end to end; these tests pin each rule to the layout that needs it, so that a change that
breaks one says which.
"""

from __future__ import annotations

import pytest

from conftest import construire
from extraction.grille import analyser_page, trouver_bandes
from extraction.grille.entete import trouver_entetes
from extraction.lignes import grouper_en_lignes
from extraction.modele import (
    BlocHorsTableau,
    Cellule,
    Colonne,
    Grille,
    Ligne,
    Mot,
    PageAnalysee,
    PageMiseEnPage,
    Segment,
)
from extraction.vocabulaire import numerotation

# --- helpers ---------------------------------------------------------------------------------


def mots(texte: str, x: float, top: float, taille: float = 9.0, gras: bool = True) -> list[Mot]:
    police = "Arial-Bold" if gras else "Arial"
    out = []
    for w in texte.split():
        out.append(Mot(w, x, x + 0.55 * taille * len(w), top, top + taille, taille, police))
        x += 0.55 * taille * len(w) + 0.28 * taille
    return out


def roles(lignes_mots: list[Mot], segments: list[Segment] | None = None) -> list[tuple[str, str]]:
    (entete,) = trouver_entetes(grouper_en_lignes(lignes_mots), segments or [])
    return [(c.texte, c.role) for c in entete.cellules]


def rectangle(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    """The four edges of a filled rectangle, as pdfplumber gives them."""
    return [Segment(x0, top, x1, top), Segment(x0, bottom, x1, bottom),
            Segment(x0, top, x0, bottom), Segment(x1, top, x1, bottom)]


# --- header ----------------------------------------------------------------------------------


def test_les_colonnes_de_numeros_numerotent_la_colonne_a_leur_droite() -> None:
    ligne = (mots("N°", 30, 100) + mots("ACTION", 60, 100) + mots("N°", 200, 100) + mots("MISE EN ŒUVRE", 230, 100)
             + mots("LIVRABLE", 400, 100) + mots("ÉCHÉANCIER", 600, 100))
    assert [r for _, r in roles(ligne)] == ["numero_action", "action", "numero_mesure", "mesure", "livrable",
                                           "echeancier"]


@pytest.mark.parametrize("etiquette", ["N°", "No", "#", "Nº", "NUMÉRO"])
def test_etiquettes_de_numerotation(etiquette: str) -> None:
    assert numerotation(etiquette) == (True, None)


def test_une_etiquette_de_numero_qui_nomme_sa_colonne() -> None:
    assert numerotation("N° de la mesure") == (True, "mesure")
    assert numerotation("NOTES") == (False, None)
    assert numerotation("N° de téléphone") == (False, None)


def test_un_numero_seul_devant_livrable_ne_numerote_rien() -> None:
    ligne = (mots("ACTION", 30, 100) + mots("MISE EN ŒUVRE", 200, 100) + mots("N°", 380, 100)
             + mots("LIVRABLE", 420, 100) + mots("ÉCHÉANCIER", 600, 100))
    assert dict((r, t) for t, r in roles(ligne))["numero_mesure"] == "N°"  # its left neighbour


def test_une_colonne_de_numeros_sans_etiquette() -> None:
    """Numbers in a column whose header cell is empty: found under no label, on the left of
    the column they number, each well apart from its title."""
    from extraction.grille.entete import numeros_sans_etiquette

    entete_mots = (mots("ACTION", 60, 100) + mots("MISE EN ŒUVRE", 230, 100) + mots("LIVRABLE", 400, 100)
                   + mots("ÉCHÉANCIER", 600, 100))
    (entete,) = trouver_entetes(grouper_en_lignes(entete_mots), [])
    corps = grouper_en_lignes(
        mots("1", 30, 120, gras=False) + mots("Harmoniser les pratiques", 60, 120, gras=False)
        + mots("1.1.", 200, 120, gras=False) + mots("Créer le bureau", 230, 120, gras=False)
        + mots("1.2.", 200, 150, gras=False) + mots("Mettre en place", 230, 150, gras=False)
        + mots("2", 30, 180, gras=False) + mots("Rendre disponibles", 60, 180, gras=False)
        + mots("2.1.", 200, 180, gras=False) + mots("Créer un réseau", 230, 180, gras=False))
    numeros_sans_etiquette(entete, corps)
    assert [c.role for c in entete.cellules] == ["numero_action", "action", "numero_mesure", "mesure", "livrable",
                                                "echeancier"]


@pytest.mark.parametrize("texte, numero, titre", [
    ("1. Harmoniser", "1", "Harmoniser"), ("Action 1 : Harmoniser", "1", "Harmoniser"),
    ("ACTION 12 – Rendre disponibles", "12", "Rendre disponibles"), ("3) Établir", "3", "Établir")])
def test_libelles_d_action(texte: str, numero: str, titre: str) -> None:
    from extraction.vocabulaire import motif

    m = motif("action").match(texte)
    assert m and (m.group("numero"), m.group("titre")) == (numero, titre)
    assert not motif("mesure").match(texte)


@pytest.mark.parametrize("texte", ["1 rencontre annuelle", "2025-2026", "3 octobre 2023 – Tenue", "1.1 Créer"])
def test_ce_qui_n_est_pas_un_titre_d_action(texte: str) -> None:
    from extraction.vocabulaire import motif

    assert not motif("action").match(texte) or motif("mesure").match(texte)


def test_etiquette_de_groupe_posee_sur_la_premiere_colonne() -> None:
    """"MISE EN ŒUVRE" left-aligned over MESURE and LIVRABLE: it overlaps MESURE only."""
    haut = mots("ACTION", 30, 100) + mots("MISE EN ŒUVRE", 200, 100) + mots("ÉCHÉANCIER", 600, 100)
    bas = mots("MESURE", 200, 111) + mots("LIVRABLE", 400, 111)
    assert roles(haut + bas) == [("ACTION", "action"), ("MESURE", "mesure"), ("LIVRABLE", "livrable"),
                                 ("ÉCHÉANCIER", "echeancier")]


def test_entete_sur_trois_hauteurs_dans_une_haute_cellule() -> None:
    """Labels centred in a tall two-level header: the group label on top, the one-level
    labels in the middle, the sub-labels at the bottom, 3 em apart."""
    groupe = mots("MISE EN ŒUVRE", 260, 100)
    milieu = mots("ACTION", 30, 127) + mots("ÉCHÉANCIER", 640, 127)
    bas = mots("MESURE", 210, 154) + mots("LIVRABLE", 430, 154)
    (entete,) = trouver_entetes(grouper_en_lignes(groupe + milieu + bas), [])
    assert [c.role for c in entete.cellules] == ["action", "mesure", "livrable", "echeancier"]
    assert entete.top == 100  # the group label is part of the header, not text above it


def test_etiquette_de_groupe_centree_entre_ses_colonnes_n_est_pas_une_colonne() -> None:
    haut = mots("RÉALISATION", 520, 100)
    bas = (mots("ACTION", 30, 112) + mots("MISE EN ŒUVRE", 200, 112) + mots("LIVRABLE", 420, 112)
           + mots("ÉCHÉANCIER", 640, 112))
    assert [r for _, r in roles(haut + bas)] == ["action", "mesure", "livrable", "echeancier"]


@pytest.mark.parametrize("centre", [False, True])
def test_action_sur_numero_et_intitule(centre: bool) -> None:
    """ACTION over "N°" and "INTITULÉ" (left-aligned or centred over both), MISE EN ŒUVRE too."""
    haut = mots("ACTION", 60 if centre else 30, 100) + mots("MISE EN ŒUVRE", 240 if centre else 200, 100)
    haut += mots("LIVRABLE", 420, 105) + mots("ÉCHÉANCIER", 640, 105)
    bas = mots("N°", 30, 111) + mots("INTITULÉ", 80, 111) + mots("N°", 200, 111) + mots("INTITULÉ", 250, 111)
    assert [r for _, r in roles(haut + bas)] == ["numero_action", "action", "numero_mesure", "mesure", "livrable",
                                                "echeancier"]


def test_le_libelle_de_l_edition_au_dessus_de_l_entete_n_en_fait_pas_partie() -> None:
    edition = mots("NOVEMBRE 2023", 30, 80, taille=11)
    titre = mots("PLANIFICATION", 30, 92)  # capitals in the header's type, over no column
    entete = mots("ACTION", 200, 110) + mots("MISE EN ŒUVRE", 330, 110) + mots("LIVRABLE", 460, 110) + mots(
        "ÉCHÉANCIER", 600, 110)
    (trouve,) = trouver_entetes(grouper_en_lignes(edition + titre + entete), [])
    assert trouve.top == 110 and len(trouve.cellules) == 4


def test_un_titre_de_section_juste_au_dessus_n_est_pas_une_etiquette_de_groupe() -> None:
    section = mots("B. DES SERVICES ADAPTÉS", 30, 92)
    entete = mots("ACTION", 30, 106) + mots("MISE EN ŒUVRE", 200, 106) + mots("LIVRABLE", 400, 106) + mots(
        "ÉCHÉANCIER", 600, 106)
    (trouve,) = trouver_entetes(grouper_en_lignes(section + entete), [])
    assert trouve.top == 106


def test_une_reglure_sous_l_etiquette_de_groupe_ne_la_coupe_pas() -> None:
    """A vertical ruling between MESURE and LIVRABLE that starts under the group label."""
    haut = mots("ACTION", 30, 100) + mots("MISE EN ŒUVRE", 330, 100) + mots("ÉCHÉANCIER", 640, 100)
    bas = mots("MESURE", 200, 112) + mots("LIVRABLE", 420, 112)
    trait = Segment(380, 110, 380, 400)
    assert [r for _, r in roles(haut + bas, [trait])] == ["action", "mesure", "livrable", "echeancier"]


# --- grids -----------------------------------------------------------------------------------

COLS = [(50, 250), (250, 500), (500, 700)]  # MESURE | LIVRABLE | ÉCHÉANCIER


def page_gouttieres(gouttiere: float, badge: bool = False) -> PageMiseEnPage:
    """A MISE EN ŒUVRE | LIVRABLE | ÉCHÉANCIER table drawn as filled cells a gutter apart,
    no stroked line: one measure over two livrables sharing one échéancier (in a badge if
    asked, whose bottom edge lines up with the livrables' boundary)."""
    g = gouttiere / 2
    segs: list[Segment] = []
    w: list[Mot] = []
    entete = [("MISE EN ŒUVRE", 0), ("LIVRABLE", 1), ("ÉCHÉANCIER", 2)]
    for texte, k in entete:
        segs += rectangle(COLS[k][0] + g, 100 + g, COLS[k][1] - g, 115 - g)
        w += mots(texte, COLS[k][0] + 4, 103)
    segs += rectangle(COLS[0][0] + g, 115 + g, COLS[0][1] - g, 155 - g)
    w += mots("1.1 Créer un bureau", COLS[0][0] + 4, 118, gras=False)
    segs += rectangle(COLS[1][0] + g, 115 + g, COLS[1][1] - g, 135 - g)
    w += mots("Formation de l’équipe", COLS[1][0] + 4, 118, gras=False)
    segs += rectangle(COLS[1][0] + g, 135 + g, COLS[1][1] - g, 155 - g)
    w += mots("Bilan annuel", COLS[1][0] + 4, 138, gras=False)
    segs += rectangle(COLS[2][0] + g, 115 + g, COLS[2][1] - g, 155 - g)
    if badge:
        segs += rectangle(COLS[2][0] + 6, 116.5, COLS[2][1] - 6, 135 - g)  # as wide as the cell allows
    w += mots("Hiver 2026", COLS[2][0] + 9, 118, gras=False)
    return PageMiseEnPage(1, 792, 612, w, segs)


@pytest.mark.parametrize("gouttiere", [1.0, 2.0, 3.0, 4.0, 5.0])
@pytest.mark.parametrize("badge", [False, True])
def test_cellules_remplies_separees_par_des_gouttieres(gouttiere: float, badge: bool) -> None:
    analysee = analyser_page(page_gouttieres(gouttiere, badge), None)
    (grille,) = [e for e in analysee.elements if isinstance(e, Grille)]
    assert grille.strategie == "reglee"
    assert len(grille.colonnes) == 3
    # Each boundary is one, in the middle of its gutter.
    assert grille.colonnes[1].x0 == pytest.approx(250, abs=gouttiere / 2)
    textes = {c.colonne: [] for c in grille.cellules}
    for c in sorted(grille.cellules, key=lambda c: c.top):
        if c.lignes:
            textes[c.colonne].append(" ".join(li.texte for li in c.lignes))
    assert textes[1] == ["Formation de l’équipe", "Bilan annuel"]
    (echeancier,) = [c for c in grille.cellules if c.colonne == 2 and c.lignes]
    assert echeancier.bottom >= 150  # one cell for both rows, not cut at the badge's edge
    assert [c for c in grille.cellules if c.colonne == 2 and c.bottom - c.top > 6] == [echeancier]


def test_les_reglures_de_colonnes_interrompues_par_les_bandes() -> None:
    """A ruled table whose actions are band rows: the column rulings stop at each band; the
    table goes on below them, and the bands are found."""
    segs = [Segment(50, 100, 700, 100), Segment(50, 115, 700, 115), Segment(50, 130, 700, 130),
            Segment(50, 160, 700, 160), Segment(50, 175, 700, 175), Segment(50, 205, 700, 205),
            Segment(50, 100, 50, 205), Segment(700, 100, 700, 205)]
    for x in (250, 500):
        segs += [Segment(x, 100, x, 115), Segment(x, 130, x, 160), Segment(x, 175, x, 205)]
    w = mots("MISE EN ŒUVRE", 54, 103) + mots("LIVRABLE", 254, 103) + mots("ÉCHÉANCIER", 504, 103)
    w += mots("1. Harmoniser les pratiques en matière d’affaires municipales et régionales", 54, 118)
    w += mots("1.1 Créer un bureau", 54, 133, gras=False) + mots("Formation", 254, 133, gras=False)
    w += mots("Hiver 2026", 504, 133, gras=False)
    w += mots("2. Rendre disponibles les ressources", 54, 163)
    w += mots("2.1 Créer un réseau", 54, 178, gras=False) + mots("Calendrier", 254, 178, gras=False)
    w += mots("2027", 504, 178, gras=False)
    analysee = analyser_page(PageMiseEnPage(1, 792, 612, w, segs), None)
    (grille,) = [e for e in analysee.elements if isinstance(e, Grille)]
    assert grille.strategie == "reglee" and grille.bottom >= 200
    assert [b.lignes[0].texte.split()[0] for b in grille.bandes] == ["1.", "2."]
    livrables = [" ".join(li.texte for li in c.lignes) for c in grille.cellules if c.colonne == 1 and c.lignes]
    assert livrables == ["Formation", "Calendrier"]


def test_une_bande_qui_tient_dans_la_premiere_colonne_et_une_bande_sur_deux_lignes() -> None:
    colonnes = [Colonne("MISE EN ŒUVRE", "mesure", 50, 250), Colonne("LIVRABLE", "livrable", 250, 500),
                Colonne("ÉCHÉANCIER", "echeancier", 500, 700)]
    lignes = grouper_en_lignes(
        mots("3. Établir des mécanismes", 54, 100)  # short: stays in the first column
        + mots("3.1 Poursuivre les rencontres", 54, 115, gras=False) + mots("Rencontres", 254, 115, gras=False)
        + mots("4. Assurer l’accessibilité aux services du Ministère pour toutes les municipalités du", 54, 140)
        + mots("Québec, de concert avec les associations", 54, 150)
        + mots("4.1 Transmettre des mesures", 54, 165, gras=False) + mots("Guide", 254, 165, gras=False))
    bandes = trouver_bandes(lignes, colonnes, [])
    assert [[li.texte for li in b] for b in bandes] == [
        ["3. Établir des mécanismes"],
        ["4. Assurer l’accessibilité aux services du Ministère pour toutes les municipalités du",
         "Québec, de concert avec les associations"]]
    avec_action = [Colonne("ACTION", "action", 0, 50)] + colonnes
    assert trouver_bandes(lignes, avec_action, []) == []  # a table with an action column has none


# --- hierarchy -------------------------------------------------------------------------------


def L(texte: str, top: float, x0: float) -> Ligne:
    return Ligne(mots(texte, x0, top, gras=False))


def section(page: int) -> BlocHorsTableau:
    return BlocHorsTableau(page, [Ligne(mots("A. UN TITRE", 0, 0)), L("Afin de tester", 12, 0)])


def test_les_numeros_imprimes_a_part_numerotent_les_titres() -> None:
    colonnes = [Colonne("N°", "numero_action", 0, 30), Colonne("ACTION", "action", 30, 150),
                Colonne("N°", "numero_mesure", 150, 180), Colonne("MISE EN ŒUVRE", "mesure", 180, 300),
                Colonne("LIVRABLE", "livrable", 300, 500), Colonne("ÉCHÉANCIER", "echeancier", 500, 600)]

    def C(col: int, top: float, bottom: float, texte: str = "") -> Cellule:
        return Cellule(col, top, bottom, [L(texte, top + 2, colonnes[col].x0 + 2)] if texte else [])

    g = Grille(1, colonnes, [C(0, 10, 70, "1"), C(1, 10, 70, "Harmoniser les pratiques"), C(2, 10, 40, "1.1"),
                             C(3, 10, 40, "Créer le Bureau"), C(2, 40, 70, "1.2"), C(3, 40, 70, "Mettre en place"),
                             C(4, 10, 40, "Formation"), C(5, 10, 40, "Hiver 2026"), C(4, 40, 70, "Document"),
                             C(5, 40, 70, "2027")], 0, 100, "reglee", largeurs={i: 200.0 for i in range(6)})
    sections, _, avertissements = construire([PageAnalysee(1, [section(1), g], "reglee")], 9.0)
    (a,) = sections[0]["actions"]
    assert (a["numero"], a["titre"]) == ("1", "Harmoniser les pratiques")
    assert [(m["numero"], m["titre"]) for m in a["mesures"]] == [("1.1", "Créer le Bureau"), ("1.2", "Mettre en place")]
    assert all(li["colonnes_supplementaires"] == {} for m in a["mesures"] for li in m["livrables"])
    assert not [x for x in avertissements if "sans_numero" in x.type]


def test_les_bandes_ouvrent_les_actions_meme_en_bas_de_page() -> None:
    """Actions as band rows; the second band is the last thing on page 1, its measure is on
    page 2 (a header-less continuation)."""
    colonnes = [Colonne("MISE EN ŒUVRE", "mesure", 0, 200), Colonne("LIVRABLE", "livrable", 200, 400),
                Colonne("ÉCHÉANCIER", "echeancier", 400, 500)]

    def C(col: int, top: float, bottom: float, texte: str) -> Cellule:
        return Cellule(col, top, bottom, [L(texte, top + 2, colonnes[col].x0 + 2)])

    def bande(top: float, texte: str) -> Cellule:
        return Cellule(-1, top, top + 10, [L(texte, top, 2)])

    p1 = Grille(1, colonnes, [C(0, 20, 40, "1.1 Créer"), C(1, 20, 40, "Formation"), C(2, 20, 40, "2026")], 0, 60,
                "reglee", largeurs={0: 200.0, 1: 200.0, 2: 100.0, -1: 500.0},
                bandes=[bande(5, "1. Harmoniser les pratiques"), bande(45, "2. Rendre disponibles")])
    p2 = Grille(2, colonnes, [C(0, 10, 30, "2.1 Créer un réseau"), C(1, 10, 30, "Calendrier"), C(2, 10, 30, "2027")],
                0, 40, "reglee", avec_entete=False, largeurs={0: 200.0, 1: 200.0, 2: 100.0})
    sections, _, _ = construire([PageAnalysee(1, [section(1), p1], "reglee"), PageAnalysee(2, [p2], "reglee")], 9.0)
    actions = sections[0]["actions"]
    assert [(a["numero"], a["titre"], [m["numero"] for m in a["mesures"]]) for a in actions] == [
        ("1", "Harmoniser les pratiques", ["1.1"]), ("2", "Rendre disponibles", ["2.1"])]


def test_une_page_douteuse_est_signalee() -> None:
    colonnes = [Colonne("ACTION", "action", 0, 100), Colonne("MISE EN ŒUVRE", "mesure", 100, 200),
                Colonne("LIVRABLE", "livrable", 200, 300), Colonne("ÉCHÉANCIER", "echeancier", 300, 400)]
    cellules = [Cellule(0, 10, 30, [L("1. Agir", 12, 2)]), Cellule(1, 10, 30, [L("1.1 Mesure", 12, 102)]),
                Cellule(2, 10, 30, [L("Livrable", 12, 202)]), Cellule(3, 10, 30, [L("2026", 12, 302)])]
    g = Grille(3, colonnes, cellules, 0, 40, "alignement", doutes=["rangées sans espacement ni filet"])
    _, _, avertissements = construire([PageAnalysee(3, [section(3), g], "alignement")], 9.0)
    (doute,) = [a for a in avertissements if a.type == "page_douteuse"]
    assert doute.page == 3 and "page 3" in doute.message and "sans espacement" in doute.message


def test_la_sous_ligne_n_intitule_d_un_entete_repete_n_est_pas_un_titre_courant() -> None:
    """A header's second line "N°  INTITULÉ  N°  INTITULÉ", repeated near the top of every
    page, is kept for the header (a running head would be removed)."""
    from extraction.marges import retirer_lignes_courantes

    pages = [PageMiseEnPage(n, 612, 1008, mots("N° INTITULÉ", 30, 60) + mots("N° INTITULÉ", 200, 60)
                            + mots("PAMAM mars", 30, 20, taille=7, gras=False)
                            + mots(f"texte {n}", 30, 500, taille=11, gras=False))
             for n in (1, 2, 3)]
    for page in retirer_lignes_courantes(pages):
        textes = {m.texte for m in page.mots}
        assert "INTITULÉ" in textes and "PAMAM" not in textes
