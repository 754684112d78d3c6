"""``historique.csv``: every livrable of every edition, with an identifier that lasts.

Analysts follow a livrable across editions ("when was this first promised, how often
was it postponed?"), but its number changes whenever a measure or a sibling livrable
is removed, and its wording drifts. Each livrable therefore gets an identifier
("L0007") at its first appearance, carried to the next edition through the content
matching of ``pamam.comparaison`` (the same pairing as the change report), so the
long-format table can be pivoted on ``identifiant``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pamam.comparaison.appariement import Appariement, apparier
from pamam.comparaison.changements import lister
from pamam.comparaison.modele import Livrable, Plan
from pamam.fichiers import Lot, ecrire_atomique

#: Columns of ``historique.csv``, in order.
COLONNES: tuple[str, ...] = (
    "identifiant",
    "version",
    "section",
    "action",
    "mesure",
    "mesure_titre",
    "livrable_no",
    "livrable",
    "echeancier",
    "statut",
    "debut",
    "fin",
    "precision",
    "ouvert",
    "en_retard",
    "changements",
)

#: Marker in ``changements`` for a livrable with no predecessor in the previous edition.
NOUVEAU = "nouveau"


def _types_par_livrable(app: Appariement) -> dict[Livrable, list[str]]:
    """The change types (vs the previous edition) that concern each new livrable."""
    par_mesure: dict[str, list[str]] = {}
    par_livrable: dict[tuple[str, int], list[str]] = {}
    for c in lister(app):
        if c.get("mesure") is None:
            continue
        if c.get("livrable_no") is None:
            par_mesure.setdefault(c["mesure"], []).append(c["type"])
        else:
            par_livrable.setdefault((c["mesure"], c["livrable_no"]), []).append(c["type"])
    types: dict[Livrable, list[str]] = {}
    for li in app.apres.livrables:
        t = list(par_mesure.get(li.mesure.numero, []))
        t += par_livrable.get((li.mesure.numero, li.numero), [])
        if app.homologue(li) is None and "livrable_ajoute" not in t:
            t.insert(0, NOUVEAU)
        types[li] = t
    return types


def _cellule(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def historique(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``historique.csv``: one per livrable per edition, oldest edition first.

    Editions are sorted by version ("YYYY-MM" sorts by date; a plan without a version
    keeps its place). An identifier is assigned at a livrable's first appearance and
    follows it to the next edition when the comparison pairs it; an edition's livrable
    without a pair gets a fresh identifier.
    """
    vues = sorted((Plan(p) for p in plans), key=lambda v: v.version)
    lignes: list[dict[str, Any]] = []
    precedent: Plan | None = None
    ids_precedents: dict[Livrable, str] = {}
    compteur = 0
    for plan in vues:
        app = apparier(precedent, plan) if precedent is not None else None
        types = _types_par_livrable(app) if app is not None else {}
        ids: dict[Livrable, str] = {}
        for li in plan.livrables:
            ancien = app.homologue(li) if app is not None else None
            ident = ids_precedents.get(ancien) if ancien is not None else None
            if ident is None:
                compteur += 1
                ident = f"L{compteur:04d}"
            ids[li] = ident
            e = li.echeance
            lignes.append(
                {
                    "identifiant": ident,
                    "version": plan.version,
                    "section": li.mesure.action.section.code,
                    "action": li.mesure.action.numero,
                    "mesure": li.mesure.numero,
                    "mesure_titre": li.mesure.titre,
                    "livrable_no": li.numero,
                    "livrable": li.texte,
                    "echeancier": li.echeancier_texte,
                    "statut": e.get("statut"),
                    "debut": e.get("debut"),
                    "fin": e.get("fin"),
                    "precision": e.get("precision"),
                    "ouvert": bool(e.get("ouvert")),
                    "en_retard": bool(e.get("en_retard")),
                    "changements": ";".join(types.get(li, [])),
                }
            )
        precedent, ids_precedents = plan, ids
    return lignes


def rendre_historique_csv(lignes: list[dict[str, Any]]) -> str:
    """CSV text (RFC 4180, CRLF, header first) of ``historique`` rows."""
    tampon = io.StringIO(newline="")
    w = csv.DictWriter(tampon, fieldnames=COLONNES, lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    for ligne in lignes:
        w.writerow({k: _cellule(ligne.get(k)) for k in COLONNES})
    return tampon.getvalue()


def ecrire_historique_csv(lignes: list[dict[str, Any]], cible: Lot | Path | str, nom: str = "historique.csv") -> None:
    """Write the rows: staged as ``nom`` in a ``Lot``, or atomically to a file path."""
    texte = rendre_historique_csv(lignes)
    if isinstance(cible, Lot):
        cible.ecrire(nom, texte)
    else:
        ecrire_atomique(Path(cible), texte)
