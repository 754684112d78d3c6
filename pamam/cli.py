"""Command line entry point ``pamam``.

Only argparse is imported here: each sub-command's module (and its heavy libraries) is
loaded when that sub-command runs. Every user-facing failure becomes one line on stderr
and a documented exit code (see ``pamam.erreurs``), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

SOUS_COMMANDES = {
    "extract": ("pamam.commandes.extract", "rebuild the synoptic table of each PDF"),
    "compare": ("pamam.commandes.compare", "compare two editions (PDF or plan.json)"),
    "echeance": ("pamam.commandes.echeance", "normalise deadline phrases (JSON lines)"),
    "resume": ("pamam.commandes.resume", "terminal summary of an edition"),
}


def _parser(nom: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pamam", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="commande", metavar="COMMANDE")
    sub.required = True
    for cle, (module, aide) in SOUS_COMMANDES.items():
        p = sub.add_parser(cle, help=aide, description=aide)
        if nom is None or nom == cle:
            importlib.import_module(module).configurer(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the sub-command, turn failures into one line."""
    from pamam.erreurs import ErreurPamam

    argv = list(sys.argv[1:] if argv is None else argv)
    nom = argv[0] if argv and argv[0] in SOUS_COMMANDES else None
    try:
        args = _parser(nom).parse_args(argv)
        module = importlib.import_module(SOUS_COMMANDES[args.commande][0])
        return int(module.executer(args) or 0)
    except ErreurPamam as e:
        print(_une_ligne(e.ligne()), file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("pamam: interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 — last resort: one line, never a traceback
        # Reaching this is a bug in pamam (bad input must raise ErreurPamam): say so, and let
        # PAMAM_DEBUG=1 show the traceback for the bug report.
        if os.environ.get("PAMAM_DEBUG"):
            traceback.print_exc()
        print(_une_ligne(f"pamam: erreur interne: {type(e).__name__}: {e} (à signaler ; PAMAM_DEBUG=1 pour le détail)"),
              file=sys.stderr)
        return 1


def _une_ligne(texte: str) -> str:
    """Exactly one stderr line, whatever a file name or an exception message holds."""
    return " ".join(texte.split())


if __name__ == "__main__":
    sys.exit(main())
