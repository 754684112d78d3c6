"""Stage by stage: what word processors and browsers print around a synoptic table (issue 10).

Why: ``test_bureautique.py`` checks whole documents; these pin each rule on small hand-made
lines, so that a change that breaks one says which: section headings in a heading style,
table-of-contents entries, the "Objectif :" label, list markers (Word's private-use bullets,
a browser's drawn discs, numbered sub-items), the cover read on its own page, a legend's
title in sentence case, and rows of a table ruled only horizontally.
"""

from __future__ import annotations

from extraction.grille import entree_de_sommaire, est_note, est_titre_section, lire_titre_section
from extraction.grille.alignement import _couper_aux_filets
from extraction.metadonnees import lire_couverture
from extraction.mise_en_page import construire_mots, puces_dessinees
from extraction.modele import Colonne, Ligne, Mot, Segment
from extraction.vocabulaire import puce_en_tete, sans_etiquette_objectif

COLONNES = [Colonne("ACTION", "action", 0, 100), Colonne("MISE EN ŒUVRE", "mesure", 100, 200),
            Colonne("LIVRABLE", "livrable", 200, 300), Colonne("ÉCHÉANCIER", "echeancier", 300, 400)]


def L(texte: str, top: float, x0: float = 5.0, taille: float = 9.0, police: str = "Arial",  # noqa: N802
      hauteur: float | None = None) -> Ligne:
    mots, x = [], x0
    for w in texte.split():
        mots.append(Mot(w, x, x + 0.5 * taille * len(w), top, top + (hauteur or taille), taille, police))
        x += 0.5 * taille * len(w) + 0.28 * taille
    return Ligne(mots)


def test_titres_de_section_en_style_de_titre() -> None:
    """A word naming the level lets the code be a number and the title be in any case."""
    assert lire_titre_section("Axe 2 – Une gestion durable") == ("2", "Une gestion durable", False)
    assert lire_titre_section("Orientation B : Des données partagées") == ("B", "Des données partagées", False)
    assert lire_titre_section("Section A — UN PARTENARIAT (suite)") == ("A", "UN PARTENARIAT", True)
    assert lire_titre_section("2 – Une gestion durable") is None  # a number needs the word


def test_titre_en_minuscules_seulement_gras_et_plus_grand() -> None:
    """"B. Un titre" is a heading only when set both bold and larger (a "Heading 1" style);
    a cell's line "B. Guide …" is neither."""
    assert est_titre_section(L("B. Des services adaptés", 50, taille=13, police="Carlito-Bold"), 9.0)
    assert not est_titre_section(L("B. Des services adaptés", 50, taille=9, police="Carlito-Bold"), 9.0)
    assert not est_titre_section(L("B. Guide des bonnes pratiques", 50, taille=13), 9.0)
    assert est_titre_section(L("B. DES SERVICES ADAPTÉS", 50, taille=9, police="Carlito-Bold"), 9.0)


def test_une_entree_de_sommaire_n_est_pas_un_titre() -> None:
    """A contents entry names a heading and its page: after a dot leader or far to the right."""
    pointillee = L("A. UN PARTENARIAT DYNAMIQUE ........ 3", 80, police="Carlito-Bold")
    assert entree_de_sommaire(pointillee) and not est_titre_section(pointillee, 9.0)
    loin = L("Axe 1 – Un partenariat", 80, taille=11, police="Carlito-Bold")
    loin.mots.append(Mot("3", 500, 505, 80, 91, 11, "Carlito-Bold"))
    assert entree_de_sommaire(loin) and not est_titre_section(loin, 9.0)
    assert not entree_de_sommaire(L("Axe 2 – Les 3", 80, taille=11, police="Carlito-Bold"))


def test_etiquette_de_l_objectif() -> None:
    assert sans_etiquette_objectif("Objectif : Afin de renforcer") == "Afin de renforcer"
    assert sans_etiquette_objectif("OBJECTIF") == ""
    assert sans_etiquette_objectif("Objectifs visés – Afin de") == "Afin de"
    assert sans_etiquette_objectif("Afin de soutenir les objectifs") == "Afin de soutenir les objectifs"


