"""``sorties/index.html``: the self-contained page to browse the latest edition and the history.

Checked as HTML (structure, links, the embedded JSON that cannot break out of its element,
no external resource) and in a real browser: Playwright drives the system's Chromium
(Playwright's own browser download is not needed), loads the page from disk, and checks that
nothing is logged to the console, that nothing but the file itself is requested, that each
filter shows the rows it should, that a livrable's history opens, that the page reads
without its script and prints without its filters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_rapports import analyser

from conftest import RACINE, ecrire_sorties, plan, trois_editions
from pamam.ecriture.page import SCRIPT, empreinte_csp, json_dans_html, rendre_page
from pamam.historique import suivre

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def sorties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ecrire_sorties(trois_editions(), tmp_path_factory.mktemp("page") / "sorties")


def donnees(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="donnees-pamam">(.*?)</script>', html, re.S)
    assert m is not None
    return json.loads(m.group(1))


# --- the HTML ------------------------------------------------------------------------------


def test_structure_et_liens(sorties: Path) -> None:
    html = (sorties / "index.html").read_text(encoding="utf-8")
    a = analyser(html)
    assert html.startswith("<!DOCTYPE html>") and ("html", {"lang": "fr"}) in a.elements
    ids = {x.get("id") for _, x in a.elements}
    assert {"livrables", "echeancier", "retires", "editions", "donnees", "filtres", "table-livrables"} <= ids
    d = donnees(html)
    actuels = [r for r in d["livrables"] if r["version"] == "2032-01"]
    assert d["derniere"] == "2032-01" and len(d["editions"]) == 3
    lignes = a.avec_classe("tr", "livrable")
    assert [x["data-id"] for x in lignes] == [r["identifiant"] for r in actuels]
    assert len(a.avec_classe("details", "historique")) == len(actuels) + 1  # + the removed livrable
    assert len(a.avec_classe("div", "frise-ligne")) == sum(1 for r in actuels if r["debut"] or r["fin"]) + 1
    hrefs = [x["href"] for t, x in a.elements if t == "a" and "href" in x]
    assert "../sources/plan-2032-01.pdf#page=1" in hrefs and "../sources/plan-2030-01.pdf#page=2" in hrefs
    assert "changements/2030-01__2031-01/changements.html" in hrefs
    assert "changements/2031-01__2032-01/changements.html" in hrefs
    for nom in ("suivi.csv", "historique.csv", "pamam.xlsx", "pamam.sqlite", "datapackage.json"):
        assert nom in hrefs and (sorties / nom).is_file()
    texte = "".join(a.texte)
    assert "Inventaire des formulaires existants" in texte and "2031-01" in texte  # removed, and when
    assert "380 jours" in texte and "Statut" in texte and "Réalisé" in texte


def test_autonome(sorties: Path) -> None:
    """Nothing fetched: no external URL, no stylesheet or image link, a CSP that forbids requests."""
    html = (sorties / "index.html").read_text(encoding="utf-8")
    a = analyser(html)
    for tag, attrs in a.elements:
        assert tag not in {"link", "img", "iframe", "object", "embed"}, tag
        if tag == "script":
            assert "src" not in attrs
        for cle in ("src", "href"):
            assert not attrs.get(cle, "").startswith(("http://", "https://", "//")), (tag, attrs)
    assert "@import" not in html and "url(" not in html
    (csp,) = [x["content"] for t, x in a.elements if t == "meta" and x.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and f"script-src {empreinte_csp(SCRIPT)}" in csp
    assert html.count(f"<script>{SCRIPT}</script>") == 1


def test_json_ne_peut_pas_sortir_de_son_element(tmp_path: Path) -> None:
    editions = trois_editions()
    piege = "Fin </script><script>alert(1)</script> <!-- & \u2028 »"
    for e in editions:
        e["sections"][0]["actions"][0]["mesures"][0]["livrables"][0]["texte"] = piege
    plans = [plan(e) for e in editions]
    html = rendre_page(suivre(plans), [], tmp_path)
    a = analyser(html)
    assert sum(1 for t, _ in a.elements if t == "script") == 2
    assert html.count("</script>") == 2
    d = donnees(html)
    assert d["livrables"][0]["livrable"] == piege  # the data reads back exactly
    assert json.loads(json_dans_html({"x": piege}))["x"] == piege
    assert "&lt;/script&gt;" in html  # the table shows it as text


def test_deterministe(sorties: Path, tmp_path: Path) -> None:
    autre = ecrire_sorties(trois_editions(), tmp_path / "sorties")
    assert (autre / "index.html").read_bytes() == (sorties / "index.html").read_bytes()


def test_une_seule_edition(tmp_path: Path) -> None:
    sortie = ecrire_sorties(trois_editions()[:1], tmp_path / "sorties")
    a = analyser((sortie / "index.html").read_text(encoding="utf-8"))
    assert len(a.avec_classe("tr", "livrable")) == 13
    assert "Aucun livrable n’a été retiré" in "".join(a.texte)


# --- in a browser ----------------------------------------------------------------------------

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def navigateur() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("chromium absent (/usr/bin/chromium)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        yield b
        b.close()


class Ouverte:
    """A page loaded from disk, with what it logged and requested."""

    def __init__(self, navigateur: Any, chemin: Path, script: bool = True) -> None:
        self.contexte = navigateur.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=script)
        self.page = self.contexte.new_page()
        self.console: list[str] = []
        self.requetes: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requetes.append(r.url))
        self.page.goto(chemin.as_uri())
        self.page.wait_for_load_state("load")

    def visibles(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#table-livrables tr.livrable", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")

    def frise(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#echeancier .frise-ligne", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.id)")

    def fermer(self) -> None:
        self.contexte.close()


@pytest.fixture
def ouvrir(navigateur: Any) -> Iterator[Any]:
    pages: list[Ouverte] = []

    def ouvrir_(chemin: Path, script: bool = True) -> Ouverte:
        pages.append(Ouverte(navigateur, chemin, script))
        return pages[-1]

    yield ouvrir_
    for p in pages:
        p.fermer()


def test_dans_chromium_filtres_et_historique(sorties: Path, ouvrir: Any, tmp_path: Path) -> None:
    chemin = sorties / "index.html"
    o = ouvrir(chemin)
    d = donnees(chemin.read_text(encoding="utf-8"))
    actuels = {r["identifiant"]: r for r in d["livrables"] if r["version"] == d["derniere"]}
    tous = list(actuels)
    assert o.console == [], o.console
    assert o.requetes == [chemin.as_uri()]  # the file itself, nothing else
    assert o.page.is_visible("#filtres")
    assert o.visibles() == tous
    assert o.page.inner_text("#compte") == f"{len(tous)} livrables affichés sur {len(tous)}."

    def attendus(test: Any) -> list[str]:
        return [i for i, r in actuels.items() if test(r)]

    o.page.select_option("select[name=section]", "B")
    assert o.visibles() == attendus(lambda r: r["section"] == "B") and len(o.visibles()) == 3
    assert set(o.frise()) <= set(o.visibles())
    assert not o.page.is_visible('#table-livrables tr.groupe[data-section="A"]')
    o.page.select_option("select[name=section]", "")
    o.page.select_option("select[name=statut]", "realise")
    assert o.visibles() == attendus(lambda r: r["statut"] == "realise") != []
    o.page.select_option("select[name=statut]", "")
    o.page.check("input[name=retard]")
    assert o.visibles() == attendus(lambda r: r["en_retard"]) and len(o.visibles()) == 4
    assert o.frise() == o.visibles()
    o.page.fill("input[name=texte]", "TROUSSE")  # case and accents folded
    assert [actuels[i]["mesure"] for i in o.visibles()] == ["3.1"]
    o.page.uncheck("input[name=retard]")
    o.page.fill("input[name=texte]", "evaluation ententes")  # every word, accents folded
    assert [actuels[i]["mesure"] for i in o.visibles()] == ["1.10"]
    o.page.fill("input[name=texte]", "aucun livrable ne contient ceci")
    assert o.visibles() == [] and o.frise() == []
    assert o.page.inner_text("#compte").startswith("0 livrable affiché")
    o.page.click("button[type=reset]")  # the form resets, then the script re-applies (next tick)
    # A locator, not wait_for_function: the page's CSP forbids evaluating strings, as it should.
    playwright.expect(o.page.locator("#table-livrables tr.livrable:not([hidden])")).to_have_count(len(tous))
    assert o.visibles() == tous

    # A livrable's history opens: every edition's wording and deadline.
    ident = next(i for i, r in actuels.items() if r["mesure"] == "1.2" and r["livrable_no"] == 1)
    details = f'#table-livrables details.historique[data-id="{ident}"]'
    assert not o.page.is_visible(f"{details} ol.historique")
    o.page.click(f"{details} summary")
    assert o.page.is_visible(f"{details} ol.historique")
    editions = o.page.eval_on_selector_all(f"{details} ol.historique li", "els => els.map(e => e.dataset.version)")
    assert editions == ["2030-01", "2031-01", "2032-01"]
    echeances = o.page.eval_on_selector_all(f"{details} ol.historique li .echeancier",
                                            "els => els.map(e => e.innerText)")
    assert echeances == ["Printemps 2031", "Automne 2031", "Printemps 2032"]
    libelles = o.page.eval_on_selector_all(f"{details} ol.historique li .libelle", "els => els.map(e => e.innerText)")
    assert libelles == ["1.2 · L1 — Plan de formation du personnel"] * 3
    assert "reporté 2 fois, 366 jours au total" in o.page.inner_text(details)
    o.page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    assert (tmp_path / "index.png").stat().st_size > 50_000
    assert o.console == [] and o.requetes == [chemin.as_uri()]


def test_dans_chromium_sans_script_et_a_l_impression(sorties: Path, ouvrir: Any, tmp_path: Path) -> None:
    chemin = sorties / "index.html"
    o = ouvrir(chemin, script=False)
    assert not o.page.is_visible("#filtres")  # nothing to filter with: not shown
    assert len(o.visibles()) == 13 and len(o.frise()) > 0
    o.page.click("#table-livrables details.historique summary")
    assert o.page.is_visible("#table-livrables details.historique ol.historique")
    o = ouvrir(chemin)
    o.page.emulate_media(media="print")
    assert not o.page.is_visible("#filtres") and not o.page.is_visible("nav.sommaire")
    assert o.page.is_visible("#table-livrables") and o.page.is_visible("#echeancier .frise")
    pdf = o.page.pdf(path=str(tmp_path / "index.pdf"))
    assert pdf[:5] == b"%PDF-"
    assert o.console == []


def test_dans_chromium_les_sorties_engagees(ouvrir: Any) -> None:
    """The committed page (the two shipped editions) loads cleanly too."""
    chemin = RACINE / "sorties" / "index.html"
    o = ouvrir(chemin)
    assert o.console == [] and o.requetes == [chemin.as_uri()]
    o.page.check("input[name=retard]")
    assert len(o.visibles()) == 2
