"""``sorties/pamam.sqlite``: the editions, livrables, changes and follow-up in one SQL database.

Analysts who know SQL (or open the file in Datasette, DB Browser for SQLite, DBeaver, R's
``DBI``) ask their questions across editions in one query instead of joining CSV files.
The tables are written from the same rows and the same ``Colonne`` definitions as the CSV
files, so a column means the same everywhere:

- ``editions`` (one row per edition, ``EDITIONS``);
- ``suivi`` (one row per followed livrable, ``SUIVI``, as ``suivi.csv``);
- ``livrables`` (every livrable of every edition: ``historique.csv``'s identifier and change
  types with every column of ``livrables.csv``; the table's extra columns, if any, as a JSON
  object in ``colonnes_supplementaires``), and the view ``historique`` (``historique.csv``);
- ``changements`` (every change of every consecutive pair, ``changements.csv`` with the two
  editions).

Foreign keys tie livrables, changes and follow-up to their editions and livrables to their
follow-up row; indexes serve the usual look-ups (an edition's measure, an identifier, a
statut, a deadline, a change type); FTS5 tables (``livrables_fts``, ``changements_fts``,
external content, accents folded) give full-text search over the texts. Values are
SQLite's: dates as ISO text (``date()`` and comparisons work on them), booleans as 0/1,
measure numbers as text ("1.10" stays "1.10"); an empty CSV cell is NULL. Each column's
meaning is written beside it in the schema (``.schema livrables`` shows it).

Standard library only (``sqlite3``): the whole database is a few hundred rows, built in
memory and written in one atomic rename; sqlite-utils would add a pipeline dependency to
save a few lines of DDL. The bytes are deterministic for one SQLite version (no timestamp
is stored; the header records the library's version), which is why the staleness test
compares the database's content, not its bytes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from normalisation.modele import Plan
from pamam.ecriture.colonnes import (
    CHANGEMENTS,
    EDITIONS,
    EDITIONS_COMPAREES,
    HISTORIQUE,
    LIVRABLES_SUIVIS,
    SUIVI,
    Colonne,
)
from pamam.fichiers import PREFIXE_TEMPORAIRE, ecrire_atomique
from pamam.historique import Suivi

#: Version of the database's layout (``PRAGMA user_version``), raised when a table changes.
VERSION_SCHEMA = 1

#: Columns of the ``livrables`` table: historique.csv's identifier, livrables.csv's columns,
#: the change types, the extra columns of the synoptic table (JSON).
LIVRABLES_SQL: tuple[Colonne, ...] = (
    *LIVRABLES_SUIVIS,
    Colonne("colonnes_supplementaires", "string", "Colonnes supplémentaires",
            "Colonnes du tableau au-delà des quatre connues, en objet JSON {en-tête: valeur} ; vide s’il n’y en a pas.",
            lambda r: json.dumps(r.livrable.colonnes_supplementaires, ensure_ascii=False, sort_keys=True)
            if r.livrable.colonnes_supplementaires else None),
)

#: Columns of the ``changements`` table: the two editions compared, then changements.csv's.
CHANGEMENTS_SQL: tuple[Colonne, ...] = (*EDITIONS_COMPAREES, *CHANGEMENTS)

#: Full-text search: (FTS table, content table, indexed columns).
RECHERCHES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("livrables_fts", "livrables",
     ("livrable", "mesure_titre", "action_titre", "section_titre", "objectif", "echeancier", "condition")),
    ("changements_fts", "changements", ("avant", "apres", "details")),
)

#: Secondary indexes: (name, table, columns).
INDEX: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("livrables_mesure", "livrables", ("version", "mesure", "livrable_no")),
    ("livrables_identifiant", "livrables", ("identifiant",)),
    ("livrables_statut", "livrables", ("statut",)),
    ("livrables_fin", "livrables", ("fin",)),
    ("changements_lieu", "changements", ("edition_apres", "mesure", "livrable_no")),
    ("changements_type", "changements", ("type",)),
    ("suivi_mesure", "suivi", ("mesure", "livrable_no")),
)

_TYPES_SQL = {"string": "TEXT", "integer": "INTEGER", "date": "TEXT", "boolean": "INTEGER"}


def _id(nom: str) -> str:
    """An SQL identifier, quoted (``action`` and ``condition`` are words SQL knows)."""
    return '"' + nom.replace('"', '""') + '"'


def _texte(v: str) -> str:
    return "'" + v.replace("'", "''") + "'"


def definition(c: Colonne) -> str:
    """The column's DDL: type, the checks its type and vocabulary imply, its meaning as a comment."""
    nom = _id(c.nom)
    morceaux = [nom, _TYPES_SQL[c.type]]
    if c.type == "date":
        morceaux.append(f"CHECK (date({nom}) IS {nom})")  # NULL, or an ISO date (date() of anything else is NULL)
    elif c.type == "boolean":
        morceaux.append(f"NOT NULL CHECK ({nom} IN (0, 1))")
    if c.enum:
        morceaux.append(f"CHECK ({nom} IS NULL OR {nom} IN ({', '.join(_texte(v) for v in c.enum)}))")
    return " ".join(morceaux)


