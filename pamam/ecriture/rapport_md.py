"""``changements.md``: the change report as Markdown, readable on a code-hosting site.

GitHub-flavoured tables, one part per section; cells escape ``|`` and render line
breaks as ``<br>`` (Markdown tables cannot hold a newline), and HTML-significant
characters become entities so a document's "<" stays text.
"""

from __future__ import annotations

from typing import Any

from normalisation.modele import Plan
from pamam.comparaison.appariement import Appariement
from pamam.comparaison.changements import LIBELLES_TYPE, compter, designation
from pamam.comparaison.textes import une_ligne


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


def rendre_markdown(resultat: dict[str, Any], appariement: Appariement | None = None) -> str:
    """The Markdown report of a ``changements.json`` dict.

    ``appariement`` (optional) supplies the section titles.
    """
    av, ap = resultat.get("avant") or "?", resultat.get("apres") or "?"
    changements = resultat.get("changements", [])
    lignes = [f"# Changements du PAMAM : {av} → {ap}", ""]
    n = len(changements)
    if not n:
        lignes += [f"Aucun changement entre l’édition {av} et l’édition {ap}.", ""]
        return "\n".join(lignes)
    lignes += [f"{n} changement{'s' if n > 1 else ''} entre l’édition {av} et l’édition {ap}.", ""]
    lignes += ["| Type de changement | Nombre |", "|---|---:|"]
    for t, k in compter(changements):
        lignes.append(f"| {LIBELLES_TYPE.get(t, t)} | {k} |")
    lignes += [f"| **Total** | **{n}** |", ""]
    titres = titres_sections(appariement)
    for code, groupe in grouper_par_section(changements):
        titre = titres.get(code)
        lignes += [f"## Section {code}" + (f" — {titre}" if titre else ""), ""]
        lignes.append(f"| Élément | Changement | Avant ({av}) | Après ({ap}) | Détails |")
        lignes.append("|---|---|---|---|---|")
        for c in groupe:
            lignes.append(
                "| "
                + " | ".join(
                    _cellule(x)
                    for x in (
                        designation(c),
                        LIBELLES_TYPE.get(c["type"], c["type"]),
                        c.get("avant"),
                        c.get("apres"),
                        c.get("details"),
                    )
                )
                + " |"
            )
        lignes.append("")
    return "\n".join(lignes)
