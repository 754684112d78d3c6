"""The reading options shared by every command that reads a PDF (extract, compare, resume, lot),
and how those commands talk to a terminal while they read (progress, a wait, file names).

One definition, so that ``--ocr`` or ``--pages-max`` mean the same everywhere and reach
``pipeline.Options`` the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from extraction.suivi import Suivi

_EDITION = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])$")


def _edition(texte: str) -> str:
    if not _EDITION.match(texte):
        raise argparse.ArgumentTypeError(f"édition attendue au format AAAA-MM, pas {texte!r}")
    return texte


def _positif(texte: str) -> int:
    try:
        n = int(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas {texte!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"un nombre de pages positif est attendu, pas {n}")
    return n


def ajouter_options_lecture(p: argparse.ArgumentParser, edition: bool = True) -> None:
    """Declare the options of reading a PDF on ``p``."""
    if edition:
        p.add_argument("--edition", dest="edition_imposee", type=_edition, metavar="AAAA-MM",
                       help="l’édition, quand la couverture ne la dit pas (sinon lue sur la couverture)")
        # The contract's older spelling of --edition keeps working, unlisted.
        p.add_argument("--version", dest="edition_imposee", type=_edition, help=argparse.SUPPRESS)
    p.add_argument("--mot-de-passe", metavar="MDP", help="mot de passe d’un PDF chiffré")
    p.add_argument("--pages-max", type=_positif, default=None, metavar="N",
                   help="refuser les PDF de plus de N pages (défaut : 200)")
    p.add_argument("--ocr", action="store_true",
                   help="reconnaître par OCR (tesseract) les pages sans couche de texte (PDF numérisés)")
    p.add_argument("--saisons", choices=["astronomiques", "meteorologiques"], default="astronomiques",
                   help="bornes des saisons des échéanciers (défaut : astronomiques, hémisphère nord)")
    p.add_argument("--corrections", type=Path, default=None, metavar="FICHIER",
                   help="corrections de cellules mal lues à appliquer (format : voir sources/corrections.toml)")


def options_lecture(args: argparse.Namespace):  # noqa: ANN201 — pipeline.Options, imported lazily
    """The ``pipeline.Options`` the parsed arguments ask for."""
    from normalisation.echeances import Conventions
    from pamam.pipeline import Options

    kwargs = {
        "edition": getattr(args, "edition_imposee", None),
        "mot_de_passe": args.mot_de_passe,
        "ocr": args.ocr,
        "conventions": Conventions(saisons=args.saisons),
    }
    if args.pages_max is not None:
        kwargs["pages_max"] = args.pages_max
    if getattr(args, "corrections", None) is not None:
        from pamam.corrections import lire_corrections

        kwargs["corrections"] = lire_corrections(args.corrections)
    return Options(**kwargs)


def sorties_tolerantes() -> None:
    """Print file names as the system gives them, even when they are not valid UTF-8.

    Python keeps such bytes as lone surrogates; writing them back with ``surrogateescape``
    shows the user the very name ``ls`` shows, where the default would fail on standard
    output (a traceback instead of the result line) or print escapes on standard error.
    """
    for flux in (sys.stdout, sys.stderr):
        try:
            flux.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # replaced by something that is not a text stream
            pass


def dire(ligne: str) -> None:
    """One progress or notice line on stderr, at once (long steps are watched live)."""
    print(" ".join(ligne.split()), file=sys.stderr, flush=True)


class SuiviTerminal(Suivi):
    """Progress lines on stderr (« pamam: plan.pdf: page 3 reconnue par OCR (3/12) »).

    Given only when stderr is a terminal: a person waits there for a long step (OCR takes
    seconds a page, a long document is read page after page); a script or a log reading
    stderr gets only the one line per failure the README promises.
    """

    def __init__(self, nom: str | Path) -> None:
        self.nom = str(nom)

    def signaler(self, message: str) -> None:
        dire(f"pamam: {self.nom}: {message}")


def attente(dossier: Path) -> None:
    """Said once when another run holds the output folder's lock."""
    dire(f"pamam: {dossier}: une autre exécution de pamam écrit dans ce dossier, attente de sa fin "
         "(Ctrl-C pour abandonner)…")
