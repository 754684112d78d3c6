"""Every column of every table pamam writes, defined once: name, type, title, meaning, value.

Why one table: the same column ("statut", "fin", "mesure") appears in the CSV files, the
workbooks, the data package descriptor and the SQLite database. Each column says here how
its value is read from the row it describes and what it means; the writers only iterate.
Adding a column to ``livrables.csv`` is adding one ``Colonne`` to ``LIVRABLES``.

Types are Table Schema's (``string``, ``integer``, ``date``, ``boolean``); values are Python
objects (``date``, ``bool``, ``int``, ``str`` or None), formatted by each writer. A column whose
values are codes ("realise", "echeance_reportee") also says how a person reads them
(``libelle``: "Réalisé", "Échéance reportée"): the workbooks and the page show those words,
with the code in a column of its own; CSV, SQLite and pandas keep the codes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from normalisation.echeances import PRECISIONS, STATUT, STATUTS
from normalisation.modele import Livrable, Plan
from pamam.comparaison.types import LIBELLES_TYPE, TYPES


@dataclass(frozen=True)
class Colonne:
    """One column: its name in files, its type, its title in words, what it means, its value."""

    nom: str
    type: str
    titre: str
    description: str
    valeur: Callable[[Any], Any]
    enum: tuple[str, ...] | None = None
    #: How a person reads a value (a code → its French words), for workbooks and pages; None: as is.
    libelle: Callable[[Any], Any] | None = None

    def sur(self, acces: Callable[[Any], Any]) -> Colonne:
        """The same column read from a row that holds its object (``acces(row)``)."""
        valeur = self.valeur
        return replace(self, valeur=lambda r: valeur(acces(r)))


def choisir(colonnes: Sequence[Colonne], *noms: str) -> list[Colonne]:
    """The columns named, in the order given."""
    par_nom = {c.nom: c for c in colonnes}
    return [par_nom[n] for n in noms]


def cellule_csv(v: Any) -> str:
    """A value as a CSV cell: empty for missing, ``true``/``false``, ISO dates."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def lignes_csv(colonnes: Iterable[Colonne], objets: Iterable[Any]) -> Iterable[list[str]]:
    cols = list(colonnes)
    yield [c.nom for c in cols]
    for o in objets:
        yield [cellule_csv(c.valeur(o)) for c in cols]


def rendre_csv(colonnes: Iterable[Colonne], objets: Iterable[Any]) -> str:
    """CSV text (RFC 4180, CRLF, header first, UTF-8 when written) of ``objets`` under ``colonnes``."""
    tampon = io.StringIO(newline="")
    csv.writer(tampon, lineterminator="\r\n").writerows(lignes_csv(colonnes, objets))
    return tampon.getvalue()


def libelle_statut(code: Any) -> Any:
    """A statut code in words, as a person reads it ("realise" → "Réalisé"); other values as they are."""
    s = STATUT.get(code) if isinstance(code, str) else None
    return s.libelle if s else code


def libelle_parcours(parcours: Any) -> Any:
    """A status path in words: "planifie → realise" → "Planifié → Réalisé"."""
    if not parcours:
        return parcours
    return SEPARATEUR_PARCOURS.join(str(libelle_statut(c)) for c in str(parcours).split(SEPARATEUR_PARCOURS))


def libelle_type(code: Any) -> Any:
    """A change type in words ("echeance_reportee" → "Échéance reportée")."""
    return LIBELLES_TYPE.get(code, code) if isinstance(code, str) else code


#: Between two statuts of a status path ("planifie → reporte → realise").
SEPARATEUR_PARCOURS = " → "


