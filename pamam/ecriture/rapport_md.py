"""``changements.md``: the change report as Markdown, readable on a code-hosting site.

GitHub-flavoured tables: the livrables overdue in the new edition first, then one part per
section; every change says on which page of each edition it is, linked to the PDF at that
page (``liens``). Cells escape ``|`` and render line breaks as ``<br>`` (Markdown tables
cannot hold a newline), and HTML-significant characters become entities so a document's
"<" stays text.
"""

from __future__ import annotations

from typing import Any

from normalisation.modele import Action, Livrable, Mesure, Noeud, Plan, Section
from pamam.comparaison.appariement import Appariement
from pamam.comparaison.changements import LIBELLES_TYPE, compter, designation
from pamam.comparaison.textes import une_ligne
from pamam.ecriture.liens import LiensPdf, Retard, aucun_lien, duree_en_mots, retards


def _cellule(valeur: Any) -> str:
    if valeur is None or valeur == "":
        return "—"
    t = str(valeur).strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return t.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def titres_sections(appariement: Appariement | None) -> dict[str, str]:
    """Section code → title, the new edition winning over the old."""
    titres: dict[str, str] = {}
    if appariement is not None:
        plans: list[Plan] = [appariement.avant, appariement.apres]
        for plan in plans:
            titres.update({s.code: une_ligne(s.titre) for s in plan.sections})
    return titres


