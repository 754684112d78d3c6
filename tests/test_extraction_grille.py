"""Stage: table grids — strategy chosen by quality, same rows with or without rulings."""

from __future__ import annotations

import dataclasses

import pdfplumber
import pytest

from conftest import FIXTURES, SOURCES, construire, ecarts
from extraction.lecture import analyser_pages
from extraction.mise_en_page import lire_page
from extraction.modele import Grille


def _pages(chemin, sans_reglures: bool = False):
    with pdfplumber.open(chemin) as pdf:
        pages = [lire_page(p) for p in pdf.pages]
    if sans_reglures:
        pages = [dataclasses.replace(p, segments=[]) for p in pages]
    return pages


@pytest.mark.parametrize("sans_reglures, strategie", [(False, "reglee"), (True, "alignement")])
def test_la_strategie_suit_ce_que_la_page_contient(sans_reglures: bool, strategie: str, reference) -> None:
    analysees = analyser_pages(_pages(SOURCES / "pamam-2023-11.pdf", sans_reglures))
    assert {a.strategie for a in analysees} == {strategie}
    sections, _, _ = construire(analysees, 9.0)
    plan = {"sections": sections}
    assert ecarts(plan, reference["2023-11"]) == []


def test_colonnes_et_cellules_fusionnees_d_une_page_reglee() -> None:
    (page1, *_) = analyser_pages(_pages(SOURCES / "pamam-2023-11.pdf")[:1])
    (grille,) = [e for e in page1.elements if isinstance(e, Grille)]
    assert [c.role for c in grille.colonnes] == ["action", "mesure", "livrable", "echeancier"]
    i_act, i_liv = grille.colonne("action"), grille.colonne("livrable")
    actions = [c for c in grille.cellules if c.colonne == i_act and c.lignes]
    livrables = [c for c in grille.cellules if c.colonne == i_liv and c.lignes]
    # Three actions span more rows than they have: their cells are taller.
    assert len(actions) == 3 and len(livrables) > len(actions)
    assert all(any(a.top <= li.top and li.bottom <= a.bottom + 1 for a in actions) for li in livrables)


def test_le_texte_hors_tableau_est_rendu_a_part() -> None:
    (page1,) = analyser_pages(_pages(SOURCES / "pamam-2023-11.pdf")[:1])
    blocs = [e for e in page1.elements if not isinstance(e, Grille)]
    textes = [li.texte for b in blocs for li in b.lignes]
    assert any(t.startswith("A. ") for t in textes)
    assert not any("ACTION" in t for t in textes)


def test_une_page_sans_tableau_ne_donne_aucune_grille() -> None:
    pages = _pages(FIXTURES / "variantes" / "reportlab-paysage.pdf")
    (couverture, *_) = analyser_pages(pages[:1])
    assert not any(isinstance(e, Grille) for e in couverture.elements)


def test_reglures_qui_commencent_sous_un_entete_en_bandeau(reference) -> None:
    """A header set on one shaded band (no column ruling crosses it) over a ruled body:
    the rulings starting right under the header still give the columns."""
    from extraction.modele import Segment

    pages = _pages(SOURCES / "pamam-2023-11.pdf")
    for p in pages:
        bas_entete = min(m.bottom for m in p.mots if m.texte == "LIVRABLE")
        p.segments = [Segment(s.x0, bas_entete + 4.5, s.x1, s.bottom)
                      if not s.horizontal and s.top < bas_entete + 2 else s for s in p.segments]
    analysees = analyser_pages(pages)
    assert {a.strategie for a in analysees} == {"reglee"}
    sections, _, _ = construire(analysees, 9.0)
    assert ecarts({"sections": sections}, reference["2023-11"]) == []
