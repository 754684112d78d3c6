"""``changements.csv``: one row per change, for spreadsheets and scripts.

RFC 4180 (CRLF line ends, double-quoted cells when needed), UTF-8 with no BOM, header =
the contract's keys of a change so that the CSV and the JSON read alike. Empty cells
stand for null; multi-line texts keep their line breaks inside quotes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from pamam.comparaison.changements import CLES
from pamam.fichiers import Lot


def _cellule(valeur: Any) -> str:
    return "" if valeur is None else str(valeur)


def rendre_csv(resultat: dict[str, Any]) -> str:
    """The CSV text of a ``changements.json`` dict."""
    tampon = io.StringIO(newline="")
    w = csv.writer(tampon, lineterminator="\r\n")
    w.writerow(CLES)
    for c in resultat.get("changements", []):
        w.writerow([_cellule(c.get(k)) for k in CLES])
    return tampon.getvalue()


def ecrire_changements_csv(resultat: dict[str, Any], lot: Lot, nom: str = "changements.csv") -> None:
    """Stage the CSV in ``lot`` (written only when the whole lot succeeds)."""
    lot.ecrire(nom, rendre_csv(resultat))
