"""Stage 1: the lean character path must give exactly pdfplumber's own words.

``mise_en_page`` fills pdfplumber's object cache itself for speed; this test is the
guard that a pdfplumber upgrade did not change what that cache must hold.
"""

from __future__ import annotations

import pdfplumber
import pytest

from conftest import FIXTURES, SOURCES
from extraction import mise_en_page


@pytest.mark.parametrize("chemin", [SOURCES / "pamam-2023-11.pdf", FIXTURES / "variantes" / "ligatures.pdf",
                                    FIXTURES / "variantes" / "navigateur.pdf"], ids=lambda p: p.stem)
def test_chemin_rapide_identique_a_pdfplumber(chemin, monkeypatch) -> None:
    with pdfplumber.open(chemin) as pdf:
        rapides = [mise_en_page.lire_page(p) for p in pdf.pages]
    monkeypatch.setattr(mise_en_page, "_preparer", lambda page: None)
    with pdfplumber.open(chemin) as pdf:
        ordinaires = [mise_en_page.lire_page(p) for p in pdf.pages]
    assert [p.mots for p in rapides] == [p.mots for p in ordinaires]
    assert [p.segments for p in rapides] == [p.segments for p in ordinaires]
    assert sum(len(p.mots) for p in rapides) > 100


ORDINAIRES = [SOURCES / "pamam-2023-11.pdf", SOURCES / "pamam-2024-11.pdf",
              *(FIXTURES / "variantes" / f"{n}.pdf" for n in ("ligatures", "navigateur", "pivotee-90")),
              *(FIXTURES / "producteurs" / f"{n}.pdf"
                for n in ("docx-cellules-continuees", "html-gouttieres", "canevas-courants-dans-colonnes"))]


@pytest.mark.parametrize("chemin", ORDINAIRES, ids=lambda p: p.stem)
def test_memes_mots_que_pdfplumber_quand_le_texte_a_ses_espaces(chemin) -> None:
    """Words are built from glyph geometry (gaps relative to the type size, lines by band,
    order-free) rather than with pdfplumber's ``extract_words``; on a text layer that has
    its space characters — most producers — both must give exactly the same words, boxes,
    sizes and fonts. A difference here is a change of reading on ordinary documents."""
    with pdfplumber.open(chemin) as pdf:
        for page in pdf.pages:
            mise_en_page._preparer(page)
            mots, lecture = mise_en_page.construire_mots(page.chars)
            ref = [w for w in page.extract_words(x_tolerance=3, y_tolerance=3, extra_attrs=["size", "fontname"])
                   if w["text"].strip() and w["upright"]]
            assert sorted((m.texte, m.x0, m.top, m.x1, m.bottom, m.taille, m.police) for m in mots) == sorted(
                (w["text"], w["x0"], w["top"], w["x1"], w["bottom"], w["size"], w["fontname"]) for w in ref), page
            assert not lecture.sans_espaces and lecture.doute is None
