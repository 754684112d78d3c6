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
from extraction.document import PAGES_MAX_DEFAUT, contenu_endommage, illisible, incidents_d_analyse, ouvrir
from extraction.erreurs import OcrImpossible, PasUnPdf, SansTableau, SansTexte
from extraction.grille import analyser_page
from extraction.hierarchie import construire
from extraction.marges import retirer_lignes_courantes
from extraction.metadonnees import lire_couverture
from extraction.mise_en_page import lire_pages
from extraction.modele import Colonne, Grille, PageAnalysee, PageMiseEnPage, PlanBrut
from extraction.suivi import SANS_SUIVI, Suivi


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
                    pages = lire_pages(doc.pdf)
                if not any(p.mots for p in pages) and contenu_endommage(chemin, mot_de_passe):
                    incidents.messages.append("flux compressé illisible")
            except RecursionError:  # self-referencing objects: pdfminer recurses until the limit
                raise PasUnPdf(chemin, "PDF illisible ou corrompu (références circulaires)") from None
            except Exception as e:  # noqa: BLE001 — pdfminer parses lazily: a broken content stream surfaces here
                raise illisible(chemin, e) from None
    finally:
        doc.fermer()
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
            sections, lignes_couverture, avertissements = construire(analysees, tailles[len(tailles) // 2])
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
