"""``--ocr``: give a scanned (image-only) PDF a text layer so the normal pipeline reads it.

Why a rebuilt PDF rather than OCR'd words fed to the stages directly: every stage after
``extraction.document`` works on pdfplumber pages (words with geometry, ruling segments),
so the most faithful hand-over is a PDF whose text and rulings sit where the scan shows
them. For each page without text:

1. the page is rendered with pypdfium2 (already a pdfplumber dependency) at 300 dpi, the
   resolution tesseract's models expect;
2. the ``tesseract`` command (French model) recognises it; its hOCR output gives every
   word with its box, its line's baseline and font size (pages run in parallel, one
   tesseract thread each);
3. the table's rulings, which a scan only has as pixels, are found again as long thin runs
   of dark pixels and drawn back as vector lines (the grid stage relies on rulings to
   separate rows; without them two livrables of one cell run together);
4. a small PDF is written by hand: one text object per recognised word, scaled to its box,
   in a CID font whose codes are the Unicode code points (so pdfminer reads the text back
   exactly), plus the rulings. No image is kept: nothing downstream looks at it.

Pages that already carry text are copied as they are (OCR can only make them worse); a
document whose every page has text is returned unchanged.

Recognised characters go through ``corriger_mots``: a few plan-agnostic rules for
tesseract's systematic confusions, decided from the page itself (glyph widths, what the
document shows elsewhere), never from expected wording: word-internal apostrophes follow
the document's (typographic ’ as soon as tesseract read one anywhere), doubled ones are
merged, a lone dash gets the character its printed width says (–, — or, opening a line,
the list marker ―), and a lone "|" — a ruling read as a glyph — is dropped. The only requirement is the
``tesseract`` executable with its ``fra`` data; without them ``--ocr`` fails with one line
saying how to install them.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pamam.erreurs import SORTIE_PAS_PDF, SORTIE_SANS_TEXTE, ErreurPamam

RESOLUTION = 300  # dpi: tesseract's models are trained on text of about this resolution
LANGUE = "fra"
DELAI_PAGE = 300  # seconds per page before tesseract is considered stuck
INSTALLATION = (
    "installez tesseract et ses données françaises (Debian/Ubuntu : apt install tesseract-ocr "
    "tesseract-ocr-fra ; Fedora : dnf install tesseract tesseract-langpack-fra ; "
    "macOS : brew install tesseract tesseract-lang)"
)

_temporaires: list[Path] = []


def _nettoyer_temporaires() -> None:
    """The OCR'd PDF is read by path by the pipeline; it lives until the process ends."""
    for d in _temporaires:
        shutil.rmtree(d, ignore_errors=True)


atexit.register(_nettoyer_temporaires)


def verifier_tesseract(pdf: Path | None = None) -> str:
    """The tesseract executable, or ``ErreurPamam`` saying how to install what is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise ErreurPamam(pdf, f"--ocr demande tesseract, introuvable : {INSTALLATION}", SORTIE_SANS_TEXTE)
    try:
        r = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise ErreurPamam(pdf, f"--ocr : tesseract ne démarre pas ({e}) : {INSTALLATION}", SORTIE_SANS_TEXTE) from None
    if LANGUE not in {ligne.strip() for ligne in (r.stdout + r.stderr).splitlines()}:
        raise ErreurPamam(
            pdf, f"--ocr : données françaises de tesseract absentes (langue « {LANGUE} ») : {INSTALLATION}",
            SORTIE_SANS_TEXTE,
        )
    return exe


# --- recognised words ----------------------------------------------------------------------------


@dataclass(slots=True)
class MotReconnu:
    """One recognised word, in pixels of the rendered page, with its line's metrics."""

    texte: str
    x0: float
    x1: float
    ligne: int  # rank of its line on the page: tesseract's reading order
    taille: float  # the line's font size estimate (tesseract's ``x_size``), pixels
    base: float  # baseline height under the word's start, pixels from the top


