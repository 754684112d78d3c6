"""``pamam.charger("sorties")``: the output folder as typed pandas DataFrames.

``pd.read_csv`` guesses, and guesses wrong for this data: measure "1.10" becomes the number
1.1, "2023-12-20" stays text, "true" stays text, a statut is a string that sorts
alphabetically. Here every column is typed from its ``Colonne`` (the definitions the CSV
files were written from): text as pandas' ``string`` dtype (measure numbers included),
dates as ``datetime64``, integers as nullable ``Int64``, booleans as ``bool`` (nullable
``boolean`` if a cell is empty), and closed vocabularies (statut, precision, change type)
as ordered categoricals in the contract's order (``STATUTS``: "realise" < "planifie" …).

pandas is an optional extra (``pip install 'pamam[pandas]'``) imported only here, when
``charger`` runs, so that ``import pamam`` and the pipeline stay light.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pamam.ecriture.colonnes import (
    CHANGEMENTS,
    EDITIONS_COMPAREES,
    HISTORIQUE,
    LIVRABLES,
    SUIVI,
    Colonne,
)

if TYPE_CHECKING:
    import pandas as pd

_EDITION = re.compile(r"^\d{4}-\d{2}$")
_PAIRE = re.compile(r"^(\d{4}-\d{2})__(\d{4}-\d{2})$")


@dataclass(frozen=True)
class Tables:
    """The output folder's tables, typed: one attribute per table."""

    livrables: pd.DataFrame  # every edition's livrables.csv, oldest edition first
    historique: pd.DataFrame  # historique.csv
    changements: pd.DataFrame  # every changements.csv, with edition_avant and edition_apres first
    suivi: pd.DataFrame  # suivi.csv

    def __repr__(self) -> str:
        tailles = ", ".join(f"{n}={len(getattr(self, n))} lignes" for n in ("livrables", "historique", "changements",
                                                                            "suivi"))
        return f"Tables({tailles})"


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            "pamam.charger demande pandas : pip install 'pamam[pandas]' (ou pip install 'pandas>=2.2')"
        ) from None
    return pd


def dtype(c: Colonne) -> Any:
    """The pandas dtype a column is read into."""
    pd = _pandas()
    if c.enum is not None:
        return pd.CategoricalDtype(list(c.enum), ordered=True)
    return {"string": pd.StringDtype(), "integer": pd.Int64Dtype(), "date": "datetime64[ns]",
            "boolean": pd.BooleanDtype()}[c.type]


def typer(brut: pd.DataFrame, colonnes: Iterable[Colonne]) -> pd.DataFrame:
    """A frame of raw CSV cells (every cell text, "" for missing) with each column typed.

    Columns not in ``colonnes`` (a table's extra columns) are text.
    """
    pd = _pandas()
    par_nom = {c.nom: c for c in colonnes}
    sortie = {}
    for nom in brut.columns:
        cellules = brut[nom].astype(object).where(brut[nom] != "", None)
        c = par_nom.get(nom)
        if c is None or c.type == "string" and c.enum is None:
            sortie[nom] = cellules.astype(pd.StringDtype())
        elif c.enum is not None:
            inconnues = sorted({v for v in cellules.dropna() if v not in c.enum})
            if inconnues:
                raise ValueError(f"colonne {nom} : valeurs hors du vocabulaire {inconnues[:5]}")
            sortie[nom] = cellules.astype(dtype(c))
        elif c.type == "integer":
            sortie[nom] = pd.to_numeric(cellules).astype(pd.Int64Dtype())
        elif c.type == "date":
            sortie[nom] = pd.to_datetime(cellules, format="%Y-%m-%d").astype("datetime64[ns]")
        elif c.type == "boolean":
            valeurs = cellules.map({"true": True, "false": False, None: None})
            sortie[nom] = valeurs.astype(bool) if valeurs.notna().all() else valeurs.astype(pd.BooleanDtype())
        else:  # pragma: no cover — every Table Schema type used is handled above
            raise ValueError(f"type de colonne inconnu : {c.type}")
    return pd.DataFrame(sortie, index=brut.index)


def vide(colonnes: Sequence[Colonne]) -> pd.DataFrame:
    """An empty frame with these columns and their dtypes (a table with no row yet)."""
    pd = _pandas()
    return pd.DataFrame({c.nom: pd.Series([], dtype=dtype(c)) for c in colonnes})


def lire_csv(chemin: Path, colonnes: Sequence[Colonne]) -> pd.DataFrame:
    """One CSV written by pamam, typed."""
    pd = _pandas()
    brut = pd.read_csv(chemin, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    return typer(brut, colonnes)


def _concatener(morceaux: list[pd.DataFrame], colonnes: Sequence[Colonne]) -> pd.DataFrame:
    pd = _pandas()
    if not morceaux:
        return vide(colonnes)
    return pd.concat(morceaux, ignore_index=True)


def charger(dossier: Path | str = "sorties") -> Tables:
    """The tables of an output folder (``make extract``'s ``sorties/``) as typed DataFrames."""
    pd = _pandas()
    dossier = Path(dossier)
    for requis in ("historique.csv", "suivi.csv"):
        if not (dossier / requis).is_file():
            raise FileNotFoundError(f"{dossier / requis} : introuvable (lancez « make extract » ou « pamam lot »)")
    editions = sorted(p for p in dossier.iterdir() if p.is_dir() and _EDITION.match(p.name)
                      and (p / "livrables.csv").is_file())
    livrables = _concatener([lire_csv(p / "livrables.csv", LIVRABLES) for p in editions], LIVRABLES)
    # Extra columns of some editions only: text, missing elsewhere (not NaN floats).
    for nom in livrables.columns:
        if nom not in {c.nom for c in LIVRABLES}:
            livrables[nom] = livrables[nom].astype(pd.StringDtype())
    morceaux = []
    paires = sorted(p for p in (dossier / "changements").glob("*") if _PAIRE.match(p.name)) \
        if (dossier / "changements").is_dir() else []
    for p in paires:
        chemin = p / "changements.csv"
        if not chemin.is_file():
            continue
        m = _PAIRE.match(p.name)
        assert m is not None
        df = lire_csv(chemin, CHANGEMENTS)
        df.insert(0, "edition_apres", pd.Series([m.group(2)] * len(df), dtype=pd.StringDtype(), index=df.index))
        df.insert(0, "edition_avant", pd.Series([m.group(1)] * len(df), dtype=pd.StringDtype(), index=df.index))
        morceaux.append(df)
    changements = _concatener(morceaux, (*EDITIONS_COMPAREES, *CHANGEMENTS))
    return Tables(
        livrables=livrables,
        historique=lire_csv(dossier / "historique.csv", HISTORIQUE),
        changements=changements,
        suivi=lire_csv(dossier / "suivi.csv", SUIVI),
    )
