"""Runs the extraction stages on one PDF and returns the raw plan.

The raw plan (``PlanBrut``) has the contract's tree with texts as printed (wrapping
undone but not yet cleaned) and échéanciers as plain strings; ``normalisation`` finishes
it. The quality report (strategy per page, warnings) travels with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from extraction import cesure
from extraction.document import (
    PAGES_MAX_DEFAUT,
    DocumentOuvert,
    contenu_endommage,
    illisible,
    incidents_d_analyse,
    nouvelle_page,
    ouvrir,
)
from extraction.erreurs import OcrImpossible, PasUnPdf, SansTableau, SansTexte
from extraction.grille import analyser_page
from extraction.grille.entete import trouver_entetes
from extraction.hierarchie import construire
from extraction.lignes import grouper_en_lignes
from extraction.marges import retirer_lignes_courantes
from extraction.metadonnees import lire_couverture
from extraction.mise_en_page import lire_page
from extraction.modele import Colonne, Grille, PageAnalysee, PageMiseEnPage, PlanBrut
from extraction.suivi import SANS_SUIVI, Suivi

#: A document whose first this-many pages with text hold no table header is not a plan:
#: reading stops there instead of going through every page (a plan's table starts on its
#: first pages, after a cover and perhaps a short introduction).
PAGES_SANS_ENTETE_MAX = 20
#: Documents longer than this say their reading progress (every ``PAS_PROGRESSION`` pages).
PAGES_PROGRESSION = 20
PAS_PROGRESSION = 10


def _a_un_entete(page: PageMiseEnPage) -> bool:
    """Whether the page shows a synoptic table's header row (the grid stage's own test)."""
    return bool(trouver_entetes(grouper_en_lignes(page.mots), page.segments))


def lire_mises_en_page(doc: DocumentOuvert, suivi: Suivi = SANS_SUIVI) -> tuple[list[PageMiseEnPage], bool]:
    """Each page's layout, in order, read once; (pages, stopped early).

    Reading stops after ``PAGES_SANS_ENTETE_MAX`` pages with text and no table header
    (pages without text do not count: OCR may find one there). Each page is read under
    its own decompression budget (``document.nouvelle_page``).
    """
    pages: list[PageMiseEnPage] = []
    sans_entete = 0
    entete_vu = False
    for page in doc.pdf.pages:
        nouvelle_page(int(page.page_number))
        lue = lire_page(page)
        page.flush_cache()
        pages.append(lue)
        if not entete_vu and lue.mots:
            if _a_un_entete(lue):
                entete_vu = True
            else:
                sans_entete += 1
                if sans_entete >= PAGES_SANS_ENTETE_MAX and len(pages) < doc.nb_pages:
                    return pages, True
        if doc.nb_pages > PAGES_PROGRESSION and (len(pages) % PAS_PROGRESSION == 0 or len(pages) == doc.nb_pages):
            suivi.signaler(f"{len(pages)}/{doc.nb_pages} pages lues")
    return pages, False


def analyser_pages(pages: Iterable[PageMiseEnPage]) -> list[PageAnalysee]:
    """Each page's grids and blocks, in order; a page whose table has no header of its own
    takes the columns of the previous page's last grid (the table runs on)."""
    analysees: list[PageAnalysee] = []
    colonnes: list[Colonne] | None = None
    for page in retirer_lignes_courantes(list(pages)):
        analysee = analyser_page(page, colonnes)
        analysees.append(analysee)
        grilles = [e for e in analysee.elements if isinstance(e, Grille)]
        if grilles:
            colonnes = grilles[-1].colonnes
    return analysees


@dataclass(slots=True)
class PagesLues:
    """Stages 1–2 of one document: the file's identity and each page's words and rulings
    (OCR'd pages included), before any table is looked for."""

    sha256: str
    nb_pages: int
    pages: list[PageMiseEnPage]
    pages_ocr: list[int] = field(default_factory=list)  # pages whose words came from OCR


