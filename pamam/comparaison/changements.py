"""List what changed between two editions, in the contract's ``changements.json`` shape.

Works on the pairs found by ``appariement``: an element without a pair was added or
removed, a pair whose texts differ (beyond typography: ``modele.meme_texte``) was reworded,
a pair whose numbers differ was renumbered,
a livrable pair whose deadline phrase differs is classified from the normalised windows.
Changes inside an element that is itself added or removed are not listed again: the
added measure says it all, its livrables are not each "added". One level is listed all
the same (the contract's rule): an added (removed) section or action also lists each of
its measures as ``mesure_ajoutee`` (``mesure_retiree``), since readers count and follow
measures, but not their livrables. A livrable that moved
between such a measure and a surviving one (a measure split in two, or two merged) is
listed, as moved: the surviving measure did change.

Order: the NEW edition's document order; a removed element sits where it was, right
after the new place of its last surviving predecessor among its siblings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from normalisation.echeances import STATUT, Echeance
from normalisation.modele import Livrable, Mesure, Noeud, Plan, enfants, fin_sous_arbre, parent
from pamam.comparaison.appariement import Appariement, Pretraitement, apparier
from pamam.comparaison.textes import meme_texte, une_ligne
from pamam.comparaison.types import CLES, TYPES
from pamam.comparaison.types import LIBELLES_TYPE as LIBELLES_TYPE  # re-exported, with CLES and TYPES

#: Statuses that only say "this is scheduled" (or that the phrase was not understood):
#: moving between them is a postponement, an advance or a rewording, not news about the
#: livrable's progress.
STATUTS_PLANIFIES = frozenset({"planifie", "conditionnel", "indetermine"})

#: The largest shift (in days) that two windows of different ``precision`` can show merely
#: because of the conventions that turn phrases into dates: "Automne 2026" ends on
#: 2026-12-20 and "D’ici la fin de 2026" on 2026-12-31 (11 days), "Hiver 2026" on
#: 2026-03-19 and "Début 2026" on 2026-04-30 (42 days). The plan did not move such a
#: deadline; only the way it is written changed (the contract's rule).
ECART_CONVENTIONS_JOURS = 45


def libelle_statut(code: str) -> str:
    """A statut in words, as a sentence quotes it ("réalisé et en continu")."""
    s = STATUT.get(code)
    return s.libelle.lower() if s else code


def _jours(avant: date | None, apres: date | None) -> int | None:
    return (apres - avant).days if avant and apres else None


def _borne(echeance: Echeance) -> str:
    """The window's bound in words: "jusqu’au <fin>", "à partir du <debut>" when open, "" when undated."""
    if echeance.fin:
        return f"jusqu’au {echeance.fin}"
    return f"à partir du {echeance.debut}" if echeance.debut else ""


def de_convention(avant: Echeance, apres: Echeance, ecart: int | None) -> bool:
    """Is a shift of ``ecart`` days between these windows only an artefact of the conventions?

    True when both windows have a precision, the precisions differ and the shift is at most
    ``ECART_CONVENTIONS_JOURS`` days either way.
    """
    return bool(
        ecart
        and abs(ecart) <= ECART_CONVENTIONS_JOURS
        and avant.precision
        and apres.precision
        and avant.precision != apres.precision
    )


def borne_mot(borne: str) -> str:
    return "fin" if borne == "fin" else "début"


#: The contract's precision codes in words, for sentences (codes without accents read oddly).
PRECISIONS_EN_MOTS: dict[str, str] = {
    "jour": "jour", "mois": "mois", "saison": "saison", "trimestre": "trimestre", "semestre": "semestre",
    "annee": "année", "exercice": "exercice financier", "periode": "période",
}


def precision_en_mots(code: str | None) -> str:
    return PRECISIONS_EN_MOTS.get(code or "", code or "aucune")


