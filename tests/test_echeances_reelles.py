"""Deadline phrases copied from real public texts, kept apart from the grammar's own table.

Why: the table (``echeances_attendues.json``) is written by the people who write the rules,
so passing it says little about phrases they did not think of. These phrases were collected
from public plans, trackers, roadmaps and official announcements (Québec, Canada, France),
their readings written *before* the engine was run on them, and scored once as a held-out
set (issue 13: lot 1 scored 78/86 before any fix it suggested, lot 2, gathered afterwards,
21/27 at its first run; lot 3, 100 phrases from Québec, federal, French and African public
plans, progress reports and announcements, 92/100 at its first run, before any fix it
suggested). Since then they guard against regressions; a fresh held-out set is needed to
measure again. ``source`` says where each phrase comes from.

"Fully right" is the shared scorer's notion: the statut, the window's ends, ``ouvert`` and
``non_reconnu`` as expected (and a rule when the statut is ``recurrent``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from normalisation.echeances import normaliser

PHRASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "echeances_reelles.json").read_text(encoding="utf-8")
)


def _juste(r: dict[str, Any]) -> bool:
    d = normaliser(r["texte"]).en_dict()
    lecture = {k: d[k] for k in ("statut", "debut", "fin", "ouvert", "non_reconnu")}
    attendu = {k: r[k] for k in lecture}
    return lecture == attendu and (r["statut"] != "recurrent" or bool(d["recurrence"]))


def test_phrases_reelles_au_moins_95_pour_cent() -> None:
    """At least 95 % of the real phrases fully right (two known misses are judgement calls)."""
    assert len(PHRASES) >= 100 and {r["lot"] for r in PHRASES} == {1, 2, 3}
    fausses = [r["texte"] for r in PHRASES if not _juste(r)]
    assert len(fausses) <= len(PHRASES) * 0.05, fausses
