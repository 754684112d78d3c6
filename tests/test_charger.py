"""``pamam.charger("sorties")``: the outputs as typed pandas DataFrames, pandas imported only then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from conftest import RACINE, ecrire_sorties, trois_editions  # noqa: E402
from normalisation.echeances import PRECISIONS, STATUTS  # noqa: E402
from pamam.comparaison.types import TYPES  # noqa: E402
from pamam.ecriture.colonnes import CHANGEMENTS, HISTORIQUE, LIVRABLES, SUIVI  # noqa: E402


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> object:
    import pamam

    return pamam.charger(ecrire_sorties(trois_editions(), tmp_path_factory.mktemp("charger") / "sorties"))


def test_un_objet_type_avec_quatre_tables(tables: object) -> None:
    from pamam.tables import Tables

    assert isinstance(tables, Tables)
    for nom in ("livrables", "historique", "changements", "suivi"):
        assert isinstance(getattr(tables, nom), pd.DataFrame)
    assert repr(tables).startswith("Tables(livrables=")


def test_colonnes_dans_l_ordre_des_fichiers(tables: object) -> None:
    t = tables
    assert list(t.livrables.columns) == [c.nom for c in LIVRABLES]  # type: ignore[attr-defined]
    assert list(t.historique.columns) == [c.nom for c in HISTORIQUE]  # type: ignore[attr-defined]
    assert list(t.suivi.columns) == [c.nom for c in SUIVI]  # type: ignore[attr-defined]
    assert list(t.changements.columns) == ["edition_avant", "edition_apres", *(c.nom for c in CHANGEMENTS)]  # type: ignore[attr-defined]


def test_types(tables: object) -> None:
    li, su, ch, hi = tables.livrables, tables.suivi, tables.changements, tables.historique  # type: ignore[attr-defined]
    # dates
    for df, nom in ((li, "debut"), (li, "fin"), (su, "fin_initial"), (su, "fin_actuel"), (hi, "fin")):
        assert pd.api.types.is_datetime64_any_dtype(df[nom]), nom
    assert li.loc[li.mesure == "1.10", "fin"].iloc[0] == pd.Timestamp("2032-12-20")
    # statut: ordered categorical in the contract's order
    for df, nom in ((li, "statut"), (hi, "statut"), (su, "statut_actuel")):
        assert isinstance(df[nom].dtype, pd.CategoricalDtype) and df[nom].dtype.ordered
        assert list(df[nom].cat.categories) == list(STATUTS)
    assert list(li.precision.cat.categories) == list(PRECISIONS)
    assert list(ch.type.cat.categories) == list(TYPES)
    assert li.statut.min() == "realise"  # sorts as the contract lists statuts, not alphabetically
    # measure numbers stay text: "1.10" never becomes 1.1
    assert pd.api.types.is_string_dtype(li.mesure) and "1.10" in set(li.mesure)
    assert "1.10" in set(su.mesure) and "1.10" in set(ch.mesure.dropna())
    # booleans are booleans
    for df, nom in ((li, "en_retard"), (li, "ouvert"), (su, "en_retard"), (hi, "en_retard")):
        assert df[nom].dtype == bool, nom
    assert int(li[li.version == "2032-01"].en_retard.sum()) == 4
    # integers, missing allowed
    assert str(su.reports.dtype) == "Int64" and str(su.retard_jours.dtype) == "Int64"
    assert su.retard_jours.isna().any() and su.retard_jours.max() == 380
    assert str(li.livrable_no.dtype) == "Int64" and str(ch.ecart_jours.dtype) == "Int64"
    # empty text cells are missing, not ""
    assert li.condition.isna().all() and not (li.condition == "").any()


def test_valeurs(tables: object) -> None:
    su = tables.suivi  # type: ignore[attr-defined]
    r = su[su.reports > 1].iloc[0]
    assert (r.mesure, r.reports, r.glissement_jours) == ("1.2", 2, 366)
    assert su.retire_dans.dropna().tolist() == ["2031-01"]
    ch = tables.changements  # type: ignore[attr-defined]
    assert set(zip(ch.edition_avant, ch.edition_apres, strict=True)) == {("2030-01", "2031-01"),
                                                                        ("2031-01", "2032-01")}


def test_sorties_engagees() -> None:
    import pamam

    t = pamam.charger(RACINE / "sorties")
    assert set(t.livrables.version) == {"2023-11", "2024-11"}
    assert len(t.suivi) == t.historique.identifiant.nunique()
    assert t.livrables[t.livrables.en_retard].mesure.tolist() == ["5.1", "5.1"]


def test_dossier_sans_sorties(tmp_path: Path) -> None:
    import pamam

    with pytest.raises(FileNotFoundError, match="suivi.csv|historique.csv"):
        pamam.charger(tmp_path)


def test_valeur_hors_vocabulaire(tmp_path: Path) -> None:
    import pamam

    sortie = ecrire_sorties(trois_editions()[:1], tmp_path / "sorties")
    chemin = sortie / "2030-01" / "livrables.csv"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace(",planifie,", ",termine,", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="termine"):
        pamam.charger(sortie)


def test_import_pamam_ne_charge_pas_pandas() -> None:
    code = "import sys, pamam; assert callable(pamam.charger); print('pandas' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE, check=True)
    assert r.stdout.strip() == "False"
