"""Dated events inside livrable texts ("― 16 juin 2023 – Tenue").

Why: a series of meetings carries its calendar in the livrable's text; the dates and
whether each was held must come out as data, whatever the list marker or the wording.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalisation.evenements import evenements

REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"


def test_exemple_du_brief() -> None:
    assert evenements("― 16 juin 2023 – Tenue\n― 12 mars 2024") == [
        {"date": "2023-06-16", "texte": "16 juin 2023 – Tenue", "tenue": True},
        {"date": "2024-03-12", "texte": "12 mars 2024", "tenue": False},
    ]


def test_livrable_de_la_reference() -> None:
    plan = json.loads((REFERENCE / "pamam-2023-11.json").read_text(encoding="utf-8"))
    textes = [
        livrable["texte"]
        for section in plan["sections"]
        for action in section["actions"]
        for mesure in action["mesures"]
        for livrable in mesure["livrables"]
    ]
    avec_dates = [t for t in textes if "―" in t]
    assert len(avec_dates) == 2
    premier = evenements(avec_dates[0])
    assert [(e["date"], e["tenue"]) for e in premier] == [
        ("2023-06-16", True),
        ("2023-09-12", True),
        ("2023-12-12", False),
        ("2024-03-12", False),
    ]
    assert all(evenements(t) == [] for t in textes if t not in avec_dates)


@pytest.mark.parametrize(
    ("ligne", "date", "tenue"),
    [
        ("• 3 octobre 2023 – Tenue", "2023-10-03", True),
        ("- 3 OCTOBRE 2023 (tenu)", "2023-10-03", True),
        ("– 1er mars 2024 – Réalisée", "2024-03-01", True),
        ("― 9 mai 2023 — a eu lieu", "2023-05-09", True),
        ("― 12 sept. 2024", "2024-09-12", False),
        ("― 2024-05-02 – Complétée", "2024-05-02", True),
        ("Rencontre du 11 juin 2024", "2024-06-11", False),
        ("― 12 decembre 2023 - tenue", "2023-12-12", True),
    ],
)
def test_formes(ligne: str, date: str, tenue: bool) -> None:
    assert evenements(ligne) == [{"date": date, "texte": ligne.lstrip("•-–― "), "tenue": tenue}]


def test_plusieurs_dates_sur_une_ligne() -> None:
    """Each date is held or not by the words between it and the next date."""
    e = evenements("Rencontres le 1er mars 2024 (tenue) et le 3 avril 2024")
    assert [(x["date"], x["tenue"]) for x in e] == [("2024-03-01", True), ("2024-04-03", False)]


@pytest.mark.parametrize(
    "texte",
    [
        "",
        "Aucune date ici",
        "En 2023-2024, 4 rencontres ont été planifiées :",
        "Mars 2024",
        "31 février 2024 – Tenue",
        "Hiver 2026",
    ],
)
def test_sans_evenement(texte: str) -> None:
    assert evenements(texte) == []


def test_la_tenue_ne_deborde_pas_sur_la_ligne_suivante() -> None:
    e = evenements("― 16 juin 2023\nTenue du comité\n― 12 mars 2024")
    assert [x["tenue"] for x in e] == [False, False]
