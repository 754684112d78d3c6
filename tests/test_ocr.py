"""Scanned editions: refused with a clear reason without ``--ocr``, read with it.

Why: some editions only exist as scans (image-only PDFs). Without a text layer the
extraction has nothing to read, so the command must say so — naming the missing text
layer and the ``--ocr`` option — rather than report "no table". With ``--ocr`` the pages
are recognised by tesseract and the normal pipeline runs; the fixture ``scannee.pdf`` (the
2023-11 reference rasterised to grey JPEG pages) must then give back at least 34 of its
37 rows exactly, compared field by field as the acceptance scoring does.

The OCR tests need the ``tesseract`` command with French data; they are skipped, with the
reason, only where it is missing. The character post-processing rules are unit-tested
without tesseract.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pamam.cli as erreurs  # the exit codes are the command line's
from extraction.ocr import MotReconnu, apostrophe_du_document, corriger_mots, lire_hocr, traits

RACINE = Path(__file__).resolve().parent.parent
SCANNEE = RACINE / "tests" / "fixtures" / "variantes" / "scannee.pdf"
ATTENDU = RACINE / "tests" / "fixtures" / "variantes" / "scannee.attendu.json"
MIN_EXACTES = 34


def _tesseract_francais() -> str | None:
    """Why the OCR tests cannot run here, or None when they can."""
    exe = shutil.which("tesseract")
    if exe is None:
        return "tesseract absent (apt install tesseract-ocr tesseract-ocr-fra)"
    langues = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, check=False)
    if "fra" not in (langues.stdout + langues.stderr).split():
        return "données françaises de tesseract absentes (apt install tesseract-ocr-fra)"
    return None


SANS_TESSERACT = _tesseract_francais()
besoin_tesseract = pytest.mark.skipif(SANS_TESSERACT is not None, reason=SANS_TESSERACT or "")


def _pamam() -> list[str]:
    voisin = Path(sys.executable).with_name("pamam")
    return [str(voisin)] if voisin.exists() else [sys.executable, "-m", "pamam.cli"]


def _norm(texte: str | None) -> str:
    return re.sub(r"\s+", " ", texte or "").strip()


def lignes(plan: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    """One comparable row per livrable, keyed (measure number, livrable index)."""
    sortie = {}
    for s in plan.get("sections", []):
        for a in s.get("actions", []):
            for m in a.get("mesures", []):
                for i, liv in enumerate(m.get("livrables", []), 1):
                    ech = liv.get("echeancier")
                    ech = ech.get("texte") if isinstance(ech, dict) else ech
                    sortie[(m.get("numero"), i)] = {
                        "section": s.get("code"), "section_titre": _norm(s.get("titre")),
                        "objectif": _norm(s.get("objectif")), "action": a.get("numero"),
                        "action_titre": _norm(a.get("titre")), "mesure_titre": _norm(m.get("titre")),
                        "livrable": _norm(liv.get("texte")), "echeancier": _norm(ech),
                    }
    return sortie


def test_scannee_refusee_sans_ocr(tmp_path: Path) -> None:
    """No text layer: exit 6, one line naming the file, the text layer and --ocr."""
    r = subprocess.run([*_pamam(), "extract", str(SCANNEE), "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == erreurs.SORTIE_SANS_TEXTE, r.stderr
    assert len(r.stderr.splitlines()) == 1, r.stderr
    ligne = r.stderr.strip()
    assert ligne.startswith(f"pamam: {SCANNEE}: ")
    assert "couche de texte" in ligne and "--ocr" in ligne
    assert not any(tmp_path.iterdir())


@besoin_tesseract
def test_scannee_lue_avec_ocr(tmp_path: Path) -> None:
    """--ocr: at least 34 of the 37 rows exactly as in the reference, nothing spurious."""
    r = subprocess.run([*_pamam(), "extract", str(SCANNEE), "--ocr", "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    plan = json.loads((tmp_path / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    obtenues, attendues = lignes(plan), lignes(json.loads(ATTENDU.read_text(encoding="utf-8")))
    exactes = [k for k, v in attendues.items() if obtenues.get(k) == v]
    fausses = {k: (obtenues.get(k), v) for k, v in attendues.items() if obtenues.get(k) != v}
    assert len(exactes) >= MIN_EXACTES, f"{len(exactes)}/{len(attendues)} rows exact; misses: {fausses}"
    assert set(obtenues) <= set(attendues), set(obtenues) - set(attendues)
    assert plan["document"]["source"]["fichier"] == SCANNEE.name


@besoin_tesseract
def test_ocr_sur_un_pdf_qui_a_du_texte_ne_change_rien(tmp_path: Path) -> None:
    """--ocr on a PDF with a text layer: the file is read as it is (OCR would only degrade it)."""
    from extraction import lire_plan

    source = RACINE / "sources" / "pamam-2023-11.pdf"
    avec, sans = lire_plan(source, ocr=True), lire_plan(source)
    assert avec.pages_ocr == []
    assert [li.texte for li in avec.livrables] == [li.texte for li in sans.livrables]


def test_ocr_sans_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tesseract missing: --ocr fails with one line saying how to install it."""
    from extraction.erreurs import OcrImpossible
    from extraction.ocr import tesseract
    from pamam.cli import code_et_conseil, ligne_erreur, main

    monkeypatch.setattr(tesseract.shutil, "which", lambda nom: None)  # the module that looks tesseract up
    with pytest.raises(OcrImpossible) as e:
        tesseract.verifier_tesseract(SCANNEE)
    assert code_et_conseil(e.value)[0] == erreurs.SORTIE_SANS_TEXTE
    assert "apt install tesseract-ocr tesseract-ocr-fra" in ligne_erreur(e.value)
    assert "\n" not in ligne_erreur(e.value)
    # End to end through the command line, in-process (the patch must apply).
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["extract", str(SCANNEE), "--ocr", "--out", str(tmp_path)])
    assert code == erreurs.SORTIE_SANS_TEXTE
    assert err.getvalue().count("\n") == 1 and "tesseract" in err.getvalue()


