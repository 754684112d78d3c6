"""End to end: the "other table designs" of issue 10 in many variants (``fixtures/tableaux``).

Why: the contract says that numbers printed in a column of their own, actions printed as
band rows, a header on two levels or columns in another order change nothing in the output,
and the same goes for cells drawn as filled rectangles a gutter apart and échéanciers in
badges. ``tests/fixtures/generer_tableaux.py`` draws each design with the three producers
(reportlab canvas, LibreOffice, Chromium), ruled, borderless or with gutters, top-aligned
or centred, on several page sizes and fonts; each ``<nom>.pdf`` comes with the plan it must
yield. The extraction runs in-process (the command line is exercised by
``test_producteurs.py``) and is compared row by row.

One document is ambiguous by nature (``AMBIGUS``): a borderless word-processor table with no
space between rows, where a livrable ends on a full line and the next one, sharing the
échéancier above, starts with a capital — nothing on the page tells the two apart. There the
test asserts what the contract asks instead: every misread row lies on a page that the
quality report calls doubtful.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ecarts, lignes_plan

DOSSIER = Path(__file__).resolve().parent / "fixtures" / "tableaux"
DOCUMENTS = sorted(p.stem for p in DOSSIER.glob("*.pdf"))
AMBIGUS = {"docx-numeros-sans-bordures": {3}}  # document → pages that must be said doubtful

_plans: dict[str, dict[str, Any]] = {}


def extraire(nom: str) -> dict[str, Any]:
    if nom not in _plans:
        from pamam.pipeline import extraire_edition

        _plans[nom] = extraire_edition(DOSSIER / f"{nom}.pdf").en_dict()
    return _plans[nom]


def attendu(nom: str) -> dict[str, Any]:
    return json.loads((DOSSIER / f"{nom}.attendu.json").read_text(encoding="utf-8"))


def doutes(plan: dict[str, Any]) -> set[int]:
    return {a["page"] for a in plan["qualite"]["avertissements"] if a["type"] == "page_douteuse"}


def test_assez_de_documents_de_chaque_producteur() -> None:
    assert len(DOCUMENTS) >= 40
    for producteur in ("canevas", "html", "docx"):
        assert sum(1 for n in DOCUMENTS if n.startswith(producteur)) >= 10, producteur
    for nom in DOCUMENTS:
        assert (DOSSIER / f"{nom}.attendu.json").exists(), nom


@pytest.mark.parametrize("nom", [n for n in DOCUMENTS if n not in AMBIGUS])
def test_lignes_exactes_et_aucun_doute(nom: str) -> None:
    """Every row rebuilt exactly, no extra column, and no page called doubtful."""
    plan = extraire(nom)
    diffs = ecarts(plan, attendu(nom))
    assert not diffs, f"{nom}: {len(diffs)} écarts\n" + "\n".join(diffs[:30])
    extras = [(m["numero"], liv["colonnes_supplementaires"]) for s in plan["sections"] for a in s["actions"]
              for m in a["mesures"] for liv in m["livrables"] if liv["colonnes_supplementaires"]]
    assert not extras, extras[:5]
    assert not doutes(plan), plan["qualite"]["avertissements"]


@pytest.mark.parametrize("nom", sorted(AMBIGUS))
def test_les_erreurs_d_un_document_ambigu_sont_sur_ses_pages_douteuses(nom: str) -> None:
    plan = extraire(nom)
    signalees = doutes(plan)
    assert AMBIGUS[nom] <= signalees
    pages = {(m["numero"], i): liv["page"] for s in plan["sections"] for a in s["actions"] for m in a["mesures"]
             for i, liv in enumerate(m["livrables"], 1)}
    mesures_douteuses = {cle[0] for cle, page in pages.items() if page in signalees}
    fautives = {d.split("'")[1] for d in ecarts(plan, attendu(nom))}
    assert fautives and fautives <= mesures_douteuses


@pytest.mark.parametrize("nom", [n for n in DOCUMENTS if "bandes" in n])
def test_une_action_en_bande_a_pour_cadre_la_bande(nom: str) -> None:
    """The box of an action printed as a band row spans the table, above its first row."""
    plan = extraire(nom)
    for s in plan["sections"]:
        for a in s["actions"]:
            premiere = a["mesures"][0]["livrables"][0]
            actions = [c for c in premiere["cadres"] if c["role"] == "action"]
            livrables = [c for c in premiere["cadres"] if c["role"] == "livrable"]
            assert actions and livrables, (nom, a["numero"])
            bande, livrable = actions[0], livrables[0]
            assert bande["x1"] - bande["x0"] > 1.5 * (livrable["x1"] - livrable["x0"]), (nom, a["numero"])
            assert bande["page"] < livrable["page"] or bande["bottom"] <= livrable["top"] + 1, (nom, a["numero"])


def test_les_lignes_attendues_existent() -> None:
    """The expected plans are not empty (a generator bug would make every test vacuous)."""
    for nom in DOCUMENTS:
        assert len(lignes_plan(attendu(nom))) >= 5, nom
