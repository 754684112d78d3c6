"""Table-driven check of the deadline normaliser on phrases of every shape.

Why a data table (``fixtures/echeances_attendues.json``): the expected reading of each
phrase is the specification a reviewer argues about; keeping it as data keeps it readable
and lets the shared scorer's gold file (``fixtures/echeances_gold.json``) be checked
against the same expectations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normalisation.echeances import CLES, PRECISIONS, STATUTS
from normalisation.echeances import normaliser as lire_echeance

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TABLE: list[dict[str, Any]] = json.loads((FIXTURES / "echeances_attendues.json").read_text(encoding="utf-8"))
GOLD: list[dict[str, Any]] = json.loads((FIXTURES / "echeances_gold.json").read_text(encoding="utf-8"))
CHAMPS = ("statut", "debut", "fin", "precision", "ouvert", "edtf", "non_reconnu")

def normaliser(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The contract's JSON form of a phrase's ``Echeance``: what these checks are written against."""
    return lire_echeance(*args, **kwargs).en_dict()



@pytest.mark.parametrize("attendu", TABLE, ids=[repr(r["texte"])[:60] for r in TABLE])
def test_phrase(attendu: dict[str, Any]) -> None:
    obtenu = normaliser(attendu["texte"])
    assert tuple(obtenu) == CLES
    assert obtenu["texte"] == " ".join(attendu["texte"].split())
    assert {k: obtenu[k] for k in CHAMPS} == {k: attendu[k] for k in CHAMPS}
    assert obtenu["condition"] == attendu.get("condition")
    assert obtenu["recurrence"] == attendu.get("recurrence")
    assert len(obtenu["jalons"]) == attendu.get("jalons", 0)
    assert obtenu["en_retard"] is False  # no publication date given


def test_la_table_couvre_tout() -> None:
    """At least 500 phrases, and every statut and precision of the contract is exercised."""
    assert len(TABLE) >= 500
    assert len({r["texte"] for r in TABLE}) == len(TABLE)
    assert {r["statut"] for r in TABLE} == set(STATUTS)
    assert {r["precision"] for r in TABLE} - {None} == set(PRECISIONS)
    assert any(r["non_reconnu"] for r in TABLE) and any(r["ouvert"] for r in TABLE)
    assert any(r.get("jalons") for r in TABLE)


def test_gold_suit_la_table() -> None:
    """The scorer's gold file says the same as the table (one entry per phrase, same order)."""
    assert len(GOLD) == len(TABLE)
    for g, r in zip(GOLD, TABLE, strict=True):
        assert g["texte"] == " ".join(r["texte"].split())
        assert g["statut"] == r["statut"]
        assert g["debut"] == ([r["debut"]] * 2 if r["debut"] else None)
        assert g["fin"] == ([r["fin"]] * 2 if r["fin"] else None)
        assert g["ouvert"] == r["ouvert"]
        assert g["condition"] == r.get("condition")
        assert g["recurrence"] == r.get("recurrence")
        assert g["jalons"] == r.get("jalons", 0)


def test_jalons_detailles() -> None:
    d = normaliser("Appel d’offres : automne 2023\nDéploiement : 2025")
    assert [j["libelle"] for j in d["jalons"]] == ["Appel d’offres", "Déploiement"]
    assert [(j["debut"], j["fin"], j["precision"], j["edtf"]) for j in d["jalons"]] == [
        ("2023-09-22", "2023-12-20", "saison", "2023-23"),
        ("2025-01-01", "2025-12-31", "annee", "2025"),
    ]
    assert [j["texte"] for j in d["jalons"]] == ["automne 2023", "2025"]
    mixte = normaliser("Conception : réalisé Mise en œuvre : hiver 2026")
    assert [j["statut"] for j in mixte["jalons"]] == ["realise", "planifie"]
    assert mixte["jalons"][1]["libelle"] == "Mise en œuvre"


def test_conventions_meteorologiques() -> None:
    from normalisation.echeances import Conventions

    meteo = Conventions(saisons="meteorologiques")
    fenetres = {
        "Hiver 2024": ("2023-12-01", "2024-02-29"),
        "Hiver 2025": ("2024-12-01", "2025-02-28"),
        "Printemps 2025": ("2025-03-01", "2025-05-31"),
        "Été 2025": ("2025-06-01", "2025-08-31"),
        "Automne 2025": ("2025-09-01", "2025-11-30"),
    }
    for texte, (debut, fin) in fenetres.items():
        d = normaliser(texte, conventions=meteo)
        assert (d["debut"], d["fin"], d["precision"]) == (debut, fin, "saison"), texte


def test_exercice_configurable() -> None:
    from normalisation.echeances import Conventions

    juillet = Conventions(exercice_debut_mois=7)
    d = normaliser("2025-2026", conventions=juillet)
    assert (d["debut"], d["fin"], d["edtf"]) == ("2025-07-01", "2026-06-30", "2025-07-01/2026-06-30")
    assert normaliser("T1 2025-2026", conventions=juillet)["fin"] == "2025-09-30"
    assert normaliser("Chaque fin d’exercice", conventions=juillet)["recurrence"] == "FREQ=YEARLY;BYMONTH=6"
    with pytest.raises(ValueError):
        Conventions(exercice_debut_mois=13)
    with pytest.raises(ValueError):
        Conventions(saisons="australes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("texte", "publication", "en_retard"),
    [
        ("Automne 2023", "2024-11-01", True),
        ("Automne 2023", "2023-11-01", False),
        ("Automne 2023", "2023-12-21", True),  # the day after the window
        ("Automne 2023", "2023-12-20", False),  # its last day
        ("Automne 2023 et plus", "2030-01-01", False),  # open: never late
        ("Réalisé en mai 2023", "2024-11-01", False),
        ("Reporté à l’automne 2023", "2024-11-01", False),
        ("En cours (fin prévue : hiver 2024)", "2024-11-01", False),
        ("Chaque année jusqu’en 2023", "2024-11-01", False),
        ("Au plus tard le 30 juin 2024", "2024-11-01", True),
        ("Lors de la prochaine révision", "2024-11-01", False),
        ("Bla bla", "2024-11-01", False),
    ],
)
def test_en_retard(texte: str, publication: str, en_retard: bool) -> None:
    from datetime import date

    assert normaliser(texte, publication=publication)["en_retard"] is en_retard
    assert normaliser(texte, publication=date.fromisoformat(publication))["en_retard"] is en_retard


