"""Words from glyph geometry (``mise_en_page.construire_mots``), whatever the producer.

Why: many producers place each word or glyph with its own positioning operator and never
print a space character; some emit a page's glyphs in any order; a bold initial or a raised
footnote call is another font or size glued to its word; Chromium leaves zero-advance space
glyphs at unused soft hyphens. These tests build such pages glyph by glyph — as dicts like
pdfplumber's, and as real PDFs drawn with reportlab's canvas — and check the words read.
"""

from __future__ import annotations

import random
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from extraction import mise_en_page
from extraction.metadonnees import lire_couverture
from extraction.mise_en_page import construire_mots

# A proportional-ish advance per glyph, as a fraction of the size (wide and narrow letters).
CHASSES = {"i": 0.28, "l": 0.28, "j": 0.28, "t": 0.33, "f": 0.3, "r": 0.37, "m": 0.83, "w": 0.78, "M": 0.83,
           "W": 0.94, " ": 0.28, "’": 0.22, ".": 0.28, ",": 0.28, "*": 0.39}


def glyphes(texte: str, x: float = 50.0, top: float = 100.0, taille: float = 9.0, ecart: float = 0.25,
            approche: float = 0.0, crenage: float = 0.0, espaces: bool = False, police: str = "Sans",
            graine: int = 1, montee: float = 0.0) -> list[dict]:
    """Characters as pdfplumber gives them for ``texte`` set glyph by glyph: words separated
    by ``ecart`` em without a space character (or by a real space with ``espaces``),
    ``approche`` em of tracking, ±``crenage`` em of random kerning per glyph."""
    alea = random.Random(graine)
    sortie = []
    for i, mot in enumerate(texte.split(" ")):
        if i:
            if espaces:
                sortie.append(_car(" ", x, top, taille, police, montee))
                x += CHASSES[" "] * taille
            else:
                x += ecart * taille
        for c in mot:
            sortie.append(_car(c, x, top, taille, police, montee))
            x += (CHASSES.get(c, 0.55) + approche + alea.uniform(-crenage, crenage)) * taille
    return sortie


def _car(c: str, x: float, top: float, taille: float, police: str, montee: float = 0.0) -> dict:
    largeur = CHASSES.get(c, 0.55) * taille
    haut = top - montee
    return {"text": c, "x0": x, "x1": x + largeur, "top": haut, "bottom": haut + taille, "doctop": haut,
            "upright": True, "size": taille, "fontname": police}


def textes(caracteres: list[dict]) -> list[str]:
    mots, _ = construire_mots(caracteres)
    return [m.texte for m in sorted(mots, key=lambda m: (round(m.top), m.x0))]


PHRASE = "Créer le Bureau de coordination aux affaires municipales"


@pytest.mark.parametrize("ecart", [0.15, 0.2, 0.25, 0.33, 0.4])
def test_mots_sans_caractere_espace_coupes_aux_ecarts(ecart: float) -> None:
    assert textes(glyphes(PHRASE, ecart=ecart)) == PHRASE.split()


@pytest.mark.parametrize("taille", [6.0, 9.0, 18.0])
def test_le_seuil_suit_la_taille_des_caracteres(taille: float) -> None:
    """0.2 em at 18 pt is 3.6 pt, at 6 pt 1.2 pt: the same cut at every size (a fixed
    tolerance in points glues small type's words and splits nothing in large type)."""
    assert textes(glyphes(PHRASE, taille=taille, ecart=0.2)) == PHRASE.split()


@pytest.mark.parametrize(("approche", "ecart"), [(0.03, 0.2), (0.05, 0.33), (-0.02, 0.25), (0.1, 0.3)])
def test_approche_et_crenage_dans_les_mots(approche: float, ecart: float) -> None:
    """Tracking moves every glyph; the page's letter spacing is measured, not assumed."""
    cars = glyphes(PHRASE, ecart=ecart + approche, approche=approche, crenage=0.02, graine=7)
    assert textes(cars) == PHRASE.split()
    _, lecture = construire_mots(cars)
    assert lecture.approche_em == pytest.approx(approche, abs=0.03)
    assert lecture.sans_espaces and lecture.espaces == 0


