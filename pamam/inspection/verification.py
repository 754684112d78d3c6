"""``verification.html``: every livrable of an edition beside the piece of page it was read from.

Why: the quality report says *that* something may be off, not whether the rest is right.
Checking an edition means looking at each row next to the PDF; with the crop of the page
(from the livrable's ``cadres``: its cell outlined in green, its échéancier in pink) right
beside what was read (section, action, measure, text, échéancier, the window and statut it
was given), a person goes through a whole edition in minutes. A row that reads wrong
comes with the ``[[correction]]`` entry to paste into ``sources/corrections.toml``.

Self-contained like the change report: inline CSS, the crops embedded as base64 PNG, no
script, nothing fetched; French; prints one row per block.
"""

from __future__ import annotations

import base64
import io
import json
from html import escape
from pathlib import Path
from typing import Any

from normalisation.echeances import Echeance
from normalisation.modele import Livrable, Plan
from pamam.inspection.rendu import COULEURS, ImagePage, document_pdfium, rendre_page

RESOLUTION = 110  # dpi of the crops: small print stays legible, a 4-page edition stays near a megabyte
MARGE = 2.5  # points around a row's cells (more shows half of the neighbouring rows' text)
COULEURS_PALETTE = 48  # colours kept in each crop (text on paper needs few; the file stays small)

CSS = f":root {{ --livrable: rgb{COULEURS['livrable']}; --echeancier: rgb{COULEURS['echeancier']}; }}" + """
:root { --trait: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328;
       margin: 0 auto; max-width: 1900px; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .3rem; border-bottom: 2px solid #1f2328; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
h4 { font-size: .95rem; margin: .9rem 0 .3rem; color: #333; }
.meta, .objectif { color: #57606a; margin: .2rem 0; }
.objectif { font-style: italic; }
.resume { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .8rem 0; }
.resume dt { font-weight: 600; }
.resume dd { margin: 0; }
.mode { background: #f6f8fa; border: 1px solid var(--trait); padding: .6rem .9rem; border-radius: 6px; }
.cle { display: inline-block; width: 1.6em; height: .9em; vertical-align: middle; border: 2px solid; }
.cle.livrable { border-color: var(--livrable); } .cle.echeancier { border-color: var(--echeancier); }
article.livrable { display: grid; grid-template-columns: minmax(16rem, 1fr) minmax(0, 2.4fr); gap: 1rem;
                   border-top: 1px solid var(--trait); padding: .6rem 0; break-inside: avoid; }
article.livrable.attention { background: #fff8c5; }
article.livrable.corrige { background: #ddf4ff; }
.numero { font-weight: 600; }
.texte { white-space: pre-line; margin: .2rem 0 .4rem; }
dl.lu { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0; }
dl.lu dt { color: #57606a; } dl.lu dd { margin: 0; white-space: pre-line; }
.badge { display: inline-block; padding: 0 .4em; border-radius: 1em; font-size: .85em; border: 1px solid #999; }
.badge.retard, .badge.non-reconnu { border-color: #cf222e; color: #cf222e; }
.badge.corrige { border-color: #0969da; color: #0969da; }
figure { margin: 0; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--trait); margin-bottom: .3rem; }
figcaption { font-size: .8rem; color: #57606a; }
details { margin-top: .4rem; font-size: .85rem; }
pre { background: #f6f8fa; padding: .4rem .6rem; overflow-x: auto; }
ul.liste { margin: .3rem 0; padding-left: 1.2rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  details, .mode { display: none; }
  article.livrable { grid-template-columns: 1fr 2fr; }
  h2 { break-after: avoid; }
}
"""


