"""Staged reading of a PAMAM PDF edition into a raw plan.

Stages, each a module with one job and a typed output (``modele``):

1. ``document``     — open and validate the file (path, PDF, encryption, pages, sha256);
2. ``mise_en_page`` — page layout: words with geometry, ruling segments (lines and
   rectangle edges), read once per page; ``ocr`` gives the same for pages without text;
3. ``grille``       — table grids (ruled or aligned on gutters), chosen per page by a
   quality score, never by file name or producer; running heads and footers are set
   aside first (``marges``);
4. ``hierarchie``   — sections, objectives, actions, measures and livrables, spanned cells
   given to every row they cover, rows stitched across pages;
5. ``metadonnees``  — the cover's title and edition label.

``lire_plan`` runs them in order (``suivi`` lets a caller time them or show progress);
texts come out joined but not yet cleaned, and échéanciers as printed: the
``normalisation`` package takes it from there. Every reason a document cannot be read is
an ``erreurs.ErreurDocument``.
"""

from extraction.erreurs import ErreurDocument
from extraction.lecture import lire_plan
from extraction.modele import PlanBrut

__all__ = ["ErreurDocument", "PlanBrut", "lire_plan"]
