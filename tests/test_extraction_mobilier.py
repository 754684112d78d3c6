"""Stage by stage: page furniture, rows continued across a page break, scans (issue 10).

Why: ``test_mobilier.py`` and ``test_producteurs.py`` check whole documents; these pin each
rule on small hand-made pages, so that a change that breaks one says which: running lines
found beyond the top and bottom 12 % of the page, page numbers in their usual forms, notes
and "(suite)" headings kept out of the cells, a row continued at the top of a page judged
from the layout, and, for scans, the page straightened, the white gutters between filled
cells read as boundaries, and an unsure page said so.
"""

from __future__ import annotations

import math

from conftest import construire
from extraction.grille import analyser_page, est_note, lire_titre_section
from extraction.grille.base import est_pied_de_page
from extraction.marges import lignes_exterieures, retirer_lignes_courantes
from extraction.modele import BlocHorsTableau, Cellule, Colonne, Grille, Ligne, Mot, PageAnalysee, PageMiseEnPage
from extraction.ocr import (
    MotReconnu,
    corriger_mots,
    doutes_ocr,
    inclinaison,
    redresser,
    traits_des_fonds,
)

COLONNES = [Colonne("ACTION", "action", 0, 100), Colonne("MISE EN ŒUVRE", "mesure", 100, 200),
            Colonne("LIVRABLE", "livrable", 200, 300), Colonne("ÉCHÉANCIER", "echeancier", 300, 400)]


def L(texte: str, top: float, x0: float = 5.0, taille: float = 9.0, police: str = "Arial") -> Ligne:  # noqa: N802
    mots, x = [], x0
    for w in texte.split():
        mots.append(Mot(w, x, x + 0.5 * taille * len(w), top, top + taille, taille, police))
        x += 0.5 * taille * len(w) + 0.28 * taille
    return Ligne(mots)


def page(numero: int, hauteur: float, *lignes: Ligne) -> PageMiseEnPage:
    return PageMiseEnPage(numero, 842.0, hauteur, [m for li in lignes for m in li.mots])


def textes(p: PageMiseEnPage) -> str:
    return " ".join(m.texte for m in sorted(p.mots, key=lambda m: (m.top, m.x0)))


# --- running lines and page numbers ------------------------------------------------------------


def test_courant_loin_du_bord_d_une_page_a3_retire() -> None:
    """On A3 (1190 pt), a running head 160 pt from the top and a footer 165 pt from the
    bottom lie beyond 12 % of the page, but are its outermost lines, set well apart."""
    pages = [page(n, 1190.0, L(f"p. {n}", 150), L("B. UN TITRE", 191, taille=14), L("corps du tableau", 300),
                  L("dernière ligne", 880), L(f"— {n} —", 1016)) for n in (2, 3, 4)]
    for p in retirer_lignes_courantes(pages):
        assert "p." not in textes(p) and "—" not in textes(p)
        assert "corps du tableau" in textes(p) and "dernière ligne" in textes(p)


def test_une_ligne_au_milieu_de_la_page_n_est_jamais_courante() -> None:
    """The same text at the same height on every page, but in the middle of the page (the
    last line of a table), is body text."""
    pages = [page(n, 800.0, L("Titre du tableau", 300), L("Réalisé", 420)) for n in (1, 2, 3)]
    assert [textes(p) for p in retirer_lignes_courantes(pages)] == [textes(p) for p in pages]


def test_lignes_exterieures() -> None:
    lignes = [L("tête", 20), L("corps", 120), L("corps", 131), L("pied", 780)]
    assert [li.texte for li in lignes_exterieures(lignes, 800.0)] == ["tête", "pied"]


def test_numeros_de_page_sous_toutes_leurs_formes() -> None:
    for texte in ("3", "Page 3", "Page 3 de 12", "3 / 12", "3 sur 12", "p. 3", "— 3 —", "- 3 -", "Page 2 of 4"):
        assert est_pied_de_page(L(texte, 780), 800.0), texte
        assert est_pied_de_page(L(texte, 400), 800.0, exterieure=True), texte
        assert not est_pied_de_page(L(texte, 400), 800.0), texte
    for texte in ("2026", "1.1", "Page 3 du guide", "3 rencontres"):
        assert not est_pied_de_page(L(texte, 780), 800.0), texte


# --- notes, legends and "(suite)" headings ----------------------------------------------------


