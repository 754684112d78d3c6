"""``pamam extract PDF... [--out DIR] [--edition AAAA-MM]``.

Each PDF becomes ``DIR/<version>/`` (plan.json, livrables.csv, livrables.xlsx), written
only when the whole edition succeeded. With several PDFs a bad one is reported on its
own line and the others still run; the exit status then says that something failed.
Two PDFs of one edition are not written one over the other: the first given is used,
the other reported (exit 10), as ``make extract`` does with two files of one edition.

Writing holds the output folder's lock in shared mode (``fichiers.Verrou``): several
``pamam extract`` may write at once, each edition atomically, but not while ``make
extract`` rewrites the folder (it cleans temporaries and archives stale editions).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extraction.suivi import Suivi
from pamam.cli import SORTIE_PARTIELLE, SORTIE_USAGE, code_et_conseil, ligne_erreur
from pamam.commandes.options import (
    SuiviTerminal,
    ajouter_options_lecture,
    attente,
    dire,
    options_lecture,
    sorties_tolerantes,
)


def configurer(p: argparse.ArgumentParser) -> None:
    p.add_argument("pdf", nargs="+", type=Path, metavar="PDF", help="édition(s) du plan en PDF")
    p.add_argument("--out", type=Path, default=Path("sorties"), metavar="DOSSIER",
                   help="dossier des sorties (défaut : sorties/)")
    ajouter_options_lecture(p)


def executer(args: argparse.Namespace) -> int:
    from pamam.erreurs import EcritureImpossible, EditionEnDouble
    from pamam.fichiers import Verrou, verifier_dossier
    from pamam.pipeline import ecrire_edition, extraire_edition

    sorties_tolerantes()
    if args.edition_imposee and len(args.pdf) > 1:
        print("pamam: --edition ne s’applique qu’à un seul PDF", file=sys.stderr)
        return SORTIE_USAGE
    try:
        verifier_dossier(args.out)
    except NotADirectoryError as e:
        raise EcritureImpossible.depuis(args.out, e) from None
    options = options_lecture(args)
    echecs: list[int] = []
    plusieurs = len(args.pdf) > 1
    terminal = sys.stderr.isatty()
    ecrites: dict[str, Path] = {}  # version → the file it was written from
    for k, pdf in enumerate(args.pdf, 1):
        if terminal and plusieurs:
            dire(f"[{k}/{len(args.pdf)}] {pdf} …")
        try:
            plan = extraire_edition(pdf, options, SuiviTerminal(pdf) if terminal else Suivi())
            premier = ecrites.get(plan.version)
            if premier is not None:
                raise EditionEnDouble(pdf, f"même édition ({plan.version}) que {premier} : {premier.name} est "
                                           "utilisé, pas celui-ci (le premier de la ligne de commande)")
            try:
                with Verrou(args.out, partage=True, attente=lambda: attente(args.out)):
                    cible = ecrire_edition(plan, args.out)
            except OSError as e:  # the lock itself: a read-only or full file system
                raise EcritureImpossible.depuis(args.out, e) from None
            ecrites[plan.version] = pdf
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
              + (f", {corrigees} correction(s) appliquée(s)" if corrigees else ""), flush=True)
    if echecs:
        return SORTIE_PARTIELLE if len(echecs) < len(args.pdf) else echecs[0]
    return 0
