"""What OCR does before and after tesseract on hard pages (issue 10, scans): blank sheets
not sent to it, dark fills (bands, badges) read apart in negative, one place read twice kept
once, and numbers misread on OCR pages put back from the plan's own sequence.

Why each: a scanned edition's blank last page became invented rows; white échéanciers in
dark badges came out empty; a doubtful second reading of a word was glued into a title; a
measure "5.2" read "52" broke the hierarchy. The real documents are in
``tests/fixtures/producteurs/scan-*``; these tests pin each rule on a made image or row so
that a change that breaks one fails here, with its cause named.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extraction.modele import ActionLue, Cadre, LivrableLu, MesureLue, SectionLue
from extraction.numerotation import reparer_numeros
from extraction.ocr import (
    MotReconnu,
    _png,
    _tesseract,
    a_relire,
    fonds_sombres,
    lire_hocr,
    negatif_du_fond,
    recoller_morceaux,
    relu,
    sans_doublons,
    sans_encre,
    sans_fonds,
    sur_leur_ligne,
)

POLICE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
POLICE_GRASSE = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _page(largeur: int = 2550, hauteur: int = 1200) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (largeur, hauteur), 252)
    return image, ImageDraw.Draw(image)


def test_feuille_blanche_sans_encre_mais_pas_une_page_ecrite() -> None:
    """The grain of a blank sheet (near-white noise) holds no ink; one printed word does."""
    rng = np.random.default_rng(1)
    grain = Image.fromarray(rng.integers(238, 256, size=(1100, 850), dtype=np.uint8))
    assert sans_encre(grain)
    image, dessin = _page(850, 1100)
    dessin.text((100, 100), "Page 4", fill=0, font=ImageFont.truetype(POLICE, 40))
    assert not sans_encre(image)


def test_badges_trouves_pas_le_texte_gras_ni_la_bande() -> None:
    """A rounded badge and a dark cell with white text are fills read apart; a heavy bold
    title in black on the paper is not (its dense strokes are no ground), nor a band across
    the table (the whole-page pass reads it)."""
    image, dessin = _page()
    grasse = ImageFont.truetype(POLICE_GRASSE, 90)
    dessin.text((100, 60), "PLAN D’ACTION MINISTÉRIEL", fill=0, font=grasse)
    dessin.rectangle((100, 300, 2400, 380), fill=40)
    dessin.text((120, 318), "ACTION", fill=255, font=ImageFont.truetype(POLICE_GRASSE, 40))
    dessin.rounded_rectangle((1800, 600, 2200, 660), radius=20, fill=70)
    dessin.text((1830, 610), "Automne 2026", fill=255, font=ImageFont.truetype(POLICE, 38))
    dessin.rectangle((900, 800, 1500, 900), fill=30)
    dessin.text((920, 830), "Réalisé et en continu", fill=255, font=ImageFont.truetype(POLICE, 36))
    fonds = fonds_sombres(image)
    assert len(fonds) == 2
    assert not any(f.contient(300, 100) for f in fonds)  # the title
    assert not any(f.contient(1250, 340) for f in fonds)  # the band
    assert any(f.contient(2000, 630) for f in fonds) and any(f.contient(1200, 850) for f in fonds)
    # the page for the whole-page pass has no dark fill left
    assert not fonds_sombres(sans_fonds(image, fonds))


@pytest.mark.ocr
def test_badge_lu_en_negatif() -> None:
    """White text on a small dark badge is read once the badge is turned negative."""
    exe = shutil.which("tesseract")
    assert exe, "tesseract est requis (CI l’installe)"
    image, dessin = _page()
    dessin.rounded_rectangle((1800, 600, 2250, 660), radius=22, fill=80)
    dessin.text((1830, 611), "Mars 2027", fill=255, font=ImageFont.truetype(POLICE, 38))
    (fond,) = fonds_sombres(image)
    mots = lire_hocr(_tesseract(exe, _png(negatif_du_fond(image, fond)), True))
    assert " ".join(m.texte for m in mots) == "Mars 2027"


def _mot(texte: str, x0: float, x1: float, confiance: float, y0: float = 100, y1: float = 130) -> MotReconnu:
    return MotReconnu(texte, x0, x1, 1, 40, y1, confiance, y0, y1)


def test_une_place_lue_deux_fois_gardee_une_fois() -> None:
    """A doubtful second reading lying over a sure word goes; a dash and the number before
    it, doubted alike with overlapping boxes, both stay; words side by side stay."""
    sur, doublon = _mot("municipales", 350, 570, 93), _mot('PE"', 386, 493, 23, 105, 135)
    assert sans_doublons([sur, doublon]) == [sur]
    nombre, tiret = _mot("2025", 2473, 2577, 17), _mot("–", 2560, 2579, 17)
    assert sans_doublons([nombre, tiret]) == [nombre, tiret]
    a, b = _mot("Mars", 100, 180, 95), _mot("2027", 195, 280, 96)
    assert sans_doublons([a, b]) == [a, b]


def _plan(numeros: list[tuple[str, list[str]]], page: int = 1) -> list[SectionLue]:
    actions = []
    for numero, mesures in numeros:
        action = ActionLue(numero, "Titre")
        for m in mesures:
            action.mesures.append(MesureLue(m, "Mesure", [LivrableLu("L", "2026", page)],
                                            [Cadre("mesure", page, 0, 0, 1, 1)]))
        action.cadres.append(Cadre("action", page, 0, 0, 1, 1))
        actions.append(action)
    return [SectionLue("A", "T", actions=actions)]


def _numeros(sections: list[SectionLue]) -> list[tuple[str, list[str]]]:
    return [(a.numero, [m.numero for m in a.mesures]) for s in sections for a in s.actions]


def test_numeros_lus_par_ocr_remis_par_la_sequence() -> None:
    """"2" for 5 between 4 and 6, "52" for 5.2, a lost 2.1, "8.1" under action 3, "2" for
    7 whose measures say 7: each put back, each said."""
    sections = _plan([("1", ["1.1"]), ("2", ["?", "2.2"]), ("3", ["8.1"]), ("4", ["4.1"]),
                      ("2", ["5.1", "52", "5.3"]), ("6", ["6.1"]), ("2", ["7.1", "2"])])
    avertissements = reparer_numeros(sections, {1})
    assert _numeros(sections) == [("1", ["1.1"]), ("2", ["2.1", "2.2"]), ("3", ["3.1"]), ("4", ["4.1"]),
                                  ("5", ["5.1", "5.2", "5.3"]), ("6", ["6.1"]), ("7", ["7.1", "7.2"])]
    assert {a.type for a in avertissements} == {"numero_deduit"}
    assert len(avertissements) == 6


def test_numeros_d_une_couche_de_texte_jamais_reecrits() -> None:
    """On a page with a text layer, the document's own gaps stay (they are reported)."""
    sections = _plan([("1", ["1.1", "1.3"]), ("4", ["4.1"])])
    assert reparer_numeros(sections, {2}) == [] and reparer_numeros(sections, set()) == []
    assert _numeros(sections) == [("1", ["1.1", "1.3"]), ("4", ["4.1"])]


