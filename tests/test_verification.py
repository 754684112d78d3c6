"""``pamam inspecte --verification``: every livrable beside the crop of the page it came from.

Why: the page is how a person checks a whole edition against its PDF in minutes, often
offline or printed. Checked in a real browser (headless Chromium driven by Playwright):
one crop per livrable that the browser actually decodes, at the place its ``cadres`` say,
no request leaving the file, French, and a corrected row marked as such.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, SOURCES
from pamam.cli import main
from pamam.inspection.rendu import COULEURS
from pamam.pipeline import extraire_edition

CHROMIUM = Path("/usr/bin/chromium")
PDF_2024 = SOURCES / "pamam-2024-11.pdf"


def _ouvrir_dans_chromium(page_html: Path) -> dict:
    """Load the page in headless Chromium; what it requested, logged and shows."""
    from playwright.sync_api import sync_playwright

    requetes: list[str] = []
    console: list[str] = []
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=str(CHROMIUM),
                                       args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = navigateur.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: requetes.append(r.url))
            page.on("console", lambda m: console.append(m.text))
            page.goto(page_html.as_uri(), wait_until="load")
            resultat = page.evaluate("""() => {
                const articles = [...document.querySelectorAll('article.livrable')];
                return {
                    langue: document.documentElement.lang,
                    titre: document.title,
                    livrables: articles.map(a => ({
                        mesure: a.dataset.mesure, no: a.dataset.livrable, classes: a.className,
                        images: [...a.querySelectorAll('img')].map(i => ({
                            ok: i.complete && i.naturalWidth > 0, largeur: i.naturalWidth,
                            affichee: i.getBoundingClientRect().width, src: i.src.slice(0, 22)})),
                        texte: a.innerText})),
                };
            }""")
            page.emulate_media(media="print")
            resultat["pdf"] = len(page.pdf())
        finally:
            navigateur.close()
    resultat["requetes"] = requetes
    resultat["console"] = console
    return resultat


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium absent (/usr/bin/chromium)")
def test_page_de_verification_dans_chromium(tmp_path: Path, capsys) -> None:
    assert main(["inspecte", str(PDF_2024), "--verification", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'verification.html'}: 40 livrables à vérifier\n"
    html = tmp_path / "verification.html"
    assert [p.name for p in tmp_path.iterdir()] == ["verification.html"]
    assert html.stat().st_size < 1_500_000  # reasonably small: 40 crops
    texte = html.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", texte) and "<script" not in texte
    vu = _ouvrir_dans_chromium(html)
    # Nothing but the file itself was requested (images are data: URIs, CSS is inline).
    assert [u for u in vu["requetes"] if not u.startswith(("file:", "data:"))] == []
    assert vu["console"] == []
    assert vu["langue"] == "fr" and vu["titre"] == "Vérification de l’édition 2024-11"
    plan = extraire_edition(PDF_2024)
    attendus = [(li.mesure.numero, str(li.numero)) for li in plan.livrables]
    assert [(li["mesure"], li["no"]) for li in vu["livrables"]] == attendus
    for li in vu["livrables"]:
        # One crop per livrable (these rows sit on one page each), decoded by the browser.
        assert len(li["images"]) == 1, li
        image = li["images"][0]
        assert image["ok"] and image["src"].startswith("data:image/png;base64") and image["affichee"] > 500, li
        assert "Échéancier" in li["texte"] and "Statut" in li["texte"] and "Corriger cette ligne" in li["texte"]
    assert vu["pdf"] > 50_000  # printable


def test_extraits_a_la_place_des_cadres(tmp_path: Path) -> None:
    """Each crop holds its livrable's cell outlined in the livrable colour, and a livrable
    cut by a page break gets one crop per page."""
    import base64
    import io

    from pamam.inspection.verification import rendre_verification

    pdf = FIXTURES / "variantes" / "ligne-coupee.pdf"
    plan = extraire_edition(pdf)
    texte = rendre_verification(plan, pdf)
    motif = r'<article class="[^"]*" id="[^"]*" data-mesure="([^"]+)" data-livrable="(\d+)">(.*?)</article>'
    articles = re.findall(motif, texte, flags=re.S)
    assert len(articles) == len(plan.livrables)
    coupes = [li for li in plan.livrables if len({c.page for c in li.cadres if c.role == "livrable"}) == 2]
    assert coupes
    for mesure, no, corps in articles:
        li = next(x for x in plan.livrables if x.mesure.numero == mesure and str(x.numero) == no)
        pages = {c.page for c in li.cadres if c.role in ("livrable", "echeancier")}
        images = re.findall(r'src="data:image/png;base64,([^"]+)"', corps)
        assert len(images) == len(pages), (mesure, no)
        for donnees in images:
            with Image.open(io.BytesIO(base64.b64decode(donnees))) as im:
                couleurs = {c for _, c in im.convert("RGB").getcolors(im.size[0] * im.size[1] + 1)}
            assert COULEURS["livrable"] in couleurs, (mesure, no)


def test_ligne_corrigee_marquee(tmp_path: Path, capsys) -> None:
    corrections = tmp_path / "corrections.toml"
    corrections.write_text('[[correction]]\nedition = "2024-11"\nmesure = "4.2"\nlivrable = 1\n'
                           'champ = "echeancier"\nvaleur = "Hiver 2026"\n', encoding="utf-8")
    assert main(["inspecte", str(PDF_2024), "--verification", "--out", str(tmp_path / "v"),
                 "--corrections", str(corrections)]) == 0
    texte = (tmp_path / "v" / "verification.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="livrable corrige" id="l-4.2-1".*?</article>', texte, flags=re.S)
    assert article and "lu « Automne 2024 »" in article.group(0) and "Hiver 2026" in article.group(0)
    assert "Corrections appliquées (1)" in texte
    capsys.readouterr()
