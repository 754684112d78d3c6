"""``sorties/index.html``: one page to browse the latest edition and the history of every livrable.

Analysts open it from the output folder, often offline or from a shared drive, so it is
self-contained: inline CSS, a small dependency-free script, the data embedded as JSON
(``<script type="application/json" id="donnees-pamam">``, readable by any tool), no font,
image or library fetched, and a Content-Security-Policy that forbids any request (the
links to the PDFs and reports are plain links, followed only when clicked).

The page is rendered here, in full: without its script it still shows every livrable, its
history (``<details>``), the timeline, the removed livrables and the links, and it prints
(print CSS). The script only adds the filters (section, statut, overdue, text), which hide
rows of the table and of the timeline together.

Contents: key figures; the table of the latest edition's livrables (measure, text,
deadline, statut in words, end of window, days overdue, postponements, page linked to the
PDF) with each livrable's history (every edition's wording and deadline); a timeline of
every window (first promise in outline, current window by statut, overdue in red, the
edition's publication marked); the livrables removed along the way; the editions with
their PDF and change reports; the data files.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from normalisation.echeances import STATUT, TABLE_STATUTS
from normalisation.modele import Livrable, Plan
from pamam.comparaison.textes import une_ligne
from pamam.ecriture.colonnes import (
    CHANGEMENTS,
    EDITIONS,
    EDITIONS_COMPAREES,
    LIVRABLES_SUIVIS,
    NOUVEAU,
    SUIVI,
    LigneHistorique,
    libelle_parcours,
    libelle_type,
    valeurs_json,
)
from pamam.ecriture.liens import LiensPdf, duree_en_mots
from pamam.fichiers import ecrire_atomique
from pamam.historique import Suivi

#: Colour of a window's bar in the timeline, by statut family (strong colours: pastel
#: backgrounds of the workbooks would vanish on white).
COULEURS_FAMILLE = {
    "fait": "#1a7f37",
    "en_cours": "#9a6700",
    "a_venir": "#0969da",
    "arrete": "#8c959f",
    "sans_date": "#8250df",
}
COULEUR_RETARD = "#cf222e"

#: The data files listed at the bottom of the page (relative to it) and what each holds.
FICHIERS = (
    ("suivi.csv", "chaque livrable suivi d’une édition à l’autre (une ligne par identifiant)"),
    ("historique.csv", "chaque livrable de chaque édition, avec son identifiant"),
    ("pamam.xlsx", "le classeur : une feuille par édition, les changements, le suivi, la légende"),
    ("pamam.sqlite", "la base SQLite (éditions, livrables, changements, suivi, recherche plein texte)"),
    ("datapackage.json", "le descripteur Frictionless de tous les CSV (types, titres, descriptions)"),
)

CSS = """
:root { --encre: #1f2328; --doux: #59636e; --trait: #d1d9e0; --fond: #f6f8fa; --bleu: #0b3d91;
        --etiquette: 21rem; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; color: var(--encre); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 20px 24px 48px; }
a { color: var(--bleu); }
header.tete { border-bottom: 3px solid var(--bleu); padding-bottom: 12px; }
.surtitre { color: var(--doux); margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
h1 { font-size: 26px; margin: 4px 0 4px; color: var(--bleu); }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--trait); }
.resume { margin: 0; color: var(--doux); }
.chiffres { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; padding: 0; list-style: none; }
.chiffres li { background: var(--fond); border: 1px solid var(--trait); border-radius: 6px; padding: 6px 12px; }
.chiffres strong { font-size: 20px; margin-right: 6px; font-variant-numeric: tabular-nums; }
.chiffres li.alerte { border-color: #f3b2b2; background: #fff5f5; color: #82071e; }
nav.sommaire { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--trait);
               padding: 8px 0; display: flex; gap: 18px; flex-wrap: wrap; font-size: 14px; }
form.filtres { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: end; background: var(--fond);
               border: 1px solid var(--trait); border-radius: 6px; padding: 10px 14px; margin: 8px 0; }
