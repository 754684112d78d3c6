"""Plain data passed between the extraction stages.

Geometry follows pdfplumber: points, origin at the top-left of the page, ``top`` growing
downwards. Keeping the stages' inputs and outputs as small dataclasses lets each stage be
tested on hand-made data without a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Mot:
    """One word as laid out on the page."""

    texte: str
    x0: float
    x1: float
    top: float
    bottom: float
    taille: float = 9.0
    police: str = ""

    @property
    def centre_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def gras(self) -> bool:
        return "bold" in self.police.lower() or "black" in self.police.lower()


@dataclass(slots=True)
class Ligne:
    """Words sharing a baseline, left to right."""

    mots: list[Mot]

    @property
    def x0(self) -> float:
        return min(m.x0 for m in self.mots)

    @property
    def x1(self) -> float:
        return max(m.x1 for m in self.mots)

    @property
    def top(self) -> float:
        return min(m.top for m in self.mots)

    @property
    def bottom(self) -> float:
        return max(m.bottom for m in self.mots)

    @property
    def largeur(self) -> float:
        return self.x1 - self.x0

    @property
    def taille(self) -> float:
        return max(m.taille for m in self.mots)

    @property
    def texte(self) -> str:
        return " ".join(m.texte for m in self.mots)


@dataclass(frozen=True, slots=True)
class Segment:
    """A horizontal or vertical ruling: a drawn line or one edge of a rectangle."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class LectureMots:
    """How one page's words were built from its glyphs (``qualite.mots``).

    Producers that place each word or glyph with its own positioning operator print no
    space character: their word breaks are only gaps. The reader of an edition should be
    able to see which pages were read that way and how sure the cut was.
    """

    espaces: int  # space characters that separated words
    espaces_sans_chasse: int  # space characters drawn over the next glyph (not a break)
    coupures_par_ecart: int  # word breaks found from a gap alone, no space character
    approche_em: float  # letter spacing measured on the page (median gap between glyphs), in em
    seuil_em: float  # a gap wider than this (in em of the larger glyph) is a word break
    ecart_min_em: float | None  # the narrowest gap read as a word break, in em
    ecarts_douteux: int  # gaps so close to the threshold that the cut could go either way
    doute: str | None = None  # why this page's words cannot be trusted, in French; None: they can

    @property
    def sans_espaces(self) -> bool:
        """Words came from gaps rather than space characters."""
        return self.coupures_par_ecart > self.espaces

    def en_dict(self) -> dict[str, Any]:
        return {"sans_espaces": self.sans_espaces, "espaces": self.espaces,
                "espaces_sans_chasse": self.espaces_sans_chasse, "coupures_par_ecart": self.coupures_par_ecart,
                "approche_em": round(self.approche_em, 3), "seuil_em": round(self.seuil_em, 3),
                "ecart_min_em": None if self.ecart_min_em is None else round(self.ecart_min_em, 3),
                "ecarts_douteux": self.ecarts_douteux, "doute": self.doute}


@dataclass(slots=True)
class PageMiseEnPage:
    """Stage 2 output (``mise_en_page`` or ``ocr``): everything later stages need from one page, read once."""

    numero: int
    largeur: float
    hauteur: float
    mots: list[Mot]
    segments: list[Segment] = field(default_factory=list)
    nb_caracteres: int = 0
    nb_images: int = 0
    lecture_mots: LectureMots | None = None  # how the words were built (None: OCR or no text)
    doutes: list[str] = field(default_factory=list)  # why this page may be misread (e.g. a poor OCR)


@dataclass(slots=True)
class Colonne:
    """A table column: its header text, its role, and its horizontal extent."""

    entete: str
    role: str  # "action", "mesure", "livrable", "echeancier", "autre", or "numero_action"/"numero_mesure"/"numero"
    x0: float
    x1: float


@dataclass(slots=True)
class Cellule:
    """A cell of a grid; ``top``/``bottom`` bound it vertically (a merged cell is tall)."""

    colonne: int
    top: float
    bottom: float
    lignes: list[Ligne]

    @property
    def vide(self) -> bool:
        return not self.lignes


