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
from collections.abc import Sequence
from typing import Any

from normalisation.modele import Livrable, Plan
from pamam.comparaison.appariement import Appariement, apparier
from pamam.comparaison.changements import lister
from pamam.ecriture.colonnes import HISTORIQUE, NOUVEAU, LigneHistorique, lignes_csv

#: Columns of ``historique.csv``, in order.
COLONNES: tuple[str, ...] = tuple(c.nom for c in HISTORIQUE)


def _types_par_livrable(app: Appariement, changements: list[dict[str, Any]]) -> dict[Livrable, list[str]]:
    """The change types (vs the previous edition) that concern each new livrable."""
    par_mesure: dict[str, list[str]] = {}
    par_livrable: dict[tuple[str, int], list[str]] = {}
    for c in changements:
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


def historique(plans: Sequence[Plan], appariements: Sequence[Appariement] | None = None) -> list[LigneHistorique]:
    """Rows of ``historique.csv``: one per livrable per edition, oldest edition first.

    Editions are sorted by version ("YYYY-MM" sorts by date). An identifier is assigned
    at a livrable's first appearance and follows it to the next edition when the
    comparison pairs it; an edition's livrable without a pair gets a fresh identifier.
    ``appariements`` (one per consecutive pair, in order) saves pairing the editions again
    when the caller already did.
    """
    vues = sorted(plans, key=lambda p: p.version)
    lignes: list[LigneHistorique] = []
    ids_precedents: dict[Livrable, str] = {}
    compteur = 0
    for k, plan in enumerate(vues):
        app = None
        if k:
            app = appariements[k - 1] if appariements is not None else apparier(vues[k - 1], plan)
        types = _types_par_livrable(app, lister(app)) if app is not None else {}
        ids: dict[Livrable, str] = {}
        for li in plan.livrables:
            ancien = app.homologue(li) if app is not None else None
            ident = ids_precedents.get(ancien) if ancien is not None else None
            if ident is None:
                compteur += 1
                ident = f"L{compteur:04d}"
            ids[li] = ident
            lignes.append(LigneHistorique(ident, li, tuple(types.get(li, []))))
        ids_precedents = ids
    return lignes


def rendre_historique_csv(lignes: Sequence[LigneHistorique]) -> str:
    """CSV text (RFC 4180, CRLF, header first) of ``historique`` rows."""
    tampon = io.StringIO(newline="")
    csv.writer(tampon, lineterminator="\r\n").writerows(lignes_csv(HISTORIQUE, lignes))
    return tampon.getvalue()
