"""The workbooks made for people: each edition's ``livrables.xlsx`` and ``sorties/pamam.xlsx``.

Read back with openpyxl, as a spreadsheet user would see them: columns titled in words,
statuts and change types in words with their codes beside, real dates (sortable), a frozen
header and filters on every data sheet, the statut colours and overdue marks, the change
list of consecutive editions, the follow-up sheet, and a legend sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import ecrire_sorties, plans_exemples
from normalisation.echeances import STATUT, TABLE_STATUTS
from pamam.comparaison.types import LIBELLES_TYPE
from pamam.ecriture.colonnes import LIVRABLES, SUIVI

COULEURS_STATUT = {s.code: s.couleur for s in TABLE_STATUTS}


def titres(colonnes: Any) -> list[str]:
    """Expected header: each column's title, and "<title> (code)" after a coded one."""
    sortie = []
    for c in colonnes:
        sortie.append(c.titre)
        if c.libelle is not None:
            sortie.append(f"{c.titre} (code)")
    return sortie


TITRES_LIVRABLES = titres(LIVRABLES)


@pytest.fixture(scope="module")
def sorties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ecrire_sorties(plans_exemples(), tmp_path_factory.mktemp("classeur") / "sorties")


def _feuille_livrables_lisible(ws: Any, version: str) -> None:
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    entete = [c.value for c in ws[1]]
    assert entete[: len(TITRES_LIVRABLES)] == TITRES_LIVRABLES
    assert entete[:3] == ["Édition", "Section", "Titre de la section"]
    assert "Titre de la mesure" in entete and "mesure_titre" not in entete
    col = {nom: i for i, nom in enumerate(entete)}
    lignes = list(ws.iter_rows(min_row=2))
    assert lignes
    dates = 0
    for r in lignes:
        assert r[col["Édition"]].value == version
        for nom in ("Début", "Fin"):
            cellule = r[col[nom]]
            if cellule.value is not None:
                assert cellule.is_date and isinstance(cellule.value, dt.datetime), (nom, cellule.value)
                dates += 1
        assert isinstance(r[col["N° du livrable"]].value, int)
        code = r[col["Statut (code)"]].value
        assert r[col["Statut"]].value == STATUT[code].libelle  # "Réalisé", "Planifié": words, accents
        couleur = COULEURS_STATUT[code].lstrip("#").upper()
        assert r[col["Livrable"]].fill.fgColor.rgb.endswith(couleur)
        if r[col["En retard"]].value is True:
            assert r[col["Livrable"]].font.b and r[col["Livrable"]].font.color.rgb.endswith("9C0006")
        else:
            assert not r[col["Livrable"]].font.b
    assert dates > 0
    assert ws.column_dimensions["J"].width > 30  # livrable: wide and wrapped
    assert lignes[0][col["Livrable"]].alignment.wrap_text


