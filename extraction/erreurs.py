"""Why a document cannot be read: one exception class per reason a reader can act on.

The extraction says *what* is wrong with a file ("PDF chiffré", "aucune couche de texte");
what the user should type about it (an option, an exit code) is the command line's
business, so these classes carry no exit code and name no option. Each is picklable
(its arguments are its state), so a worker process can hand it back to the batch.
"""

from __future__ import annotations

from pathlib import Path


class ErreurDocument(Exception):
    """A document that cannot be read: the file it concerns and the reason, in French."""

    def __init__(self, fichier: str | Path | None, raison: str) -> None:
        super().__init__(fichier, raison)
        self.fichier = str(fichier) if fichier is not None else None
        self.raison = raison

    def __str__(self) -> str:
        return f"{self.fichier}: {self.raison}" if self.fichier else self.raison


class CheminIllisible(ErreurDocument):
    """The path is missing, a folder, a device, or cannot be read (permissions, I/O)."""


class PasUnPdf(ErreurDocument):
    """Not a PDF, or a PDF so damaged (truncated, corrupt streams) that it cannot be parsed."""


class PdfChiffre(ErreurDocument):
    """Encrypted, and no password (or a wrong one) was given."""


class SansTexte(ErreurDocument):
    """No text layer: a scan, to be recognised by OCR first."""


class OcrImpossible(ErreurDocument):
    """OCR was asked for but cannot run (tesseract or its French data missing, a page it cannot read)."""


class SansTableau(ErreurDocument):
    """The document holds no synoptic table (no ACTION / MISE EN ŒUVRE / LIVRABLE / ÉCHÉANCIER header)."""


class TropDePages(ErreurDocument):
    """More pages than the limit the caller set: not a plan, or a hostile file."""


class TropLourd(ErreurDocument):
    """A page's content decompresses beyond the set limit (a decompression bomb)."""
