"""``sorties/datapackage.json``: the CSV outputs described as a Frictionless Data Package.

A CSV says nothing of its columns: "true" may be text, "2023-12-20" may be text, "4.2"
may be a number. The descriptor gives every column of every CSV (each edition's
``livrables.csv``, ``historique.csv``, each comparison's ``changements.csv``) its type,
a French title and description, and the closed vocabularies (statut, precision, change
type) as ``constraints.enum``, so that ``frictionless validate sorties/datapackage.json``
checks the whole output folder and tools (pandas via frictionless, R's ``frictionless``,
Excel's Power Query through the descriptor) read typed data at once.

The JSON Schemas of ``plan.json`` and ``changements.json`` are copied beside it, in
``sorties/schemas/``. The descriptor holds no timestamp, so regenerating the same
editions gives the same bytes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from normalisation.echeances import PRECISIONS as _PRECISIONS
from normalisation.echeances import STATUTS as _STATUTS
from pamam.comparaison.types import TYPES as _TYPES
from pamam.fichiers import ecrire_atomique

#: The contract's closed vocabularies, as the ``constraints.enum`` lists of the descriptor.
STATUTS: list[str] = list(_STATUTS)
PRECISIONS: list[str] = list(_PRECISIONS)
TYPES_CHANGEMENT: list[str] = list(_TYPES)

#: Every column any CSV output may have: (type, title, description, enum or None).
#: One table so that a column means the same thing in every file that has it.
COLONNES: dict[str, tuple[str, str, str, list[str] | None]] = {
    "identifiant": (
        "string",
        "Identifiant",
        "Identifiant stable du livrable (« L0007 ») : attribué à sa première apparition, il le suit d’une édition "
        "à l’autre par l’appariement du contenu, même quand ses numéros ou son texte changent.",
        None,
    ),
    "version": ("string", "Édition", "Édition du plan, AAAA-MM (« NOVEMBRE 2023 » → 2023-11).", None),
    "section": ("string", "Section", "Lettre de la section du tableau synoptique (A, B, …).", None),
    "section_titre": ("string", "Titre de la section", "Titre de la section, tel qu’imprimé.", None),
    "objectif": ("string", "Objectif", "Objectif de la section (« Afin de … »), tel qu’imprimé.", None),
    "action": ("string", "Action", "Numéro de l’action (1, 2, …), numérotée à travers tout le plan.", None),
    "action_titre": ("string", "Titre de l’action", "Titre de l’action, sans sa numérotation.", None),
    "mesure": ("string", "Mesure", "Numéro de la mesure, « action.mesure » (p. ex. 4.2).", None),
    "mesure_titre": ("string", "Titre de la mesure", "Titre de la mesure, sans sa numérotation.", None),
    "livrable_no": (
        "integer",
        "N° du livrable",
        "Rang du livrable dans sa mesure, à partir de 1 (le document ne les numérote pas).",
        None,
    ),
    "livrable": (
        "string",
        "Livrable",
        "Texte du livrable, tel qu’imprimé ; les éléments de liste (« ― », « – », « • ») restent sur leur ligne.",
        None,
    ),
    "echeancier": (
        "string",
        "Échéancier",
        "L’échéancier tel qu’imprimé (espaces réduits), p. ex. « Automne 2023 » ou « Réalisé et en continu ».",
        None,
    ),
    "statut": (
        "string",
        "Statut",
        "État du livrable d’après son échéancier : realise, realise_en_continu, en_continu, en_cours, planifie, "
        "conditionnel, recurrent, reporte, abandonne, ou indetermine quand aucune règle n’a compris la phrase.",
        STATUTS,
    ),
    "debut": (
        "date",
        "Début",
        "Premier jour (inclus) de la fenêtre que nomme l’échéancier ; vide s’il n’en nomme aucune. "
        "Saisons astronomiques (automne 2023 = 2023-09-22 → 2023-12-20), exercice financier du 1er avril au 31 mars.",
        None,
    ),
    "fin": (
        "date",
        "Fin",
        "Dernier jour (inclus) de la fenêtre que nomme l’échéancier ; vide si elle n’a pas de fin ou s’il n’en "
        "nomme aucune.",
        None,
    ),
    "precision": (
        "string",
        "Précision",
        "Grain de la fenêtre : jour, mois, saison, trimestre, semestre, annee, exercice (financier) ou periode "
        "(intervalle entre deux dates) ; vide sans fenêtre.",
        PRECISIONS,
    ),
    "ouvert": (
        "boolean",
        "Ouvert",
        "true quand la fenêtre a un début et pas de fin (« Automne 2023 et plus », « Dès 2025 »).",
        None,
    ),
    "condition": (
        "string",
        "Condition",
        "L’événement dont dépend l’échéance, tel qu’imprimé (« Dès les prochains appels à projets ») ; vide sinon.",
        None,
    ),
    "recurrence": (
        "string",
        "Récurrence",
        "Règle de répétition iCalendar (RRULE, RFC 5545) d’une échéance répétée, p. ex. FREQ=YEARLY;BYMONTH=1.",
        None,
    ),
    "edtf": (
        "string",
        "EDTF",
        "La fenêtre en notation EDTF / ISO 8601-2 (2027-03, 2023-23 pour l’automne 2023, "
        "2026-04-01/2027-03-31, 2023-23/.. si ouverte).",
        None,
    ),
    "en_retard": (
        "boolean",
        "En retard",
        "true quand la fenêtre s’est terminée avant la date de publication de l’édition alors que le livrable "
        "n’est ni réalisé, ni en continu, ni reporté.",
        None,
    ),
    "page": ("integer", "Page", "Page du PDF où se trouve le livrable (à partir de 1).", None),
    "changements": (
        "string",
        "Changements",
        "Types de changement (séparés par « ; ») qui touchent ce livrable depuis l’édition précédente ; "
        "« nouveau » s’il n’a pas d’homologue dans l’édition précédente ; vide s’il n’a pas changé.",
        None,
    ),
    "type": (
        "string",
        "Type de changement",
        "Nature du changement (vocabulaire du contrat), p. ex. echeance_reportee, statut_modifie, mesure_ajoutee.",
        TYPES_CHANGEMENT,
    ),
    "mesure_avant": (
        "string",
        "Mesure (avant)",
        "Numéro de la mesure dans l’ancienne édition ; vide si elle n’y existait pas.",
        None,
    ),
    "livrable_no_avant": (
        "integer",
        "N° du livrable (avant)",
        "Rang du livrable dans sa mesure dans l’ancienne édition ; vide s’il n’y existait pas.",
        None,
    ),
    "avant": ("string", "Avant", "Le texte (ou l’échéancier) dans l’ancienne édition.", None),
    "apres": ("string", "Après", "Le texte (ou l’échéancier) dans la nouvelle édition.", None),
    "ecart_jours": (
        "integer",
        "Écart (jours)",
        "Déplacement de la fin de la fenêtre, en jours : positif si l’échéance est reportée, négatif si elle "
        "est devancée (début de la fenêtre pour une fenêtre ouverte).",
        None,
    ),
    "details": ("string", "Détails", "Le changement expliqué en une phrase.", None),
}

#: Where a CSV column of the change list differs in meaning from the same name elsewhere.
_COLONNES_CHANGEMENTS = {
    "mesure": (
        "string",
        "Mesure (après)",
        "Numéro de la mesure dans la nouvelle édition ; vide si elle n’y existe plus.",
        None,
    ),
    "livrable_no": (
        "integer",
        "N° du livrable (après)",
        "Rang du livrable dans sa mesure dans la nouvelle édition ; vide s’il n’y existe plus.",
        None,
    ),
}


def champ(nom: str, propres: dict[str, tuple[str, str, str, list[str] | None]] | None = None) -> dict[str, Any]:
    """The Table Schema field of column ``nom``; an unknown column is an extra column of the table."""
    type_, titre, description, enum = (propres or {}).get(nom) or COLONNES.get(
        nom,
        ("string", nom, f"Colonne supplémentaire du tableau synoptique, sous l’en-tête « {nom} ».", None),
    )
    f: dict[str, Any] = {"name": nom, "type": type_, "title": titre, "description": description}
    if type_ == "boolean":
        f["trueValues"] = ["true"]
        f["falseValues"] = ["false"]
    elif type_ == "date":
        f["format"] = "default"
    if enum is not None:
        f["constraints"] = {"enum": enum}
    return f


def _entete(chemin: Path) -> list[str]:
    with open(chemin, encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def schema_table(
    colonnes: list[str],
    cle: list[str] | None = None,
    propres: dict[str, tuple[str, str, str, list[str] | None]] | None = None,
) -> dict[str, Any]:
    """A Table Schema for a CSV with these header columns (empty cell = missing value)."""
    schema: dict[str, Any] = {"fields": [champ(c, propres) for c in colonnes], "missingValues": [""]}
    if cle and all(c in colonnes for c in cle):
        schema["primaryKey"] = cle
    return schema


def _ressource(nom: str, chemin: str, titre: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": nom,
        "path": chemin,
        "profile": "tabular-data-resource",
        "title": titre,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _nom(texte: str) -> str:
    """A resource name allowed by the spec (lower case, digits, ``-._``)."""
    return "".join(c if c.isalnum() or c in "-._" else "-" for c in texte.lower())


def descripteur(plans: list[dict[str, Any]], sortie: Path) -> dict[str, Any]:
    """The package descriptor for the editions in ``plans`` whose files exist under ``sortie``.

    Headers are read from the files themselves, so an edition with extra columns gets
    them described (as strings) instead of failing validation.
    """
    sortie = Path(sortie)
    versions = sorted({p["document"]["version"] for p in plans})
    ressources: list[dict[str, Any]] = []
    for v in versions:
        chemin = sortie / v / "livrables.csv"
        if chemin.exists():
            ressources.append(
                _ressource(
                    _nom(f"livrables-{v}"),
                    f"{v}/livrables.csv",
                    f"Livrables du PAMAM, édition {v}",
                    "Une ligne par livrable, dans l’ordre du document, avec son échéancier normalisé.",
                    schema_table(_entete(chemin), ["mesure", "livrable_no"]),
                )
            )
    chemin = sortie / "historique.csv"
    if chemin.exists():
        ressources.append(
            _ressource(
                "historique",
                "historique.csv",
                "Historique des livrables, toutes éditions",
                "Une ligne par livrable et par édition, la plus ancienne d’abord ; « identifiant » suit un "
                "livrable d’une édition à l’autre.",
                schema_table(_entete(chemin), ["identifiant", "version"]),
            )
        )
    for a, b in zip(versions, versions[1:], strict=False):
        chemin = sortie / "changements" / f"{a}__{b}" / "changements.csv"
        if chemin.exists():
            ressources.append(
                _ressource(
                    _nom(f"changements-{a}__{b}"),
                    f"changements/{a}__{b}/changements.csv",
                    f"Changements de l’édition {a} à l’édition {b}",
                    "Une ligne par changement, dans l’ordre du document de la nouvelle édition.",
                    schema_table(_entete(chemin), propres=_COLONNES_CHANGEMENTS),
                )
            )
    return {
        "profile": "tabular-data-package",
        "name": "pamam",
        "title": "Plan d’action ministériel en affaires municipales (PAMAM) — tableau synoptique",
        "description": (
            "Le tableau synoptique de chaque édition du PAMAM reconstruit depuis son PDF, ses échéanciers "
            "normalisés, l’historique des livrables et les changements entre éditions consécutives. "
            "Les plan.json et changements.json sont décrits par les schémas JSON de schemas/."
        ),
        "keywords": ["PAMAM", "affaires municipales", "Québec", "échéancier", "plan d’action"],
        "resources": ressources,
    }


def ecrire_datapackage(plans: list[dict[str, Any]], sortie: Path) -> Path:
    """Write ``sortie/datapackage.json`` and the JSON Schemas in ``sortie/schemas/``."""
    from pamam.schemas import ecrire_schemas

    sortie = Path(sortie)
    ecrire_schemas(sortie / "schemas")
    cible = sortie / "datapackage.json"
    ecrire_atomique(cible, json.dumps(descripteur(plans, sortie), ensure_ascii=False, indent=1) + "\n")
    return cible
