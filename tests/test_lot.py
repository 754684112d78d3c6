"""``make extract`` (``pamam lot``) as a batch one can trust: each way it was seen to fail.

Why: the batch is what analysts run, on whatever ``sources/`` holds, sometimes twice at
once, sometimes interrupted, sometimes on a full disk. Each test below reproduces one
such situation as a user meets it (real processes where the operating system is part of
the story: locks, signals, permissions, a real tiny file system) and checks the three
things the README promises: the exit code, the single stderr line per problem, and the
state of the output folder afterwards (consistent: the edition folders, comparisons,
history, data package and workbook describe the same editions; files whole, old or new,
never half-written; no temporary left). Faults that cannot be produced on demand (a disk
filling at the n-th write) are injected in-process at every write point in turn.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import errno
import io
import json
import os
import pickle
import pty
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import pamam.cli as codes  # the exit codes are the command line's
from conftest import RACINE, SOURCES, sur_un_terminal
from pamam.cli import main

S2023 = SOURCES / "pamam-2023-11.pdf"
S2024 = SOURCES / "pamam-2024-11.pdf"
LONG = RACINE / "tests" / "fixtures" / "variantes" / "long-40-pages.pdf"
SCANNEE = RACINE / "tests" / "fixtures" / "variantes" / "scannee.pdf"
REFERENCE = RACINE / "tests" / "fixtures" / "reference"


# --- helpers -----------------------------------------------------------------------------------


def lot(sources: Path, sortie: Path, *options: str, cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    """``python -m pamam.lot SOURCES --out SORTIE`` as ``make extract`` runs it."""
    return subprocess.run([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(sortie), *options],
                          capture_output=True, text=True, cwd=cwd, timeout=kw.pop("timeout", 300), **kw)  # type: ignore[call-overload]


def pamam(*args: str | Path, cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pamam.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=kw.pop("timeout", 300), **kw)  # type: ignore[call-overload]


def etat(dossier: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under ``dossier``, hidden ones included."""
    return {p.relative_to(dossier).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(dossier.rglob("*"))}


def temporaires(*dossiers: Path) -> list[str]:
    return [str(p) for d in dossiers if d.exists() for p in d.rglob(".pamam-tmp-*")]


def sources_avec(dossier: Path, *pdfs: Path, noms: list[str] | None = None, manifeste: bool = True) -> Path:
    """A ``sources/`` folder holding these PDFs (under ``noms`` if given) and the manifest."""
    dossier.mkdir(parents=True, exist_ok=True)
    for pdf, nom in zip(pdfs, noms or [p.name for p in pdfs], strict=True):
        shutil.copy(pdf, dossier / nom)
    if manifeste:
        shutil.copy(SOURCES / "manifeste.json", dossier / "manifeste.json")
    return dossier


def editions_des_sorties(sortie: Path) -> dict[str, set[str]]:
    """Which editions each output speaks of: folders, comparisons, history, package, workbook."""
    import openpyxl

    with open(sortie / "historique.csv", encoding="utf-8", newline="") as f:
        historique = {ligne["version"] for ligne in csv.DictReader(f)}
    paquet = json.loads((sortie / "datapackage.json").read_text(encoding="utf-8"))
    classeur = openpyxl.load_workbook(sortie / "pamam.xlsx", read_only=True)
    feuilles = set(classeur.sheetnames)
    classeur.close()
    return {
        "dossiers": {d.parent.name for d in sortie.glob("*/plan.json")},
        "changements": {d.name for d in (sortie / "changements").glob("*") if d.is_dir()},
        "historique": historique,
        "paquet": {r["name"].removeprefix("livrables-") for r in paquet["resources"]
                   if r["name"].startswith("livrables-")},
        "paquet_changements": {r["name"].removeprefix("changements-") for r in paquet["resources"]
                               if r["name"].startswith("changements-")},
        "classeur": {f for f in feuilles if f[:4].isdigit()},
    }


def coherentes(sortie: Path, editions: list[str]) -> None:
    """Every output describes exactly ``editions`` (and their consecutive comparisons)."""
    paires = {f"{a}__{b}" for a, b in zip(editions, editions[1:], strict=False)}
    vu = editions_des_sorties(sortie)
    assert vu == {"dossiers": set(editions), "changements": paires, "historique": set(editions),
                  "paquet": set(editions), "paquet_changements": paires, "classeur": set(editions)}, vu


def memes_sorties(a: Path, b: Path) -> None:
    """Two output folders hold the same outputs, byte for byte (workbooks member by member):
    the outputs ``test_sorties_a_jour`` knows to be deterministic, compared the same way."""
    from test_sorties_a_jour import ecarts

    assert ecarts(a, b) == []


def deterministes(etat_: dict[str, bytes | None], prefixe: str = "sorties/") -> dict[str, bytes | None]:
    """The part of a folder's state made of deterministic outputs (and the manifest)."""
    from fnmatch import fnmatch

    from test_sorties_a_jour import MOTIFS

    return {n: c for n, c in etat_.items()
            if any(fnmatch(n, f"{prefixe}{m}") for m in MOTIFS) or n == "sources/manifeste.json"}


