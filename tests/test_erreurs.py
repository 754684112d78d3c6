"""Every bad input gets one clear line, a documented exit code, and loses nothing.

Why: the contract (« Exit status ») promises that on bad input ``pamam extract`` exits
non-zero with one stderr line naming the file and the reason — never a traceback — and
that the files of an earlier good run in the same output folder stay byte-for-byte as
they were. Each test below first copies a folder holding a good extraction, runs the
command on one kind of bad input into it, then checks the exit code (``pamam.erreurs``),
the single line, and every byte of the folder (no staging directory left behind either).

Bad files are made at test time (reportlab, already a test dependency, draws the PDFs;
its standard encryption gives the encrypted ones), so nothing binary is committed.
Most runs are real ``pamam`` processes; failures that need a fault injected (the xlsx
writer failing half-way, pdfminer raising something unexpected) run in-process through
``pamam.cli.main`` with pytest's monkeypatch.
"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import pamam.cli as erreurs  # the exit codes are the command line's
from conftest import sur_un_terminal
from pamam.cli import main

RACINE = Path(__file__).resolve().parent.parent
SOURCE = RACINE / "sources" / "pamam-2023-11.pdf"
LONG = RACINE / "tests" / "fixtures" / "variantes" / "long-40-pages.pdf"
MOT_DE_PASSE = "secret-pamam"


# --- helpers -----------------------------------------------------------------------------------


def _pamam() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m pamam.cli``."""
    voisin = Path(sys.executable).with_name("pamam")
    if voisin.exists():
        return [str(voisin)]
    return [sys.executable, "-m", "pamam.cli"]


