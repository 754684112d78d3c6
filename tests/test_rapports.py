"""Change reports (CSV, Markdown, HTML) and the ``pamam compare`` command."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import plan
from pamam.cli import SORTIE_FICHIER, SORTIE_PAS_PDF, main
from pamam.comparaison import apparier as apparier_plans
from pamam.comparaison.changements import CLES, LIBELLES_TYPE, lister
from pamam.ecriture.rapport_html import diff_mots, rendre_html
from pamam.ecriture.rapport_md import rendre_markdown
from pamam.ecriture.rapports import changements_csv as rendre_csv

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "reference"
CAS = FIXTURES / "comparaison"
CHROMIUM = Path("/usr/bin/chromium")
VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def lire(chemin: Path) -> dict[str, Any]:
    return json.loads(chemin.read_text(encoding="utf-8"))


def apparier(avant: dict[str, Any], apres: dict[str, Any]) -> Any:
    """The cases are plan.json dicts; the comparison takes the plan model."""
    return apparier_plans(plan(avant), plan(apres))


def comparaison(avant: Path, apres: Path) -> tuple[dict[str, Any], Any]:
    app = apparier(lire(avant), lire(apres))
    return {"avant": app.avant.version, "apres": app.apres.version, "changements": lister(app)}, app


@pytest.fixture(scope="module")
def reference() -> tuple[dict[str, Any], Any]:
    return comparaison(REFERENCE / "pamam-2023-11.json", REFERENCE / "pamam-2024-11.json")


class Analyse(HTMLParser):
    """Collects what the tests look at, and checks that elements nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pile: list[str] = []
        self.erreurs: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texte: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in VIDES:
            self.pile.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.pile or self.pile[-1] != tag:
            self.erreurs.append(f"</{tag}> inattendu (ouverts : {self.pile[-3:]})")
        else:
            self.pile.pop()

    def handle_data(self, data: str) -> None:
        self.texte.append(data)

    def avec_classe(self, tag: str, classe: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and classe in a.get("class", "").split()]


def analyser(html: str) -> Analyse:
    a = Analyse()
    a.feed(html)
    a.close()
    assert not a.erreurs, a.erreurs[:5]
    assert not a.pile, a.pile
    return a


def test_html_structure(reference: tuple[dict[str, Any], Any]) -> None:
    resultat, app = reference
    html = rendre_html(resultat, app)
    a = analyser(html)
    assert html.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "fr"}) in a.elements
    # counts per type at the top
    (tableau,) = a.avec_classe("table", "compteurs")
    lignes = [x for t, x in a.elements if t == "tr" and "data-type" in x]
    types = {c["type"] for c in resultat["changements"]}
    assert {x["data-type"] for x in lignes} == types
    assert html.index('class="compteurs"') < html.index('class="partie"')
    # one part per section with changes
    parties = a.avec_classe("section", "partie")
    assert [p["id"] for p in parties] == ["section-A", "section-B", "section-C"]
    assert len(a.avec_classe("article", "chgt")) == len(resultat["changements"])
    # charts
    assert a.avec_classe("svg", "graphique-ecarts")
    assert a.avec_classe("svg", "chronologie")
    assert len([x for t, x in a.elements if t == "rect" and x.get("fill")]) > 10  # bars
    texte = "".join(a.texte)
    for annee in ("2024", "2025", "2026", "2027"):
        assert annee in texte
    # reworded words marked
    assert any(t == "ins" for t, _ in a.elements) and any(t == "del" for t, _ in a.elements)


def test_html_autonome(reference: tuple[dict[str, Any], Any]) -> None:
    """No script, no stylesheet or image fetched, no external URL in src/href."""
    resultat, app = reference
    a = analyser(rendre_html(resultat, app))
    for tag, attrs in a.elements:
        assert tag not in {"script", "link", "img", "iframe", "object"}, tag
        for cle in ("src", "href", "xlink:href"):
            valeur = attrs.get(cle, "")
            assert not valeur.startswith(("http://", "https://", "//")), (tag, valeur)
    assert "@import" not in rendre_html(resultat, app)
    assert "url(" not in rendre_html(resultat, app)