def test_marqueurs_de_liste() -> None:
    """Strong markers always open an item; dashes and numbered sub-items only in a list."""
    assert puce_en_tete("• Laurentides") == (True, False)
    assert puce_en_tete("1) Laurentides") == (False, True)
    assert puce_en_tete("a) Laurentides") == (False, True)
    assert puce_en_tete("– Laurentides") == (False, True)
    assert puce_en_tete("2026-2027") == (False, False)
    assert puce_en_tete("1.1 Créer le bureau") == (False, False)


def test_puce_de_word_en_zone_privee() -> None:
    """Word's Symbol bullet (U+F0B7 in the text layer) reads as the "•" the reader sees."""
    car = {"top": 10.0, "bottom": 19.0, "size": 9.0, "fontname": "Symbol", "upright": True}
    caracteres = [{**car, "text": "\uf0b7", "x0": 10.0, "x1": 14.0}]
    caracteres += [{**car, "text": c, "x0": 20.0 + 5 * k, "x1": 25.0 + 5 * k, "fontname": "Carlito"}
                   for k, c in enumerate("Laval")]
    mots, _ = construire_mots(caracteres)
    assert [m.texte for m in mots] == ["•", "Laval"]


def test_puce_dessinee_par_un_navigateur() -> None:
    """A small filled disc just left of a word is that item's "•"; one under text is not."""
    mot = Mot("Laval", 20, 45, 10, 19, 9.0, "Arial")
    disque = {"x0": 12.0, "x1": 15.0, "top": 13.0, "bottom": 16.0, "object_type": "curve"}
    ajouts = puces_dessinees([disque], [mot])
    assert [(m.texte, m.top) for m in ajouts] == [("•", 10)]
    assert puces_dessinees([{**disque, "x0": 22.0, "x1": 25.0}], [mot]) == []


def test_la_couverture_est_sur_sa_page() -> None:
    """Lines of a contents or introduction page before the first section are no cover."""
    lignes = [L("Plan d’action ministériel", 100, taille=24), L("Synthèse des actions", 140, taille=16),
              L("MARS 2026", 180, taille=12), L("Table des matières", 60, taille=16),
              L("Introduction", 300, taille=16)]
    couv = lire_couverture(lignes)
    assert couv.titre == "Plan d’action ministériel"
    assert couv.sous_titre == "Synthèse des actions"
    assert couv.libelles == ["MARS 2026"]


def test_titre_de_legende_en_minuscules() -> None:
    """"Liste des sigles" as a heading style sets it ends the table like "Sigles" does."""
    assert est_note(L("Liste des sigles", 500), 9.0, COLONNES)
    assert est_note(L("LISTE DES ACRONYMES", 500), 9.0, COLONNES)
    assert est_note(L("Liste des Sigles et acronymes", 500), 9.0, COLONNES)
    assert not est_note(L("Liste des programmes", 500), 9.0, COLONNES)


def test_filets_seuls_separent_les_rangees() -> None:
    """In a table ruled only horizontally with no cell spacing, a ruling crossing the top of
    the next line's box (the font's ascent, no ink) parts two cells; an underline low in a
    line's own box does not."""
    col = COLONNES[2]
    a = L("Bureau de coordination", 329.0, x0=205, hauteur=9.5)
    b = L("Formation des ressources", 340.5, x0=205, hauteur=9.5)
    c = L("offertes aux municipalités", 351.0, x0=205, hauteur=9.5)
    filet = Segment(200, 341.15, 300, 341.15)
    assert _couper_aux_filets([[a, b, c]], col, [filet]) == [[a], [b, c]]
    souligne = Segment(200, 348.5, 300, 348.5)  # under "Formation…", inside its box
    assert _couper_aux_filets([[a, b, c]], col, [souligne]) == [[a, b, c]]
    court = Segment(200, 341.15, 230, 341.15)  # a short stroke is not a row's boundary
    assert _couper_aux_filets([[a, b, c]], col, [court]) == [[a, b, c]]
