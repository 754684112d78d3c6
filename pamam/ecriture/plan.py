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
    "version", "section", "section_titre", "objectif", "action", "action_titre", "mesure", "mesure_titre",
    "livrable_no", "livrable", "echeancier", "statut", "debut", "fin", "precision", "ouvert", "condition",
    "recurrence", "edtf", "en_retard", "page",
]

# Colours per statut in the workbook (background, from a colour-blind-safe palette).
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
        w.writerow([_cellule_csv(r[c]) for c in COLONNES_CSV]
                   + [r["colonnes_supplementaires"].get(k, "") for k in extras])
    return tampon.getvalue()


def plan_json(plan: dict[str, Any]) -> str:
    return json.dumps(plan, ensure_ascii=False, indent=1) + "\n"


def _date(v: str | None) -> dt.datetime | None:
    if not v:
        return None
    try:
        return dt.datetime.strptime(v[:10], "%Y-%m-%d")
    except ValueError:
        return None


def ecrire_classeur(chemin: Any, feuilles: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """An .xlsx with one sheet of livrables per (name, rows) pair, made for reading."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(chemin), {"strings_to_numbers": False, "strings_to_urls": False})
    entete = wb.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
                            "valign": "top", "border": 1})
    formats: dict[tuple[str, bool, bool], Any] = {}

    def fmt(statut: str | None, date: bool = False, retard: bool = False) -> Any:
        cle = (statut or "", date, retard)
        if cle not in formats:
            props: dict[str, Any] = {"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF",
                                     "bg_color": COULEURS_STATUT.get(statut or "", "#FFFFFF")}
            if date:
                props["num_format"] = "yyyy-mm-dd"
            if retard:
                props["font_color"] = "#9C0006"
                props["bold"] = True
            formats[cle] = wb.add_format(props)
        return formats[cle]

    largeurs = {"version": 9, "section": 8, "section_titre": 24, "objectif": 30, "action": 7, "action_titre": 30,
                "mesure": 8, "mesure_titre": 36, "livrable_no": 8, "livrable": 48, "echeancier": 26, "statut": 16,
                "debut": 11, "fin": 11, "precision": 10, "ouvert": 8, "condition": 24, "recurrence": 20,
                "edtf": 22, "en_retard": 9, "page": 6}
    for nom, lignes in feuilles:
        ws = wb.add_worksheet(nom[:31])
        extras: list[str] = []
        for r in lignes:
            for k in r.get("colonnes_supplementaires", {}):
                if k not in extras:
                    extras.append(k)
        colonnes = COLONNES_CSV + extras
        for j, c in enumerate(colonnes):
            ws.write_string(0, j, c, entete)
            ws.set_column(j, j, largeurs.get(c, 18))
        for i, r in enumerate(lignes, 1):
            statut, retard = r.get("statut"), bool(r.get("en_retard"))
            for j, c in enumerate(colonnes):
                v = r["colonnes_supplementaires"].get(c, "") if c in extras else r.get(c)
                if c in ("debut", "fin") and _date(v):
                    ws.write_datetime(i, j, _date(v), fmt(statut, date=True, retard=retard))
                elif isinstance(v, bool):
                    ws.write_boolean(i, j, v, fmt(statut, retard=retard))
                elif isinstance(v, int | float):
                    ws.write_number(i, j, v, fmt(statut, retard=retard))
                elif v is None or v == "":
                    ws.write_blank(i, j, None, fmt(statut, retard=retard))
                else:
                    ws.write_string(i, j, str(v), fmt(statut, retard=retard))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(1, len(lignes)), len(colonnes) - 1)
    wb.close()


def ecrire_fichiers_edition(plan: dict[str, Any], lot: Lot) -> None:
    """Stage plan.json, livrables.csv and livrables.xlsx of one edition in ``lot``."""
    lot.ecrire("plan.json", plan_json(plan))
    lot.ecrire("livrables.csv", livrables_csv(plan))
    ecrire_classeur(lot.chemin("livrables.xlsx"), [(plan["document"]["version"], list(iter_livrables(plan)))])
