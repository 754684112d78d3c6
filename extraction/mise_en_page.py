"""Stage 2 — page layout: words with their geometry and the ruling segments, read once.

Everything later (grids, headings, cover) works on this snapshot, so each page's content
stream is parsed a single time whatever strategy the grid stage ends up using.

Speed: pdfplumber turns every pdfminer object into a dict of ~20 resolved attributes
(colours, matrices, marked-content tags…). For characters — nearly all of a page's
objects — that conversion cost more than interpreting the content stream itself, and
the word grouping only reads nine of those attributes. ``_objets_page`` therefore fills
the page's object cache with lean character dicts (the same values, computed the same
way) and lets pdfplumber convert everything else (lines, rectangles, curves, images) as
usual; ``extract_words``, ``edges``, ``chars`` and ``images`` then read that cache.
"""

from __future__ import annotations

from typing import Any

from extraction.modele import Mot, PageMiseEnPage, Segment

# Word grouping: pdfplumber's defaults split words at gaps wider than 3 pt; keep them.
TOLERANCE_X = 3.0
TOLERANCE_Y = 3.0
SEGMENT_MIN = 2.0  # shorter strokes are glyph decorations, not table rulings


def _redresser(x0: float, top: float, x1: float, bottom: float, rotation: int, largeur: float,
               hauteur: float) -> tuple[float, float, float, float]:
    """A box in the page's unrotated space → the space the reader sees once the page's
    /Rotate is applied (pdfplumber keeps the unrotated one, where text then runs down)."""
    if rotation == 90:
        return top, largeur - x1, bottom, largeur - x0
    if rotation == 270:
        return hauteur - bottom, x0, hauteur - top, x1
    if rotation == 180:
        return largeur - x1, hauteur - bottom, largeur - x0, hauteur - top
    return x0, top, x1, bottom


def _rotation(page: Any) -> int:
    return int(getattr(page, "rotation", 0) or 0) % 360


def _objets_page(page: Any) -> dict[str, list[dict[str, Any]]]:
    """``page.objects`` as pdfplumber builds it, with characters reduced to the keys the
    word grouping reads (text, box, doctop, upright, size, fontname).

    Mirrors ``pdfplumber.Page.parse_objects``/``process_object`` (0.11): same traversal
    order, same arithmetic for ``top``/``bottom``/``doctop`` and the MediaBox shift, so the
    words come out identical, only without resolving attributes nobody reads.
    """
    from unicodedata import normalize

    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import fix_fontname_bytes

    hauteur = page.height
    mb_x0, mb_top = page.mediabox[:2]
    doctop0 = page.initial_doctop
    norme = page.pdf.unicode_norm
    conteneurs = page.pdf.laparams is not None
    numero = page.page_number
    objets: dict[str, list[dict[str, Any]]] = {}
    caracteres: list[dict[str, Any]] = []

    def ajouter(attr: dict[str, Any]) -> None:
        if attr["object_type"] != "anno":
            objets.setdefault(attr["object_type"], []).append(attr)

    def parcourir(elements: list[Any]) -> None:
        for obj in elements:
            if type(obj) is LTChar:
                texte = obj.get_text()
                police = obj.fontname
                if isinstance(police, bytes):  # rare byte-encoded font names
                    police = fix_fontname_bytes(police)
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                top = (hauteur - obj.y1) + mb_top
                if not caracteres:
                    objets["char"] = caracteres
                caracteres.append({
                    "text": normalize(norme, texte) if norme is not None else texte,
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": (hauteur - obj.y0) + mb_top,
                    "doctop": doctop0 + top,
                    "upright": obj.upright,
                    "size": obj.size,
                    "fontname": police,
                    "object_type": "char",
                    "page_number": numero,
                })
            elif isinstance(obj, LTContainer):
                if conteneurs:
                    ajouter(page.process_object(obj))
                parcourir(obj._objs)
            else:
                ajouter(page.process_object(obj))

    parcourir(page.layout._objs)
    rotation = _rotation(page)
    if rotation in (90, 180, 270):
        for c in caracteres:
            c["x0"], c["top"], c["x1"], c["bottom"] = _redresser(c["x0"], c["top"], c["x1"], c["bottom"], rotation,
                                                                  page.width, page.height)
            c["doctop"] = doctop0 + c["top"]
            if rotation != 180:
                c["upright"] = not c["upright"]
                c["size"] = c["bottom"] - c["top"]  # pdfminer's size is the extent across the text
    return objets


def _preparer(page: Any) -> None:
    """Fill the page's object cache the lean way; if pdfplumber's internals moved (a new
    version), leave the cache empty so pdfplumber builds it the ordinary way."""
    if hasattr(page, "_objects"):
        return
    try:
        objets = _objets_page(page)
    except (AttributeError, ImportError, TypeError):
        return
    page._objects = objets


def _segments(page: Any) -> list[Segment]:
    """Horizontal and vertical rulings: drawn lines and the edges of rectangles."""
    segs: list[Segment] = []
    rotation = _rotation(page)
    for e in page.edges:
        x0, top, x1, bottom = _redresser(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]),
                                         rotation, page.width, page.height)
        if max(x1 - x0, bottom - top) < SEGMENT_MIN:
            continue
        segs.append(Segment(x0, top, x1, bottom))
    return segs


def lire_page(page: Any) -> PageMiseEnPage:
    """Snapshot one pdfplumber page into plain data."""
    _preparer(page)
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
    largeur, hauteur = float(page.width), float(page.height)
    if _rotation(page) in (90, 270):
        largeur, hauteur = hauteur, largeur
    return PageMiseEnPage(
        numero=int(page.page_number),
        largeur=largeur,
        hauteur=hauteur,
        mots=mots,
        segments=_segments(page),
        nb_caracteres=len(page.chars),
        nb_images=len(page.images),
    )


def lire_pages(pdf: Any) -> list[PageMiseEnPage]:
    """Stage 2 over a whole document, releasing each page's objects after reading."""
    pages = []
    for page in pdf.pages:
        pages.append(lire_page(page))
        page.flush_cache()
    return pages
