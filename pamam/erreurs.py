"""Errors that end a command with one clear line instead of a traceback.

Every failure a user can cause (bad path, not a PDF, no synoptic table…) is raised as
``ErreurPamam`` carrying the file it concerns and the reason in French; the command line
prints ``pamam: <fichier>: <raison>`` and exits with ``code``. Keeping the exit codes in
one place lets the README document them and the tests assert them.
"""

from __future__ import annotations

from pathlib import Path

# Documented exit codes (README, « Codes de sortie »).
SORTIE_USAGE = 2  # wrong command line (argparse uses 2 as well)
SORTIE_FICHIER = 3  # path missing or unreadable
SORTIE_PAS_PDF = 4  # not a PDF, truncated or corrupt
SORTIE_CHIFFRE = 5  # encrypted and no (or a wrong) password
SORTIE_SANS_TEXTE = 6  # no text layer (scanned) and no OCR asked
SORTIE_PAS_TABLEAU = 7  # no PAMAM synoptic table found
SORTIE_TROP_GRAND = 8  # more pages than the page limit
SORTIE_ECRITURE = 9  # outputs could not be written
SORTIE_PARTIELLE = 10  # several inputs, at least one failed (make extract)


class ErreurPamam(Exception):
    """A user-facing failure: one line, naming the file and the reason."""

    code: int = SORTIE_PAS_PDF

    def __init__(self, fichier: str | Path | None, raison: str, code: int | None = None) -> None:
        super().__init__(raison)
        self.fichier = str(fichier) if fichier is not None else None
        self.raison = raison
        if code is not None:
            self.code = code

    def ligne(self) -> str:
        """The single stderr line for this error."""
        if self.fichier:
            return f"pamam: {self.fichier}: {self.raison}"
        return f"pamam: {self.raison}"
