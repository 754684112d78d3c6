"""``make extract``: every edition in ``sources/``, each consecutive comparison, the cross-edition outputs.

Run as ``pamam lot sources --out sorties`` (or ``python -m pamam.lot``, the older spelling).
Nothing here prints or exits: the command turns the ``Bilan`` into lines and an exit code,
and receives progress through callbacks.

How a run goes, and why:

1. **Inventory** (``pamam.sources``): every entry of ``sources/`` is a PDF to read, an
   ignored file (said), or an unreadable one (an error that does not stop the others).
2. **Extraction**, in parallel across cores with the same ``pipeline.extraire_edition`` as
   ``pamam extract``, each file in its own process (one pathological file cannot take the
   others down). Workers only *read*: they return plans and write nothing, so a worker
   left behind by a killed batch has nothing to spoil. They ignore Ctrl-C (the parent
   decides, and stops them), and die with their parent even on ``kill -9``
   (``PR_SET_PDEATHSIG`` on Linux, and everywhere a thread that watches the parent's pid).
3. **Writing**, in the parent, under the output folder's lock (``fichiers.Verrou``; a
   second run waits for it): temporaries a killed run left are removed first; two files
   of one edition are settled (``sources.choisir``: one used, the other reported); each
   edition is written atomically, in edition order; the manifest; the outputs across
   editions (``ecrire_sorties_communes``); last, what no file of ``sources/`` stands for
   any more (an edition whose PDF left, a comparison no longer consecutive) moves to
   ``sorties/archives/<date>/``, so that history, workbook, data package and the edition
   folders describe the same editions.

An edition whose file fails this time but which the manifest knows and an earlier run
wrote keeps its folder (read back from its ``plan.json``) and its place in the shared
outputs: a transient failure does not drop it from the history. A write that fails (a full
disk) stops the batch at once — every file is then either as it was or whole and new.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.erreurs import CheminIllisible, ErreurDocument
from extraction.suivi import Suivi
from normalisation.modele import Plan
from pamam.erreurs import EcritureImpossible, EditionEnDouble, ErreurInterne
from pamam.fichiers import Verrou, nettoyer_temporaires, verifier_dossier
from pamam.pipeline import Options, ecrire_edition, extraire_edition
from pamam.sources import MANIFESTE, Inventaire, Source, choisir, inventorier, mettre_a_jour

Journal = Callable[[str], None]

#: Folders of the output folder that are not editions (never archived as stale).
RESERVES = frozenset({"changements", "archives", "schemas", "bench"})
ARCHIVES = "archives"


def _rien(_ligne: str) -> None:
    """The default callback: the library says nothing unless asked."""


@dataclass
class Echec:
    """An edition that could not be extracted or written, and why."""

    fichier: Path
    erreur: BaseException


@dataclass
class Bilan:
    """What a batch did.

    ``plans``: the editions the outputs now describe, oldest first (written this run, or
    kept from an earlier one: ``conservees``). ``echecs``: files that failed (unreadable,
    refused, a second file of one edition). ``ignores``: entries that are not PDFs (said,
    not errors). ``ecriture``: the write failure that stopped the batch, if any.
    """

    plans: list[Plan] = field(default_factory=list)
    echecs: list[Echec] = field(default_factory=list)
    ignores: list[tuple[Path, str]] = field(default_factory=list)
    conservees: list[str] = field(default_factory=list)
    archives: list[tuple[Path, Path]] = field(default_factory=list)
    nettoyes: list[Path] = field(default_factory=list)
    ecriture: EcritureImpossible | None = None


# --- extraction, in worker processes --------------------------------------------------------

Resultat = tuple[Plan | None, BaseException | None, float]

_FILE: Any = None  # in a worker: the queue its progress messages go to (set by the initializer)


class _Relais(Suivi):
    """A ``Suivi`` that hands each progress line to a function (a queue in a worker)."""

    def __init__(self, envoyer: Callable[[str], None]) -> None:
        self.envoyer = envoyer

    def signaler(self, message: str) -> None:
        self.envoyer(message)


def _extraire(pdf: Path, options: Options, suivi: Suivi) -> Resultat:
    """Extract one edition; (plan, None, seconds) or (None, the reason, seconds). Writes nothing."""
    debut = time.monotonic()
    try:
        return extraire_edition(pdf, options, suivi), None, time.monotonic() - debut
    except ErreurDocument as e:
        return None, e, time.monotonic() - debut
    except Exception as e:  # noqa: BLE001 — one edition's bug must not stop the batch
        return None, ErreurInterne(pdf, f"{type(e).__name__}: {e}"), time.monotonic() - debut


def _initialiser_travailleur(file: Any) -> None:
    """In each worker, before any task: Ctrl-C is the parent's business (a terminal sends
    SIGINT to the whole process group; workers printing KeyboardInterrupt tracebacks is
    what users saw), and the worker must not outlive the parent."""
    global _FILE
    _FILE = file
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    mourir_avec_le_parent()


def mourir_avec_le_parent(noyau: bool = True) -> None:
    """End this process when its parent dies, even by ``kill -9`` (which runs no cleanup).

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` has the kernel kill us the moment the
    parent goes. Everywhere (and as a second line on Linux): a daemon thread polls the
    parent's pid twice a second; once we are re-parented, the parent is gone.
    ``noyau=False`` leaves the kernel out (to test the portable way alone).
    """
    parent = os.getppid()
    if noyau and sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent == 1 or os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def surveiller() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=surveiller, name="pamam-parent", daemon=True).start()


def _tache(index: int, pdf: Path, options: Options) -> Resultat:
    """A worker's task: say it starts, extract with progress relayed to the parent."""
    file = _FILE

    def envoyer(message: str) -> None:
        if file is not None:
            file.put((index, message))

    envoyer("début")
    return _extraire(pdf, options, _Relais(envoyer))


def _arreter(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, or the parent failing): they ignore SIGINT, so they
    are terminated rather than left to finish an extraction nobody will read."""
    processus = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processus:
        try:
            p.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for p in processus:
        try:
            p.join(timeout=5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass


def _nb_processus(demande: int | None, n: int) -> int:
    if demande:
        return max(1, min(demande, n))
    try:
        coeurs = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        coeurs = os.cpu_count() or 1
    return max(1, min(n, coeurs))


def _extraire_tout(fichiers: Sequence[Path], options: Options, processus: int,
                   progression: Journal) -> list[Resultat]:
    """Every file's result, in the order given; progress said as each starts and ends.

    Starts are said as workers take files (in order), page messages as they come, and the
    end of each file in the order given, so the lines read like a sequential run.
    """
    total = len(fichiers)

    def dire(i: int, message: str) -> None:
        progression(f"[{i + 1}/{total}] {fichiers[i].name} : {message}")

    def fin(i: int, r: Resultat) -> None:
        plan, _erreur, duree = r
        secondes = f"{duree:.1f}".replace(".", ",")
        dire(i, f"lu ({plan.version}) en {secondes} s" if plan is not None else "échec (dit plus bas)")

    if processus <= 1:
        resultats = []
        for i, pdf in enumerate(fichiers):
            dire(i, "début")
            r = _extraire(pdf, options, _Relais(lambda m, i=i: dire(i, m)))
            fin(i, r)
            resultats.append(r)
        return resultats

    import multiprocessing

    contexte = multiprocessing.get_context()
    file = contexte.SimpleQueue()
    pool = ProcessPoolExecutor(max_workers=processus, mp_context=contexte,
                               initializer=_initialiser_travailleur, initargs=(file,))

    def vider() -> None:
        while not file.empty():
            i, message = file.get()
            dire(i, message)

    try:
        futurs: dict[Future[Resultat], int] = {pool.submit(_tache, i, pdf, options): i
                                               for i, pdf in enumerate(fichiers)}
        obtenus: dict[int, Resultat] = {}
        prochain = 0
        en_cours = set(futurs)
        while en_cours:
            faits, en_cours = wait(en_cours, timeout=0.2, return_when=FIRST_COMPLETED)
            vider()
            for f in faits:
                i = futurs[f]
                try:
                    obtenus[i] = f.result()
                except Exception as e:  # noqa: BLE001 — a worker killed (memory, crash in a C library)
                    obtenus[i] = (None, ErreurInterne(fichiers[i], "le processus d’extraction s’est arrêté "
                                                                   f"brutalement ({type(e).__name__})"), 0.0)
            while prochain in obtenus:
                fin(prochain, obtenus[prochain])
                prochain += 1
        vider()
    except BaseException:
        _arreter(pool)
        raise
    pool.shutdown(wait=True)
    return [obtenus[i] for i in range(total)]


# --- writing, under the lock -------------------------------------------------------------------


def _resume(sortie: Path, plan: Plan) -> str:
    q = plan.qualite
    assert q is not None
    return (f"{sortie / plan.version}: {q.comptes['livrables']} livrables, {len(q.avertissements)} avertissement(s), "
            f"{len(q.echeances_non_reconnues)} échéance(s) non reconnue(s)")


def verifier_sortie(sortie: Path) -> None:
    """``EcritureImpossible`` at once when ``sortie`` is a file or lies under one."""
    try:
        verifier_dossier(sortie)
    except NotADirectoryError as e:
        raise EcritureImpossible.depuis(sortie, e) from None


def dossiers_d_edition(sortie: Path) -> list[Path]:
    """The edition folders of an output folder: those holding a ``plan.json``."""
    if not Path(sortie).is_dir():
        return []
    return sorted(d for d in Path(sortie).iterdir()
                  if d.name not in RESERVES and not d.name.startswith(".") and not d.is_symlink() and d.is_dir()
                  and (d / "plan.json").is_file())


def _libre(chemin: Path) -> Path:
    """``chemin``, or ``chemin.2``, ``chemin.3``… when already taken (archived twice a day)."""
    if not chemin.exists():
        return chemin
    k = 2
    while chemin.with_name(f"{chemin.name}.{k}").exists():
        k += 1
    return chemin.with_name(f"{chemin.name}.{k}")


def archiver_perimees(sortie: Path, editions: set[str], paires: set[str],
                      jour: dt.date | None = None) -> list[tuple[Path, Path]]:
    """Move to ``sortie/archives/<jour>/`` every edition folder not in ``editions`` and every
    comparison folder (``changements/<a>__<b>``) not in ``paires``; each move is one rename."""
    sortie = Path(sortie)
    base = sortie / ARCHIVES / (jour or dt.date.today()).isoformat()
    deplacements = [(d, base / d.name) for d in dossiers_d_edition(sortie) if d.name not in editions]
    changements = sortie / "changements"
    if changements.is_dir():
        deplacements += [(d, base / "changements" / d.name) for d in sorted(changements.iterdir())
                         if d.is_dir() and not d.is_symlink() and not d.name.startswith(".") and d.name not in paires]
    faits = []
    for source, cible in deplacements:
        cible = _libre(cible)
        cible.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, cible)
        faits.append((source, cible))
    return faits


def _conservee(sortie: Path, version: str) -> Plan | None:
    """An edition an earlier run wrote, read back from its ``plan.json`` (None if it cannot be)."""
    from pamam.plans import lire_plan_json

    chemin = Path(sortie) / version / "plan.json"
    if not chemin.is_file():
        return None
    try:
        return lire_plan_json(chemin)
    except Exception:  # noqa: BLE001 — an unusable earlier output is simply not kept
        return None


def traiter_sources(
    dossier: Path,
    sortie: Path,
    options: Options | None = None,
    processus: int | None = None,
    journal: Journal = _rien,
    progression: Journal = _rien,
    attente: Callable[[], None] | None = None,
) -> Bilan:
    """Extract every edition of ``dossier`` into ``sortie``, then write the shared outputs.

    ``journal`` receives one line per output written, ``progression`` the progress of the
    extraction, ``attente`` is called when another run holds the output folder's lock.
    Raises ``EcritureImpossible`` when ``sortie`` cannot be an output folder at all;
    every other failure is in the ``Bilan``.
    """
    options = options or Options()
    sortie = Path(sortie)
    verifier_sortie(sortie)
    inventaire = inventorier(Path(dossier))
    bilan = Bilan()
    bilan.ignores = [(e.fichier, e.raison) for e in inventaire.ignores]
    bilan.echecs = [Echec(e.fichier, CheminIllisible(e.fichier, e.raison)) for e in inventaire.illisibles]
    try:
        nettoyer_temporaires(Path(dossier), recursif=False, age_min=600)
    except OSError:
        pass  # a read-only sources/ is no reason to fail
    if not inventaire.sources:
        return bilan
    # Editions the manifest already knows first, in edition order, then new files by name:
    # the order progress is said in.
    sources = sorted(inventaire.sources, key=lambda s: (s.edition_manifeste or "9999", s.fichier.name))
    resultats = _extraire_tout([s.fichier for s in sources], options,
                               _nb_processus(processus, len(sources)), progression)

    try:
        with Verrou(sortie, attente=attente):
            return _ecrire(sortie, Path(dossier), sources, resultats, inventaire, bilan, journal)
    except OSError as e:  # the lock itself (a read-only or full file system)
        bilan.ecriture = EcritureImpossible.depuis(sortie, e)
        return bilan


def _ecrire(sortie: Path, dossier: Path, sources: list[Source], resultats: list[Resultat],
            inventaire: Inventaire, bilan: Bilan, journal: Journal) -> Bilan:
    """The writing half of ``traiter_sources``, holding the lock."""
    cible: Path = sortie
    try:
        bilan.nettoyes = nettoyer_temporaires(sortie)
        if bilan.nettoyes:
            journal(f"{sortie}: {len(bilan.nettoyes)} fichier(s) temporaire(s) d’une exécution interrompue retiré(s)")

        # Which file stands for which edition.
        lus: dict[str, list[Path]] = {}
        plans: dict[Path, Plan] = {}
        for s, (plan, erreur, _duree) in zip(sources, resultats, strict=True):
            if plan is None:
                assert erreur is not None
                bilan.echecs.append(Echec(s.fichier, erreur))
                continue
            plans[s.fichier] = plan
            lus.setdefault(plan.version, []).append(s.fichier)
        choix = choisir(lus, inventaire.manifeste)
        retenus: dict[str, Path] = {}
        for version, fichiers in lus.items():
            retenu, regle = choix.get(version, (fichiers[0], ""))
            retenus[version] = retenu
            for autre in sorted(f for f in fichiers if f != retenu):
                bilan.echecs.append(Echec(autre, EditionEnDouble(
                    autre, f"même édition ({version}) que {retenu} : {retenu.name} est utilisé, pas celui-ci "
                           f"({regle})")))

        # Editions kept from an earlier run: their file failed this time. Their manifest
        # entries stay too (with their provenance), whether or not an earlier output exists.
        gardes: dict[str, Plan] = {}
        en_echec = [s for s, (plan, _e, _d) in zip(sources, resultats, strict=True) if plan is None]
        for s in en_echec:
            v = s.edition_manifeste
            if v and v not in retenus and v not in gardes:
                ancien = _conservee(sortie, v)
                if ancien is not None:
                    gardes[v] = ancien

        # Each edition, oldest first.
        for version in sorted(retenus):
            plan = plans[retenus[version]]
            cible = sortie / version
            ecrire_edition(plan, sortie)
            journal(_resume(sortie, plan))
        for version in sorted(gardes):
            bilan.conservees.append(version)
            journal(f"{sortie / version}: conservée de l’exécution précédente (son PDF n’a pas pu être lu)")

        if inventaire.manifeste_lisible:
            cible = dossier / MANIFESTE
            mettre_a_jour(dossier, sources, {retenus[v].name: v for v in retenus}, [s.fichier.name for s in en_echec])

        bilan.plans = sorted([plans[retenus[v]] for v in retenus] + list(gardes.values()), key=lambda p: p.version)
        if not bilan.plans:
            return bilan
        ecrire_sorties_communes(bilan.plans, sortie, journal)

        if not inventaire.manifeste_lisible:
            return bilan  # which edition a failed file was is unknown: nothing is called stale
        cible = sortie / ARCHIVES
        versions = [p.version for p in bilan.plans]
        paires = {f"{a}__{b}" for a, b in zip(versions, versions[1:], strict=False)}
        bilan.archives = archiver_perimees(sortie, set(versions), paires)
        for source, destination in bilan.archives:
            journal(f"{source}: plus dans les sources, archivé dans {destination}")
    except EcritureImpossible as e:
        bilan.ecriture = e
    except OSError as e:
        bilan.ecriture = EcritureImpossible.depuis(cible, e)
    return bilan


def ecrire_sorties_communes(plans: Sequence[Plan], sortie: Path, journal: Journal = print) -> None:
    """The outputs across editions: consecutive comparisons, history and follow-up (CSV),
    data package, workbook, SQLite database, browsing page.

    Links to the PDFs (in the change reports and the page) assume the project's layout:
    the PDFs in ``sources/`` beside the output folder (``pamam.ecriture.liens``).
    """
    from pamam.comparaison.appariement import apparier
    from pamam.comparaison.changements import lister
    from pamam.ecriture.classeur import ecrire_classeur_general
    from pamam.ecriture.datapackage import ecrire_datapackage
    from pamam.ecriture.liens import sources_voisines
    from pamam.ecriture.page import ecrire_page
    from pamam.ecriture.rapports import ecrire_rapports
    from pamam.ecriture.sqlite import ecrire_base
    from pamam.fichiers import ecrire_atomique
    from pamam.historique import rendre_historique_csv, rendre_suivi_csv, suivre

    ordonnes = sorted(plans, key=lambda p: p.version)
    sortie = Path(sortie)
    sources = sources_voisines(sortie)
    appariements = []
    resultats: list[dict[str, Any]] = []
    cible = sortie
    try:
        for avant, apres in zip(ordonnes, ordonnes[1:], strict=False):
            app = apparier(avant, apres)
            resultat = {"avant": avant.version, "apres": apres.version, "changements": lister(app)}
            cible = sortie / "changements" / f"{avant.version}__{apres.version}"
            ecrire_rapports(resultat, app, cible, sources)
            journal(f"{cible}: {len(resultat['changements'])} changement(s)")
            appariements.append(app)
            resultats.append(resultat)
        suivi = suivre(ordonnes, appariements, [r["changements"] for r in resultats])
        lignes_suivi = suivi.lignes()
        cible = sortie / "historique.csv"
        ecrire_atomique(cible, rendre_historique_csv(suivi.historique))
        journal(f"{cible}: {len(ordonnes)} édition(s)")
        cible = sortie / "suivi.csv"
        ecrire_atomique(cible, rendre_suivi_csv(lignes_suivi))
        journal(f"{cible}: {len(lignes_suivi)} livrable(s) suivi(s)")
        cible = sortie / "datapackage.json"
        journal(f"{ecrire_datapackage(ordonnes, sortie)}: {len(ordonnes)} édition(s) décrite(s)")
        cible = sortie / "pamam.xlsx"
        journal(f"{ecrire_classeur_general(ordonnes, resultats, cible, lignes_suivi)}: {len(ordonnes)} édition(s)")
        cible = sortie / "pamam.sqlite"
        journal(f"{ecrire_base(cible, ordonnes, suivi, resultats)}: {len(ordonnes)} édition(s)")
        cible = sortie / "index.html"
        journal(f"{ecrire_page(cible, suivi, resultats, sources)}: {len(ordonnes)} édition(s)")
    except OSError as e:
        raise EcritureImpossible.depuis(cible, e) from None


if __name__ == "__main__":  # the older spelling of ``pamam lot``
    from pamam.cli import main

    sys.exit(main(["lot", *sys.argv[1:]]))
