"""``pamam inspecte``: one picture per page of what the extractor saw, where it saw it.

Why: a person checking why a page reads wrong trusts the picture; a cell drawn beside its
words, a page drawn turned, or a running head removed but not shown would send them
astray. Checked the way they would look: one PNG per page, and at the centre of a known
livrable's (échéancier's) box — taken from ``plan.json``'s ``cadres`` — the colour of that
role, on a ruled table, a borderless one, a rotated page and a scan read by OCR.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, SOURCES
from extraction.inspection import analyser_document
from pamam.cli import main
from pamam.commandes.inspecte import pages
from pamam.inspection.rendu import COULEURS, teinte
from pamam.pipeline import Options, extraire_edition

VARIANTES = FIXTURES / "variantes"
RESOLUTION = 100

CAS = [
    (SOURCES / "pamam-2023-11.pdf", False),  # ruled
    (VARIANTES / "sans-bordures.pdf", False),  # borderless
    (VARIANTES / "pivotee-90.pdf", False),  # /Rotate 90
    (VARIANTES / "scannee.pdf", True),  # a scan, through OCR
]


def _couleur_dominante(image: Image.Image, boite: tuple[float, float, float, float]) -> tuple[int, int, int]:
    """The most frequent colour in the middle of a box (paper, not words, fills most of a cell)."""
    x0, top, x1, bottom = (v * RESOLUTION / 72 for v in boite)
    mx, my = (x1 - x0) * 0.2, (bottom - top) * 0.2
    zone = image.crop((round(x0 + mx), round(top + my), round(x1 - mx), round(bottom - my)))
    couleurs = zone.getcolors(maxcolors=zone.size[0] * zone.size[1] + 1)
    assert couleurs
    return max(couleurs)[1][:3]


def _proche(a: tuple[int, ...], b: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(("pdf", "ocr"), CAS, ids=[p.stem for p, _ in CAS])
def test_une_image_par_page_et_les_cellules_a_leur_place(pdf: Path, ocr: bool, tmp_path: Path, capsys) -> None:
    args = ["inspecte", str(pdf), "--out", str(tmp_path), "--resolution", str(RESOLUTION)]
    assert main(args + (["--ocr"] if ocr else [])) == 0
    sortie = capsys.readouterr().out
    plan = extraire_edition(pdf, Options(ocr=ocr))
    n = plan.document.source.pages
    images = sorted(tmp_path.glob("page-*.png"))
    assert [p.name for p in images] == [f"page-{k:03d}.png" for k in range(1, n + 1)]
    assert sortie.count("\n") == n and ("reglee" in sortie or "alignement" in sortie)
    vue = analyser_document(pdf, ocr=ocr)
    for p, page in zip(images, vue.pages, strict=True):
        with Image.open(p) as im:
            # The page in its reading orientation (landscape here, even when /Rotate turns it),
            # with the legend below it.
            assert im.size[0] == round(page.largeur * RESOLUTION / 72)
            assert im.size[1] > round(page.hauteur * RESOLUTION / 72) + 60
    # Paper is white; a scan's is nearly so.
    tolerance = 10 if ocr else 4
    verifies = 0
    for li in plan.livrables:
        for c in li.cadres:
            if c.role not in ("livrable", "echeancier") or c.bottom - c.top < 12:
                continue
            with Image.open(tmp_path / f"page-{c.page:03d}.png") as im:
                couleur = _couleur_dominante(im.convert("RGB"), (c.x0, c.top, c.x1, c.bottom))
            assert _proche(couleur, teinte(c.role), tolerance), (li.mesure.numero, li.numero, c, couleur)
            verifies += 1
    assert verifies >= 10


def test_lignes_courantes_retirees_montrees(tmp_path: Path) -> None:
    """The running heads and footers ``marges`` removed are drawn, struck out, where they were."""
    pdf = VARIANTES / "pied-et-entete.pdf"
    assert main(["inspecte", str(pdf), "--out", str(tmp_path), "--pages", "2", "--resolution", str(RESOLUTION)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["page-002.png"]
    vue = analyser_document(pdf).pages[1]
    retirees = [lv.ligne for lv in vue.lignes if lv.role == "ligne_courante"]
    assert len(retirees) == 2
    e = RESOLUTION / 72
    with Image.open(tmp_path / "page-002.png") as im:
        im = im.convert("RGB")
        for li in retirees:
            zone = im.crop((round((li.x0 - 4) * e), round((li.top - 4) * e), round((li.x1 + 4) * e),
                            round((li.bottom + 4) * e)))
            rouges = sum(n for n, c in zone.getcolors(zone.size[0] * zone.size[1] + 1)
                         if c == COULEURS["ligne_courante"])
            assert rouges > 50, (li.texte, rouges)
    # The words removed are no longer in the grids: nothing of them was read as a cell.
    textes = {m.texte for g in vue.grilles for c in g.cellules for li in c.lignes for m in li.mots}
    assert not {m.texte for li in retirees for m in li.mots if len(m.texte) > 3} & textes - {"Page"}


def test_page_sans_tableau_dessinee(tmp_path: Path, capsys) -> None:
    """A document with no synoptic table is still drawn (it is when one wants to look), and
    the command says so instead of refusing it."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "lettre.pdf"
    c = canvas.Canvas(str(pdf), pagesize=letter)
    c.drawString(72, 700, "Une lettre, sans tableau synoptique.")
    c.showPage()
    c.save()
    assert main(["inspecte", str(pdf), "--out", str(tmp_path / "i")]) == 0
    assert "aucun tableau" in capsys.readouterr().out
    assert (tmp_path / "i" / "page-001.png").stat().st_size > 5_000
    # extract refuses the same file: inspecte is for looking, not for data.
    assert main(["extract", str(pdf), "--out", str(tmp_path / "o")]) == 7


