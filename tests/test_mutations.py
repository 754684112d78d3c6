"""Fuzzing: damaged copies of real PDFs end in success or one clean error line, never a hang.

Why: users feed the tool whatever their mail client, scanner or download left them —
truncated, bit-rotted, half-repaired files. pdfminer raises dozens of unrelated exception
types (or loops) on such input; the contract promises one ``pamam: …`` line and a
non-zero exit instead, and no traceback. Hand-picked bad files cannot cover that space,
so a few hundred mutants of the fixture PDFs are generated at test time — truncations,
flipped bytes, objects deleted or replaced by noise, xref and ``startxref`` corrupted,
numbers (lengths, counts, references) changed, streams damaged — from a fixed seed, so
every run sees the same files and a failure can be reproduced from its name.

Speed: one process per mutant would spend most of its time importing. The mutants run
in-process through ``pamam.cli.main`` with stderr captured, split across two worker
processes (``python tests/test_mutations.py --travailleur …``), each mutant under a
``signal.alarm`` time limit and each worker under an overall timeout — a hang fails the
test naming the mutant instead of blocking it. A handful also run as real ``pamam``
processes to prove the end-to-end behaviour (exit status, stderr, no traceback).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
FIXTURES = [
    RACINE / "sources" / "pamam-2023-11.pdf",
    RACINE / "sources" / "pamam-2024-11.pdf",
    *(RACINE / "tests" / "fixtures" / "variantes" / f"{n}.pdf"
      for n in ("rectangles", "sans-bordures", "navigateur", "ligatures", "portrait")),
]
NB_MUTANTS = 300
GRAINE = 20231101
DELAI_MUTANT = 20  # seconds; a clean run of one of these files takes well under one
DELAI_LOT = 240  # seconds for a worker's whole share
TRAVAILLEURS = 2
NB_SOUS_PROCESSUS = 10


# --- mutations ---------------------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random], bytes]


def tronquer(d: bytes, r: random.Random) -> bytes:
    """Cut anywhere: a download that stopped."""
    return d[: r.randrange(1, len(d))]


def tronquer_avec_eof(d: bytes, r: random.Random) -> bytes:
    """Cut, then append an end marker, so the file gets past the cheap checks into the parser."""
    return d[: r.randrange(16, len(d))] + b"\n%%EOF\n"


def inverser_octets(d: bytes, r: random.Random) -> bytes:
    """Bit rot: a few bytes anywhere changed."""
    b = bytearray(d)
    for _ in range(r.randint(1, 40)):
        i = r.randrange(len(b))
        b[i] ^= r.randint(1, 255)
    return bytes(b)


def _objets(d: bytes) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rb"\d+ \d+ obj\b.*?endobj", d, re.S)]


def supprimer_objet(d: bytes, r: random.Random) -> bytes:
    """An ``N 0 obj … endobj`` span deleted: every offset after it is now wrong."""
    spans = _objets(d)
    if not spans:
        return inverser_octets(d, r)
    a, b = r.choice(spans)
    return d[:a] + d[b:]


def bruiter_objet(d: bytes, r: random.Random) -> bytes:
    """An object replaced by noise of the same length: offsets stay right, content is junk."""
    spans = _objets(d)
    if not spans:
        return inverser_octets(d, r)
    a, b = r.choice(spans)
    return d[:a] + r.randbytes(b - a) + d[b:]


def corrompre_xref(d: bytes, r: random.Random) -> bytes:
    """The cross-reference table or the ``startxref`` offset damaged."""
    if r.random() < 0.5:
        m = list(re.finditer(rb"startxref\s+(\d+)", d))
        if m:
            x = m[-1]
            nombre = str(r.choice([0, 1, r.randrange(len(d)), len(d) + 1000, 10**12])).encode()
            return d[: x.start(1)] + nombre + d[x.end(1):]
    x = d.rfind(b"xref")
    if x < 0:
        return inverser_octets(d, r)
    b = bytearray(d)
    for _ in range(r.randint(1, 30)):
        i = r.randrange(x, min(len(b), x + 2000))
        b[i] = r.choice(b"0123456789 nf\n")
    return bytes(b)


def changer_nombre(d: bytes, r: random.Random) -> bytes:
    """A number (a /Length, a /Count, a reference) set to something absurd."""
    nombres = list(re.finditer(rb"(?<=[\s/\[<])\d+(?=[\s/\]>R])", d))
    if not nombres:
        return inverser_octets(d, r)
    b = d
    for _ in range(r.randint(1, 3)):
        m = r.choice(nombres)
        nouveau = str(r.choice([0, -1, 1, 2**31, 10**9, r.randrange(100000)])).encode()
        if m.end() <= len(b):
            b = b[: m.start()] + nouveau + b[m.end():]
    return b


def abimer_flux(d: bytes, r: random.Random) -> bytes:
    """Bytes changed inside a stream (compressed content, font, image)."""
    flux = [m.end() for m in re.finditer(rb"stream\r?\n", d)]
    if not flux:
        return inverser_octets(d, r)
    debut = r.choice(flux)
    b = bytearray(d)
    for _ in range(r.randint(1, 10)):
        i = min(len(b) - 1, debut + r.randrange(0, 400))
        b[i] = r.randrange(256)
    return bytes(b)


def permuter_blocs(d: bytes, r: random.Random) -> bytes:
    """Two chunks swapped: a badly reassembled transfer."""
    n = r.randint(16, 4096)
    i, j = sorted(r.randrange(0, max(1, len(d) - n)) for _ in range(2))
    if j < i + n:
        return inverser_octets(d, r)
    return d[:i] + d[j:j + n] + d[i + n:j] + d[i:i + n] + d[j + n:]


MUTATIONS: list[Mutation] = [
    tronquer, tronquer_avec_eof, inverser_octets, supprimer_objet, bruiter_objet,
    corrompre_xref, changer_nombre, abimer_flux, permuter_blocs,
]


def generer(dossier: Path) -> list[Path]:
    """Write the mutants (same seed, same files) and return their paths."""
    sources = [(p, p.read_bytes()) for p in FIXTURES if p.exists()]
    assert sources, "no fixture PDF found"
    r = random.Random(GRAINE)
    chemins = []
    for k in range(NB_MUTANTS):
        source, donnees = sources[k % len(sources)]
        mutation = MUTATIONS[(k // len(sources)) % len(MUTATIONS)]
        chemin = dossier / f"{k:03d}-{source.stem}-{mutation.__name__}.pdf"
        chemin.write_bytes(mutation(donnees, random.Random(r.getrandbits(64))))
        chemins.append(chemin)
    return chemins


# --- verdicts ----------------------------------------------------------------------------------


def verdict(code: int | None, stderr: str) -> str | None:
    """None when the run is acceptable, else what is wrong with it."""
    if code is None:
        return "no exit status"
    if "Traceback" in stderr:
        return "traceback on stderr"
    lignes = stderr.splitlines()
    if code == 0:
        return None if not lignes else f"exit 0 but stderr: {stderr[:300]!r}"
    if len(lignes) != 1 or not lignes[0].startswith("pamam: "):
        return f"exit {code} with stderr {stderr[:300]!r} (one line starting with 'pamam: ' expected)"
    return None


# --- worker (runs in its own process) ----------------------------------------------------------


class _Delai(BaseException):
    """Raised by the alarm; a BaseException so the CLI's last-resort handler lets it through."""


