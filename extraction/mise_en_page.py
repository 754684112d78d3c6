"""Stage 1 — page layout: words with their geometry and the ruling segments, read once.

Everything later (grids, headings, cover) works on this snapshot, so each page's content
stream is parsed a single time whatever strategy the grid stage ends up using.
"""

from __future__ import annotations

from typing import Any

from extraction.modele import Mot, PageMiseEnPage, Segment

# Word grouping: pdfplumber's defaults split words at gaps wider than 3 pt; keep them.
TOLERANCE_X = 3.0
TOLERANCE_Y = 3.0
SEGMENT_MIN = 2.0  # shorter strokes are glyph decorations, not table rulings


def _segments(page: Any) -> list[Segment]:
    """Horizontal and vertical rulings: drawn lines and the edges of rectangles."""
    segs: list[Segment] = []
    for e in page.edges:
        x0, x1, top, bottom = float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"])
        if max(x1 - x0, bottom - top) < SEGMENT_MIN:
            continue
        segs.append(Segment(x0, top, x1, bottom))
    return segs


def lire_page(page: Any) -> PageMiseEnPage:
    """Snapshot one pdfplumber page into plain data."""
    brut = page.extract_words(
        x_tolerance=TOLERANCE_X,
        y_tolerance=TOLERANCE_Y,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["size", "fontname"],
        expand_ligatures=True,
    )
    mots = [
        Mot(
            texte=w["text"],
            x0=float(w["x0"]),
            x1=float(w["x1"]),
            top=float(w["top"]),
            bottom=float(w["bottom"]),
            taille=float(w.get("size") or 9.0),
            police=str(w.get("fontname") or ""),
        )
        for w in brut
        if w["text"].strip() and w.get("upright", True)
    ]
    return PageMiseEnPage(
        numero=int(page.page_number),
        largeur=float(page.width),
        hauteur=float(page.height),
        mots=mots,
        segments=_segments(page),
        nb_caracteres=len(page.chars),
        nb_images=len(page.images),
    )


def lire_pages(pdf: Any) -> list[PageMiseEnPage]:
    """Stage 1 over a whole document, releasing each page's objects after reading."""
    pages = []
    for page in pdf.pages:
        pages.append(lire_page(page))
        page.flush_cache()
    return pages