form.filtres label { display: flex; flex-direction: column; font-size: 12.5px; color: var(--doux); gap: 2px; }
form.filtres label.case { flex-direction: row; align-items: center; gap: 6px; font-size: 14px; color: var(--encre); }
form.filtres select, form.filtres input[type=search] { font: inherit; padding: 4px 6px; min-width: 12rem;
                                                        border: 1px solid #afb8c1; border-radius: 4px; }
form.filtres input[type=search] { min-width: 18rem; }
form.filtres button { font: inherit; padding: 4px 12px; border: 1px solid #afb8c1; border-radius: 4px;
                      background: #fff; cursor: pointer; }
.compte { margin: 6px 0; color: var(--doux); font-size: 14px; }
table.donnees { border-collapse: collapse; width: 100%; font-size: 14px; }
table.donnees th, table.donnees td { padding: 6px 8px; border-bottom: 1px solid var(--trait); text-align: left;
                                     vertical-align: top; }
table.donnees thead th { position: sticky; top: 38px; background: #eef1f4; z-index: 1; font-size: 13px; }
table.donnees tr.groupe th { background: #e7edf6; color: var(--bleu); font-size: 14px; padding-top: 10px; }
table.donnees tr.retard td { background: #fff5f5; }
td.mesure { width: 14rem; min-width: 10rem; }
td.mesure .numero { font-weight: 700; font-variant-numeric: tabular-nums; }
td.mesure .titre, .petit { display: block; color: var(--doux); font-size: 12.5px; }
td.texte { white-space: pre-line; min-width: 18rem; }
td.nombre, td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.retard { color: #82071e; font-weight: 600; white-space: nowrap; }
.statut { display: inline-block; border-radius: 10px; padding: 1px 9px; font-size: 12.5px; white-space: nowrap;
          border: 1px solid rgba(0,0,0,.15); }
details.historique { margin-top: 6px; white-space: normal; }
details.historique summary { cursor: pointer; color: var(--bleu); font-size: 13px; }
details.historique .parcours { margin: 6px 0; font-size: 13px; color: var(--doux); }
ol.historique { list-style: none; margin: 4px 0 0; padding: 0; border-left: 3px solid var(--trait); }
ol.historique li { padding: 3px 0 5px 10px; font-size: 13px; }
ol.historique li + li { border-top: 1px dotted var(--trait); }
ol.historique .edition { font-weight: 700; font-variant-numeric: tabular-nums; margin-right: 6px; }
ol.historique .changements { font-style: italic; color: #8250df; }
ol.historique .libelle { display: block; white-space: pre-line; color: var(--encre); }
ol.historique .numero { color: var(--doux); font-variant-numeric: tabular-nums; }
.legende { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: var(--doux); margin: 6px 0 10px; }
.legende span.echantillon { display: inline-block; width: 22px; height: 10px; border-radius: 2px;
                            vertical-align: middle; margin-right: 5px; }
.frise { font-size: 12.5px; }
.frise-axe, .frise-ligne { display: grid; grid-template-columns: var(--etiquette) 1fr; }
.frise-axe .piste { position: relative; height: 22px; border-bottom: 1px solid var(--trait); }
.frise-axe .annee { position: absolute; top: 2px; transform: translateX(-50%); font-weight: 600;
                    color: var(--doux); }
.frise-corps { position: relative; }
.frise-calque { position: absolute; top: 0; bottom: 0; left: var(--etiquette); right: 0; pointer-events: none; }
.frise-calque .trait-annee { position: absolute; top: 0; bottom: 0; border-left: 1px solid #e3e8ee; }
.frise-calque .publication { position: absolute; top: 0; bottom: 0; border-left: 2px dashed #cf222e; }
.frise-ligne { min-height: 24px; align-items: center; }
.frise-ligne:nth-child(even) { background: rgba(246, 248, 250, .8); }
.frise-ligne .etiquette { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 8px; }
.frise-ligne .etiquette b { font-variant-numeric: tabular-nums; }
.frise-ligne .piste { position: relative; height: 24px; }
.barre { position: absolute; border-radius: 3px; min-width: 4px; }
.barre.actuelle { top: 9px; height: 10px; }
.barre.initiale { top: 3px; height: 5px; background: transparent; border: 1px solid #57606a;
                  background-image: repeating-linear-gradient(135deg, #8c959f 0 2px, transparent 2px 5px); }
.barre.ouverte { border-top-right-radius: 0; border-bottom-right-radius: 0;
                 -webkit-mask-image: linear-gradient(to right, #000 60%, transparent);
                 mask-image: linear-gradient(to right, #000 60%, transparent); }
.frise-note { color: var(--doux); font-size: 13px; margin-top: 6px; }
ul.liens { padding-left: 20px; }
footer { margin-top: 40px; color: var(--doux); font-size: 12.5px; border-top: 1px solid var(--trait);
         padding-top: 8px; }
@media (max-width: 900px) { :root { --etiquette: 12rem; } td.mesure { width: auto; } }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav.sommaire, form.filtres, .compte, .non-imprime { display: none !important; }
  table.donnees thead th { position: static; }
  table.donnees tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  #echeancier { break-before: page; }
  .frise-ligne { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
"use strict";
(function () {
  var donnees = JSON.parse(document.getElementById("donnees-pamam").textContent);
  var plier = function (t) {
    return String(t || "").normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase();
  };
  var textes = {}, actuels = {};
  donnees.livrables.forEach(function (l) {
    textes[l.identifiant] = (textes[l.identifiant] || "") + " " +
      plier([l.mesure, l.mesure_titre, l.action_titre, l.livrable, l.echeancier].join(" "));
    if (l.version === donnees.derniere) { actuels[l.identifiant] = l; }
  });
  var form = document.getElementById("filtres");
  var lignes = Array.prototype.slice.call(document.querySelectorAll("#table-livrables tr.livrable"));
  var groupes = Array.prototype.slice.call(document.querySelectorAll("#table-livrables tr.groupe"));
  var frise = Array.prototype.slice.call(document.querySelectorAll("#echeancier .frise-ligne"));
  var compte = document.getElementById("compte");
  function appliquer() {
    var section = form.elements.section.value, statut = form.elements.statut.value;
    var retard = form.elements.retard.checked;
    var mots = plier(form.elements.texte.value).split(/\\s+/).filter(Boolean);
    var visibles = {}, sections = {}, n = 0;
    lignes.forEach(function (tr) {
      var l = actuels[tr.getAttribute("data-id")];
      var ok = Boolean(l) && (!section || l.section === section) && (!statut || l.statut === statut) &&
        (!retard || l.en_retard === true) &&
        mots.every(function (m) { return textes[l.identifiant].indexOf(m) >= 0; });
      tr.hidden = !ok;
      if (ok) { visibles[l.identifiant] = true; sections[l.section] = true; n += 1; }
    });
    groupes.forEach(function (tr) { tr.hidden = !sections[tr.getAttribute("data-section")]; });
    frise.forEach(function (d) { d.hidden = !visibles[d.getAttribute("data-id")]; });
    compte.textContent = n + (n > 1 ? " livrables affichés" : " livrable affiché") + " sur " + lignes.length + ".";
  }
  form.hidden = false;
  form.addEventListener("input", appliquer);
  form.addEventListener("change", appliquer);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(appliquer, 0); });
  appliquer();
})();
"""


def _e(texte: Any) -> str:
    return escape("" if texte is None else str(texte))


def json_dans_html(donnees: Any) -> str:
    """JSON safe inside ``<script>``: no "</script>", "<!--" or "&" can end or change the element."""
    texte = json.dumps(donnees, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for car, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                      ("\u2029", "\\u2029")):
        texte = texte.replace(car, code)
    return texte


def empreinte_csp(script: str) -> str:
    """The CSP source that allows exactly this inline script (``'sha256-…'``)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _pastille(code: str) -> str:
    s = STATUT.get(code)
    libelle = s.libelle if s else code
    couleur = s.couleur if s else "#FFFFFF"
    return f'<span class="statut" style="background:{couleur}" title="{_e(code)}">{_e(libelle)}</span>'


def _jours(n: int | None) -> str:
    return "" if n is None else f"{n} jour{'s' if abs(n) > 1 else ''}"


def _types(changements: Sequence[str]) -> str:
    return ", ".join("Nouveau" if t == NOUVEAU else str(libelle_type(t)) for t in changements)


class Page:
    """Everything the page shows, gathered once from the follow-up and the comparisons."""

    def __init__(self, suivi: Suivi, resultats: Sequence[dict[str, Any]], dossier: Path, sources: Path | None) -> None:
        self.suivi = suivi
        self.editions = suivi.editions
        self.derniere: Plan = self.editions[-1]
        self.resultats = list(resultats)
        self.liens = LiensPdf.depuis(self.editions, dossier, sources)
        self.lignes_suivi = {r.identifiant: r for r in suivi.lignes()}
        self.trajectoires = suivi.par_identifiant()
        self.actuelles = [r for r in suivi.historique if r.livrable.section.plan is self.derniere]

    # --- pieces ------------------------------------------------------------------------------
    def lien_page(self, li: Livrable) -> str:
        version = li.section.plan.version
        href = self.liens.lien(version, li.page)
        if not li.page:
            return "—"
        if href is None:
            return f"p. {li.page}"
        return (f'<a href="{_e(href)}" title="Ouvrir le PDF de l’édition {_e(version)} à la page {li.page}">'
                f"p. {li.page}</a>")

    def historique_html(self, identifiant: str) -> str:
        """A livrable's history: the follow-up in one line, then each edition's wording and deadline."""
        t = self.trajectoires[identifiant]
        s = self.lignes_suivi[identifiant]
        n = len(t.lignes)
        resume = [f"Première promesse : {_e(s.echeancier_initial)} ({_e(s.premiere_edition)})"]
        if s.reports:
            resume.append(f"reporté {s.reports} fois, {_jours(s.glissement_jours)} au total")
        resume.append(f"parcours : {_e(libelle_parcours(s.parcours_statut))}")
        if s.retire_dans:
            resume.append(f"retiré dans l’édition {_e(s.retire_dans)}")
        h = [f'<details class="historique" data-id="{_e(identifiant)}"><summary>Historique '
             f"({n} édition{'s' if n > 1 else ''}, {_e(identifiant)})</summary>",
             f'<p class="parcours">{" · ".join(resume)}.</p>',
             '<ol class="historique">']
        for r in t.lignes:
            li = r.livrable
            version = li.section.plan.version
            changements = f' · <span class="changements">{_e(_types(r.changements))}</span>' if r.changements else ""
            h.append(
                f'<li data-version="{_e(version)}"><span class="edition">{_e(version)}</span>'
                f'<span class="echeancier">{_e(li.echeance.texte)}</span> {_pastille(li.echeance.statut)}'
                f"{changements} · {self.lien_page(li)}"
                f'<span class="libelle"><span class="numero">{_e(li.mesure.numero)} · L{li.numero} —</span> '
                f"{_e(li.texte)}</span></li>"
            )
        h.append("</ol></details>")
        return "".join(h)

    def ligne(self, r: LigneHistorique) -> str:
        li = r.livrable
        e = li.echeance
        s = self.lignes_suivi[r.identifiant]
        retard = ""
        if s.en_retard and s.retard_jours is not None:
            retard = f"{_jours(s.retard_jours)}<span class=\"petit\">{_e(duree_en_mots(s.retard_jours))}</span>"
        reports = ""
        if s.reports:
            reports = f"{s.reports}<span class=\"petit\">+{_jours(s.glissement_jours)}</span>"
        classe = "livrable retard" if e.en_retard else "livrable"
        return (
            f'<tr class="{classe}" data-id="{_e(r.identifiant)}" data-section="{_e(li.section.code)}" '
            f'data-statut="{_e(e.statut)}">'
            f'<td class="mesure"><span class="numero">{_e(li.mesure.numero)}</span> · L{li.numero}'
            f'<span class="titre">{_e(une_ligne(li.mesure.titre))}</span></td>'
            f'<td class="texte">{_e(li.texte)}{self.historique_html(r.identifiant)}</td>'
            f"<td>{_e(e.texte)}</td><td>{_pastille(e.statut)}</td>"
            f'<td class="date">{_e(e.fin or "")}</td><td class="retard">{retard}</td>'
            f'<td class="nombre">{reports}</td><td class="nombre">{self.lien_page(li)}</td></tr>'
        )

    def table(self) -> str:
        h = ['<table class="donnees" id="table-livrables"><thead><tr><th>Mesure</th><th>Livrable</th>'
             "<th>Échéancier</th><th>Statut</th><th>Fin</th><th>Retard</th><th>Reports</th><th>Page</th>"
             "</tr></thead><tbody>"]
        section = None
        for r in self.actuelles:
            s = r.livrable.section
            if s is not section:
                section = s
                h.append(f'<tr class="groupe" data-section="{_e(s.code)}"><th colspan="8">Section {_e(s.code)} — '
                         f"{_e(une_ligne(s.titre))}</th></tr>")
            h.append(self.ligne(r))
        h.append("</tbody></table>")
        return "".join(h)

    def filtres(self) -> str:
        sections = "".join(f'<option value="{_e(s.code)}">{_e(s.code)} — {_e(une_ligne(s.titre))}</option>'
                           for s in self.derniere.sections)
        comptes: dict[str, int] = {}
        for r in self.actuelles:
            comptes[r.livrable.echeance.statut] = comptes.get(r.livrable.echeance.statut, 0) + 1
        statuts = "".join(f'<option value="{_e(s.code)}">{_e(s.libelle)} ({comptes[s.code]})</option>'
                          for s in TABLE_STATUTS if s.code in comptes)
        return (
            '<form class="filtres" id="filtres" hidden role="search" aria-label="Filtrer les livrables">'
            f'<label>Section<select name="section"><option value="">Toutes</option>{sections}</select></label>'
            f'<label>Statut<select name="statut"><option value="">Tous</option>{statuts}</select></label>'
            '<label class="case"><input type="checkbox" name="retard"> En retard seulement</label>'
            '<label>Texte<input type="search" name="texte" placeholder="mot, numéro de mesure…" '
            'autocomplete="off"></label>'
            '<button type="reset">Tout afficher</button></form>'
        )

    # --- timeline ------------------------------------------------------------------------------
    def frise(self) -> str:
        lignes = []
        sans = 0
        for r in self.actuelles:
            s = self.lignes_suivi[r.identifiant]
            e = r.livrable.echeance
            actuelle = (e.debut, e.fin)
            initiale = (s.debut_initial, s.fin_initial)
            if not any(actuelle) and not any(initiale):
                sans += 1
                continue
            lignes.append((r, actuelle, initiale))
        if not lignes:
            return '<p class="resume">Aucun livrable n’a de fenêtre datée.</p>'
        dates = [d for _, a, i in lignes for d in (*a, *i) if d]
        if self.derniere.publication:
            dates.append(self.derniere.publication)
        debut, fin = date(min(dates).year, 1, 1), date(max(dates).year + 1, 1, 1)
        etendue = (fin - debut).days

        def x(d: date) -> float:
            return (d - debut).days / etendue * 100

        h = ['<div class="legende">'
             f'<span><span class="echantillon" style="background:{COULEURS_FAMILLE["a_venir"]}"></span>'
             "fenêtre actuelle (à venir)</span>"
             f'<span><span class="echantillon" style="background:{COULEURS_FAMILLE["en_cours"]}"></span>'
             "en cours ou répété</span>"
             f'<span><span class="echantillon" style="background:{COULEURS_FAMILLE["fait"]}"></span>réalisé</span>'
             f'<span><span class="echantillon" style="background:{COULEUR_RETARD}"></span>en retard</span>'
             '<span><span class="echantillon barre initiale" style="position:static;display:inline-block"></span>'
             "première promesse, si elle diffère</span>"
             '<span><span class="echantillon" style="border-left:2px dashed #cf222e;border-radius:0;width:4px">'
             f"</span>publication de l’édition {_e(self.derniere.version)}</span></div>",
             '<div class="frise"><div class="frise-axe"><div></div><div class="piste">']
        for annee in range(debut.year, fin.year):
            milieu = (x(date(annee, 1, 1)) + x(date(annee + 1, 1, 1))) / 2
            h.append(f'<span class="annee" style="left:{milieu:.2f}%">{annee}</span>')
        h.append('</div></div><div class="frise-corps"><div class="frise-calque" aria-hidden="true">')
        for annee in range(debut.year, fin.year + 1):
            h.append(f'<span class="trait-annee" style="left:{x(date(annee, 1, 1)):.2f}%"></span>')
        if self.derniere.publication:
            h.append(f'<span class="publication" style="left:{x(self.derniere.publication):.2f}%" '
                     f'title="Publication de l’édition {_e(self.derniere.version)} ({self.derniere.publication})">'
                     "</span>")
        h.append("</div>")
        for r, actuelle, initiale in lignes:
            li = r.livrable
            e = li.echeance
            statut = STATUT.get(e.statut)
            couleur = COULEUR_RETARD if e.en_retard else COULEURS_FAMILLE.get(statut.famille if statut else "",
                                                                              "#57606a")
            texte = une_ligne(li.texte)
            barres = []
            if any(initiale) and initiale != actuelle:
                s = self.lignes_suivi[r.identifiant]
                barres.append(self._barre("initiale", initiale, False, x, "",
                                          f"Première promesse ({s.premiere_edition}) : {s.echeancier_initial}"))
            if any(actuelle):
                barres.append(self._barre("actuelle", actuelle, e.ouvert, x, couleur,
                                          f"{e.texte} ({e.debut or '…'} → {e.fin or '…'})"))
            h.append(
                f'<div class="frise-ligne" data-id="{_e(r.identifiant)}"><div class="etiquette" title="{_e(texte)}">'
                f"<b>{_e(li.mesure.numero)} · L{li.numero}</b> {_e(texte)}</div>"
                f'<div class="piste">{"".join(barres)}</div></div>'
            )
        h.append("</div></div>")
        if sans:
            h.append(f'<p class="frise-note">{sans} livrable{"s" if sans > 1 else ""} sans fenêtre datée (réalisé, '
                     f"en continu, conditionnel…) {'ne sont' if sans > 1 else 'n’est'} pas représenté"
                     f"{'s' if sans > 1 else ''}.</p>")
        return "".join(h)

    @staticmethod
    def _barre(classe: str, fenetre: tuple[date | None, date | None], ouvert: bool, x: Any, couleur: str,
               titre: str) -> str:
        d0, d1 = fenetre
        if d0 and d1:
            gauche, droite = x(d0), x(d1)
        elif d0:  # open window: to the end of the axis, fading
            gauche, droite = x(d0), 100.0
        else:  # only a bound ("D’ici la fin de 2026"): a mark at the bound
            assert d1 is not None
            gauche = droite = x(d1)
        largeur = max(droite - gauche, 0.4)
        gauche = min(gauche, 100 - largeur)
        style = f"left:{gauche:.2f}%;width:{largeur:.2f}%" + (f";background:{couleur}" if couleur else "")
        ouverte = " ouverte" if ouvert and d0 and not d1 else ""
        return f'<span class="barre {classe}{ouverte}" style="{style}" title="{_e(titre)}"></span>'

    # --- the rest ---------------------------------------------------------------------------
    def retires(self) -> str:
        lignes = [s for s in self.lignes_suivi.values() if s.retire_dans]
        if not lignes:
            return '<p class="resume">Aucun livrable n’a été retiré d’une édition à l’autre.</p>'
        h = ['<table class="donnees" id="table-retires"><thead><tr><th>Mesure</th><th>Livrable</th>'
             "<th>Dernier échéancier</th><th>Statut</th><th>Dernière édition</th><th>Retiré dans</th></tr></thead>"
             "<tbody>"]
        for s in lignes:
            h.append(
                f'<tr data-id="{_e(s.identifiant)}"><td class="mesure"><span class="numero">{_e(s.mesure)}</span> · '
                f'L{s.livrable_no}</td><td class="texte">{_e(s.livrable)}{self.historique_html(s.identifiant)}</td>'
                f"<td>{_e(s.echeancier_actuel)}</td><td>{_pastille(s.statut_actuel)}</td>"
                f"<td>{_e(s.derniere_edition)}</td><td>{_e(s.retire_dans)}</td></tr>"
            )
        h.append("</tbody></table>")
        return "".join(h)

    def editions_html(self, dossier: Path) -> str:
        h = ['<table class="donnees" id="table-editions"><thead><tr><th>Édition</th><th>Publication</th>'
             "<th>Livrables</th><th>En retard</th><th>PDF</th></tr></thead><tbody>"]
        for p in self.editions:
            pdf = self.liens.pdf(p.version)
            lien = f'<a href="{_e(pdf)}">{_e(p.document.source.fichier)}</a>' if pdf and p.document.source else "—"
            retard = sum(li.echeance.en_retard for li in p.livrables)
            h.append(f"<tr><td>{_e(p.document.libelle_version or p.version)} ({_e(p.version)})</td>"
                     f'<td class="date">{_e(p.publication or "")}</td><td class="nombre">{len(p.livrables)}</td>'
                     f'<td class="nombre">{retard}</td><td>{lien}</td></tr>')
        h.append("</tbody></table>")
        if self.resultats:
            h.append("<h3>Rapports de changements</h3><ul class=\"liens\" id=\"rapports\">")
            for r in self.resultats:
                a, b = r.get("avant"), r.get("apres")
                base = f"changements/{a}__{b}/changements"
                n = len(r.get("changements", []))
                h.append(f'<li><a href="{_e(base)}.html">Changements de l’édition {_e(a)} à l’édition {_e(b)}</a> '
                         f"({n} changement{'s' if n > 1 else ''} ; aussi en "
                         f'<a href="{_e(base)}.md">Markdown</a>, <a href="{_e(base)}.csv">CSV</a>, '
                         f'<a href="{_e(base)}.json">JSON</a>)</li>')
            h.append("</ul>")
        return "".join(h)

    def donnees(self) -> dict[str, Any]:
        """The page's data, embedded as JSON (the same columns as the CSV files, codes and ISO dates)."""
        editions = []
        for p in self.editions:
            d = valeurs_json(EDITIONS, p)
            d["pdf"] = self.liens.pdf(p.version)
            editions.append(d)
        changements = [valeurs_json((*EDITIONS_COMPAREES, *CHANGEMENTS),
                                    {"edition_avant": r.get("avant"), "edition_apres": r.get("apres"), **c})
                       for r in self.resultats for c in r.get("changements", [])]
        return {
            "derniere": self.derniere.version,
            "editions": editions,
            "livrables": [valeurs_json(LIVRABLES_SUIVIS, r) for r in self.suivi.historique],
            "suivi": [valeurs_json(SUIVI, s) for s in self.lignes_suivi.values()],
            "changements": changements,
            "statuts": {s.code: {"libelle": s.libelle, "couleur": s.couleur} for s in TABLE_STATUTS},
        }

    def chiffres(self) -> str:
        n = len(self.actuelles)
        faits = sum(1 for r in self.actuelles
                    if (s := STATUT.get(r.livrable.echeance.statut)) is not None and s.famille == "fait")
        retard = sum(1 for r in self.actuelles if r.livrable.echeance.en_retard)
        reportes = sum(1 for r in self.actuelles if self.lignes_suivi[r.identifiant].reports)
        retires = sum(1 for s in self.lignes_suivi.values() if s.retire_dans)
        elements = [
            ("", n, "livrables"),
            ("", faits, "réalisés"),
            (" alerte" if retard else "", retard, "en retard"),
            ("", reportes, "reportés au moins une fois"),
            ("", retires, "retirés en cours de route"),
        ]
        return '<ul class="chiffres">' + "".join(
            f'<li class="chiffre{c}"><strong>{k}</strong>{_e(t)}</li>' for c, k, t in elements) + "</ul>"


def rendre_page(suivi: Suivi, resultats: Sequence[dict[str, Any]], dossier: Path,
                sources: Path | None = None) -> str:
    """The HTML of ``index.html`` for a page written in folder ``dossier`` (links are relative to it)."""
    if not suivi.editions:
        raise ValueError("aucune édition à présenter")
    page = Page(suivi, resultats, Path(dossier), sources)
    d = page.derniere
    titre_doc = d.document.titre or "Plan d’action ministériel en affaires municipales"
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src {empreinte_csp(SCRIPT)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    versions = ", ".join(p.version for p in page.editions)
    fichiers = "".join(
        f'<li><a href="{_e(nom)}">{_e(nom)}</a> — {_e(sens)}</li>'
        for nom, sens in FICHIERS
    )
    h = [
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>PAMAM — suivi des livrables (édition {_e(d.version)})</title>\n",
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        '<header class="tete">',
        f'<p class="surtitre">{_e(titre_doc)}</p>',
        "<h1>Suivi des livrables</h1>",
        f'<p class="resume">Édition la plus récente : {_e(d.document.libelle_version or d.version)} ({_e(d.version)})'
        f"{', publiée le ' + _e(d.publication) if d.publication else ''} · "
        f"{len(page.editions)} édition{'s' if len(page.editions) > 1 else ''} suivie"
        f"{'s' if len(page.editions) > 1 else ''} : {_e(versions)}.</p>",
        page.chiffres(),
        "</header>\n",
        '<nav class="sommaire" aria-label="Sommaire"><a href="#livrables">Livrables</a>'
        '<a href="#echeancier">Échéancier</a><a href="#retires">Livrables retirés</a>'
        '<a href="#editions">Éditions et rapports</a><a href="#donnees">Données</a></nav>\n',
        f'<section id="livrables"><h2>Livrables de l’édition {_e(d.version)}</h2>',
        page.filtres(),
        f'<p class="compte" id="compte" aria-live="polite">{len(page.actuelles)} livrables.</p>',
        page.table(),
        "</section>\n",
        '<section id="echeancier"><h2>Échéancier des livrables</h2>',
        page.frise(),
        "</section>\n",
        '<section id="retires"><h2>Livrables retirés</h2>',
        page.retires(),
        "</section>\n",
        '<section id="editions"><h2>Éditions et rapports de changements</h2>',
        page.editions_html(Path(dossier)),
        "</section>\n",
        '<section id="donnees"><h2>Données</h2><ul class="liens">',
        fichiers,
        "</ul><p class=\"resume\">Les données de cette page sont aussi dans la page elle-même, en JSON "
        "(élément <code>script#donnees-pamam</code>), avec les colonnes des fichiers CSV.</p></section>\n",
        f"<footer>Page produite par pamam à partir des éditions {_e(versions)}. Les liens « p. N » ouvrent le PDF "
        "de l’édition à cette page (les PDF sont attendus dans le dossier sources/ voisin).</footer>\n",
        "</main>\n",
        f'<script type="application/json" id="donnees-pamam">{json_dans_html(page.donnees())}</script>\n',
        f"<script>{SCRIPT}</script>\n",
        "</body>\n</html>\n",
    ]
    return "".join(h)


def ecrire_page(cible: Path, suivi: Suivi, resultats: Sequence[dict[str, Any]], sources: Path | None = None) -> Path:
    """Write ``index.html`` (atomically) with links relative to its folder."""
    cible = Path(cible)
    ecrire_atomique(cible, rendre_page(suivi, resultats, cible.parent, sources))
    return cible

