"""Opening an edition: every way a file can be unusable becomes one clear ``ErreurDocument``.

Users point the tool at whatever they have; checking the cheap things first (path, PDF
signature, encryption, page count) gives a precise reason instead of a parser traceback.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.erreurs import CheminIllisible, ErreurDocument, PasUnPdf, PdfChiffre, TropDePages

PAGES_MAX_DEFAUT = 200  # a plan has a handful of pages; this is far beyond any edition


def _taire_les_analyseurs() -> None:
    """Keep pdfminer's and pdfplumber's log records off stderr.

    On a damaged file pdfminer logs warnings ("Data-loss while decompressing…", "Could not
    get FontBBox…") that Python's last-resort handler prints to stderr when the program
    configured no logging: dozens of lines around — or instead of — the one line the
    contract promises. What matters reaches the user through ``ErreurDocument``; set
    ``PAMAM_DEBUG=1`` to see the parsers' own messages.
    """
    import os

    if os.environ.get("PAMAM_DEBUG"):
        return
    for nom in ("pdfminer", "pdfplumber", "pypdfium2"):
        journal = logging.getLogger(nom)
        if not any(isinstance(h, logging.NullHandler) for h in journal.handlers):
            journal.addHandler(logging.NullHandler())
        journal.propagate = False


@dataclass(slots=True)
class DocumentOuvert:
    """An opened PDF with what the metadata stage needs about the file itself."""

    chemin: Path
    pdf: Any  # pdfplumber.PDF
    sha256: str
    nb_pages: int
    octets: bytes  # the file, for a second reader (pypdfium2 renders pages for OCR)

    def fermer(self) -> None:
        """Release the parser; never raises, so it cannot mask the real outcome."""
        _fermer(self.pdf)


def _fermer(pdf: Any) -> None:
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 — closing must never mask the real outcome
        pass


class Incidents(logging.Handler):
    """Counts what the PDF parsers complain about while a document is read.

    Their warnings are kept off stderr (``_taire_les_analyseurs``) but still tell a
    damaged file from a genuinely empty one: a PDF whose content streams fail to
    decompress reads as "no text", and saying "corrupt" is the true answer.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < 20:
            try:
                self.messages.append(" ".join(record.getMessage().split())[:80])
            except Exception:  # noqa: BLE001 — a malformed log record is no reason to fail
                self.messages.append(record.name)


@contextmanager
def incidents_d_analyse() -> Iterator[Incidents]:
    """Collect the parsers' warnings for the duration of the block."""
    journal = logging.getLogger("pdfminer")
    compteur = Incidents()
    journal.addHandler(compteur)
    try:
        yield compteur
    finally:
        journal.removeHandler(compteur)


def contenu_endommage(chemin: Path, mot_de_passe: str | None = None) -> bool:
    """True when a page's content stream is Flate-compressed but does not decompress.

    pdfminer silently reads such a stream as empty, so a damaged file would otherwise be
    reported as "no text". The file is opened afresh (pdfminer drops a stream's raw bytes
    once decoded); this runs only when no text was found, so good files pay nothing.
    """
    import zlib

    import pdfplumber
    from pdfminer.pdftypes import resolve1

    try:
        with pdfplumber.open(chemin, password=mot_de_passe or "") as pdf:
            return _flux_endommage(pdf, resolve1, zlib)
    except Exception:  # noqa: BLE001 — a diagnostic only: when unsure, say nothing
        return False


def _flux_endommage(pdf: Any, resolve1: Any, zlib: Any) -> bool:
    for page in pdf.pages:
        flux = page.page_obj.contents or []
        for f in flux if isinstance(flux, list) else [flux]:
            f = resolve1(f)
            filtres = resolve1(getattr(f, "attrs", {}).get("Filter"))
            noms = [getattr(resolve1(x), "name", x) for x in (filtres if isinstance(filtres, list) else [filtres])]
            if noms == ["FlateDecode"] and getattr(f, "rawdata", None):  # Flate alone: raw bytes are zlib
                try:
                    zlib.decompress(f.rawdata)
                except zlib.error:
                    return True
    return False


def cause(e: BaseException) -> BaseException:
    """The exception pdfminer actually raised, under pdfplumber's wrappers.

    pdfplumber re-raises pdfminer's errors as ``PdfminerException(original)``; the original
    is what tells an encrypted file from a corrupt one, and its name is the useful detail.
    """
    vues: set[int] = set()
    while id(e) not in vues:
        vues.add(id(e))
        interne = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e.__cause__ or e.__context__
        if interne is None or type(e).__name__ not in ("PdfminerException", "MalformedPDFException"):
            break
        e = interne
    return e


def illisible(chemin: Path, e: BaseException) -> ErreurDocument:
    """The one error for anything a PDF parser raises on a damaged file."""
    return PasUnPdf(chemin, f"PDF illisible ou corrompu ({type(cause(e)).__name__})")


def _lire_octets(chemin: Path) -> bytes:
    try:
        if not chemin.exists():
            raise CheminIllisible(chemin, "fichier introuvable")
        if chemin.is_dir():
            raise CheminIllisible(chemin, "est un dossier, pas un fichier PDF")
        if not chemin.is_file():  # a FIFO or a device (/dev/zero) would block or never end
            raise CheminIllisible(chemin, "n’est pas un fichier ordinaire")
        return chemin.read_bytes()
    except OSError as e:  # permission, I/O error, name too long…
        raise CheminIllisible(chemin, f"lecture impossible ({e.strerror or type(e).__name__})") from None


def _une_ligne(e: BaseException) -> str:
    """An exception's message on one line, short: it ends up inside the stderr line."""
    texte = " ".join(str(e).split()) or type(e).__name__
    return texte if len(texte) <= 120 else texte[:117] + "…"


def ouvrir(chemin: Path, mot_de_passe: str | None = None, pages_max: int = PAGES_MAX_DEFAUT) -> DocumentOuvert:
    """Open ``chemin`` as a PDF or raise the ``ErreurDocument`` naming the reason."""
    chemin = Path(chemin)
    _taire_les_analyseurs()
    if pages_max < 1:
        raise ValueError(f"pages_max must be positive, not {pages_max}")
    octets = _lire_octets(chemin)
    if not octets:
        raise PasUnPdf(chemin, "fichier vide")
    if b"%PDF-" not in octets[:1024]:
        raise PasUnPdf(chemin, "n’est pas un PDF (signature %PDF- absente)")
    if b"%%EOF" not in octets:
        raise PasUnPdf(chemin, "PDF tronqué (marque de fin %%EOF absente)")

    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(octets), password=mot_de_passe or "")
        nb_pages = len(pdf.pages)
    except Exception as e:  # noqa: BLE001 — pdfminer raises many unrelated types on bad files
        if pdf is not None:
            _fermer(pdf)
        origine = cause(e)
        if isinstance(origine, PDFPasswordIncorrect):
            raison = "PDF chiffré : mot de passe incorrect" if mot_de_passe else "PDF chiffré : mot de passe requis"
            raise PdfChiffre(chemin, raison) from None
        if isinstance(origine, PDFEncryptionError):
            raise PdfChiffre(chemin, f"PDF chiffré d’une manière non prise en charge ({_une_ligne(origine)})") from None
        raise illisible(chemin, e) from None
    if nb_pages == 0:
        _fermer(pdf)
        raise PasUnPdf(chemin, "PDF sans aucune page")
    if nb_pages > pages_max:
        _fermer(pdf)
        raise TropDePages(chemin, f"{nb_pages} pages, bien plus qu’un plan (limite {pages_max})")
    return DocumentOuvert(chemin=chemin, pdf=pdf, sha256=hashlib.sha256(octets).hexdigest(), nb_pages=nb_pages,
                          octets=octets)
