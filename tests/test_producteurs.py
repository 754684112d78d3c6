"""End to end: ``pamam extract`` on documents made by other producers (issue 10).

Why: the contract promises the same table whatever made the PDF. ``tests/fixtures/
generer_producteurs.py`` makes documents with reportlab's low-level canvas (words or glyphs
placed one by one, no space character, shuffled glyph order), LibreOffice (from .docx) and
headless Chromium (from HTML), with page furniture inside the columns' span, cells continued
across page breaks, other table designs (N° columns, action bands, two-level header, other
column orders, white gutters, badges), automatic hyphenation, and scans of some of them.
Each ``<nom>.pdf`` comes with ``<nom>.attendu.json``; this file runs the real command line
on each, as a user would, and compares its ``plan.json`` row by row (``conftest.ecarts``),
then checks that list items keep their "\\n" and that the cover was read.

Scans (``scan-*``) have no text layer and are read with ``--ocr``; they carry the ``ocr``
marker, and their dashes are compared alike (``conftest.sans_tirets``).
They are never skipped: without tesseract and its French data the test fails (CI
installs them).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import RACINE, ecarts, sans_tirets

DOSSIER = Path(__file__).resolve().parent / "fixtures" / "producteurs"
DOCUMENTS = sorted(p.stem for p in DOSSIER.glob("*.pdf"))
SCANS = [n for n in DOCUMENTS if n.startswith("scan-")]
TEXTUELS = [n for n in DOCUMENTS if n not in SCANS]


def _parametres() -> list[Any]:
    return [pytest.param(n, marks=pytest.mark.ocr) if n in SCANS else n for n in DOCUMENTS]


@dataclass(frozen=True)
class Extraction:
    pdf: Path
    code: int
    stderr: str
    plans: list[Path]

    def plan(self) -> dict[str, Any]:
        assert self.code == 0, f"pamam extract {self.pdf.name} exited {self.code}: {self.stderr.strip()}"
        assert len(self.plans) == 1, f"expected one */plan.json, found {self.plans}"
        return json.loads(self.plans[0].read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extraire(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Extraction]:
    """Run ``python -m pamam.cli extract`` once per document for the whole session."""
    faits: dict[str, Extraction] = {}

    def lancer(nom: str) -> Extraction:
        if nom not in faits:
            pdf = DOSSIER / f"{nom}.pdf"
            sortie = tmp_path_factory.mktemp(nom)
            commande = [sys.executable, "-m", "pamam.cli", "extract", str(pdf), "--out", str(sortie)]
            if nom in SCANS:
                commande.append("--ocr")
            proc = subprocess.run(commande, capture_output=True, text=True, cwd=RACINE, timeout=1200)
            faits[nom] = Extraction(pdf, proc.returncode, proc.stderr, sorted(sortie.glob("*/plan.json")))
        return faits[nom]

    return lancer


def _attendu(nom: str) -> dict[str, Any]:
    return json.loads((DOSSIER / f"{nom}.attendu.json").read_text(encoding="utf-8"))


def _livrables(plan: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(m["numero"], i): liv for s in plan.get("sections", []) for a in s.get("actions", [])
            for m in a.get("mesures", []) for i, liv in enumerate(m.get("livrables", []), 1)}


def _norm(texte: str | None) -> str:
    return re.sub(r"\s+", " ", texte or "").strip()


def test_chaque_document_a_son_attendu() -> None:
    """Every PDF has its expected plan, and there are documents to test."""
    assert len(DOCUMENTS) >= 40
    for nom in DOCUMENTS:
        assert (DOSSIER / f"{nom}.attendu.json").exists(), nom


@pytest.mark.parametrize("nom", _parametres())
def test_lignes_exactes(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """Every expected row is rebuilt exactly (whitespace collapsed), and none is invented."""
    plan, attendu = extraire(nom).plan(), _attendu(nom)
    if nom in SCANS:
        plan, attendu = sans_tirets(plan), sans_tirets(attendu)
    diffs = ecarts(plan, attendu)
    total = len(_livrables(attendu))
    assert not diffs, f"{nom}: {len(diffs)} écarts sur {total} lignes\n" + "\n".join(diffs[:40])


@pytest.mark.parametrize("nom", _parametres())
def test_sauts_de_ligne_des_listes(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """List items keep their own line ("\\n" before "― "), which collapsed rows cannot see."""
    plan, attendu = extraire(nom).plan(), _attendu(nom)
    if nom in SCANS:
        plan, attendu = sans_tirets(plan), sans_tirets(attendu)
    voulus = {cle: liv["texte"] for cle, liv in _livrables(attendu).items() if "\n" in liv["texte"]}
    obtenus = _livrables(plan)
    diffs = []
    for cle, texte in voulus.items():
        voulu = [_norm(ligne) for ligne in texte.split("\n")]
        obtenu = [_norm(ligne) for ligne in (obtenus.get(cle, {}).get("texte") or "").split("\n")]
        if obtenu != voulu:
            diffs.append(f"{cle[0]}/{cle[1]}: got {obtenu!r}, want {voulu!r}")
    assert not diffs, "\n".join(diffs)


@pytest.mark.parametrize("nom", _parametres())
def test_couverture(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """The edition, title and subtitle come from the cover, whatever the producer."""
    document = extraire(nom).plan()["document"]
    voulu = _attendu(nom)
    assert document.get("version") == voulu["version"]
    for champ in ("libelle_version", "titre", "sous_titre"):
        assert _norm(document.get(champ)) == _norm(voulu[champ]), champ


@pytest.mark.parametrize("nom", _parametres())
def test_colonnes_supplementaires(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """No document here has a fifth column: N° columns and sub-headers add none."""
    obtenus = _livrables(extraire(nom).plan())
    voulus = _livrables(_attendu(nom))
    diffs = [f"{cle[0]}/{cle[1]}: {liv.get('colonnes_supplementaires')!r}" for cle, liv in obtenus.items()
             if (liv.get("colonnes_supplementaires") or {})
             != (voulus.get(cle, {}).get("colonnes_supplementaires") or {})]
    assert not diffs, "\n".join(diffs[:20])
