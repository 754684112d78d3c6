"""Page images in the extraction's coordinates, the colours of each role, a font.

Why pypdfium2 directly rather than ``pdfplumber.Page.to_image``: both render with pdfium
(pdfplumber depends on it), but the extraction reads a page with /Rotate in its reading
orientation (``extraction.mise_en_page._redresser``), where a viewer shows it turned. The
image is rendered with the page's rotation undone, so that a box in the extraction's
points lands on its words at ``echelle`` pixels per point — the same for every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

#: Colour of each role (RGB), from the Okabe–Ito palette (told apart with a colour-vision deficiency).
COULEURS: dict[str, tuple[int, int, int]] = {
    "section": (117, 63, 168),
    "objectif": (0, 114, 178),
    "action": (230, 159, 0),
    "mesure": (86, 180, 233),
    "livrable": (0, 158, 115),
    "echeancier": (204, 121, 167),
    "autre": (240, 228, 66),
    "entete": (150, 150, 150),
    "couverture": (190, 190, 190),
    "hors_tableau": (213, 94, 0),
    "ligne_courante": (200, 30, 30),
    "numero_de_page": (200, 30, 30),
    "zone": (20, 40, 160),
    "gouttiere": (20, 40, 160),
    "rangee": (180, 80, 0),
}

#: Opacity of a role's fill over the page (0–255): light enough to read the words through it.
OPACITE = 70

#: What each role is called in legends and pages.
LIBELLES: dict[str, str] = {
    "section": "titre de section",
    "objectif": "objectif",
    "action": "action",
    "mesure": "mesure (mise en œuvre)",
    "livrable": "livrable",
    "echeancier": "échéancier",
    "autre": "colonne supplémentaire",
    "entete": "ligne d’en-tête du tableau",
    "couverture": "couverture (avant la première section)",
    "hors_tableau": "texte hors tableau (avertissement)",
    "ligne_courante": "entête ou pied courant retiré",
    "numero_de_page": "numéro de page ignoré",
    "zone": "zone de tableau",
    "gouttiere": "gouttière entre colonnes",
    "rangee": "début d’une rangée, étiquetée « mesure · livrable » comme dans plan.json",
}


def teinte(role: str, fond: tuple[int, int, int] = (255, 255, 255)) -> tuple[int, int, int]:
    """The colour a role's fill gives over ``fond`` (what a pixel of white paper becomes)."""
    a = OPACITE / 255
    return tuple(round(c * a + f * (1 - a)) for c, f in zip(COULEURS[role], fond, strict=True))  # type: ignore[return-value]


_POLICES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "DejaVuSans.ttf",
)


@cache
def police(taille: int, grasse: bool = False) -> Any:
    """DejaVu Sans when installed (accents, « », œ), else Pillow's own scalable font."""
    from PIL import ImageFont

    for chemin in _POLICES:
        if grasse:
            chemin = chemin.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
        try:
            return ImageFont.truetype(chemin, taille)
        except OSError:
            continue
    return ImageFont.load_default(size=taille)


@dataclass(slots=True)
class ImagePage:
    """A rendered page: the image and how many pixels make one PDF point."""

    numero: int
    image: Any  # PIL.Image.Image, RGB
    echelle: float
    rotation: int  # the page's /Rotate, undone in the image

    def px(self, x: float, y: float) -> tuple[float, float]:
        return x * self.echelle, y * self.echelle


@contextmanager
def document_pdfium(chemin: Path, mot_de_passe: str | None = None) -> Iterator[Any]:
    """The PDF opened by pdfium (closed on exit); ``PasUnPdf`` when pdfium refuses it."""
    import pypdfium2 as pdfium

    from extraction.erreurs import PasUnPdf

    try:
        doc = pdfium.PdfDocument(str(chemin), password=mot_de_passe)
    except pdfium.PdfiumError as e:  # a file pdfminer read but pdfium cannot draw
        raise PasUnPdf(chemin, f"PDF impossible à dessiner (pdfium : {e})") from None
    try:
        yield doc
    finally:
        doc.close()


def rendre_page(doc: Any, numero: int, resolution: float) -> ImagePage:
    """Page ``numero`` (from 1) at ``resolution`` dpi, in the reading orientation."""
    page = doc[numero - 1]
    rotation = int(page.get_rotation() or 0) % 360
    image = page.render(scale=resolution / 72, rotation=(360 - rotation) % 360).to_pil().convert("RGB")
    page.close()
    return ImagePage(numero, image, resolution / 72, rotation)