def test_ocr_valide_l_entree_avant_tout(tmp_path: Path) -> None:
    """--ocr on a bad input gives the same answer as without it (no OCR time spent)."""
    absent = tmp_path / "absent.pdf"
    r = subprocess.run([*_pamam(), "extract", str(absent), "--ocr", "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == erreurs.SORTIE_FICHIER
    assert r.stderr.strip() == f"pamam: {absent}: fichier introuvable"


# --- post-processing rules, without tesseract ----------------------------------------------------


def _mot(texte: str, x0: float, x1: float, ligne: int = 1, taille: float = 36.0) -> MotReconnu:
    return MotReconnu(texte, x0, x1, ligne, taille, 100.0)


def test_apostrophe_du_document() -> None:
    """One curly apostrophe read anywhere means the print is typographic; none, keep ASCII."""
    assert apostrophe_du_document(["l'accès", "d’un", "l'information"]) == "’"
    assert apostrophe_du_document(["l'accès", "l'information"]) == "'"


def test_corrections() -> None:
    """Apostrophes unified and doubled ones merged; dashes classified by printed width;
    a bar read from a ruling dropped."""
    mots = [
        _mot("―", 10, 48, ligne=1), _mot("16", 60, 90, ligne=1), _mot("—", 100, 121, ligne=1),
        _mot("d’'ententes", 10, 180, ligne=2), _mot("l'accès", 200, 300, ligne=2), _mot("|", 310, 314, ligne=2),
        _mot("Transports-Municipalités", 10, 400, ligne=3), _mot("-", 410, 417, ligne=3),  # 0.43 letter wide
        _mot("—", 430, 468, ligne=3),
    ]
    corriger_mots(mots, "’")
    assert [m.texte for m in mots] == ["―", "16", "–", "d’ententes", "l’accès", "Transports-Municipalités", "-",
                                       "—"]


def test_lire_hocr() -> None:
    """Words with their line's baseline and font size (x_size), entities decoded."""
    hocr = (
        "<div class='ocr_page'><span class='ocr_line' title=\"bbox 100 200 900 240; baseline 0 -8; "
        "x_size 35; x_descenders 8; x_ascenders 7\"><span class='ocrx_word' title='bbox 100 205 180 240; "
        "x_wconf 96'>Plan</span> <span class='ocrx_word' title='bbox 190 205 260 232; x_wconf 95'>"
        "<strong>d&#39;action</strong></span></span></div>"
    )
    mots = lire_hocr(hocr)
    assert [m.texte for m in mots] == ["Plan", "d'action"]
    assert mots[0].taille == 35 and mots[0].base == 232 and mots[0].ligne == mots[1].ligne


def test_traits_retrouves_dans_l_image() -> None:
    """A thin rule gives one line; a filled band (shaded header) gives its two edges."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1000, 800), 255)
    d = ImageDraw.Draw(image)
    d.rectangle([50, 100, 950, 102], fill=0)  # 3-px rule
    d.rectangle([50, 300, 950, 360], fill=20)  # shaded band
    d.rectangle([500, 400, 502, 790], fill=0)  # vertical rule
    d.text((60, 500), "texte court", fill=0)
    t = traits(image)
    horizontales = sorted(y0 for x0, y0, x1, y1 in t if y0 == y1)
    verticales = [x0 for x0, y0, x1, y1 in t if x0 == x1]
    assert horizontales == [101.5, 300, 361]
    assert any(abs(x - 501.5) < 1 for x in verticales)


@besoin_tesseract
def test_scan_blanc_avec_ocr(tmp_path: Path) -> None:
    """A scan of a blank page: OCR finds nothing, said in one line naming the user's file."""
    import pypdfium2 as pdfium
    from PIL import Image

    jpeg = tmp_path / "blanc.jpg"
    Image.new("L", (850, 1100), 255).save(jpeg)
    doc = pdfium.PdfDocument.new()
    image = pdfium.PdfImage.new(doc)
    image.load_jpeg(str(jpeg), inline=True)
    image.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page = doc.new_page(612, 792)
    page.insert_obj(image)
    page.gen_content()
    scan = tmp_path / "scan-blanc.pdf"
    doc.save(str(scan))
    r = subprocess.run([*_pamam(), "extract", str(scan), "--ocr", "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == erreurs.SORTIE_SANS_TEXTE
    assert r.stderr.strip() == f"pamam: {scan}: aucun texte reconnu par l’OCR (pages blanches ou illisibles)"


@besoin_tesseract
def test_make_extract_ocr_lit_une_edition_numerisee_parmi_les_autres(tmp_path: Path) -> None:
    """make extract OCR=1: the scanned edition is recognised, the others read as usual;
    without it, the scan is reported on one line and the others still land."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SCANNEE, sources / "scan-2023-11.pdf")
    shutil.copy(RACINE / "sources" / "pamam-2024-11.pdf", sources)
    sans = subprocess.run([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(tmp_path / "a")],
                          capture_output=True, text=True, timeout=300)
    assert sans.returncode == 10, sans.stderr
    assert [li for li in sans.stderr.splitlines() if "scan-2023-11.pdf" in li and "--ocr" in li]
    assert (tmp_path / "a" / "2024-11" / "plan.json").exists()
    avec = subprocess.run([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(tmp_path / "b"), "--ocr"],
                          capture_output=True, text=True, timeout=600)
    assert avec.returncode == 0, avec.stderr
    plan = json.loads((tmp_path / "b" / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    assert plan["document"]["source"]["fichier"] == "scan-2023-11.pdf"
    assert plan["qualite"]["comptes"]["livrables"] == 37
    assert (tmp_path / "b" / "changements" / "2023-11__2024-11" / "changements.json").exists()