#: Columns of ``livrables.csv`` (one row per ``Livrable``), in the contract's order.
LIVRABLES: tuple[Colonne, ...] = (
    Colonne("version", "string", "Édition", "Édition du plan, AAAA-MM (« NOVEMBRE 2023 » → 2023-11).",
            lambda li: li.section.plan.version),
    Colonne("section", "string", "Section", "Lettre de la section du tableau synoptique (A, B, …).",
            lambda li: li.section.code),
    Colonne("section_titre", "string", "Titre de la section", "Titre de la section, tel qu’imprimé.",
            lambda li: li.section.titre),
    Colonne("objectif", "string", "Objectif", "Objectif de la section (« Afin de … »), tel qu’imprimé.",
            lambda li: li.section.objectif),
    Colonne("action", "string", "Action", "Numéro de l’action (1, 2, …), numérotée à travers tout le plan.",
            lambda li: li.action.numero),
    Colonne("action_titre", "string", "Titre de l’action", "Titre de l’action, sans sa numérotation.",
            lambda li: li.action.titre),
    Colonne("mesure", "string", "Mesure", "Numéro de la mesure, « action.mesure » (p. ex. 4.2).",
            lambda li: li.mesure.numero),
    Colonne("mesure_titre", "string", "Titre de la mesure", "Titre de la mesure, sans sa numérotation.",
            lambda li: li.mesure.titre),
    Colonne("livrable_no", "integer", "N° du livrable",
            "Rang du livrable dans sa mesure, à partir de 1 (le document ne les numérote pas).",
            lambda li: li.numero),
    Colonne("livrable", "string", "Livrable",
            "Texte du livrable, tel qu’imprimé ; les éléments de liste (« ― », « – », « • ») restent sur leur ligne.",
            lambda li: li.texte),
    Colonne("echeancier", "string", "Échéancier",
            "L’échéancier tel qu’imprimé (espaces réduits), p. ex. « Automne 2023 » ou « Réalisé et en continu ».",
            lambda li: li.echeance.texte),
    Colonne("statut", "string", "Statut",
            "État du livrable d’après son échéancier : realise, realise_en_continu, en_continu, en_cours, planifie, "
            "conditionnel, recurrent, reporte, abandonne, ou indetermine quand aucune règle n’a compris la phrase.",
            lambda li: li.echeance.statut, STATUTS, libelle_statut),
    Colonne("debut", "date", "Début",
            "Premier jour (inclus) de la fenêtre que nomme l’échéancier ; vide s’il n’en nomme aucune. "
            "Saisons astronomiques (automne 2023 = 2023-09-22 → 2023-12-20), exercice financier du 1er avril au "
            "31 mars.",
            lambda li: li.echeance.debut),
    Colonne("fin", "date", "Fin",
            "Dernier jour (inclus) de la fenêtre que nomme l’échéancier ; vide si elle n’a pas de fin ou s’il n’en "
            "nomme aucune.",
            lambda li: li.echeance.fin),
    Colonne("precision", "string", "Précision",
            "Grain de la fenêtre : jour, mois, saison, trimestre, semestre, annee, exercice (financier) ou periode "
            "(intervalle entre deux dates) ; vide sans fenêtre.",
            lambda li: li.echeance.precision, PRECISIONS),
    Colonne("ouvert", "boolean", "Ouvert",
            "true quand la fenêtre a un début et pas de fin (« Automne 2023 et plus », « Dès 2025 »).",
            lambda li: li.echeance.ouvert),
    Colonne("condition", "string", "Condition",
            "L’événement dont dépend l’échéance, tel qu’imprimé (« Dès les prochains appels à projets ») ; vide "
            "sinon.",
            lambda li: li.echeance.condition),
    Colonne("recurrence", "string", "Récurrence",
            "Règle de répétition iCalendar (RRULE, RFC 5545) d’une échéance répétée, p. ex. FREQ=YEARLY;BYMONTH=1.",
            lambda li: li.echeance.recurrence),
    Colonne("edtf", "string", "EDTF",
            "La fenêtre en notation EDTF / ISO 8601-2 (2027-03, 2023-23 pour l’automne 2023, "
            "2026-04-01/2027-03-31, 2023-23/.. si ouverte).",
            lambda li: li.echeance.edtf),
    Colonne("en_retard", "boolean", "En retard",
            "true quand la fenêtre s’est terminée avant la date de publication de l’édition alors que le livrable "
            "n’est ni réalisé, ni en continu, ni reporté.",
            lambda li: li.echeance.en_retard),
    Colonne("page", "integer", "Page", "Page du PDF où se trouve le livrable (à partir de 1).",
            lambda li: li.page),
)


