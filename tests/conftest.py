"""Shared helpers for the test suite: paths, the console script, row comparison, generated outputs."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

RACINE = Path(__file__).resolve().parent.parent
FIXTURES = RACINE / "tests" / "fixtures"
SOURCES = RACINE / "sources"


def commande_pamam() -> list[str]:
    """The installed console script, or the module run by this interpreter."""
    voisin = Path(sys.executable).with_name("pamam")
    if voisin.exists():
        return [str(voisin)]
    trouve = shutil.which("pamam")
    return [trouve] if trouve else [sys.executable, "-m", "pamam.cli"]


def _n(s: Any) -> str:
    return re.sub(r"\s+", " ", s or "").strip()


def lignes_plan(plan: dict[str, Any]) -> dict[tuple[str, int], dict[str, str]]:
    """Rows keyed like the shared scorer: (measure number, livrable index)."""
    out = {}
    for s in plan["sections"]:
        for a in s["actions"]:
            for m in a["mesures"]:
                for i, liv in enumerate(m["livrables"], 1):
                    e = liv["echeancier"]
                    e = e.get("texte") if isinstance(e, dict) else e
                    out[(m["numero"], i)] = {
                        "section": s["code"], "section_titre": _n(s["titre"]), "objectif": _n(s.get("objectif")),
                        "action": a["numero"], "action_titre": _n(a["titre"]), "mesure_titre": _n(m["titre"]),
                        "livrable": _n(liv["texte"]), "echeancier": _n(e)}
    return out


def construire(pages: Any, taille_corps: float) -> tuple[list[dict[str, Any]], Any, Any]:
    """The hierarchy stage with its sections as plain dicts (``dataclasses.asdict``), as the
    assertions on its output are written."""
    import dataclasses

    from extraction.hierarchie import construire as construire_types

    sections, couverture, avertissements = construire_types(pages, taille_corps)
    return [dataclasses.asdict(s) for s in sections], couverture, avertissements


def ecarts(obtenu: dict[str, Any], attendu: dict[str, Any]) -> list[str]:
    """Human-readable differences between two plans' rows (empty when identical)."""
    g, r = lignes_plan(obtenu), lignes_plan(attendu)
    diffs = [f"manque {k}" for k in r if k not in g]
    diffs += [f"{k} {c}: {g[k][c]!r} != {r[k][c]!r}" for k in r if k in g for c in r[k] if g[k][c] != r[k][c]]
    diffs += [f"en trop {k}" for k in g if k not in r]
    return diffs


@pytest.fixture(scope="session")
def reference() -> dict[str, dict[str, Any]]:
    return {e: json.loads((FIXTURES / "reference" / f"pamam-{e}.json").read_text(encoding="utf-8"))
            for e in ("2023-11", "2024-11")}


def plans_exemples() -> list[dict[str, Any]]:
    """The two hand-made editions shipped beside the schemas (2023-11, 2024-11), as JSON."""
    dossier = resources.files("pamam.schemas")
    return [
        json.loads(dossier.joinpath(f"exemple-plan-{v}.json").read_text(encoding="utf-8"))
        for v in ("2023-11", "2024-11")
    ]


def _mesure(p: dict[str, Any], numero: str) -> dict[str, Any]:
    return next(m for s in p["sections"] for a in s["actions"] for m in a["mesures"] if m["numero"] == numero)


