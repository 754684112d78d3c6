"""Plain data passed between the extraction stages.

Geometry follows pdfplumber: points, origin at the top-left of the page, ``top`` growing
downwards. Keeping the stages' inputs and outputs as small dataclasses lets each stage be
tested on hand-made data without a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(slots=True)
class PageMiseEnPage:
    """Stage 1 output: everything later stages need from one page, read once."""

    numero: int
    largeur: float
    hauteur: float
    mots: list[Mot]
    segments: list[Segment] = field(default_factory=list)
    nb_caracteres: int = 0
    nb_images: int = 0


@dataclass(slots=True)
class Colonne:
    """A table column: its header text, its role, and its horizontal extent."""

    entete: str
    role: str  # "action", "mesure", "livrable", "echeancier" or "autre"
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
    """Stage 2 output: one table fragment on one page."""

    page: int
    colonnes: list[Colonne]
    cellules: list[Cellule]
    top: float
    bottom: float
    strategie: str
    avec_entete: bool = True
    top_entete: float | None = None  # where the header row starts, when there is one
    largeurs: dict[int, float] = field(default_factory=dict)  # wrap width per column

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
    """A page after stage 2: its tables and the text around them, top to bottom."""

    numero: int
    elements: list[Grille | BlocHorsTableau]
    strategie: str | None
    qualite: float | None = None