class _LecteurHocr(HTMLParser):
    """Collects ``ocrx_word`` spans with the metrics of the line holding them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.mots: list[MotReconnu] = []
        self._ligne: tuple[int, list[float], float, float, float] | None = None  # rank, bbox, slope, offset, size
        self._rang = 0
        self._mot: list[float] | None = None
        self._texte: list[str] = []
        self._profondeur = 0  # span nesting inside the current word

    @staticmethod
    def _proprietes(title: str) -> dict[str, list[float]]:
        sortie: dict[str, list[float]] = {}
        for partie in title.split(";"):
            cle, _, valeurs = partie.strip().partition(" ")
            try:
                sortie[cle] = [float(v) for v in valeurs.split()]
            except ValueError:
                continue
        return sortie

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classe = a.get("class", "")
        if self._mot is not None:
            self._profondeur += tag == "span"
            return
        p = self._proprietes(a.get("title", ""))
        if classe in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat") and len(p.get("bbox", [])) == 4:
            pente, decalage = (p.get("baseline", []) + [0.0, 0.0])[:2]
            bbox = p["bbox"]
            taille = (p.get("x_size") or [bbox[3] - bbox[1]])[0]
            self._rang += 1
            self._ligne = (self._rang, bbox, pente, decalage, taille)
        elif classe == "ocrx_word" and len(p.get("bbox", [])) == 4 and self._ligne is not None:
            self._mot, self._texte, self._profondeur = p["bbox"], [], 0

    def handle_endtag(self, tag: str) -> None:
        if self._mot is None or tag != "span":
            return
        if self._profondeur:
            self._profondeur -= 1
            return
        texte = "".join(self._texte).strip()
        x0, _y0, x1, _y1 = self._mot
        self._mot = None
        if not texte or x1 <= x0 or self._ligne is None:
            return
        rang, bbox, pente, decalage, taille = self._ligne
        base = bbox[3] + decalage + pente * (x0 - bbox[0])
        if taille > 0:
            self.mots.append(MotReconnu(texte, x0, x1, rang, taille, base))

    def handle_data(self, data: str) -> None:
        if self._mot is not None:
            self._texte.append(data)


def lire_hocr(hocr: str) -> list[MotReconnu]:
    """Words of tesseract's hOCR output, each with its line's baseline and font size.

    hOCR rather than TSV because it carries, per line, the baseline and tesseract's font
    size estimate (``x_size``): word boxes vary with ascenders and descenders, and the
    later stages compare font sizes (headings are larger than body text).
    """
    lecteur = _LecteurHocr()
    lecteur.feed(hocr)
    lecteur.close()
    return lecteur.mots


# --- character corrections -----------------------------------------------------------------------

_TIRETS = set("-‐‑–—―_")
_APOSTROPHES = "'‘`´’"
_APOSTROPHE_DANS_MOT = re.compile(rf"(?<=\w)[{_APOSTROPHES}]+(?=\w)")
_APOSTROPHES_REPETEES = re.compile(rf"[{_APOSTROPHES}]{{2,}}")


def apostrophe_du_document(textes: Sequence[str]) -> str:
    """The apostrophe the printed document uses, judged from what tesseract read.

    Tesseract reads a typographic ’ sometimes as ’ and often as the ASCII ' (its models see
    both shapes at scan resolution), but never turns a printed straight ' into a curly ’.
    So one word-internal ’ anywhere in the document means the print is typographic, and
    every word-internal apostrophe is then written ’; otherwise the ASCII ' is kept.
    """
    for t in textes:
        if re.search(r"\w’\w", t):
            return "’"
    return "'"


def corriger_mots(mots: list[MotReconnu], apostrophe: str) -> None:
    """Undo tesseract's systematic confusions, in place, from the page's own evidence.

    * Apostrophes: a run of apostrophe look-alikes inside a word ("d’'ententes") is one
      apostrophe, written as the document's (``apostrophe_du_document``).
    * A word that is only a vertical bar is a table ruling read as a glyph: dropped (the
      rulings are redrawn from the image).
    * A word that is only a dash is classified by its printed width, which tesseract
      measures reliably, rather than by the glyph it guessed: about one em (the line's
      font size) is an em-width dash — "―" (the list marker, U+2015) when it
      opens a line, "—" elsewhere; about half an em is "–"; narrower is "-".
    """
    garder: list[MotReconnu] = []
    premiere_de_ligne: set[int] = set()
    vues: set[int] = set()
    for m in sorted(mots, key=lambda m: (m.ligne, m.x0)):
        if m.ligne not in vues:
            vues.add(m.ligne)
            premiere_de_ligne.add(id(m))
    for m in mots:
        t = m.texte
        if set(t) <= {"|", "¦"}:
            continue
        if t and set(t) <= _TIRETS:
            largeur = (m.x1 - m.x0) / m.taille
            if largeur >= 0.75:
                t = "―" if id(m) in premiere_de_ligne else "—"
            elif largeur >= 0.4:
                t = "–"
            else:
                t = "-"
        else:
            t = _APOSTROPHES_REPETEES.sub(apostrophe, t)
            t = _APOSTROPHE_DANS_MOT.sub(apostrophe, t)
        m.texte = t
        garder.append(m)
    mots[:] = garder


# --- rulings recovered from the raster -----------------------------------------------------------

Trait = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, top-left origin


def traits(image: Any, seuil: int = 160, longueur_min: float = 0.04, epaisseur_max: float = 8.0) -> list[Trait]:
    """Horizontal and vertical rulings of a page image: long runs of dark pixels.

    A run counts when it covers at least ``longueur_min`` of the page's width (height):
    text strokes are far shorter. Runs on consecutive pixel rows that overlap merge into
    one band; a band at most ``epaisseur_max`` pixels thick is a rule (one line at its
    middle), a thicker one is a filled block (a shaded header) and gives its two edges,
    as pdfplumber reports a filled rectangle's edges.
    """
    import numpy as np

    noir = np.asarray(image.convert("L")) < seuil
    h, w = noir.shape
    sortie: list[Trait] = []
    for horizontal in (True, False):
        grille = noir if horizontal else noir.T
        longueur = w if horizontal else h
        mini = max(int(longueur * longueur_min), 20)
        bandes: list[list[int]] = []  # [first row, last row, start, end]
        actives: list[list[int]] = []
        for i in np.flatnonzero(grille.sum(axis=1) >= mini):
            ligne = grille[i].astype(np.int8)
            bords = np.flatnonzero(np.diff(np.concatenate(([0], ligne, [0]))))
            actives = [b for b in actives if b[1] >= i - 1]
            for debut, fin in zip(bords[::2].tolist(), bords[1::2].tolist(), strict=True):
                if fin - debut < mini:
                    continue
                for b in actives:
                    if debut < b[3] and fin > b[2]:
                        b[1], b[2], b[3] = int(i), min(b[2], debut), max(b[3], fin)
                        break
                else:
                    nouvelle = [int(i), int(i), debut, fin]
                    bandes.append(nouvelle)
                    actives.append(nouvelle)
        for premier, dernier, debut, fin in bandes:
            positions = [(premier + dernier + 1) / 2] if dernier - premier + 1 <= epaisseur_max else [
                premier, dernier + 1]
            for p in positions:
                sortie.append((debut, p, fin, p) if horizontal else (p, debut, p, fin))
    return sortie


# --- the rebuilt PDF -----------------------------------------------------------------------------


@dataclass(slots=True)
class PageReconnue:
    """What the rebuilt PDF needs of one page, in pixels at ``RESOLUTION``."""

    largeur: float
    hauteur: float
    mots: list[MotReconnu]
    traits: list[Trait]


def _nombre(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _contenu(page: PageReconnue) -> bytes:
    """Content stream: rulings as 0.5 pt strokes, then each word (and a space after each
    word but a line's last, so word grouping splits exactly where tesseract did)."""
    k = 72 / RESOLUTION
    H = page.hauteur * k
    ops: list[str] = ["q 0.5 w 0 G"]
    for x0, y0, x1, y1 in page.traits:
        ops.append(f"{_nombre(x0 * k)} {_nombre(H - y0 * k)} m {_nombre(x1 * k)} {_nombre(H - y1 * k)} l S")
    ops.append("Q BT")
    par_ligne: dict[int, list[MotReconnu]] = {}
    for m in page.mots:
        par_ligne.setdefault(m.ligne, []).append(m)
    for mots in par_ligne.values():
        mots.sort(key=lambda m: m.x0)
        for j, m in enumerate(mots):
            taille = m.taille * k
            base = H - m.base * k
            morceaux = [(m.texte, m.x0, m.x1)]
            if j + 1 < len(mots):
                ecart = max(mots[j + 1].x0 - m.x1, 1.0)
                morceaux.append((" ", m.x1, m.x1 + min(ecart, m.taille * 0.3)))
            for texte, x0, x1 in morceaux:
                codes = [ord(c) if ord(c) <= 0xFFFF else 0xFFFD for c in texte]
                echelle = 100 * (x1 - x0) * k / (len(codes) * taille)
                hexa = "".join(f"{c:04X}" for c in codes)
                ops.append(f"/F1 {_nombre(taille)} Tf {_nombre(echelle)} Tz "
                           f"1 0 0 1 {_nombre(x0 * k)} {_nombre(base)} Tm <{hexa}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def _to_unicode(codes: set[int]) -> bytes:
    """ToUnicode CMap mapping each code used to the same code point (CID = Unicode)."""
    lignes = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    tries = sorted(codes)
    for i in range(0, len(tries), 100):
        bloc = tries[i:i + 100]
        lignes.append(f"{len(bloc)} beginbfchar")
        lignes.extend(f"<{c:04X}> <{c:04X}>" for c in bloc)
        lignes.append("endbfchar")
    lignes.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lignes).encode("ascii")


def ecrire_pdf(pages: Sequence[PageReconnue], cible: Path) -> None:
    """A minimal PDF 1.7 holding the pages' words and rulings (no compression, no image)."""
    k = 72 / RESOLUTION
    codes = {ord(c) if ord(c) <= 0xFFFF else 0xFFFD for p in pages for m in p.mots for c in m.texte + " "}
    objets: list[bytes] = []

    def ajouter(corps: bytes) -> int:
        objets.append(corps)
        return len(objets)

    def flux(donnees: bytes, dico: str = "") -> bytes:
        return f"<< {dico} /Length {len(donnees)} >>\nstream\n".encode("ascii") + donnees + b"\nendstream"

    catalogue = ajouter(b"")  # filled once the page tree's number is known
    arbre = ajouter(b"")
    descripteur = ajouter(
        b"<< /Type /FontDescriptor /FontName /PamamOCR /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>")
    cid = ajouter(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /PamamOCR /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descripteur} 0 R /DW 1000 "
        f"/CIDToGIDMap /Identity >>".encode("ascii"))
    unicode_ = ajouter(flux(_to_unicode(codes)))
    police = ajouter(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /PamamOCR /Encoding /Identity-H "
        f"/DescendantFonts [{cid} 0 R] /ToUnicode {unicode_} 0 R >>".encode("ascii"))
    enfants = []
    for p in pages:
        contenu = ajouter(flux(_contenu(p)))
        enfants.append(ajouter(
            f"<< /Type /Page /Parent {arbre} 0 R /MediaBox [0 0 {_nombre(p.largeur * k)} {_nombre(p.hauteur * k)}] "
            f"/Resources << /Font << /F1 {police} 0 R >> >> /Contents {contenu} 0 R >>".encode("ascii")))
    objets[catalogue - 1] = f"<< /Type /Catalog /Pages {arbre} 0 R >>".encode("ascii")
    objets[arbre - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{e} 0 R' for e in enfants)}] "
                         f"/Count {len(enfants)} >>").encode("ascii")
    sortie = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    positions = []
    for n, corps in enumerate(objets, 1):
        positions.append(len(sortie))
        sortie += f"{n} 0 obj\n".encode("ascii") + corps + b"\nendobj\n"
    xref = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode("ascii")
    sortie += b"".join(f"{p:010d} 00000 n \n".encode("ascii") for p in positions)
    sortie += f"trailer\n<< /Size {len(objets) + 1} /Root {catalogue} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
        "ascii")
    cible.write_bytes(bytes(sortie))