@dataclass(slots=True)
class Grille:
    """Stage 3 output: one table fragment on one page."""

    page: int
    colonnes: list[Colonne]
    cellules: list[Cellule]
    top: float
    bottom: float
    strategie: str
    avec_entete: bool = True
    top_entete: float | None = None  # where the header row starts, when there is one
    largeurs: dict[int, float] = field(default_factory=dict)  # wrap width per column (-1: band rows)
    # Actions printed as band rows across the table ("1. Titre" over its measures), top to
    # bottom; each is a cell of column -1 holding the band's lines.
    bandes: list[Cellule] = field(default_factory=list)
    # Why this fragment may be misread (a low quality score, rows that cannot be told
    # apart): each becomes a "page_douteuse" warning naming the page.
    doutes: list[str] = field(default_factory=list)

    def colonne(self, role: str) -> int | None:
        for i, c in enumerate(self.colonnes):
            if c.role == role:
                return i
        return None


@dataclass(slots=True)
class BlocHorsTableau:
    """Lines of a page outside any table (cover, headings, objectives, footers)."""

    page: int
    lignes: list[Ligne]


@dataclass(slots=True)
class PageAnalysee:
    """A page after stage 3: its tables and the text around them, top to bottom."""

    numero: int
    elements: list[Grille | BlocHorsTableau]
    strategie: str | None
    qualite: float | None = None
    doutes: list[str] = field(default_factory=list)  # why its reading is unsure, said in ``qualite``


# --- The raw plan: what the hierarchy stage builds and the extraction hands over -------------


@dataclass(frozen=True, slots=True)
class Cadre:
    """Where a cell lies on one page, in PDF points from the page's top-left corner."""

    role: str  # "livrable", "echeancier", "mesure", "action"
    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def en_dict(self) -> dict[str, Any]:
        return {"role": self.role, "page": self.page, "x0": round(self.x0, 2), "top": round(self.top, 2),
                "x1": round(self.x1, 2), "bottom": round(self.bottom, 2)}


@dataclass(frozen=True, slots=True)
class Avertissement:
    """Something the reader of an edition should look at (``qualite.avertissements``)."""

    page: int | None
    type: str
    message: str

    def en_dict(self) -> dict[str, Any]:
        return {"page": self.page, "type": self.type, "message": self.message}


@dataclass(eq=False, slots=True)
class LivrableLu:
    """One row as read: texts as printed (wrapping undone, not yet cleaned)."""

    texte: str
    echeancier: str
    page: int
    colonnes_supplementaires: dict[str, str] = field(default_factory=dict)
    cadres: list[Cadre] = field(default_factory=list)  # its livrable cell, one box per page
    # Boxes of its échéancier cell: one list object shared by the rows a merged cell covers,
    # so that a box found on the next page reaches them all.
    cadres_echeancier: list[Cadre] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class MesureLue:
    numero: str
    titre: str
    livrables: list[LivrableLu] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)  # its cell, one box per page it spans


@dataclass(eq=False, slots=True)
class ActionLue:
    numero: str
    titre: str
    mesures: list[MesureLue] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)  # its cell, one box per page it spans


@dataclass(eq=False, slots=True)
class SectionLue:
    code: str
    titre: str
    objectif: str = ""
    actions: list[ActionLue] = field(default_factory=list)


@dataclass(slots=True)
class Couverture:
    """The cover's texts: title, subtitle and the edition label candidates, in order."""

    titre: str = ""
    sous_titre: str = ""
    libelles: list[str] = field(default_factory=list)  # "NOVEMBRE 2023" candidates, in order


@dataclass(slots=True)
class PlanBrut:
    """What the extraction hands to normalisation: the table as read, and how it was read."""

    fichier: Path
    sha256: str
    nb_pages: int
    couverture: Couverture
    sections: list[SectionLue]
    strategies: dict[int, str | None]
    avertissements: list[Avertissement] = field(default_factory=list)
    pages_ocr: list[int] = field(default_factory=list)  # pages whose words came from OCR
    lecture_mots: dict[int, LectureMots] = field(default_factory=dict)  # per page with a text layer

    @property
    def livrables(self) -> list[LivrableLu]:
        return [li for s in self.sections for a in s.actions for m in a.mesures for li in m.livrables]
