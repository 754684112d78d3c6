"""Every échéancier of the two reference editions is understood, with a sensible reading.

Why: these are the phrases the pipeline meets today; a deadline the extraction report
would list as not understood, or read with an absurd statut, is a regression.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from normalisation.echeances import normaliser as lire_echeance

REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"
EDITIONS = {"pamam-2023-11": "2023-11-01", "pamam-2024-11": "2024-11-01"}

def normaliser(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The contract's JSON form of a phrase's ``Echeance``: what these checks are written against."""
    return lire_echeance(*args, **kwargs).en_dict()



def _echeanciers(doc: Any) -> list[str]:
    """Every échéancier text of a plan (as printed; a string or an ECHEANCE object)."""
    trouves: list[str] = []
    if isinstance(doc, dict):
        for cle, valeur in doc.items():
            if cle == "echeancier":
                trouves.append(valeur["texte"] if isinstance(valeur, dict) else valeur)
            else:
                trouves += _echeanciers(valeur)
    elif isinstance(doc, list):
        for x in doc:
            trouves += _echeanciers(x)
    return trouves


PHRASES = sorted(
    {
        (nom, phrase)
        for nom in EDITIONS
        for phrase in _echeanciers(json.loads((REFERENCE / f"{nom}.json").read_text(encoding="utf-8")))
    }
)


def test_les_editions_ont_des_echeanciers() -> None:
    assert len(PHRASES) >= 30


@pytest.mark.parametrize(("edition", "phrase"), PHRASES, ids=[f"{e}:{p[:40]}" for e, p in PHRASES])
def test_chaque_echeancier_est_compris(edition: str, phrase: str) -> None:
    d = normaliser(phrase, publication=EDITIONS[edition])
    assert d["non_reconnu"] is False
    assert d["statut"] != "indetermine"
    a_une_date = d["debut"] is not None or d["fin"] is not None
    if d["statut"] == "planifie":
        assert a_une_date and d["edtf"]
    if d["statut"] == "conditionnel":
        assert d["condition"] and not a_une_date
    if d["statut"] == "recurrent":
        assert d["recurrence"]
    if d["statut"] in ("realise", "realise_en_continu", "en_continu", "en_cours"):
        assert not d["en_retard"]


@pytest.mark.parametrize(
    ("phrase", "attendu"),
    [
        (
            "Hiver 2026",
            {
                "debut": "2025-12-21",
                "fin": "2026-03-19",
                "precision": "saison",
                "edtf": "2025-12-21/2026-03-19",
                "statut": "planifie",
            },
        ),
        (
            "2026-2027",
            {"debut": "2026-04-01", "fin": "2027-03-31", "precision": "exercice", "edtf": "2026-04-01/2027-03-31"},
        ),
        ("2027-2028", {"debut": "2027-04-01", "fin": "2028-03-31", "precision": "exercice"}),
        ("Automne 2023 et plus", {"debut": "2023-09-22", "fin": None, "ouvert": True, "edtf": "2023-23/.."}),
        ("Chaque début d’année", {"statut": "recurrent", "recurrence": "FREQ=YEARLY;BYMONTH=1", "debut": None}),
        ("31 décembre 2027", {"debut": "2027-12-31", "fin": "2027-12-31", "precision": "jour"}),
        ("Mars 2027", {"debut": "2027-03-01", "fin": "2027-03-31", "precision": "mois", "edtf": "2027-03"}),
        ("Réalisé et en continu", {"statut": "realise_en_continu", "debut": None}),
        ("Réalisé", {"statut": "realise"}),
        ("En cours", {"statut": "en_cours"}),
        ("Été 2025", {"debut": "2025-06-21", "fin": "2025-09-21", "edtf": "2025-22"}),
        (
            "Automne 2023 – Dès les prochains appels à projets",
            {
                "statut": "planifie",
                "debut": "2023-09-22",
                "fin": "2023-12-20",
                "precision": "saison",
                "ouvert": False,
                "condition": "Dès les prochains appels à projets",
                "edtf": "2023-23",
            },
        ),
        ("Automne 2023 – Prochaine version du TAPU", {"condition": "Prochaine version du TAPU"}),
        (
            "Lors du renouvellement des programmes, selon la planification établie",
            {
                "statut": "conditionnel",
                "debut": None,
                "fin": None,
                "condition": "Lors du renouvellement des programmes, selon la planification établie",
            },
        ),
    ],
)
def test_lectures_exactes(phrase: str, attendu: dict[str, Any]) -> None:
    d = normaliser(phrase)
    assert {k: d[k] for k in attendu} == attendu


def test_exemple_du_contrat() -> None:
    """The ECHEANCE example of CONTRACT.md, field for field (``regles`` apart: checked on its own)."""
    d = normaliser("Automne 2023 – Dès les prochains appels à projets", publication="2023-11-01")
    assert isinstance(d.pop("regles"), list)
    assert d == {
        "texte": "Automne 2023 – Dès les prochains appels à projets",
        "statut": "planifie",
        "debut": "2023-09-22",
        "fin": "2023-12-20",
        "precision": "saison",
        "ouvert": False,
        "condition": "Dès les prochains appels à projets",
        "recurrence": None,
        "jalons": [],
        "edtf": "2023-23",
        "non_reconnu": False,
        "en_retard": False,
    }


def test_jalons_de_la_reference() -> None:
    d = normaliser("Appel d’offres pour SGAF : automne 2023\nDéploiement du programme : 2025")
    assert d["texte"] == "Appel d’offres pour SGAF : automne 2023 Déploiement du programme : 2025"
    assert [j["libelle"] for j in d["jalons"]] == ["Appel d’offres pour SGAF", "Déploiement du programme"]
    assert [(j["debut"], j["fin"]) for j in d["jalons"]] == [
        ("2023-09-22", "2023-12-20"),
        ("2025-01-01", "2025-12-31"),
    ]
    assert (d["debut"], d["fin"], d["precision"], d["statut"]) == ("2023-09-22", "2025-12-31", "periode", "planifie")


def test_en_retard_dans_l_edition_2024() -> None:
    """Autumn 2023 deadlines still printed in November 2024 are late — unless open-ended."""
    pub = EDITIONS["pamam-2024-11"]
    assert normaliser("Automne 2023 – Prochaine version du TAPU", publication=pub)["en_retard"] is True
    assert normaliser("Automne 2023 et plus", publication=pub)["en_retard"] is False
    assert normaliser("Automne 2024", publication=pub)["en_retard"] is False
    assert normaliser("Hiver 2025", publication=pub)["en_retard"] is False
