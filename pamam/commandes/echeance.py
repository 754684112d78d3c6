"""``pamam echeance [PHRASE...]``: deadline phrases → one ECHEANCE JSON object per line.

With no PHRASE, standard input is read one phrase per line and answered line for line, in
order, flushing each answer, so that the command can sit at the end of a pipe or be driven
line by line by another program. An empty line gets an answer too (``non_reconnu``), so
the n-th output line always belongs to the n-th input line.

Only the deadline engine is imported (no PDF or language libraries): the whole process
must stay well under half a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date


def _date(texte: str) -> date:
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas {texte!r}") from None


def configurer(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments."""
    parser.add_argument(
        "phrases",
        nargs="*",
        metavar="PHRASE",
        help="deadline phrase(s); none: read standard input, one per line",
    )
    parser.add_argument(
        "--publication",
        type=_date,
        metavar="AAAA-MM-JJ",
        help="publication date of the edition, to tell which deadlines are past (en_retard)",
    )
    parser.add_argument(
        "--saisons",
        choices=("astronomiques", "meteorologiques"),
        default="astronomiques",
        help="season bounds: astronomical (default, e.g. hiver 2026 = 2025-12-21 → 2026-03-19) "
        "or meteorological (whole months)",
    )


def executer(args: argparse.Namespace) -> int:
    """Print one JSON line per phrase; 0 on success."""
    from normalisation.echeances import Conventions, normaliser

    conventions = Conventions(saisons=args.saisons)
    sortie = sys.stdout
    if hasattr(sortie, "reconfigure"):
        sortie.reconfigure(encoding="utf-8")

    def repondre(phrase: str) -> None:
        d = normaliser(phrase, publication=args.publication, conventions=conventions)
        sortie.write(json.dumps(d.en_dict(), ensure_ascii=False) + "\n")

    if args.phrases:
        for phrase in args.phrases:
            repondre(phrase)
        sortie.flush()
        return 0
    # Bytes, split on "\n" only: a stray "\r" or U+2028 inside a phrase must not make two
    # answers out of one line; undecodable bytes become U+FFFD rather than a crash.
    entree = getattr(sys.stdin, "buffer", None)
    lignes = entree if entree is not None else (ligne.encode("utf-8") for ligne in sys.stdin)
    for brute in lignes:
        ligne = brute.decode("utf-8", errors="replace")
        repondre(ligne[:-1] if ligne.endswith("\n") else ligne)
        sortie.flush()
    return 0
