"""``sorties/datapackage.json``: every CSV output typed, described and valid for frictionless.

The descriptor is only useful if ``frictionless validate`` passes on real outputs (so a
reader can trust it) and fails on a broken file (so it actually checks something).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

frictionless = pytest.importorskip("frictionless")

from conftest import ecrire_sorties, plan, plans_exemples  # noqa: E402
from normalisation.echeances import PRECISIONS, STATUTS  # noqa: E402
from pamam.comparaison.types import TYPES as TYPES_CHANGEMENT  # noqa: E402
from pamam.ecriture.datapackage import descripteur  # noqa: E402


def _rapport(chemin: Path) -> Any:
    return frictionless.validate(str(chemin))


def _erreurs(rapport: Any) -> list[str]:
    return [f"{t.name}: {e.message}" for t in rapport.tasks for e in t.errors]


@pytest.fixture
def sorties(tmp_path: Path) -> Path:
    return ecrire_sorties(plans_exemples(), tmp_path / "sorties")


def test_paquet_valide(sorties: Path) -> None:
    rapport = _rapport(sorties / "datapackage.json")
    assert rapport.valid, _erreurs(rapport)
    chemins = [r["path"] for r in json.loads((sorties / "datapackage.json").read_text(encoding="utf-8"))["resources"]]
    assert chemins == [
        "2023-11/livrables.csv",
        "2024-11/livrables.csv",
        "historique.csv",
        "suivi.csv",
        "changements/2023-11__2024-11/changements.csv",
    ]
    suivi = next(r for r in json.loads((sorties / "datapackage.json").read_text("utf-8"))["resources"]
                 if r["name"] == "suivi")
    assert suivi["schema"]["primaryKey"] == ["identifiant"]
    champs = {f["name"]: f for f in suivi["schema"]["fields"]}
    assert champs["statut_actuel"]["constraints"]["enum"] == list(STATUTS)
    assert {champs[c]["type"] for c in ("reports", "glissement_jours", "retard_jours", "nb_editions")} == {"integer"}
    assert {champs[c]["type"] for c in ("fin_initial", "fin_actuel")} == {"date"}
    assert champs["en_retard"]["type"] == "boolean"
    assert (sorties / "schemas" / "plan.schema.json").exists()
    assert (sorties / "schemas" / "changements.schema.json").exists()


def test_chaque_colonne_typee_et_decrite(sorties: Path) -> None:
    paquet = json.loads((sorties / "datapackage.json").read_text(encoding="utf-8"))
    for ressource in paquet["resources"]:
        schema = ressource["schema"]
        assert schema["missingValues"] == [""]
        entete = (sorties / ressource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in schema["fields"]] == entete
        for f in schema["fields"]:
            assert f["title"] and f["description"], f
            if f["type"] == "boolean":
                assert f["trueValues"] == ["true"] and f["falseValues"] == ["false"]
            if f["type"] == "date":
                assert f["format"] == "default"
    champs = {f["name"]: f for r in paquet["resources"] for f in r["schema"]["fields"]}
    assert champs["statut"]["constraints"]["enum"] == list(STATUTS)
    assert champs["precision"]["constraints"]["enum"] == list(PRECISIONS)
    assert champs["type"]["constraints"]["enum"] == list(TYPES_CHANGEMENT)
    assert {champs[c]["type"] for c in ("debut", "fin")} == {"date"}
    assert {champs[c]["type"] for c in ("livrable_no", "page", "ecart_jours", "livrable_no_avant")} == {"integer"}


def test_colonne_supplementaire_decrite(tmp_path: Path) -> None:
    plans = plans_exemples()
    plans[1]["sections"][0]["actions"][0]["mesures"][0]["livrables"][0]["colonnes_supplementaires"] = {
        "Responsable": "DGAM"
    }
    sorties = ecrire_sorties(plans, tmp_path / "sorties")
    rapport = _rapport(sorties / "datapackage.json")
    assert rapport.valid, _erreurs(rapport)
    champs = descripteur([plan(p) for p in plans], sorties)["resources"][1]["schema"]["fields"]
    assert champs[-1]["name"] == "Responsable" and champs[-1]["type"] == "string"


@pytest.mark.parametrize(
    ("fichier", "avant", "apres"),
    [
        ("2024-11/livrables.csv", ",realise,", ",termine,"),
        ("2023-11/livrables.csv", ",2023-12-20,", ",20 décembre 2023,"),
        ("historique.csv", ",false,", ",non,"),
        ("suivi.csv", ",planifie → realise,false,", ",planifie → realise,peut-être,"),
        ("suivi.csv", ",2023-12-20,", ",hiver,"),
        ("historique.csv", "\nL0001,", "\nL9999,"),  # an identifier suivi.csv does not follow
        ("suivi.csv", "\nL0002,", "\nL0001,"),  # the same identifier twice
        ("changements/2023-11__2024-11/changements.csv", "echeance_reportee", "echeance_repoussee"),
    ],
)
def test_fichier_altere_detecte(sorties: Path, fichier: str, avant: str, apres: str) -> None:
    chemin = sorties / fichier
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8", newline="")
    assert not _rapport(sorties / "datapackage.json").valid


def test_descripteur_deterministe(tmp_path: Path) -> None:
    a = ecrire_sorties(plans_exemples(), tmp_path / "a")
    b = ecrire_sorties(plans_exemples(), tmp_path / "b")
    assert (a / "datapackage.json").read_bytes() == (b / "datapackage.json").read_bytes()


def test_frictionless_valide_les_sorties_de_lot(sorties_generees: Path) -> None:
    """``frictionless validate sorties/datapackage.json`` — the command analysts are told to run."""
    sorties = sorties_generees
    rapport = _rapport(sorties / "datapackage.json")
    assert rapport.valid, _erreurs(rapport)
    cli = Path(sys.executable).with_name("frictionless")
    if cli.exists():
        r = subprocess.run([str(cli), "validate", str(sorties / "datapackage.json")], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    paquet = json.loads((sorties / "datapackage.json").read_text(encoding="utf-8"))
    versions = sorted(p.parent.name for p in sorties.glob("*/plan.json"))
    assert [r["path"] for r in paquet["resources"]][: len(versions)] == [f"{v}/livrables.csv" for v in versions]