def colonnes_livrables(plan: Plan) -> list[Colonne]:
    """The contract's columns, then the table's extra columns (under their header text)."""
    return [*LIVRABLES, *colonnes_supplementaires(plan.livrables)]


def colonnes_supplementaires(livrables: Iterable[Livrable]) -> list[Colonne]:
    """The table's columns beyond the four known ones, in order of first appearance."""
    noms: list[str] = []
    for li in livrables:
        for k in li.colonnes_supplementaires:
            if k not in noms:
                noms.append(k)
    return [colonne_supplementaire(n) for n in noms]


def colonne_supplementaire(nom: str) -> Colonne:
    return Colonne(nom, "string", nom, f"Colonne supplémentaire du tableau synoptique, sous l’en-tête « {nom} ».",
                   lambda li, n=nom: li.colonnes_supplementaires.get(n, ""))


@dataclass(frozen=True)
class LigneHistorique:
    """One livrable of one edition in ``historique.csv``: the identifier that follows it, what changed."""

    identifiant: str
    livrable: Livrable
    changements: tuple[str, ...]


#: Marker in ``changements`` for a livrable with no predecessor in the previous edition.
NOUVEAU = "nouveau"

#: Columns of ``historique.csv`` (one row per ``LigneHistorique``).
HISTORIQUE: tuple[Colonne, ...] = (
    Colonne("identifiant", "string", "Identifiant",
            "Identifiant stable du livrable (« L0007 ») : attribué à sa première apparition, il le suit d’une "
            "édition à l’autre par l’appariement du contenu, même quand ses numéros ou son texte changent.",
            lambda r: r.identifiant),
    *(c.sur(lambda r: r.livrable) for c in choisir(
        LIVRABLES, "version", "section", "action", "mesure", "mesure_titre", "livrable_no", "livrable", "echeancier",
        "statut", "debut", "fin", "precision", "ouvert", "en_retard")),
    Colonne("changements", "string", "Changements",
            "Types de changement (séparés par « ; ») qui touchent ce livrable depuis l’édition précédente ; "
            f"« {NOUVEAU} » s’il n’a pas d’homologue dans l’édition précédente ; vide s’il n’a pas changé.",
            lambda r: ";".join(r.changements)),
)


#: Every livrable of every edition with every column: historique.csv's identifier, livrables.csv's
#: columns, the change types (one row per ``LigneHistorique``; the ``livrables`` table of
#: ``pamam.sqlite`` and the data of ``index.html``).
LIVRABLES_SUIVIS: tuple[Colonne, ...] = (
    HISTORIQUE[0],
    *(c.sur(lambda r: r.livrable) for c in LIVRABLES),
    HISTORIQUE[-1],
)


def _cle(nom: str) -> Callable[[dict[str, Any]], Any]:
    return lambda c: c.get(nom)


#: Columns of ``changements.csv`` (one row per change dict of ``changements.json``), in the contract's order.
CHANGEMENTS: tuple[Colonne, ...] = (
    Colonne("type", "string", "Type de changement",
            "Nature du changement (vocabulaire du contrat), p. ex. echeance_reportee, statut_modifie, mesure_ajoutee.",
            _cle("type"), TYPES, libelle_type),
    Colonne("section", "string", "Section", "Lettre de la section du tableau synoptique (A, B, …).", _cle("section")),
    Colonne("action", "string", "Action", "Numéro de l’action (1, 2, …), numérotée à travers tout le plan.",
            _cle("action")),
    Colonne("mesure_avant", "string", "Mesure (avant)",
            "Numéro de la mesure dans l’ancienne édition ; vide si elle n’y existait pas.", _cle("mesure_avant")),
    Colonne("mesure", "string", "Mesure (après)",
            "Numéro de la mesure dans la nouvelle édition ; vide si elle n’y existe plus.", _cle("mesure")),
    Colonne("livrable_no_avant", "integer", "N° du livrable (avant)",
            "Rang du livrable dans sa mesure dans l’ancienne édition ; vide s’il n’y existait pas.",
            _cle("livrable_no_avant")),
    Colonne("livrable_no", "integer", "N° du livrable (après)",
            "Rang du livrable dans sa mesure dans la nouvelle édition ; vide s’il n’y existe plus.",
            _cle("livrable_no")),
    Colonne("avant", "string", "Avant", "Le texte (ou l’échéancier) dans l’ancienne édition.", _cle("avant")),
    Colonne("apres", "string", "Après", "Le texte (ou l’échéancier) dans la nouvelle édition.", _cle("apres")),
    Colonne("ecart_jours", "integer", "Écart (jours)",
            "Déplacement de la fin de la fenêtre, en jours : positif si l’échéance est reportée, négatif si elle "
            "est devancée (début de la fenêtre pour une fenêtre ouverte).",
            _cle("ecart_jours")),
    Colonne("details", "string", "Détails", "Le changement expliqué en une phrase.", _cle("details")),
)