# --- orchestration -------------------------------------------------------------------------------


def _tesseract(exe: str, image_png: Path) -> str:
    """hOCR of one page image; one thread per process since pages run in parallel."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        r = subprocess.run(
            [exe, str(image_png), "stdout", "-l", LANGUE, "--dpi", str(RESOLUTION), "hocr"],
            capture_output=True, text=True, timeout=DELAI_PAGE, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"tesseract n’a pas fini une page en {DELAI_PAGE} s") from None
    except OSError as e:
        raise RuntimeError(f"tesseract ne démarre pas ({e})") from None
    if r.returncode != 0:
        derniere = (r.stderr.strip().splitlines() or [f"code {r.returncode}"])[-1]
        raise RuntimeError(f"tesseract a échoué ({derniere})")
    return r.stdout


def _page_a_du_texte(page: Any) -> bool:
    textpage = page.get_textpage()
    try:
        return textpage.count_chars() > 0
    finally:
        textpage.close()


def reconnaitre(pdf: Path, mot_de_passe: str | None = None, pages_max: int | None = None) -> Path:
    """A temporary PDF where ``pdf``'s image-only pages carry the OCR'd text and rulings.

    The input is validated first by ``extraction.document.ouvrir`` (same messages and exit
    codes as without ``--ocr``: missing, not a PDF, encrypted, too many pages), so OCR time
    is never spent on a file that would be refused anyway. The returned file is removed
    when the process exits; a document with text on every page is returned as is.
    """
    from extraction.document import PAGES_MAX_DEFAUT, ouvrir

    pdf = Path(pdf)
    ouvrir(pdf, mot_de_passe=mot_de_passe, pages_max=pages_max or PAGES_MAX_DEFAUT).fermer()
    exe = verifier_tesseract(pdf)

    import pypdfium2 as pdfium

    try:
        source = pdfium.PdfDocument(str(pdf), password=mot_de_passe)
    except Exception as e:  # noqa: BLE001 — pdfium refusing a file pdfminer accepted
        raise ErreurPamam(pdf, f"PDF illisible ou corrompu ({type(e).__name__})", SORTIE_PAS_PDF) from None
    dossier = Path(tempfile.mkdtemp(prefix="pamam-ocr-"))
    _temporaires.append(dossier)
    try:
        a_reconnaitre: dict[int, tuple[Path, float, float]] = {}
        rulings: dict[int, list[Trait]] = {}
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            futurs = {}
            for i in range(len(source)):
                try:
                    page = source[i]
                    if _page_a_du_texte(page):
                        continue
                    image = page.render(scale=RESOLUTION / 72, grayscale=True).to_pil()
                except Exception as e:  # noqa: BLE001 — a page pdfium cannot draw
                    raise ErreurPamam(pdf, f"PDF illisible ou corrompu (page {i + 1} : {type(e).__name__})",
                                      SORTIE_PAS_PDF) from None
                png = dossier / f"page-{i + 1:04d}.png"
                image.save(png)
                a_reconnaitre[i] = (png, float(image.width), float(image.height))
                futurs[i] = pool.submit(_tesseract, exe, png)
                rulings[i] = traits(image)  # while tesseract works on this page
            try:
                hocr = {i: f.result() for i, f in futurs.items()}
            except RuntimeError as e:
                raise ErreurPamam(pdf, f"OCR impossible : {e}", SORTIE_SANS_TEXTE) from None
        if not a_reconnaitre:
            return pdf
        mots = {i: lire_hocr(t) for i, t in hocr.items()}
        if not any(mots.values()) and len(a_reconnaitre) == len(source):
            raise ErreurPamam(pdf, "aucun texte reconnu par l’OCR (pages blanches ou illisibles)", SORTIE_SANS_TEXTE)
        apostrophe = apostrophe_du_document([m.texte for ms in mots.values() for m in ms])
        pages = []
        for i, (_png, largeur, hauteur) in a_reconnaitre.items():
            corriger_mots(mots[i], apostrophe)
            pages.append(PageReconnue(largeur, hauteur, mots[i], rulings[i]))
        cible = dossier / pdf.name
        if len(a_reconnaitre) == len(source):
            ecrire_pdf(pages, cible)
        else:
            partiel = dossier / "ocr-seul.pdf"
            ecrire_pdf(pages, partiel)
            _assembler(source, list(a_reconnaitre), partiel, cible)
        return cible
    finally:
        source.close()


def _assembler(source: Any, reconnues: list[int], ocr: Path, cible: Path) -> None:
    """Original pages where they had text, rebuilt ones (in order) where they had none."""
    import pypdfium2 as pdfium

    doc_ocr = pdfium.PdfDocument(str(ocr))
    sortie = pdfium.PdfDocument.new()
    try:
        rang = {i: k for k, i in enumerate(reconnues)}
        for i in range(len(source)):
            if i in rang:
                sortie.import_pages(doc_ocr, [rang[i]])
            else:
                sortie.import_pages(source, [i])
        sortie.save(str(cible))
    finally:
        sortie.close()
        doc_ocr.close()