def une_ligne(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lignes = stderr.splitlines()
    assert len(lignes) == 1, stderr
    return lignes[0]


@pytest.fixture(scope="module")
def plans_en_cache() -> dict[str, bytes]:
    """The two shipped editions extracted once (pickled), for in-process runs that test
    writing, not reading."""
    from pamam.pipeline import extraire_edition

    return {p.name: pickle.dumps(extraire_edition(p)) for p in (S2023, S2024)}


@pytest.fixture
def extraction_en_cache(plans_en_cache: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    import pamam.lot

    def extraire(pdf: Path, options: object = None, suivi: object = None) -> object:
        return pickle.loads(plans_en_cache[Path(pdf).name])

    monkeypatch.setattr(pamam.lot, "extraire_edition", extraire)


# --- 1. two files of one edition ---------------------------------------------------------------


def test_deux_fichiers_d_une_edition_celui_du_manifeste(tmp_path: Path, sorties_generees: Path) -> None:
    """A re-downloaded copy beside the edition: one line naming both and the one used (the
    manifest's), exit 10, and every output exactly what the two editions alone give."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024, S2023,
                           noms=["pamam-2023-11.pdf", "pamam-2024-11.pdf", "pamam-2023-11 (1).pdf"])
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert une_ligne(r.stderr) == (
        f"pamam: {sources / 'pamam-2023-11 (1).pdf'}: même édition (2023-11) que {sources / 'pamam-2023-11.pdf'} : "
        "pamam-2023-11.pdf est utilisé, pas celui-ci (celui du manifeste)")
    coherentes(tmp_path / "sorties", ["2023-11", "2024-11"])
    memes_sorties(tmp_path / "sorties", sorties_generees)
    manifeste = json.loads((sources / "manifeste.json").read_text(encoding="utf-8"))
    assert [e["fichier"] for e in manifeste["editions"]] == ["pamam-2023-11.pdf", "pamam-2024-11.pdf"]
    assert (sources / "manifeste.json").read_bytes() == (SOURCES / "manifeste.json").read_bytes()


def test_deux_fichiers_d_une_edition_hors_manifeste(tmp_path: Path, sorties_generees: Path) -> None:
    """No manifest to decide: the first by name is used, the rule said on the line."""
    sources = sources_avec(tmp_path / "sources", S2023, S2023, S2024, noms=["b-scan.pdf", "a-copie.pdf", "c.pdf"],
                           manifeste=False)
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert une_ligne(r.stderr) == (f"pamam: {sources / 'b-scan.pdf'}: même édition (2023-11) que "
                                   f"{sources / 'a-copie.pdf'} : a-copie.pdf est utilisé, pas celui-ci "
                                   "(le premier par ordre des noms)")
    coherentes(tmp_path / "sorties", ["2023-11", "2024-11"])
    plan = json.loads((tmp_path / "sorties" / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    assert plan["document"]["source"]["fichier"] == "a-copie.pdf"
    manifeste = json.loads((sources / "manifeste.json").read_text(encoding="utf-8"))
    assert {e["fichier"]: e["edition"] for e in manifeste["editions"]} == {"a-copie.pdf": "2023-11",
                                                                           "c.pdf": "2024-11"}


def test_extract_deux_fichiers_d_une_edition(tmp_path: Path) -> None:
    """``pamam extract A B`` with B a copy of A: B is not written over A; one line, exit 10."""
    copie = tmp_path / "copie.pdf"
    shutil.copy(S2023, copie)
    r = pamam("extract", S2023, copie, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert une_ligne(r.stderr) == (f"pamam: {copie}: même édition (2023-11) que {S2023} : pamam-2023-11.pdf est "
                                   "utilisé, pas celui-ci (le premier de la ligne de commande)")
    assert r.stdout.count("\n") == 1
    plan = json.loads((tmp_path / "sorties" / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    assert plan["document"]["source"]["fichier"] == S2023.name


# --- 2 and 3. what sources/ holds besides good PDFs ---------------------------------------------


def _sans_lecture_pour_root() -> None:
    """In the child, before exec: drop the capabilities that let root read any file, so
    that a file without read permission is unreadable for it too (as for anyone else)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capacite in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capacite, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_entrees_illisibles(tmp_path: Path) -> None:
    """A broken link, a loop of links, a folder named x.pdf: one line each saying it is
    unreadable (the loop says so, nothing about *writing*), the editions processed, exit 10."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    (sources / "lien-casse.pdf").symlink_to(tmp_path / "disparu.pdf")
    (sources / "boucle.pdf").symlink_to("boucle.pdf")
    (sources / "dossier.pdf").mkdir()
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"pamam: {sources / 'boucle.pdf'}: illisible : boucle de liens symboliques",
        f"pamam: {sources / 'dossier.pdf'}: illisible : est un dossier, pas un fichier PDF",
        f"pamam: {sources / 'lien-casse.pdf'}: illisible : lien symbolique cassé (cible introuvable : "
        f"{tmp_path / 'disparu.pdf'})",
    ]
    coherentes(tmp_path / "sorties", ["2023-11", "2024-11"])


def _peut_perdre_ses_droits() -> str | None:
    """Why a file without read permission cannot be made unreadable for this test, or None."""
    if os.geteuid() != 0:
        return None  # chmod 000 is enough
    if not sys.platform.startswith("linux"):
        return "root lit tout, et retirer ses droits demande Linux"
    r = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_sans_lecture_pour_root, capture_output=True,
                       check=False)
    return None if r.returncode == 0 else "root ne peut pas abandonner CAP_DAC_OVERRIDE ici"


def test_fichier_sans_droit_de_lecture(tmp_path: Path) -> None:
    """A PDF without read permission: « illisible : lecture impossible (permission refusée) »,
    the others processed, exit 10. (Run as root, the batch first gives up the capabilities
    that let root read anything.)"""
    try:
        raison = _peut_perdre_ses_droits()
    except (OSError, subprocess.SubprocessError) as e:
        raison = f"root ne peut pas abandonner ses droits ici ({e})"
    if raison:
        pytest.skip(raison)
    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    interdit = sources / "interdit.pdf"
    shutil.copy(S2023, interdit)
    interdit.chmod(0)
    root = os.geteuid() == 0
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path, preexec_fn=_sans_lecture_pour_root if root else None)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert une_ligne(r.stderr) == f"pamam: {interdit}: illisible : lecture impossible (permission refusée)"
    coherentes(tmp_path / "sorties", ["2023-11", "2024-11"])


def test_pdf_en_majuscules_et_fichiers_ignores(tmp_path: Path) -> None:
    """``.PDF`` and ``.Pdf`` are PDFs; a README and a .docx are said to be ignored (not an error)."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024, noms=["PAMAM-2023-11.PDF", "pamam-2024-11.Pdf"],
                           manifeste=False)
    (sources / "LISEZMOI.md").write_text("notes\n", encoding="utf-8")
    (sources / "compte-rendu.docx").write_bytes(b"PK\x03\x04")
    (sources / "anciennes").mkdir()
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"pamam: {sources / 'LISEZMOI.md'}: ignoré : pas un PDF",
        f"pamam: {sources / 'anciennes'}: ignoré : dossier, pas un PDF",
        f"pamam: {sources / 'compte-rendu.docx'}: ignoré : pas un PDF",
    ]
    coherentes(tmp_path / "sorties", ["2023-11", "2024-11"])


def test_manifeste_illisible(tmp_path: Path) -> None:
    """A damaged manifest is one line (exit 10), the editions still run, and it is left for
    the user to fix rather than overwritten (it holds the provenance texts)."""
    sources = sources_avec(tmp_path / "sources", S2023, manifeste=False)
    (sources / "manifeste.json").write_text("{ pas du JSON", encoding="utf-8")
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert une_ligne(r.stderr).startswith(f"pamam: {sources / 'manifeste.json'}: manifeste illisible : JSON")
    assert (tmp_path / "sorties" / "2023-11" / "plan.json").exists()


# --- 4. two runs at once -----------------------------------------------------------------------


def _lire_jusqu_a(flux: io.BufferedReader, motif: bytes, delai: float) -> bytes:
    recu, fin = b"", time.monotonic() + delai
    while motif not in recu and time.monotonic() < fin:
        prets, _, _ = select.select([flux], [], [], 0.2)
        if prets:
            bloc = os.read(flux.fileno(), 4096)
            if not bloc:
                break
            recu += bloc
    return recu


