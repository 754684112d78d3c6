"""Erosion and dilation of boolean images, the two operations the raster readers share
(numpy only: no image library for two loops)."""

from __future__ import annotations

from typing import Any


def _eroder(masque: Any, rayon: int) -> Any:
    """A boolean image shrunk by ``rayon`` pixels each way (a cross-shaped erosion)."""
    sortie = masque.copy()
    for d in range(1, rayon + 1):
        sortie[d:] &= masque[:-d]
        sortie[:-d] &= masque[d:]
        sortie[:, d:] &= masque[:, :-d]
        sortie[:, :-d] &= masque[:, d:]
    return sortie


def _dilater(masque: Any, rayon: int) -> Any:
    return ~_eroder(~masque, rayon)
