"""OCR: the first stage for pages that have no text layer (scans), read by tesseract.

Why a stage of its own rather than a rebuilt PDF: every later stage takes the page
layout (``PageMiseEnPage``: words with their boxes and sizes, ruling segments), so a
scanned page is turned straight into that, in memory. For each page without text:

1. the page is rendered with pypdfium2 (already a pdfplumber dependency) at 300 dpi, the
   resolution tesseract's models expect;
2. the ``tesseract`` command (French model) reads the image from its standard input and
   writes hOCR on its standard output — nothing is written to disk; its hOCR gives every
   word with its box, its line's baseline and font size (pages run in parallel, one
   tesseract thread each);
3. the table's rulings, which a scan only has as pixels, are found again as long thin runs
   of dark pixels and become ruling segments (the grid stage relies on rulings to separate
   rows; without them two livrables of one cell run together).

Pages that already carry text are not recognised (OCR can only make them worse).

Recognised characters go through ``corriger_mots``: a few plan-agnostic rules for
tesseract's systematic confusions, decided from the page itself (glyph widths, what the
document shows elsewhere), never from expected wording: word-internal apostrophes follow
the document's (typographic ’ as soon as tesseract read one anywhere), doubled ones are
merged, a lone dash gets the character its printed width says (–, — or, opening a line,
the list marker ―), and a lone "|" — a ruling read as a glyph — is dropped. The only
requirement is the ``tesseract`` executable with its ``fra`` data; without them the stage
raises ``OcrImpossible`` saying how to install them.

One module a job, listed so that each imports only modules above it (no cycle):

- ``tesseract``: finding the command and its French data, running it on one image;
- ``hocr``: the recognised word (``MotReconnu``) and tesseract's hOCR read into words;
- ``morphologie``: erosion and dilation of boolean images, shared by the raster readers;
- ``caracteres``: character corrections (apostrophes, dashes, capital É from a lexicon);
- ``reglures``: rulings recovered from the raster, filled cells read as ruled ones;
- ``redressement``: a page turned in the scanner, straightened;
- ``nettoyage``: recognised words put back on their line, rejoined, read again, noise and
  double readings dropped, and how sure the page is;
- ``fonds``: pages with no ink left alone, text on dark fills read apart in negative;
- ``pages``: ``reconnaitre_pages``, the steps in order, pages in parallel.
"""

from __future__ import annotations

from extraction.ocr.caracteres import apostrophe_du_document, corriger_mots, rendre_accents
from extraction.ocr.fonds import FondSombre, avec_fonds, fonds_sombres, negatif_du_fond, sans_encre, sans_fonds
from extraction.ocr.hocr import MotReconnu, lire_hocr
from extraction.ocr.nettoyage import (
    a_relire,
    doutes_ocr,
    recoller_morceaux,
    relu,
    sans_bruit,
    sans_doublons,
    sur_leur_ligne,
)
from extraction.ocr.pages import page_reconnue, reconnaitre_pages
from extraction.ocr.redressement import inclinaison, redresser
from extraction.ocr.reglures import Trait, bords_implicites, traits, traits_des_fonds, traits_et_texte
from extraction.ocr.tesseract import LANGUE, RESOLUTION, _png, _tesseract, verifier_tesseract

__all__ = [
    "FondSombre",
    "LANGUE",
    "MotReconnu",
    "RESOLUTION",
    "Trait",
    "_png",
    "_tesseract",
    "a_relire",
    "apostrophe_du_document",
    "avec_fonds",
    "bords_implicites",
    "corriger_mots",
    "doutes_ocr",
    "fonds_sombres",
    "inclinaison",
    "lire_hocr",
    "negatif_du_fond",
    "page_reconnue",
    "recoller_morceaux",
    "reconnaitre_pages",
    "redresser",
    "relu",
    "rendre_accents",
    "sans_bruit",
    "sans_doublons",
    "sans_encre",
    "sans_fonds",
    "sur_leur_ligne",
    "traits",
    "traits_des_fonds",
    "traits_et_texte",
    "verifier_tesseract",
]