def test_un_second_lot_attend_le_verrou(tmp_path: Path) -> None:
    """While another run holds the output folder, a batch says it waits (one line), writes
    nothing, and finishes once the folder is free."""
    import fcntl

    sources = sources_avec(tmp_path / "sources", S2023)
    sortie = tmp_path / "sorties"
    sortie.mkdir()
    verrou = os.open(sortie / ".pamam.verrou", os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(verrou, fcntl.LOCK_EX)
    p = subprocess.Popen([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(sortie)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        recu = _lire_jusqu_a(p.stderr, b"\n", 120)  # type: ignore[arg-type]
        assert recu.decode() == (f"pamam: {sortie}: une autre exécution de pamam écrit dans ce dossier, attente de "
                                 "sa fin (Ctrl-C pour abandonner)…\n")
        time.sleep(0.3)
        assert p.poll() is None
        assert sorted(os.listdir(sortie)) == [".pamam.verrou"]  # nothing written while waiting
    finally:
        fcntl.flock(verrou, fcntl.LOCK_UN)
        os.close(verrou)
    sortie_std, erreur = p.communicate(timeout=120)
    assert p.returncode == 0, erreur
    assert erreur == b""
    assert b"2023-11: 37 livrables" in sortie_std


def test_deux_lots_en_meme_temps(tmp_path: Path, sorties_generees: Path) -> None:
    """Two batches on one output folder, a few rounds: both succeed, every file whole."""
    sortie = tmp_path / "sorties"
    for tour in range(3):
        sources = [sources_avec(tmp_path / f"sources-{tour}-{k}", S2023, S2024) for k in range(2)]
        processus = [subprocess.Popen([sys.executable, "-m", "pamam.lot", str(s), "--out", str(sortie),
                                       "--processus", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      cwd=tmp_path) for s in sources]
        for p in processus:
            _out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert b"Traceback" not in err
        assert temporaires(sortie) == []
        with zipfile.ZipFile(sortie / "pamam.xlsx") as z:
            assert z.testzip() is None
        memes_sorties(sortie, sorties_generees)


def test_verrou_partage_par_extract(tmp_path: Path) -> None:
    """``pamam extract`` takes the lock shared: two at once never wait for each other, but
    both wait for a batch (which holds it exclusively)."""
    import fcntl

    from pamam.fichiers import Verrou

    attentes: list[str] = []
    with Verrou(tmp_path, partage=True), Verrou(tmp_path, partage=True, attente=lambda: attentes.append("x")):
        pass
    assert attentes == []
    with Verrou(tmp_path, partage=True):
        fd = os.open(tmp_path / ".pamam.verrou", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)


# --- 5. interrupts -----------------------------------------------------------------------------


def _enfants(pid: int) -> list[int]:
    """The batch's worker processes (forked: same command line; not multiprocessing's helpers)."""
    enfants = []
    for t in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{t}/children") as f:
            enfants += [int(x) for x in f.read().split()]
    travailleurs = []
    for e in enfants:
        with contextlib.suppress(FileNotFoundError), open(f"/proc/{e}/cmdline", "rb") as f:
            if b"pamam.lot" in f.read():
                travailleurs.append(e)
    return travailleurs


def _vivant(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _attendre_les_travailleurs(p: subprocess.Popen[bytes], n: int = 2) -> list[int]:
    fin = time.monotonic() + 60
    while time.monotonic() < fin:
        enfants = _enfants(p.pid)
        if len(enfants) >= n:
            return enfants
        assert p.poll() is None, "le lot s’est terminé avant d’avoir lancé ses travailleurs"
        time.sleep(0.05)
    raise AssertionError("aucun travailleur lancé")


linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="lit /proc (Linux)")


@linux
def test_ctrl_c(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while workers
    extract: one line, exit 130, no traceback from anyone, no process left, no temporary."""
    sources = sources_avec(tmp_path / "sources", *[LONG] * 4, noms=[f"long-{k}.pdf" for k in range(4)],
                           manifeste=False)
    sortie = tmp_path / "sorties"
    p = subprocess.Popen([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(sortie), "--processus", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, start_new_session=True)
    travailleurs = _attendre_les_travailleurs(p)
    time.sleep(0.3)
    os.killpg(p.pid, signal.SIGINT)
    sortie_std, erreur = p.communicate(timeout=60)
    assert p.returncode == codes.SORTIE_INTERROMPU, erreur
    assert erreur.decode() == "pamam: interrompu\n"
    fin = time.monotonic() + 10
    while any(_vivant(t) for t in travailleurs) and time.monotonic() < fin:
        time.sleep(0.05)
    assert not any(_vivant(t) for t in travailleurs)
    assert temporaires(sortie, sources) == []


@linux
def test_kill_9_les_travailleurs_meurent_avec_le_lot(tmp_path: Path) -> None:
    """``kill -9`` of the batch: its workers die with it within a second or two."""
    sources = sources_avec(tmp_path / "sources", *[LONG] * 4, noms=[f"long-{k}.pdf" for k in range(4)],
                           manifeste=False)
    p = subprocess.Popen([sys.executable, "-m", "pamam.lot", str(sources), "--out", str(tmp_path / "sorties"),
                          "--processus", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
                         start_new_session=True)
    travailleurs = _attendre_les_travailleurs(p)
    p.kill()
    p.wait(timeout=30)
    fin = time.monotonic() + 5
    while any(_vivant(t) for t in travailleurs) and time.monotonic() < fin:
        time.sleep(0.05)
    assert not any(_vivant(t) for t in travailleurs)


@linux
def test_mourir_avec_le_parent_sans_prctl(tmp_path: Path) -> None:
    """The portable fallback alone (no PR_SET_PDEATHSIG): the watching thread ends the
    process once its parent is gone."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "import pamam.lot as lot\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    lot.mourir_avec_le_parent(noyau=False)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "print(pid, flush=True)\n"
        "time.sleep(60)\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, cwd=RACINE, start_new_session=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert p.stdout is not None
    enfant = int(p.stdout.readline())
    time.sleep(0.3)
    assert _vivant(enfant)
    p.kill()
    p.wait(timeout=30)
    fin = time.monotonic() + 5
    while _vivant(enfant) and time.monotonic() < fin:
        time.sleep(0.05)
    assert not _vivant(enfant)


def test_temporaires_d_un_lot_tue_nettoyes(tmp_path: Path, sorties_generees: Path) -> None:
    """What a killed run left (a staging folder, a half-written file) goes on the next run."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    sortie = tmp_path / "sorties"
    shutil.copytree(sorties_generees, sortie)
    (sortie / ".pamam-tmp-2023-11.k2j3h4").mkdir()
    (sortie / ".pamam-tmp-2023-11.k2j3h4" / "plan.json").write_text("{", encoding="utf-8")
    (sortie / ".pamam-tmp-pamam.xlsx.a8d7f6").write_bytes(b"PK\x03\x04 moitie")
    (sortie / "2024-11" / ".pamam-tmp-livrables.csv.zz").write_bytes(b"version,")
    r = lot(sources, sortie, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"{sortie}: 3 fichier(s) temporaire(s) d’une exécution interrompue retiré(s)" in r.stdout
    assert temporaires(sortie) == []
    memes_sorties(sortie, sorties_generees)


ocr_possible = pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("unshare") is None
                                  or not sys.platform.startswith("linux") or os.geteuid() != 0,
                                  reason="demande tesseract, et root avec unshare pour un /tmp privé")


@ocr_possible
def test_ocr_ne_laisse_rien_dans_tmp_et_dit_sa_progression(tmp_path: Path) -> None:
    """OCR pipes page images to tesseract: in a private, empty /tmp (and TMPDIR), nothing is
    left; on a terminal each recognised page is said."""
    essai = subprocess.run(["unshare", "--mount", "sh", "-c", "mount -t tmpfs none /tmp"], capture_output=True,
                           text=True, check=False)
    if essai.returncode != 0:
        pytest.skip(f"pas de /tmp privé ici (unshare/mount : {essai.stderr.strip()})")
    vide = tmp_path / "tmpdir"
    vide.mkdir()
    script = (f"mount -t tmpfs none /tmp && TMPDIR={vide} {sys.executable} -m pamam.cli extract --ocr "
              f"{SCANNEE} --out {tmp_path / 'sorties'}; code=$?; ls -A /tmp >&3; exit $code")
    maitre, esclave = pty.openpty()
    lecture, ecriture = os.pipe()
    try:
        p = subprocess.Popen(["unshare", "--mount", "sh", "-c", script], stdout=subprocess.DEVNULL, stderr=esclave,
                             pass_fds=(ecriture,), cwd=RACINE, preexec_fn=lambda: os.dup2(ecriture, 3))
        os.close(esclave)
        os.close(ecriture)
        recu = b""
        while True:
            try:
                bloc = os.read(maitre, 4096)
            except OSError:
                break
            if not bloc:
                break
            recu += bloc
        assert p.wait(timeout=600) == 0, recu
        restes = os.read(lecture, 4096)
    finally:
        os.close(maitre)
        os.close(lecture)
    assert restes == b"", restes
    assert list(vide.iterdir()) == []
    texte = recu.decode("utf-8", "replace")
    assert f"pamam: {SCANNEE}: page 1 reconnue par OCR" in texte, texte
    assert "Traceback" not in texte


# --- 6. disk full ------------------------------------------------------------------------------


class Panne:
    """ENOSPC at the k-th file pamam puts on disk (0: never), after half of it is written.

    Every writer goes through ``pamam.fichiers`` (``_ecrire_fichier`` for the bytes pamam
    produces, ``_synchroniser`` for a file a library wrote by path, the workbooks), so
    counting there reaches every write point: editions, comparisons, history, data
    package, schemas, workbook, manifest.
    """

    def __init__(self, k: int) -> None:
        self.k, self.n = k, 0

    def installer(self, monkeypatch: pytest.MonkeyPatch) -> Panne:
        import pamam.fichiers as f

        ecrire, synchroniser = f._ecrire_fichier, f._synchroniser

        def panne() -> None:
            self.n += 1
            if self.n == self.k:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def ecrire_(chemin: Path, donnees: bytes) -> None:
            if self.n + 1 == self.k:
                Path(chemin).write_bytes(donnees[: len(donnees) // 2])
            panne()
            ecrire(chemin, donnees)

        def synchroniser_(chemin: Path) -> None:
            panne()
            synchroniser(chemin)

        monkeypatch.setattr(f, "_ecrire_fichier", ecrire_)
        monkeypatch.setattr(f, "_synchroniser", synchroniser_)
        return self


def _executer(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def avant_apres(tmp_path_factory: pytest.TempPathFactory, plans_en_cache: dict[str, bytes]) -> tuple[Path, Path]:
    """Outputs and sources of a batch on 2023-11 alone (before), then with 2024-11 added (after)."""
    base = tmp_path_factory.mktemp("disque")
    avant = base / "avant"
    sources = sources_avec(avant / "sources", S2023, manifeste=False)
    r = lot(sources, avant / "sorties", cwd=base)
    assert r.returncode == 0, r.stderr
    apres = base / "apres"
    shutil.copytree(avant, apres)
    shutil.copy(S2024, apres / "sources" / S2024.name)
    r = lot(apres / "sources", apres / "sorties", cwd=base)
    assert r.returncode == 0, r.stderr
    return avant, apres


def test_disque_plein_a_chaque_ecriture_du_lot(tmp_path: Path, avant_apres: tuple[Path, Path],
                                                extraction_en_cache: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new edition added, the disk full at the 1st, 2nd… n-th file written: exit 9, one
    line naming the output and « espace disque insuffisant », and every file whole — as
    before the run or as a successful run leaves it —, nothing lost, no temporary left."""
    avant, apres = avant_apres
    etat_avant, etat_apres = etat(avant), etat(apres)
    essai = tmp_path / "essai"

    def lancer(k: int) -> tuple[int, str, Panne]:
        shutil.rmtree(essai, ignore_errors=True)
        shutil.copytree(avant, essai)
        shutil.copy(S2024, essai / "sources" / S2024.name)
        with monkeypatch.context() as m:
            panne = Panne(k).installer(m)
            code, _out, err = _executer(["lot", str(essai / "sources"), "--out", str(essai / "sorties"),
                                         "--processus", "1"])
        return code, err, panne

    code, err, panne = lancer(0)
    assert code == 0, err
    etat_avant, etat_apres = deterministes(etat_avant), deterministes(etat_apres)
    assert deterministes(etat(essai)) == etat_apres
    assert len(etat_apres) >= 12
    points = panne.n
    assert points >= 15  # editions, comparison, history, data package, schemas, workbook, manifest
    for k in range(1, points + 1):
        code, err, _ = lancer(k)
        assert code == codes.SORTIE_ECRITURE, (k, err)
        ligne = une_ligne(err)
        assert ligne.startswith(f"pamam: {essai}/") and "espace disque insuffisant" in ligne, (k, ligne)
        apres_panne = deterministes(etat(essai))
        assert temporaires(essai) == [], k
        assert set(etat_avant) <= set(apres_panne) <= set(etat_avant) | set(etat_apres), k
        for nom, contenu in apres_panne.items():
            assert contenu in (etat_avant.get(nom, contenu), etat_apres.get(nom, contenu)), (k, nom)


@pytest.mark.parametrize("commande", ["extract", "compare"])
def test_disque_plein_a_chaque_ecriture_d_une_commande(commande: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The same for ``pamam extract`` and ``pamam compare``: earlier outputs byte for byte."""
    sortie = tmp_path / "sorties"
    if commande == "extract":
        args = ["extract", str(S2023), "--out", str(sortie)]
    else:
        args = ["compare", str(REFERENCE / "pamam-2023-11.json"), str(REFERENCE / "pamam-2024-11.json"),
                "--out", str(sortie / "changements")]
    with monkeypatch.context() as m:
        panne = Panne(0).installer(m)
        code, _out, err = _executer(args)
    assert code == 0, err
    avant = etat(sortie)
    for k in range(1, panne.n + 1):
        with monkeypatch.context() as m:
            Panne(k).installer(m)
            code, _out, err = _executer(args)
        assert code == codes.SORTIE_ECRITURE, (k, err)
        assert "espace disque insuffisant" in une_ligne(err), err
        assert etat(sortie) == avant, k


def _monter_tmpfs(point: Path, taille: str) -> str | None:
    """Mount a tmpfs of ``taille`` on ``point``; why not, or None when mounted."""
    if not sys.platform.startswith("linux"):
        return "système de fichiers en mémoire (tmpfs) : Linux seulement"
    if os.geteuid() != 0:
        return "monter un petit système de fichiers demande root ; les pannes injectées couvrent ce cas"
    point.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={taille}", "tmpfs", str(point)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        return f"montage tmpfs refusé ici ({r.stderr.strip()}) ; les pannes injectées couvrent ce cas"
    return None


@contextlib.contextmanager
def petit_disque(point: Path, taille: str) -> Iterator[Path]:
    raison = _monter_tmpfs(point, taille)
    if raison is not None:
        pytest.skip(raison)
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


def _remplir(disque: Path, libres: int) -> Path:
    """Leave about ``libres`` bytes free on ``disque`` (a ballast file takes the rest)."""
    lest = disque / "lest"
    v = os.statvfs(disque)
    a_prendre = max(0, v.f_bavail * v.f_frsize - libres)
    with open(lest, "wb") as f:
        f.write(b"\0" * a_prendre)
    return lest


def test_disque_plein_reel(tmp_path: Path) -> None:
    """A real tiny file system, filled to several levels: each run either succeeds or exits
    9 with one line; the earlier outputs stay whole, no temporary is left."""
    with petit_disque(tmp_path / "disque", "2m") as disque:
        sources = sources_avec(tmp_path / "sources", S2023, S2024)
        sortie = disque / "sorties"
        r = lot(sources, sortie, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        reference = deterministes(etat(sortie), "")
        vus = set()
        for libres in (0, 4096, 20_000, 60_000, 120_000):
            lest = _remplir(disque, libres)
            r = lot(sources, sortie, cwd=tmp_path)
            vus.add(r.returncode)
            assert r.returncode in (0, codes.SORTIE_ECRITURE), r.stderr
            if r.returncode:
                ligne = une_ligne(r.stderr)
                assert ligne.startswith(f"pamam: {sortie}") and "espace disque insuffisant" in ligne, ligne
            assert deterministes(etat(sortie), "") == reference, libres
            assert temporaires(sortie) == []
            lest.unlink()
        assert codes.SORTIE_ECRITURE in vus
        lest = _remplir(disque, 0)
        r = pamam("extract", S2023, "--out", disque / "autre", cwd=tmp_path)
        assert r.returncode == codes.SORTIE_ECRITURE, r.stderr
        assert "espace disque insuffisant" in une_ligne(r.stderr)
        assert temporaires(disque) == []


# --- 7. stale outputs --------------------------------------------------------------------------


def test_edition_retiree_des_sources(tmp_path: Path) -> None:
    """An edition's PDF leaves sources/: its folder and comparison move to
    sorties/archives/<date>/, the shared outputs follow, resume no longer picks it."""
    import datetime as dt

    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    sortie = tmp_path / "sorties"
    assert lot(sources, sortie, cwd=tmp_path).returncode == 0
    (sources / S2024.name).unlink()
    r = lot(sources, sortie, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    archives = sortie / "archives" / dt.date.today().isoformat()
    assert (archives / "2024-11" / "plan.json").is_file()
    assert (archives / "changements" / "2023-11__2024-11" / "changements.json").is_file()
    assert f"{sortie / '2024-11'}: plus dans les sources, archivé dans {archives / '2024-11'}" in r.stdout
    coherentes(sortie, ["2023-11"])
    manifeste = json.loads((sources / "manifeste.json").read_text(encoding="utf-8"))
    assert [e["fichier"] for e in manifeste["editions"]] == [S2023.name]
    r = pamam("resume", "--out", sortie, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("PAMAM — édition 2023-11"), r.stderr
    r = pamam("resume", "2024-11", "--out", sortie, cwd=tmp_path)
    assert r.returncode == codes.SORTIE_FICHIER
    assert "archivée dans" in une_ligne(r.stderr)
    # Back in sources/: extracted again; archived the same day twice, nothing overwritten.
    shutil.copy(S2024, sources / S2024.name)
    assert lot(sources, sortie, cwd=tmp_path).returncode == 0
    coherentes(sortie, ["2023-11", "2024-11"])
    (sources / S2024.name).unlink()
    assert lot(sources, sortie, cwd=tmp_path).returncode == 0
    assert (archives / "2024-11.2" / "plan.json").is_file()


def test_edition_dont_le_pdf_echoue_est_conservee(tmp_path: Path) -> None:
    """A known edition whose file is now damaged: one line, exit 10, and its earlier folder
    kept, in the history and the workbook — a failure does not drop an edition."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    sortie = tmp_path / "sorties"
    assert lot(sources, sortie, cwd=tmp_path).returncode == 0
    avant = (sortie / "2024-11" / "plan.json").read_bytes()
    (sources / S2024.name).write_bytes(S2024.read_bytes()[:5000])
    r = lot(sources, sortie, cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE
    assert une_ligne(r.stderr) == f"pamam: {sources / S2024.name}: PDF tronqué (marque de fin %%EOF absente)"
    assert f"{sortie / '2024-11'}: conservée de l’exécution précédente" in r.stdout
    assert (sortie / "2024-11" / "plan.json").read_bytes() == avant
    coherentes(sortie, ["2023-11", "2024-11"])
    manifeste = json.loads((sources / "manifeste.json").read_text(encoding="utf-8"))
    assert [e["fichier"] for e in manifeste["editions"]] == [S2023.name, S2024.name]
    # Into a new output folder (nothing earlier to keep): the edition is missing from the
    # outputs, but its manifest entry, provenance included, is not erased.
    r = lot(sources, tmp_path / "neuves", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE
    coherentes(tmp_path / "neuves", ["2023-11"])
    assert (sources / "manifeste.json").read_bytes() == (SOURCES / "manifeste.json").read_bytes()


# --- 8. hostile PDFs ---------------------------------------------------------------------------


def pdf_pages_innombrables(n: int, par_noeud: int = 1000) -> bytes:
    """A file whose page tree holds ``n`` distinct pages, packed small (object streams and a
    compressed cross-reference stream); the catalogue and the root are plain objects."""
    nb_noeuds = (n + par_noeud - 1) // par_noeud
    premier_page = 3 + nb_noeuds
    objets = {1: b"<</Type/Catalog/Pages 2 0 R>>",
              2: (f"<</Type/Pages/Count {n}/MediaBox[0 0 612 792]/Kids["
                  + " ".join(f"{3 + k} 0 R" for k in range(nb_noeuds)) + "]>>").encode()}
    for k in range(nb_noeuds):
        debut, fin = premier_page + k * par_noeud, min(premier_page + n, premier_page + (k + 1) * par_noeud)
        objets[3 + k] = (f"<</Type/Pages/Parent 2 0 R/Count {fin - debut}/Kids["
                         + " ".join(f"{i} 0 R" for i in range(debut, fin)) + "]>>").encode()
    sortie, xref = bytearray(b"%PDF-1.7\n"), {}
    for o in (1, 2):
        xref[o] = (1, len(sortie), 0)
        sortie += f"{o} 0 obj\n".encode() + objets[o] + b"\nendobj\n"
    suivant = premier_page + n
    numeros = list(range(3, premier_page + n))
    for d in range(0, len(numeros), 5000):
        groupe = numeros[d:d + 5000]
        entete, corps = [], bytearray()
        for j, o in enumerate(groupe):
            entete.append(f"{o} {len(corps)}")
            corps += (objets[o] if o < premier_page else
                      f"<</Type/Page/Parent {3 + (o - premier_page) // par_noeud} 0 R>>".encode()) + b"\n"
            xref[o] = (2, suivant, j)
        tete = " ".join(entete).encode() + b"\n"
        donnees = zlib.compress(tete + bytes(corps))
        xref[suivant] = (1, len(sortie), 0)
        sortie += (f"{suivant} 0 obj\n<</Type/ObjStm/N {len(groupe)}/First {len(tete)}/Filter/FlateDecode"
                   f"/Length {len(donnees)}>>stream\n").encode() + donnees + b"\nendstream\nendobj\n"
        suivant += 1
    xref[suivant] = (1, len(sortie), 0)
    table = b"\x00" + struct.pack(">IH", 0, 65535) + b"".join(struct.pack(">BIH", *xref[o])
                                                              for o in range(1, suivant + 1))
    donnees = zlib.compress(table)
    debut = len(sortie)
    sortie += (f"{suivant} 0 obj\n<</Type/XRef/Size {suivant + 1}/W[1 4 2]/Root 1 0 R/Filter/FlateDecode"
               f"/Length {len(donnees)}>>stream\n").encode() + donnees + b"\nendstream\nendobj\n"
    return bytes(sortie + f"startxref\n{debut}\n%%EOF\n".encode())


def flux_bombe(mio: int) -> bytes:
    """A valid zlib stream of ``mio`` Mio of spaces, about a thousand times smaller: one
    compressed Mio, fully flushed so it can be repeated, and the checksum of the whole."""
    bloc = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = c.compress(bloc) + c.flush(zlib.Z_FULL_FLUSH)
    fin = c.flush()
    adler = 1
    for _ in range(mio):
        adler = zlib.adler32(bloc, adler)
    return b"\x78\xda" + segment * mio + fin + struct.pack(">I", adler)


def pdf_bombe(mio: int, flux: int = 1) -> bytes:
    """One page whose content (``flux`` distinct streams) inflates to ``mio`` Mio per stream."""
    donnees = flux_bombe(mio)
    contenus = " ".join(f"{4 + k} 0 R" for k in range(flux))
    objets = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Count 1/Kids[3 0 R]>>",
              f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents[{contenus}]>>".encode()]
    objets += [f"<</Length {len(donnees)}/Filter/FlateDecode>>stream\n".encode() + donnees + b"\nendstream"] * flux
    sortie, positions = bytearray(b"%PDF-1.7\n"), []
    for i, o in enumerate(objets, 1):
        positions.append(len(sortie))
        sortie += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    debut = len(sortie)
    sortie += f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode()
    sortie += b"".join(f"{p:010d} 00000 n \n".encode() for p in positions)
    sortie += f"trailer\n<</Size {len(objets) + 1}/Root 1 0 R>>\nstartxref\n{debut}\n%%EOF\n".encode()
    return bytes(sortie)


def test_flux_bombe_est_du_zlib_valide() -> None:
    assert zlib.decompress(flux_bombe(3)) == b" " * (3 << 20)


def _mesurer(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """Run ``pamam ARGS``; (result, wall seconds, peak memory in Kio) of that process alone."""
    mesure = ("import resource, subprocess, sys, time\n"
              "t = time.monotonic()\n"
              "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
              "sys.stderr.write(r.stderr); sys.stdout.write(r.stdout)\n"
              "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
              "sys.exit(r.returncode)\n")
    r = subprocess.run([sys.executable, "-c", mesure, sys.executable, "-m", "pamam.cli", *args],
                       capture_output=True, text=True, cwd=cwd, timeout=300)
    *lignes, derniere = r.stderr.splitlines()
    duree, memoire = derniere.split()
    r.stderr = "".join(f"{li}\n" for li in lignes)
    return r, float(duree), int(memoire)


def test_un_million_de_pages_refuse_vite(tmp_path: Path) -> None:
    """A file declaring a million pages: refused from the page tree's /Count, in about a
    second and small memory, without listing them (that took minutes and gigabytes)."""
    chemin = tmp_path / "innombrable.pdf"
    chemin.write_bytes(pdf_pages_innombrables(1_000_000))
    r, duree, memoire = _mesurer(["extract", str(chemin), "--out", str(tmp_path / "sorties")], tmp_path)
    assert r.returncode == codes.SORTIE_TROP_GRAND, r.stderr
    assert une_ligne(r.stderr) == (f"pamam: {chemin}: 1000000 pages, bien plus qu’un plan (limite 200) "
                                   "(limite modifiable avec --pages-max)")
    assert duree < 6, duree  # ~1 s (interpreter start included); listing the pages took minutes
    assert memoire < 300_000, memoire
    assert not (tmp_path / "sorties").exists()


def test_arbre_de_pages_qui_ment_sur_son_compte(tmp_path: Path) -> None:
    """A tree declaring fewer pages than it holds is counted up to the limit, not further."""
    chemin = tmp_path / "menteur.pdf"
    octets = pdf_pages_innombrables(400)
    chemin.write_bytes(octets.replace(b"/Count 400/", b"/Count 003/", 1))  # same length: offsets stay right
    r = pamam("extract", chemin, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_TROP_GRAND, r.stderr
    assert une_ligne(r.stderr) == (f"pamam: {chemin}: plus de 200 pages, bien plus qu’un plan (limite 200) "
                                   "(limite modifiable avec --pages-max)")


def test_bombe_de_decompression(tmp_path: Path) -> None:
    """A page whose content inflates to 1 Gio: refused (exit 8) once past the per-stream cap,
    with memory far below what inflating it would take."""
    chemin = tmp_path / "bombe.pdf"
    chemin.write_bytes(pdf_bombe(1024))
    assert chemin.stat().st_size < 2_000_000
    r, _duree, memoire = _mesurer(["extract", str(chemin), "--out", str(tmp_path / "sorties")], tmp_path)
    assert r.returncode == codes.SORTIE_TROP_GRAND, r.stderr
    assert une_ligne(r.stderr) == (f"pamam: {chemin}: un flux compressé dépasse 32 Mio une fois décompressé (bombe "
                                   "de décompression ?) : lecture arrêtée")
    assert memoire < 250_000, memoire  # Kio; inflating the stream alone would take 1 048 576


def test_bombe_par_page_et_par_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Streams each under the per-stream cap still add up against the page's and the
    document's caps (lowered here to keep the test small)."""
    import extraction.document as document
    from extraction.erreurs import TropLourd
    from pamam.pipeline import extraire_edition

    chemin = tmp_path / "page.pdf"
    chemin.write_bytes(pdf_bombe(5, flux=2))  # two streams of 5 Mio on one page
    monkeypatch.setattr(document, "DECOMPRESSE_MAX_FLUX", 8 << 20)
    monkeypatch.setattr(document, "DECOMPRESSE_MAX_PAGE", 6 << 20)
    with pytest.raises(TropLourd, match="le contenu de la page 1 dépasse 6 Mio"):
        extraire_edition(chemin)
    monkeypatch.setattr(document, "DECOMPRESSE_MAX_PAGE", 64 << 20)
    monkeypatch.setattr(document, "DECOMPRESSE_MAX_DOCUMENT", 7 << 20)
    with pytest.raises(TropLourd, match="le contenu du document dépasse 7 Mio"):
        extraire_edition(chemin)


def test_bombe_dans_un_lot(tmp_path: Path) -> None:
    """In the batch, the bomb is one line (exit 10) and the other editions are written."""
    sources = sources_avec(tmp_path / "sources", S2023)
    (sources / "bombe.pdf").write_bytes(pdf_bombe(256))
    r = lot(sources, tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PARTIELLE, r.stderr
    assert "bombe de décompression" in une_ligne(r.stderr)
    assert (tmp_path / "sorties" / "2023-11" / "plan.json").is_file()


def test_long_document_sans_tableau_arrete_tot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """190 pages of text and no table header: reading stops after the first 20 pages with
    text (exit 7, the line says so) instead of going through all of them."""
    from test_erreurs import pdf_reportlab

    import extraction.lecture as lecture

    chemin = pdf_reportlab(tmp_path / "annexes.pdf", pages_texte=190)
    lues: list[int] = []
    lire_page = lecture.lire_page
    monkeypatch.setattr(lecture, "lire_page", lambda page: lues.append(1) or lire_page(page))
    code, out, err = _executer(["extract", str(chemin), "--out", str(tmp_path / "sorties")])
    assert code == codes.SORTIE_PAS_TABLEAU, err
    assert une_ligne(err) == (f"pamam: {chemin}: aucun tableau synoptique trouvé : aucun en-tête ACTION / MISE EN "
                              "ŒUVRE / LIVRABLE / ÉCHÉANCIER dans les 20 premières pages avec du texte, lecture "
                              "arrêtée (document de 190 pages)")
    assert len(lues) == lecture.PAGES_SANS_ENTETE_MAX == 20
    assert out == ""


def test_progression_d_un_long_document() -> None:
    """A long document says how far its reading is, every ten pages."""
    from extraction.suivi import Suivi
    from pamam.pipeline import extraire_edition

    messages: list[str] = []

    class Collecte(Suivi):
        def signaler(self, message: str) -> None:
            messages.append(message)

    extraire_edition(LONG, suivi=Collecte())
    assert messages == ["10/40 pages lues", "20/40 pages lues", "30/40 pages lues", "40/40 pages lues"]


# --- 9. small ones -----------------------------------------------------------------------------


def test_noms_de_fichier_qui_ne_sont_pas_de_l_utf8(tmp_path: Path) -> None:
    """A file named with Latin-1 bytes (« café » from an old drive): extracted, printed as its
    bytes even where standard output is strict UTF-8, kept in the manifest across runs."""
    base = os.fsencode(tmp_path)
    sources = base + b"/sources"
    os.mkdir(sources)
    nom = b"caf\xe9-2023.pdf"
    shutil.copy(S2023, os.path.join(sources, nom))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for _ in range(2):
        r = subprocess.run([sys.executable, "-m", "pamam.lot", sources, "--out", base + b"/sorties"],
                           capture_output=True, cwd=tmp_path, env=env, timeout=300)
        assert r.returncode == 0, r.stderr
        assert r.stderr == b""
        assert b"/sorties/2023-11: 37 livrables" in r.stdout
    manifeste = json.loads(open(os.path.join(sources, b"manifeste.json"), encoding="utf-8").read())
    assert manifeste["editions"][0]["fichier"] == os.fsdecode(nom)
    assert manifeste["editions"][0]["provenance"] == "ajouté localement dans sources/"
    plan = json.loads((tmp_path / "sorties" / "2023-11" / "plan.json").read_text(encoding="utf-8"))
    assert plan["document"]["source"]["fichier"] == os.fsdecode(nom)
    # An unreadable one is named by its bytes on the error line.
    os.symlink(b"nulle-part", os.path.join(sources, b"\xe9t\xe9.pdf"))
    r = subprocess.run([sys.executable, "-m", "pamam.lot", sources, "--out", base + b"/sorties"],
                       capture_output=True, cwd=tmp_path, env=env, timeout=300)
    assert r.returncode == codes.SORTIE_PARTIELLE
    assert r.stderr == (b"pamam: " + sources + b"/\xe9t\xe9.pdf: illisible : lien symbolique cass\xc3\xa9 "
                        b"(cible introuvable : nulle-part)\n")


def test_sortie_qui_est_un_fichier(tmp_path: Path) -> None:
    """``--out`` naming a file (or a path under one): « n’est pas un dossier », exit 9, at
    once (nothing extracted), nothing left behind."""
    sources = sources_avec(tmp_path / "sources", S2023)
    fichier = tmp_path / "sorties"
    fichier.write_bytes(b"un fichier")
    avant = etat(tmp_path)
    for cible in (fichier, fichier / "sous-dossier"):
        r = lot(sources, cible, cwd=tmp_path)
        assert r.returncode == codes.SORTIE_ECRITURE, r.stderr
        assert une_ligne(r.stderr).startswith(f"pamam: {cible}: écriture impossible : n’est pas un dossier")
        assert r.stdout == ""
        assert etat(tmp_path) == avant


def test_sources_introuvables(tmp_path: Path) -> None:
    r = lot(tmp_path / "absent", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_FICHIER
    assert une_ligne(r.stderr) == f"pamam: {tmp_path / 'absent'}: dossier introuvable"
    assert not (tmp_path / "sorties").exists()


def test_aucun_pdf(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    r = lot(tmp_path / "sources", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_FICHIER
    assert une_ligne(r.stderr) == f"pamam: {tmp_path / 'sources'}: aucun PDF à traiter"
    assert not (tmp_path / "sorties").exists()


@pytest.mark.parametrize("masque", [0o022, 0o002])
def test_permissions_selon_le_umask(masque: int, tmp_path: Path) -> None:
    """Every output (files, workbooks, folders, the lock, archives, the manifest) gets the
    mode the user's umask gives, as ``cp`` or ``mkdir`` would."""
    sources = sources_avec(tmp_path / "sources", S2023, S2024)
    sortie = tmp_path / "sorties"
    assert lot(sources, sortie, cwd=tmp_path, umask=masque).returncode == 0
    (sources / S2024.name).unlink()
    assert lot(sources, sortie, cwd=tmp_path, umask=masque).returncode == 0  # archives too
    assert (sortie / "archives").is_dir()
    chemins = [sortie, *sortie.rglob("*"), sources / "manifeste.json"]
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.lstat().st_mode) for p in chemins}
    attendus = {n: (0o777 if (tmp_path / n).is_dir() else 0o666) & ~masque for n in modes}
    assert modes == attendus
    assert any(n.endswith(".xlsx") for n in modes) and any(n.endswith(".pamam.verrou") for n in modes)


def _plan_sans_edition(chemin: Path) -> Path:
    """A miniature plan whose cover names no edition (title only)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()

    def p(texte: str) -> Paragraph:
        return Paragraph(texte, styles["BodyText"])

    lignes = [[p(f"<b>{e}</b>") for e in ("ACTION", "MISE EN ŒUVRE", "LIVRABLE", "ÉCHÉANCIER")],
              [p("1. Harmoniser les pratiques"), p("1.1 Réviser les guides"), p("Guide révisé"), p("Automne 2024")],
              [p("2. Simplifier les programmes"), p("2.1 Alléger la reddition"), p("Formulaire allégé"),
               p("Printemps 2025")]]
    table = Table(lignes, colWidths=[170] * 4)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(chemin), pagesize=landscape(letter), invariant=1).build([
        Paragraph("PLAN D’ACTION MINISTÉRIEL EN AFFAIRES MUNICIPALES", styles["Title"]), PageBreak(),
        Paragraph("<b>A. UN PARTENARIAT DYNAMIQUE</b>", styles["Heading2"]),
        Paragraph("<i>Afin de renforcer les liens</i>", styles["BodyText"]), Spacer(1, 6), table])
    return chemin


def test_couverture_sans_edition(tmp_path: Path) -> None:
    """No edition on the cover: the file name's AAAA-MM is used, with a quality warning; no
    date in the name either: exit 7, advising --edition."""
    chemin = _plan_sans_edition(tmp_path / "plan-2025-03.pdf")
    r = pamam("extract", chemin, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "1 avertissement(s)" in r.stdout
    plan = json.loads((tmp_path / "sorties" / "2025-03" / "plan.json").read_text(encoding="utf-8"))
    assert plan["document"]["version"] == "2025-03" and plan["document"]["libelle_version"] in ("", None)
    avertissements = plan["qualite"]["avertissements"]
    assert [a["type"] for a in avertissements] == ["edition_depuis_nom_de_fichier"]
    assert "plan-2025-03.pdf" in avertissements[0]["message"]
    sans_date = _plan_sans_edition(tmp_path / "plan.pdf")
    r = pamam("extract", sans_date, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PAS_TABLEAU
    assert une_ligne(r.stderr) == (f"pamam: {sans_date}: édition introuvable sur la couverture (mois et année) ni dans "
                                   "le nom du fichier (précisez-la avec --edition AAAA-MM)")


def _profond(n: int) -> str:
    return '{"sections": ' + "[" * n + "]" * n + "}"


PLANS_FAUX = {
    "liste": ("[]", "objet avec une liste « sections » attendu"),
    "sections-texte": ('{"sections": "A"}', "sections : une liste attendu"),
    "echeancier-nombre": ('{"document": {"version": "2023-11"}, "sections": [{"code": "A", "titre": "T", '
                          '"actions": [{"numero": "1", "titre": "t", "mesures": [{"numero": "1.1", "titre": "m", '
                          '"livrables": [{"texte": "x", "echeancier": 12}]}]}]}]}', "sections/0/actions/0/mesures/0"),
    "imbrication-absurde": (_profond(100_000), "imbrication absurde"),
    "imbrication-moyenne": (_profond(200), "imbrication absurde"),
}


@pytest.mark.parametrize("commande", ["resume", "compare"])
@pytest.mark.parametrize("cas", list(PLANS_FAUX))
def test_plan_json_faux(commande: str, cas: str, tmp_path: Path) -> None:
    """resume and compare refuse a plan.json of the wrong shape the same way: exit 4, the
    reason on one line, never « erreur interne »."""
    contenu, motif = PLANS_FAUX[cas]
    faux = tmp_path / "2023-11" / "plan.json"
    faux.parent.mkdir()
    faux.write_text(contenu, encoding="utf-8")
    args = ["resume", faux] if commande == "resume" else ["compare", faux, REFERENCE / "pamam-2024-11.json",
                                                         "--out", tmp_path / "changements"]
    r = pamam(*args, cwd=tmp_path)
    assert r.returncode == codes.SORTIE_PAS_PDF, r.stderr
    ligne = une_ligne(r.stderr)
    assert ligne.startswith(f"pamam: {faux}: ") and motif in ligne and "erreur interne" not in ligne, ligne
    assert not (tmp_path / "changements").exists()


# --- 10. installation and progress ---------------------------------------------------------------


def test_make_extract_n_installe_que_le_pipeline(tmp_path: Path) -> None:
    """On a fresh copy, ``make extract`` creates the venv and installs the project without
    extras (tests and benchmark baselines stay out), saying what it does."""
    if shutil.which("make") is None:
        pytest.skip("make absent")
    for nom in ("Makefile", "pyproject.toml"):
        shutil.copy(RACINE / nom, tmp_path / nom)
    # Run as a user would, not as a sub-make of `make test` (which would print "Entering directory").
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    r = subprocess.run(["make", "-n", "--no-print-directory", "extract", "PYTHON=python3"], capture_output=True,
                       text=True, cwd=tmp_path, check=False, env=env)
    assert r.returncode == 0, r.stderr
    commandes = r.stdout.splitlines()
    installations = [c for c in commandes if "pip install" in c]
    assert len(installations) == 1 and installations[0].endswith(" -e ."), installations
    assert any("installation des dépendances du pipeline" in c for c in commandes)
    assert any("création de l’environnement virtuel" in c for c in commandes)
    assert commandes[-1].startswith(".venv/bin/pamam lot sources --out sorties")


def test_progression_du_lot_dans_l_ordre_des_editions(tmp_path: Path) -> None:
    """On a terminal, each edition says when it starts and ends, ends in edition order
    (the manifest's), whichever worker finishes first."""
    sources = sources_avec(tmp_path / "sources", S2024, S2023, LONG.with_name("renumerotee.pdf"),
                           noms=["a-2024.pdf", "b-2023.pdf", "c-2025.pdf"], manifeste=False)
    (sources / "manifeste.json").write_text(json.dumps({"editions": [
        {"fichier": "b-2023.pdf", "edition": "2023-11", "sha256": "?"},
        {"fichier": "a-2024.pdf", "edition": "2024-11", "sha256": "?"}]}), encoding="utf-8")
    code, texte = sur_un_terminal([sys.executable, "-m", "pamam.lot", str(sources), "--out",
                                    str(tmp_path / "sorties"), "--processus", "2"], tmp_path)
    assert code == 0, texte
    fins = [ligne for ligne in texte.splitlines() if " : lu (" in ligne]
    assert [ligne.split("] ")[1].split(" : ")[0] for ligne in fins] == ["b-2023.pdf", "a-2024.pdf", "c-2025.pdf"]
    assert fins[0].startswith("pamam: [1/3] b-2023.pdf : lu (2023-11) en ")
    assert fins[2].startswith("pamam: [3/3] c-2025.pdf : lu (2025-03) en ")
    for nom in ("b-2023.pdf", "a-2024.pdf", "c-2025.pdf"):
        assert any(ligne.endswith(f"{nom} : début") for ligne in texte.splitlines()), texte
    assert "Traceback" not in texte


def test_progression_d_extractsur_un_terminal(tmp_path: Path) -> None:
    code, texte = sur_un_terminal([sys.executable, "-m", "pamam.cli", "extract", str(LONG), "--out",
                                    str(tmp_path / "sorties")], tmp_path)
    assert code == 0, texte
    assert texte.splitlines() == [f"pamam: {LONG}: {k}/40 pages lues" for k in (10, 20, 30, 40)]


def test_rien_sur_stderr_hors_terminal(tmp_path: Path) -> None:
    """Not on a terminal (a script, a log): stderr carries only the lines about problems."""
    r = pamam("extract", LONG, "--out", tmp_path / "sorties", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == ""
