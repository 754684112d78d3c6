"""``changements.html``: the change report for readers, in French, in one file.

Analysts forward this file by e-mail and open it offline, so it is self-contained:
inline CSS, inline SVG charts, no script, no font or image fetched from anywhere. Every
piece of document text goes through ``html.escape``.

Contents: counts per type; the livrables overdue in the new edition (how long, where);
a bar chart of deadline shifts in days; one part per section with each change shown
before/after side by side, the reworded words marked with ``<del>``/``<ins>`` (word-level
``difflib``) and the page of each edition linked to the PDF at that page (``liens``); a
timeline of every livrable's deadline window in both editions.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from html import escape
from typing import Any

from normalisation.echeances import Echeance
from normalisation.modele import Livrable, Mesure, Plan
from pamam.comparaison.appariement import Appariement
from pamam.comparaison.changements import LIBELLES_TYPE, compter, designation, libelle_statut
from pamam.comparaison.textes import une_ligne
from pamam.ecriture.liens import LiensPdf, aucun_lien, duree_en_mots, retards
from pamam.ecriture.rapport_md import Index, grouper_par_section, titres_sections

#: Colour family of each change type (CSS class ``fam-…``).
FAMILLES: dict[str, str] = {
    "section_ajoutee": "ajout",
    "action_ajoutee": "ajout",
    "mesure_ajoutee": "ajout",
    "livrable_ajoute": "ajout",
    "section_retiree": "retrait",
    "action_retiree": "retrait",
    "mesure_retiree": "retrait",
    "livrable_retire": "retrait",
    "action_modifiee": "modif",
    "mesure_modifiee": "modif",
    "mesure_renumerotee": "modif",
    "livrable_modifie": "modif",
    "echeance_reportee": "report",
    "echeance_devancee": "avance",
    "echeance_modifiee": "echeance",
    "statut_modifie": "statut",
}

COULEURS = {
    "ajout": "#1a7f37",
    "retrait": "#cf222e",
    "modif": "#0969da",
    "report": "#d1600a",
    "avance": "#0f7b6c",
    "echeance": "#9a6700",
    "statut": "#8250df",
}
COULEUR_AVANT = "#8c959f"
COULEUR_APRES = "#0969da"

CSS = """
:root { --encre: #1f2328; --doux: #59636e; --trait: #d1d9e0; --fond: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
       Arial, sans-serif; color: var(--encre); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
header.tete { border-bottom: 3px solid #0b3d91; padding-bottom: 12px; margin-bottom: 20px; }
.surtitre { color: var(--doux); margin: 0; font-size: 13px; text-transform: uppercase;
            letter-spacing: .04em; }
h1 { font-size: 26px; margin: 4px 0 6px; color: #0b3d91; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--trait); }
.resume { margin: 0; color: var(--doux); }
.grille { display: flex; gap: 28px; flex-wrap: wrap; align-items: flex-start; }
table.compteurs { border-collapse: collapse; min-width: 320px; }
table.compteurs th, table.compteurs td { padding: 5px 12px; border-bottom: 1px solid var(--trait);
                                         text-align: left; }
table.compteurs td.n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
table.compteurs tfoot td { border-top: 2px solid var(--encre); border-bottom: none; font-weight: 700; }
.pastille { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 8px; }
.sommaire-sections { margin: 0; padding-left: 18px; }
.sommaire-sections a, #sommaire a { color: #0b3d91; }
article.chgt { border: 1px solid var(--trait); border-left: 5px solid var(--couleur, #888);
               border-radius: 6px; padding: 10px 14px 12px; margin: 12px 0; background: #fff;
               break-inside: avoid; }
.entete { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.badge { background: var(--couleur, #888); color: #fff; border-radius: 12px; padding: 1px 10px;
         font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.lieu { font-weight: 600; }
.ecart { margin-left: auto; font-weight: 700; color: var(--couleur, #888);
         font-variant-numeric: tabular-nums; }
.contexte { margin: 6px 0 0; color: var(--doux); font-size: 13.5px; }
.cote-a-cote { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; margin-top: 8px; }
.cote { background: var(--fond); border-radius: 4px; padding: 6px 10px; min-height: 2.2em; }
.cote .etiquette { font-size: 11.5px; text-transform: uppercase; letter-spacing: .05em; color: var(--doux); }
.cote .texte { white-space: pre-line; }
.cote.vide .texte { color: #8c959f; font-style: italic; }
del { background: #ffebe9; color: #82071e; text-decoration: line-through; border-radius: 2px;
      padding: 0 1px; }
ins { background: #dafbe1; color: #116329; text-decoration: none; border-radius: 2px; padding: 0 1px; }
.details { margin: 8px 0 0; font-size: 13.5px; }
.pages { margin: 6px 0 0; font-size: 13px; color: var(--doux); }
.pages a { color: #0b3d91; }
table.retards { border-collapse: collapse; width: 100%; font-size: 14px; }
table.retards th, table.retards td { padding: 6px 10px; border-bottom: 1px solid var(--trait); text-align: left;
                                     vertical-align: top; }
table.retards th { background: var(--fond); }
table.retards td.livrable { white-space: pre-line; }
table.retards td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.retards td.n { white-space: nowrap; font-variant-numeric: tabular-nums; color: #82071e; font-weight: 600; }
table.retards a { color: #0b3d91; }
figure { margin: 8px 0 0; }
figcaption { color: var(--doux); font-size: 13px; margin-top: 4px; }
svg { max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
footer { margin-top: 40px; color: var(--doux); font-size: 12.5px; border-top: 1px solid var(--trait);
         padding-top: 8px; }
@media print { main { max-width: none; } h2 { break-after: avoid; } }
"""


def _e(texte: Any) -> str:
    return escape("" if texte is None else str(texte))


def _jetons(texte: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", texte)


def diff_mots(avant: str, apres: str) -> tuple[str, str]:
    """Both texts as HTML, words removed wrapped in ``<del>``, words added in ``<ins>``.

    Whitespace tokens take part in the alignment but are never marked, so a marked run
    reads as whole words.
    """
    a, b = _jetons(avant), _jetons(apres)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ha: list[str] = []
    hb: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        ta, tb = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            ha.append(_e(ta))
            hb.append(_e(tb))
            continue
        if ta:
            ha.append(_marquer("del", ta))
        if tb:
            hb.append(_marquer("ins", tb))
    return "".join(ha), "".join(hb)


def _marquer(balise: str, texte: str) -> str:
    """Wrap the words of ``texte`` in ``balise``, leaving its outer whitespace outside."""
    m = re.match(r"(\s*)(.*?)(\s*)$", texte, re.S)
    assert m is not None
    debut, coeur, fin = m.groups()
    return _e(debut) + (f"<{balise}>{_e(coeur)}</{balise}>" if coeur else "") + _e(fin)


def contexte(index: Index, c: dict[str, Any]) -> str:
    """A line telling which measure / livrable the change is about, when useful."""
    t = c["type"]
    ma, mn = c.get("mesure_avant"), c.get("mesure")
    if t.startswith("echeance") or t == "statut_modifie":
        li = index.livrables[1].get((mn, c.get("livrable_no"))) if mn else None
        return f"Livrable : {li.texte}" if li else ""
    if t.startswith("livrable"):
        m: Mesure | None = index.mesures[1].get(mn) if mn else index.mesures[0].get(ma)
        return f"Mesure {m.numero} : {une_ligne(m.titre)}" if m else ""
    if t == "mesure_renumerotee":
        m = index.mesures[1].get(mn)
        return une_ligne(m.titre) if m else ""
    return ""


def pages_html(pages: tuple[int | None, int | None], versions: tuple[str, str], liens: LiensPdf) -> str:
    """"Page 2023-11 : p. 1 · 2024-11 : p. 2", each page a link opening the PDF at that page."""
    morceaux = []
    for page, version in zip(pages, versions, strict=True):
        if not page:
            continue
        href = liens.lien(version, page)
        texte = f"p. {page}"
        lien = (f'<a href="{_e(href)}" title="Ouvrir le PDF de l’édition {_e(version)} à la page {page}">{texte}</a>'
                if href else texte)
        morceaux.append(f"{_e(version)} : {lien}")
    return f'<p class="pages">Page{"s" if len(morceaux) > 1 else ""} — {" · ".join(morceaux)}</p>' if morceaux else ""


def _carte(c: dict[str, Any], av: str, ap: str, index: Index, liens: LiensPdf) -> str:
    t = c["type"]
    fam = FAMILLES.get(t, "modif")
    avant, apres = c.get("avant"), c.get("apres")
    if avant is not None and apres is not None:
        ha, hb = diff_mots(str(avant), str(apres))
    else:
        ha = _e(avant) if avant is not None else ""
        hb = _e(apres) if apres is not None else ""
    ecart = c.get("ecart_jours")
    ecart_html = f'<span class="ecart">{ecart:+d} j</span>' if isinstance(ecart, int) else ""
    ligne_contexte = contexte(index, c)

    def cote(classe: str, titre: str, contenu: str) -> str:
        vide = " vide" if not contenu else ""
        contenu = contenu or ("absent de cette édition" if classe == "avant" or avant is not None else "—")
        return (
            f'<div class="cote {classe}{vide}"><div class="etiquette">{titre}</div>'
            f'<div class="texte">{contenu}</div></div>'
        )

    return "".join(
        [
            f'<article class="chgt fam-{fam} type-{_e(t)}" style="--couleur: {COULEURS[fam]}">',
            '<div class="entete">',
            f'<span class="badge">{_e(LIBELLES_TYPE.get(t, t))}</span>',
            f'<span class="lieu">{_e(designation(c))}</span>{ecart_html}</div>',
            f'<p class="contexte">{_e(ligne_contexte)}</p>' if ligne_contexte else "",
            '<div class="cote-a-cote">',
            cote("avant", f"Avant · {_e(av)}", ha),
            cote("apres", f"Après · {_e(ap)}", hb),
            "</div>",
            f'<p class="details">{_e(c.get("details"))}</p>' if c.get("details") else "",
            pages_html(index.pages(c), (av, ap), liens),
            "</article>",
        ]
    )


def _pas_graduation(etendue: float, maximum: int = 8) -> int:
    for pas in (30, 60, 90, 180, 365, 730, 1461, 3652):
        if etendue / pas <= maximum:
            return pas
    return 7305


def svg_ecarts(changements: list[dict[str, Any]]) -> str:
    """Horizontal bar chart of ``ecart_jours``: postponements right, advances left."""
    points = [
        (c, int(c["ecart_jours"])) for c in changements if isinstance(c.get("ecart_jours"), int) and c["ecart_jours"]
    ]
    if not points:
        return '<p class="resume">Aucune échéance n’a été déplacée.</p>'
    largeur, etiquettes, place_valeur, ligne, haut = 1100, 200, 64, 26, 34
    bas = min(0, min(v for _, v in points))
    sommet = max(0, max(v for _, v in points))
    etendue = max(sommet - bas, 1)
    # Room for the "-89 j" / "+183 j" labels on whichever side bars grow.
    x0 = etiquettes + 12 + (place_valeur if bas < 0 else 0)
    x1 = largeur - (place_valeur if sommet > 0 else 12)

    def x(v: float) -> float:
        return x0 + (v - bas) / etendue * (x1 - x0)

    hauteur = haut + ligne * len(points) + 12
    parts = [
        f'<svg class="graphique-ecarts" width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}" role="img" aria-label="Déplacement des échéances, en jours">'
    ]
    pas = _pas_graduation(etendue)
    v = (bas // pas) * pas
    while v <= sommet:
        if v >= bas:
            xv = x(v)
            trait = 'stroke="#57606a" stroke-width="1.5"' if v == 0 else 'stroke="#d8dee4"'
            parts.append(f'<line x1="{xv:.1f}" y1="{haut - 6}" x2="{xv:.1f}" y2="{hauteur - 8}" {trait}/>')
            parts.append(
                f'<text x="{xv:.1f}" y="{haut - 12}" font-size="11" fill="#59636e" text-anchor="middle">'
                f"{f'{v:+d} j' if v else '0'}</text>"
            )
        v += pas
    for i, (c, val) in enumerate(points):
        y = haut + i * ligne
        fam = FAMILLES.get(str(c.get("type")), "modif")
        if fam not in ("report", "avance", "echeance"):
            fam = "report" if val > 0 else "avance"
        xa, xb = sorted((x(0), x(val)))
        parts.append(
            f'<text x="{etiquettes}" y="{y + 15}" font-size="12.5" text-anchor="end" fill="#1f2328">'
            f"{_e(designation(c))}</text>"
        )
        infobulle = f"{designation(c)} : {c.get('avant')} → {c.get('apres')} ({val:+d} jours)"
        parts.append(
            f'<rect x="{xa:.1f}" y="{y + 4}" width="{max(xb - xa, 2):.1f}" height="16" rx="3" '
            f'fill="{COULEURS[fam]}"><title>{_e(infobulle)}</title></rect>'
        )
        tx, ancre = (xb + 6, "start") if val > 0 else (xa - 6, "end")
        parts.append(
            f'<text x="{tx:.1f}" y="{y + 16}" font-size="12" font-weight="600" text-anchor="{ancre}" '
            f'fill="{COULEURS[fam]}">{val:+d} j</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fenetre(e: Echeance) -> tuple[date | None, date | None, bool]:
    return e.debut, e.fin, e.ouvert


def _lignes_chronologie(app: Appariement) -> list[tuple[Livrable | None, Livrable | None]]:
    """(old, new) livrable pairs in the new edition's order, removed ones after their
    predecessor's place."""
    lignes: list[tuple[Livrable | None, Livrable | None]] = [(app.homologue(li), li) for li in app.apres.livrables]
    position = {id(n): i for i, (_, n) in enumerate(lignes)}
    precedent: Livrable | None = None
    inserts: dict[int, list[Livrable]] = {}
    for la in app.avant.livrables:
        if la in app.livrables:
            precedent = la
            continue
        ancre = -1
        if precedent is not None:
            ancre = position.get(id(app.livrables[precedent]), len(lignes) - 1)
        inserts.setdefault(ancre, []).append(la)
    resultat: list[tuple[Livrable | None, Livrable | None]] = [(x, None) for x in inserts.get(-1, [])]
    for i, paire in enumerate(lignes):
        resultat.append(paire)
        resultat.extend((x, None) for x in inserts.get(i, []))
    return resultat


def svg_chronologie(app: Appariement) -> str:
    """Each livrable's deadline window in both editions: one line, two bars, year ticks."""
    lignes = []
    sans_date = 0
    for la, lb in _lignes_chronologie(app):
        fa = _fenetre(la.echeance) if la else (None, None, False)
        fb = _fenetre(lb.echeance) if lb else (None, None, False)
        if not any(fa[:2]) and not any(fb[:2]):
            sans_date += 1
            continue
        lignes.append((la, lb, fa, fb))
    if not lignes:
        return '<p class="resume">Aucun livrable n’a d’échéance datée.</p>'
    dates = [d for _, _, fa, fb in lignes for d in (*fa[:2], *fb[:2]) if d]
    for plan in (app.avant, app.apres):
        if plan.publication:
            dates.append(plan.publication)
    debut = date(min(dates).year, 1, 1)
    fin = date(max(dates).year + 1, 1, 1)
    jours = (fin - debut).days
    largeur, marge_g, marge_d, ligne, haut = 1100, 400, 120, 30, 46
    x0, x1 = marge_g, largeur - marge_d

    def x(d: date) -> float:
        return x0 + (d - debut).days / jours * (x1 - x0)

    hauteur = haut + ligne * len(lignes) + 28
    av, ap = app.avant.version or "avant", app.apres.version or "après"
    p = [
        f'<svg class="chronologie" width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}" role="img" '
        'aria-label="Échéancier des livrables, avant et après">',
        f'<rect x="{x0}" y="6" width="14" height="8" fill="{COULEUR_AVANT}"/>'
        f'<text x="{x0 + 20}" y="14" font-size="12" fill="#1f2328">Avant ({_e(av)})</text>'
        f'<rect x="{x0 + 130}" y="6" width="14" height="8" fill="{COULEUR_APRES}"/>'
        f'<text x="{x0 + 150}" y="14" font-size="12" fill="#1f2328">Après ({_e(ap)})</text>',
    ]
    for k in range(0, len(lignes), 2):  # zebra stripes
        p.append(f'<rect x="0" y="{haut + k * ligne}" width="{largeur}" height="{ligne}" fill="#f6f8fa"/>')
    for annee in range(debut.year, fin.year + 1):
        xa = x(date(annee, 1, 1))
        p.append(f'<line x1="{xa:.1f}" y1="{haut - 10}" x2="{xa:.1f}" y2="{hauteur - 18}" stroke="#d0d7de"/>')
        if annee < fin.year:
            xm = (xa + x(date(annee + 1, 1, 1))) / 2
            for yy in (haut - 14, hauteur - 4):
                p.append(
                    f'<text x="{xm:.1f}" y="{yy}" font-size="12" font-weight="600" fill="#59636e" '
                    f'text-anchor="middle">{annee}</text>'
                )
    for plan, nom in ((app.avant, av), (app.apres, ap)):
        if plan.publication:
            xp = x(plan.publication)
            p.append(
                f'<line x1="{xp:.1f}" y1="{haut - 4}" x2="{xp:.1f}" y2="{hauteur - 18}" stroke="#cf222e" '
                f'stroke-dasharray="4 3"><title>Publication de l’édition {_e(nom)}</title></line>'
            )
    for k, (la, lb, fa, fb) in enumerate(lignes):
        y = haut + k * ligne
        ref = lb or la
        assert ref is not None
        change = la is None or lb is None or la.echeance.texte.split() != lb.echeance.texte.split()
        if la and lb and la.texte.split() != lb.texte.split():
            change = True
        num = f"{ref.mesure.numero} · L{ref.numero}"
        texte = ref.texte.replace("\n", " ")
        court = texte if len(texte) <= 42 else texte[:40].rstrip() + "…"
        statut = ""
        if lb is None:
            statut = "retiré"
        elif la is None:
            statut = "nouveau"
        poids = ' font-weight="700"' if change else ""
        p.append(
            f'<text x="8" y="{y + 19}" font-size="12"{poids} fill="#1f2328"><title>{_e(texte)}</title>'
            f'<tspan font-family="ui-monospace, Menlo, Consolas, monospace">{_e(num)}</tspan>  '
            f"{_e(court)}</text>"
        )
        for fen, dy, couleur, livrable in ((fa, 6, COULEUR_AVANT, la), (fb, 16, COULEUR_APRES, lb)):
            d0, d1, ouvert = fen
            if livrable is None or not (d0 or d1):
                continue
            a = x(d0 or d1)  # type: ignore[arg-type]
            b = x(d1) if d1 else (x1 if ouvert else a)
            infobulle = f"{livrable.echeance.texte} ({d0 or '…'} → {d1 or '…'})"
            opacite = ' fill-opacity="0.55"' if ouvert and not d1 else ""
            p.append(
                f'<rect x="{a:.1f}" y="{y + dy}" width="{max(b - a, 4):.1f}" height="8" rx="2" '
                f'fill="{couleur}"{opacite}><title>{_e(infobulle)}</title></rect>'
            )
        if lb is not None and not statut:
            statut = libelle_statut(lb.echeance.statut)
        p.append(
            f'<text x="{x1 + 10}" y="{y + 19}" font-size="11.5" fill="{"#8250df" if change else "#59636e"}">'
            f"{_e(statut)}</text>"
        )
    p.append("</svg>")
    note = (
        f"<figcaption>{sans_date} livrable{'s' if sans_date > 1 else ''} sans fenêtre datée "
        f"(réalisé, en continu, conditionnel…) non représenté{'s' if sans_date > 1 else ''}. "
        "En gras : livrables dont le libellé ou l’échéance a changé. "
        "Traits pointillés : dates de publication."
        "</figcaption>"
    )
    return "<figure>" + "".join(p) + note + "</figure>"


def section_retards(plan: Plan, liens: LiensPdf) -> str:
    """The "En retard" part: the edition's overdue livrables, how long overdue, their page."""
    liste = retards(plan)
    h = ['<section id="retards"><h2>En retard</h2>']
    if not liste:
        h.append(f'<p class="resume">Aucun livrable en retard dans l’édition {_e(plan.version)}.</p></section>\n')
        return "".join(h)
    n = len(liste)
    h.append(
        f'<p class="resume">{n} livrable{"s" if n > 1 else ""} de l’édition {_e(plan.version)} '
        f"{'ont' if n > 1 else 'a'} une fenêtre terminée avant la publication ({_e(plan.publication)}) sans être "
        "réalisé, en cours, en continu ni reporté.</p>"
    )
    h.append('<table class="retards"><thead><tr><th>Élément</th><th>Livrable</th><th>Échéancier</th><th>Fin</th>'
             "<th>Retard</th><th>Page</th></tr></thead><tbody>")
    for r in liste:
        li = r.livrable
        href = liens.lien(plan.version, li.page)
        page = f"p. {li.page}" if li.page else "—"
        if href and li.page:
            page = f'<a href="{_e(href)}">{page}</a>'
        h.append(
            f'<tr class="retard"><td>Mesure {_e(li.mesure.numero)}, livrable {li.numero}</td>'
            f'<td class="livrable">{_e(li.texte)}</td><td>{_e(li.echeance.texte)}</td>'
            f'<td class="date">{_e(li.echeance.fin)}</td>'
            f'<td class="n">{r.jours} jours<br><small>{_e(duree_en_mots(r.jours))}</small></td><td>{page}</td></tr>'
        )
    h.append("</tbody></table></section>\n")
    return "".join(h)


def rendre_html(resultat: dict[str, Any], appariement: Appariement | None = None,
                liens: LiensPdf | None = None) -> str:
    """The HTML report of a ``changements.json`` dict.

    ``appariement`` (from ``comparaison.apparier``) supplies section titles, context
    lines, pages, the overdue livrables and the timeline; without it those parts are left
    out. ``liens`` gives each edition's PDF relative to the report (no links without it).
    """
    liens = liens or aucun_lien()
    av, ap = str(resultat.get("avant") or "?"), str(resultat.get("apres") or "?")
    changements: list[dict[str, Any]] = resultat.get("changements", [])
    index = Index(appariement)
    titres = titres_sections(appariement)
    doc_titre = ""
    libelles = (av, ap)
    if appariement is not None:
        doc_titre = appariement.apres.document.titre or appariement.avant.document.titre
        libelles = (appariement.avant.document.libelle_version or av, appariement.apres.document.libelle_version or ap)
    n = len(changements)
    h = [
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>Changements du PAMAM : {_e(av)} → {_e(ap)}</title>\n",
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        '<header class="tete">',
        f'<p class="surtitre">{_e(doc_titre or "Plan d’action ministériel en affaires municipales")}</p>',
        f"<h1>Changements entre l’édition {_e(libelles[0].lower())} et l’édition {_e(libelles[1].lower())}</h1>",
        f'<p class="resume">{n} changement{"s" if n > 1 else ""} relevé{"s" if n > 1 else ""} '
        f"entre les versions {_e(av)} et {_e(ap)}.</p>",
        "</header>\n",
    ]
    groupes = grouper_par_section(changements)
    h.append('<section id="sommaire"><h2>Sommaire</h2><div class="grille">')
    if n:
        h.append('<table class="compteurs"><thead><tr><th>Type de changement</th><th>Nombre</th></tr></thead><tbody>')
        for t, k in compter(changements):
            coul = COULEURS[FAMILLES.get(t, "modif")]
            h.append(
                f'<tr data-type="{_e(t)}"><td><span class="pastille" style="background:{coul}"></span>'
                f'{_e(LIBELLES_TYPE.get(t, t))}</td><td class="n">{k}</td></tr>'
            )
        h.append(f'</tbody><tfoot><tr><td>Total</td><td class="n">{n}</td></tr></tfoot></table>')
        h.append("<div>")
        if appariement is not None:
            k = len(retards(appariement.apres))
            h.append(f'<p><strong><a href="#retards">En retard</a></strong> : {k} livrable{"s" if k > 1 else ""} '
                     f"dans l’édition {_e(ap)}</p>")
        h.append('<strong>Par section</strong><ul class="sommaire-sections">')
        for code, groupe in groupes:
            titre = titres.get(code, "")
            h.append(
                f'<li><a href="#section-{_e(code)}">Section {_e(code)}'
                f"{' — ' + _e(titre) if titre else ''}</a> : {len(groupe)}</li>"
            )
        h.append("</ul></div>")
    else:
        h.append(f'<p class="resume">Aucun changement entre l’édition {_e(av)} et l’édition {_e(ap)}.</p>')
    h.append("</div></section>\n")
    if appariement is not None:
        h.append(section_retards(appariement.apres, liens))
    if n:
        h.append('<section id="ecarts"><h2>Déplacement des échéances (en jours)</h2><figure>')
        h.append(svg_ecarts(changements))
        conventions = any(c.get("type") == "echeance_modifiee" and c.get("ecart_jours") for c in changements)
        h.append(
            "<figcaption>Écart entre la fin de la fenêtre annoncée dans chaque édition : "
            "à droite, reportée ; à gauche, devancée"
            + ("; en ocre, un écart de quelques jours qui ne vient que des conventions de dates (précisions "
               "différentes), pas d’un report" if conventions else "")
            + ".</figcaption></figure></section>\n"
        )
    for code, groupe in groupes:
        titre = titres.get(code, "")
        h.append(
            f'<section class="partie" id="section-{_e(code)}"><h2>Section {_e(code)}'
            f"{' — ' + _e(titre) if titre else ''}</h2>"
        )
        h.extend(_carte(c, av, ap, index, liens) for c in groupe)
        h.append("</section>\n")
    if appariement is not None:
        h.append('<section id="chronologie"><h2>Échéancier des livrables</h2>')
        h.append(svg_chronologie(appariement))
        h.append("</section>\n")
    h.append(f"<footer>Rapport produit par pamam à partir des éditions {_e(av)} et {_e(ap)}.</footer>\n")
    h.append("</main>\n</body>\n</html>\n")
    return "".join(h)
