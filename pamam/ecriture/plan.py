"""One edition's files: plan.json, livrables.csv and livrables.xlsx.

The CSV is the analysts' flat view (one row per livrable, the contract's columns in the
contract's order); the workbook is the same table made for people: real dates, filters,
frozen header, wrapped text, a colour per statut and overdue rows marked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from pamam.fichiers import Lot

COLONNES_CSV = [
    "version",
    "section",
    "section_titre",
    "objectif",
    "action",
    "action_titre",
    "mesure",
    "mesure_titre",
    "livrable_no",
    "livrable",
    "echeancier",
    "statut",
    "debut",
    "fin",
    "precision",
    "ouvert",
    "condition",
    "recurrence",
    "edtf",
    "en_retard",
    "page",
]

#: Colours per statut in the workbooks (background, from a colour-blind-safe palette).
COULEURS_STATUT = {
    "realise": "#D9EAD3",
    "realise_en_continu": "#CFE2F3",
    "en_continu": "#DDEBF7",
    "en_cours": "#FFF2CC",
    "planifie": "#FFFFFF",
    "conditionnel": "#EAD1DC",
    "recurrent": "#D0E0E3",
    "reporte": "#FCE5CD",
    "abandonne": "#D9D9D9",
    "indetermine": "#F4CCCC",
}


def iter_livrables(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Flat rows, one per livrable, in document order (values as Python objects)."""
    version = plan["document"]["version"]
    for s in plan["sections"]:
        for a in s["actions"]:
            for m in a["mesures"]:
                for i, liv in enumerate(m["livrables"], 1):
                    e = liv["echeancier"]
                    if not isinstance(e, dict):
                        e = {"texte": e}
                    yield {
                        "version": version,
                        "section": s["code"],
                        "section_titre": s["titre"],
                        "objectif": s.get("objectif", ""),
                        "action": a["numero"],
                        "action_titre": a["titre"],
                        "mesure": m["numero"],
                        "mesure_titre": m["titre"],
                        "livrable_no": i,
                        "livrable": liv["texte"],
                        "echeancier": e.get("texte", ""),
                        "statut": e.get("statut"),
                        "debut": e.get("debut"),
                        "fin": e.get("fin"),
                        "precision": e.get("precision"),
                        "ouvert": e.get("ouvert"),
                        "condition": e.get("condition"),
                        "recurrence": e.get("recurrence"),
                        "edtf": e.get("edtf"),
                        "en_retard": e.get("en_retard"),
                        "page": liv.get("page"),
                        "colonnes_supplementaires": liv.get("colonnes_supplementaires") or {},
                    }


def _cellule_csv(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def livrables_csv(plan: dict[str, Any]) -> str:
    """RFC 4180 CSV text (CRLF line ends, quotes where needed, "\\n" kept inside cells)."""
    lignes = list(iter_livrables(plan))
    extras: list[str] = []
    for r in lignes:
        for k in r["colonnes_supplementaires"]:
            if k not in extras:
                extras.append(k)
    tampon = io.StringIO()
    w = csv.writer(tampon, lineterminator="\r\n")
    w.writerow(COLONNES_CSV + extras)
    for r in lignes:
        w.writerow(
            [_cellule_csv(r[c]) for c in COLONNES_CSV] + [r["colonnes_supplementaires"].get(k, "") for k in extras]
        )
    return tampon.getvalue()


def plan_json(plan: dict[str, Any]) -> str:
    return json.dumps(plan, ensure_ascii=False, indent=1) + "\n"


def ecrire_classeur(
    chemin: Any, feuilles: list[tuple[str, list[dict[str, Any]]]], cree: dt.datetime | None = None
) -> None:
    """An .xlsx with one sheet of livrables per (name, rows) pair, made for reading, plus a legend sheet.

    The layout lives in ``pamam.ecriture.classeur`` (shared with ``sorties/pamam.xlsx``);
    ``cree`` fixes the workbook's creation time so that regenerating gives the same bytes.
    """
    from pamam.ecriture.classeur import ecrire_classeur as ecrire

    ecrire(chemin, feuilles, cree=cree)


def _publication(plan: dict[str, Any]) -> dt.datetime | None:
    """The edition's publication date: a creation time that does not change between runs."""
    try:
        return dt.datetime.strptime(str(plan["document"].get("date_publication"))[:10], "%Y-%m-%d").replace(
            tzinfo=dt.UTC
        )
    except ValueError:
        return None


def ecrire_fichiers_edition(plan: dict[str, Any], lot: Lot) -> None:
    """Stage plan.json, livrables.csv and livrables.xlsx of one edition in ``lot``."""
    lot.ecrire("plan.json", plan_json(plan))
    lot.ecrire("livrables.csv", livrables_csv(plan))
    ecrire_classeur(
        lot.chemin("livrables.xlsx"),
        [(plan["document"]["version"], list(iter_livrables(plan)))],
        cree=_publication(plan),
    )
