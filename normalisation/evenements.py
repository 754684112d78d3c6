"""Dated events listed inside a livrable's text ("― 16 juin 2023 – Tenue").

Why: a livrable such as a series of meetings carries its own calendar, each date marked
held or not; the change report and the analysts want those dates as data, not prose.
The month names and the words meaning "held" come from the deadline vocabulary
(``normalisation/echeances/vocabulaire.toml``), so there is one place to add a synonym.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from normalisation.echeances.pliage import plier
from normalisation.echeances.vocabulaire import alternative, mot, vocabulaire

_PUCE = re.compile(r"^[\s―–—•▪●◦■□►▸✓➢⁃*\-]+")


@cache
def _motifs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = vocabulaire()
    premier = [f for f, rang in v.ordinaux.items() if rang == 1]
    date_ = re.compile(
        rf"(?<![0-9])(?P<j>\d\d?|{alternative(premier)}) (?P<m>{alternative(v.mois)})\.? (?P<a>(?:19|20|21)\d\d)"
        rf"|(?P<iso>(?:19|20|21)\d\d-\d\d-\d\d)"
    )
    return date_, re.compile(mot(v.tenu))


def _jour(m: re.Match[str]) -> date | None:
    v = vocabulaire()
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"])
        j = int(m["j"]) if m["j"].isdigit() else v.ordinaux[m["j"]]
        return date(int(m["a"]), v.mois[m["m"]], j)
    except ValueError:
        return None


def evenements(texte_livrable: str) -> list[dict[str, Any]]:
    """Every full date (day, month, year) in the text, in order, with whether it was held.

    ``texte`` is the line the date sits on, without its list marker. ``tenue`` is true when
    a "held" word follows the date before the next date of the line.
    """
    motif_date, motif_tenu = _motifs()
    sortie: list[dict[str, Any]] = []
    for ligne in (texte_livrable or "").splitlines():
        ligne = " ".join(_PUCE.sub("", ligne).split())
        if not ligne:
            continue
        s, _ = plier(ligne)
        trouves = [(m, d) for m in motif_date.finditer(s) if (d := _jour(m)) is not None]
        for i, (m, d) in enumerate(trouves):
            fin = trouves[i + 1][0].start() if i + 1 < len(trouves) else len(s)
            sortie.append({"date": d.isoformat(), "texte": ligne, "tenue": bool(motif_tenu.search(s, m.end(), fin))})
    return sortie
