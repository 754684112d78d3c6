"""Where each value came from: every livrable's ``cadres`` lie on their page and hold its words.

Why: an analyst checking a doubtful row opens the PDF where the boxes say; a box off the
page, on the wrong page or around other text would send them astray. Checked on every
rendering of the fixtures (ruled, borderless, centred, rotated pages, rows cut by a page
break) and on the scanned one through OCR, against the words the page layout stage read.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from conftest import FIXTURES, SOURCES
from extraction.modele import PageMiseEnPage
from normalisation.modele import Plan
from pamam.pipeline import Options, extraire_edition

VARIANTES = FIXTURES / "variantes"
DOCUMENTS = sorted(p for p in VARIANTES.glob("*.pdf") if p.stem not in ("scannee", "long-40-pages"))
DOCUMENTS += sorted(SOURCES.glob("*.pdf"))


def _pli(texte: str) -> str:
    t = unicodedata.normalize("NFKD", texte.lower())
    return "".join(c for c in t if c.isalnum())


@cache
def _pages(pdf: Path, ocr: bool) -> dict[int, PageMiseEnPage]:
    import pdfplumber

    from extraction.mise_en_page import lire_pages

    if ocr:
        from extraction.ocr import reconnaitre_pages

        with pdfplumber.open(pdf) as doc:
            n = len(doc.pages)
        return {p.numero: p for p in reconnaitre_pages(pdf.read_bytes(), list(range(1, n + 1)))}
    with pdfplumber.open(pdf) as doc:
        return {p.numero: p for p in lire_pages(doc)}


def _mots_dans(page: PageMiseEnPage, c: object) -> list[str]:
    return [_pli(m.texte) for m in page.mots
            if c.x0 - 1 <= m.centre_x <= c.x1 + 1 and c.top - 1 <= (m.top + m.bottom) / 2 <= c.bottom + 1]


def _verifier(plan: Plan, pages: dict[int, PageMiseEnPage]) -> None:
    assert plan.livrables
    for li in plan.livrables:
        ou = f"{li.mesure.numero}/{li.numero}"
        assert li.cadres, ou
        roles = {c.role for c in li.cadres}
        assert {"livrable", "mesure"} <= roles, (ou, roles)
        for c in li.cadres:
            page = pages[c.page]
            assert 0 <= c.x0 < c.x1 <= page.largeur + 1 and 0 <= c.top < c.bottom <= page.hauteur + 1, (ou, c)
        for role, texte in (("livrable", li.texte), ("echeancier", li.echeance.texte),
                            ("mesure", li.mesure.titre)):
            mots = [w for w in (_pli(x) for x in re.split(r"[\s’'\-–―]+", texte)) if len(w) >= 3]
            if not mots:
                continue
            boites = [c for c in li.cadres if c.role == role]
            assert boites, (ou, role)
            dedans = [w for c in boites for w in _mots_dans(pages[c.page], c)]
            trouves = [w for w in mots if any(w in d or d in w for d in dedans if len(d) >= 3)]
            # Every word of the cell is read inside its boxes (OCR may misread a few letters).
            assert len(trouves) >= 0.8 * len(mots), (ou, role, texte, dedans)


@pytest.mark.parametrize("pdf", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_cadres_des_rendus(pdf: Path) -> None:
    _verifier(extraire_edition(pdf), _pages(pdf, False))


def test_cadres_par_ocr() -> None:
    pdf = VARIANTES / "scannee.pdf"
    _verifier(extraire_edition(pdf, Options(ocr=True)), _pages(pdf, True))


def test_cadres_d_une_cellule_coupee_par_la_page(tmp_path: Path) -> None:
    """A measure cell running onto the next page has one box on each page."""
    plan = extraire_edition(VARIANTES / "ligne-coupee.pdf")
    pages_par_mesure = {m.numero: {c.page for li in m.livrables for c in li.cadres if c.role == "mesure"}
                        for m in plan.mesures}
    assert any(len(p) == 2 for p in pages_par_mesure.values()), pages_par_mesure


def test_cadres_dans_plan_json(sorties_generees: Path) -> None:
    plan = json.loads((sorties_generees / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    li = plan["sections"][0]["actions"][0]["mesures"][0]["livrables"][0]
    assert [c["role"] for c in li["cadres"]] == ["livrable", "echeancier", "mesure", "action"]
    assert set(li["cadres"][0]) == {"role", "page", "x0", "top", "x1", "bottom"}
