"""Staged reading of a PAMAM PDF edition into a raw plan.

Stages, each a module with one job and a plain-data output:

1. ``document``     — open and validate the file (path, PDF, encryption, pages, sha256);
2. ``mise_en_page`` — page layout: words with geometry, ruling segments (lines and
   rectangle edges), read once per page;
3. ``grille``       — table grids (ruled, text-aligned or camelot fallback), chosen per
   page by a quality score, never by file name or producer;
4. ``hierarchie``   — sections, objectives, actions, measures and livrables, spanned cells
   given to every row they cover, rows stitched across pages;
5. ``metadonnees``  — edition metadata from the cover.

``lire_plan`` runs them in order; texts come out joined but not yet cleaned, and
échéanciers as printed: the ``normalisation`` package takes it from there.
"""

from extraction.lecture import lire_plan

__all__ = ["lire_plan"]
