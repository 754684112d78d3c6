"""A comparison's four reports, written together: changements.json, .csv, .md, .html."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from pamam.comparaison.appariement import Appariement
from pamam.ecriture.colonnes import CHANGEMENTS, lignes_csv
from pamam.fichiers import Transaction


def changements_csv(resultat: dict[str, Any]) -> str:
    """``changements.csv``: RFC 4180 (CRLF), UTF-8 without BOM, header = the contract's keys of a change;
    empty cells stand for null; multi-line texts keep their line breaks inside quotes."""
    tampon = io.StringIO(newline="")
    csv.writer(tampon, lineterminator="\r\n").writerows(lignes_csv(CHANGEMENTS, resultat.get("changements", [])))
    return tampon.getvalue()


def ecrire_rapports(resultat: dict[str, Any], appariement: Appariement, dossier: Path,
                    sources: Path | None = None) -> Path:
    """Stage the four reports and move them into ``dossier`` together (``OSError`` if impossible).

    ``sources`` is the folder of the editions' PDFs (default ``sources/`` in the current
    folder): the Markdown and HTML reports link each page there, relative to ``dossier``.
    """
    from pamam.ecriture.liens import LiensPdf
    from pamam.ecriture.rapport_html import rendre_html
    from pamam.ecriture.rapport_md import rendre_markdown

    liens = LiensPdf.depuis((appariement.avant, appariement.apres), Path(dossier), sources)
    with Transaction(Path(dossier)) as t:
        t.ecrire("changements.json", json.dumps(resultat, ensure_ascii=False, indent=2) + "\n")
        t.ecrire("changements.csv", changements_csv(resultat))
        t.ecrire("changements.md", rendre_markdown(resultat, appariement, liens))
        t.ecrire("changements.html", rendre_html(resultat, appariement, liens))
    return Path(dossier)