def test_legende_dit_la_strategie_et_son_score() -> None:
    from pamam.inspection.dessin import _phrases

    doc = analyser_document(VARIANTES / "sans-bordures.pdf")
    phrases = " ".join(t for t, _ in _phrases(doc.pages[0], doc, 0))
    assert "Stratégie retenue : alignement" in phrases and "score de qualité 1,00" in phrases
    assert "« LIVRABLE » → livrable" in phrases
    tournee = analyser_document(VARIANTES / "pivotee-90.pdf")
    assert "pivotée (/Rotate 90)" in " ".join(t for t, _ in _phrases(tournee.pages[0], tournee, 90))


@pytest.mark.parametrize(("texte", "attendu"),
                         [("1,3-4", [1, 3, 4]), ("2", [2]), ("4-4,1", [1, 4]), (" 1 , 2 ", [1, 2])])
def test_liste_de_pages(texte: str, attendu: list[int]) -> None:
    assert pages(texte) == attendu


@pytest.mark.parametrize(("argv", "motif"), [
    (["--pages", "0"], "--pages"),
    (["--pages", "3-1"], "--pages"),
    (["--pages", "un"], "--pages"),
    (["--pages", "2,9"], "page 9 hors du document (4 page(s))"),
])
def test_pages_refusees_en_une_ligne(argv: list[str], motif: str, tmp_path: Path, capsys) -> None:
    try:
        code = main(["inspecte", str(SOURCES / "pamam-2023-11.pdf"), "--out", str(tmp_path), *argv])
    except SystemExit as e:  # argparse's own refusal of a malformed option
        code = e.code
    assert code == 2
    err = capsys.readouterr().err
    assert motif in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_fichier_illisible_une_ligne(tmp_path: Path, capsys) -> None:
    faux = tmp_path / "faux.pdf"
    faux.write_text("pas un PDF")
    assert main(["inspecte", str(faux), "--out", str(tmp_path / "i")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(faux) in err
    assert not (tmp_path / "i").exists()


RENDUS = [p for p in sorted(VARIANTES.glob("*.pdf")) if p.stem not in ("scannee", "long-40-pages")]


@pytest.mark.parametrize("pdf", RENDUS[::3], ids=lambda p: p.stem)
def test_l_inspection_voit_ce_que_l_extraction_a_lu(pdf: Path) -> None:
    """The inspection runs the extraction's own stages: same strategy per page, same rows
    (one rendering in three: ruled, borderless, centred, rotated, cut rows among them)."""
    plan = extraire_edition(pdf)
    vue = analyser_document(pdf)
    assert {p.numero: p.strategie for p in vue.pages} == plan.qualite.strategies
    lus = [(m.numero, len(m.livrables)) for s in vue.sections for a in s.actions for m in a.mesures]
    assert lus == [(m.numero, len(m.livrables)) for m in plan.mesures]