def test_titre_de_section_repete_suite() -> None:
    assert lire_titre_section("A. UN PARTENARIAT DYNAMIQUE (suite)") == ("A", "UN PARTENARIAT DYNAMIQUE", True)
    assert lire_titre_section("B. DES SERVICES – suite") == ("B", "DES SERVICES", True)
    assert lire_titre_section("C. UNE GESTION (SUITE)") == ("C", "UNE GESTION", True)
    assert lire_titre_section("A. UN PARTENARIAT DYNAMIQUE") == ("A", "UN PARTENARIAT DYNAMIQUE", False)
    assert lire_titre_section("Formation (suite)") is None


def test_notes_et_legende() -> None:
    """A note opens with a call or a word saying so, or is set smaller, and starts in the
    table's first column; a list item in the livrable column is not a note."""
    assert est_note(L("* Échéancier révisé", 500), 9.0, COLONNES)
    assert est_note(L("¹ Sous réserve de l’adoption des crédits", 500), 9.0, COLONNES)
    assert est_note(L("Note : les échéanciers suivent l’exercice", 500), 9.0, COLONNES)
    assert est_note(L("Sigles et acronymes", 500), 9.0, COLONNES)
    assert est_note(L("Échéancier révisé en cours d’année", 500, taille=7.5), 9.0, COLONNES)
    assert not est_note(L("* municipalités de moins de 5 000 habitants", 500, x0=205), 9.0, COLONNES)
    assert not est_note(L("Harmoniser les pratiques", 500), 9.0, COLONNES)
    assert not est_note(L("Échéancier révisé", 500, taille=7.5, police=""), 9.0, COLONNES)  # OCR: sizes too rough


def _mots_ligne(texte: str, x0: float, top: float, taille: float = 9.0, gras: bool = False) -> list[Mot]:
    return L(texte, top, x0, taille, "Arial-Bold" if gras else "Arial").mots


def test_une_note_en_haut_de_page_ne_continue_pas_le_tableau() -> None:
    """A footnote pushed to the top of the next page, above a new section, is text outside
    the tables: no header-less continuation is read there."""
    mots = (_mots_ligne("* Échéancier révisé", 5, 50, 7.5)
            + _mots_ligne("B. UN AUTRE TITRE", 5, 90, 13, gras=True)
            + _mots_ligne("ACTION", 5, 130, gras=True) + _mots_ligne("MISE EN ŒUVRE", 105, 130, gras=True)
            + _mots_ligne("LIVRABLE", 205, 130, gras=True) + _mots_ligne("ÉCHÉANCIER", 305, 130, gras=True)
            + _mots_ligne("4. Agir", 5, 150) + _mots_ligne("4.1 Mesure", 105, 150)
            + _mots_ligne("Guide", 205, 150) + _mots_ligne("2026", 305, 150))
    analysee = analyser_page(PageMiseEnPage(2, 420.0, 600.0, mots), COLONNES)
    grilles = [e for e in analysee.elements if isinstance(e, Grille)]
    assert all(g.avec_entete for g in grilles)
    dehors = [li.texte for e in analysee.elements if isinstance(e, BlocHorsTableau) for li in e.lignes]
    assert "* Échéancier révisé" in dehors


def test_suite_continue_la_meme_section() -> None:
    """"A. TITRE (suite)" on a continuation page is the same section: no second section A,
    and the rows below go on under the same action."""
    g1 = Grille(1, COLONNES, [Cellule(0, 10, 50, [L("1. Agir", 11)]), Cellule(1, 10, 50, [L("1.1 Mesure", 11, 105)]),
                              Cellule(2, 10, 50, [L("Premier", 11, 205)]), Cellule(3, 10, 50, [L("2026", 11, 305)])],
                0, 60, "reglee", largeurs={i: 90.0 for i in range(4)})
    g2 = Grille(2, COLONNES, [Cellule(0, 40, 70, []), Cellule(1, 40, 70, []),
                              Cellule(2, 40, 70, [L("Second livrable", 41, 205)]),
                              Cellule(3, 40, 70, [L("2027", 41, 305)])], 40, 70, "reglee",
                largeurs={i: 90.0 for i in range(4)})
    titre = BlocHorsTableau(1, [L("A. UN TITRE", 0, police="Arial-Bold"), L("Afin de tester", 12)])
    suite = BlocHorsTableau(2, [L("A. UN TITRE (suite)", 0, police="Arial-Bold")])
    sections, _, avert = construire([PageAnalysee(1, [titre, g1], "reglee"), PageAnalysee(2, [suite, g2], "reglee")],
                                    9.0)
    (s,) = sections
    (a,) = s["actions"]
    assert [li["texte"] for li in a["mesures"][0]["livrables"]] == ["Premier", "Second livrable"]
    assert not [x for x in avert if x.type == "texte_hors_tableau"]