def _alarme(_signum: int, _frame: Any) -> None:
    raise _Delai


def travailleur(liste: Path, sortie: Path, journal: Path) -> None:
    """Run each mutant of ``liste`` through ``pamam.cli.main``; one JSON line per mutant."""
    from pamam.cli import main

    signal.signal(signal.SIGALRM, _alarme)
    with journal.open("a", encoding="utf-8") as j:
        for chemin in json.loads(liste.read_text(encoding="utf-8")):
            j.write(json.dumps({"debut": chemin}) + "\n")
            j.flush()
            err = io.StringIO()
            t = time.monotonic()
            code: int | None = None
            try:
                signal.alarm(DELAI_MUTANT)
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    code = main(["extract", chemin, "--out", str(sortie)])
            except _Delai:
                err.write(f"TIMEOUT after {DELAI_MUTANT} s\n")
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
            except BaseException as e:  # noqa: BLE001 — recorded as a failure, the batch goes on
                err.write(f"Traceback: {type(e).__name__} escaped main(): {e}\n")
            finally:
                signal.alarm(0)
            j.write(json.dumps({"fichier": chemin, "code": code, "stderr": err.getvalue(),
                                "duree": round(time.monotonic() - t, 3)}) + "\n")
            j.flush()


# --- the tests ---------------------------------------------------------------------------------


