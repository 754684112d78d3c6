"""Links to the PDF pages, and overdue livrables in words: what the reports and the page share.

A reader who doubts a row wants the page of the PDF it comes from. PDF viewers in browsers
(Chromium's, Firefox's pdf.js) open ``fichier.pdf#page=N`` at that page (RFC 8118), so each
report links every element to its page with a path *relative to the report*: the folder
can be copied or zipped as a whole and the links still work.

Where the PDFs are is a convention of the project's layout, not something a plan knows: a
plan only records its file name (``document.source.fichier``). The batch writes into
``sorties/`` and reads ``sources/`` beside it, so ``sorties/changements/A__B/changements.html``
links ``../../../sources/pamam-2024-11.pdf#page=3`` and ``sorties/index.html`` links
``../sources/pamam-2024-11.pdf#page=3`` (``sources_voisines``). ``pamam compare`` takes
``sources/`` in the current folder, which is the same place when it runs from the project.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from normalisation.modele import Livrable, Plan

#: The folder of the PDFs, by default: ``sources/`` (relative to the current folder).
SOURCES_DEFAUT = Path("sources")


def sources_voisines(sortie: Path) -> Path:
    """The project's ``sources/`` for an output folder: its sibling (``sorties/`` → ``sources/``)."""
    return Path(sortie).parent / "sources"


def chemin_relatif(cible: Path, depuis: Path) -> str:
    """``cible`` as a URL path relative to the folder ``depuis`` (both may be relative to the cwd)."""
    rel = os.path.relpath(os.path.abspath(cible), os.path.abspath(depuis))
    return quote(Path(rel).as_posix())


@dataclass(frozen=True)
class LiensPdf:
    """Each edition's PDF as seen from one page (version → relative URL, without the fragment)."""

    pdfs: dict[str, str]

    @classmethod
    def depuis(cls, plans: Iterable[Plan], page: Path, sources: Path | None = None) -> LiensPdf:
        """The links from a document written in folder ``page`` to the PDFs in ``sources``."""
        sources = SOURCES_DEFAUT if sources is None else Path(sources)
        pdfs = {}
        for p in plans:
            src = p.document.source
            if src is not None and src.fichier:
                pdfs[p.version] = chemin_relatif(sources / src.fichier, page)
        return cls(pdfs)

    def pdf(self, version: str | None) -> str | None:
        return self.pdfs.get(version or "")

    def lien(self, version: str | None, page: int | None) -> str | None:
        """``…/fichier.pdf#page=N`` (the whole file when the page is unknown), or None without a PDF."""
        pdf = self.pdf(version)
        if pdf is None:
            return None
        return f"{pdf}#page={page}" if page else pdf


def aucun_lien() -> LiensPdf:
    return LiensPdf({})


# --- overdue livrables -----------------------------------------------------------------------


@dataclass(frozen=True)
class Retard:
    """An overdue livrable of an edition and by how many days (publication − end of window)."""

    livrable: Livrable
    jours: int


def retards(plan: Plan) -> list[Retard]:
    """The edition's overdue livrables (``Echeance.en_retard``), most overdue first, then in document order."""
    pub = plan.publication
    sortie = []
    for li in plan.livrables:
        e = li.echeance
        if e.en_retard:
            jours = (pub - e.fin).days if pub and e.fin else 0
            sortie.append(Retard(li, jours))
    return sorted(sortie, key=lambda r: (-r.jours, r.livrable.ordre))


def duree_en_mots(jours: int) -> str:
    """A number of days as a reader says it: "12 jours", "environ 10 mois", "environ 1 an et 2 mois"."""
    if jours < 45:
        return f"{jours} jour{'s' if jours > 1 else ''}"
    mois = round(jours / (365.25 / 12))
    if mois < 12:
        return f"environ {mois} mois"
    ans, reste = divmod(mois, 12)
    texte = f"environ {ans} an{'s' if ans > 1 else ''}"
    return texte + (f" et {reste} mois" if reste else "")
