"""``sorties/pamam.sqlite``: the same tables in SQL, the README's queries answered.

The README gives three queries an analyst would run; the test extracts them from the README
itself (every ```sql block of its SQLite part) and runs them, so the documentation cannot
drift from the database.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import RACINE, ecrire_sorties, plan, trois_editions
from normalisation.echeances import STATUTS
from pamam.ecriture.colonnes import CHANGEMENTS, EDITIONS, HISTORIQUE, LIVRABLES, SUIVI
from pamam.ecriture.sqlite import base_en_octets, ecrire_base
from pamam.historique import suivre

README = RACINE / "README.md"


def requetes_du_readme() -> list[str]:
    """The ```sql blocks of the README's SQLite part, in order."""
    texte = README.read_text(encoding="utf-8")
    debut = texte.index("### `pamam.sqlite`")
    fin = texte.index("\n### ", debut + 1)
    return re.findall(r"```sql\n(.*?)```", texte[debut:fin], re.S)


@pytest.fixture(scope="module")
def base_trois(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ecrire_sorties(trois_editions(), tmp_path_factory.mktemp("sqlite") / "sorties") / "pamam.sqlite"


def lire(chemin: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{chemin}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_le_readme_donne_trois_requetes() -> None:
    requetes = requetes_du_readme()
    assert len(requetes) == 3
    assert "en_retard" in requetes[0] and "reports > 1" in requetes[1] and "MATCH 'entente*'" in requetes[2]
    assert "datasette sorties/pamam.sqlite" in README.read_text(encoding="utf-8")


def test_requetes_du_readme_sur_trois_editions(base_trois: Path) -> None:
    en_retard, reportes, recherche = requetes_du_readme()
    lignes = lire(base_trois, en_retard)
    # The latest edition (2032-01) only; oldest window first.
    assert [(r[0], r[1]) for r in lignes] == [("1.1", 1), ("3.1", 1), ("2.2", 1), ("3.1", 2)]
    assert lignes[0][3] == "D’ici la fin de 2030" and lignes[0][4] == "2030-12-31"
    lignes = lire(base_trois, reportes)
    assert len(lignes) == 1
    identifiant, mesure, _livrable, reports, glissement, initial, actuel = lignes[0]
    assert (mesure, reports, glissement, initial, actuel) == ("1.2", 2, 366, "Printemps 2031", "Printemps 2032")
    assert identifiant.startswith("L")
    lignes = lire(base_trois, recherche)
    assert lignes == [("2032-01", "1.10", 1, "Rapport d’évaluation du guichet et des ententes avec les MRC")]


def test_requetes_du_readme_sur_les_sorties_engagees() -> None:
    """The committed database (the two shipped editions) answers them too."""
    base = RACINE / "sorties" / "pamam.sqlite"
    en_retard, reportes, recherche = requetes_du_readme()
    assert [(r[0], r[1]) for r in lire(base, en_retard)] == [("5.1", 1), ("5.1", 2)]
    assert lire(base, reportes) == []  # two editions: nothing can be postponed twice yet
    assert {(r[0], r[1]) for r in lire(base, recherche)} == {("2023-11", "4.2"), ("2024-11", "4.2")}


def test_tables_colonnes_et_types(base_trois: Path) -> None:
    con = sqlite3.connect(base_trois)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"editions", "livrables", "changements", "suivi", "historique", "livrables_fts",
            "changements_fts"} <= tables
    colonnes = {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in
                ("editions", "livrables", "changements", "suivi", "historique")}
    assert colonnes["editions"] == [c.nom for c in EDITIONS]
    assert colonnes["suivi"] == [c.nom for c in SUIVI]
    assert colonnes["changements"][3:] == [c.nom for c in CHANGEMENTS]
    assert colonnes["historique"] == [c.nom for c in HISTORIQUE]
    assert set(c.nom for c in LIVRABLES) <= set(colonnes["livrables"])
    # SQLite's values: measure numbers as text, dates as ISO text, booleans as 0/1, NULL for empty cells.
    mesure, fin, retard, condition = con.execute(
        "SELECT mesure, fin, en_retard, condition FROM livrables WHERE mesure = '1.10'").fetchone()
    assert (mesure, fin, retard, condition) == ("1.10", "2032-12-20", 0, None)
    assert con.execute("SELECT typeof(livrable_no), typeof(page) FROM livrables LIMIT 1").fetchone() == (
        "integer", "integer")
    assert con.execute("SELECT count(*) FROM livrables WHERE statut NOT IN "
                       f"({', '.join(repr(s) for s in STATUTS)})").fetchone() == (0,)
    assert con.execute("PRAGMA user_version").fetchone() == (1,)
    con.close()


def test_meme_lignes_que_les_csv(base_trois: Path) -> None:
    """The tables hold the rows of historique.csv, suivi.csv and the changements.csv files."""
    import csv

    sortie = base_trois.parent
    con = sqlite3.connect(base_trois)
    with open(sortie / "historique.csv", encoding="utf-8", newline="") as f:
        historique = [tuple(r.values()) for r in csv.DictReader(f)]
    sql = [tuple("" if v is None else ("true" if v == 1 and k in ("ouvert", "en_retard") else
                                       "false" if v == 0 and k in ("ouvert", "en_retard") else str(v))
                 for k, v in zip([c.nom for c in HISTORIQUE], r, strict=True))
           for r in con.execute("SELECT * FROM historique")]
    assert sql == historique
    with open(sortie / "suivi.csv", encoding="utf-8", newline="") as f:
        assert [r["identifiant"] for r in csv.DictReader(f)] == [
            r[0] for r in con.execute("SELECT identifiant FROM suivi ORDER BY identifiant")]
    n = sum(len(list(csv.DictReader(open(p, encoding="utf-8", newline=""))))
            for p in sortie.glob("changements/*/changements.csv"))
    assert con.execute("SELECT count(*) FROM changements").fetchone() == (n,)
    con.close()


def test_cles_etrangeres_et_index(base_trois: Path) -> None:
    con = sqlite3.connect(base_trois)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    cibles = {(r[2], r[3]) for r in con.execute("PRAGMA foreign_key_list(livrables)")}
    assert cibles == {("suivi", "identifiant"), ("editions", "version")}
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO livrables (identifiant, version, statut, ouvert, en_retard) "
                    "VALUES ('L0001', '1999-01', 'planifie', 0, 0)")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE livrables SET en_retard = 2 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE livrables SET statut = 'termine' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE livrables SET fin = '20 décembre 2031' WHERE id = 1")
    index = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"livrables_identifiant", "livrables_mesure", "changements_type"} <= index
    plan_requete = " ".join(r[3] for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM livrables WHERE identifiant = 'L0003'"))
    assert "livrables_identifiant" in plan_requete
    con.close()


def test_recherche_plein_texte_sans_accents(base_trois: Path) -> None:
    """Accents folded: "evaluation" finds "évaluation"; changes are searchable too."""
    assert lire(base_trois, "SELECT rowid FROM livrables_fts WHERE livrables_fts MATCH 'evaluation'")
    assert lire(base_trois, "SELECT c.type FROM changements_fts JOIN changements c ON c.id = changements_fts.rowid "
                            "WHERE changements_fts MATCH 'reportee'")


def test_deterministe_et_atomique(tmp_path: Path) -> None:
    plans = [plan(p) for p in trois_editions()]
    suivi = suivre(plans)
    assert base_en_octets(plans, suivi, []) == base_en_octets(plans, suivi, [])
    cible = tmp_path / "pamam.sqlite"
    cible.write_bytes(b"ancienne base")
    ecrire_base(cible, plans, suivi, [])
    assert cible.read_bytes()[:16] == b"SQLite format 3\x00"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pamam.sqlite"]  # no temporary left behind
    # A failure while building leaves the previous file as it was.
    cible.write_bytes(b"ancienne base")
    with pytest.raises(AttributeError):
        ecrire_base(cible, plans, None, [])  # type: ignore[arg-type]
    assert cible.read_bytes() == b"ancienne base"