def test_html_echappe_le_texte_du_document() -> None:
    avant = lire(CAS / "base.json")
    apres = lire(CAS / "livrables_divers.json")
    apres["sections"][0]["actions"][0]["mesures"][2]["livrables"][0]["texte"] = (
        "Répertoire <script>alert(1)</script> & programmes"
    )
    app = apparier(avant, apres)
    resultat = {"avant": "2030-01", "apres": "2031-01", "changements": lister(app)}
    html = rendre_html(resultat, app)
    a = analyser(html)
    assert not [t for t, _ in a.elements if t == "script"]
    assert "&lt;script&gt;" in html
    assert "<script>" not in rendre_markdown(resultat, app)


def test_html_sans_changement() -> None:
    resultat, app = comparaison(CAS / "base.json", CAS / "identique.json")
    a = analyser(rendre_html(resultat, app))
    assert not a.avec_classe("section", "partie")
    assert "Aucun changement" in "".join(a.texte)


def test_diff_mots() -> None:
    a, b = diff_mots("Diffusion trimestrielle", "Diffusion trimestrielle de l’infolettre")
    assert a == "Diffusion trimestrielle"
    assert b == "Diffusion trimestrielle <ins>de l’infolettre</ins>"
    a, b = diff_mots("Printemps 2024 <x>", "Automne 2024 <x>")
    assert a == "<del>Printemps</del> 2024 &lt;x&gt;"
    assert b == "<ins>Automne</ins> 2024 &lt;x&gt;"


def test_markdown(reference: tuple[dict[str, Any], Any]) -> None:
    resultat, app = reference
    md = rendre_markdown(resultat, app)
    lignes = md.splitlines()
    assert lignes[0] == "# Changements du PAMAM : 2023-11 → 2024-11"
    debut = lignes.index("| Type de changement | Nombre |")
    assert lignes[debut + 1] == "|---|---:|"
    assert f"| {LIBELLES_TYPE['statut_modifie']} | 7 |" in lignes
    assert "| **Total** | **15** |" in lignes
    assert [x for x in lignes if x.startswith("## ")] == [
        "## En retard",
        "## Section A — UN PARTENARIAT DYNAMIQUE",
        "## Section B — DES SERVICES ADAPTÉS ET ACCESSIBLES",
        "## Section C — DES COMMUNICATIONS EFFICACES",
    ]
    # multi-line texts stay in their table row
    assert any("En 2023-2024, 4 rencontres ont été planifiées :<br>― 16 juin 2023" in x for x in lignes)
    for x in lignes:
        if x.startswith("| Mesure ") and "livrable" in x:
            assert x.count(" | ") == 5  # élément, type, avant, après, détails, pages


# --- overdue livrables and pages -------------------------------------------------------------


@pytest.fixture(scope="module")
def exemples() -> tuple[dict[str, Any], Any]:
    """The shipped example editions: a source PDF, pages and publication dates (so overdue items)."""
    from conftest import plans_exemples

    app = apparier_plans(*(plan(p) for p in plans_exemples()))
    return {"avant": app.avant.version, "apres": app.apres.version, "changements": lister(app)}, app


def _liens(app: Any, rapport: Path, sources: Path) -> Any:
    from pamam.ecriture.liens import LiensPdf

    return LiensPdf.depuis((app.avant, app.apres), rapport, sources)


def test_rapports_listent_les_livrables_en_retard(exemples: tuple[dict[str, Any], Any]) -> None:
    """The new edition's overdue livrables, how long (days and words), their page linked."""
    resultat, app = exemples
    attendus = [li for li in app.apres.livrables if li.echeance.en_retard]
    assert attendus, "the example edition has overdue livrables"
    liens = _liens(app, Path("sorties/changements/2023-11__2024-11"), Path("sources"))
    html = rendre_html(resultat, app, liens)
    a = analyser(html)
    (section,) = [x for t, x in a.elements if t == "section" and x.get("id") == "retards"]
    assert section
    lignes = a.avec_classe("tr", "retard")
    assert len(lignes) == len(attendus)
    for li in attendus:
        jours = (app.apres.publication - li.echeance.fin).days
        assert f"{jours} jours" in html
        assert li.texte in "".join(a.texte)
    assert html.index('id="retards"') < html.index('class="partie"')
    md = rendre_markdown(resultat, app, liens)
    assert "## En retard" in md and "retard" in md
    for li in attendus:
        jours = (app.apres.publication - li.echeance.fin).days
        assert f"| {jours} jours (" in md
        assert f"(../../../sources/pamam-2024-11.pdf#page={li.page})" in md