def test_ordre_du_flux_sans_importance() -> None:
    """Glyphs emitted in shuffled order read in reading order, lines kept apart."""
    cars = glyphes(PHRASE, top=100) + glyphes("Mise en œuvre de la mission", top=111, graine=2)
    random.Random(3).shuffle(cars)
    assert textes(cars) == [*PHRASE.split(), *"Mise en œuvre de la mission".split()]


def test_initiale_grasse_et_numero_gras_restent_dans_leur_mot() -> None:
    cars = glyphes("Trousse d’accompagnement", police="Sans")
    cars[0]["fontname"] = "Sans-Bold"
    mots, _ = construire_mots(cars)
    assert [m.texte for m in mots] == ["Trousse", "d’accompagnement"]
    assert mots[0].police == "Sans" and not mots[0].gras  # most of its glyphs are regular
    numero = glyphes("1.1 Créer", police="Sans-Bold")[:3] + glyphes("Créer", x=65, police="Sans")
    assert textes(numero) == ["1.1", "Créer"]


def test_appel_de_note_sureleve_colle_a_son_mot() -> None:
    """"Hiver 2026*": the call is smaller, raised, and touches the year."""
    cars = glyphes("Hiver 2026", taille=9.5)
    fin = max(c["x1"] for c in cars)
    cars += glyphes("*", x=fin, taille=9.5 * 0.62, top=100, montee=9.5 * 0.38 - 1)
    random.Random(5).shuffle(cars)
    mots, _ = construire_mots(cars)
    assert [m.texte for m in sorted(mots, key=lambda m: m.x0)] == ["Hiver", "2026*"]
    assert sorted(mots, key=lambda m: m.x0)[1].taille == 9.5  # the word's main size


def test_exposant_er_colle_au_chiffre() -> None:
    cars = glyphes("1", x=50, taille=10)
    cars += glyphes("er", x=max(c["x1"] for c in cars), taille=6.2, top=100, montee=3)
    cars += glyphes("avril", x=75, taille=10)
    assert sorted(textes(cars)) == ["1er", "avril"]


def test_note_de_bas_de_page_distincte_de_son_appel() -> None:
    """A footnote line "* Échéancier révisé": the star is followed by a gap, not glued."""
    assert textes(glyphes("* Échéancier révisé", taille=8, ecart=0.3)) == ["*", "Échéancier", "révisé"]


def test_titre_courant_imprime_sur_un_titre_plus_grand_reste_a_part() -> None:
    """A running head in small type printed across a large title touches no word's end."""
    titre = glyphes("affaires municipales", x=300, top=47.6, taille=19.5)
    courant = glyphes("PAMAM – Novembre 2024", x=339, top=46.2, taille=8, espaces=True)
    mots = textes(titre + courant)
    assert "affaires" in mots and "municipales" in mots and "Novembre" in mots and "PAMAM" in mots


def test_espaces_sans_chasse_de_chromium_ne_coupent_pas() -> None:
    """Chromium prints a space glyph with no advance at each unused soft hyphen
    ("For ma tion"); real spaces still separate words."""
    cars = glyphes("Formation de", espaces=True)
    lettres = [c for c in cars if c["text"] != " "]
    for apres in ("r", "a"):  # For|ma|tion
        i = next(k for k, c in enumerate(cars) if c["text"] == apres and c["x0"] < 80)
        x = cars[i + 1]["x0"]
        cars.append({**cars[i + 1], "text": " ", "x0": x, "x1": x + 0.28 * 9})
    mots, lecture = construire_mots(cars)
    assert [m.texte for m in sorted(mots, key=lambda m: m.x0)] == ["Formation", "de"]
    assert lecture.espaces_sans_chasse == 2 and lecture.espaces == 1
    assert len(lettres) == sum(len(m.texte) for m in mots)


def test_caracteres_de_largeur_nulle_ignores() -> None:
    cars = glyphes("Do cu ment", espaces=False, ecart=0.0)
    cars.insert(2, {**cars[2], "text": "\u200b"})
    cars.insert(5, {**cars[5], "text": "\ufeff"})
    assert textes(cars) == ["Document"]


