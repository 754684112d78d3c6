"""The seam through which a caller watches an extraction: stage timings and progress lines.

Why a seam rather than patching functions from outside: the benchmark times each stage
and the command line shows progress on long documents (OCR takes seconds a page); both
need to know when a stage starts and ends without the pipeline knowing about them. Every
stage of the pipeline runs inside ``suivi.etape(NAME)`` with a name from ``ETAPES``, so
a renamed or removed stage is seen by whoever checks the names (the benchmark fails
loudly), instead of a timing silently disappearing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

#: The stages of one edition's reading, in order. ``ocr`` runs only for pages without text.
ETAPES: tuple[str, ...] = (
    "ouverture",  # open and validate the file
    "mise_en_page",  # words and rulings of each page
    "ocr",  # pages without a text layer, recognised by tesseract
    "grille",  # table grids, a strategy per page
    "hierarchie",  # sections → actions → measures → livrables
    "couverture",  # the cover's title and edition label
    "normalisation",  # texts cleaned, deadlines normalised
)


class Suivi:
    """Does nothing: the default observer. Subclass it to time stages or show progress."""

    @contextmanager
    def etape(self, nom: str) -> Iterator[None]:
        """The block runs stage ``nom`` (one of ``ETAPES``)."""
        if nom not in ETAPES:
            raise ValueError(f"unknown stage {nom!r}")
        yield

    def signaler(self, message: str) -> None:
        """A progress line for a person (e.g. « page 3 reconnue par OCR »)."""


SANS_SUIVI = Suivi()
