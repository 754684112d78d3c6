"""``make bench``: how fast pamam is, measured against what a user would use instead.

Why a harness rather than a timed test: speed depends on the machine and on whatever
else runs on it, so it is *measured* (here, in one run, every tool on the same files on
the same machine) and *never asserted* by the test suite. Each figure is the median of
several whole-process runs — what a user waits for, interpreter start-up and imports
included — after one unmeasured warm-up run that fills the bytecode and file caches.

Measured, for every PDF in ``sources/`` and the 40-page synthetic plan:

* ``pamam extract`` as a process (wall time and peak memory), and its stages timed
  in-process in a fresh interpreter (open, page layout, grids, hierarchy, normalisation,
  writing) by wrapping the stage functions — the library carries no timing code;
* the baselines on the same file: camelot lattice, camelot stream, a bare pdfplumber
  ``extract_tables`` pass;
* ``pamam echeance "Hiver 2026"`` as a process, and the normaliser's throughput on
  10,000 phrases in-process (all distinct, and with repeats, so a cache can neither hide
  nor fake anything), beside ``dateparser.parse`` on the same phrases.

It prints one table with the ratios (ours ÷ baseline) and the project's targets marked
PASS/FAIL, and writes everything, with the machine it ran on, to
``sorties/bench/bench-<date>.json`` and ``sorties/bench/dernier.json``.

Peak memory comes from the child's own ``ru_maxrss`` — via GNU ``/usr/bin/time -f %M``
when present, otherwise a tiny wrapper that runs the command and reports its own
``ru_maxrss`` — because ``RUSAGE_CHILDREN`` only ever reports the largest child so far
and so cannot be attributed to one run.

Only the standard library is imported at module level: this module is also the child
process of the stage and throughput measurements, and must not skew them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: Targets of the issues "Measure and win on speed" and "Read the table whatever made the PDF"
#: (reading any producer must not cost speed), in one place so the table and the JSON agree.
CIBLE_EXTRACT_SUR_PDFPLUMBER = 1.2  # pamam extract ≤ 1.2 × bare pdfplumber (4-page reference)
CIBLE_LONG_SUR_PDFPLUMBER = 0.7  # pamam extract ≤ 0.7 × bare pdfplumber (40-page plan)
CIBLE_CAMELOT_LATTICE = 3.0  # at least 3 × faster than camelot lattice
CIBLE_ECHEANCE_SUR_PDFPLUMBER = 1.0  # one-phrase `pamam echeance` ≤ 1.0 × bare pdfplumber
CIBLE_DEBIT_S = 1.0  # 10,000 phrases in ≤ 1 s
CIBLE_LONG_SUR_COURT = 12.0  # the 40-page plan ≤ 12 × the 4-page time
CIBLE_MEMOIRE_MIB = 250.0  # peak memory < 250 MiB

PHRASES = 10_000
PHRASES_RAPIDE = 1_000
DELAI_S = 900  # one child may not take longer than this (camelot on a long file is slow)
PUBLICATION = dt.date(2024, 11, 1)
LONG = Path("tests/fixtures/variantes/long-40-pages.pdf")
REFERENCES = Path("tests/fixtures/reference")
VARIANTES = Path("tests/fixtures/variantes")

BIBLIOTHEQUES = ["pdfplumber", "pdfminer.six", "camelot-py", "dateparser", "pandas", "XlsxWriter", "spacy",
                 "pypdfium2", "opencv-python-headless", "rapidfuzz"]

# Baselines, each a complete Python program run as its own process (argv[1] = PDF).
CODE_PDFPLUMBER = "import pdfplumber, sys; [p.extract_tables() for p in pdfplumber.open(sys.argv[1]).pages]"
CODE_CAMELOT = "import camelot, sys; camelot.read_pdf(sys.argv[1], pages='all', flavor=sys.argv[2])"

# Fallback when GNU time is absent: run a Python command (-m module / -c code) in this
# very process and write its own peak RSS (KiB on Linux) to the file named first.
ENVELOPPE = """
import resource, runpy, sys
fichier, mode, cible, *reste = sys.argv[1:]
try:
    if mode == "-m":
        sys.argv = [cible, *reste]
        runpy.run_module(cible, run_name="__main__", alter_sys=True)
    else:
        sys.argv = ["-c", *reste]
        exec(compile(cible, "<string>", "exec"), {"__name__": "__main__"})