# --- a row continued across a page break ------------------------------------------------------


def _deux_pages(fin_page1: str, haut_page2: str, ech2: str | None, largeur: float = 90.0,
                mesure: str = "1.1 Mesure", place: float = 0.0) -> list[str]:
    lignes1 = [L(t, 11 + 11 * k, 205) for k, t in enumerate(fin_page1.split(" / "))]
    bas = lignes1[-1].bottom + 3 + place  # the page ends right under the livrable's last line (+ place)
    g1 = Grille(1, COLONNES, [Cellule(0, 10, bas, [L("1. Agir", 11)]), Cellule(1, 10, bas, [L(mesure, 11, 105)]),
                              Cellule(2, 10, bas, lignes1), Cellule(3, 10, bas, [L("Automne 2025", 11, 305)])],
                0, bas, "reglee", largeurs={i: largeur for i in range(4)})
    ech = [Cellule(3, 40, 70, [L(ech2, 41, 305)] if ech2 else [])]
    g2 = Grille(2, COLONNES, [Cellule(0, 40, 70, []), Cellule(1, 40, 70, []),
                              Cellule(2, 40, 70, [L(haut_page2, 41, 205)]), *ech], 40, 70, "reglee",
                largeurs={i: largeur for i in range(4)})
    titre = BlocHorsTableau(1, [L("A. UN TITRE", 0, police="Arial-Bold"), L("Afin de tester", 12)])
    sections, _, _ = construire([PageAnalysee(1, [titre, g1], "reglee"), PageAnalysee(2, [g2], "reglee")], 9.0)
    return [li["texte"] for li in sections[0]["actions"][0]["mesures"][0]["livrables"]]


def test_suite_en_majuscule_d_un_nom_propre_recollee() -> None:
    """"Capsules vidéo de l’entente" / "Transports-Municipalités" (a name the document also
    sets mid-phrase, which would not have fitted on the line above): one livrable."""
    nom = "Transports-Municipalités"
    textes_ = _deux_pages("Capsules vidéo de l’entente", nom, None, largeur=150.0, mesure=f"1.1 Mesure {nom}")
    assert textes_ == [f"Capsules vidéo de l’entente {nom}"]
    # Unless the page left room for more lines under the livrable's last one.
    assert len(_deux_pages("Capsules vidéo de l’entente", nom, None, largeur=150.0, mesure=f"1.1 Mesure {nom}",
                           place=40.0)) == 2


def test_nouvelle_ligne_en_haut_de_page() -> None:
    """A capitalised word that is no name, or one that would have fitted at the end of the
    line above, or a fresh échéancier beside it: a new livrable."""
    assert _deux_pages("Kiosques tenus / par le Ministère", "Présentations", None, largeur=75.0) == [
        "Kiosques tenus par le Ministère", "Présentations"]
    nom = "Transports-Municipalités"
    assert len(_deux_pages("Guide", nom, None, largeur=200.0, mesure=f"1.1 Mesure {nom}")) == 2
    assert len(_deux_pages("Capsules vidéo / de l’entente", nom, "Hiver 2027", largeur=90.0,
                           mesure=f"1.1 Mesure {nom}")) == 2


# --- scans ------------------------------------------------------------------------------------


def _page_tournee(angle: float) -> object:
    from PIL import Image, ImageDraw

    image = Image.new("L", (1600, 1200), 255)
    d = ImageDraw.Draw(image)
    for y in range(150, 1100, 60):
        d.rectangle([100, y, 1500, y + 2], fill=0)
        for x in range(120, 1480, 40):
            d.rectangle([x, y + 15, x + 25, y + 35], fill=40)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def test_page_tournee_redressee() -> None:
    import numpy as np

    for angle in (0.0, 0.35, -0.8, 1.0):
        image = _page_tournee(angle)
        assert math.isclose(inclinaison(np.asarray(image)), -angle, abs_tol=0.06), angle
        droite, tourne = redresser(image)
        assert abs(inclinaison(np.asarray(droite))) <= 0.06
        assert (tourne == 0.0) == (angle == 0.0)


