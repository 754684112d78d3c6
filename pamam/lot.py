"""``make extract``: every edition in ``sources/``, then every consecutive comparison.

Run as ``python -m pamam.lot sources --out sorties``. Editions are extracted in parallel
across cores (each in its own process, so one pathological file cannot take the others
down), written atomically, then ordered oldest first to compare each consecutive pair
and to build ``historique.csv``. A bad file is reported on one line and the others still
run; the exit status says something failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pamam.erreurs import SORTIE_ECRITURE, SORTIE_PARTIELLE, ErreurPamam


def _extraire(pdf: Path, sortie: Path, ocr: bool = False) -> tuple[str, dict[str, Any] | None, str | None, int]:
    """Worker: (file name, plan or None, error line or None, exit code). With ``ocr``, an
    edition refused for its missing text layer is recognised by OCR and read again."""
    from pamam.erreurs import SORTIE_SANS_TEXTE
    from pamam.pipeline import ecrire_edition, extraire_plan

    try:
        try:
            plan = extraire_plan(pdf)
        except ErreurPamam as e:
            if not (ocr and e.code == SORTIE_SANS_TEXTE):
                raise
            from pamam.ocr import reconnaitre

            try:
                plan = extraire_plan(reconnaitre(pdf))
            except ErreurPamam as e_ocr:
                e_ocr.fichier = str(pdf)  # name the user's file, not the temporary OCR copy
                raise
            plan["document"]["source"].update(fichier=pdf.name, sha256=_sha256(pdf))
    except ErreurPamam as e:
        return pdf.name, None, e.ligne(), e.code
    except Exception as e:  # noqa: BLE001 — one edition's bug must not stop the batch
        return pdf.name, None, _erreur_interne(pdf, e), 1
    try:
        ecrire_edition(plan, sortie)
    except OSError as e:  # unwritable or full output folder: the edition's files stay as they were
        return pdf.name, None, f"pamam: {sortie}: écriture impossible ({e.strerror or type(e).__name__})", \
            SORTIE_ECRITURE
    except Exception as e:  # noqa: BLE001
        return pdf.name, None, _erreur_interne(pdf, e), 1
    return pdf.name, plan, None, 0


def _sha256(chemin: Path) -> str:
    from pamam.sources import sha256

    return sha256(chemin)


def _erreur_interne(pdf: Path, e: BaseException) -> str:
    """One line for a bug met on one file (a traceback would hide the other files' lines)."""
    return " ".join(f"pamam: {pdf}: erreur interne ({type(e).__name__}: {e})".split())


def executer(dossier: Path, sortie: Path, processus: int | None = None, ocr: bool = False) -> int:
    from pamam.sources import inventaire, mettre_a_jour

    sources = inventaire(dossier)
    if not sources:
        print(f"pamam: {dossier}: aucun PDF à traiter", file=sys.stderr)
        return 1
    terminal = sys.stderr.isatty()
    n = processus or min(len(sources), os.cpu_count() or 1)
    resultats = []
    if n > 1:
        with ProcessPoolExecutor(max_workers=n) as pool:
            futurs = [pool.submit(_extraire, s.fichier, sortie, ocr) for s in sources]
            for k, (s, f) in enumerate(zip(sources, futurs, strict=True), 1):
                try:
                    resultats.append(f.result())
                except Exception as e:  # noqa: BLE001 — a worker killed (memory, crash in a C library)
                    resultats.append((s.fichier.name, None, _erreur_interne(s.fichier, e), 1))
                if terminal:
                    print(f"[{k}/{len(sources)}] {resultats[-1][0]}", file=sys.stderr, flush=True)
    else:
        for k, s in enumerate(sources, 1):
            resultats.append(_extraire(s.fichier, sortie, ocr))
            if terminal:
                print(f"[{k}/{len(sources)}] {s.fichier.name}", file=sys.stderr, flush=True)
    plans: list[dict[str, Any]] = []
    editions: dict[str, str] = {}
    echecs = 0
    for nom, plan, erreur, _code in resultats:
        if plan is None:
            print(erreur, file=sys.stderr)
            echecs += 1
            continue
        plans.append(plan)
        editions[nom] = plan["document"]["version"]
        q = plan["qualite"]
        print(
            f"{sortie / plan['document']['version']}: {q['comptes']['livrables']} livrables, "
            f"{len(q['avertissements'])} avertissement(s), "
            f"{len(q['echeances_non_reconnues'])} échéance(s) non reconnue(s)"
        )
    mettre_a_jour(dossier, editions)
    plans.sort(key=lambda p: p["document"]["version"])
    _comparer_consecutives(plans, sortie)
    if len(plans) > 0:
        _historique(plans, sortie)
    # --- outputs for analysts (datapackage.json + schemas/, pamam.xlsx) ---
    if plans:
        _datapackage(plans, sortie)
        _classeur(plans, sortie)
    # --- end outputs for analysts ---
    if echecs:
        return SORTIE_PARTIELLE
    return 0


def _comparer_consecutives(plans: list[dict[str, Any]], sortie: Path) -> None:
    from pamam.commandes.compare import ecrire_rapports
    from pamam.comparaison.appariement import apparier
    from pamam.comparaison.changements import lister

    for avant, apres in zip(plans, plans[1:], strict=False):
        app = apparier(avant, apres)
        resultat = {"avant": app.avant.version, "apres": app.apres.version, "changements": lister(app)}
        dossier = sortie / "changements" / f"{resultat['avant']}__{resultat['apres']}"
        ecrire_rapports(resultat, app, dossier)
        print(f"{dossier}: {len(resultat['changements'])} changement(s)")


def _historique(plans: list[dict[str, Any]], sortie: Path) -> None:
    from pamam.historique import ecrire_historique_csv, historique

    ecrire_historique_csv(historique(plans), sortie / "historique.csv")
    print(f"{sortie / 'historique.csv'}: {len(plans)} édition(s)")


def _datapackage(plans: list[dict[str, Any]], sortie: Path) -> None:
    """``datapackage.json`` (typed, described CSV columns) and the JSON Schemas in ``schemas/``."""
    from pamam.ecriture.datapackage import ecrire_datapackage

    print(f"{ecrire_datapackage(plans, sortie)}: {len(plans)} édition(s) décrite(s)")


def _classeur(plans: list[dict[str, Any]], sortie: Path) -> None:
    """``pamam.xlsx``: one sheet per edition, the changes of consecutive pairs, a legend."""
    from pamam.ecriture.classeur import ecrire_classeur_general

    print(f"{ecrire_classeur_general(plans, sortie)}: {len(plans)} édition(s)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pamam.lot", description=__doc__.splitlines()[0])
    p.add_argument("sources", type=Path, nargs="?", default=Path("sources"))
    p.add_argument("--out", type=Path, default=Path("sorties"))
    p.add_argument("--processus", type=int, default=None, help="parallel extractions (default: cores)")
    p.add_argument("--ocr", action="store_true", help="recognise scanned editions with tesseract (make extract OCR=1)")
    a = p.parse_args(argv)
    try:
        return executer(a.sources, a.out, a.processus, a.ocr)
    except ErreurPamam as e:
        print(e.ligne(), file=sys.stderr)
        return e.code
    except OSError as e:  # the shared outputs (comparisons, historique.csv…) could not be written
        print(f"pamam: {e.filename or a.out}: écriture impossible ({e.strerror or type(e).__name__})",
              file=sys.stderr)
        return SORTIE_ECRITURE


if __name__ == "__main__":
    sys.exit(main())
