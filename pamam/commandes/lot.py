"""``pamam lot [SOURCES] [--out DIR]``: what ``make extract`` runs.

Every edition of SOURCES (default ``sources/``) is extracted into DIR (default
``sorties/``), each consecutive pair compared, and the outputs across editions written
(``pamam.lot``). What this module adds is the talking: one stderr line per entry of
SOURCES that is not used (ignored, unreadable, refused, a second file of one edition),
progress on stderr when it is a terminal, a line when another run holds DIR, the outputs
on stdout, and the exit code — 0 when everything was used, 10 when a file failed (the
others still ran), 9 when writing failed (earlier outputs whole), 3 when there was nothing
to read, 130 on Ctrl-C.

``SOURCES/corrections.toml``, when present, holds an analyst's fixes (``pamam.corrections``;
``--corrections FICHIER`` names another file): a malformed file stops the batch before
anything is written (11); a correction whose cell is missing refuses its edition only (10);
a correction naming an edition absent from SOURCES is said on its own line (11).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamam.cli import (
    SORTIE_CORRECTIONS,
    SORTIE_ECRITURE,
    SORTIE_FICHIER,
    SORTIE_PARTIELLE,
    code_et_conseil,
    ligne_erreur,
    une_ligne,
)
from pamam.commandes.options import ajouter_options_lecture, attente, dire, options_lecture, sorties_tolerantes


def configurer(p: argparse.ArgumentParser) -> None:
    p.add_argument("sources", type=Path, nargs="?", default=Path("sources"), metavar="SOURCES",
                   help="dossier des éditions PDF (défaut : sources/)")
    p.add_argument("--out", type=Path, default=Path("sorties"), metavar="DOSSIER",
                   help="dossier des sorties (défaut : sorties/)")
    p.add_argument("--processus", type=int, default=None, metavar="N",
                   help="extractions en parallèle (défaut : le nombre de cœurs)")
    ajouter_options_lecture(p, edition=False)


def _journal(ligne: str) -> None:
    print(ligne, flush=True)


def executer(args: argparse.Namespace) -> int:
    from extraction.erreurs import CheminIllisible
    from pamam.corrections import NOM_PAR_DEFAUT
    from pamam.lot import traiter_sources

    sorties_tolerantes()
    if not args.sources.is_dir():
        raison = "dossier introuvable" if not args.sources.exists() else "n’est pas un dossier"
        raise CheminIllisible(args.sources, raison)
    if args.corrections is None and (args.sources / NOM_PAR_DEFAUT).is_file():
        args.corrections = args.sources / NOM_PAR_DEFAUT
    options = options_lecture(args)
    progression = (lambda m: dire(f"pamam: {m}")) if sys.stderr.isatty() else (lambda m: None)
    bilan = traiter_sources(args.sources, args.out, options, args.processus, journal=_journal,
                            progression=progression, attente=lambda: attente(args.out))
    for fichier, raison in bilan.ignores:
        print(une_ligne(f"pamam: {fichier}: {raison}"), file=sys.stderr)
    for echec in bilan.echecs:
        conseil = code_et_conseil(echec.erreur)[1]
        if conseil == "relancez avec --ocr":
            conseil = "relancez avec --ocr, ou make extract OCR=1"
        print(ligne_erreur(echec.erreur, conseil), file=sys.stderr)
    if bilan.ecriture is not None:
        print(ligne_erreur(bilan.ecriture), file=sys.stderr)
        return SORTIE_ECRITURE
    if not bilan.plans and not bilan.echecs:
        print(f"pamam: {args.sources}: aucun PDF à traiter", file=sys.stderr)
        return SORTIE_FICHIER
    if bilan.echecs:
        return SORTIE_PARTIELLE
    # A correction for an edition this run did not produce (a typo in its edition) would
    # otherwise never apply, silently.
    lues = {p.version for p in bilan.plans}
    orphelines = [c for c in options.corrections if c.edition not in lues]
    for c in orphelines:
        print(une_ligne(f"pamam: {c.fichier}: correction {c.rang} : édition {c.edition} absente de "
                        f"{args.sources} (correction non appliquée)"), file=sys.stderr)
    return SORTIE_CORRECTIONS if orphelines else 0
