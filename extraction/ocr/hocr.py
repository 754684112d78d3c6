"""The words tesseract recognised, read from its hOCR output with their line's metrics."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# --- recognised words ----------------------------------------------------------------------------

# pdfminer's reading of a glyph box for a font whose ascent is 0.8 em and descent 0.2 em:
# the boxes the extraction was tuned on when OCR went through a rebuilt PDF.
ASCENDANTE, DESCENDANTE = 0.8, 0.2


@dataclass(slots=True)
class MotReconnu:
    """One recognised word, in pixels of the rendered page, with its line's metrics."""

    texte: str
    x0: float
    x1: float
    ligne: int  # rank of its line on the page: tesseract's reading order
    taille: float  # the line's font size estimate (tesseract's ``x_size``), pixels
    base: float  # baseline height under the word's start, pixels from the top
    confiance: float = 100.0  # tesseract's confidence in the word (``x_wconf``), 0–100
    y0: float | None = None  # the word's own box, top and bottom (pixels), when hOCR gave it
    y1: float | None = None


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
        self._confiance = 100.0

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
            self._confiance = (p.get("x_wconf") or [100.0])[0]

    def handle_endtag(self, tag: str) -> None:
        if self._mot is None or tag != "span":
            return
        if self._profondeur:
            self._profondeur -= 1
            return
        texte = "".join(self._texte).strip()
        x0, y0, x1, y1 = self._mot
        self._mot = None
        if not texte or x1 <= x0 or self._ligne is None:
            return
        rang, bbox, pente, decalage, taille = self._ligne
        base = bbox[3] + decalage + pente * (x0 - bbox[0])
        if taille > 0:
            self.mots.append(MotReconnu(texte, x0, x1, rang, taille, base, self._confiance, y0, y1))

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