def trois_editions() -> list[dict[str, Any]]:
    """Three editions of the small invented plan (``fixtures/comparaison/base.json``), a year apart,
    with what following a plan over years meets (each edition names its PDF, two pages):

    - 1.1 L1 "Automne 2030" becomes "D’ici la fin de 2030" (the conventions' 11 days, not a
      postponement), then stays: overdue in 2031-01 and 2032-01 (380 days);
    - 1.2 L1 postponed twice: "Printemps 2031" → "Automne 2031" (183 days) → "Printemps 2032"
      (183 days), 366 days in all;
    - 1.3 L1 "Été 2031" → "Reporté à l’hiver 2032" (180 days) → "Réalisé": planifie → reporte → realise;
    - 2.1 L1 removed in 2031-01;
    - a measure "1.10" added in 2032-01, whose livrable mentions "ententes".
    """
    base = json.loads((FIXTURES / "comparaison" / "base.json").read_text(encoding="utf-8"))

    def edition(version: str, libelle: str) -> dict[str, Any]:
        p = copy.deepcopy(base)
        p["document"].update(version=version, libelle_version=libelle, date_publication=f"{version}-15",
                             source={"fichier": f"plan-{version}.pdf", "sha256": "0" * 64, "pages": 2})
        for m in (m for s in p["sections"] for a in s["actions"] for m in a["mesures"]):
            for li in m["livrables"]:
                li["page"] = 1 if m["numero"].startswith("1.") else 2
        return p

    e1 = edition("2030-01", "JANVIER 2030")
    e2 = edition("2031-01", "JANVIER 2031")
    _mesure(e2, "1.1")["livrables"][0]["echeancier"] = "D’ici la fin de 2030"
    _mesure(e2, "1.2")["livrables"][0]["echeancier"] = "Automne 2031"
    _mesure(e2, "1.3")["livrables"][0]["echeancier"] = "Reporté à l’hiver 2032"
    del _mesure(e2, "2.1")["livrables"][0]
    e3 = copy.deepcopy(e2)
    e3["document"].update(version="2032-01", libelle_version="JANVIER 2032", date_publication="2032-01-15",
                          source={"fichier": "plan-2032-01.pdf", "sha256": "1" * 64, "pages": 2})
    _mesure(e3, "1.2")["livrables"][0]["echeancier"] = "Printemps 2032"
    _mesure(e3, "1.3")["livrables"][0]["echeancier"] = "Réalisé"
    e3["sections"][0]["actions"][0]["mesures"].append(
        {"numero": "1.10", "titre": "Évaluer le guichet unique",
         "livrables": [{"texte": "Rapport d’évaluation du guichet et des ententes avec les MRC",
                        "echeancier": "Automne 2032", "page": 2, "colonnes_supplementaires": {}}]})
    return [e1, e2, e3]


def plan(donnees: dict[str, Any]) -> Any:
    """The ``Plan`` of a plan.json or transcription dict (the model every reader uses)."""
    from normalisation.modele import Plan

    return Plan.depuis_dict(donnees)


def ecrire_sorties(plans: list[dict[str, Any]], sortie: Path) -> Path:
    """What ``pamam lot`` writes after extraction, from plans made by hand."""
    from pamam.lot import ecrire_sorties_communes
    from pamam.pipeline import ecrire_edition

    modeles = [plan(p) for p in plans]
    for p in modeles:
        ecrire_edition(p, sortie)
    ecrire_sorties_communes(modeles, sortie, journal=lambda _ligne: None)
    return sortie


@pytest.fixture(scope="session")
def sorties_generees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Outputs of one ``python -m pamam.lot`` run on a copy of sources/, shared by the session.

    Read-only: a test that alters outputs works on its own ``shutil.copytree`` of it.
    """
    base = tmp_path_factory.mktemp("lot-sources")
    sources = base / "sources"
    sources.mkdir()
    for f in sorted(SOURCES.glob("*.pdf")) + [SOURCES / "manifeste.json"]:
        shutil.copy2(f, sources / f.name)
    r = subprocess.run(
        [sys.executable, "-m", "pamam.lot", str(sources), "--out", str(base / "sorties"), "--processus", "1"],
        cwd=RACINE,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    return base / "sorties"


ECHEANCES = {"echeance_reportee", "echeance_devancee", "echeance_modifiee", "statut_modifie"}


def cle_changement(c: dict[str, Any]) -> tuple[Any, ...]:
    """The acceptance check's key for a change: deadline types form one family."""
    t = c["type"]
    famille = "echeance" if t in ECHEANCES else t
    if t.startswith("action"):
        return (famille, c.get("action"), None)
    if t == "mesure_retiree":
        return (t, c.get("mesure_avant"), None)
    if t.startswith("mesure"):
        return (t, c.get("mesure"), None)
    return (famille, c.get("mesure"), c.get("livrable_no"))


_TIRETS = re.compile(r"[-‐‑‒–—]")


def sans_tirets(plan: dict[str, Any]) -> dict[str, Any]:
    """A plan whose dashes are all "-" (the list marker "―" kept): what a scan can be asked
    to give back exactly. Which dash a word or a spaced pair of words holds ("Saguenay–Lac",
    "2025 – Dès") is decided by a few pixels at scan resolution, where tesseract is not
    reliable: the other characters, the rows and the structure must still be exact."""
    return json.loads(_TIRETS.sub("-", json.dumps(plan, ensure_ascii=False)))


def sur_un_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (as in a shell); (exit code, what it showed)."""
    import os
    import pty

    maitre, esclave = pty.openpty()
    try:
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=esclave, cwd=cwd)
        os.close(esclave)
        recu = b""
        while True:
            try:
                bloc = os.read(maitre, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not bloc:
                break
            recu += bloc
        return p.wait(timeout=300), recu.decode("utf-8", "replace").replace("\r\n", "\n")
    finally:
        os.close(maitre)
