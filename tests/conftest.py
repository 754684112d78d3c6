"""Shared helpers for the test suite: paths, the console script, row comparison."""

from __future__ import annotations

import json
import re
import shutil
import sys
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
