"""JSON Schemas (draft 2020-12) of the pipeline's JSON outputs, shipped as package data.

Analysts validate ``plan.json`` and ``changements.json`` before trusting a script built on
them; shipping the schemas inside the package (and copying them beside the outputs, in
``sorties/schemas/``) means the schema a reader has always matches the code that wrote
the files. ``jsonschema`` is only needed by :func:`valider`, and imported there.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

#: The shipped schemas, by output file they describe.
SCHEMAS: dict[str, str] = {
    "plan.json": "plan.schema.json",
    "changements.json": "changements.schema.json",
}


def texte(nom: str) -> str:
    """The text of a shipped schema (``plan.schema.json`` or ``changements.schema.json``)."""
    return resources.files(__name__).joinpath(nom).read_text(encoding="utf-8")


def charger(nom: str) -> dict[str, Any]:
    """A shipped schema as a dict."""
    return json.loads(texte(nom))


def erreurs(donnees: Any, nom: str) -> list[str]:
    """Every violation of schema ``nom`` by ``donnees``, as "path: message" lines (empty: valid)."""
    from jsonschema import Draft202012Validator

    validateur = Draft202012Validator(charger(nom), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(racine)'}: {e.message}"
        for e in sorted(validateur.iter_errors(donnees), key=lambda e: list(map(str, e.absolute_path)))
    ]


def ecrire_schemas(dossier: Path) -> list[Path]:
    """Copy the shipped schemas into ``dossier`` (e.g. ``sorties/schemas/``), atomically each."""
    from pamam.fichiers import ecrire_atomique

    ecrits = []
    for nom in SCHEMAS.values():
        cible = Path(dossier) / nom
        ecrire_atomique(cible, texte(nom))
        ecrits.append(cible)
    return ecrits