def _png(image: Any) -> str:
    """A crop as a data URI: PNG in a small palette (text on paper needs few colours)."""
    tampon = io.BytesIO()
    image.quantize(colors=COULEURS_PALETTE).save(tampon, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(tampon.getvalue()).decode("ascii")


def _extrait(li: Livrable, n: int, rendu: ImagePage, x0: float, x1: float) -> Any:
    """The crop of page ``n`` for a livrable: the band of its livrable and échéancier cells,
    across the whole table, with those two cells outlined."""
    from PIL import ImageDraw

    e = rendu.echelle
    rangee = [c for c in li.cadres if c.page == n and c.role in ("livrable", "echeancier")]
    haut = max(0.0, min(c.top for c in rangee) - MARGE)
    bas = min(rendu.image.size[1] / e, max(c.bottom for c in rangee) + MARGE)
    image = rendu.image.crop((round(x0 * e), round(haut * e), round(x1 * e), round(bas * e)))
    d = ImageDraw.Draw(image)
    for c in rangee:
        d.rectangle([(c.x0 - x0) * e, (c.top - haut) * e, (c.x1 - x0) * e - 1, (c.bottom - haut) * e - 1],
                    outline=COULEURS[c.role], width=2)
    return image


def _etendue(bornes: tuple[float, float], largeur: float) -> tuple[float, float]:
    """A page's crop width: the table's extent (every box read there), widened to the right
    as much as the left margin (a column beyond the échéancier has no box of its own)."""
    x0, x1 = bornes
    gauche = max(0.0, x0 - MARGE)
    return gauche, min(largeur, max(x1 + MARGE, largeur - gauche))


Extrait = tuple[int, str, int, int]  # page, data URI, width, height


def _extraits(plan: Plan, pdf: Path, mot_de_passe: str | None, resolution: float) -> dict[int, list[Extrait]]:
    """id(livrable) → its crops, one per page its row lies on. Each page is rendered once
    and let go before the next (a 40-page edition never holds 40 page images)."""
    bornes: dict[int, tuple[float, float]] = {}
    besoins: dict[int, list[Livrable]] = {}
    for li in plan.livrables:
        for c in li.cadres:
            x0, x1 = bornes.get(c.page, (c.x0, c.x1))
            bornes[c.page] = (min(x0, c.x0), max(x1, c.x1))
        for n in sorted({c.page for c in li.cadres if c.role in ("livrable", "echeancier")}):
            besoins.setdefault(n, []).append(li)
    sortie: dict[int, list[Extrait]] = {}
    with document_pdfium(pdf, mot_de_passe) as doc:
        for n in sorted(besoins):
            if n > len(doc):
                continue
            rendu = rendre_page(doc, n, resolution)
            x0, x1 = _etendue(bornes[n], rendu.image.size[0] / rendu.echelle)
            for li in besoins[n]:
                image = _extrait(li, n, rendu, x0, x1)
                sortie.setdefault(id(li), []).append((n, _png(image), *image.size))
    return sortie


#: The fields of a correction, as a reader calls them.
CHAMPS = {"texte": "texte du livrable", "echeancier": "échéancier", "colonne": "colonne",
          "mesure_titre": "titre de la mesure", "mesure_numero": "numéro de la mesure",
          "action_titre": "titre de l’action", "action_numero": "numéro de l’action",
          "section_titre": "titre de la section", "objectif": "objectif"}


def _champ(c: dict[str, Any]) -> str:
    nom = CHAMPS.get(str(c.get("champ")), str(c.get("champ")))
    return f"{nom} « {c['colonne']} »" if c.get("colonne") else nom


def _fenetre(e: Echeance) -> str:
    if e.debut is None and e.fin is None:
        return "aucune fenêtre"
    debut = e.debut.isoformat() if e.debut else "…"
    fin = e.fin.isoformat() if e.fin else ("(ouverte)" if e.ouvert else "…")
    precision = f" ({e.precision})" if e.precision else ""
    return f"{debut} → {fin}{precision}"


def _toml(valeur: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(valeur, ensure_ascii=False)


def _correction(plan: Plan, li: Livrable) -> str:
    return "\n".join([
        "[[correction]]",
        f"edition = {_toml(plan.version)}",
        f"mesure = {_toml(li.mesure.numero)}",
        f"livrable = {li.numero}",
        'champ = "echeancier"   # ou "texte", "mesure_titre", "action_titre", "section_titre", "objectif"…',
        f"valeur = {_toml(li.echeance.texte)}   # la valeur telle qu’imprimée dans le PDF",
    ])


def _article(plan: Plan, li: Livrable, extraits: list[Extrait], corrections: list[dict[str, Any]]) -> str:
    e = li.echeance
    ident = f"{li.mesure.numero} · livrable {li.numero}"
    classes = ["livrable"]
    badges = []
    if e.non_reconnu:
        badges.append('<span class="badge non-reconnu">échéance non reconnue</span>')
    if e.en_retard:
        badges.append('<span class="badge retard">en retard</span>')
    if corrections:
        badges.append('<span class="badge corrige">corrigé</span>')
        classes.append("corrige")
    elif e.non_reconnu or not li.texte.strip():
        classes.append("attention")
    lignes = [
        ("Livrable", f'<p class="texte">{escape(li.texte)}</p>'),
        ("Échéancier", escape(e.texte) or "<em>vide</em>"),
        ("Fenêtre", escape(_fenetre(e))),
        ("Statut", escape(e.libelle_statut) + (" " + " ".join(badges) if badges else "")),
    ]
    if e.condition:
        lignes.append(("Condition", escape(e.condition)))
    if e.recurrence:
        lignes.append(("Répétition", escape(e.recurrence)))
    for cle, valeur in li.colonnes_supplementaires.items():
        lignes.append((escape(cle), escape(valeur)))
    for c in corrections:
        lignes.append(("Corrigé", f"{escape(_champ(c))} : lu « {escape(str(c.get('avant')))} »"))
    dl = "".join(f"<dt>{t}</dt><dd>{v}</dd>" for t, v in lignes)
    if extraits:
        figures = "".join(f'<img src="{uri}" width="{w}" height="{h}" alt="Extrait de la page {n} : {escape(ident)}">'
                          for n, uri, w, h in extraits)
        pages = ", ".join(str(n) for n, *_ in extraits)
        figure = f'<figure>{figures}<figcaption>Page {pages} du PDF</figcaption></figure>'
    else:
        figure = '<figure><figcaption>Aucun cadre : ce livrable n’a pas de position dans le PDF.</figcaption></figure>'
    return (f'<article class="{" ".join(classes)}" id="l-{escape(li.mesure.numero)}-{li.numero}" '
            f'data-mesure="{escape(li.mesure.numero)}" data-livrable="{li.numero}">'
            f'<div><p class="numero">{escape(ident)} — page {li.page or "?"}</p><dl class="lu">{dl}</dl>'
            f'<details><summary>Corriger cette ligne</summary><pre>{escape(_correction(plan, li))}</pre>'
            f'</details></div>{figure}</article>')


def _resume(plan: Plan, pdf: Path) -> str:
    q = plan.qualite
    d = plan.document
    lignes = [("Fichier", escape(pdf.name) + (f" (sha256 {escape(d.source.sha256[:12])}…)" if d.source else ""))]
    if q is not None:
        c = q.comptes
        lignes.append(("Lu", f"{c.get('sections', 0)} sections, {c.get('actions', 0)} actions, "
                             f"{c.get('mesures', 0)} mesures, {c.get('livrables', 0)} livrables"))
        strategies = ", ".join(f"p. {k} : {v or 'aucune'}" for k, v in sorted(q.strategies.items()))
        lignes.append(("Stratégies", escape(strategies)))
    corps = "".join(f"<dt>{t}</dt><dd>{v}</dd>" for t, v in lignes)
    html = [f'<dl class="resume">{corps}</dl>']
    if q is not None and q.avertissements:
        items = "".join(f"<li>{'p. ' + str(a.page) + ' — ' if a.page else ''}{escape(a.type)} : "
                        f"{escape(a.message)}</li>" for a in q.avertissements)
        html.append(f"<h3>Avertissements ({len(q.avertissements)})</h3><ul class=\"liste\">{items}</ul>")
    if q is not None and q.echeances_non_reconnues:
        items = "".join(f"<li>{escape(n.mesure)} · livrable {n.livrable_no} : « {escape(n.texte)} »</li>"
                        for n in q.echeances_non_reconnues)
        html.append(f"<h3>Échéances non reconnues ({len(q.echeances_non_reconnues)})</h3>"
                    f"<ul class=\"liste\">{items}</ul>")
    corrections = (q.extras.get("corrections") if q is not None else None) or []
    if corrections:
        items = "".join(f"<li>{escape(str(c.get('mesure')))}"
                        f"{' · livrable ' + str(c['livrable_no']) if c.get('livrable_no') else ''} — "
                        f"{escape(_champ(c))} : « {escape(str(c.get('avant')))} » → "
                        f"« {escape(str(c.get('apres')))} »</li>" for c in corrections)
        html.append(f"<h3>Corrections appliquées ({len(corrections)})</h3><ul class=\"liste\">{items}</ul>")
    return "".join(html)


def rendre_verification(plan: Plan, pdf: Path, mot_de_passe: str | None = None,
                        resolution: float = RESOLUTION) -> str:
    """The page, as one string of HTML, for ``plan`` read from ``pdf``."""
    extraits = _extraits(plan, pdf, mot_de_passe, resolution)
    q = plan.qualite
    corrections = (q.extras.get("corrections") if q is not None else None) or []
    par_livrable: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for c in corrections:
        if c.get("livrable_no"):
            par_livrable.setdefault((str(c.get("mesure")), int(c["livrable_no"])), []).append(c)
    corps: list[str] = []
    for s in plan.sections:
        corps.append(f"<h2>{escape(s.code)}. {escape(s.titre)}</h2>")
        if s.objectif:
            corps.append(f'<p class="objectif">{escape(s.objectif)}</p>')
        for a in s.actions:
            corps.append(f"<h3>Action {escape(a.numero)} — {escape(a.titre)}</h3>")
            for m in a.mesures:
                corps.append(f"<h4>Mesure {escape(m.numero)} — {escape(m.titre)}</h4>")
                for li in m.livrables:
                    corps.append(_article(plan, li, extraits.get(id(li), []),
                                          par_livrable.get((m.numero, li.numero), [])))
    d = plan.document
    titre = f"Vérification de l’édition {d.version}"
    mode = ('<p class="mode">Chaque livrable lu est présenté à côté de l’extrait de la page d’où il vient : '
            '<span class="cle livrable"></span> sa cellule, <span class="cle echeancier"></span> son échéancier. '
            'Comparez la ligne à l’extrait ; si une cellule a été mal lue, copiez le bloc « Corriger cette ligne » '
            'dans <code>sources/corrections.toml</code>, mettez le bon champ et la valeur imprimée, puis relancez '
            '<code>make extract</code> : la correction est appliquée à chaque extraction et listée dans '
            '<code>plan.json</code> → <code>qualite.corrections</code>.</p>')
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(titre)}</title><style>{CSS}</style></head><body>"
            f"<h1>{escape(titre)}</h1>"
            f'<p class="meta">{escape(d.titre)} — {escape(d.libelle_version or d.version)}</p>'
            f"{_resume(plan, pdf)}{mode}{''.join(corps)}</body></html>\n")


def ecrire_verification(plan: Plan, pdf: Path, dossier: Path, mot_de_passe: str | None = None) -> Path:
    """Write ``dossier/verification.html`` atomically; raises ``EcritureImpossible``."""
    from pamam.erreurs import EcritureImpossible
    from pamam.fichiers import ecrire_atomique

    cible = dossier / "verification.html"
    html = rendre_verification(plan, pdf, mot_de_passe)
    try:
        dossier.mkdir(parents=True, exist_ok=True)
        ecrire_atomique(cible, html)
    except OSError as e:
        raise EcritureImpossible.depuis(dossier, e) from None
    return cible


__all__ = ["ecrire_verification", "rendre_verification"]