#: The two editions a change sits between, for tables that list the changes of several pairs.
EDITIONS_COMPAREES: tuple[Colonne, ...] = (
    Colonne("edition_avant", "string", "Édition avant", "Version de l’ancienne édition comparée (AAAA-MM).",
            _cle("edition_avant")),
    Colonne("edition_apres", "string", "Édition après", "Version de la nouvelle édition comparée (AAAA-MM).",
            _cle("edition_apres")),
)


@dataclass(frozen=True)
class LigneSuivi:
    """One followed livrable across every edition (a row of ``suivi.csv``), computed by ``pamam.historique``."""

    identifiant: str
    section: str
    action: str
    mesure: str
    livrable_no: int
    livrable: str
    premiere_edition: str
    derniere_edition: str
    nb_editions: int
    echeancier_initial: str
    debut_initial: date | None
    fin_initial: date | None
    echeancier_actuel: str
    debut_actuel: date | None
    fin_actuel: date | None
    statut_actuel: str
    reports: int
    glissement_jours: int
    parcours_statut: str
    en_retard: bool
    retard_jours: int | None
    retire_dans: str | None
    page: int | None


def _attribut(nom: str) -> Callable[[Any], Any]:
    return lambda r: getattr(r, nom)


def _suivi(nom: str, type_: str, titre: str, description: str, **options: Any) -> Colonne:
    return Colonne(nom, type_, titre, description, _attribut(nom), **options)


