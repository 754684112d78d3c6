"""``pamam extract PDF... [--out DIR] [--edition AAAA-MM]``.

Each PDF becomes ``DIR/<version>/`` (plan.json, livrables.csv, livrables.xlsx), written
only when the whole edition succeeded. With several PDFs a bad one is reported on its
own line and the others still run; the exit status then says that something failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamam.cli import SORTIE_PARTIELLE, SORTIE_USAGE, code_et_conseil, ligne_erreur
from pamam.commandes.options import ajouter_options_lecture, options_lecture


def configurer(p: argparse.ArgumentParser) -> None:
    p.add_argument("pdf", nargs="+", type=Path, metavar="PDF", help="édition(s) du plan en PDF")
    p.add_argument("--out", type=Path, default=Path("sorties"), metavar="DOSSIER",
                   help="dossier des sorties (défaut : sorties/)")
    ajouter_options_lecture(p)


def executer(args: argparse.Namespace) -> int:
    from pamam.pipeline import ecrire_edition, extraire_edition

    if args.edition_imposee and len(args.pdf) > 1:
        print("pamam: --edition ne s’applique qu’à un seul PDF", file=sys.stderr)
        return SORTIE_USAGE
    options = options_lecture(args)
    echecs: list[int] = []
    plusieurs = len(args.pdf) > 1
    progression = sys.stderr.isatty() and plusieurs
    for k, pdf in enumerate(args.pdf, 1):
        if progression:
            print(f"[{k}/{len(args.pdf)}] {pdf} …", file=sys.stderr, flush=True)
        try:
            plan = extraire_edition(pdf, options)
            cible = ecrire_edition(plan, args.out)
        except Exception as e:
            if not plusieurs:
                raise
            code, conseil = code_et_conseil(e)
            print(ligne_erreur(e, conseil), file=sys.stderr)
            echecs.append(code)
            continue
        q = plan.qualite
        assert q is not None
        corrigees = len(q.extras.get("corrections") or [])
        print(f"{cible}: {q.comptes['livrables']} livrables, {len(q.avertissements)} avertissement(s), "
              f"{len(q.echeances_non_reconnues)} échéance(s) non reconnue(s)"
              + (f", {corrigees} correction(s) appliquée(s)" if corrigees else ""))
    if echecs:
        return SORTIE_PARTIELLE if len(echecs) < len(args.pdf) else echecs[0]
    return 0
