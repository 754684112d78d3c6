"""Runs the extraction stages on one PDF and returns the raw plan.

The raw plan has the contract's shape with texts as printed (wrapping undone but not yet
cleaned) and échéanciers as plain strings; ``normalisation`` finishes it. The quality
report (strategy per page, counts, warnings) travels with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.document import PAGES_MAX_DEFAUT, contenu_endommage, illisible, incidents_d_analyse, ouvrir
from extraction.grille import analyser_page
from extraction.hierarchie import construire
from extraction.marges import retirer_lignes_courantes
from extraction.metadonnees import Couverture, lire_couverture
from extraction.mise_en_page import lire_pages
from extraction.modele import Colonne, Grille, PageAnalysee, PageMiseEnPage
from pamam.erreurs import SORTIE_PAS_TABLEAU, SORTIE_SANS_TEXTE, ErreurPamam


@dataclass(slots=True)
class PlanBrut:
    """What the extraction hands to normalisation."""

    fichier: Path
    sha256: str
    nb_pages: int
    couverture: Couverture
    sections: list[dict[str, Any]]
    strategies: dict[int, str | None]
    avertissements: list[dict[str, Any]] = field(default_factory=list)


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


def lire_plan(chemin: Path, mot_de_passe: str | None = None, pages_max: int = PAGES_MAX_DEFAUT) -> PlanBrut:
    """Read one edition's PDF; raise ``ErreurPamam`` when it holds no synoptic table."""
    doc = ouvrir(Path(chemin), mot_de_passe=mot_de_passe, pages_max=pages_max)
    try:
        try:
            with incidents_d_analyse() as incidents:
                pages = lire_pages(doc.pdf)
            if not any(p.mots for p in pages) and contenu_endommage(Path(chemin), mot_de_passe):
                incidents.messages.append("flux compressé illisible")
        except RecursionError:  # self-referencing objects: pdfminer recurses until the limit
            raise ErreurPamam(chemin, "PDF illisible ou corrompu (références circulaires)") from None
        except Exception as e:  # noqa: BLE001 — pdfminer parses lazily: a broken content stream surfaces here
            raise illisible(Path(chemin), e) from None
    finally:
        doc.fermer()
    if sum(len(p.mots) for p in pages) == 0:
        if incidents.messages:  # no text because the content could not be decoded
            raise ErreurPamam(chemin, f"PDF illisible ou corrompu (contenu des pages endommagé : "
                                      f"{incidents.messages[0]})")
        images = sum(p.nb_images for p in pages)
        raison = ("aucune couche de texte (PDF numérisé ?) : relancez avec --ocr pour le reconnaître par OCR"
                  if images else "aucun texte dans le PDF (pages vides ?)")
        raise ErreurPamam(chemin, raison, SORTIE_SANS_TEXTE)
    analysees = analyser_pages(pages)
    if not any(isinstance(e, Grille) for p in analysees for e in p.elements):
        raise ErreurPamam(chemin, "aucun tableau synoptique trouvé (en-têtes ACTION / MISE EN ŒUVRE / LIVRABLE / "
                                  "ÉCHÉANCIER absents)", SORTIE_PAS_TABLEAU)
    tailles = sorted(m.taille for p in pages for m in p.mots)
    sections, couverture, avertissements = construire(analysees, tailles[len(tailles) // 2])
    livrables = sum(len(m["livrables"]) for s in sections for a in s["actions"] for m in a["mesures"])
    if livrables == 0:
        raise ErreurPamam(chemin, "tableau synoptique sans aucun livrable lisible", SORTIE_PAS_TABLEAU)
    return PlanBrut(
        fichier=Path(chemin),
        sha256=doc.sha256,
        nb_pages=doc.nb_pages,
        couverture=lire_couverture(couverture),
        sections=sections,
        strategies={p.numero: p.strategie for p in analysees},
        avertissements=[a.en_dict() for a in avertissements],
    )