def test_justification_ecarts_inegaux() -> None:
    alea = random.Random(11)
    cars, x = [], 40.0
    for mot in PHRASE.split():
        cars += glyphes(mot, x=x)
        x = max(c["x1"] for c in cars) + alea.uniform(0.22, 0.9) * 9
    assert textes(cars) == PHRASE.split()


def test_deux_colonnes_a_des_hauteurs_voisines_ne_se_melangent_pas() -> None:
    gauche = glyphes("Harmoniser les pratiques", x=50, top=100) + glyphes("municipales", x=50, top=111)
    droite = glyphes("Formation de l’équipe", x=300, top=103) + glyphes("et mission", x=300, top=114)
    mots, _ = construire_mots(droite + gauche)
    lus = {(m.texte, round(m.top)) for m in mots}
    assert lus == {("Harmoniser", 100), ("les", 100), ("pratiques", 100), ("municipales", 111),
                   ("Formation", 103), ("de", 103), ("l’équipe", 103), ("et", 114), ("mission", 114)}


def test_lecture_mots_compte_ce_qui_a_ete_fait() -> None:
    _, avec = construire_mots(glyphes(PHRASE, espaces=True))
    assert (avec.sans_espaces, avec.espaces, avec.coupures_par_ecart, avec.doute) == (False, 7, 0, None)
    _, sans = construire_mots(glyphes(PHRASE, ecart=0.25))
    assert sans.sans_espaces and sans.coupures_par_ecart == 7 and sans.espaces == 0
    assert sans.seuil_em == pytest.approx(0.1) and sans.ecart_min_em == pytest.approx(0.25)
    assert sans.doute is None


def test_une_page_aux_ecarts_ambigus_est_signalee() -> None:
    """Word gaps hardly wider than the spacing inside words: said, not silently trusted."""
    _, faibles = construire_mots(glyphes(PHRASE, ecart=0.14))
    assert faibles.coupures_par_ecart == 7 and faibles.doute is not None and "incertain" in faibles.doute
    _, au_seuil = construire_mots(glyphes(" ".join([PHRASE] * 3), ecart=0.11, crenage=0.01, graine=4))
    assert au_seuil.ecarts_douteux >= 3 and au_seuil.doute is not None and "à tort" in au_seuil.doute
    _, nets = construire_mots(glyphes(PHRASE, ecart=0.2, crenage=0.02))
    assert nets.doute is None and nets.ecarts_douteux == 0


def test_le_doute_arrive_dans_le_rapport_de_qualite() -> None:
    """``qualite.mots`` lists the pages without spaces and the uncertain ones, and the
    uncertain page gets a warning."""
    from extraction.modele import LectureMots
    from normalisation.plan import qualite_mots

    _, nette = construire_mots(glyphes(PHRASE, ecart=0.25))
    _, douteuse = construire_mots(glyphes(PHRASE, ecart=0.14))
    _, espacee = construire_mots(glyphes(PHRASE, espaces=True))
    rapport = qualite_mots({1: espacee, 2: nette, 3: douteuse})
    assert rapport["pages_sans_espaces"] == [2, 3] and rapport["pages_incertaines"] == [3]
    assert rapport["coupures_par_ecart"] == 14
    assert rapport["pages"]["2"]["seuil_em"] == 0.1 and rapport["pages"]["1"]["espaces"] == 7
    assert isinstance(douteuse, LectureMots)


