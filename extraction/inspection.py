"""What the extractor saw on each page, kept for a person to look at (``pamam inspecte``).

Why a module of its own: ``lire_plan`` hands over the raw plan and forgets how it got
there — which lines were taken for running heads, where the table zones and the column
gutters fell, which strategy won a page and with what score, which line became a section
title or an objective. When a page reads wrong, those are the answers a person needs.
``analyser_document`` runs the very same stages as ``lire_plan`` (``lire_mise_en_page``,
``analyser_pages``, ``construire``), so what is shown is what the extraction did, and
keeps their intermediate results page by page. Unlike ``lire_plan`` it does not refuse a
document without a table: that is exactly when someone wants to see the pages.

Nothing here is on the ``extract`` path: the inspection reads the document a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extraction.document import PAGES_MAX_DEFAUT
from extraction.grille.base import est_pied_de_page
from extraction.hierarchie import construire
from extraction.lecture import analyser_pages, lire_mise_en_page
from extraction.lignes import grouper_en_lignes
from extraction.marges import retirer_lignes_courantes
from extraction.modele import (
    Avertissement,
    BlocHorsTableau,
    Grille,
    Ligne,
    PageAnalysee,
    PageMiseEnPage,
    SectionLue,
)
from extraction.suivi import SANS_SUIVI, Suivi

#: What a line outside the tables was read as, or why it was set aside.
ROLES_LIGNES: tuple[str, ...] = (
    "section",  # a section heading ("B. TITRE")
    "objectif",  # the objective under a heading
    "couverture",  # text before the first section (title, edition label)
    "hors_tableau",  # text the hierarchy could place nowhere (a warning in the quality report)
    "ligne_courante",  # a running head or footer, removed before the grids were read
    "numero_de_page",  # a page number alone at the page's edge, ignored by the grid stage
)


@dataclass(slots=True)
class LigneVue:
    """A line outside the tables, and what the extraction made of it (one of ``ROLES_LIGNES``)."""

    ligne: Ligne
    role: str


@dataclass(slots=True)
class PageVue:
    """One page as the extractor saw it."""

    numero: int
    largeur: float  # points, in the reading orientation (a /Rotate already applied)
    hauteur: float
    mise_en_page: PageMiseEnPage  # words and rulings as read, running heads included
    analysee: PageAnalysee  # its table fragments (``Grille``) and the text around them
    lignes: list[LigneVue] = field(default_factory=list)
    avertissements: list[Avertissement] = field(default_factory=list)
    ocr: bool = False  # the words came from tesseract

    @property
    def grilles(self) -> list[Grille]:
        return [e for e in self.analysee.elements if isinstance(e, Grille)]

    @property
    def strategie(self) -> str | None:
        return self.analysee.strategie

    @property
    def qualite(self) -> float | None:
        return self.analysee.qualite


@dataclass(slots=True)
class DocumentVu:
    """Every page of a document as the extractor saw it, and the rows it built."""

    chemin: Path
    sha256: str
    nb_pages: int
    pages: list[PageVue]
    sections: list[SectionLue]  # the hierarchy (livrables carry their ``cadres``)

    @property
    def tableau(self) -> bool:
        """Was any synoptic table found?"""
        return any(p.grilles for p in self.pages)


def analyser_document(
    chemin: Path,
    mot_de_passe: str | None = None,
    pages_max: int = PAGES_MAX_DEFAUT,
    ocr: bool = False,
    suivi: Suivi = SANS_SUIVI,
) -> DocumentVu:
    """Read a PDF like ``lire_plan`` and keep what each stage saw, page by page.

    Raises an ``ErreurDocument`` only for a file that cannot be read at all (missing,
    not a PDF, encrypted…); a document without text or without a table gives pages with
    nothing drawn on them, which says as much.
    """
    chemin = Path(chemin)
    lues = lire_mise_en_page(chemin, mot_de_passe, pages_max, ocr, suivi)
    pages = lues.pages
    # The running heads are what ``analyser_pages`` removes first: the same function on the
    # same pages, compared word by word (it keeps the word objects it does not remove).
    gardes = {id(m) for p in retirer_lignes_courantes(list(pages)) for m in p.mots}
    with suivi.etape("grille"):
        analysees = analyser_pages(pages)
    roles: dict[int, str] = {}
    tailles = sorted(m.taille for p in pages for m in p.mots) or [9.0]
    with suivi.etape("hierarchie"):
        sections, _couverture, avertissements = construire(analysees, tailles[len(tailles) // 2], roles, lues.pages_ocr)
    vues = []
    for page, analysee in zip(pages, analysees, strict=True):
        lignes: list[LigneVue] = []
        retires = [m for m in page.mots if id(m) not in gardes]
        lignes += [LigneVue(li, "ligne_courante") for li in grouper_en_lignes(retires)]
        restants = [m for m in page.mots if id(m) in gardes]
        lignes += [LigneVue(li, "numero_de_page") for li in grouper_en_lignes(restants)
                   if est_pied_de_page(li, page.hauteur)]
        for element in analysee.elements:
            if isinstance(element, BlocHorsTableau):
                lignes += [LigneVue(li, roles.get(id(li), "hors_tableau")) for li in element.lignes]
        vues.append(PageVue(
            numero=page.numero,
            largeur=page.largeur,
            hauteur=page.hauteur,
            mise_en_page=page,
            analysee=analysee,
            lignes=lignes,
            avertissements=[a for a in avertissements if a.page == page.numero],
            ocr=page.numero in lues.pages_ocr,
        ))
    return DocumentVu(chemin, lues.sha256, lues.nb_pages, vues, sections)


__all__ = ["ROLES_LIGNES", "DocumentVu", "LigneVue", "PageVue", "analyser_document"]