def classer_echeance(avant: Echeance, apres: Echeance) -> tuple[str, int | None, str]:
    """Type, shift in days and French sentence for two different deadline phrases.

    - a change of statut is ``statut_modifie`` (to done, postponed, abandoned, ongoing…),
      except between two merely scheduled statuts (``STATUTS_PLANIFIES``): "Automne AAAA"
      becoming "Automne AAAA – dès le prochain appel" is not news about progress;
    - otherwise ``fin`` moved later / earlier: ``echeance_reportee`` / ``echeance_devancee``,
      ``ecart_jours`` being the shift of ``fin``; for open windows (no ``fin``), of ``debut``;
    - except a shift of at most ``ECART_CONVENTIONS_JOURS`` between windows of different
      ``precision`` ("Automne 2026" → "D’ici la fin de 2026"): the conventions, not the plan,
      made it; it is ``echeance_modifiee``, ``ecart_jours`` kept and the reason in the sentence;
    - anything else (same window, new wording or condition) is ``echeance_modifiee``.
    """
    sa, sn = avant.statut or "indetermine", apres.statut or "indetermine"
    ecart = _jours(avant.fin, apres.fin)
    borne = "fin"
    if ecart is None and not avant.fin and not apres.fin:
        ecart, borne = _jours(avant.debut, apres.debut), "debut"
    deplacement = ""
    if ecart and de_convention(avant, apres, ecart):
        nom = borne_mot(borne)
        deplacement = (f"décalée de {abs(ecart)} jours par les seules conventions de dates ({nom} : "
                       f"{getattr(avant, borne)} → {getattr(apres, borne)})")
    elif ecart:
        sens = "reportée" if ecart > 0 else "devancée"
        nom = "fin" if borne == "fin" else "début"
        deplacement = f"{sens} de {abs(ecart)} jours ({nom} : {getattr(avant, borne)} → {getattr(apres, borne)})"
    if sa != sn and not (sa in STATUTS_PLANIFIES and sn in STATUTS_PLANIFIES):
        phrase = f"Le statut passe de « {libelle_statut(sa)} » à « {libelle_statut(sn)} »"
        return ("statut_modifie", ecart, phrase + (f" ; échéance {deplacement}." if deplacement else "."))
    if ecart and de_convention(avant, apres, ecart):
        return ("echeance_modifiee", ecart,
                f"Libellé de l’échéance modifié (précision : {precision_en_mots(avant.precision)} → "
                f"{precision_en_mots(apres.precision)}) ; l’écart de {abs(ecart)} jours ({borne_mot(borne)} : "
                f"{getattr(avant, borne)} → {getattr(apres, borne)}) vient des conventions de dates, pas d’un "
                f"{'report' if ecart > 0 else 'devancement'} du plan.")
    if ecart:
        type_ = "echeance_reportee" if ecart > 0 else "echeance_devancee"
        return (type_, ecart, f"Échéance {deplacement}.")
    if ecart == 0:
        return ("echeance_modifiee", 0, "Libellé de l’échéance modifié, même fin de fenêtre.")
    # A condition ("Lors du renouvellement…") becoming a date, or the reverse: no shift to
    # measure, but the reader should know which way it went.
    date_avant, date_apres = _borne(avant), _borne(apres)
    if date_apres and not date_avant:
        return ("echeance_modifiee", None, f"L’échéance est désormais datée ({date_apres}).")
    if date_avant and not date_apres:
        return ("echeance_modifiee", None, f"L’échéance n’est plus datée (auparavant {date_avant}).")
    return ("echeance_modifiee", None, "Libellé de l’échéance modifié.")


@dataclass
class _Changement:
    cle: tuple[int, int, int]
    donnees: dict[str, Any]


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


def _dans_parent_nouveau(app: Appariement, m: Mesure) -> str:
    """", avec la nouvelle action 4" when the measure came with its action (or section)."""
    if app.homologue(m.action.section) is None:
        return f", avec la nouvelle section {m.action.section.code}"
    if app.homologue(m.action) is None:
        return f", avec la nouvelle action {m.action.numero}"
    return ""


def _dans_parent_retire(app: Appariement, m: Mesure) -> str:
    if app.homologue(m.action.section) is None:
        return f", avec la section {m.action.section.code}"
    if app.homologue(m.action) is None:
        return f", avec l’action {m.action.numero}"
    return ""


