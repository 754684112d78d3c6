"""Opening an edition: every way a file can be unusable becomes one clear ``ErreurDocument``.

Users point the tool at whatever they have; checking the cheap things first (path, PDF
signature, encryption, page count) gives a precise reason instead of a parser traceback.

Hostile files are refused at bounded cost:

* **Page count.** The page tree's declared ``/Count`` is read from the catalogue before
  any page is listed: a file declaring a million pages is refused in a fraction of a
  second (listing them took minutes and gigabytes). A tree that lies about its count is
  walked only up to the limit plus one page.
* **Decompression bombs.** pdfminer inflates a Flate (or LZW) stream whole, so a few
  kilobytes can ask for gigabytes. Its decoders are given bounded ones
  (``_borner_decompression``): no stream may inflate beyond ``DECOMPRESSE_MAX_FLUX``, the
  streams decoded while reading one page beyond ``DECOMPRESSE_MAX_PAGE`` (the reading
  stage calls ``nouvelle_page``), the whole document beyond ``DECOMPRESSE_MAX_DOCUMENT``;
  past a cap, decoding stops at once and ``TropLourd`` is raised. A real plan's page
  inflates to some tens of kilobytes, so the caps leave a thousandfold margin.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.erreurs import CheminIllisible, ErreurDocument, PasUnPdf, PdfChiffre, TropDePages, TropLourd

PAGES_MAX_DEFAUT = 200  # a plan has a handful of pages; this is far beyond any edition

MIO = 1 << 20
DECOMPRESSE_MAX_FLUX = 32 * MIO  # one stream, inflated (a plan's page: ~10-30 Kio; an embedded font: a few Mio)
DECOMPRESSE_MAX_PAGE = 64 * MIO  # every stream decoded while reading one page
DECOMPRESSE_MAX_DOCUMENT = 256 * MIO  # every stream of the document


# --- bounded decompression ---------------------------------------------------------------------


@dataclass(slots=True)
class _Budget:
    """Bytes inflated so far for the document being read and for its current page."""

    document: int = 0
    page: int = 0
    numero: int | None = None  # the page being read, for the message


_BUDGET = _Budget()


def _mio(n: int) -> str:
    return f"{n // MIO} Mio"


def _trop(flux: int, n: int) -> TropLourd:
    """The refusal for a stream now inflated to ``flux`` bytes, ``n`` of them not yet counted."""
    if flux > DECOMPRESSE_MAX_FLUX:
        quoi = f"un flux compressé dépasse {_mio(DECOMPRESSE_MAX_FLUX)} une fois décompressé"
    elif _BUDGET.page + n > DECOMPRESSE_MAX_PAGE:
        page = f"la page {_BUDGET.numero}" if _BUDGET.numero else "une page"
        quoi = f"le contenu de {page} dépasse {_mio(DECOMPRESSE_MAX_PAGE)} une fois décompressé"
    else:
        quoi = f"le contenu du document dépasse {_mio(DECOMPRESSE_MAX_DOCUMENT)} une fois décompressé"
    return TropLourd(None, f"{quoi} (bombe de décompression ?) : lecture arrêtée")


def _reste() -> int:
    """How many more bytes the next stream may inflate to."""
    return max(0, min(DECOMPRESSE_MAX_FLUX, DECOMPRESSE_MAX_PAGE - _BUDGET.page,
                      DECOMPRESSE_MAX_DOCUMENT - _BUDGET.document))


def _consommer(n: int, flux: int) -> None:
    """Count ``n`` more inflated bytes of a stream now at ``flux`` bytes; raise past a cap."""
    if (flux > DECOMPRESSE_MAX_FLUX or _BUDGET.page + n > DECOMPRESSE_MAX_PAGE
            or _BUDGET.document + n > DECOMPRESSE_MAX_DOCUMENT):
        raise _trop(flux, n)
    _BUDGET.page += n
    _BUDGET.document += n


def nouveau_document() -> None:
    """A new document is being read: its budget starts from zero."""
    _BUDGET.document = _BUDGET.page = 0
    _BUDGET.numero = None


def nouvelle_page(numero: int) -> None:
    """Page ``numero`` is about to be read: the per-page budget starts from zero."""
    _BUDGET.page = 0
    _BUDGET.numero = numero


class _FluxBorne:
    """A ``zlib.decompressobj`` that counts what it inflates (pdfminer's repair path for
    damaged streams feeds it byte by byte)."""

    def __init__(self, d: Any) -> None:
        self._d = d
        self._n = 0

    def decompress(self, donnees: bytes, max_length: int = 0) -> bytes:
        sortie = self._d.decompress(donnees, max_length) if max_length else self._d.decompress(donnees)
        self._n += len(sortie)
        _consommer(len(sortie), self._n)
        return bytes(sortie)

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._d, nom)


class _ZlibBorne:
    """What pdfminer sees as its ``zlib`` module: the real one, with bounded inflation."""

    def __init__(self, zlib: Any) -> None:
        self._zlib = zlib
        self.error = zlib.error

    def __getattr__(self, nom: str) -> Any:
        return getattr(self._zlib, nom)

    def decompress(self, donnees: bytes, wbits: int = 15, bufsize: int = 0) -> bytes:
        """``zlib.decompress``, but never allocating past the caps: the output is limited
        to what the budget allows plus one byte, and reaching it is the refusal."""
        limite = _reste()
        d = self._zlib.decompressobj(wbits)
        sortie = d.decompress(donnees, limite + 1)
        if len(sortie) > limite:
            raise _trop(len(sortie), len(sortie))
        if not d.eof:  # all input used and no end of stream: what zlib.decompress calls truncated
            raise self._zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        _consommer(len(sortie), len(sortie))
        return sortie

    def decompressobj(self, *args: Any, **kwargs: Any) -> _FluxBorne:
        return _FluxBorne(self._zlib.decompressobj(*args, **kwargs))


def _lzw_borne(donnees: bytes) -> bytes:
    """pdfminer's LZW decoding, counted chunk by chunk (LZW, too, can inflate a thousandfold)."""
    import io

    from pdfminer.lzw import LZWDecoder

    morceaux, n = [], 0
    for morceau in LZWDecoder(io.BytesIO(donnees)).run():
        n += len(morceau)
        _consommer(len(morceau), n)
        morceaux.append(morceau)
    return b"".join(morceaux)