def grouper_par_section(changements: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Changes grouped by section code, sections in order of first appearance."""
    groupes: dict[str, list[dict[str, Any]]] = {}
    for c in changements:
        groupes.setdefault(str(c.get("section") or "?"), []).append(c)
    return list(groupes.items())


def premiere_page(noeud: Noeud | None) -> int | None:
    """The page where an element starts: its own for a livrable, its first livrable's otherwise."""
    while noeud is not None and not isinstance(noeud, Livrable):
        if isinstance(noeud, Section):
            suivants: list[Any] = noeud.actions
        elif isinstance(noeud, Action):
            suivants = noeud.mesures
        else:
            suivants = noeud.livrables
        noeud = suivants[0] if suivants else None
    return noeud.page if noeud is not None else None


class Index:
    """Look-ups from the numbers in a change to the elements of both editions (0: old, 1: new)."""

    def __init__(self, app: Appariement | None) -> None:
        self.app = app
        self.sections: tuple[dict[str, Section], dict[str, Section]] = ({}, {})
        self.actions: tuple[dict[str, Action], dict[str, Action]] = ({}, {})
        self.mesures: tuple[dict[str, Mesure], dict[str, Mesure]] = ({}, {})
        self.livrables: tuple[dict[tuple[str, int], Livrable], dict[tuple[str, int], Livrable]] = ({}, {})
        if app is None:
            return
        plans: tuple[Plan, Plan] = (app.avant, app.apres)
        for k, plan in enumerate(plans):
            for s in plan.sections:
                self.sections[k].setdefault(s.code, s)
            for a in plan.actions:
                self.actions[k].setdefault(a.numero, a)
            for m in plan.mesures:
                self.mesures[k].setdefault(m.numero, m)
                for li in m.livrables:
                    self.livrables[k].setdefault((m.numero, li.numero), li)

    def elements(self, c: dict[str, Any]) -> tuple[Noeud | None, Noeud | None]:
        """The element a change is about, in the old and in the new edition (None where absent)."""
        if self.app is None:
            return None, None
        t = str(c.get("type") or "")
        retire = t.endswith(("_retiree", "_retire"))
        ancien: Noeud | None
        nouveau: Noeud | None
        if t.startswith(("section", "action")):
            tables: Any = self.sections if t.startswith("section") else self.actions
            cle = c.get("section") if t.startswith("section") else c.get("action")
            if retire:
                return tables[0].get(cle), None
            nouveau = tables[1].get(cle)
            return (self.app.homologue(nouveau) if nouveau is not None else None), nouveau
        if t.startswith("mesure"):
            ma, mn = c.get("mesure_avant"), c.get("mesure")
            return (self.mesures[0].get(ma) if ma else None), (self.mesures[1].get(mn) if mn else None)
        ma, mn = c.get("mesure_avant"), c.get("mesure")
        ancien = self.livrables[0].get((ma, c.get("livrable_no_avant"))) if ma else None
        nouveau = self.livrables[1].get((mn, c.get("livrable_no"))) if mn else None
        return ancien, nouveau

    def pages(self, c: dict[str, Any]) -> tuple[int | None, int | None]:
        """The page of the change's element in the old and in the new edition."""
        ancien, nouveau = self.elements(c)
        return premiere_page(ancien), premiere_page(nouveau)


def _lien_md(texte: str, href: str | None) -> str:
    return f"[{texte}]({href})" if href else texte


def cellule_pages(pages: tuple[int | None, int | None], versions: tuple[str, str], liens: LiensPdf) -> str:
    """"[p. 1](…#page=1) → [p. 2](…#page=2)", a dash for the edition without the element."""
    morceaux = []
    for page, version in zip(pages, versions, strict=True):
        morceaux.append(_lien_md(f"p. {page}", liens.lien(version, page)) if page else "—")
    return " → ".join(morceaux)


def lignes_retards(plan: Plan | None, liens: LiensPdf) -> list[str]:
    """The "En retard" part: the new edition's overdue livrables, how long, where."""
    if plan is None:
        return []
    liste: list[Retard] = retards(plan)
    lignes = ["## En retard", ""]
    if not liste:
        return lignes + [f"Aucun livrable en retard dans l’édition {plan.version}.", ""]
    n = len(liste)
    lignes += [
        f"{n} livrable{'s' if n > 1 else ''} de l’édition {plan.version} "
        f"{'ont' if n > 1 else 'a'} une fenêtre terminée avant la publication ({plan.publication}) "
        "sans être réalisé, en cours, en continu ni reporté.",
        "",
        "| Élément | Livrable | Échéancier | Fin | Retard | Page |",
        "|---|---|---|---|---|---|",
    ]
    for r in liste:
        li = r.livrable
        page = _lien_md(f"p. {li.page}", liens.lien(plan.version, li.page)) if li.page else "—"
        lignes.append("| " + " | ".join((
            _cellule(f"Mesure {li.mesure.numero}, livrable {li.numero}"), _cellule(li.texte),
            _cellule(li.echeance.texte), _cellule(li.echeance.fin),
            _cellule(f"{r.jours} jours ({duree_en_mots(r.jours)})"), page)) + " |")
    return lignes + [""]


def rendre_markdown(resultat: dict[str, Any], appariement: Appariement | None = None,
                    liens: LiensPdf | None = None) -> str:
    """The Markdown report of a ``changements.json`` dict.

    ``appariement`` (optional) supplies the section titles, the overdue livrables and the
    pages; ``liens`` the PDF of each edition, relative to the report.
    """
    liens = liens or aucun_lien()
    av, ap = resultat.get("avant") or "?", resultat.get("apres") or "?"
    changements = resultat.get("changements", [])
    lignes = [f"# Changements du PAMAM : {av} → {ap}", ""]
    retard = lignes_retards(appariement.apres if appariement is not None else None, liens)
    n = len(changements)
    if not n:
        lignes += [f"Aucun changement entre l’édition {av} et l’édition {ap}.", ""]
        return "\n".join(lignes + retard)
    lignes += [f"{n} changement{'s' if n > 1 else ''} entre l’édition {av} et l’édition {ap}.", ""]
    lignes += ["| Type de changement | Nombre |", "|---|---:|"]
    for t, k in compter(changements):
        lignes.append(f"| {LIBELLES_TYPE.get(t, t)} | {k} |")
    lignes += [f"| **Total** | **{n}** |", ""]
    lignes += retard
    titres = titres_sections(appariement)
    index = Index(appariement)
    versions = (str(av), str(ap))
    for code, groupe in grouper_par_section(changements):
        titre = titres.get(code)
        lignes += [f"## Section {code}" + (f" — {titre}" if titre else ""), ""]
        lignes.append(f"| Élément | Changement | Avant ({av}) | Après ({ap}) | Détails | Pages ({av} → {ap}) |")
        lignes.append("|---|---|---|---|---|---|")
        for c in groupe:
            cellules = [
                _cellule(x)
                for x in (
                    designation(c),
                    LIBELLES_TYPE.get(c["type"], c["type"]),
                    c.get("avant"),
                    c.get("apres"),
                    c.get("details"),
                )
            ]
            cellules.append(cellule_pages(index.pages(c), versions, liens))
            lignes.append("| " + " | ".join(cellules) + " |")
        lignes.append("")
    return "\n".join(lignes)