def lancer(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``pamam extract ARGS`` as a user would run it."""
    return subprocess.run([*_pamam(), "extract", *map(str, args)], capture_output=True, text=True,
                          timeout=180, cwd=cwd)


def instantane(dossier: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``dossier``, hidden ones included."""
    return {str(p.relative_to(dossier)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(dossier.rglob("*"))}


def verifier_echec(code: int, stderr: str, attendu: int, fichier: str | Path, motif: str,
                   sortie: Path, avant: dict[str, bytes | None]) -> None:
    """The contract's failure: the exit code, one line naming the file, nothing changed."""
    assert code == attendu, (code, stderr)
    assert "Traceback" not in stderr, stderr
    lignes = stderr.splitlines()
    assert len(lignes) == 1, stderr
    assert lignes[0].startswith(f"pamam: {fichier}: "), lignes[0]
    assert re.search(motif, lignes[0]), lignes[0]
    assert instantane(sortie) == avant


def pdf_reportlab(chemin: Path, entetes: list[str] | None = None, mot_de_passe: str | None = None,
                  pages_vides: int = 0, pages_texte: int = 0) -> Path:
    """A small PDF drawn with reportlab.

    ``entetes`` given: a cover ("NOVEMBRE 2023"), then a section, its objective and a
    4-column ruled table — a miniature PAMAM when the headers are the plan's, any other
    table otherwise. ``pages_vides``/``pages_texte``: that many blank or one-line pages.
    """
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rl_config.invariant = 1
    chiffrement = StandardEncryption(mot_de_passe, canPrint=1) if mot_de_passe else None
    if entetes is None:
        c = Canvas(str(chemin), pagesize=letter, invariant=1, encrypt=chiffrement)
        for i in range(pages_vides + pages_texte):
            if i >= pages_vides:
                c.drawString(72, 720, f"Annexe statistique, page {i + 1}")
            c.showPage()
        c.save()
        return chemin
    styles = getSampleStyleSheet()

    def p(texte: str) -> Paragraph:
        return Paragraph(texte, styles["BodyText"])

    lignes = [
        [p(f"<b>{e}</b>") for e in entetes],
        [p("1. Harmoniser les pratiques"), p("1.1 Réviser les guides"), p("Guide révisé"), p("Automne 2024")],
        ["", p("1.2 Former le personnel"), p("Formation donnée"), p("Hiver 2025")],
        [p("2. Simplifier les programmes"), p("2.1 Alléger la reddition de comptes"), p("Formulaire allégé"),
         p("Printemps 2025")],
    ]
    table = Table(lignes, colWidths=[170] * 4, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 1), (0, 2)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    doc = SimpleDocTemplate(str(chemin), pagesize=landscape(letter), encrypt=chiffrement, invariant=1)
    doc.build([
        Paragraph("PLAN D’ACTION MINISTÉRIEL EN AFFAIRES MUNICIPALES", styles["Title"]),
        Paragraph("NOVEMBRE 2023", styles["Title"]), PageBreak(),
        Paragraph("<b>A. UN PARTENARIAT DYNAMIQUE</b>", styles["Heading2"]),
        Paragraph("<i>Afin de renforcer les liens</i>", styles["BodyText"]), Spacer(1, 6), table,
    ])
    return chemin


ENTETES_PAMAM = ["ACTION", "MISE EN ŒUVRE", "LIVRABLE", "ÉCHÉANCIER"]
ENTETES_AUTRES = ["PRODUIT", "DESCRIPTION", "QUANTITÉ", "ANNÉE"]


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sortie_modele(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one good extraction (run once, copied for each test)."""
    dossier = tmp_path_factory.mktemp("modele") / "sorties"
    r = lancer(SOURCE, "--out", dossier, cwd=dossier.parent)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in (dossier / "2023-11").iterdir()} >= {"plan.json", "livrables.csv", "livrables.xlsx"}
    return dossier


@pytest.fixture
def sortie(sortie_modele: Path, tmp_path: Path) -> Path:
    dossier = tmp_path / "sorties"
    shutil.copytree(sortie_modele, dossier)
    return dossier


# --- one test per kind of bad input ------------------------------------------------------------


def _introuvable(d: Path) -> tuple[Path, list[str]]:
    return d / "absent.pdf", []


def _dossier(d: Path) -> tuple[Path, list[str]]:
    (d / "un-dossier.pdf").mkdir()
    return d / "un-dossier.pdf", []


def _pas_un_pdf(d: Path) -> tuple[Path, list[str]]:
    (d / "notes.pdf").write_text("Compte rendu de la rencontre du 12 juin.\n", encoding="utf-8")
    return d / "notes.pdf", []


def _image_png(d: Path) -> tuple[Path, list[str]]:
    (d / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return d / "photo.pdf", []


def _vide(d: Path) -> tuple[Path, list[str]]:
    (d / "vide.pdf").write_bytes(b"")
    return d / "vide.pdf", []


def _tronque(d: Path) -> tuple[Path, list[str]]:
    octets = SOURCE.read_bytes()
    (d / "tronque.pdf").write_bytes(octets[: len(octets) * 2 // 3])
    return d / "tronque.pdf", []


def _corrompu_syntaxe(d: Path) -> tuple[Path, list[str]]:
    """Header and end marker intact, everything between them noise."""
    bruit = random.Random(7).randbytes(6000)
    (d / "corrompu.pdf").write_bytes(b"%PDF-1.6\n" + bruit + b"\nstartxref\n9\n%%EOF\n")
    return d / "corrompu.pdf", []


def _corrompu_flux(d: Path) -> tuple[Path, list[str]]:
    """Structure intact, every compressed stream's bytes replaced: pdfminer reads them as empty."""
    octets = bytearray(SOURCE.read_bytes())
    r = random.Random(11)
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", bytes(octets), re.S):
        octets[m.start(1):m.end(1)] = r.randbytes(m.end(1) - m.start(1))
    (d / "flux.pdf").write_bytes(bytes(octets))
    return d / "flux.pdf", []


def _chiffre(d: Path) -> tuple[Path, list[str]]:
    return pdf_reportlab(d / "chiffre.pdf", ENTETES_PAMAM, mot_de_passe=MOT_DE_PASSE), []


def _chiffre_mauvais(d: Path) -> tuple[Path, list[str]]:
    return pdf_reportlab(d / "chiffre.pdf", ENTETES_PAMAM, mot_de_passe=MOT_DE_PASSE), ["--mot-de-passe", "faux"]


def _pages_blanches(d: Path) -> tuple[Path, list[str]]:
    return pdf_reportlab(d / "blanc.pdf", pages_vides=3), []


def _autre_tableau(d: Path) -> tuple[Path, list[str]]:
    return pdf_reportlab(d / "rapport.pdf", ENTETES_AUTRES), []


def _trop_long(d: Path) -> tuple[Path, list[str]]:
    return pdf_reportlab(d / "annexes.pdf", pages_texte=260), []


def _limite_abaissee(d: Path) -> tuple[Path, list[str]]:
    return LONG, ["--pages-max", "30"]


def _pages_declarees(d: Path) -> tuple[Path, list[str]]:
    """300 pages declared by the page tree: refused from /Count, before any page is listed."""
    from test_lot import pdf_pages_innombrables

    (d / "catalogue.pdf").write_bytes(pdf_pages_innombrables(300))
    return d / "catalogue.pdf", []


def _bombe(d: Path) -> tuple[Path, list[str]]:
    """A page whose content inflates to 256 Mio from a quarter of a megabyte."""
    from test_lot import pdf_bombe

    (d / "bombe.pdf").write_bytes(pdf_bombe(256))
    return d / "bombe.pdf", []


CAS: dict[str, tuple[Callable[[Path], tuple[Path, list[str]]], int, str]] = {
    "introuvable": (_introuvable, erreurs.SORTIE_FICHIER, "introuvable"),
    "dossier": (_dossier, erreurs.SORTIE_FICHIER, "dossier"),
    "pas-un-pdf": (_pas_un_pdf, erreurs.SORTIE_PAS_PDF, "n’est pas un PDF"),
    "image-png": (_image_png, erreurs.SORTIE_PAS_PDF, "n’est pas un PDF"),
    "vide": (_vide, erreurs.SORTIE_PAS_PDF, "vide"),
    "tronque": (_tronque, erreurs.SORTIE_PAS_PDF, "tronqué"),
    "corrompu-syntaxe": (_corrompu_syntaxe, erreurs.SORTIE_PAS_PDF, r"illisible ou corrompu \(\w+"),
    "corrompu-flux": (_corrompu_flux, erreurs.SORTIE_PAS_PDF, "illisible ou corrompu .*endommagé"),
    "chiffre": (_chiffre, erreurs.SORTIE_CHIFFRE, "chiffré.*--mot-de-passe"),
    "chiffre-mauvais-mot-de-passe": (_chiffre_mauvais, erreurs.SORTIE_CHIFFRE, "mot de passe incorrect"),
    "pages-blanches": (_pages_blanches, erreurs.SORTIE_SANS_TEXTE, "aucun texte"),
    "autre-tableau": (_autre_tableau, erreurs.SORTIE_PAS_TABLEAU, "aucun tableau synoptique"),
    "trop-de-pages": (_trop_long, erreurs.SORTIE_TROP_GRAND, r"260 pages.*limite 200.*--pages-max"),
    "limite-abaissee": (_limite_abaissee, erreurs.SORTIE_TROP_GRAND, r"40 pages.*limite 30"),
    "pages-declarees": (_pages_declarees, erreurs.SORTIE_TROP_GRAND, r"300 pages.*limite 200.*--pages-max"),
    "bombe-de-decompression": (_bombe, erreurs.SORTIE_TROP_GRAND, r"dépasse 32 Mio une fois décompressé"),
}


@pytest.mark.parametrize("cas", list(CAS))
def test_entree_invalide(cas: str, sortie: Path, tmp_path: Path) -> None:
    """One stderr line naming the file and the reason, its exit code, the folder untouched."""
    fabriquer, code, motif = CAS[cas]
    chemin, options = fabriquer(tmp_path)
    avant = instantane(sortie)
    r = lancer(chemin, "--out", sortie, *options, cwd=tmp_path)
    verifier_echec(r.returncode, r.stderr, code, chemin, motif, sortie, avant)
    assert r.stdout == ""


def test_pas_un_fichier_ordinaire(sortie: Path, tmp_path: Path) -> None:
    """A FIFO (or /dev/zero) would block or never end if read: refused before reading."""
    fifo = tmp_path / "tube.pdf"
    os.mkfifo(fifo)
    avant = instantane(sortie)
    r = lancer(fifo, "--out", sortie, cwd=tmp_path)
    verifier_echec(r.returncode, r.stderr, erreurs.SORTIE_FICHIER, fifo, "fichier ordinaire", sortie, avant)


def test_mot_de_passe_connu_ouvre_le_pdf(tmp_path: Path) -> None:
    """--mot-de-passe opens an encrypted plan and the extraction goes through."""
    chemin = pdf_reportlab(tmp_path / "chiffre.pdf", ENTETES_PAMAM, mot_de_passe=MOT_DE_PASSE)
    r = lancer(chemin, "--out", tmp_path / "sorties", "--mot-de-passe", MOT_DE_PASSE, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "3 livrables" in r.stdout
    assert (tmp_path / "sorties" / "2023-11" / "plan.json").exists()


def test_pages_max_releve_la_limite(tmp_path: Path) -> None:
    """The same 40-page document refused under --pages-max 30 goes through under 50."""
    r = lancer(LONG, "--out", tmp_path / "sorties", "--pages-max", "50", cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_sortie_est_un_fichier(tmp_path: Path) -> None:
    """--out naming a file (or a path under one): nothing can be written there."""
    fichier = tmp_path / "sorties"
    fichier.write_bytes(b"pas un dossier")
    for cible in (fichier, fichier / "sous-dossier"):
        r = lancer(SOURCE, "--out", cible, cwd=tmp_path)
        assert r.returncode == erreurs.SORTIE_ECRITURE, r.stderr
        assert r.stderr.splitlines() == [r.stderr.strip()]
        assert r.stderr.startswith(f"pamam: {cible}: écriture impossible"), r.stderr
    assert fichier.read_bytes() == b"pas un dossier"


def test_sortie_en_lecture_seule(sortie: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder we may not write in (permission denied, simulated: the tests may run as
    root, who writes anywhere): one line, exit 9, earlier files kept."""
    import pamam.fichiers

    def refuse(*args: object, **kw: object) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(sortie))

    monkeypatch.setattr(pamam.fichiers.tempfile, "mkdtemp", refuse)
    avant = instantane(sortie)
    code = main(["extract", str(SOURCE), "--out", str(sortie)])
    err = capsys.readouterr().err
    assert code == erreurs.SORTIE_ECRITURE, err
    assert err.splitlines() == [err.strip()]
    assert "écriture impossible" in err and str(sortie) in err
    assert instantane(sortie) == avant


# --- failures injected in-process --------------------------------------------------------------


def test_ecriture_qui_echoue_en_cours(sortie: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The xlsx writer failing after plan.json and the CSV were staged (disk full):
    the earlier edition stays byte-for-byte, no staging folder is left behind."""
    import pamam.ecriture.edition as ecriture_plan

    def disque_plein(chemin: object, *args: object, **kw: object) -> None:
        Path(str(chemin)).write_bytes(b"PK\x03\x04 moitie de classeur")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(chemin))

    monkeypatch.setattr(ecriture_plan, "ecrire_classeur", disque_plein)
    avant = instantane(sortie)
    code = main(["extract", str(SOURCE), "--out", str(sortie)])
    err = capsys.readouterr().err
    verifier_echec(code, err, erreurs.SORTIE_ECRITURE, sortie, "écriture impossible", sortie, avant)


def test_bogue_en_cours_d_ecriture(sortie: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a bug (not an OSError) mid-write: one "erreur interne" line, exit 1, folder kept."""
    import pamam.ecriture.edition as ecriture_plan

    def bogue(*args: object, **kw: object) -> None:
        raise ZeroDivisionError("division par zéro\nsur deux lignes")

    monkeypatch.setattr(ecriture_plan, "ecrire_classeur", bogue)
    avant = instantane(sortie)
    code = main(["extract", str(SOURCE), "--out", str(sortie)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("pamam: erreur interne: ZeroDivisionError"), err
    assert "Traceback" not in err
    assert instantane(sortie) == avant


def test_exception_imprevue_dans_pdfminer(sortie: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever pdfminer raises while reading pages becomes "PDF illisible ou corrompu (…)"."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    def casse(self: object, page: object) -> None:
        raise AssertionError("état interne inattendu")

    monkeypatch.setattr(PDFPageInterpreter, "process_page", casse)
    avant = instantane(sortie)
    code = main(["extract", str(SOURCE), "--out", str(sortie)])
    err = capsys.readouterr().err
    verifier_echec(code, err, erreurs.SORTIE_PAS_PDF, SOURCE, r"PDF illisible ou corrompu \(AssertionError\)",
                   sortie, avant)


def test_compare_echec_d_ecriture(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``pamam compare`` stages its four reports the same way: a failure keeps the old ones."""
    ref = RACINE / "tests" / "fixtures" / "reference"
    dossier = tmp_path / "changements"
    args = ["compare", str(ref / "pamam-2023-11.json"), str(ref / "pamam-2024-11.json"), "--out", str(dossier)]
    assert main(args) == 0
    capsys.readouterr()
    avant = instantane(tmp_path)
    assert len([k for k, v in avant.items() if v is not None]) >= 4

    import pamam.ecriture.rapport_html as rapport_html

    def disque_plein(*a: object, **kw: object) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(rapport_html, "rendre_html", disque_plein)
    code = main(args)
    err = capsys.readouterr().err
    verifier_echec(code, err, erreurs.SORTIE_ECRITURE, dossier, "écriture impossible", tmp_path, avant)


# --- several editions --------------------------------------------------------------------------


def test_extract_plusieurs_un_mauvais(tmp_path: Path) -> None:
    """``pamam extract good bad``: the bad one's line, the good one written, exit 10."""
    mauvais = tmp_path / "mauvais.pdf"
    mauvais.write_bytes(SOURCE.read_bytes()[:5000])
    r = lancer(SOURCE, mauvais, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == erreurs.SORTIE_PARTIELLE, r.stderr
    assert r.stderr.splitlines() == [f"pamam: {mauvais}: PDF tronqué (marque de fin %%EOF absente)"]
    assert (tmp_path / "sorties" / "2023-11" / "plan.json").exists()


def _sources_avec_un_mauvais(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCE, sources / SOURCE.name)
    (sources / "pamam-2024-11.pdf").write_bytes(SOURCE.read_bytes()[:7000])
    return sources


def test_lot_un_mauvais_fichier_n_arrete_pas_les_autres(tmp_path: Path) -> None:
    """``make extract``: the bad file reported on one line, the good one written, exit 10,
    and no progress display when stderr is not a terminal."""
    sources = _sources_avec_un_mauvais(tmp_path)
    r = subprocess.run([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(tmp_path / "sorties")],
                       capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == erreurs.SORTIE_PARTIELLE, r.stderr
    mauvais = sources / "pamam-2024-11.pdf"
    assert r.stderr.splitlines() == [f"pamam: {mauvais}: PDF tronqué (marque de fin %%EOF absente)"]
    assert "Traceback" not in r.stderr
    assert (tmp_path / "sorties" / "2023-11" / "plan.json").exists()
    assert not (tmp_path / "sorties" / "2024-11").exists()


def test_lot_progression_sur_un_terminal(tmp_path: Path) -> None:
    """On a terminal, ``make extract`` shows its progress ([k/n] per file)."""
    sources = _sources_avec_un_mauvais(tmp_path)
    code, texte = sur_un_terminal([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(tmp_path / "sorties")],
                                  tmp_path)
    assert code == erreurs.SORTIE_PARTIELLE
    assert "[1/2]" in texte and "[2/2]" in texte, texte
    assert "Traceback" not in texte
