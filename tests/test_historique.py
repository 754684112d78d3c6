"""``historique.csv``: livrables of every edition with an identifier that follows them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from conftest import plan
from pamam.ecriture.colonnes import HISTORIQUE, valeurs_json
from pamam.fichiers import Transaction, ecrire_atomique
from pamam.historique import COLONNES, rendre_historique_csv
from pamam.historique import historique as historique_plans

CAS = Path(__file__).parent / "fixtures" / "comparaison"
REFERENCE = Path(__file__).parent / "fixtures" / "reference"


def lire(chemin: Path) -> dict[str, Any]:
    return json.loads(chemin.read_text(encoding="utf-8"))


def historique(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the history as JSON values, from plan.json dicts (the cases are written as JSON)."""
    return [valeurs_json(HISTORIQUE, r) for r in historique_plans([plan(p) for p in plans])]


def ident(lignes: list[dict[str, Any]], version: str, mesure: str, no: int) -> str:
    (x,) = [r for r in lignes if (r["version"], r["mesure"], r["livrable_no"]) == (version, mesure, no)]
    return str(x["identifiant"])


def test_une_ligne_par_livrable_et_par_edition() -> None:
    base, apres = lire(CAS / "base.json"), lire(CAS / "mesure_retiree_renumerotee.json")
    lignes = historique([base, apres])
    n = sum(
        len(m["livrables"]) for p in (base, apres) for s in p["sections"] for a in s["actions"] for m in a["mesures"]
    )
    assert len(lignes) == n
    assert all(tuple(r) == COLONNES for r in lignes)
    assert [r["version"] for r in lignes] == sorted(r["version"] for r in lignes)


def test_identifiant_suit_la_renumerotation() -> None:
    lignes = historique([lire(CAS / "base.json"), lire(CAS / "mesure_retiree_renumerotee.json")])
    premiers = [r["identifiant"] for r in lignes if r["version"] == "2030-01"]
    assert premiers == [f"L{i:04d}" for i in range(1, len(premiers) + 1)]
    # 2.3 became 2.2: its livrables keep their identifiers, reworded or not
    assert ident(lignes, "2031-01", "2.2", 1) == ident(lignes, "2030-01", "2.3", 1)
    assert ident(lignes, "2031-01", "2.2", 2) == ident(lignes, "2030-01", "2.3", 2)
    # the removed 2.2's livrable appears no more
    disparu = ident(lignes, "2030-01", "2.2", 1)
    assert disparu not in {r["identifiant"] for r in lignes if r["version"] == "2031-01"}
    (renumerote,) = [r for r in lignes if (r["version"], r["mesure"], r["livrable_no"]) == ("2031-01", "2.2", 2)]
    assert renumerote["changements"] == "mesure_renumerotee;livrable_modifie"


def test_identifiant_suit_un_livrable_deplace_et_nouveaux_identifiants() -> None:
    lignes = historique([lire(CAS / "base.json"), lire(CAS / "livrable_deplace.json")])
    assert ident(lignes, "2031-01", "1.3", 2) == ident(lignes, "2030-01", "1.1", 2)
    lignes = historique([lire(CAS / "base.json"), lire(CAS / "section_ajoutee.json")])
    nouveaux = [r for r in lignes if r["version"] == "2031-01" and r["section"] == "C"]
    anciens = {r["identifiant"] for r in lignes if r["version"] == "2030-01"}
    assert len(nouveaux) == 2 and not {r["identifiant"] for r in nouveaux} & anciens
    assert all(r["changements"].startswith("nouveau") for r in nouveaux)


def test_editions_triees_par_version() -> None:
    a, b = lire(REFERENCE / "pamam-2023-11.json"), lire(REFERENCE / "pamam-2024-11.json")
    assert historique([b, a]) == historique([a, b])
    lignes = historique([b, a])
    assert lignes[0]["version"] == "2023-11"
    assert ident(lignes, "2024-11", "7.2", 1) == ident(lignes, "2023-11", "7.2", 1)
    (x,) = [r for r in lignes if (r["version"], r["mesure"], r["livrable_no"]) == ("2024-11", "4.2", 1)]
    assert x["changements"] == "echeance_reportee"
    assert (x["statut"], x["debut"], x["fin"]) == ("planifie", "2024-09-22", "2024-12-20")


def test_csv_rfc4180(tmp_path: Path) -> None:
    lignes = historique_plans([plan(lire(REFERENCE / f"pamam-{v}.json")) for v in ("2023-11", "2024-11")])
    texte = rendre_historique_csv(lignes)
    assert texte.startswith(",".join(COLONNES) + "\r\n")
    relues = list(csv.DictReader(io.StringIO(texte, newline="")))
    assert len(relues) == len(lignes)
    assert any("\n" in r["livrable"] for r in relues)  # list cells keep their line breaks
    assert {r["ouvert"] for r in relues} <= {"true", "false"}

    chemin = tmp_path / "historique.csv"
    ecrire_atomique(chemin, texte)
    assert chemin.read_bytes() == texte.encode("utf-8")

    with Transaction(tmp_path / "lot") as lot:
        lot.ecrire("historique.csv", texte)
        assert not (tmp_path / "lot" / "historique.csv").exists()  # staged until the lot succeeds
    assert (tmp_path / "lot" / "historique.csv").read_bytes() == texte.encode("utf-8")


def test_aucune_edition() -> None:
    assert historique([]) == []
    assert rendre_historique_csv([]) == ",".join(COLONNES) + "\r\n"