def _table(nom: str, colonnes: Sequence[Colonne], avant: Sequence[str] = (), apres: Sequence[str] = (),
           references: dict[str, str] | None = None, requis: Iterable[str] = ()) -> str:
    """CREATE TABLE with one line per column (each followed by its description as an SQL comment)."""
    references = references or {}
    requis = set(requis)
    lignes = [*avant]
    commentaires = ["" for _ in avant]
    for c in colonnes:
        d = definition(c)
        if c.nom in requis:
            d += " NOT NULL"
        if c.nom in references:
            d += f" REFERENCES {references[c.nom]}"
        lignes.append(d)
        commentaires.append(f" -- {c.titre} : {c.description}".replace("\n", " "))
    lignes += apres
    commentaires += ["" for _ in apres]
    corps = []
    for k, (ligne, commentaire) in enumerate(zip(lignes, commentaires, strict=True)):
        virgule = "," if k < len(lignes) - 1 else ""
        corps.append(f"  {ligne}{virgule}{commentaire}")
    return f"CREATE TABLE {_id(nom)} (\n" + "\n".join(corps) + "\n)"


def schema() -> list[str]:
    """Every statement that creates the database's tables, indexes, view and search tables."""
    editions = "editions(version)"
    instructions = [
        _table("editions", EDITIONS, apres=["PRIMARY KEY (version)"], requis=["version"]),
        _table("suivi", SUIVI, apres=["PRIMARY KEY (identifiant)"],
               references={"premiere_edition": editions, "derniere_edition": editions, "retire_dans": editions},
               requis=["identifiant", "premiere_edition", "derniere_edition"]),
        _table("livrables", LIVRABLES_SQL, avant=["id INTEGER PRIMARY KEY"],
               apres=["UNIQUE (version, identifiant)"],
               references={"identifiant": "suivi(identifiant)", "version": editions},
               requis=["identifiant", "version"]),
        _table("changements", CHANGEMENTS_SQL, avant=["id INTEGER PRIMARY KEY"],
               references={"edition_avant": editions, "edition_apres": editions},
               requis=["edition_avant", "edition_apres", "type"]),
    ]
    for nom, table, colonnes in INDEX:
        instructions.append(f"CREATE INDEX {_id(nom)} ON {_id(table)} ({', '.join(_id(c) for c in colonnes)})")
    noms = ", ".join(_id(c.nom) for c in HISTORIQUE)
    instructions.append(f"CREATE VIEW historique AS SELECT {noms} FROM livrables ORDER BY version, id")
    for fts, table, colonnes in RECHERCHES:
        # content="table" (double quotes) is the spelling Datasette looks for to offer search on the table.
        instructions.append(
            f"CREATE VIRTUAL TABLE {_id(fts)} USING fts5({', '.join(_id(c) for c in colonnes)}, "
            f"content=\"{table}\", content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
    return instructions


def valeur_sql(v: Any) -> Any:
    """A row value as SQLite stores it: ISO text for dates, 0/1 for booleans, NULL for empty text."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def _inserer(con: sqlite3.Connection, table: str, colonnes: Sequence[Colonne], objets: Iterable[Any]) -> None:
    noms = ", ".join(_id(c.nom) for c in colonnes)
    trous = ", ".join("?" for _ in colonnes)
    con.executemany(f"INSERT INTO {_id(table)} ({noms}) VALUES ({trous})",
                    ([valeur_sql(c.valeur(o)) for c in colonnes] for o in objets))


def remplir(con: sqlite3.Connection, plans: Sequence[Plan], suivi: Suivi,
            resultats: Sequence[dict[str, Any]]) -> None:
    """Create the schema in ``con`` and insert every row (one transaction; foreign keys checked)."""
    con.execute("PRAGMA foreign_keys = ON")
    con.execute(f"PRAGMA user_version = {VERSION_SCHEMA}")
    with con:
        for instruction in schema():
            con.execute(instruction)
        _inserer(con, "editions", EDITIONS, sorted(plans, key=lambda p: p.version))
        _inserer(con, "suivi", SUIVI, suivi.lignes())
        _inserer(con, "livrables", LIVRABLES_SQL, suivi.historique)
        changements = [
            {"edition_avant": r.get("avant"), "edition_apres": r.get("apres"), **c}
            for r in resultats
            for c in r.get("changements", [])
        ]
        _inserer(con, "changements", CHANGEMENTS_SQL, changements)
        for fts, *_ in RECHERCHES:
            con.execute(f"INSERT INTO {_id(fts)}({_id(fts)}) VALUES ('rebuild')")
    fautes = con.execute("PRAGMA foreign_key_check").fetchall()
    if fautes:
        raise ValueError(f"pamam.sqlite : clés étrangères rompues {fautes[:3]}")


def base_en_octets(plans: Sequence[Plan], suivi: Suivi, resultats: Sequence[dict[str, Any]]) -> bytes:
    """The whole database, built in memory, compacted, as the bytes of a file."""
    con = sqlite3.connect(":memory:")
    try:
        remplir(con, plans, suivi, resultats)
        con.execute("VACUUM")
        if hasattr(con, "serialize"):
            return con.serialize()
        return _par_fichier(con)  # pragma: no cover — SQLite built without serialisation
    finally:
        con.close()


def _par_fichier(con: sqlite3.Connection) -> bytes:
    fd, tmp = tempfile.mkstemp(prefix=PREFIXE_TEMPORAIRE)
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        con.backup(dest)
        dest.close()
        return Path(tmp).read_bytes()
    finally:
        Path(tmp).unlink(missing_ok=True)


def ecrire_base(cible: Path, plans: Sequence[Plan], suivi: Suivi, resultats: Sequence[dict[str, Any]]) -> Path:
    """Write ``pamam.sqlite``: built in memory, then one atomic rename (a reader never sees half of it)."""
    cible = Path(cible)
    ecrire_atomique(cible, base_en_octets(plans, suivi, resultats))
    return cible