def test_en_retard_des_jalons() -> None:
    d = normaliser("Phase 1 : hiver 2024 Phase 2 : 2026", publication="2024-11-01")
    assert [j["en_retard"] for j in d["jalons"]] == [True, False]
    assert d["en_retard"] is False


def test_resultat_modifiable_sans_effet() -> None:
    """Answers are cached; a caller changing one must not change the next."""
    d = normaliser("Phase 1 : hiver 2024 Phase 2 : 2026")
    d["statut"] = "x"
    d["jalons"][0]["libelle"] = "x"
    d["jalons"].clear()
    e = normaliser("Phase 1 : hiver 2024 Phase 2 : 2026")
    assert e["statut"] == "planifie" and e["jalons"][0]["libelle"] == "Phase 1"


def test_chaque_regle_lit_une_phrase_de_la_table() -> None:
    """Every rule the vocabulary declares reads at least one phrase of the table, and no other name appears."""
    from normalisation.echeances.vocabulaire import vocabulaire

    lues: set[str] = set()
    for r in TABLE:
        d = normaliser(r["texte"])
        lues |= set(d["regles"]) | {n for j in d["jalons"] for n in j["regles"]}
    assert lues == set(vocabulaire().regles)


@pytest.mark.parametrize(
    ("texte", "regles"),
    [
        ("Hiver 2026", ["saison_annee"]),
        ("Hiver 2025-2026", ["saison_a_cheval"]),
        ("2026-2027", ["exercice_financier"]),
        ("D’ici juin 2026", ["borne_dici", "mois_annee"]),
        ("Dès 2025", ["ouverture_des", "annee"]),
        ("Réalisé", ["statut_realise"]),
        ("Réalisé en mai 2025", ["statut_realise", "introduction", "mois_annee"]),
        ("Au cours des années 2024 à 2026", ["periode_annoncee", "intervalle", "annee"]),
        ("2026-T2", ["trimestre_annee"]),
        ("T1 2025-2026", ["trimestre_exercice"]),
        ("Au plus tard d’ici la mi-février 2027",
         ["borne_au_plus_tard", "borne_dici", "introduction", "milieu_de", "mois_annee"]),
        ("Progrès limité", ["statut_progression"]),
        ("Non commencé", ["statut_non_commence"]),
        ("Mai 2023 et en cours", ["demarrage_en_cours", "mois_annee", "statut_en_cours"]),
        ("Chaque année, au plus tard le 31 mars", ["repetition_unite", "borne_au_plus_tard", "introduction",
                                                   "jour_mois"]),
        ("Dépôt du rapport d’ici juin 2026", ["libelle", "borne_dici", "mois_annee"]),
        ("Rapport d’étape d’ici 2025; version finale d’ici mars 2027",
         ["jalons_libelles", "libelle", "borne_dici", "annee", "mois_annee"]),
        ("Appel d’offres : automne 2023 Déploiement : 2025",
         ["jalons_deux_points", "libelle", "saison_annee", "annee"]),
        ("Lors de la prochaine révision", ["condition"]),
        ("Ultérieurement", ["date_vague"]),
        ("Bla bla", []),
        ("T5 2026", []),
    ],
)
def test_regles(texte: str, regles: list[str]) -> None:
    """Why a phrase got its window: the rules that read it, in reading order, each once."""
    assert normaliser(texte)["regles"] == regles


def test_regles_des_jalons() -> None:
    d = normaliser("La rétroaction sera compilée en mars 2027 puis à la fin du plan")
    assert [j["libelle"] for j in d["jalons"]] == ["La rétroaction sera compilée", "à la fin du plan"]
    assert [j["regles"] for j in d["jalons"]] == [["introduction", "mois_annee"], []]
    assert [(j["debut"], j["fin"], j["non_reconnu"]) for j in d["jalons"]] == [
        ("2027-03-01", "2027-03-31", False), (None, None, True)]
    assert d["jalons"][0]["texte"] == "en mars 2027"


def test_expliquer_les_mots_de_chaque_regle() -> None:
    """``expliquer`` hands back, per rule, the words it took as printed, and the words no rule read."""
    from normalisation.echeances.moteur import expliquer

    x = expliquer("Dépôt du rapport d’ici juin 2026 (voir note)")
    assert [(n, mots) for n, mots, _ in x.lectures] == [
        ("libelle", "Dépôt du rapport"), ("borne_dici", "d’ici juin 2026"), ("mois_annee", "juin 2026")]
    assert all(sens for _, _, sens in x.lectures)
    assert x.non_lus == ("voir note",)
    assert x.echeance == lire_echeance("Dépôt du rapport d’ici juin 2026 (voir note)")
    rien = expliquer("bla bla")
    assert rien.lectures == () and rien.non_lus == ("bla bla",) and rien.echeance.non_reconnu
