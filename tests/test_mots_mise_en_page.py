"""Word building and genre vocabulary for desktop-published layouts, on made-up glyphs.

Why: ``test_mise_en_page.py`` checks whole documents; these pin each rule down where it
is decided, with the cases it must leave alone (a raised call, lower-case small text, a
list bullet, a title that merely starts with a number).
"""

from __future__ import annotations

from typing import Any

import pytest

from extraction.grille.entete import numeros_sans_etiquette
from extraction.mise_en_page import construire_mots
from extraction.vocabulaire import est_etiquette_objectif, motif


def glyphes(texte: str, x: float, bas: float, taille: float, avance: float | None = None) -> list[dict[str, Any]]:
    """One glyph a character, set left to right on the baseline ``bas`` (box bottom)."""
    pas = avance if avance is not None else 0.6 * taille
    out = []
    for k, car in enumerate(texte):
        x0 = x + k * pas
        out.append({"text": car, "x0": x0, "x1": x0 + pas, "top": bas - taille, "bottom": bas, "upright": True,
                    "size": taille, "fontname": "Sans"})
    return out


def textes(caracteres: list[dict[str, Any]]) -> list[str]:
    return [m.texte for m in construire_mots(caracteres)[0]]


def test_petites_capitales_collees_a_leur_initiale() -> None:
    """'M' at 9 pt then 'ESURE' at 6.5 pt on its baseline: one word, of the initial's size."""
    cars = glyphes("M", 10, 100, 9) + glyphes("ESURE", 10 + 5.4, 99.6, 6.5, 3.9)
    cars += glyphes("1.1", 10 + 5.4 + 5 * 3.9 + 2.5, 100, 9)
    mots = construire_mots(cars)[0]
    assert [m.texte for m in mots] == ["MESURE", "1.1"]
    assert mots[0].taille == 9


def test_petites_capitales_au_milieu_d_un_mot() -> None:
    """'L' small, '’U' full size, 'NION' small: one word."""
    cars = glyphes("L", 10, 99.6, 6.5, 3.9) + glyphes("’U", 13.9, 100, 9, 5.4) + glyphes("NION", 24.7, 99.6, 6.5, 3.9)
    assert textes(cars) == ["L’UNION"]


def test_texte_plus_petit_en_minuscules_reste_a_part() -> None:
    """Smaller lower-case text touching a capital is no small caps (a note, a running head)."""
    cars = glyphes("M", 10, 100, 9) + glyphes("esure", 15.4, 99.6, 6.5, 3.9)
    assert textes(cars) == ["M", "esure"]


def test_petites_capitales_hors_de_la_ligne_de_base() -> None:
    """Raised small capitals (an ordinal, a call) are not glued as small caps would be."""
    cars = glyphes("M", 10, 100, 9) + glyphes("ESURE", 15.4, 96.5, 6.5, 3.9)
    assert textes(cars) != ["MESURE"]


@pytest.mark.parametrize(("icone", "garde"), [("◷", False), ("☎", False), ("●", True), ("■", True)])
def test_pictogrammes(icone: str, garde: bool) -> None:
    """An icon glyph before an échéancier carries no text; a list bullet of the vocabulary stays."""
    cars = glyphes(icone, 10, 100, 9) + glyphes("Hiver", 10 + 5.4 + 2.7, 100, 9)
    assert (icone in textes(cars)) is garde
    assert "Hiver" in textes(cars)


@pytest.mark.parametrize(("texte", "vrai"), [("Objectif", True), ("OBJECTIF :", True), ("Objectifs", True),
                                             ("Objectif de la mesure", False), ("Afin de soutenir", False)])
def test_etiquette_d_objectif(texte: str, vrai: bool) -> None:
    assert est_etiquette_objectif(texte) is vrai


def test_etiquette_action_sans_signe() -> None:
    """'ACTION 1' over a title opens action 1; a bare '1 Titre' still needs its sign."""
    lu = motif("action").match("ACTION 1 Améliorer le suivi")
    assert lu and lu["numero"] == "1" and lu["titre"] == "Améliorer le suivi"
    assert motif("action").match("1 Améliorer le suivi") is None
    assert motif("action").match("1. Améliorer le suivi")["numero"] == "1"


def test_numero_d_une_etiquette_n_ouvre_pas_de_colonne() -> None:
    """'ACTION 1' label lines stacked in the action column make no numbering column."""
    from extraction.grille.entete import CelluleEntete, Entete
    from extraction.lignes import grouper_en_lignes

    cellules = [CelluleEntete("ACTION", "action", 10, 40), CelluleEntete("MISE EN ŒUVRE", "mesure", 150, 200),
                CelluleEntete("LIVRABLE", "livrable", 300, 340)]
    entete = Entete(0, 10, cellules, [])
    corps = []
    for k, bas in enumerate((40, 90, 140)):
        cars = glyphes("ACTION", 10, bas, 9) + glyphes(str(k + 1), 10 + 6 * 5.4 + 2.5, bas, 9)
        corps += grouper_en_lignes(construire_mots(cars)[0])
    numeros_sans_etiquette(entete, corps)
    assert [c.role for c in entete.cellules] == ["action", "mesure", "livrable"]
