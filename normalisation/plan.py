"""The raw plan read from a PDF → the contract's plan: clean texts, normalised deadlines.

Why a stage of its own: the extraction hands over texts as printed and échéanciers as
phrases; what they *mean* (which edition, which window, which dated events) is language
knowledge, kept here with the vocabulary. The quality report gathers what the reader of
the edition should check: the extraction's warnings and every deadline no rule read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from extraction.modele import Avertissement, LectureMots, PlanBrut
from normalisation.echeances import Conventions, normaliser
from normalisation.edition import edition_du_document
from normalisation.evenements import evenements
from normalisation.modele import (
    Action,
    Document,
    Evenement,
    Livrable,
    Mesure,
    NonReconnue,
    Plan,
    Qualite,
    Section,
    Source,
)
from normalisation.texte import nettoyer


def normaliser_plan(brut: PlanBrut, edition: str | None = None, conventions: Conventions | None = None) -> Plan:
    """The contract's plan of a raw extraction (``edition``: AAAA-MM, when the caller imposes it).

    Raises ``EditionIntrouvable`` when neither the cover nor the file name names the edition.
    """
    ed = edition_du_document(brut.couverture.libelles, brut.fichier, edition)
    publication = date(int(ed.version[:4]), int(ed.version[5:7]), 1)
    avertissements = list(brut.avertissements)
    if ed.provenance == "nom_de_fichier":
        avertissements.append(Avertissement(None, "edition_depuis_nom_de_fichier",
                                            f"édition absente de la couverture : {ed.version} lue dans le nom du "
                                            f"fichier {brut.fichier.name!r}"))
    avertissements += [Avertissement(n, "mots_incertains", lecture.doute)
                       for n, lecture in sorted(brut.lecture_mots.items()) if lecture.doute]
    sections = []
    for s in brut.sections:
        actions = []
        for a in s.actions:
            mesures = []
            for m in a.mesures:
                livrables = []
                for li in m.livrables:
                    texte = nettoyer(li.texte)
                    livrables.append(Livrable(
                        texte=texte,
                        echeance=normaliser(nettoyer(li.echeancier), publication, conventions),
                        page=li.page,
                        colonnes_supplementaires={nettoyer(k): nettoyer(v)
                                                  for k, v in li.colonnes_supplementaires.items()},
                        evenements=[Evenement(date.fromisoformat(e["date"]) if e["date"] else None, e["texte"],
                                              e["tenue"]) for e in evenements(texte)],
                        cadres=[*li.cadres, *li.cadres_echeancier, *m.cadres, *a.cadres],
                    ))
                mesures.append(Mesure(m.numero, nettoyer(m.titre), livrables))
            actions.append(Action(a.numero, nettoyer(a.titre), mesures))
        sections.append(Section(s.code, nettoyer(s.titre), nettoyer(s.objectif), actions))
    couv = brut.couverture
    plan = Plan(
        Document(
            version=ed.version,
            titre=nettoyer(couv.titre),
            sous_titre=nettoyer(couv.sous_titre),
            libelle_version=ed.libelle,
            date_publication=publication,
            source=Source(brut.fichier.name, brut.sha256, brut.nb_pages),
        ),
        sections,
    )
    plan.qualite = Qualite(
        comptes=plan.comptes(),
        strategies=dict(brut.strategies),
        avertissements=avertissements,
        echeances_non_reconnues=[NonReconnue(li.mesure.numero, li.numero, li.echeance.texte, li.page)
                                 for li in plan.livrables if li.echeance.non_reconnu],
        extras={"mots": qualite_mots(brut.lecture_mots)} if brut.lecture_mots else {},
    )
    return plan


def qualite_mots(lectures: dict[int, LectureMots]) -> dict[str, Any]:
    """``qualite.mots``: how each page's words were built from its glyphs.

    A reader checking an edition sees at once which pages had no space characters (words
    rebuilt from gaps), and which could not be cut with confidence (also a warning).
    """
    pages = sorted(lectures.items())
    return {
        "pages_sans_espaces": [n for n, lecture in pages if lecture.sans_espaces],
        "pages_incertaines": [n for n, lecture in pages if lecture.doute],
        "coupures_par_ecart": sum(lecture.coupures_par_ecart for _, lecture in pages),
        "pages": {str(n): lecture.en_dict() for n, lecture in pages},
    }
