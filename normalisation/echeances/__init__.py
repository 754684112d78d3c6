"""French deadline phrases ("Hiver 2026", "Automne 2025 et plus", "Chaque fin d’année")
normalised to the contract's ECHEANCE object.

Importing this package is cheap: the vocabulary is read and the patterns compiled on the
first call, once per process; no date library or language model is loaded.
"""

from .fenetres import Conventions
from .moteur import CLES, PRECISIONS, STATUTS, STATUTS_SANS_RETARD, normaliser

__all__ = ["CLES", "PRECISIONS", "STATUTS", "STATUTS_SANS_RETARD", "Conventions", "normaliser"]
