"""The workbooks made for people: each edition's ``livrables.xlsx`` and ``sorties/pamam.xlsx``.

Read back with openpyxl, as a spreadsheet user would see them: real dates (sortable),
a frozen header and filters on every data sheet, the statut colours and overdue marks,
the change list of consecutive editions, and a legend sheet.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from conftest import ecrire_sorties, plans_exemples
from normalisation.echeances import TABLE_STATUTS
from pamam.ecriture.colonnes import LIVRABLES

COLONNES_CSV = [c.nom for c in LIVRABLES]
COULEURS_STATUT = {s.code: s.couleur for s in TABLE_STATUTS}


@pytest.fixture(scope="module")
def sorties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ecrire_sorties(plans_exemples(), tmp_path_factory.mktemp("classeur") / "sorties")


def _feuille_livrables_lisible(ws: Any, version: str) -> None:
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    entete = [c.value for c in ws[1]]
    assert entete[: len(COLONNES_CSV)] == COLONNES_CSV
    col = {nom: i for i, nom in enumerate(entete)}
    lignes = list(ws.iter_rows(min_row=2))
    assert lignes
    dates = 0
    for r in lignes:
        assert r[col["version"]].value == version
        for nom in ("debut", "fin"):
            cellule = r[col[nom]]
            if cellule.value is not None:
                assert cellule.is_date and isinstance(cellule.value, dt.datetime), (nom, cellule.value)
                dates += 1
        assert isinstance(r[col["livrable_no"]].value, int)
        couleur = COULEURS_STATUT[r[col["statut"]].value].lstrip("#").upper()
        assert r[col["livrable"]].fill.fgColor.rgb.endswith(couleur)
        if r[col["en_retard"]].value is True:
            assert r[col["livrable"]].font.b and r[col["livrable"]].font.color.rgb.endswith("9C0006")
        else:
            assert not r[col["livrable"]].font.b
    assert dates > 0
    assert ws.column_dimensions["J"].width > 30  # livrable: wide and wrapped
    assert lignes[0][col["livrable"]].alignment.wrap_text


def test_classeur_edition(sorties: Path) -> None:
    wb = load_workbook(sorties / "2023-11" / "livrables.xlsx")
    assert wb.sheetnames == ["2023-11", "légende"]
    _feuille_livrables_lisible(wb["2023-11"], "2023-11")
    retard = [r for r in wb["2023-11"].iter_rows(min_row=2, values_only=True) if r[COLONNES_CSV.index("en_retard")]]
    assert [r[COLONNES_CSV.index("livrable")] for r in retard] == ["Guide des programmes"]


def test_classeur_general(sorties: Path) -> None:
    wb = load_workbook(sorties / "pamam.xlsx")
    assert wb.sheetnames == ["2023-11", "2024-11", "changements", "légende"]
    for v in ("2023-11", "2024-11"):
        _feuille_livrables_lisible(wb[v], v)
    ws = wb["changements"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    entete = [c.value for c in ws[1]]
    lignes = [dict(zip(entete, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    attendus = json.loads((sorties / "changements" / "2023-11__2024-11" / "changements.json").read_text("utf-8"))
    assert [c["type"] for c in lignes] == [c["type"] for c in attendus["changements"]]
    assert {(c["edition_avant"], c["edition_apres"]) for c in lignes} == {("2023-11", "2024-11")}
    report = next(c for c in lignes if c["type"] == "echeance_reportee")
    assert report["ecart_jours"] == 549 and report["mesure"] == "2.1" and report["livrable_no"] == 2


def test_legende(sorties: Path) -> None:
    ws = load_workbook(sorties / "pamam.xlsx")["légende"]
    valeurs = {c.value for r in ws.iter_rows() for c in r if c.value}
    assert set(COULEURS_STATUT) <= valeurs
    assert set(COLONNES_CSV) <= valeurs and "ecart_jours" in valeurs and "en_retard" in valeurs
    realise = next(r[0] for r in ws.iter_rows() if r[0].value == "realise")
    assert realise.fill.fgColor.rgb.endswith(COULEURS_STATUT["realise"].lstrip("#"))


def test_classeurs_deterministes(sorties: Path, tmp_path: Path) -> None:
    autre = ecrire_sorties(plans_exemples(), tmp_path / "sorties")
    for nom in ("pamam.xlsx", "2023-11/livrables.xlsx", "2024-11/livrables.xlsx"):
        assert (autre / nom).read_bytes() == (sorties / nom).read_bytes(), nom


def test_classeur_de_lot(sorties_generees: Path) -> None:
    sorties = sorties_generees
    versions = sorted(p.parent.name for p in sorties.glob("*/plan.json"))
    wb = load_workbook(sorties / "pamam.xlsx")
    assert wb.sheetnames == versions + ["changements", "légende"]
    for v in versions:
        _feuille_livrables_lisible(wb[v], v)
        plan = json.loads((sorties / v / "plan.json").read_text(encoding="utf-8"))
        assert wb[v].max_row - 1 == plan["qualite"]["comptes"]["livrables"]
    total = sum(
        len(json.loads(p.read_text(encoding="utf-8"))["changements"])
        for p in sorties.glob("changements/*/changements.json")
    )
    assert wb["changements"].max_row - 1 == total > 0