#: Columns of ``suivi.csv`` (one row per ``LigneSuivi``: per followed livrable, across all editions).
SUIVI: tuple[Colonne, ...] = (
    _suivi("identifiant", "string", "Identifiant",
           "Identifiant stable du livrable (« L0007 »), le même que dans historique.csv."),
    _suivi("section", "string", "Section", "Lettre de la section, dans la dernière édition où le livrable figure."),
    _suivi("action", "string", "Action", "Numéro de l’action, dans la dernière édition où le livrable figure."),
    _suivi("mesure", "string", "Mesure", "Numéro de la mesure (« 4.2 »), dans la dernière édition où le livrable "
           "figure."),
    _suivi("livrable_no", "integer", "N° du livrable",
           "Rang du livrable dans sa mesure, dans la dernière édition où il figure."),
    _suivi("livrable", "string", "Livrable",
           "Texte du livrable, tel qu’imprimé dans la dernière édition où il figure."),
    _suivi("premiere_edition", "string", "Première édition", "Première édition (AAAA-MM) où le livrable figure."),
    _suivi("derniere_edition", "string", "Dernière édition", "Dernière édition (AAAA-MM) où le livrable figure."),
    _suivi("nb_editions", "integer", "Nombre d’éditions", "Nombre d’éditions où le livrable figure."),
    _suivi("echeancier_initial", "string", "Échéancier initial",
           "L’échéancier tel qu’imprimé dans la première édition où le livrable figure : la première promesse."),
    _suivi("debut_initial", "date", "Début initial", "Premier jour de la fenêtre de la première promesse."),
    _suivi("fin_initial", "date", "Fin initiale", "Dernier jour de la fenêtre de la première promesse."),
    _suivi("echeancier_actuel", "string", "Échéancier actuel",
           "L’échéancier tel qu’imprimé dans la dernière édition où le livrable figure."),
    _suivi("debut_actuel", "date", "Début actuel", "Premier jour de la fenêtre actuelle."),
    _suivi("fin_actuel", "date", "Fin actuelle", "Dernier jour de la fenêtre actuelle."),
    _suivi("statut_actuel", "string", "Statut actuel",
           "Statut du livrable dans la dernière édition où il figure (mêmes codes que la colonne statut).",
           enum=STATUTS, libelle=libelle_statut),
    _suivi("reports", "integer", "Reports",
           "Nombre de fois où l’échéance a été reportée d’une édition à la suivante : échéance reportée, statut "
           "passé à « reporté », ou fenêtre repoussée en même temps qu’un changement de statut vers un statut "
           "encore à venir ou en cours. Un écart dû aux seules conventions de dates (au plus 45 jours entre "
           "fenêtres de précisions différentes) n’en est pas un."),
    _suivi("glissement_jours", "integer", "Glissement total (jours)",
           "Somme, en jours, des reports connus (déplacement de la fin de la fenêtre à chaque report ; un report "
           "sans date compte 0). Les devancements ne sont pas soustraits."),
    _suivi("parcours_statut", "string", "Parcours du statut",
           f"Les statuts successifs du livrable, d’édition en édition, séparés par « {SEPARATEUR_PARCOURS.strip()} » "
           "(« planifie → reporte → realise ») ; deux éditions de suite au même statut n’en font qu’un.",
           libelle=libelle_parcours),
    _suivi("en_retard", "boolean", "En retard",
           "true quand le livrable figure dans la dernière édition et y est en retard (fenêtre terminée avant la "
           "publication, ni réalisé, ni en continu, ni reporté)."),
    _suivi("retard_jours", "integer", "Retard (jours)",
           "Jours écoulés entre la fin de la fenêtre et la publication de la dernière édition, pour un livrable "
           "en retard ; vide sinon."),
    _suivi("retire_dans", "string", "Retiré dans",
           "Édition (AAAA-MM) où le livrable n’apparaît plus, la première après sa dernière apparition ; vide s’il "
           "figure dans la dernière édition."),
    _suivi("page", "integer", "Page", "Page du PDF, dans la dernière édition où le livrable figure."),
)


#: Columns of the ``editions`` table of ``pamam.sqlite`` (one row per ``Plan``).
EDITIONS: tuple[Colonne, ...] = (
    Colonne("version", "string", "Édition", "Édition du plan, AAAA-MM.", lambda p: p.version),
    Colonne("libelle_version", "string", "Libellé de l’édition", "L’édition telle qu’imprimée (« NOVEMBRE 2023 »).",
            lambda p: p.document.libelle_version or None),
    Colonne("date_publication", "date", "Date de publication",
            "Premier jour du mois de l’édition : la date de référence des retards.", lambda p: p.publication),
    Colonne("titre", "string", "Titre", "Titre du document, lu sur la couverture.", lambda p: p.document.titre or None),
    Colonne("fichier", "string", "Fichier PDF", "Nom du PDF source (dans sources/).",
            lambda p: p.document.source.fichier if p.document.source else None),
    Colonne("sha256", "string", "Empreinte SHA-256", "Empreinte SHA-256 du PDF source.",
            lambda p: p.document.source.sha256 if p.document.source else None),
    Colonne("pages", "integer", "Pages", "Nombre de pages du PDF source.",
            lambda p: p.document.source.pages if p.document.source else None),
    Colonne("livrables", "integer", "Livrables", "Nombre de livrables de l’édition.", lambda p: len(p.livrables)),
    Colonne("en_retard", "integer", "Livrables en retard", "Nombre de livrables en retard dans l’édition.",
            lambda p: sum(li.echeance.en_retard for li in p.livrables)),
)


def valeurs_json(colonnes: Iterable[Colonne], objet: Any) -> dict[str, Any]:
    """One row as a dict of JSON values (dates as ISO strings), for pages, databases and tests."""
    sortie = {}
    for c in colonnes:
        v = c.valeur(objet)
        sortie[c.nom] = v.isoformat() if isinstance(v, date) else v
    return sortie