class _Comparateur:
    def __init__(self, app: Appariement) -> None:
        self.app = app
        self.liste: list[_Changement] = []
        self._sous: dict[int, int] = {}

    # --- placement -------------------------------------------------------------------
    def _cle_nouveau(self, noeud: Noeud) -> tuple[int, int, int]:
        rang = self._sous.get(noeud.ordre, 0)
        self._sous[noeud.ordre] = rang + 1
        return (noeud.ordre, 0, rang)

    def _cle_retire(self, ancien: Noeud) -> tuple[int, int, int]:
        """Right after the new subtree of the last surviving earlier sibling, or after
        the new parent when none survives; inside a removed parent, right after it (in the
        old document's order)."""
        par = parent(ancien)
        par_nouveau = self.app.homologue(par) if par is not None else None
        if par is not None and par_nouveau is None:
            return (self._cle_retire(par)[0], 1, ancien.ordre)
        freres = enfants(par) if par is not None else self.app.avant.sections
        for frere in reversed(freres[: freres.index(ancien)]):
            h = self.app.homologue(frere)
            if h is not None and parent(h) is par_nouveau:
                return (fin_sous_arbre(h), 1, ancien.ordre)
        return (par_nouveau.ordre if par_nouveau is not None else -1, 1, ancien.ordre)

    def ajouter(self, cle: tuple[int, int, int], type_: str, **champs: Any) -> None:
        d: dict[str, Any] = dict.fromkeys(CLES)
        d["type"] = type_
        d.update(champs)
        self.liste.append(_Changement(cle, d))

    # --- per level ---------------------------------------------------------------------
    def sections(self) -> None:
        app = self.app
        apparies = set(app.sections.values())
        # The contract has no type for a section that only changed letter (B becomes C
        # once a section is inserted before it): the section that caused it says so.
        relettrees = ", ".join(f"{a.code} → {b.code}" for a, b in app.sections.items() if a.code != b.code)
        suite = f" Les sections suivantes changent de lettre : {relettrees}." if relettrees else ""
        for s in app.apres.sections:
            if s not in apparies:
                self.ajouter(
                    self._cle_nouveau(s),
                    "section_ajoutee",
                    section=s.code,
                    apres=une_ligne(s.titre),
                    details=f"Nouvelle section {s.code} ({_pluriel(len(s.actions), 'action')}).{suite}",
                )
        for s in app.avant.sections:
            if s not in app.sections:
                self.ajouter(
                    self._cle_retire(s),
                    "section_retiree",
                    section=s.code,
                    avant=une_ligne(s.titre),
                    details=f"Section {s.code} retirée ({_pluriel(len(s.actions), 'action')}).{suite}",
                )

    def actions(self) -> None:
        app = self.app
        apparies = set(app.actions.values())
        for a in app.apres.actions:
            if a in apparies or app.homologue(a.section) is None:
                continue
            self.ajouter(
                self._cle_nouveau(a),
                "action_ajoutee",
                section=a.section.code,
                action=a.numero,
                apres=une_ligne(a.titre),
                details=f"Nouvelle action {a.numero} ({_pluriel(len(a.mesures), 'mesure')}).",
            )
        for a in app.avant.actions:
            b = app.actions.get(a)
            if b is None:
                if a.section in app.sections:
                    self.ajouter(
                        self._cle_retire(a),
                        "action_retiree",
                        section=a.section.code,
                        action=a.numero,
                        avant=une_ligne(a.titre),
                        details=f"Action {a.numero} retirée ({_pluriel(len(a.mesures), 'mesure')}).",
                    )
                continue
            quoi = []
            if a.numero != b.numero:
                quoi.append(f"renumérotée de {a.numero} à {b.numero}")
            if app.sections.get(a.section) is not b.section:
                quoi.append(f"déplacée de la section {a.section.code} à la section {b.section.code}")
            if not meme_texte(a.titre, b.titre):
                quoi.append("titre reformulé")
            if quoi:
                self.ajouter(
                    self._cle_nouveau(b),
                    "action_modifiee",
                    section=b.section.code,
                    action=b.numero,
                    avant=une_ligne(a.titre),
                    apres=une_ligne(b.titre),
                    details=f"Action {b.numero} : {' ; '.join(quoi)}.",
                )

    def mesures(self) -> None:
        app = self.app
        apparies = set(app.mesures.values())
        for m in app.apres.mesures:
            if m in apparies:
                continue
            self.ajouter(
                self._cle_nouveau(m),
                "mesure_ajoutee",
                section=m.action.section.code,
                action=m.action.numero,
                mesure=m.numero,
                apres=une_ligne(m.titre),
                details=f"Nouvelle mesure {m.numero} ({_pluriel(len(m.livrables), 'livrable')})"
                f"{_dans_parent_nouveau(app, m)}.",
            )
        for m in app.avant.mesures:
            n = app.mesures.get(m)
            if n is None:
                self.ajouter(
                    self._cle_retire(m),
                    "mesure_retiree",
                    section=m.action.section.code,
                    action=m.action.numero,
                    mesure_avant=m.numero,
                    avant=une_ligne(m.titre),
                    details=f"Mesure {m.numero} retirée ({_pluriel(len(m.livrables), 'livrable')})"
                    f"{_dans_parent_retire(app, m)}.",
                )
                continue
            commun = dict(section=n.action.section.code, action=n.action.numero, mesure_avant=m.numero, mesure=n.numero)
            if m.numero != n.numero:
                ou = ""
                if app.actions.get(m.action) is not n.action:
                    ou = f", sous l’action {n.action.numero}"
                self.ajouter(
                    self._cle_nouveau(n),
                    "mesure_renumerotee",
                    avant=m.numero,
                    apres=n.numero,
                    details=f"La mesure {m.numero} devient la mesure {n.numero}{ou}.",
                    **commun,
                )
            if not meme_texte(m.titre, n.titre):
                self.ajouter(
                    self._cle_nouveau(n),
                    "mesure_modifiee",
                    avant=une_ligne(m.titre),
                    apres=une_ligne(n.titre),
                    details=f"Titre de la mesure {n.numero} reformulé.",
                    **commun,
                )

    def livrables(self) -> None:
        app = self.app
        apparies = set(app.livrables.values())
        for li in app.apres.livrables:
            if li in apparies or app.homologue(li.mesure) is None:
                continue
            self.ajouter(
                self._cle_nouveau(li),
                "livrable_ajoute",
                **self._ou(None, li),
                apres=li.texte,
                details=f"Nouveau livrable dans la mesure {li.mesure.numero}"
                f" (échéance : {une_ligne(li.echeance.texte) or 'non précisée'}).",
            )
        for la in app.avant.livrables:
            lb = app.livrables.get(la)
            if lb is None:
                if la.mesure in app.mesures:
                    self.ajouter(
                        self._cle_retire(la),
                        "livrable_retire",
                        **self._ou(la, None),
                        avant=la.texte,
                        details=f"Livrable retiré de la mesure {la.mesure.numero}.",
                    )
                continue
            self._livrable(la, lb)

    def _ou(self, la: Livrable | None, lb: Livrable | None) -> dict[str, Any]:
        ref = lb or la
        assert ref is not None
        return dict(
            section=ref.mesure.action.section.code,
            action=ref.mesure.action.numero,
            mesure_avant=la.mesure.numero if la else None,
            mesure=lb.mesure.numero if lb else None,
            livrable_no_avant=la.numero if la else None,
            livrable_no=lb.numero if lb else None,
        )

    def _livrable(self, la: Livrable, lb: Livrable) -> None:
        ou = self._ou(la, lb)
        deplace = self.app.deplace(la)
        reformule = not meme_texte(la.texte, lb.texte)
        if deplace or reformule:
            quoi = []
            if deplace:
                quoi.append(f"déplacé de la mesure {la.mesure.numero} à la mesure {lb.mesure.numero}")
            if reformule:
                quoi.append("libellé reformulé")
            self.ajouter(
                self._cle_nouveau(lb),
                "livrable_modifie",
                avant=la.texte,
                apres=lb.texte,
                details=f"Livrable {lb.numero} de la mesure {lb.mesure.numero} : {' ; '.join(quoi)}.",
                **ou,
            )
        if not meme_texte(la.echeance.texte, lb.echeance.texte):
            type_, ecart, details = classer_echeance(la.echeance, lb.echeance)
            self.ajouter(
                self._cle_nouveau(lb),
                type_,
                avant=la.echeance.texte,
                apres=lb.echeance.texte,
                ecart_jours=ecart,
                details=details,
                **ou,
            )

    def resultat(self) -> list[dict[str, Any]]:
        self.sections()
        self.actions()
        self.mesures()
        self.livrables()
        return [c.donnees for c in sorted(self.liste, key=lambda c: c.cle)]