def test_rapport_sans_retard_le_dit(reference: tuple[dict[str, Any], Any]) -> None:
    resultat, app = reference  # hand transcriptions: no publication date, nothing overdue
    assert "Aucun livrable en retard dans l’édition 2024-11." in rendre_markdown(resultat, app)
    assert "Aucun livrable en retard dans l’édition 2024-11." in rendre_html(resultat, app)


def test_chaque_carte_donne_la_page_de_chaque_edition(exemples: tuple[dict[str, Any], Any]) -> None:
    resultat, app = exemples
    liens = _liens(app, Path("sorties/changements/2023-11__2024-11"), Path("sources"))
    a = analyser(rendre_html(resultat, app, liens))
    cartes = a.avec_classe("article", "chgt")
    assert len(cartes) == len(resultat["changements"])
    html = rendre_html(resultat, app, liens)
    blocs = html.split('<article class="chgt')[1:]
    for c, bloc in zip(resultat["changements"], blocs, strict=True):
        bloc = bloc.split("</article>")[0]
        assert '<p class="pages">' in bloc, c
        if c["type"] not in ("livrable_ajoute", "mesure_ajoutee", "section_ajoutee", "action_ajoutee"):
            assert "../../../sources/pamam-2023-11.pdf#page=" in bloc, c
        if c["type"] not in ("livrable_retire", "mesure_retiree", "section_retiree", "action_retiree"):
            assert "../../../sources/pamam-2024-11.pdf#page=" in bloc, c
    report = next(c for c in resultat["changements"] if c["type"] == "echeance_reportee")
    from pamam.ecriture.rapport_md import Index

    ancien, nouveau = Index(app).elements(report)
    assert ancien is not None and nouveau is not None
    assert f"pamam-2024-11.pdf#page={nouveau.page}" in html


def test_liens_relatifs_au_rapport(tmp_path: Path) -> None:
    """The link goes from the report's folder to the sources folder, wherever both are."""
    from conftest import plans_exemples
    from pamam.ecriture.liens import LiensPdf, sources_voisines

    plans = [plan(p) for p in plans_exemples()]
    sortie = tmp_path / "projet" / "sorties"
    liens = LiensPdf.depuis(plans, sortie / "changements" / "2023-11__2024-11", sources_voisines(sortie))
    assert liens.lien("2024-11", 3) == "../../../sources/pamam-2024-11.pdf#page=3"
    assert LiensPdf.depuis(plans, sortie, sources_voisines(sortie)).lien("2023-11", 1) == (
        "../sources/pamam-2023-11.pdf#page=1")
    assert liens.lien("1999-01", 1) is None  # an edition without a source PDF: no link, never a broken one
    plans[0].document.source.fichier = "pamam 2023 (copie).pdf"
    assert LiensPdf.depuis(plans, sortie, tmp_path / "projet" / "sources").lien("2023-11", 2) == (
        "../sources/pamam%202023%20%28copie%29.pdf#page=2")


def test_duree_en_mots() -> None:
    from pamam.ecriture.liens import duree_en_mots

    assert duree_en_mots(1) == "1 jour"
    assert duree_en_mots(12) == "12 jours"
    assert duree_en_mots(317) == "environ 10 mois"
    assert duree_en_mots(365) == "environ 1 an"
    assert duree_en_mots(430) == "environ 1 an et 2 mois"
    assert duree_en_mots(800) == "environ 2 ans et 2 mois"


def test_ecart_de_convention_dans_le_rapport() -> None:
    """A shift the conventions made is shown as a reworded deadline, not a postponement."""
    resultat, app = comparaison(CAS / "base.json", CAS / "echeances_conventions.json")
    html = rendre_html(resultat, app)
    assert [c["type"] for c in resultat["changements"]] == ["echeance_modifiee", "echeance_modifiee"]
    assert "reportée de" not in html and "Échéance reportée" not in html
    assert "conventions de dates" in html
    md = rendre_markdown(resultat, app)
    assert "Échéance reportée" not in md and "Échéance modifiée" in md


def test_markdown_sans_changement() -> None:
    resultat, app = comparaison(CAS / "base.json", CAS / "identique.json")
    assert "Aucun changement" in rendre_markdown(resultat, app)


