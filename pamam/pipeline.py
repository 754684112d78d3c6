"""One edition from PDF to plan: the one function every command and the batch call.

``extraire_edition`` runs the extraction (with OCR for pages without text when asked),
then the normalisation, under one set of ``Options``; ``ecrire_edition`` writes an
edition's files all together or not at all. Whatever goes wrong is raised as the
library's own exception (``extraction.erreurs``, ``normalisation.edition``,
``pamam.erreurs``); only the command line turns it into an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extraction.document import PAGES_MAX_DEFAUT
from extraction.suivi import SANS_SUIVI, Suivi
from normalisation.echeances.fenetres import Conventions
from normalisation.modele import Plan

if TYPE_CHECKING:
    from pamam.corrections import Correction


@dataclass(frozen=True)
class Options:
    """How to read an edition; the defaults are the contract's."""

    edition: str | None = None  # AAAA-MM, when the caller imposes it over the cover's label
    mot_de_passe: str | None = None  # of an encrypted PDF
    pages_max: int = PAGES_MAX_DEFAUT  # refuse longer documents (a plan has a handful of pages)
    ocr: bool = False  # recognise pages without a text layer with tesseract
    conventions: Conventions = field(default_factory=Conventions)  # seasons, fiscal year
    # An analyst's fixes (``pamam.corrections``): those of this edition are applied to the raw
    # plan before normalisation and listed in ``qualite.corrections``.
    corrections: tuple[Correction, ...] = ()


def extraire_edition(chemin: Path, options: Options | None = None, suivi: Suivi = SANS_SUIVI) -> Plan:
    """PDF → the contract's plan, with its quality report. Raises an ``ErreurDocument``
    (``CorrectionInvalide`` when one of ``options.corrections`` names a cell this edition lacks)."""
    from extraction import lire_plan
    from normalisation.plan import normaliser_plan

    options = options or Options()
    brut = lire_plan(Path(chemin), mot_de_passe=options.mot_de_passe, pages_max=options.pages_max,
                     ocr=options.ocr, suivi=suivi)
    faites = None
    if options.corrections:
        from normalisation.edition import edition_du_document
        from pamam.corrections import appliquer

        version = edition_du_document(brut.couverture.libelles, brut.fichier, options.edition).version
        faites = appliquer(brut, version, options.corrections)
    with suivi.etape("normalisation"):
        plan = normaliser_plan(brut, options.edition, options.conventions)
    if faites and plan.qualite is not None:
        plan.qualite.extras["corrections"] = faites
    return plan


def ecrire_edition(plan: Plan, dossier: Path) -> Path:
    """Write ``dossier/<version>/`` (plan.json, livrables.csv, livrables.xlsx) together.

    Raises ``EcritureImpossible`` (a full disk said as such); files of an earlier run
    stay as they were.
    """
    from pamam.ecriture.edition import ecrire_edition as ecrire
    from pamam.erreurs import EcritureImpossible

    try:
        return ecrire(plan, Path(dossier))
    except OSError as e:
        raise EcritureImpossible.depuis(Path(dossier), e) from None
