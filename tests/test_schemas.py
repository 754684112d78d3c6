"""The JSON Schemas shipped in ``pamam/schemas`` and every JSON output checked against them.

Analysts write scripts against ``plan.json`` and ``changements.json``; the schemas are
their promise. These tests keep the promise honest both ways: the examples and the real
outputs of ``python -m pamam.lot`` must validate, and the closed vocabularies of the
contract (statut, precision, change type) must be enforced, not just documented.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from normalisation import echeances
from pamam.schemas import SCHEMAS, charger, ecrire_schemas, erreurs

STATUTS = set(echeances.STATUTS)
PRECISIONS = {*echeances.PRECISIONS, None}


def _exemple(nom: str) -> dict[str, Any]:
    return json.loads(resources.files("pamam.schemas").joinpath(nom).read_text(encoding="utf-8"))


@pytest.mark.parametrize("nom", sorted(SCHEMAS.values()))
def test_schema_conforme_draft_2020_12(nom: str) -> None:
    schema = charger(nom)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_enumerations_du_contrat() -> None:
    plan = charger("plan.schema.json")
    assert set(plan["$defs"]["statut"]["enum"]) == STATUTS
    assert set(plan["$defs"]["precision"]["enum"]) == PRECISIONS
    from pamam.comparaison.changements import TYPES

    assert charger("changements.schema.json")["$defs"]["type"]["enum"] == list(TYPES)


@pytest.mark.parametrize("nom", ["exemple-plan-2023-11.json", "exemple-plan-2024-11.json"])
def test_exemples_de_plan_valides(nom: str) -> None:
    assert erreurs(_exemple(nom), "plan.schema.json") == []


def test_exemple_de_changements_valide() -> None:
    assert erreurs(_exemple("exemple-changements.json"), "changements.schema.json") == []


def _premier_livrable(plan: dict[str, Any]) -> dict[str, Any]:
    return plan["sections"][0]["actions"][0]["mesures"][0]["livrables"][0]


@pytest.mark.parametrize(
    ("modifier", "attendu"),
    [
        (lambda p: _premier_livrable(p)["echeancier"].update(statut="termine"), "statut"),
        (lambda p: _premier_livrable(p)["echeancier"].update(precision="decennie"), "precision"),
        (lambda p: _premier_livrable(p)["echeancier"].update(debut="automne 2023"), "debut"),
        (lambda p: _premier_livrable(p)["echeancier"].pop("en_retard"), "en_retard"),
        (lambda p: _premier_livrable(p)["echeancier"].update(non_reconnu=True), "statut"),
        (lambda p: _premier_livrable(p).update(evenements=[{"date": "2023-05-10", "texte": "x"}]), "tenue"),
        (lambda p: _premier_livrable(p).update(colonnes_supplementaires={"Responsable": 3}), "Responsable"),
        (lambda p: p["qualite"].pop("echeances_non_reconnues"), "echeances_non_reconnues"),
        (lambda p: p["qualite"]["comptes"].update(livrables="six"), "livrables"),
    ],
)
def test_plan_invalide_refuse(modifier: Any, attendu: str) -> None:
    plan = copy.deepcopy(_exemple("exemple-plan-2023-11.json"))
    modifier(plan)
    trouvees = erreurs(plan, "plan.schema.json")
    assert trouvees, "the schema accepted an invalid plan"
    assert any(attendu in e for e in trouvees), trouvees


@pytest.mark.parametrize(
    ("modifier", "attendu"),
    [
        (lambda r: r["changements"][0].update(type="statut_change"), "statut_change"),
        (lambda r: r["changements"][1].update(ecart_jours=-3), "ecart_jours"),
        (lambda r: r["changements"][1].update(livrable_no="2"), "livrable_no"),
        (lambda r: r.pop("avant"), "avant"),
    ],
)
def test_changements_invalides_refuses(modifier: Any, attendu: str) -> None:
    resultat = copy.deepcopy(_exemple("exemple-changements.json"))
    modifier(resultat)
    trouvees = erreurs(resultat, "changements.schema.json")
    assert trouvees and any(attendu in e for e in trouvees), trouvees


def test_schemas_copies_a_cote_des_sorties(tmp_path: Path) -> None:
    ecrits = ecrire_schemas(tmp_path / "schemas")
    assert sorted(p.name for p in ecrits) == sorted(SCHEMAS.values())
    for p in ecrits:
        assert json.loads(p.read_text(encoding="utf-8")) == charger(p.name)


def test_toutes_les_sorties_json_valides(sorties_generees: Path) -> None:
    sorties = sorties_generees
    plans = sorted(sorties.glob("*/plan.json"))
    changements = sorted(sorties.glob("changements/*/changements.json"))
    assert len(plans) >= 2 and len(changements) == len(plans) - 1
    for p in plans:
        assert erreurs(json.loads(p.read_text(encoding="utf-8")), "plan.schema.json") == [], p
    for c in changements:
        assert erreurs(json.loads(c.read_text(encoding="utf-8")), "changements.schema.json") == [], c
    for nom in SCHEMAS.values():
        assert json.loads((sorties / "schemas" / nom).read_text(encoding="utf-8")) == charger(nom)