def test_classeur_edition(sorties: Path) -> None:
    wb = load_workbook(sorties / "2023-11" / "livrables.xlsx")
    assert wb.sheetnames == ["2023-11", "légende"]
    _feuille_livrables_lisible(wb["2023-11"], "2023-11")
    ws = wb["2023-11"]
    entete = [c.value for c in ws[1]]
    retard = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[entete.index("En retard")]]
    assert [r[entete.index("Livrable")] for r in retard] == ["Guide des programmes"]
    statuts = {r[entete.index("Statut")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert "Réalisé" in statuts or "Planifié" in statuts
    assert not statuts & set(COULEURS_STATUT)  # no code in the words column


def test_classeur_general(sorties: Path) -> None:
    wb = load_workbook(sorties / "pamam.xlsx")
    assert wb.sheetnames == ["2023-11", "2024-11", "changements", "suivi", "légende"]
    for v in ("2023-11", "2024-11"):
        _feuille_livrables_lisible(wb[v], v)
    ws = wb["changements"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    entete = [c.value for c in ws[1]]
    assert entete[:4] == ["Édition avant", "Édition après", "Type de changement", "Type de changement (code)"]
    lignes = [dict(zip(entete, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    attendus = json.loads((sorties / "changements" / "2023-11__2024-11" / "changements.json").read_text("utf-8"))
    assert [c["Type de changement (code)"] for c in lignes] == [c["type"] for c in attendus["changements"]]
    assert [c["Type de changement"] for c in lignes] == [LIBELLES_TYPE[c["type"]] for c in attendus["changements"]]
    assert {(c["Édition avant"], c["Édition après"]) for c in lignes} == {("2023-11", "2024-11")}
    report = next(c for c in lignes if c["Type de changement (code)"] == "echeance_reportee")
    assert report["Écart (jours)"] == 549
    assert (report["Mesure (après)"], report["N° du livrable (après)"]) == ("2.1", 2)


def test_feuille_suivi(sorties: Path) -> None:
    ws = load_workbook(sorties / "pamam.xlsx")["suivi"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    entete = [c.value for c in ws[1]]
    assert entete == titres(SUIVI)
    lignes = [dict(zip(entete, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    with open(sorties / "suivi.csv", encoding="utf-8", newline="") as f:
        csv_lignes = list(csv.DictReader(f))
    assert [r["Identifiant"] for r in lignes] == [r["identifiant"] for r in csv_lignes]
    reporte = next(r for r in lignes if r["Reports"])
    assert reporte["Glissement total (jours)"] == 549
    assert isinstance(reporte["Fin initiale"], dt.datetime) and isinstance(reporte["Fin actuelle"], dt.datetime)
    for r in lignes:
        assert r["Statut actuel"] == STATUT[r["Statut actuel (code)"]].libelle
        mots = [STATUT[c].libelle for c in r["Parcours du statut (code)"].split(" → ")]
        assert r["Parcours du statut"] == " → ".join(mots)
        assert isinstance(r["En retard"], bool)


def test_legende(sorties: Path) -> None:
    ws = load_workbook(sorties / "pamam.xlsx")["légende"]
    valeurs = {c.value for r in ws.iter_rows() for c in r if c.value}
    assert set(COULEURS_STATUT) <= valeurs  # codes
    assert {s.libelle for s in TABLE_STATUTS} <= valeurs  # and their words
    assert {c.nom for c in LIVRABLES} <= valeurs and {c.titre for c in LIVRABLES} <= valeurs
    assert {c.nom for c in SUIVI} <= valeurs and "Statut (code)" in valeurs and "ecart_jours" in valeurs
    realise = next(r[0] for r in ws.iter_rows() if r[1].value == "realise")
    assert realise.value == "Réalisé"
    assert realise.fill.fgColor.rgb.endswith(COULEURS_STATUT["realise"].lstrip("#"))


def test_classeurs_deterministes(sorties: Path, tmp_path: Path) -> None:
    autre = ecrire_sorties(plans_exemples(), tmp_path / "sorties")
    for nom in ("pamam.xlsx", "2023-11/livrables.xlsx", "2024-11/livrables.xlsx"):
        assert (autre / nom).read_bytes() == (sorties / nom).read_bytes(), nom


def test_classeur_de_lot(sorties_generees: Path) -> None:
    sorties = sorties_generees
    versions = sorted(p.parent.name for p in sorties.glob("*/plan.json"))
    wb = load_workbook(sorties / "pamam.xlsx")
    assert wb.sheetnames == versions + ["changements", "suivi", "légende"]
    for v in versions:
        _feuille_livrables_lisible(wb[v], v)
        plan = json.loads((sorties / v / "plan.json").read_text(encoding="utf-8"))
        assert wb[v].max_row - 1 == plan["qualite"]["comptes"]["livrables"]
    total = sum(
        len(json.loads(p.read_text(encoding="utf-8"))["changements"])
        for p in sorties.glob("changements/*/changements.json")
    )
    assert wb["changements"].max_row - 1 == total > 0
