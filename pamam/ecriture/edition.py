"""One edition's files: plan.json, livrables.csv and livrables.xlsx, written together.

The CSV is the analysts' flat view (one row per livrable, the contract's columns in the
contract's order, then any extra column of the table); the workbook is the same table
made for people (``classeur``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from normalisation.modele import Plan
from pamam.ecriture.classeur import ecrire_classeur
from pamam.ecriture.colonnes import colonnes_livrables, lignes_csv
from pamam.fichiers import Transaction


def livrables_csv(plan: Plan) -> str:
    """RFC 4180 CSV text (CRLF line ends, quotes where needed, "\\n" kept inside cells)."""
    tampon = io.StringIO()
    csv.writer(tampon, lineterminator="\r\n").writerows(lignes_csv(colonnes_livrables(plan), plan.livrables))
    return tampon.getvalue()


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.en_dict(), ensure_ascii=False, indent=1) + "\n"


def publication(plan: Plan) -> dt.datetime | None:
    """The edition's publication date: a creation time that does not change between runs."""
    d = plan.publication
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC) if d else None


def ecrire_edition(plan: Plan, dossier: Path) -> Path:
    """Write ``dossier/<version>/`` (plan.json, livrables.csv, livrables.xlsx) all together or not at all."""
    cible = Path(dossier) / plan.version
    with Transaction(cible) as t:
        t.ecrire("plan.json", plan_json(plan))
        t.ecrire("livrables.csv", livrables_csv(plan))
        ecrire_classeur(t.chemin("livrables.xlsx"), [plan], cree=publication(plan))
    return cible
