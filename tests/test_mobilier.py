"""End to end: page furniture, cells continued across a page break, and scans of both
(issue 10, classes 2, 3 and 6), on the documents of ``tests/fixtures/generer_mobilier.py``.

Why: the producer fixtures hold one or two documents per idea; these vary what a reader
could wrongly rely on (producer, page size, fonts, the furniture's text and place, the
pages it is on, "(suite)" spellings, notes and legends, where page breaks fall, scan
resolution and skew). Each runs the real command line and must rebuild its expected plan
row by row; furniture and notes must not show up in any cell, and every note or legend
line that is not furniture of the page must be said in ``qualite`` as text outside the
tables rather than vanish or be read as a row.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import RACINE, ecarts, sans_tirets

DOSSIER = Path(__file__).resolve().parent / "fixtures" / "mobilier"
DOCUMENTS = sorted(p.stem for p in DOSSIER.glob("*.pdf"))
SCANS = [n for n in DOCUMENTS if n.startswith("scan-")]
# Texts that are furniture, notes or legends in these documents: never inside a cell.
MOBILIER = re.compile(r"(?:\bPage \d|\b\d+ / \d+\b|— \d+ —|\bp\. \d|- \d+ -|\(suite\)|\(SUITE\)|– suite|"
                      r"Sous réserve|Échéancier révisé|Sigles et acronymes|Acronymes|exercice financier|"
                      r"Fin du tableau|PAMAM [-–]|Édition \w)")


def _parametres() -> list[Any]:
    return [pytest.param(n, marks=pytest.mark.ocr) if n in SCANS else n for n in DOCUMENTS]


@pytest.fixture(scope="session")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """``python -m pamam.cli extract`` once per document (scans with ``--ocr``)."""
    faits: dict[str, dict[str, Any]] = {}

    def lancer(nom: str) -> dict[str, Any]:
        if nom not in faits:
            sortie = tmp_path_factory.mktemp(nom)
            commande = [sys.executable, "-m", "pamam.cli", "extract", str(DOSSIER / f"{nom}.pdf"), "--out",
                        str(sortie)]
            if nom in SCANS:
                commande.append("--ocr")
            proc = subprocess.run(commande, capture_output=True, text=True, cwd=RACINE, timeout=1200)
            assert proc.returncode == 0, f"pamam extract {nom} exited {proc.returncode}: {proc.stderr.strip()}"
            (chemin,) = sortie.glob("*/plan.json")
            faits[nom] = json.loads(chemin.read_text(encoding="utf-8"))
        return faits[nom]

    return lancer


def _attendu(nom: str) -> dict[str, Any]:
    return json.loads((DOSSIER / f"{nom}.attendu.json").read_text(encoding="utf-8"))


def _livrables(plan: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(m["numero"], i): liv for s in plan["sections"] for a in s["actions"] for m in a["mesures"]
            for i, liv in enumerate(m["livrables"], 1)}


def test_assez_de_documents_varies() -> None:
    """More documents than the producer fixtures have for these classes, from every producer,
    each with its expected plan."""
    assert len(DOCUMENTS) >= 20
    assert {n.split("-")[0] for n in DOCUMENTS} >= {"canevas", "html", "docx", "scan"}
    assert {n.split("-")[1] for n in SCANS} == {"150", "300"}
    for nom in DOCUMENTS:
        assert (DOSSIER / f"{nom}.attendu.json").exists(), nom


@pytest.mark.parametrize("nom", _parametres())
def test_lignes_exactes(nom: str, plans: Callable[[str], dict[str, Any]]) -> None:
    """Every expected row rebuilt exactly (whitespace collapsed; for scans, dashes made
    alike), none invented; the edition read from the cover, and its title (a scan's large
    cover type may lose a letter or two: 85 % alike)."""
    from rapidfuzz import fuzz

    plan, attendu = plans(nom), _attendu(nom)
    if nom in SCANS:
        plan, attendu = sans_tirets(plan), sans_tirets(attendu)
    diffs = ecarts(plan, attendu)
    assert not diffs, f"{nom}: {len(diffs)} écarts sur {len(_livrables(attendu))} lignes\n" + "\n".join(diffs[:40])
    assert plan["document"]["version"] == attendu["version"]
    for champ in ("titre", "sous_titre"):
        obtenu, voulu = (" ".join(str(d[champ]).split()) for d in (plan["document"], attendu))
        assert obtenu == voulu or (nom in SCANS and fuzz.ratio(obtenu, voulu) >= 85), (champ, obtenu)


@pytest.mark.parametrize("nom", _parametres())
def test_listes_et_mobilier_hors_des_cellules(nom: str, plans: Callable[[str], dict[str, Any]]) -> None:
    """List items keep their own line, and no furniture, note or legend text is in a cell,
    a title or an objective."""
    plan, attendu = plans(nom), _attendu(nom)
    if nom in SCANS:
        plan, attendu = sans_tirets(plan), sans_tirets(attendu)
    voulus = _livrables(attendu)
    for cle, liv in _livrables(plan).items():
        if cle in voulus and "\n" in voulus[cle]["texte"]:
            assert [" ".join(x.split()) for x in liv["texte"].split("\n")] == [
                " ".join(x.split()) for x in voulus[cle]["texte"].split("\n")], cle
    fautifs = [t for t in _textes(plan) if MOBILIER.search(t)]
    assert not fautifs, fautifs[:5]


def _textes(plan: dict[str, Any]) -> list[str]:
    """Every text of a plan that furniture could wrongly end up in."""
    textes = [s["titre"] for s in plan["sections"]] + [s.get("objectif") or "" for s in plan["sections"]]
    for s in plan["sections"]:
        for a in s["actions"]:
            textes.append(a["titre"])
            for m in a["mesures"]:
                textes.append(m["titre"])
                for liv in m["livrables"]:
                    ech = liv["echeancier"]
                    textes += [liv["texte"], ech["texte"] if isinstance(ech, dict) else ech]
    return textes


NOTES = {"canevas-notes-en-haut-sans-bordures": ["* Échéancier révisé", "¹ Sous réserve", "Note : les échéanciers"],
         "canevas-notes-taille-corps-legende-tableau": ["* Échéancier révisé"],
         "html-notes-legende-tableau": ["* Échéancier révisé", "¹ Sous réserve"],
         "docx-notes-legende-tableau": ["* Échéancier révisé"]}


@pytest.mark.parametrize("nom", sorted(NOTES))
def test_les_notes_sont_signalees_hors_tableau(nom: str, plans: Callable[[str], dict[str, Any]]) -> None:
    """A note under a table is not dropped silently: ``qualite`` says it was text outside the
    tables, with its page."""
    avertissements = [a for a in plans(nom)["qualite"]["avertissements"] if a["type"] == "texte_hors_tableau"]
    for note in NOTES[nom]:
        assert any(note in a["message"] and a["page"] for a in avertissements), (note, avertissements)