def test_numerotation_par_section_et_vrais_trous_gardes_sur_ocr() -> None:
    """A plan numbering its actions again from 1 in each section, and a well-formed measure
    number leaving a gap ("1.3" after "1.1"), are the document's: not rewritten."""
    sections = _plan([("1", ["1.1", "1.3"]), ("2", ["2.1"]), ("1", ["1.1"]), ("2", ["2.1"])])
    reparer_numeros(sections, {1})
    assert _numeros(sections) == [("1", ["1.1", "1.3"]), ("2", ["2.1"]), ("1", ["1.1"]), ("2", ["2.1"])]


def test_mot_range_sous_une_autre_ligne_remis_et_recolle() -> None:
    """"Q" filed under the next line's baseline (its tail) goes back to the line its box
    holds, and joins "uébec" it touches; words of a line in their place are not joined."""
    q = MotReconnu("Q", 895, 921, 18, 40, 1465, 78, 1410, 1443)
    uebec = MotReconnu("uébec", 924, 1023, 17, 40, 1437, 90, 1408, 1437)
    formation = MotReconnu("Formation", 100, 300, 5, 40, 500, 95, 470, 500)
    a = MotReconnu("à", 303, 320, 5, 40, 500, 95, 470, 500)
    deplaces = sur_leur_ligne([q, uebec, formation, a])
    assert deplaces == {id(q)} and q.base == 1437
    assert [m.texte for m in recoller_morceaux([q, uebec, formation, a], deplaces)] == ["Formation", "à", "Québec"]


def test_mot_douteux_sur_un_mot_sur_relu_avec_lui() -> None:
    """A word tesseract doubts lying over a sure one makes a group read again; the new
    reading replaces the group only when surer."""
    sur = MotReconnu("(UM", 1049, 1106, 17, 40, 1437, 96, 1410, 1437)
    douteux = MotReconnu("HtIEE", 1037, 1147, 18, 40, 1465, 0, 1407, 1443)
    autre = MotReconnu("Tableau", 1696, 1824, 18, 40, 1465, 94, 1436, 1465)
    ((groupe, boite),) = a_relire([sur, douteux, autre])
    assert set(map(id, groupe)) == {id(sur), id(douteux)} and boite == (1037, 1407, 1147, 1443)
    relecture = [MotReconnu("(UMQ)", 10, 120, 1, 40, 40, 93, 8, 40)]
    mots = relu([sur, douteux, autre], [groupe], [relecture], [(1030.0, 1400.0)])
    assert [(m.texte, m.x0, m.base) for m in mots] == [("Tableau", 1696, 1465), ("(UMQ)", 1040, 1437)]
    pire = [MotReconnu("(UM", 10, 60, 1, 40, 40, 20, 8, 40)]
    assert relu([sur, douteux, autre], [groupe], [pire], [(1030.0, 1400.0)]) == [sur, douteux, autre]