def lister(app: Appariement) -> list[dict[str, Any]]:
    """The changes implied by an ``Appariement``, in document order."""
    return _Comparateur(app).resultat()


def comparer(avant: Plan, apres: Plan, pretraitement: Pretraitement | None = None) -> dict[str, Any]:
    """Compare two editions; returns ``{"avant", "apres", "changements"}`` (contract)."""
    app = apparier(avant, apres, pretraitement)
    return {"avant": app.avant.version, "apres": app.apres.version, "changements": lister(app)}


def compter(changements: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(type, count) for each type present, in ``TYPES`` order (unknown types last)."""
    n: dict[str, int] = {}
    for c in changements:
        n[c["type"]] = n.get(c["type"], 0) + 1
    ordre = {t: i for i, t in enumerate(TYPES)}
    return sorted(n.items(), key=lambda kv: (ordre.get(kv[0], len(ordre)), kv[0]))


def designation(c: dict[str, Any]) -> str:
    """Where a change is, in words: "Mesure 4.2, livrable 1", "Mesure 2.3 → 2.2"…"""
    t = str(c.get("type") or "")
    if t.startswith("section"):
        return f"Section {c.get('section')}"
    if t.startswith("action"):
        return f"Action {c.get('action')}"
    ma, mn = c.get("mesure_avant"), c.get("mesure")
    if t.startswith("mesure"):
        if ma and mn and ma != mn:
            return f"Mesure {ma} → {mn}"
        return f"Mesure {mn or ma}"
    la, ln = c.get("livrable_no_avant"), c.get("livrable_no")
    if ma and mn and ma != mn:
        return f"Mesure {ma}, livrable {la} → mesure {mn}, livrable {ln}"
    return f"Mesure {mn or ma}, livrable {ln or la}"
