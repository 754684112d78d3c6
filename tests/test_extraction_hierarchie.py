"""Stage: rows from grids — spanned cells shared, rows stitched across pages."""

from __future__ import annotations

from conftest import construire
from extraction.modele import BlocHorsTableau, Cellule, Colonne, Grille, Ligne, Mot, PageAnalysee

COLONNES = [Colonne("ACTION", "action", 0, 100), Colonne("MISE EN ŒUVRE", "mesure", 100, 200),
            Colonne("LIVRABLE", "livrable", 200, 300), Colonne("ÉCHÉANCIER", "echeancier", 300, 400)]


def L(texte: str, top: float, x0: float = 5.0, gras: bool = False) -> Ligne:
    police = "Arial-Bold" if gras else "Arial"
    mots, x = [], x0
    for w in texte.split():
        mots.append(Mot(w, x, x + 5 * len(w), top, top + 9, 9.0, police))
        x += 5 * len(w) + 2
    return Ligne(mots)


def C(col: int, top: float, bottom: float, *textes: str) -> Cellule:
    return Cellule(col, top, bottom, [L(t, top + 1 + 11 * k, x0=COLONNES[col].x0 + 2) for k, t in enumerate(textes)])


def grille(page: int, cellules: list[Cellule], strategie: str = "reglee") -> Grille:
    return Grille(page, COLONNES, cellules, 0, 1000, strategie, largeurs={i: 400.0 for i in range(4)})


def section(page: int, code: str = "A", titre: str = "UN TITRE", objectif: str = "Afin de tester") -> BlocHorsTableau:
    return BlocHorsTableau(page, [L(f"{code}. {titre}", 0, gras=True), L(objectif, 12)])


def test_les_cellules_fusionnees_donnent_leur_valeur_a_chaque_ligne() -> None:
    g = grille(1, [C(0, 10, 100, "1. Agir"), C(1, 10, 70, "1.1 Première mesure"), C(1, 70, 100, "1.2 Seconde"),
                   C(2, 10, 40, "Livrable a"), C(2, 40, 70, "Livrable b"), C(2, 70, 100, "Livrable c"),
                   C(3, 10, 70, "Printemps 2025"), C(3, 70, 100, "2026")])
    sections, _, avert = construire([PageAnalysee(1, [section(1), g], "reglee")], 9.0)
    (s,) = sections
    assert s["objectif"] == "Afin de tester"
    (a,) = s["actions"]
    assert (a["numero"], a["titre"]) == ("1", "Agir")
    m1, m2 = a["mesures"]
    assert [(li["texte"], li["echeancier"]) for li in m1["livrables"]] == [
        ("Livrable a", "Printemps 2025"), ("Livrable b", "Printemps 2025")]
    assert m2["livrables"][0]["echeancier"] == "2026"
    assert avert == []


def test_une_ligne_coupee_par_la_page_est_recollee() -> None:
    p1 = grille(1, [C(0, 10, 50, "1. Agir"), C(1, 10, 50, "1.1 Mesure"), C(2, 10, 50, "Convention entre le"),
                    C(3, 10, 50, "Hiver 2027")])
    p2 = grille(2, [C(0, 10, 30), C(1, 10, 30), C(2, 10, 30, "Ministère et ses partenaires"), C(3, 10, 30),
                    C(1, 30, 60, "1.2 Autre"), C(2, 30, 60, "Nouveau livrable"), C(3, 30, 60, "2028")])
    sections, _, _ = construire([PageAnalysee(1, [section(1), p1], "reglee"), PageAnalysee(2, [p2], "reglee")], 9.0)
    m1, m2 = sections[0]["actions"][0]["mesures"]
    assert [li["texte"] for li in m1["livrables"]] == ["Convention entre le Ministère et ses partenaires"]
    assert m1["livrables"][0]["echeancier"] == "Hiver 2027"
    assert m2["livrables"][0]["page"] == 2


def test_une_echeance_partagee_coupee_par_la_page_est_completee_pour_toutes_ses_lignes() -> None:
    p1 = grille(1, [C(0, 10, 60, "1. Agir"), C(1, 10, 60, "1.1 Mesure"), C(2, 10, 30, "Premier"),
                    C(2, 30, 60, "Deuxième"), C(3, 10, 60, "Lors du renouvellement,")])
    p2 = grille(2, [C(0, 10, 40), C(1, 10, 40), C(2, 10, 40, "Troisième"), C(3, 10, 40, "selon le plan")])
    sections, _, _ = construire([PageAnalysee(1, [section(1), p1], "reglee"), PageAnalysee(2, [p2], "reglee")], 9.0)
    livrables = sections[0]["actions"][0]["mesures"][0]["livrables"]
    assert [li["texte"] for li in livrables] == ["Premier", "Deuxième", "Troisième"]
    assert {li["echeancier"] for li in livrables} == {"Lors du renouvellement, selon le plan"}


def test_sans_reglures_une_echeance_ne_deborde_pas_sur_la_mesure_suivante() -> None:
    g = grille(1, [C(0, 10, 100, "1. Agir"), C(1, 10, 40, "1.1 Mesure"), C(1, 40, 100, "1.2 Autre"),
                   C(2, 10, 40, "a"), C(2, 40, 100, "b"), C(3, 10, 30, "2025")], strategie="alignement")
    sections, _, avert = construire([PageAnalysee(1, [section(1), g], "alignement")], 9.0)
    m1, m2 = sections[0]["actions"][0]["mesures"]
    assert m1["livrables"][0]["echeancier"] == "2025"
    assert m2["livrables"][0]["echeancier"] == ""
    assert any(a.type == "livrable_sans_echeancier" for a in avert)


def test_avertissements_numeros_hors_sequence_et_colonne_inconnue() -> None:
    colonnes = [*COLONNES, Colonne("RESPONSABLE", "autre", 400, 500)]
    g = Grille(1, colonnes, [C(0, 10, 60, "1. Agir"), C(1, 10, 30, "1.1 Une"), C(1, 30, 60, "1.3 Trois"),
                             C(2, 10, 30, "a"), C(2, 30, 60, "b"), C(3, 10, 60, "2025"),
                             Cellule(4, 10, 30, [L("DGT", 11, 402)])], 0, 1000, "reglee")
    sections, _, avert = construire([PageAnalysee(1, [section(1), g], "reglee")], 9.0)
    types = {a.type for a in avert}
    assert {"numero_hors_sequence", "colonne_non_reconnue"} <= types
    livrables = [li for m in sections[0]["actions"][0]["mesures"] for li in m["livrables"]]
    assert livrables[0]["colonnes_supplementaires"] == {"RESPONSABLE": "DGT"}
