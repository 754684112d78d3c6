"""What changed between two editions of the PAMAM synoptic table.

Editions are renumbered, reworded and reshuffled from one year to the next, so the
comparison first pairs the elements of both editions by their content (``appariement``)
and only then lists the differences of each pair (``changements``), in the contract's
``changements.json`` shape.
"""

from pamam.comparaison.appariement import Appariement, apparier
from pamam.comparaison.changements import TYPES, comparer

__all__ = ["TYPES", "Appariement", "apparier", "comparer"]
