"""``sorties/datapackage.json``: the CSV outputs described as a Frictionless Data Package.

A CSV says nothing of its columns: "true" may be text, "2023-12-20" may be text, "4.2"
may be a number. The descriptor gives every column of every CSV (each edition's
``livrables.csv``, ``historique.csv``, ``suivi.csv``, each comparison's ``changements.csv``) its type,
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from normalisation.modele import Plan
from pamam.ecriture.colonnes import CHANGEMENTS, HISTORIQUE, LIVRABLES, SUIVI, Colonne, colonne_supplementaire
from pamam.fichiers import ecrire_atomique


def champ(colonne: Colonne) -> dict[str, Any]:
    """The Table Schema field of a column."""
    f: dict[str, Any] = {"name": colonne.nom, "type": colonne.type, "title": colonne.titre,
                         "description": colonne.description}
    if colonne.type == "boolean":
        f["trueValues"] = ["true"]
        f["falseValues"] = ["false"]
    elif colonne.type == "date":
        f["format"] = "default"
    if colonne.enum is not None:
        f["constraints"] = {"enum": list(colonne.enum)}
    return f


def _entete(chemin: Path) -> list[str]:
    with open(chemin, encoding="utf-8", newline="") as f:
        return next(csv.reader(f), [])


def schema_table(noms: list[str], connues: Sequence[Colonne], cle: list[str] | None = None) -> dict[str, Any]:
    """A Table Schema for a CSV with these header columns (empty cell = missing value); a
    column not in ``connues`` is an extra column of the synoptic table."""
    par_nom = {c.nom: c for c in connues}
    schema: dict[str, Any] = {"fields": [champ(par_nom.get(n) or colonne_supplementaire(n)) for n in noms],
                              "missingValues": [""]}
    if cle and all(c in noms for c in cle):
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


def descripteur(plans: Sequence[Plan], sortie: Path) -> dict[str, Any]:
    """The package descriptor for the editions in ``plans`` whose files exist under ``sortie``.

    Headers are read from the files themselves, so an edition with extra columns gets
    them described (as strings) instead of failing validation.
    """
    sortie = Path(sortie)
    versions = sorted({p.version for p in plans})
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
                    schema_table(_entete(chemin), LIVRABLES, ["mesure", "livrable_no"]),
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
                schema_table(_entete(chemin), HISTORIQUE, ["identifiant", "version"]),
            )
        )
    chemin = sortie / "suivi.csv"
    if chemin.exists():
        schema = schema_table(_entete(chemin), SUIVI, ["identifiant"])
        ressources.append(
            _ressource(
                "suivi",
                "suivi.csv",
                "Suivi des livrables d’une édition à l’autre",
                "Une ligne par livrable suivi (« identifiant »), toutes éditions : première et dernière édition, "
                "première promesse et échéance actuelle, reports et glissement total, parcours du statut, retard "
                "dans la dernière édition, édition qui l’a retiré.",
                schema,
            )
        )
        historique = next((r for r in ressources if r["name"] == "historique"), None)
        if historique is not None:
            # Every identifier of the history is followed in suivi.csv (checked by frictionless).
            historique["schema"]["foreignKeys"] = [
                {"fields": ["identifiant"], "reference": {"resource": "suivi", "fields": ["identifiant"]}}
            ]
    for a, b in zip(versions, versions[1:], strict=False):
        chemin = sortie / "changements" / f"{a}__{b}" / "changements.csv"
        if chemin.exists():
            ressources.append(
                _ressource(
                    _nom(f"changements-{a}__{b}"),
                    f"changements/{a}__{b}/changements.csv",
                    f"Changements de l’édition {a} à l’édition {b}",
                    "Une ligne par changement, dans l’ordre du document de la nouvelle édition.",
                    schema_table(_entete(chemin), CHANGEMENTS),
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


def ecrire_datapackage(plans: Sequence[Plan], sortie: Path) -> Path:
    """Write ``sortie/datapackage.json`` and the JSON Schemas in ``sortie/schemas/``."""
    from pamam.schemas import ecrire_schemas

    sortie = Path(sortie)
    ecrire_schemas(sortie / "schemas")
    cible = sortie / "datapackage.json"
    ecrire_atomique(cible, json.dumps(descripteur(plans, sortie), ensure_ascii=False, indent=1) + "\n")
    return cible
