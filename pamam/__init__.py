"""pamam — rebuilds the PAMAM synoptic table from its PDF editions.

The package holds what comes after reading one edition: the one way in
(``pipeline.extraire_edition``), loading plans (``plans``), the comparison of editions
(``comparaison``), the writers (``ecriture``), the batch over ``sources/`` (``lot``) and
the command line (``cli``, ``commandes``). The staged PDF reading lives in the top-level
``extraction`` package and the text and deadline normalisation, with the plan model, in
``normalisation``, so that data flows one way:
sources → extraction → normalisation → comparaison → sorties.

For analysts in Python, ``pamam.charger("sorties")`` returns the output folder's tables as
typed pandas DataFrames (``pamam.tables``); pandas is imported only then, so ``import pamam``
stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from pamam.tables import Tables

__version__ = "0.2.0"

__all__ = ["__version__", "charger"]


def charger(dossier: Path | str = "sorties") -> Tables:
    """The tables of an output folder as typed DataFrames: ``livrables``, ``historique``,
    ``changements``, ``suivi`` (see ``pamam.tables``; needs pandas: ``pip install 'pamam[pandas]'``)."""
    from pamam.tables import charger as charger_tables

    return charger_tables(dossier)
