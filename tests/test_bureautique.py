"""End to end: synoptic tables as word processors and browsers print them (issue 10).

Why: real plans of this genre are most often Word documents exported to PDF, sometimes web
pages printed by a browser; the contract promises the same plan whatever made the PDF.
``tests/fixtures/generer_bureautique.py`` writes .docx files (python-docx) that LibreOffice
exports, and HTML pages that headless Chromium prints, varying what a ministry's template
varies: section headings in a heading style ("Axe 2 – Titre", "Orientation B : Titre",
"B. Un titre"), a table of contents, an introduction, "Objectif :" labels, tables ruled only
horizontally or not at all, merged or unmerged cells, Word's Symbol bullets, numbered
sub-items, soft hyphens, a fifth column, page sizes and fonts. Each ``<nom>.pdf`` comes with
the plan it must yield (``<nom>.attendu.json``). The extraction runs in-process (the command
line is exercised by ``test_producteurs.py``) and every row, list break, cover field and
extra column is compared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ecarts

DOSSIER = Path(__file__).resolve().parent / "fixtures" / "bureautique"
DOCUMENTS = sorted(p.stem for p in DOSSIER.glob("*.pdf"))

_plans: dict[str, dict[str, Any]] = {}


def extraire(nom: str) -> dict[str, Any]:
    if nom not in _plans:
        from pamam.pipeline import extraire_edition

        _plans[nom] = extraire_edition(DOSSIER / f"{nom}.pdf").en_dict()
    return _plans[nom]


def attendu(nom: str) -> dict[str, Any]:
    return json.loads((DOSSIER / f"{nom}.attendu.json").read_text(encoding="utf-8"))


def _norm(texte: str | None) -> str:
    return re.sub(r"\s+", " ", texte or "").strip()


def _livrables(plan: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(m["numero"], i): liv for s in plan["sections"] for a in s["actions"] for m in a["mesures"]
            for i, liv in enumerate(m["livrables"], 1)}


def test_assez_de_documents_de_chaque_producteur() -> None:
    assert len(DOCUMENTS) >= 30
    for producteur in ("docx", "html"):
        assert sum(1 for n in DOCUMENTS if n.startswith(producteur)) >= 10, producteur
    for nom in DOCUMENTS:
        assert (DOSSIER / f"{nom}.attendu.json").exists(), nom


@pytest.mark.parametrize("nom", DOCUMENTS)
def test_lignes_exactes(nom: str) -> None:
    """Every expected row rebuilt exactly (whitespace collapsed), and none invented."""
    diffs = ecarts(extraire(nom), attendu(nom))
    assert not diffs, f"{nom}: {len(diffs)} écarts\n" + "\n".join(diffs[:30])


@pytest.mark.parametrize("nom", DOCUMENTS)
def test_sauts_de_ligne_des_listes(nom: str) -> None:
    """List items (Word's bullets, a browser's discs, numbered sub-items) keep their own line."""
    obtenus = _livrables(extraire(nom))
    diffs = []
    for cle, liv in _livrables(attendu(nom)).items():
        if "\n" not in liv["texte"]:
            continue
        voulu = [_norm(ligne) for ligne in liv["texte"].split("\n")]
        obtenu = [_norm(ligne) for ligne in (obtenus.get(cle, {}).get("texte") or "").split("\n")]
        if obtenu != voulu:
            diffs.append(f"{cle[0]}/{cle[1]}: got {obtenu!r}, want {voulu!r}")
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.parametrize("nom", DOCUMENTS)
def test_couverture(nom: str) -> None:
    """Edition, title and subtitle come from the cover, not from a table of contents or an
    introduction printed before the first section."""
    document = extraire(nom)["document"]
    voulu = attendu(nom)
    assert document.get("version") == voulu["version"]
    for champ in ("libelle_version", "titre", "sous_titre"):
        assert _norm(document.get(champ)) == _norm(voulu[champ]), champ


@pytest.mark.parametrize("nom", DOCUMENTS)
def test_colonnes_supplementaires(nom: str) -> None:
    """A fifth column (RESPONSABLE, PARTENAIRES…) is kept by its name, and nothing else is one."""
    obtenus = _livrables(extraire(nom))
    voulus = _livrables(attendu(nom))
    diffs = [f"{cle[0]}/{cle[1]}: {liv.get('colonnes_supplementaires')!r}" for cle, liv in obtenus.items()
             if (liv.get("colonnes_supplementaires") or {})
             != (voulus.get(cle, {}).get("colonnes_supplementaires") or {})]
    assert not diffs, "\n".join(diffs[:20])