def _pamam() -> list[str]:
    voisin = Path(sys.executable).with_name("pamam")
    if voisin.exists():
        return [str(voisin)]
    if shutil.which("pamam"):
        return ["pamam"]
    return [sys.executable, "-m", "pamam.cli"]


def test_generation_deterministe(tmp_path: Path) -> None:
    """Same seed, same mutants: a failure can be reproduced from its file name."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    premiers = generer(a)[:30]
    seconds = generer(b)[:30]
    assert [p.read_bytes() for p in premiers] == [p.read_bytes() for p in seconds]


def test_mutants_en_processus(tmp_path: Path) -> None:
    """Every mutant: exit 0, or one ``pamam: `` line and a non-zero exit; none hangs."""
    mutants = generer(tmp_path)
    assert len(mutants) >= 300
    parts = [mutants[i::TRAVAILLEURS] for i in range(TRAVAILLEURS)]
    processus = []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(RACINE), os.environ.get("PYTHONPATH", "")]))
    debut = time.monotonic()
    for i, part in enumerate(parts):
        liste = tmp_path / f"lot-{i}.json"
        liste.write_text(json.dumps([str(p) for p in part]), encoding="utf-8")
        journal = tmp_path / f"journal-{i}.jsonl"
        p = subprocess.Popen(
            [sys.executable, __file__, "--travailleur", str(liste), str(tmp_path / f"sortie-{i}"), str(journal)],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        processus.append((p, journal))
    problemes: list[str] = []
    resultats: list[dict[str, Any]] = []
    for p, journal in processus:
        try:
            _, erreurs = p.communicate(timeout=max(1.0, DELAI_LOT - (time.monotonic() - debut)))
        except subprocess.TimeoutExpired:
            p.kill()
            _, erreurs = p.communicate()
            problemes.append(f"worker still running after {DELAI_LOT} s")
        lignes = [json.loads(x) for x in journal.read_text(encoding="utf-8").splitlines()] if journal.exists() else []
        termines = {x["fichier"] for x in lignes if "fichier" in x}
        en_cours = [x["debut"] for x in lignes if "debut" in x and x["debut"] not in termines]
        problemes += [f"{Path(c).name}: hung (never finished)" for c in en_cours]
        if p.returncode not in (0, None) and not en_cours:
            problemes.append(f"worker exited {p.returncode}: {erreurs[-500:]}")
        resultats += [x for x in lignes if "fichier" in x]
    for x in resultats:
        pourquoi = verdict(x["code"], x["stderr"])
        if pourquoi:
            problemes.append(f"{Path(x['fichier']).name}: {pourquoi}")
    assert len(resultats) == len(mutants) or problemes
    assert not problemes, f"{len(problemes)} bad outcome(s):\n" + "\n".join(problemes[:40])
    # The set is only useful if it exercises both outcomes and several kinds of refusal.
    codes = {x["code"] for x in resultats}
    assert 0 in codes and len(codes - {0}) >= 2, codes


def test_mutants_en_sous_processus(tmp_path: Path) -> None:
    """A few mutants as real ``pamam extract`` processes: exit status and stderr end to end."""
    mutants = generer(tmp_path)
    pas = max(1, len(mutants) // NB_SOUS_PROCESSUS)
    for chemin in mutants[::pas][:NB_SOUS_PROCESSUS]:
        r = subprocess.run([*_pamam(), "extract", str(chemin), "--out", str(tmp_path / "sortie")],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert verdict(r.returncode, r.stderr) is None, (chemin.name, r.returncode, r.stderr)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--travailleur":
    travailleur(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
