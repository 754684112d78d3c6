"""``sorties/datapackage.json``: every CSV output typed, described and valid for frictionless.

The descriptor is only useful if ``frictionless validate`` passes on real outputs (so a
reader can trust it) and fails on a broken file (so it actually checks something).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

frictionless = pytest.importorskip("frictionless")

from pamam import lot  # noqa: E402
from pamam.ecriture.datapackage import PRECISIONS, STATUTS, TYPES_CHANGEMENT, descripteur  # noqa: E402
from pamam.pipeline import ecrire_edition  # noqa: E402

RACINE = Path(__file__).resolve().parents[1]


def plans_exemples() -> list[dict[str, Any]]:
    """The two hand-made editions shipped beside the schemas (2023-11, 2024-11)."""
    dossier = resources.files("pamam.schemas")
    return [
        json.loads(dossier.joinpath(f"exemple-plan-{v}.json").read_text(encoding="utf-8"))
        for v in ("2023-11", "2024-11")
    ]


def ecrire_sorties(plans: list[dict[str, Any]], sortie: Path) -> Path:
    """What ``pamam.lot.executer`` writes after extraction, from plans made by hand."""
    for p in plans:
        ecrire_edition(p, sortie)
    plans = sorted(plans, key=lambda p: p["document"]["version"])
    lot._comparer_consecutives(plans, sortie)
    lot._historique(plans, sortie)
    lot._datapackage(plans, sortie)
    lot._classeur(plans, sortie)
    return sortie


def sorties_generees(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Outputs of one ``python -m pamam.lot`` run on a copy of sources/, shared by the session."""
    base = tmp_path_factory.getbasetemp() / "lot-sources"
    fait = base / "fait"
    if not fait.exists():
        shutil.rmtree(base, ignore_errors=True)
        sources = base / "sources"
        sources.mkdir(parents=True)
        for f in sorted((RACINE / "sources").glob("*.pdf")) + [RACINE / "sources" / "manifeste.json"]:
            shutil.copy2(f, sources / f.name)
        r = subprocess.run(
            [sys.executable, "-m", "pamam.lot", str(sources), "--out", str(base / "sorties"), "--processus", "1"],
            cwd=RACINE,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        fait.touch()
    return base / "sorties"


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
        "changements/2023-11__2024-11/changements.csv",
    ]
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
    assert champs["statut"]["constraints"]["enum"] == STATUTS
    assert champs["precision"]["constraints"]["enum"] == PRECISIONS
    assert champs["type"]["constraints"]["enum"] == TYPES_CHANGEMENT
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
    champs = descripteur(plans, sorties)["resources"][1]["schema"]["fields"]
    assert champs[-1]["name"] == "Responsable" and champs[-1]["type"] == "string"


@pytest.mark.parametrize(
    ("fichier", "avant", "apres"),
    [
        ("2024-11/livrables.csv", ",realise,", ",termine,"),
        ("2023-11/livrables.csv", ",2023-12-20,", ",20 décembre 2023,"),
        ("historique.csv", ",false,", ",non,"),
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


def test_frictionless_valide_les_sorties_de_lot(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``frictionless validate sorties/datapackage.json`` — the command analysts are told to run."""
    sorties = sorties_generees(tmp_path_factory)
    rapport = _rapport(sorties / "datapackage.json")
    assert rapport.valid, _erreurs(rapport)
    cli = Path(sys.executable).with_name("frictionless")
    if cli.exists():
        r = subprocess.run([str(cli), "validate", str(sorties / "datapackage.json")], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    paquet = json.loads((sorties / "datapackage.json").read_text(encoding="utf-8"))
    versions = sorted(p.parent.name for p in sorties.glob("*/plan.json"))
    assert [r["path"] for r in paquet["resources"]][: len(versions)] == [f"{v}/livrables.csv" for v in versions]