def test_meme_mots_que_pdfplumber_quand_le_texte_a_ses_espaces() -> None:
    cars = glyphes(PHRASE, espaces=True) + glyphes("Mise en œuvre", top=120, espaces=True)
    mots, _ = construire_mots(cars)
    ref = pdfplumber.utils.extract_words(cars, x_tolerance=3, y_tolerance=3, extra_attrs=["size", "fontname"])
    assert sorted((m.texte, m.x0, m.top, m.x1, m.bottom) for m in mots) == sorted(
        (w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in ref)


# --- Real PDFs drawn glyph by glyph -----------------------------------------------------------


def _dessiner(chemin: Path, lignes: list[tuple[str, float, float, float]], melanger: bool = False,
              mode: str = "glyphes") -> None:
    """(text, x, y from the top, size) lines, each glyph (or word) placed by its own text
    object with Helvetica; no space character is ever drawn."""
    c = canvas.Canvas(str(chemin), pagesize=(612, 792), invariant=1)
    ordres: list[tuple[str, float, float, float]] = []
    for texte, x, y, taille in lignes:
        for mot in texte.split(" "):
            if mode == "mots":
                ordres.append((mot, x, y, taille))
                x += stringWidth(mot, "Helvetica", taille)
            else:
                for g in mot:
                    ordres.append((g, x, y, taille))
                    x += stringWidth(g, "Helvetica", taille) + 0.02 * taille
            x += 0.22 * taille
    if melanger:
        random.Random(2).shuffle(ordres)
    for g, x, y, taille in ordres:
        t = c.beginText(x, 792 - y)
        t.setFont("Helvetica", taille)
        t.textOut(g)
        c.drawText(t)
    c.showPage()
    c.save()


@pytest.mark.parametrize("melanger", [False, True])
def test_pdf_glyphe_par_glyphe(tmp_path: Path, melanger: bool) -> None:
    chemin = tmp_path / "glyphes.pdf"
    _dessiner(chemin, [("Plan d’action ministériel", 72, 80, 20), ("NOVEMBRE 2023", 72, 120, 14),
                       ("Harmoniser les pratiques en matière", 72, 200, 9)], melanger=melanger)
    with pdfplumber.open(chemin) as pdf:
        page = mise_en_page.lire_page(pdf.pages[0])
    lus = [m.texte for m in sorted(page.mots, key=lambda m: (round(m.top), m.x0))]
    assert lus == "Plan d’action ministériel NOVEMBRE 2023 Harmoniser les pratiques en matière".split()
    assert page.lecture_mots is not None and page.lecture_mots.sans_espaces


def test_couverture_lue_glyphe_par_glyphe(tmp_path: Path) -> None:
    """The edition label on a cover printed glyph by glyph still reads "NOVEMBRE 2023"."""
    from extraction.lignes import grouper_en_lignes

    chemin = tmp_path / "couverture.pdf"
    _dessiner(chemin, [("Plan d’action", 72, 80, 20), ("Tableau synoptique", 72, 110, 14),
                       ("NOVEMBRE 2023", 72, 140, 12)], melanger=True)
    with pdfplumber.open(chemin) as pdf:
        page = mise_en_page.lire_page(pdf.pages[0])
    couv = lire_couverture(grouper_en_lignes(page.mots))
    assert couv.libelles == ["NOVEMBRE 2023"]
    assert (couv.titre, couv.sous_titre) == ("Plan d’action", "Tableau synoptique")


def test_mois_et_annee_colles_par_un_ecart_minime() -> None:
    """"NOVEMBRE2023": a producer left hardly any gap (0.05 em, one word for any reader of
    glyphs); the label is still proposed, as a reader sees it."""
    from extraction.lignes import grouper_en_lignes

    cars = glyphes("Plan d’action", taille=20, top=40) + glyphes("NOVEMBRE 2023", taille=12, top=80, ecart=0.05)
    mots, _ = construire_mots(cars)
    assert "NOVEMBRE2023" in [m.texte for m in mots]
    assert lire_couverture(grouper_en_lignes(mots)).libelles == ["NOVEMBRE 2023"]


def test_titre_a_grand_interlettrage_sur_une_page_ordinaire() -> None:
    """A heading set with wide tracking (0.2 em between letters) on a page of ordinary
    text keeps its words: the line's own letter spacing raises its threshold."""
    corps = glyphes(PHRASE, top=200, espaces=True) + glyphes("Mise en œuvre de la mission", top=211, espaces=True)
    titre = glyphes("ÉCHÉANCIER LIVRABLE", top=100, approche=0.2, ecart=0.6)
    assert textes(titre + corps)[:2] == ["ÉCHÉANCIER", "LIVRABLE"]