def test_csv(reference: tuple[dict[str, Any], Any]) -> None:
    resultat, _ = reference
    texte = rendre_csv(resultat)
    assert texte.startswith(",".join(CLES) + "\r\n")
    lignes = list(csv.DictReader(io.StringIO(texte, newline="")))
    assert len(lignes) == len(resultat["changements"])
    for ligne, c in zip(lignes, resultat["changements"], strict=True):
        for k in CLES:
            assert ligne[k] == ("" if c[k] is None else str(c[k]))


# --- the command ----------------------------------------------------------------------------


def test_commande_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sortie = tmp_path / "rapport"
    code = main(["compare", str(CAS / "base.json"), str(CAS / "mesure_retiree_renumerotee.json"), "--out", str(sortie)])
    assert code == 0
    assert sorted(p.name for p in sortie.iterdir()) == [
        "changements.csv",
        "changements.html",
        "changements.json",
        "changements.md",
    ]
    resultat = lire(sortie / "changements.json")
    assert [c["type"] for c in resultat["changements"]] == ["mesure_retiree", "mesure_renumerotee", "livrable_modifie"]
    ligne = capsys.readouterr().out.strip()
    assert ligne == f"{sortie}: 3 changements (2030-01 → 2031-01)"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_commande_dossier_par_defaut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["compare", str(CAS / "base.json"), str(CAS / "statut_modifie.json")]) == 0
    assert (tmp_path / "sorties" / "changements" / "2030-01__2031-01" / "changements.html").is_file()


def test_version_absente_prise_du_chemin(tmp_path: Path) -> None:
    for version, nom in (("2030-01", "base"), ("2031-01", "echeance_devancee")):
        plan = lire(CAS / f"{nom}.json")
        del plan["document"]["version"]
        (tmp_path / version).mkdir()
        (tmp_path / version / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    sortie = tmp_path / "out"
    assert (
        main(
            ["compare", str(tmp_path / "2030-01/plan.json"), str(tmp_path / "2031-01/plan.json"), "--out", str(sortie)]
        )
        == 0
    )
    assert lire(sortie / "changements.json")["avant"] == "2030-01"


@pytest.mark.parametrize(
    ("contenu", "code", "motif"),
    [
        (None, SORTIE_FICHIER, "introuvable"),
        (b"{ pas du json", SORTIE_PAS_PDF, "JSON illisible"),
        (b"\x00\xff\xfe binaire", SORTIE_PAS_PDF, "ni un PDF ni un plan.json"),
        (b'{"titre": "x"}', SORTIE_PAS_PDF, "sections"),
        (b"[1, 2]", SORTIE_PAS_PDF, "pas un plan"),
        (b'{"sections": [{"actions": [{"mesures": [{"livrables": ["x"]}]}]}]}', SORTIE_PAS_PDF, "livrable"),
    ],
)
def test_commande_entree_invalide_laisse_les_anciens_fichiers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], contenu: bytes | None, code: int, motif: str
) -> None:
    sortie = tmp_path / "rapport"
    assert main(["compare", str(CAS / "base.json"), str(CAS / "statut_modifie.json"), "--out", str(sortie)]) == 0
    avant = {p.name: p.read_bytes() for p in sortie.iterdir()}
    capsys.readouterr()
    mauvais = tmp_path / "mauvais.json"
    if contenu is not None:
        mauvais.write_bytes(contenu)
    assert main(["compare", str(CAS / "base.json"), str(mauvais), "--out", str(sortie)]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(mauvais) in err and motif in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in sortie.iterdir()} == avant


# --- rendering in a real browser ---------------------------------------------------------------


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium absent (/usr/bin/chromium)")
def test_rendu_chromium(tmp_path: Path, reference: tuple[dict[str, Any], Any]) -> None:
    resultat, app = reference
    page = tmp_path / "changements.html"
    page.write_text(rendre_html(resultat, app), encoding="utf-8")
    profil = tmp_path / "profil"
    capture = tmp_path / "shot.png"
    r = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profil}",
            f"--screenshot={capture}",
            "--window-size=1280,2000",
            "--enable-logging=stderr",
            "--v=0",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert capture.is_file() and capture.stat().st_size > 10_000, r.stderr[-2000:]
    assert capture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Uncaught" not in r.stderr
    assert "CONSOLE" not in r.stderr  # the page has no script: nothing may log to the console
    shutil.rmtree(profil, ignore_errors=True)
