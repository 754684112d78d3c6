"""The contract's ECHEANCE vocabulary: its keys, its closed lists of statuts and precisions.

Standard library only and free of any grammar, so that code which merely names these
values (``pamam resume``, the data package descriptor, the schema tests) can import them
without loading the deadline engine; ``normalisation.echeances`` re-exports them.
"""

from __future__ import annotations

from typing import Any

STATUTS = (
    "realise",
    "realise_en_continu",
    "en_continu",
    "en_cours",
    "planifie",
    "conditionnel",
    "recurrent",
    "reporte",
    "abandonne",
    "indetermine",
)
PRECISIONS = ("jour", "mois", "saison", "trimestre", "semestre", "annee", "exercice", "periode")
CLES = (
    "texte",
    "statut",
    "debut",
    "fin",
    "precision",
    "ouvert",
    "condition",
    "recurrence",
    "jalons",
    "edtf",
    "non_reconnu",
    "en_retard",
)
# Statuts for which a window in the past is not a delay: done, ongoing, postponed, repeating, dropped.
STATUTS_SANS_RETARD = frozenset(
    {"realise", "realise_en_continu", "en_continu", "en_cours", "reporte", "recurrent", "abandonne"}
)


def non_reconnu(texte: str) -> dict[str, Any]:
    """The answer for a phrase no rule understood: no date, nothing guessed."""
    return {
        "texte": texte,
        "statut": "indetermine",
        "debut": None,
        "fin": None,
        "precision": None,
        "ouvert": False,
        "condition": None,
        "recurrence": None,
        "jalons": [],
        "edtf": None,
        "non_reconnu": True,
        "en_retard": False,
    }
