"""``make extract``: every edition in ``sources/``, each consecutive comparison, the cross-edition outputs.

Editions are extracted in parallel across cores (each in its own process, so one
pathological file cannot take the others down) with the same ``pipeline.extraire_edition``
as ``pamam extract``, written atomically, then ordered oldest first to compare each
consecutive pair and to build ``historique.csv``, the data package and ``pamam.xlsx``. A
bad file is reported and the others still run. Nothing here prints or exits: the command
(``pamam lot``, which ``make extract`` runs) turns the ``Bilan`` into lines and an exit code.

Run as ``pamam lot sources --out sorties`` (or ``python -m pamam.lot``, the older spelling).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction.erreurs import ErreurDocument
from normalisation.modele import Plan
from pamam.erreurs import EcritureImpossible, ErreurInterne
from pamam.pipeline import Options, ecrire_edition, extraire_edition

Journal = Callable[[str], None]


@dataclass
class Echec:
    """An edition that could not be extracted or written, and why."""

    fichier: Path
    erreur: BaseException


@dataclass
class Bilan:
    """What a batch did: the editions written (oldest first) and the files that failed."""

    plans: list[Plan] = field(default_factory=list)
    echecs: list[Echec] = field(default_factory=list)


def _extraire(pdf: Path, sortie: Path, options: Options) -> tuple[Plan | None, BaseException | None]:
    """Worker: extract and write one edition; (plan, None) or (None, the reason)."""
    try:
        plan = extraire_edition(pdf, options)
        ecrire_edition(plan, sortie)
        return plan, None
    except (ErreurDocument, EcritureImpossible) as e:
        return None, e
    except Exception as e:  # noqa: BLE001 — one edition's bug must not stop the batch
        return None, ErreurInterne(pdf, f"{type(e).__name__}: {e}")


def _resume(sortie: Path, plan: Plan) -> str:
    q = plan.qualite
    assert q is not None
    return (f"{sortie / plan.version}: {q.comptes['livrables']} livrables, {len(q.avertissements)} avertissement(s), "
            f"{len(q.echeances_non_reconnues)} échéance(s) non reconnue(s)")


def traiter_sources(
    dossier: Path,
    sortie: Path,
    options: Options | None = None,
    processus: int | None = None,
    journal: Journal = print,
) -> Bilan:
    """Extract every edition of ``dossier`` into ``sortie``, then write the shared outputs."""
    from pamam.sources import inventaire, mettre_a_jour

    options = options or Options()
    sources = inventaire(dossier)
    bilan = Bilan()
    if not sources:
        return bilan
    terminal = sys.stderr.isatty()
    n = processus or min(len(sources), os.cpu_count() or 1)
    resultats: list[tuple[Plan | None, BaseException | None]] = []
    if n > 1:
        with ProcessPoolExecutor(max_workers=n) as pool:
            futurs = [pool.submit(_extraire, s.fichier, sortie, options) for s in sources]
            for k, (s, f) in enumerate(zip(sources, futurs, strict=True), 1):
                try:
                    resultats.append(f.result())
                except Exception as e:  # noqa: BLE001 — a worker killed (memory, crash in a C library)
                    resultats.append((None, ErreurInterne(s.fichier, f"{type(e).__name__}: {e}")))
                if terminal:
                    print(f"[{k}/{len(sources)}] {s.fichier.name}", file=sys.stderr, flush=True)
    else:
        for k, s in enumerate(sources, 1):
            resultats.append(_extraire(s.fichier, sortie, options))
            if terminal:
                print(f"[{k}/{len(sources)}] {s.fichier.name}", file=sys.stderr, flush=True)
    editions: dict[str, str] = {}
    for s, (plan, erreur) in zip(sources, resultats, strict=True):
        if plan is None:
            assert erreur is not None
            bilan.echecs.append(Echec(s.fichier, erreur))
            continue
        bilan.plans.append(plan)
        editions[s.fichier.name] = plan.version
        journal(_resume(sortie, plan))
    mettre_a_jour(dossier, editions)
    bilan.plans.sort(key=lambda p: p.version)
    if bilan.plans:
        ecrire_sorties_communes(bilan.plans, sortie, journal)
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