finally:
    with open(fichier, "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


# ---------------------------------------------------------------------------------------
# Whole-process measurements
# ---------------------------------------------------------------------------------------


def _gnu_time() -> str | None:
    """Path of a GNU ``time`` that understands ``-f %M -o FILE``, or None."""
    chemin = "/usr/bin/time"
    if not os.access(chemin, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        try:
            r = subprocess.run([chemin, "-f", "%M", "-o", f.name, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return chemin if r.returncode == 0 and f.read().strip().isdigit() else None


class Mesureur:
    """Runs Python commands as separate processes and reports wall time and peak RSS."""

    def __init__(self, racine: Path) -> None:
        self.racine = racine
        self.time = _gnu_time()
        self.env = dict(os.environ)
        # The project must be importable by the children whatever the caller's cwd.
        self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(racine), os.environ.get("PYTHONPATH")]))
        self.env.pop("PYTHONPROFILEIMPORTTIME", None)
        # The warm-up run must be able to fill the bytecode cache, as on a user's machine: a
        # shell that forbids writing it would time the compiling of pamam's own modules
        # (≈ 70 ms a run), while the tools compared come from an installed, compiled site.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    @property
    def methode_memoire(self) -> str:
        return "GNU time -f %M" if self.time else "enveloppe ru_maxrss (RUSAGE_SELF)"

    def lancer(self, args_python: Sequence[str]) -> dict[str, Any]:
        """One run of ``python ARGS…``: seconds, peak MiB, exit code, last stderr line."""
        with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as f:
            fichier_rss = f.name
        if self.time:
            cmd = [self.time, "-f", "%M", "-o", fichier_rss, sys.executable, *args_python]
        else:
            cmd = [sys.executable, "-c", ENVELOPPE, fichier_rss, *args_python]
        debut = time.perf_counter()
        try:
            r = subprocess.run(cmd, cwd=self.racine, env=self.env, capture_output=True, text=True, timeout=DELAI_S)
            code, erreur = r.returncode, r.stderr
        except subprocess.TimeoutExpired:
            code, erreur = -1, f"délai de {DELAI_S} s dépassé"
        secondes = time.perf_counter() - debut
        try:
            texte = Path(fichier_rss).read_text().strip().splitlines()
            kib = int(texte[-1]) if texte and texte[-1].strip().isdigit() else 0
        except OSError:
            kib = 0
        finally:
            Path(fichier_rss).unlink(missing_ok=True)
        lignes = [li for li in (erreur or "").strip().splitlines() if li.strip()]
        return {"secondes": secondes, "memoire_mib": kib / 1024, "code": code,
                "erreur": lignes[-1][:300] if code != 0 and lignes else None}


def _resume(essais: list[dict[str, Any]]) -> dict[str, Any]:
    """Median of the successful runs (None when every run failed), with the raw runs."""
    ok = [e for e in essais if e["code"] == 0]
    return {
        "mediane_s": statistics.median(e["secondes"] for e in ok) if ok else None,
        "min_s": min(e["secondes"] for e in ok) if ok else None,
        "memoire_max_mib": max(e["memoire_mib"] for e in ok) if ok else None,
        "essais_s": [round(e["secondes"], 4) for e in essais],
        "reussis": len(ok),
        "erreur": next((e["erreur"] for e in essais if e["code"] != 0), None),
    }


def mesurer_alternance(mesureur: Mesureur, commandes: dict[str, list[str]], repetitions: int,
                       rodage: bool, journal: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Run every command ``repetitions`` times, interleaved (A B C A B C …), so that a
    neighbour's load drifting during the run hits all tools alike; one unmeasured warm-up
    run each first (bytecode and page caches), unless ``rodage`` is False."""
    essais: dict[str, list[dict[str, Any]]] = {nom: [] for nom in commandes}
    if rodage:
        for nom, args in commandes.items():
            journal(f"  rodage {nom}")
            mesureur.lancer(args)
    for k in range(repetitions):
        for nom, args in commandes.items():
            essais[nom].append(mesureur.lancer(args))
            journal(f"  [{k + 1}/{repetitions}] {nom}: {essais[nom][-1]['secondes']:.3f} s")
    return {nom: _resume(e) for nom, e in essais.items()}


# ---------------------------------------------------------------------------------------
# Child: stages of one extraction, in a fresh interpreter
# ---------------------------------------------------------------------------------------

#: Stages reported, in order: the pipeline's own (``extraction.suivi.ETAPES``, which the
#: pipeline announces through its ``Suivi`` seam) and the writing of the edition's files.
ETAPES_FACULTATIVES = {"ocr"}  # only for pages without text


class Chronometre:
    """A ``Suivi`` that adds up the time spent in each stage the pipeline announces."""

    def __init__(self) -> None:
        from extraction.suivi import Suivi

        self.cumul: dict[str, float] = {}
        self._base = Suivi()

    @contextlib.contextmanager
    def etape(self, nom: str) -> Iterator[None]:
        with self._base.etape(nom):  # refuses a name the pipeline does not declare
            debut = time.perf_counter()
            try:
                yield
            finally:
                self.cumul[nom] = self.cumul.get(nom, 0.0) + time.perf_counter() - debut

    def signaler(self, message: str) -> None:
        pass


def enfant_etapes(pdf: str, sortie: str) -> dict[str, Any]:
    """One extraction of ``pdf`` through the pipeline's one way in, each stage timed.

    Imports a stage triggers lazily (pdfplumber when opening, the normaliser when
    normalising, xlsxwriter when writing) are counted in that stage, as a user pays them.
    A stage the pipeline declares but did not announce fails the measurement: a renamed
    stage must not silently drop out of the table.
    """
    t_lance = float(os.environ.get("PAMAM_BENCH_T0", "nan"))
    demarrage = time.time() - t_lance  # interpreter start-up + this module's import
    debut = time.perf_counter()
    from extraction.suivi import ETAPES
    from pamam.pipeline import Options, ecrire_edition, extraire_edition

    imports = time.perf_counter() - debut  # the pipeline's entry module
    chrono = Chronometre()
    debut = time.perf_counter()
    plan = extraire_edition(Path(pdf), Options(), chrono)
    t = time.perf_counter()
    ecrire_edition(plan, Path(sortie))
    chrono.cumul["ecriture"] = time.perf_counter() - t
    total = time.perf_counter() - debut
    manquantes = [e for e in ETAPES if e not in chrono.cumul and e not in ETAPES_FACULTATIVES]
    if manquantes:
        raise SystemExit(f"bench: étapes non chronométrées : {', '.join(manquantes)} (le pipeline ne les annonce plus)")
    etapes = {e: chrono.cumul.get(e) for e in (*ETAPES, "ecriture")
              if e not in ETAPES_FACULTATIVES or e in chrono.cumul}
    etapes["autres"] = total - sum(v for v in etapes.values() if v)
    return {"demarrage_s": demarrage, "imports_cli_s": imports, "extraction_s": total, "etapes_s": etapes,
            "details_s": {}}


def _essais(
    repetitions: int, lancer: Callable[[], subprocess.CompletedProcess[str]]
) -> tuple[list[dict[str, Any]], str | None]:
    """Run a measuring child ``repetitions`` times: the JSON its last stdout line holds for each
    run that succeeded, and the last line of the last failure's stderr (or None)."""
    resultats: list[dict[str, Any]] = []
    erreur = None
    for _ in range(repetitions):
        r = lancer()
        if r.returncode == 0:
            resultats.append(json.loads(r.stdout.strip().splitlines()[-1]))
        else:
            erreur = (r.stderr.strip().splitlines() or ["?"])[-1][:300]
    return resultats, erreur


def mesurer_etapes(mesureur: Mesureur, pdf: Path, repetitions: int) -> dict[str, Any]:
    """Median of each stage over ``repetitions`` fresh-interpreter runs."""

    def lancer() -> subprocess.CompletedProcess[str]:
        with tempfile.TemporaryDirectory(prefix="pamam-bench-") as tmp:
            env = dict(mesureur.env, PAMAM_BENCH_T0=repr(time.time()))
            return subprocess.run([sys.executable, "-m", "bench", "--_etapes", str(pdf), tmp],
                                  cwd=mesureur.racine, env=env, capture_output=True, text=True, timeout=DELAI_S)

    resultats, erreur = _essais(repetitions, lancer)
    if not resultats:
        return {"erreur": erreur}

    def med(valeurs: Iterator[float | None]) -> float | None:
        v = [x for x in valeurs if x is not None]
        return statistics.median(v) if v else None

    cles = list(resultats[0]["etapes_s"])
    return {
        "demarrage_s": med(r["demarrage_s"] for r in resultats),
        "imports_cli_s": med(r["imports_cli_s"] for r in resultats),
        "extraction_s": med(r["extraction_s"] for r in resultats),
        "etapes_s": {c: med(r["etapes_s"].get(c) for r in resultats) for c in cles},
        "details_s": {c: med(r["details_s"].get(c) for r in resultats) for c in resultats[0]["details_s"]},
        "essais": len(resultats),
        "erreur": erreur,
    }


# ---------------------------------------------------------------------------------------
# Deadline phrases: a realistic mix, built from the reference échéanciers
# ---------------------------------------------------------------------------------------

SAISONS = ["Printemps", "Été", "Automne", "Hiver"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]


def _echeanciers(fichiers: Iterable[Path]) -> list[str]:
    """Every échéancier printed in these plan transcriptions (with their repeats)."""
    phrases: list[str] = []

    def parcourir(o: Any) -> None:
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "echeancier":
                    t = v if isinstance(v, str) else (v or {}).get("texte")
                    if t:
                        phrases.append(t)
                else:
                    parcourir(v)
        elif isinstance(o, list):
            for v in o:
                parcourir(v)

    for f in fichiers:
        try:
            parcourir(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    return phrases


def _variante(rng: random.Random) -> str:
    """One deadline phrase of the kinds the plans print, with a random year and season.

    The families and their weights follow the reference editions: mostly season + year,
    then fiscal years, months and dates, statuses, conditions and milestone lists.
    """
    a = rng.randint(1900, 2099)
    s, s2 = rng.choice(SAISONS), rng.choice(SAISONS)
    m = rng.choice(MOIS)
    j = rng.randint(1, 28)
    familles: list[tuple[float, Callable[[], str]]] = [
        (30, lambda: f"{s} {a}"),
        (4, lambda: f"{s.lower()} {a}"),
        (5, lambda: f"{s} {a} et plus"),
        (4, lambda: f"{s} {a} – Dès les prochains appels à projets"),
        (3, lambda: f"{s} {a} – Prochaine version du TAPU"),
        (8, lambda: f"{a}-{a + 1}"),
        (3, lambda: f"Hiver {a}-{a + 1}"),
        (7, lambda: f"{m.capitalize()} {a}"),
        (6, lambda: f"{j} {m} {a}"),
        (2, lambda: f"1er {m} {a}"),
        (3, lambda: f"Reporté à l’{s.lower()} {a}" if s[0] in "AÉ" else f"Reporté au {s.lower()} {a}"),
        (3, lambda: f"D’ici la fin de {a}"),
        (2, lambda: f"Dès {a}"),
        (2, lambda: f"{s}-{s2.lower()} {a}"),
        (3, lambda: f"Appel d’offres pour SGAF : {s.lower()} {a}\nDéploiement du programme : {a + rng.randint(1, 3)}"),
        (2, lambda: f"{a}"),
        (2, lambda: f"Réalisé ({m} {a})"),
        (1, lambda: f"Chaque début d’année à compter de {a}"),
        (2, lambda: f"En cours – fin prévue {s.lower()} {a}"),
        (1, lambda: f"Lors du renouvellement des programmes, à compter de {a}"),
    ]
    total = sum(p for p, _ in familles)
    x = rng.uniform(0, total)
    for poids, fabrique in familles:
        x -= poids
        if x <= 0:
            return fabrique()
    return familles[0][1]()


def phrases_distinctes(racine: Path, nombre: int, graine: int = 2024) -> list[str]:
    """``nombre`` different phrases: the reference échéanciers first, then variants."""
    fichiers = sorted((racine / REFERENCES).glob("*.json")) + sorted((racine / VARIANTES).glob("*.attendu.json"))
    vues: dict[str, None] = dict.fromkeys(_echeanciers(fichiers))
    rng = random.Random(graine)
    while len(vues) < nombre:
        vues.setdefault(_variante(rng), None)
    out = list(vues)[:nombre]
    rng.shuffle(out)
    return out


def phrases_avec_repetitions(racine: Path, nombre: int, graine: int = 2025) -> list[str]:
    """``nombre`` phrases as a plan's échéancier column has them: the reference phrases at
    their printed frequencies plus a few hundred year/season variants, drawn with repeats."""
    reference = _echeanciers(sorted((racine / REFERENCES).glob("*.json")))
    rng = random.Random(graine)
    bassin = reference * 4 + [_variante(rng) for _ in range(300)]
    return [rng.choice(bassin) for _ in range(nombre)]


def enfant_debit(racine: Path, sorte: str, nombre: int) -> dict[str, Any]:
    """Throughput of one parser on one phrase set, in this (fresh) process.

    The import is timed apart; the loop includes every first-call cost (compiled
    patterns, caches filling), as a batch of 10,000 phrases would pay it.
    """
    outil, _, jeu = sorte.partition(":")
    phrases = phrases_distinctes(racine, nombre) if jeu == "distinctes" else phrases_avec_repetitions(racine, nombre)
    debut = time.perf_counter()
    if outil == "pamam":
        from normalisation.echeances import normaliser

        import_s = time.perf_counter() - debut

        def analyser(p: str) -> bool:
            return not normaliser(p, PUBLICATION).non_reconnu
    else:
        import dateparser

        import_s = time.perf_counter() - debut

        def analyser(p: str) -> bool:
            return dateparser.parse(p, languages=["fr"]) is not None

    debut = time.perf_counter()
    reconnues = sum(1 for p in phrases if analyser(p))
    secondes = time.perf_counter() - debut
    return {"outil": outil, "jeu": jeu, "phrases": len(phrases), "distinctes": len(set(phrases)),
            "import_s": import_s, "secondes": secondes, "par_seconde": len(phrases) / secondes if secondes else None,
            "reconnues": reconnues}


def mesurer_debit(mesureur: Mesureur, sorte: str, nombre: int, repetitions: int) -> dict[str, Any]:
    """Median over ``repetitions`` fresh processes (caches start empty each time)."""

    def lancer() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bench", "--_debit", sorte, "--phrases", str(nombre)],
                              cwd=mesureur.racine, env=mesureur.env, capture_output=True, text=True, timeout=DELAI_S)

    resultats, erreur = _essais(repetitions, lancer)
    if not resultats:
        return {"erreur": erreur}
    res = dict(resultats[0])
    res["secondes"] = statistics.median(r["secondes"] for r in resultats)
    res["import_s"] = statistics.median(r["import_s"] for r in resultats)
    res["par_seconde"] = res["phrases"] / res["secondes"] if res["secondes"] else None
    res["essais_s"] = [round(r["secondes"], 4) for r in resultats]
    res["erreur"] = erreur
    return res


# ---------------------------------------------------------------------------------------
# Machine, targets, table
# ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on (they mean nothing without it)."""
    from importlib import metadata

    cpu = platform.processor() or platform.machine()
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.lower().startswith("model name"):
                cpu = ligne.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for nom in BIBLIOTHEQUES:
        try:
            versions[nom] = metadata.version(nom)
        except metadata.PackageNotFoundError:
            versions[nom] = None
    memoire = None
    try:
        for ligne in Path("/proc/meminfo").read_text().splitlines():
            if ligne.startswith("MemTotal:"):
                memoire = round(int(ligne.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "coeurs": os.cpu_count(),
        "coeurs_utilisables": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memoire_gib": memoire,
        "charge_moyenne": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "systeme": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "bibliotheques": versions,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def objectifs(res: dict[str, Any], reference: str | None) -> list[dict[str, Any]]:
    """Every target, with its measured value and PASS/FAIL (or N/A when not measured)."""
    lignes: list[dict[str, Any]] = []

    def ajouter(nom: str, valeur: float | None, cible: str, ok: Callable[[float], bool], unite: str,
                pamam: float | None = None, base: float | None = None, base_nom: str = "") -> None:
        statut = "N/A" if valeur is None else ("PASS" if ok(valeur) else "FAIL")
        lignes.append({"nom": nom, "pamam": pamam, "reference": base, "reference_nom": base_nom, "valeur": valeur,
                       "unite": unite, "cible": cible, "statut": statut})

    ext = res["extract"]
    court = ext.get(reference, {}) if reference else {}
    for nom, r in ext.items():
        ours = r["pamam"]["mediane_s"]
        b = r["baselines"]
        pl = b.get("pdfplumber", {}).get("mediane_s")
        if r["pages"] and r["pages"] <= 4:
            ajouter(f"extract {nom} ÷ pdfplumber", _ratio(ours, pl), f"≤ {CIBLE_EXTRACT_SUR_PDFPLUMBER:g}×",
                    lambda v: v <= CIBLE_EXTRACT_SUR_PDFPLUMBER, "×", ours, pl, "pdfplumber")
        elif nom == LONG.name:
            ajouter(f"extract {nom} ÷ pdfplumber", _ratio(ours, pl), f"≤ {CIBLE_LONG_SUR_PDFPLUMBER:g}×",
                    lambda v: v <= CIBLE_LONG_SUR_PDFPLUMBER, "×", ours, pl, "pdfplumber")
        lat = b.get("camelot_lattice", {}).get("mediane_s")
        ajouter(f"extract {nom} ÷ camelot lattice", _ratio(ours, lat), f"≤ {1 / CIBLE_CAMELOT_LATTICE:.2f}×",
                lambda v: v <= 1 / CIBLE_CAMELOT_LATTICE, "×", ours, lat, "camelot lattice")
    if reference and LONG.name in ext and court:
        lo, co = ext[LONG.name]["pamam"]["mediane_s"], court["pamam"]["mediane_s"]
        ajouter(f"extract {LONG.name} ÷ {reference}", _ratio(lo, co), f"≤ {CIBLE_LONG_SUR_COURT:g}×",
                lambda v: v <= CIBLE_LONG_SUR_COURT, "×", lo, co, reference)
    ech = res["echeance"]["processus"]
    pl = court.get("baselines", {}).get("pdfplumber", {}).get("mediane_s")
    ajouter(f"echeance « Hiver 2026 » ÷ pdfplumber {reference}", _ratio(ech.get("mediane_s"), pl),
            f"≤ {CIBLE_ECHEANCE_SUR_PDFPLUMBER:g}×", lambda v: v <= CIBLE_ECHEANCE_SUR_PDFPLUMBER, "×",
            ech.get("mediane_s"), pl, "pdfplumber")
    for jeu, libelle in (("distinctes", "distinctes"), ("repetees", "avec répétitions")):
        d = res["echeance"]["debit"].get(f"pamam:{jeu}", {})
        dp = res["echeance"]["debit"].get(f"dateparser:{jeu}", {})
        n = d.get("phrases") or 0
        # The target is for 10,000 phrases; a smaller (--rapide) set is scaled up to it.
        valeur = d["secondes"] * PHRASES / n if d.get("secondes") is not None and n else None
        ajouter(f"{PHRASES:,} phrases {libelle} (temps pour {PHRASES:,})".replace(",", " "), valeur,
                f"≤ {CIBLE_DEBIT_S:g} s", lambda v: v <= CIBLE_DEBIT_S, "s", d.get("secondes"),
                dp.get("secondes"), "dateparser")
    memoires = [(nom, r["pamam"]["memoire_max_mib"]) for nom, r in ext.items()]
    memoires.append(("echeance", ech.get("memoire_max_mib")))
    for nom, mib in memoires:
        ajouter(f"mémoire max pamam {nom}", mib, f"< {CIBLE_MEMOIRE_MIB:g} MiB", lambda v: v < CIBLE_MEMOIRE_MIB,
                "MiB")
    return lignes


def _s(v: float | None) -> str:
    return "—" if v is None else f"{v:.3f} s"


def tableau(res: dict[str, Any]) -> str:
    """The printed table: every measurement, every ratio (ours ÷ baseline), every target."""
    lignes = []
    largeur = 64
    regle = "-" * (largeur + 56)

    def ligne(nom: str, pamam: str = "", ref: str = "", ratio: str = "", cible: str = "", statut: str = "") -> None:
        lignes.append(f"{nom:<{largeur}} {pamam:>10} {ref:>16} {ratio:>9} {cible:>11}  {statut}".rstrip())

    ligne("mesure (médiane)", "pamam", "référence", "ratio", "cible", "statut")
    lignes.append(regle)
    for nom, r in res["extract"].items():
        p = r["pamam"]
        ligne(f"extract {nom} ({r['pages']} p.), mémoire max {p['memoire_max_mib'] or 0:.0f} MiB",
              _s(p["mediane_s"]) if p["mediane_s"] is not None else (p.get("erreur") or "—")[:40])
        for b, br in r["baselines"].items():
            ratio = _ratio(p["mediane_s"], br.get("mediane_s"))
            memo = f", mémoire max {br['memoire_max_mib']:.0f} MiB" if br.get("memoire_max_mib") else ""
            ligne(f"  pamam ÷ {b}{memo}", "", _s(br.get("mediane_s")) if br.get("mediane_s") is not None
                  else (br.get("erreur") or "—")[:16], f"{ratio:.2f}×" if ratio else "—")
        e = r.get("etapes") or {}
        if e.get("etapes_s"):
            parts = [f"démarrage {e['demarrage_s']:.3f}", f"imports cli {e['imports_cli_s']:.3f}"]
            parts += [f"{k} {v:.3f}" for k, v in e["etapes_s"].items() if v is not None]
            xl = (e.get("details_s") or {}).get("ecriture_xlsx")
            if xl is not None:
                parts.append(f"(dont xlsx {xl:.3f})")
            lignes.append("    étapes en processus (s) : " + ", ".join(parts))
        elif e.get("erreur"):
            lignes.append(f"    étapes : {e['erreur']}")
    ech = res["echeance"]
    pr = ech["processus"]
    ligne(f"echeance « Hiver 2026 » (processus), mémoire max {pr.get('memoire_max_mib') or 0:.0f} MiB",
          _s(pr.get("mediane_s")) if pr.get("mediane_s") is not None else (pr.get("erreur") or "—")[:40])
    for jeu in ("distinctes", "repetees"):
        d = ech["debit"].get(f"pamam:{jeu}", {})
        dp = ech["debit"].get(f"dateparser:{jeu}", {})
        if d.get("secondes") is None:
            ligne(f"débit normaliser, phrases {jeu}", (d.get("erreur") or "—")[:40])
            continue
        ratio = _ratio(d["secondes"], dp.get("secondes"))
        ligne(f"débit normaliser : {d['phrases']} phrases ({d['distinctes']} distinctes), "
              f"{d['par_seconde']:.0f}/s, import {d['import_s']:.3f} s", _s(d["secondes"]))
        if dp.get("secondes") is not None:
            ligne(f"  pamam ÷ dateparser.parse(fr) : {dp['par_seconde']:.0f}/s, "
                  f"reconnues {d['reconnues']} vs {dp['reconnues']}", "", _s(dp["secondes"]),
                  f"{ratio:.3f}×" if ratio else "—")
    lignes.append(regle)
    ligne("objectif", "pamam", "référence", "valeur", "cible", "statut")
    lignes.append(regle)
    for o in res["objectifs"]:
        v = o["valeur"]
        valeur = "—" if v is None else (f"{v:.2f}×" if o["unite"] == "×" else f"{v:.2f} {o['unite']}")
        ligne(o["nom"], _s(o["pamam"]) if o["pamam"] is not None else "",
              _s(o["reference"]) if o["reference"] is not None else "", valeur, o["cible"], o["statut"])
    lignes.append(regle)
    mesures = [o for o in res["objectifs"] if o["statut"] != "N/A"]
    n_ok = sum(o["statut"] == "PASS" for o in mesures)
    non = len(res["objectifs"]) - len(mesures)
    m = res["machine"]
    lignes.append(f"{n_ok}/{len(mesures)} objectifs mesurés atteints" + (f" ({non} non mesurés)" if non else "")
                  + f" — médiane de {res['parametres']['repetitions']} processus par mesure, mémoire par "
                  f"{res['methode_memoire']}")
    lignes.append(f"machine : {m['cpu']}, {m['coeurs']} cœurs, {m['memoire_gib']} GiB, Python {m['python']}, "
                  f"charge moyenne au départ {', '.join(f'{x:.2f}' for x in m['charge_moyenne'] or [])}, "
                  f"à la fin {', '.join(f'{x:.2f}' for x in res.get('charge_a_la_fin') or [])}")
    return "\n".join(lignes)


# ---------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------


def _nb_pages(pdf: Path) -> int | None:
    """Page count without importing pdfplumber here (the driver stays light)."""
    r = subprocess.run([sys.executable, "-c", "import pdfplumber,sys; print(len(pdfplumber.open(sys.argv[1]).pages))",
                        str(pdf)], capture_output=True, text=True)
    return int(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip().isdigit() else None


def executer(args: argparse.Namespace) -> dict[str, Any]:
    racine = Path(args.racine).resolve()
    repetitions = args.repetitions or (2 if args.rapide else 5)
    nombre = args.phrases or (PHRASES_RAPIDE if args.rapide else PHRASES)
    rodage = not args.rapide
    journal: Callable[[str], None] = (lambda m: print(m, file=sys.stderr, flush=True)) if args.bavard else (
        lambda m: None)
    mesureur = Mesureur(racine)
    pdfs = [Path(p) for p in args.pdf] if args.pdf else sorted((racine / "sources").glob("*.pdf")) + [racine / LONG]
    pdfs = [p if p.is_absolute() else racine / p for p in pdfs]
    res: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "methode_memoire": mesureur.methode_memoire,
        "parametres": {"repetitions": repetitions, "rodage": rodage, "phrases": nombre,
                       "baselines": not args.sans_baselines, "publication": PUBLICATION.isoformat()},
        "extract": {},
        "echeance": {},
    }
    sortie_tmp = Path(tempfile.mkdtemp(prefix="pamam-bench-"))
    try:
        for pdf in pdfs:
            print(f"bench: {pdf.name} …", file=sys.stderr, flush=True)
            commandes = {"pamam": ["-m", "pamam.cli", "extract", str(pdf), "--out", str(sortie_tmp / pdf.stem)],
                         "pdfplumber": ["-c", CODE_PDFPLUMBER, str(pdf)]}
            if not args.sans_baselines:
                commandes["camelot_lattice"] = ["-c", CODE_CAMELOT, str(pdf), "lattice"]
                commandes["camelot_stream"] = ["-c", CODE_CAMELOT, str(pdf), "stream"]
            mesures = mesurer_alternance(mesureur, commandes, repetitions, rodage, journal)
            res["extract"][pdf.name] = {
                "fichier": str(pdf.relative_to(racine)) if pdf.is_relative_to(racine) else str(pdf),
                "pages": _nb_pages(pdf),
                "pamam": mesures.pop("pamam"),
                "baselines": mesures,
                "etapes": mesurer_etapes(mesureur, pdf, repetitions),
            }
        print("bench: échéances …", file=sys.stderr, flush=True)
        res["echeance"]["processus"] = mesurer_alternance(
            mesureur, {"echeance": ["-m", "pamam.cli", "echeance", "Hiver 2026"]}, repetitions, rodage, journal
        )["echeance"]
        debits = ["pamam:distinctes", "pamam:repetees"]
        if not args.sans_baselines:
            debits += ["dateparser:distinctes", "dateparser:repetees"]
        res["echeance"]["debit"] = {}
        for sorte in debits:
            # dateparser is ~100× slower: one run is enough to place it.
            n = repetitions if sorte.startswith("pamam") else 1
            res["echeance"]["debit"][sorte] = mesurer_debit(mesureur, sorte, nombre, n)
    finally:
        shutil.rmtree(sortie_tmp, ignore_errors=True)
    sources = [n for n in res["extract"] if n != LONG.name]
    reference = "pamam-2023-11.pdf" if "pamam-2023-11.pdf" in sources else (sources[0] if sources else None)
    res["reference_4_pages"] = reference
    # Neighbours' load skews every figure; the end value tells whether it changed during the run.
    res["charge_a_la_fin"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    res["objectifs"] = objectifs(res, reference)
    return res


def ecrire(res: dict[str, Any], dossier: Path) -> list[Path]:
    """``bench-<date>.json`` (history) and ``dernier.json`` (latest), same content."""
    dossier.mkdir(parents=True, exist_ok=True)
    texte = json.dumps(res, ensure_ascii=False, indent=1) + "\n"
    chemins = [dossier / f"bench-{res['date'][:10]}.json", dossier / "dernier.json"]
    for c in chemins:
        c.write_text(texte, encoding="utf-8")
    return chemins


def _racine_defaut() -> Path:
    """The project root: where ``sources/`` sits beside this folder, else the cwd."""
    ici = Path(__file__).resolve().parent.parent
    return ici if (ici / "sources").is_dir() else Path.cwd()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="make bench : la vitesse de pamam, mesurée face "
                                "à ce qu’un utilisateur prendrait sinon.")
    p.add_argument("--repetitions", type=int, default=None, metavar="N",
                   help="whole-process runs per measurement, median kept (default 5; 2 with --rapide)")
    p.add_argument("--rapide", action="store_true",
                   help="smoke run: fewer runs, no warm-up, 1,000 phrases (numbers are indicative only)")
    p.add_argument("--sans-baselines", action="store_true",
                   help="skip the slow baselines (camelot lattice/stream and dateparser); pdfplumber stays")
    p.add_argument("--phrases", type=int, default=None, metavar="N", help="phrases for the throughput (10,000)")
    p.add_argument("--pdf", nargs="+", default=None, metavar="PDF", help="PDFs to measure (sources/*.pdf + 40 p.)")
    p.add_argument("--sortie", type=Path, default=None, metavar="DIR", help="JSON folder (sorties/bench)")
    p.add_argument("--racine", type=Path, default=None, help=argparse.SUPPRESS)
    p.add_argument("--bavard", action="store_true", help="log every run on stderr")
    p.add_argument("--_etapes", nargs=2, metavar=("PDF", "DIR"), help=argparse.SUPPRESS)
    p.add_argument("--_debit", metavar="OUTIL:JEU", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.racine = args.racine or _racine_defaut()
    if args._etapes:
        print(json.dumps(enfant_etapes(*args._etapes)))
        return 0
    if args._debit:
        print(json.dumps(enfant_debit(Path(args.racine), args._debit, args.phrases or PHRASES)))
        return 0
    if args.repetitions is not None and args.repetitions < 1:
        p.error("--repetitions doit être ≥ 1")
    res = executer(args)
    chemins = ecrire(res, args.sortie or Path(args.racine) / "sorties" / "bench")
    print(tableau(res))
    print(f"résultats : {', '.join(str(c) for c in chemins)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