def test_gouttieres_blanches_entre_cellules_remplies() -> None:
    """Light grey cells separated by white gutters, no dark line: one boundary down the
    middle of each gutter, and the table's outer edges."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (2000, 1200), 255)
    d = ImageDraw.Draw(image)
    for x0, x1 in ((100, 700), (712, 1300), (1312, 1900)):
        for y0, y1 in ((200, 500), (512, 800), (812, 1100)):
            d.rectangle([x0, y0, x1 - 1, y1 - 1], fill=232)
            d.text((x0 + 20, y0 + 20), "texte de cellule", fill=0)
    traits_ = traits_des_fonds(image)
    verticales = sorted({round(t[0]) for t in traits_ if t[0] == t[2] and t[3] - t[1] > 800})
    horizontales = sorted({round(t[1]) for t in traits_ if t[1] == t[3] and t[2] - t[0] > 1500})
    assert [v for v in verticales if 600 < v < 1400] and all(abs(v - c) <= 4 for v in verticales if 600 < v < 1400
                                                             for c in [min((706, 1306), key=lambda c: abs(c - v))])
    assert any(abs(h - 506) <= 4 for h in horizontales) and any(abs(h - 806) <= 4 for h in horizontales)
    assert any(v <= 102 for v in verticales) and any(v >= 1898 for v in verticales)
    assert traits_des_fonds(Image.new("L", (800, 600), 255)) == []


def test_corrections_ocr_du_genre() -> None:
    mots = [MotReconnu("1.1", 0, 30, 1, 36, 100), MotReconnu("instaurer", 40, 120, 1, 36, 100),
            MotReconnu("ler", 0, 20, 2, 36, 100), MotReconnu("avril", 30, 80, 2, 36, 100),
            MotReconnu("3", 0, 10, 3, 36, 100), MotReconnu("idées", 20, 60, 3, 36, 100),
            MotReconnu("|Réalisé", 0, 80, 4, 36, 100), MotReconnu("―", 0, 26, 5, 36, 100)]
    corriger_mots(mots, "’")
    assert [m.texte for m in mots] == ["1.1", "Instaurer", "1er", "avril", "3", "idées", "Réalisé", "―"]
    assert mots[6].x0 == 10


def test_page_ocr_peu_sure_dite() -> None:
    sures = [MotReconnu("mot", 0, 10, 1, 36, 100, 93.0)] * 20
    assert doutes_ocr(sures, 0.3) == []
    floues = sures[:10] + [MotReconnu("m0t", 0, 10, 1, 36, 100, 35.0)] * 10
    (doute,) = doutes_ocr(floues, 0.0)
    assert "OCR peu sûre" in doute and "50 %" in doute
    assert any("inclinée" in d for d in doutes_ocr(sures, 1.5))


def test_accent_de_la_capitale_rendu() -> None:
    """"Elaborer" → "Élaborer" when French knows only the accented word; names and words
    French knows as read stay."""
    from extraction.ocr import rendre_accents

    lexique = {"élaborer", "établir", "entente", "été"}
    mots = [MotReconnu(t, 0, 10, 1, 36, 100) for t in ("Elaborer", "Etablir,", "Entente", "Estrie", "Eté")]
    rendre_accents(mots, lexique)
    assert [m.texte for m in mots] == ["Élaborer", "Établir,", "Entente", "Estrie", "Été"]


def test_tiret_au_milieu_d_une_ligne_mesure_a_ses_lettres() -> None:
    """A spaced dash inside a line is judged against the letters of that line, steadier than
    tesseract's size estimate: about a letter wide is "–", two letters "—"."""
    def ligne(largeur_tiret: float) -> str:
        mots = [MotReconnu("Automne", 0, 112, 1, 36, 100), MotReconnu("2025", 120, 184, 1, 36, 100),
                MotReconnu("-", 192, 192 + largeur_tiret, 1, 60, 100), MotReconnu("Dès", 220, 268, 1, 36, 100)]
        corriger_mots(mots, "’")
        return mots[2].texte

    assert ligne(15) == "–"  # 0.9 letter, though small for the line's (wrong) size estimate
    assert ligne(34) == "—"
    assert ligne(6) == "-"


def test_bruit_de_l_ocr_ecarte() -> None:
    """Short words tesseract doubts, lying across a cell boundary (where nothing is
    printed), are noise and dropped; a doubtful word elsewhere, or a sure one, stays."""
    from extraction.ocr import sans_bruit

    trait = [(0.0, 100.0, 1000.0, 100.0)]
    mots = [MotReconnu("RETE", 0, 40, 1, 36, 110, 0.0), MotReconnu(":", 50, 55, 1, 36, 110, 0.0),
            MotReconnu("MRC", 60, 120, 1, 36, 110, 90.0), MotReconnu("municipalités", 130, 400, 1, 36, 110, 15.0),
            MotReconnu("T4", 0, 30, 2, 36, 200, 8.0)]
    assert [m.texte for m in sans_bruit(mots, trait)] == ["MRC", "municipalités", "T4"]
