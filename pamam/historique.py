"""``historique.csv`` and ``suivi.csv``: every livrable of every edition, and each one followed over time.

Analysts follow a livrable across editions ("when was this first promised, how often
was it postponed?"), but its number changes whenever a measure or a sibling livrable
is removed, and its wording drifts. Each livrable therefore gets an identifier
("L0007") at its first appearance, carried to the next edition through the content
matching of ``pamam.comparaison`` (the same pairing as the change report), so the
long-format table (``historique.csv``) can be pivoted on ``identifiant``.

``suivi.csv`` is that pivot done once, the way analysts ask: one row per identifier with
the first and the current promise, how many times and by how much the deadline slipped
(each consecutive pair classified by ``comparaison.changements.classer_echeance``, so a
shift that only comes from the date conventions is not a postponement), the status path,
whether it is overdue now, and the edition that dropped it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from normalisation.echeances import STATUT
from normalisation.modele import Livrable, Plan
from pamam.comparaison.appariement import Appariement, apparier
from pamam.comparaison.changements import classer_echeance, lister
from pamam.comparaison.textes import meme_texte
from pamam.ecriture.colonnes import (
    HISTORIQUE,
    NOUVEAU,
    SEPARATEUR_PARCOURS,
    SUIVI,
    LigneHistorique,
    LigneSuivi,
    rendre_csv,
)

#: Columns of ``historique.csv``, in order.
COLONNES: tuple[str, ...] = tuple(c.nom for c in HISTORIQUE)

#: Statut families whose window moving later, together with a change of statut, is still a
#: postponement (the livrable is still to come or under way); "done" moving later is not.
FAMILLES_A_REPORTER = frozenset({"a_venir", "en_cours"})


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


@dataclass
class Trajectoire:
    """One livrable followed from edition to edition: its rows of ``historique.csv``, oldest first."""

    identifiant: str
    lignes: list[LigneHistorique] = field(default_factory=list)
    retire_dans: str | None = None

    @property
    def livrables(self) -> list[Livrable]:
        return [r.livrable for r in self.lignes]


@dataclass
class Suivi:
    """The history of every livrable: the long table, and one trajectory per identifier."""

    editions: list[Plan]
    historique: list[LigneHistorique]
    trajectoires: list[Trajectoire]

    def lignes(self) -> list[LigneSuivi]:
        """Rows of ``suivi.csv``, by identifier (that is, by first appearance)."""
        derniere = self.editions[-1] if self.editions else None
        return [ligne_suivi(t, derniere) for t in self.trajectoires]

    def par_identifiant(self) -> dict[str, Trajectoire]:
        return {t.identifiant: t for t in self.trajectoires}


def suivre(
    plans: Sequence[Plan],
    appariements: Sequence[Appariement] | None = None,
    changements: Sequence[list[dict[str, Any]]] | None = None,
) -> Suivi:
    """Follow every livrable through ``plans`` (sorted by version here).

    An identifier is assigned at a livrable's first appearance and follows it to the next
    edition when the comparison pairs it; an edition's livrable without a pair gets a fresh
    identifier. ``appariements`` (one per consecutive pair, in order) and ``changements``
    (their ``lister`` results) save pairing and listing the editions again when the caller
    already did.
    """
    vues = sorted(plans, key=lambda p: p.version)
    lignes: list[LigneHistorique] = []
    trajectoires: dict[str, Trajectoire] = {}
    ids_precedents: dict[Livrable, str] = {}
    compteur = 0
    for k, plan in enumerate(vues):
        app = None
        if k:
            app = appariements[k - 1] if appariements is not None else apparier(vues[k - 1], plan)
        if app is not None:
            liste = changements[k - 1] if changements is not None else lister(app)
            types = _types_par_livrable(app, liste)
        else:
            types = {}
        ids: dict[Livrable, str] = {}
        for li in plan.livrables:
            ancien = app.homologue(li) if app is not None else None
            ident = ids_precedents.get(ancien) if ancien is not None else None
            if ident is None:
                compteur += 1
                ident = f"L{compteur:04d}"
            ids[li] = ident
            ligne = LigneHistorique(ident, li, tuple(types.get(li, [])))
            lignes.append(ligne)
            trajectoires.setdefault(ident, Trajectoire(ident)).lignes.append(ligne)
        presents = set(ids.values())
        for ident in ids_precedents.values():
            if ident not in presents and trajectoires[ident].retire_dans is None:
                trajectoires[ident].retire_dans = plan.version
        ids_precedents = ids
    return Suivi(vues, lignes, list(trajectoires.values()))


def historique(plans: Sequence[Plan], appariements: Sequence[Appariement] | None = None) -> list[LigneHistorique]:
    """Rows of ``historique.csv``: one per livrable per edition, oldest edition first (see ``suivre``)."""
    return suivre(plans, appariements).historique


def report(avant: Livrable, apres: Livrable) -> int | None:
    """Days a deadline was postponed between two consecutive appearances, or None if it was not.

    A postponement is what the change report calls ``echeance_reportee``; or a change of
    statut to ``reporte`` (0 days when the new phrase names no later window); or a window
    that moved later together with a change of statut to one still to come or under way
    ("Automne 2024" → "En cours – hiver 2025"). A shift the date conventions alone explain
    (``echeance_modifiee``) and a livrable done later than planned are not postponements.
    """
    ea, eb = avant.echeance, apres.echeance
    if meme_texte(ea.texte, eb.texte):
        return None
    type_, ecart, _ = classer_echeance(ea, eb)
    if type_ == "echeance_reportee":
        return ecart or 0
    if type_ != "statut_modifie":
        return None
    if eb.statut == "reporte" and ea.statut != "reporte":
        return max(ecart or 0, 0)
    statut = STATUT.get(eb.statut)
    if ecart and ecart > 0 and statut is not None and statut.famille in FAMILLES_A_REPORTER:
        return ecart
    return None


def parcours(statuts: Sequence[str]) -> str:
    """Status path with consecutive repeats collapsed: "planifie → reporte → realise"."""
    chemin: list[str] = []
    for s in statuts:
        if not chemin or chemin[-1] != s:
            chemin.append(s)
    return SEPARATEUR_PARCOURS.join(chemin)


def ligne_suivi(t: Trajectoire, derniere: Plan | None) -> LigneSuivi:
    """The ``suivi.csv`` row of one trajectory; ``derniere`` is the latest edition of the batch."""
    premier, dernier = t.lignes[0].livrable, t.lignes[-1].livrable
    reports = [j for a, b in zip(t.livrables, t.livrables[1:], strict=False) if (j := report(a, b)) is not None]
    present = derniere is not None and dernier.section.plan is derniere
    en_retard = bool(present and dernier.echeance.en_retard)
    retard = None
    if en_retard and derniere is not None and derniere.publication and dernier.echeance.fin:
        retard = (derniere.publication - dernier.echeance.fin).days
    e0, e1 = premier.echeance, dernier.echeance
    return LigneSuivi(
        identifiant=t.identifiant,
        section=dernier.section.code,
        action=dernier.action.numero,
        mesure=dernier.mesure.numero,
        livrable_no=dernier.numero,
        livrable=dernier.texte,
        premiere_edition=premier.section.plan.version,
        derniere_edition=dernier.section.plan.version,
        nb_editions=len(t.lignes),
        echeancier_initial=e0.texte,
        debut_initial=e0.debut,
        fin_initial=e0.fin,
        echeancier_actuel=e1.texte,
        debut_actuel=e1.debut,
        fin_actuel=e1.fin,
        statut_actuel=e1.statut,
        reports=len(reports),
        glissement_jours=sum(reports),
        parcours_statut=parcours([li.echeance.statut for li in t.livrables]),
        en_retard=en_retard,
        retard_jours=retard,
        retire_dans=t.retire_dans,
        page=dernier.page,
    )


def rendre_historique_csv(lignes: Sequence[LigneHistorique]) -> str:
    """CSV text (RFC 4180, CRLF, header first) of ``historique`` rows."""
    return rendre_csv(HISTORIQUE, lignes)


def rendre_suivi_csv(lignes: Sequence[LigneSuivi]) -> str:
    """CSV text (RFC 4180, CRLF, header first) of ``suivi.csv`` rows."""
    return rendre_csv(SUIVI, lignes)
