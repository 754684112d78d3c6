"""End to end: ``pamam extract`` on renderings the extraction was not written against.

Why: the reference PDFs are one producer's layout; the contract promises the same table
from any rendering of it (other producers, borderless, cell rectangles, rows split across
pages, portrait, an extra column, ligature glyphs, another edition, a browser print, a
40-page document; then one table holding the section headings, vertically centred merged
cells, a header printed once per table, an extra column in the middle, "1)" / "1.1)"
numbering, long wrapped titles, running headers and footnotes, borderless portrait pages
and a borderless browser print). ``tests/fixtures/generer.py`` draws those renderings and writes, for
each, the plan it must yield (``<nom>.attendu.json``); this file runs the real command
line on each PDF, as a user would, and compares its ``plan.json`` row by row.

Rows are keyed (measure number, livrable index) and compared field by field after
collapsing whitespace, the way the project's acceptance scoring does; list items' line
breaks, which that collapsing hides, are checked separately. The scanned variant has no
text layer: the command must refuse it with one clear line on stderr.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

VARIANTES_DIR = Path(__file__).resolve().parent / "fixtures" / "variantes"

#: Variants with a text layer, in the order generer.py produces them.
TEXTUELLES = [
    "reportlab-paysage", "sans-bordures", "rectangles", "portrait", "cinquieme-colonne",
    "ligne-coupee", "sections-continues", "ligatures", "renumerotee", "navigateur", "long-40-pages",
    "sections-dans-tableau", "centre-vertical", "entete-unique", "colonne-milieu", "numerotation-parentheses",
    "titres-longs", "pied-et-entete", "sans-bordures-portrait", "navigateur-sans-bordures",
    "navigateur-centre", "navigateur-centre-2024", "pivotee-90", "pivotee-270",
    "sans-bordures-cinquieme", "sans-bordures-centre", "sans-bordures-centre-portrait", "sans-bordures-milieu-coupee",
    "rectangles-centre-portrait", "sans-bordures-sections-dans-tableau", "sans-bordures-parentheses-courant",
    "sans-bordures-entete-centre", "sans-bordures-renumerotee-centre", "sections-dans-tableau-portrait",
]
SCANNEE = "scannee"
CHAMPS = ("section", "section_titre", "objectif", "action", "action_titre", "mesure_titre",
          "livrable", "echeancier")

Ligne = dict[str, Any]


def _norm(texte: str | None) -> str:
    """Whitespace collapsed: wrapping is not what these rows compare."""
    return re.sub(r"\s+", " ", texte or "").strip()


def _echeance(valeur: Any) -> str | None:
    """The printed deadline, whether plan.json holds the normalised object or a string."""
    return valeur.get("texte") if isinstance(valeur, dict) else valeur


def _livrables(plan: dict[str, Any]) -> dict[tuple[str, int], tuple[dict, dict, dict, dict]]:
    """(measure number, livrable index from 1) → (section, action, measure, livrable)."""
    sortie = {}
    for s in plan.get("sections", []):
        for a in s.get("actions", []):
            for m in a.get("mesures", []):
                for i, liv in enumerate(m.get("livrables", []), 1):
                    sortie[(m.get("numero"), i)] = (s, a, m, liv)
    return sortie


def _lignes(plan: dict[str, Any]) -> dict[tuple[str, int], Ligne]:
    """One comparable row per livrable, as the acceptance scoring builds them."""
    return {
        cle: {"section": s.get("code"), "section_titre": _norm(s.get("titre")),
              "objectif": _norm(s.get("objectif")), "action": a.get("numero"),
              "action_titre": _norm(a.get("titre")), "mesure_titre": _norm(m.get("titre")),
              "livrable": _norm(liv.get("texte")), "echeancier": _norm(_echeance(liv.get("echeancier")))}
        for cle, (s, a, m, liv) in _livrables(plan).items()
    }


def _pamam() -> str:
    """The installed console script: next to this interpreter first, else on PATH."""
    voisin = Path(sys.executable).with_name("pamam")
    if voisin.exists():
        return str(voisin)
    trouve = shutil.which("pamam")
    if trouve is None:
        pytest.fail("console script `pamam` not found (pip install -e . in the virtualenv)")
    return trouve


@dataclass(frozen=True)
class Extraction:
    """What one ``pamam extract`` run left behind."""

    pdf: Path
    code: int
    stderr: str
    sortie: Path
    plans: list[Path]

    def plan(self) -> dict[str, Any]:
        """The single plan.json written, or a failure that says why there is none."""
        assert self.code == 0, f"pamam extract {self.pdf.name} exited {self.code}: {self.stderr.strip()}"
        assert len(self.plans) == 1, f"expected one */plan.json under {self.sortie}, found {self.plans}"
        return json.loads(self.plans[0].read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extraire(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Extraction]:
    """Run ``pamam extract`` once per variant for the whole session (the long one is slow)."""
    faits: dict[str, Extraction] = {}

    def lancer(nom: str) -> Extraction:
        if nom not in faits:
            pdf = VARIANTES_DIR / f"{nom}.pdf"
            assert pdf.exists(), f"{pdf} missing: run .venv/bin/python tests/fixtures/generer.py"
            sortie = tmp_path_factory.mktemp(nom)
            proc = subprocess.run([_pamam(), "extract", str(pdf), "--out", str(sortie)],
                                  capture_output=True, text=True, cwd=sortie, timeout=900)
            faits[nom] = Extraction(pdf, proc.returncode, proc.stderr, sortie, sorted(sortie.glob("*/plan.json")))
        return faits[nom]

    return lancer


def _attendu(nom: str) -> dict[str, Any]:
    return json.loads((VARIANTES_DIR / f"{nom}.attendu.json").read_text(encoding="utf-8"))


def test_chaque_variante_est_testee() -> None:
    """A PDF added to the fixtures without being listed here would silently go untested."""
    presents = {p.stem for p in VARIANTES_DIR.glob("*.pdf")}
    assert presents == set(TEXTUELLES) | {SCANNEE}
    for nom in presents:
        assert (VARIANTES_DIR / f"{nom}.attendu.json").exists(), nom


@pytest.mark.parametrize("nom", TEXTUELLES)
def test_lignes_exactes(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """Every expected row is rebuilt exactly, and no row is invented."""
    obtenues = _lignes(extraire(nom).plan())
    voulues = _lignes(_attendu(nom))
    ecarts = []
    for cle, voulue in voulues.items():
        obtenue = obtenues.get(cle)
        if obtenue is None:
            ecarts.append(f"missing row {cle[0]}/{cle[1]}: {voulue['livrable'][:60]!r}")
            continue
        ecarts += [f"row {cle[0]}/{cle[1]} {champ}: got {obtenue.get(champ)!r}, want {voulue[champ]!r}"
                   for champ in CHAMPS if obtenue.get(champ) != voulue[champ]]
    ecarts += [f"spurious row {cle[0]}/{cle[1]}: {obtenues[cle]['livrable'][:60]!r}"
               for cle in obtenues if cle not in voulues]
    exactes = sum(1 for cle, v in voulues.items() if obtenues.get(cle) == v)
    assert not ecarts, f"{nom}: {exactes}/{len(voulues)} rows exact\n" + "\n".join(ecarts[:40])


@pytest.mark.parametrize("nom", TEXTUELLES)
def test_sauts_de_ligne_des_listes(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """List items keep their own line ("\\n" before "― "), which collapsed rows cannot see."""
    voulus = {cle: liv["texte"] for cle, (_s, _a, _m, liv) in _livrables(_attendu(nom)).items()
              if "\n" in liv["texte"]}
    if not voulus:
        pytest.skip("no list item in this variant")
    obtenus = _livrables(extraire(nom).plan())
    ecarts = []
    for cle, texte in voulus.items():
        liv = obtenus.get(cle, (None, None, None, {}))[3]
        voulu = [_norm(ligne) for ligne in texte.split("\n")]
        obtenu = [_norm(ligne) for ligne in (liv.get("texte") or "").split("\n")]
        if obtenu != voulu:
            ecarts.append(f"{cle[0]}/{cle[1]}: got {obtenu!r}, want {voulu!r}")
    assert not ecarts, "\n".join(ecarts)


@pytest.mark.parametrize("nom", TEXTUELLES)
def test_document_lu_sur_la_couverture(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """The version comes from the cover ("NOVEMBRE" and "2024" may be separate lines)."""
    document = extraire(nom).plan().get("document", {})
    voulu = _attendu(nom)
    assert document.get("version") == voulu["version"]
    for champ in ("libelle_version", "titre", "sous_titre"):
        assert _norm(document.get(champ)) == _norm(voulu[champ]), champ


@pytest.mark.parametrize("nom", TEXTUELLES)
def test_colonnes_supplementaires(nom: str, extraire: Callable[[str], Extraction]) -> None:
    """A fifth column lands in each livrable's colonnes_supplementaires; four columns add none."""
    obtenus = _livrables(extraire(nom).plan())
    ecarts = []
    for cle, (_s, _a, _m, liv) in _livrables(_attendu(nom)).items():
        voulu = {k: _norm(v) for k, v in liv.get("colonnes_supplementaires", {}).items()}
        trouve = obtenus.get(cle, (None, None, None, {}))[3].get("colonnes_supplementaires") or {}
        obtenu = {_norm(k): _norm(v) for k, v in trouve.items()}
        if obtenu != voulu:
            ecarts.append(f"{cle[0]}/{cle[1]}: got {obtenu!r}, want {voulu!r}")
    assert not ecarts, "\n".join(ecarts[:40])


def test_scannee_refusee(extraire: Callable[[str], Extraction]) -> None:
    """An image-only PDF: non-zero exit, one stderr line naming the file and the missing
    text layer (or OCR), no traceback and no plan written."""
    resultat = extraire(SCANNEE)
    assert resultat.code != 0
    lignes = resultat.stderr.strip().splitlines()
    assert len(lignes) == 1, resultat.stderr
    assert "scannee.pdf" in lignes[0]
    assert re.search(r"ocr|texte|text", lignes[0], re.IGNORECASE), lignes[0]
    assert resultat.plans == []
