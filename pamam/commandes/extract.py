"""``pamam extract PDF... [--out DIR] [--version YYYY-MM]``.

Each PDF becomes ``DIR/<version>/`` (plan.json, livrables.csv, livrables.xlsx), written
only when the whole edition succeeded. With several PDFs a bad one is reported on its
own line and the others still run; the exit status then says that something failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamam.erreurs import SORTIE_PARTIELLE, SORTIE_USAGE, ErreurPamam


def configurer(p: argparse.ArgumentParser) -> None:
    p.add_argument("pdf", nargs="+", type=Path, metavar="PDF", help="PDF edition(s) of the plan")
    p.add_argument("--out", type=Path, default=Path("sorties"), metavar="DIR", help="output folder (sorties/)")
    p.add_argument("--version", metavar="YYYY-MM", help="edition, when the cover does not say it")
    p.add_argument("--mot-de-passe", metavar="MDP", help="password of an encrypted PDF")
    p.add_argument("--pages-max", type=int, default=None, metavar="N", help="refuse PDFs longer than N pages (200)")
    p.add_argument("--ocr", action="store_true", help="recognise the text of scanned PDFs with tesseract first")
    p.add_argument(
        "--saisons",
        choices=["astronomiques", "meteorologiques"],
        default="astronomiques",
        help="season convention for deadlines (default: astronomical, northern hemisphere)",
    )


def extraire_un(pdf: Path, args: argparse.Namespace) -> tuple[Path, dict]:
    """Extract and write one edition; raises ErreurPamam on bad input."""
    from normalisation.echeances import Conventions
    from pamam.pipeline import ecrire_edition, extraire_plan

    source = pdf
    if getattr(args, "ocr", False):
        from pamam.ocr import reconnaitre

        source = reconnaitre(pdf, mot_de_passe=args.mot_de_passe, pages_max=args.pages_max)
    try:
        plan = extraire_plan(
            source,
            version=args.version,
            mot_de_passe=args.mot_de_passe,
            pages_max=args.pages_max,
            conventions=Conventions(saisons=args.saisons),
        )
    except ErreurPamam as e:
        if source != pdf and e.fichier == str(source):
            e.fichier = str(pdf)  # name the user's file, not the temporary OCR copy
        raise
    if source != pdf:
        import hashlib

        plan["document"]["source"]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    plan["document"]["source"]["fichier"] = pdf.name
    try:
        cible = ecrire_edition(plan, args.out)
    except OSError as e:
        from pamam.erreurs import SORTIE_ECRITURE

        raise ErreurPamam(args.out, f"écriture impossible ({e.strerror or e})", SORTIE_ECRITURE) from None
    return cible, plan


def executer(args: argparse.Namespace) -> int:
    if args.version and len(args.pdf) > 1:
        raise ErreurPamam(None, "--version ne s’applique qu’à un seul PDF", SORTIE_USAGE)
    echecs: list[ErreurPamam] = []
    progression = sys.stderr.isatty() and len(args.pdf) > 1
    for k, pdf in enumerate(args.pdf, 1):
        if progression:
            print(f"[{k}/{len(args.pdf)}] {pdf} …", file=sys.stderr, flush=True)
        try:
            cible, plan = extraire_un(pdf, args)
        except ErreurPamam as e:
            if len(args.pdf) == 1:
                raise
            print(e.ligne(), file=sys.stderr)
            echecs.append(e)
            continue
        q = plan["qualite"]
        n = q["comptes"]["livrables"]
        nr = len(q["echeances_non_reconnues"])
        av = len(q["avertissements"])
        print(f"{cible}: {n} livrables, {av} avertissement(s), {nr} échéance(s) non reconnue(s)")
    if echecs:
        return SORTIE_PARTIELLE if len(echecs) < len(args.pdf) else echecs[0].code
    return 0