def lire_mise_en_page(
    chemin: Path,
    mot_de_passe: str | None = None,
    pages_max: int = PAGES_MAX_DEFAUT,
    ocr: bool = False,
    suivi: Suivi = SANS_SUIVI,
) -> PagesLues:
    """Open a PDF and read every page's layout (through tesseract for pages without text
    when ``ocr``); raise an ``ErreurDocument`` for a file that cannot be read at all.

    A separate step so that a caller who wants to *see* the pages (``extraction.inspection``)
    reads them exactly as ``lire_plan`` does, even when they hold no table.
    """
    chemin = Path(chemin)
    with suivi.etape("ouverture"):
        doc = ouvrir(chemin, mot_de_passe=mot_de_passe, pages_max=pages_max)
    try:
        with suivi.etape("mise_en_page"):
            try:
                with incidents_d_analyse() as incidents:
                    pages, arretee = lire_mises_en_page(doc, suivi)
                if not any(p.mots for p in pages) and contenu_endommage(chemin, mot_de_passe):
                    incidents.messages.append("flux compressé illisible")
            except RecursionError:  # self-referencing objects: pdfminer recurses until the limit
                raise PasUnPdf(chemin, "PDF illisible ou corrompu (références circulaires)") from None
            except Exception as e:  # noqa: BLE001 — pdfminer parses lazily: a broken content stream surfaces here
                raise illisible(chemin, e) from None
    finally:
        doc.fermer()
    if arretee:
        raise SansTableau(chemin, "aucun tableau synoptique trouvé : aucun en-tête ACTION / MISE EN ŒUVRE / LIVRABLE "
                                  f"/ ÉCHÉANCIER dans les {PAGES_SANS_ENTETE_MAX} premières pages avec du texte, "
                                  f"lecture arrêtée (document de {doc.nb_pages} pages)")
    if incidents.messages and not any(p.mots for p in pages):  # no text because the content could not be decoded
        raise PasUnPdf(chemin, f"PDF illisible ou corrompu (contenu des pages endommagé : {incidents.messages[0]})")
    pages_ocr: list[int] = []
    if ocr:
        sans_texte = [p.numero for p in pages if not p.mots]
        if sans_texte:
            from extraction.ocr import reconnaitre_pages

            with suivi.etape("ocr"):
                reconnues = {p.numero: p for p in reconnaitre_pages(doc.octets, sans_texte, chemin, mot_de_passe,
                                                                     suivi.signaler)}
            pages = [reconnues.get(p.numero, p) for p in pages]
            pages_ocr = sorted(reconnues)
    return PagesLues(doc.sha256, doc.nb_pages, pages, pages_ocr)


def lire_plan(
    chemin: Path,
    mot_de_passe: str | None = None,
    pages_max: int = PAGES_MAX_DEFAUT,
    ocr: bool = False,
    suivi: Suivi = SANS_SUIVI,
) -> PlanBrut:
    """Read one edition's PDF; raise an ``ErreurDocument`` when it holds no synoptic table.

    With ``ocr``, pages without a text layer are recognised by tesseract (pages with text
    are read as they are); without it, a document with no text at all is refused with
    ``SansTexte``.
    """
    chemin = Path(chemin)
    lues = lire_mise_en_page(chemin, mot_de_passe, pages_max, ocr, suivi)
    pages = lues.pages
    if sum(len(p.mots) for p in pages) == 0:
        if ocr:
            raise OcrImpossible(chemin, "aucun texte reconnu par l’OCR (pages blanches ou illisibles)")
        images = sum(p.nb_images for p in pages)
        raison = ("aucune couche de texte (PDF numérisé ?) : il faut le reconnaître par OCR"
                  if images else "aucun texte dans le PDF (pages vides ?)")
        raise SansTexte(chemin, raison)
    with suivi.etape("grille"):
        analysees = analyser_pages(pages)
    if not any(isinstance(e, Grille) for p in analysees for e in p.elements):
        raise SansTableau(chemin, "aucun tableau synoptique trouvé (en-têtes ACTION / MISE EN ŒUVRE / LIVRABLE / "
                                  "ÉCHÉANCIER absents)")
    tailles = sorted(m.taille for p in pages for m in p.mots)
    # A hyphen at a line end is decided with the document's own spelling (``cesure``).
    with cesure.document(m.texte for p in pages for m in p.mots):
        with suivi.etape("hierarchie"):
            sections, lignes_couverture, avertissements = construire(analysees, tailles[len(tailles) // 2],
                                                                      pages_ocr=lues.pages_ocr)
        if not any(m.livrables for s in sections for a in s.actions for m in a.mesures):
            raise SansTableau(chemin, "tableau synoptique sans aucun livrable lisible")
        with suivi.etape("couverture"):
            couverture = lire_couverture(lignes_couverture)
    return PlanBrut(
        fichier=chemin,
        sha256=lues.sha256,
        nb_pages=lues.nb_pages,
        couverture=couverture,
        sections=sections,
        strategies={p.numero: p.strategie for p in analysees},
        avertissements=avertissements,
        pages_ocr=lues.pages_ocr,
        lecture_mots={p.numero: p.lecture_mots for p in pages if p.lecture_mots is not None},
    )
