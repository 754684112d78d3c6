"""What changed between two editions of the PAMAM synoptic table.

Editions are renumbered, reworded and reshuffled from one year to the next, so the
comparison first pairs the elements of both editions by their content (``appariement``)
and only then lists the differences of each pair (``changements``), in the contract's
``changements.json`` shape.

The matching pulls in rapidfuzz: ``Appariement``, ``apparier`` and ``comparer`` are loaded
on first use, so that importing the change vocabulary (``pamam.comparaison.types``) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pamam.comparaison.types import TYPES

if TYPE_CHECKING:
    from pamam.comparaison.appariement import Appariement, apparier
    from pamam.comparaison.changements import comparer

__all__ = ["TYPES", "Appariement", "apparier", "comparer"]


def __getattr__(nom: str) -> Any:
    if nom in ("Appariement", "apparier"):
        from pamam.comparaison import appariement

        return getattr(appariement, nom)
    if nom == "comparer":
        from pamam.comparaison.changements import comparer

        return comparer
    raise AttributeError(f"module {__name__!r} has no attribute {nom!r}")