def _borner_decompression() -> None:
    """Give pdfminer the bounded decoders (once per process; they are pdfminer's own
    module attributes, looked up at each call)."""
    import zlib

    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, _ZlibBorne):
        pdftypes.zlib = _ZlibBorne(zlib)  # type: ignore[assignment]
    if pdftypes.lzwdecode is not _lzw_borne:
        pdftypes.lzwdecode = _lzw_borne


# --- opening -----------------------------------------------------------------------------------


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
    """Release the parser's caches and its stream.

    Not ``pdf.close()``: pdfplumber's drops its page list and then walks the page tree
    again to close each page — on a file declaring a million pages, minutes spent
    listing pages only to close them after the refusal. The pages hold nothing the
    garbage collector cannot release.
    """
    try:
        pdf.flush_cache()
        if not getattr(pdf, "stream_is_external", True):
            pdf.stream.close()
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

    _borner_decompression()
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
                d = zlib.decompressobj()
                try:
                    d.decompress(f.rawdata, DECOMPRESSE_MAX_FLUX)  # bounded: only whether it inflates matters
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
    """The one error for anything a PDF parser raises on a damaged file (a decompression
    bomb stopped inside the parser comes out as itself, now naming the file)."""
    origine = cause(e)
    if isinstance(origine, ErreurDocument):
        return type(origine)(chemin, origine.raison)
    return PasUnPdf(chemin, f"PDF illisible ou corrompu ({type(origine).__name__})")


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


def _pages_declarees(pdf: Any) -> int | None:
    """The page count the catalogue's page tree declares (``/Pages /Count``), read without
    listing any page; None when the tree does not say."""
    from pdfminer.pdftypes import resolve1

    try:
        racine = resolve1(pdf.doc.catalog.get("Pages"))
        n = resolve1(racine.get("Count")) if isinstance(racine, dict) else None
    except Exception:  # noqa: BLE001 — a broken tree: the walk below will tell
        return None
    return n if isinstance(n, int) and not isinstance(n, bool) and n >= 0 else None


def _compter_pages(pdf: Any, limite: int) -> int:
    """The pages the tree really holds, counted up to ``limite + 1`` and no further."""
    from itertools import islice

    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), limite + 1))


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

    _borner_decompression()
    nouveau_document()
    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(octets), password=mot_de_passe or "")
        declarees = _pages_declarees(pdf)
        if declarees is not None and declarees > pages_max:
            raise TropDePages(chemin, f"{declarees} pages, bien plus qu’un plan (limite {pages_max})")
        if _compter_pages(pdf, pages_max) > pages_max:  # the tree holds more pages than it declares
            raise TropDePages(chemin, f"plus de {pages_max} pages, bien plus qu’un plan (limite {pages_max})")
        nb_pages = len(pdf.pages)  # now known to be at most pages_max
    except ErreurDocument as e:  # refused above, or a bomb met while reading the cross-reference streams
        if pdf is not None:
            _fermer(pdf)
        raise illisible(chemin, e) from None
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
    return DocumentOuvert(chemin=chemin, pdf=pdf, sha256=hashlib.sha256(octets).hexdigest(), nb_pages=nb_pages,
                          octets=octets)
