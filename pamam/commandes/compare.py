"""``pamam compare OLD NEW [--out DIR]``: what changed between two editions.

OLD and NEW are each a PDF (rebuilt with ``pamam.pipeline.extraire_plan``) or a
``plan.json`` written by ``pamam extract`` (or transcribed by hand). The four reports
(``changements.json``, ``.csv``, ``.md``, ``.html``) are staged and moved into DIR
together, so a failed run leaves an earlier run's files untouched.

Bad input ends with one line naming the file (``ErreurPamam``): a missing or unreadable
path exits with ``SORTIE_FICHIER``, a file that is neither a PDF nor JSON with
``SORTIE_PAS_PDF``, JSON that is not a plan with ``SORTIE_PAS_TABLEAU``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from pamam.erreurs import SORTIE_ECRITURE, SORTIE_FICHIER, SORTIE_PAS_PDF, SORTIE_PAS_TABLEAU, ErreurPamam

DOSSIER_DEFAUT = Path("sorties") / "changements"


def configurer(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments."""
    parser.add_argument("ancien", metavar="OLD", type=Path, help="édition précédente : PDF ou plan.json")
    parser.add_argument("nouveau", metavar="NEW", type=Path, help="édition suivante : PDF ou plan.json")
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=None,
        help="dossier des rapports (défaut : sorties/changements/<ancienne>__<nouvelle>/)",
    )
    parser.add_argument(
        "--lemmes",
        action="store_true",
        help="apparier aussi sur les lemmes (spaCy, fr_core_news_sm ; ~5 s de chargement)",
    )


def _est_pdf(chemin: Path) -> bool:
    if chemin.suffix.lower() == ".pdf":
        return True
    with chemin.open("rb") as f:
        return f.read(1024).lstrip().startswith(b"%PDF")


def _verifier_plan(chemin: Path, plan: Any) -> None:
    """Reject JSON that is not a plan, naming what is missing."""
    if not isinstance(plan, dict):
        raise ErreurPamam(chemin, "ce JSON n’est pas un plan PAMAM (objet attendu)", SORTIE_PAS_TABLEAU)
    sections = plan.get("sections")
    if not isinstance(sections, list):
        raise ErreurPamam(chemin, "ce JSON n’est pas un plan PAMAM (liste « sections » absente)", SORTIE_PAS_TABLEAU)
    for s in sections:
        if not isinstance(s, dict) or not isinstance(s.get("actions", []), list):
            raise ErreurPamam(chemin, "ce JSON n’est pas un plan PAMAM (section mal formée)", SORTIE_PAS_TABLEAU)
        for a in s.get("actions", []):
            if not isinstance(a, dict) or not isinstance(a.get("mesures", []), list):
                raise ErreurPamam(chemin, "ce JSON n’est pas un plan PAMAM (action mal formée)", SORTIE_PAS_TABLEAU)
            for m in a.get("mesures", []):
                if not isinstance(m, dict) or not isinstance(m.get("livrables", []), list):
                    raise ErreurPamam(chemin, "ce JSON n’est pas un plan PAMAM (mesure mal formée)", SORTIE_PAS_TABLEAU)
                if not all(isinstance(li, dict) for li in m.get("livrables", [])):
                    raise ErreurPamam(
                        chemin, "ce JSON n’est pas un plan PAMAM (livrable mal formé)", SORTIE_PAS_TABLEAU
                    )


def _version(plan: dict[str, Any]) -> str:
    doc = plan.get("document") if isinstance(plan.get("document"), dict) else {}
    return str(doc.get("version") or plan.get("version") or "")


def charger_plan(chemin: Path) -> dict[str, Any]:
    """A plan dict from a PDF or a plan.json; raises ``ErreurPamam`` on bad input.

    A plan without a version (a hand-made file) gets one from its path — the folder
    name for ``…/AAAA-MM/plan.json``, else the file name — since the reports and the
    default output folder are named after it.
    """
    chemin = Path(chemin)
    try:
        if not chemin.is_file():
            raison = "n’est pas un fichier" if chemin.exists() else "fichier introuvable"
            raise ErreurPamam(chemin, raison, SORTIE_FICHIER)
        pdf = _est_pdf(chemin)
        if not pdf:
            texte = chemin.read_bytes()
    except OSError as e:
        raise ErreurPamam(chemin, f"lecture impossible ({e.strerror or e})", SORTIE_FICHIER) from e
    if pdf:
        from pamam.pipeline import extraire_plan

        return extraire_plan(chemin)
    try:
        plan = json.loads(texte.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise ErreurPamam(chemin, "ni un PDF ni un plan.json (contenu binaire)", SORTIE_PAS_PDF) from e
    except json.JSONDecodeError as e:
        raise ErreurPamam(
            chemin, f"ni un PDF ni un plan.json valide (JSON illisible, ligne {e.lineno})", SORTIE_PAS_PDF
        ) from e
    _verifier_plan(chemin, plan)
    if not _version(plan):
        nom = chemin.parent.name if chemin.name == "plan.json" and chemin.parent.name else chemin.stem
        doc = plan.get("document")
        if isinstance(doc, dict):
            plan = {**plan, "document": {**doc, "version": nom}}
        else:  # a hand transcription: document fields at the top level
            plan = {**plan, "version": nom}
    return plan


def _nom_dossier(version: str) -> str:
    return re.sub(r"[^\w.-]+", "_", version) or "inconnue"


def ecrire_rapports(resultat: dict[str, Any], appariement: Any, dossier: Path) -> None:
    """Stage the four reports and move them into ``dossier`` together."""
    from pamam.ecriture.changements_csv import ecrire_changements_csv
    from pamam.ecriture.rapport_html import rendre_html
    from pamam.ecriture.rapport_md import rendre_markdown
    from pamam.fichiers import Lot

    try:
        with Lot(dossier) as lot:
            lot.ecrire("changements.json", json.dumps(resultat, ensure_ascii=False, indent=2) + "\n")
            ecrire_changements_csv(resultat, lot)
            lot.ecrire("changements.md", rendre_markdown(resultat, appariement))
            lot.ecrire("changements.html", rendre_html(resultat, appariement))
    except OSError as e:
        raise ErreurPamam(dossier, f"écriture impossible ({e.strerror or e})", SORTIE_ECRITURE) from e


def executer(args: argparse.Namespace) -> int:
    """Compare OLD with NEW, write the reports, print one summary line."""
    from pamam.comparaison.appariement import apparier
    from pamam.comparaison.changements import lister

    avant = charger_plan(args.ancien)
    apres = charger_plan(args.nouveau)
    pretraitement = None
    if getattr(args, "lemmes", False):
        from pamam.comparaison.lemmes import lemmatiseur

        pretraitement = lemmatiseur()
    app = apparier(avant, apres, pretraitement)
    resultat = {"avant": app.avant.version, "apres": app.apres.version, "changements": lister(app)}
    dossier = args.out or DOSSIER_DEFAUT / f"{_nom_dossier(app.avant.version)}__{_nom_dossier(app.apres.version)}"
    ecrire_rapports(resultat, app, dossier)
    n = len(resultat["changements"])
    print(f"{dossier}: {n} changement{'s' if n > 1 else ''} ({resultat['avant']} → {resultat['apres']})")
    sys.stdout.flush()
    return 0
