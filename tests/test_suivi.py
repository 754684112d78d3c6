"""``suivi.csv``: each livrable followed across editions, as analysts ask about it.

Three editions of a small invented plan (``conftest.trois_editions``): a livrable postponed
twice, one postponed as a statut then done, one that only changed wording (the date
conventions' 11 days: not a postponement) and is overdue, one removed, one added.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import ecrire_sorties, plan, trois_editions
from pamam.ecriture.colonnes import SUIVI, valeurs_json
from pamam.historique import parcours, rendre_historique_csv, rendre_suivi_csv, suivre

COLONNES = [c.nom for c in SUIVI]


@pytest.fixture(scope="module")
def lignes() -> dict[Any, dict[str, Any]]:
    """suivi.csv rows as JSON values, by (measure, livrable number) in the latest edition; the
    removed ones by their identifier."""
    suivi = suivre([plan(p) for p in trois_editions()])
    rangs = (valeurs_json(SUIVI, x) for x in suivi.lignes())
    return {(r["mesure"], r["livrable_no"]) if not r["retire_dans"] else r["identifiant"]: r for r in rangs}


def test_reporte_deux_fois(lignes: dict[Any, dict[str, Any]]) -> None:
    r = lignes[("1.2", 1)]
    assert (r["premiere_edition"], r["derniere_edition"], r["nb_editions"]) == ("2030-01", "2032-01", 3)
    assert (r["echeancier_initial"], r["debut_initial"], r["fin_initial"]) == ("Printemps 2031", "2031-03-20",
                                                                               "2031-06-20")
    assert (r["echeancier_actuel"], r["fin_actuel"]) == ("Printemps 2032", "2032-06-20")
    assert (r["reports"], r["glissement_jours"]) == (2, 183 + 183)
    assert r["parcours_statut"] == "planifie"
    assert (r["en_retard"], r["retard_jours"], r["retire_dans"]) == (False, None, None)


def test_reporte_par_le_statut_puis_realise(lignes: dict[Any, dict[str, Any]]) -> None:
    r = lignes[("1.3", 1)]
    assert r["parcours_statut"] == "planifie → reporte → realise"
    assert (r["reports"], r["glissement_jours"]) == (1, 180)  # Été 2031 (09-21) → hiver 2032 (03-19)
    assert r["statut_actuel"] == "realise" and r["fin_actuel"] is None


def test_ecart_de_convention_n_est_pas_un_report_et_retard(lignes: dict[Any, dict[str, Any]]) -> None:
    r = lignes[("1.1", 1)]
    assert (r["echeancier_initial"], r["echeancier_actuel"]) == ("Automne 2030", "D’ici la fin de 2030")
    assert (r["reports"], r["glissement_jours"]) == (0, 0)
    assert (r["en_retard"], r["retard_jours"]) == (True, (date(2032, 1, 15) - date(2030, 12, 31)).days)


def test_retire_et_ajoute(lignes: dict[Any, dict[str, Any]]) -> None:
    retire = next(r for r in lignes.values() if r["retire_dans"])
    assert (retire["livrable"], retire["derniere_edition"], retire["retire_dans"]) == (
        "Inventaire des formulaires existants", "2030-01", "2031-01")
    assert retire["en_retard"] is False  # not in the latest edition: not overdue there
    ajoute = lignes[("1.10", 1)]
    assert (ajoute["premiere_edition"], ajoute["nb_editions"], ajoute["mesure"]) == ("2032-01", 1, "1.10")


def test_une_ligne_par_identifiant_de_l_historique() -> None:
    suivi = suivre([plan(p) for p in trois_editions()])
    ids = [r.identifiant for r in suivi.historique]
    assert [r.identifiant for r in suivi.lignes()] == sorted(set(ids))
    for r in suivi.lignes():
        apparitions = [h for h in suivi.historique if h.identifiant == r.identifiant]
        assert r.nb_editions == len(apparitions)
        assert r.livrable == apparitions[-1].livrable.texte  # the latest wording


def test_csv(tmp_path: Path) -> None:
    suivi = suivre([plan(p) for p in trois_editions()])
    texte = rendre_suivi_csv(suivi.lignes())
    assert texte.startswith(",".join(COLONNES) + "\r\n")
    relues = list(csv.DictReader(io.StringIO(texte, newline="")))
    assert len(relues) == len(suivi.lignes())
    assert {r["en_retard"] for r in relues} == {"true", "false"}
    assert next(r for r in relues if r["mesure"] == "1.10")["mesure"] == "1.10"


def test_ecrit_par_le_lot(tmp_path: Path) -> None:
    """``ecrire_sorties_communes`` writes suivi.csv beside historique.csv, from the same pairing."""
    sortie = ecrire_sorties(trois_editions(), tmp_path / "sorties")
    suivi = suivre([plan(p) for p in trois_editions()])
    assert (sortie / "suivi.csv").read_text(encoding="utf-8") == rendre_suivi_csv(suivi.lignes()).replace(
        "\r\n", "\n")
    assert (sortie / "historique.csv").read_bytes() == rendre_historique_csv(suivi.historique).encode("utf-8")
    with open(sortie / "historique.csv", encoding="utf-8", newline="") as f:
        ids_historique = {r["identifiant"] for r in csv.DictReader(f)}
    with open(sortie / "suivi.csv", encoding="utf-8", newline="") as f:
        ids_suivi = [r["identifiant"] for r in csv.DictReader(f)]
    assert sorted(ids_historique) == ids_suivi


def test_une_seule_edition() -> None:
    (e,) = [plan(trois_editions()[0])]
    suivi = suivre([e])
    lignes = suivi.lignes()
    assert len(lignes) == len(e.livrables)
    assert all(r.nb_editions == 1 and r.reports == 0 and r.retire_dans is None for r in lignes)
    assert suivre([]).lignes() == []
    assert rendre_suivi_csv([]) == ",".join(COLONNES) + "\r\n"


def test_parcours_fusionne_les_repetitions() -> None:
    assert parcours(["planifie", "planifie", "reporte", "reporte", "realise"]) == "planifie → reporte → realise"
    assert parcours(["planifie", "realise", "planifie"]) == "planifie → realise → planifie"
    assert parcours([]) == ""
