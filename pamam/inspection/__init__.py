"""Showing the extractor's work: pictures of each page (``pamam inspecte``) and a page to
check an edition against its PDF (``pamam inspecte --verification``).

Why: an analyst who meets an edition that reads wrong needs to see *why* (which zone,
which column, which line was set aside) and to check the rest quickly, without reading
code. Tools of the field show their work the same way (pdfplumber draws its table finder,
camelot plots its grid). Everything here uses what pdfplumber already brings (pypdfium2
renders the pages, Pillow draws): no new heavy dependency, and nothing on the
``extract`` path.

- ``rendu``: page images in the reading orientation, colours and fonts;
- ``dessin``: one PNG per page with zones, gutters, rows, cells by role, set-aside lines
  and a French legend;
- ``verification``: ``verification.html``, each livrable beside the crop of the page it
  came from.
"""
