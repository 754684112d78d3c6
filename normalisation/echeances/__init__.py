"""French deadline phrases ("Hiver 2026", "Automne 2025 et plus", "Chaque fin d’année")
normalised to the contract's ECHEANCE (``Echeance``).

Importing this package is cheap: the vocabulary is read and the patterns compiled on the
first call, once per process; no date library or language model is loaded. The contract's
vocabulary (``CLES``, ``STATUTS``, ``PRECISIONS``…) comes from ``contrat``, which imports
nothing else; the engine (``normaliser``, ``Conventions``) is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .contrat import CLES, PRECISIONS, STATUT, STATUTS, STATUTS_SANS_RETARD, TABLE_STATUTS, Echeance, Jalon, Statut

if TYPE_CHECKING:
    from .fenetres import Conventions
    from .moteur import expliquer, normaliser

__all__ = [
    "CLES", "PRECISIONS", "STATUT", "STATUTS", "STATUTS_SANS_RETARD", "TABLE_STATUTS", "Conventions", "Echeance",
    "Jalon", "Statut", "expliquer", "normaliser",
]


def __getattr__(nom: str) -> Any:
    if nom == "Conventions":
        from .fenetres import Conventions

        return Conventions
    if nom == "normaliser":
        from .moteur import normaliser

        return normaliser
    if nom == "expliquer":
        from .moteur import expliquer

        return expliquer
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
