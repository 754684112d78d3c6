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
