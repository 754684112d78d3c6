"""One picture per page of what the extractor saw (``pamam inspecte``).

Over the rendered page: each table zone (its header band shaded), the gutters between its
columns, the start of each row, every cell filled with the colour of its column's role,
each livrable cell labelled with the number it got in ``plan.json`` (« 4.2 · 1 »: measure
4.2, livrable 1 — what a correction names), the lines outside the tables by what they
were read as, and the lines set aside (running heads, page numbers) struck out. Below the
page, a legend in French: the strategy chosen and its score, the zones and their columns,
what was set aside, the page's warnings, and the colours.

The fills are translucent so the words stay readable; a role's fill over white paper is
``rendu.teinte(role)``, which the tests look for at the centre of a known cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extraction.inspection import DocumentVu, PageVue
from extraction.modele import Grille
from pamam.inspection.rendu import COULEURS, LIBELLES, OPACITE, ImagePage, police

STRATEGIES: dict[str, str] = {
    "reglee": "réglée (cellules d’après les traits du tableau)",
    "alignement": "alignement (sans bordures : colonnes d’après les gouttières, rangées d’après l’interligne)",
    "alignement-centre": "alignement, cellules fusionnées centrées (chacune répartie sur les rangées dont elle "
                         "occupe le milieu)",
}

ROLES_COLONNES = ("action", "mesure", "livrable", "echeancier", "autre")


def _nombre(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def _strategie(code: str | None) -> str:
    if not code:
        return "aucune"
    return " + ".join(STRATEGIES.get(c, c) for c in code.split("+"))


def _etendue(g: Grille, largeur: float) -> tuple[float, float]:
    """The zone's horizontal extent, kept on the page (a strategy may leave the outer
    columns open towards the page's edges)."""
    return max(0.0, g.colonnes[0].x0), min(largeur, g.colonnes[-1].x1)


def _tiret(d: Any, debut: tuple[float, float], fin: tuple[float, float], couleur: tuple[int, ...],
           largeur: int, pas: float) -> None:
    """A dashed straight line (Pillow draws only plain ones)."""
    (x0, y0), (x1, y1) = debut, fin
    longueur = max(abs(x1 - x0), abs(y1 - y0))
    n = max(1, int(longueur / pas))
    for k in range(0, n, 2):
        a, b = k / n, min(1.0, (k + 1) / n)
        d.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
               fill=couleur, width=largeur)


def _etiquette(d: Any, xy: tuple[float, float], texte: str, couleur: tuple[int, int, int], taille: int,
               ancre_bas: bool = False) -> None:
    """A small tag: the text on a white box edged with ``couleur``."""
    f = police(taille)
    x, y = xy
    g, h, dr, b = d.textbbox((0, 0), texte, font=f)
    w, hauteur = dr - g + 6, b - h + 4
    if ancre_bas:
        y -= hauteur
    d.rectangle([x, y, x + w, y + hauteur], fill=(255, 255, 255, 235), outline=couleur + (255,), width=1)
    d.text((x + 3 - g, y + 2 - h), texte, font=f, fill=(0, 0, 0, 255))


def _livrables_de_la_page(document: DocumentVu, numero: int) -> list[tuple[str, Any]]:
    """(label, box) of each livrable cell on the page, numbered as in plan.json."""
    sortie = []
    for s in document.sections:
        for a in s.actions:
            for m in a.mesures:
                for i, li in enumerate(m.livrables, 1):
                    for c in li.cadres:
                        if c.page == numero and c.role == "livrable":
                            sortie.append((f"{m.numero} · {i}", c))
    return sortie


def dessiner_page(vue: PageVue, rendu: ImagePage, document: DocumentVu) -> Any:
    """The page image with what the extractor saw drawn over it, and the legend below."""
    from PIL import Image, ImageDraw

    page = rendu.image.convert("RGBA")
    e = rendu.echelle
    calque = Image.new("RGBA", page.size, (0, 0, 0, 0))
    fonds = ImageDraw.Draw(calque)
    # 1. Fills: header bands, cells by role, lines outside the tables.
    for g in vue.grilles:
        x0, x1 = _etendue(g, vue.largeur)
        if g.top_entete is not None:
            fonds.rectangle([x0 * e, g.top_entete * e, x1 * e, g.top * e], fill=COULEURS["entete"] + (OPACITE,))
        for c in g.cellules:
            col = g.colonnes[c.colonne]
            role = col.role if col.role in ROLES_COLONNES else "autre"
            cx0, cx1 = max(col.x0, x0), min(col.x1, x1)
            opacite = OPACITE if c.lignes else OPACITE // 3
            fonds.rectangle([cx0 * e + 1, c.top * e + 1, cx1 * e - 1, c.bottom * e - 1],
                            fill=COULEURS[role] + (opacite,))
        for b in g.bandes:  # actions printed as band rows across the table
            fonds.rectangle([x0 * e + 1, b.top * e - 1, x1 * e - 1, b.bottom * e + 1],
                            fill=COULEURS["action"] + (OPACITE,))
    for lv in vue.lignes:
        li = lv.ligne
        fonds.rectangle([(li.x0 - 1) * e, (li.top - 1) * e, (li.x1 + 1) * e, (li.bottom + 1) * e],
                        fill=COULEURS[lv.role] + (OPACITE,))
    page = Image.alpha_composite(page, calque)
    # 2. Strokes and tags, opaque, over the fills.
    d = ImageDraw.Draw(page)
    petite = max(9, round(6.5 * e))
    livrables = _livrables_de_la_page(document, vue.numero)
    for g in vue.grilles:
        x0, x1 = _etendue(g, vue.largeur)
        for c in g.cellules:
            col = g.colonnes[c.colonne]
            if not c.lignes:
                continue
            role = col.role if col.role in ROLES_COLONNES else "autre"
            cx0, cx1 = max(col.x0, x0), min(col.x1, x1)
            d.rectangle([cx0 * e + 2, c.top * e + 2, cx1 * e - 2, c.bottom * e - 2], outline=COULEURS[role] + (255,),
                        width=1)
        # Row starts: the top of each livrable cell, across the zone, tagged in the margin with
        # the livrable it became (or its rank, for the rest of a row cut by the page break).
        i_liv = g.colonne("livrable")
        tops = sorted({round(c.top, 1) for c in g.cellules if c.colonne == i_liv and c.lignes})
        for k, t in enumerate(tops, 1):
            _tiret(d, (x0 * e, t * e), (x1 * e, t * e), COULEURS["rangee"] + (255,), 1, 6)
            nom = next((n for n, c in livrables if abs(c.top - t) < 3 and x0 - 1 <= c.x0 <= x1), None)
            texte = nom or str(k)
            w = d.textlength(texte, font=police(petite)) + 10
            _etiquette(d, (max(0.0, x0 * e - w), t * e), texte, COULEURS["livrable" if nom else "rangee"], petite)
        # Gutters between columns.
        haut = g.top if g.top_entete is None else g.top_entete
        for col in g.colonnes[1:]:
            _tiret(d, (col.x0 * e, haut * e), (col.x0 * e, g.bottom * e), COULEURS["gouttiere"] + (255,), 2, 5)
        # The zone, and the role each column was given.
        d.rectangle([x0 * e, haut * e, x1 * e, g.bottom * e], outline=COULEURS["zone"] + (255,), width=3)
        for col in g.colonnes:
            role = col.role if col.role in ROLES_COLONNES else "autre"
            nom = LIBELLES[role].split(" (")[0]
            w = d.textlength(nom, font=police(petite)) + 10
            _etiquette(d, (min(col.x1, x1) * e - w - 3, haut * e - 1), nom, COULEURS[role], petite, ancre_bas=True)
    for k, g in enumerate(vue.grilles, 1):
        x0, _ = _etendue(g, vue.largeur)
        haut = g.top if g.top_entete is None else g.top_entete
        suite = "avec en-tête" if g.top_entete is not None else "suite sans en-tête"
        _etiquette(d, (x0 * e, haut * e - 1), f"zone {k} · {g.strategie} · {suite}", COULEURS["zone"],
                   petite, ancre_bas=True)
    for lv in vue.lignes:
        li = lv.ligne
        if lv.role in ("ligne_courante", "numero_de_page"):
            boite = [(li.x0 - 1) * e, (li.top - 1) * e, (li.x1 + 1) * e, (li.bottom + 1) * e]
            d.rectangle(boite, outline=COULEURS[lv.role] + (255,), width=2)
            milieu = (boite[1] + boite[3]) / 2
            d.line([boite[0], milieu, boite[2], milieu], fill=COULEURS[lv.role] + (255,), width=2)
            mot = "retirée" if lv.role == "ligne_courante" else "ignoré"
            _etiquette(d, (boite[2] + 3, boite[1]), mot, COULEURS[lv.role], petite)
        elif lv.role == "hors_tableau":
            d.rectangle([(li.x0 - 1) * e, (li.top - 1) * e, (li.x1 + 1) * e, (li.bottom + 1) * e],
                        outline=COULEURS["hors_tableau"] + (255,), width=2)
    legende = _legende(vue, document, page.size[0], max(12, round(8.5 * e)), rendu.rotation)
    sortie = Image.new("RGB", (page.size[0], page.size[1] + legende.size[1]), (255, 255, 255))
    sortie.paste(page.convert("RGB"), (0, 0))
    sortie.paste(legende, (0, page.size[1]))
    return sortie


def _couper(texte: str, f: Any, largeur: float) -> list[str]:
    """Wrap ``texte`` to ``largeur`` pixels in font ``f``."""
    lignes: list[str] = []
    courante = ""
    for mot in texte.split(" "):
        essai = f"{courante} {mot}" if courante else mot
        if courante and f.getlength(essai) > largeur:
            lignes.append(courante)
            courante = mot
        else:
            courante = essai
    if courante:
        lignes.append(courante)
    return lignes


def _phrases(vue: PageVue, document: DocumentVu, rotation: int) -> list[tuple[str, bool]]:
    """The legend's sentences, (text, bold)."""
    entete = f"Page {vue.numero} sur {document.nb_pages} — {document.chemin.name}"
    if vue.ocr:
        entete += " — mots lus par OCR (tesseract)"
    if rotation:
        entete += f" — page pivotée (/Rotate {rotation}), dessinée dans le sens de lecture"
    phrases: list[tuple[str, bool]] = [(entete, True)]
    if not vue.mise_en_page.mots:
        phrases.append(("Aucun mot lu sur cette page (page numérisée ? relancez avec --ocr).", False))
    if vue.grilles:
        score = "—" if vue.qualite is None else _nombre(vue.qualite)
        phrases.append((f"Stratégie retenue : {_strategie(vue.strategie)} ; score de qualité {score} sur 1 (le plus "
                        "faible des zones de la page : mots à cheval sur deux colonnes, lignes coupées par une "
                        "cellule, numéros absents en tête des actions et des mesures, colonne des livrables vide "
                        "le font baisser).", False))
    else:
        phrases.append(("Aucun tableau lu sur cette page (pas d’en-tête ACTION / MISE EN ŒUVRE / LIVRABLE / "
                        "ÉCHÉANCIER, ni suite d’un tableau de la page précédente).", False))
    for k, g in enumerate(vue.grilles, 1):
        colonnes = " | ".join(f"« {c.entete} » → {LIBELLES.get(c.role, c.role).split(' (')[0]}" for c in g.colonnes)
        i_liv = g.colonne("livrable")
        rangees = len({round(c.top, 1) for c in g.cellules if c.colonne == i_liv and c.lignes})
        debut = "en-tête en haut" if g.top_entete is not None else "suite du tableau de la page précédente"
        phrases.append((f"Zone {k} ({g.strategie}, {debut}) : {colonnes} ; {rangees} rangée(s) de livrables.",
                        False))
    retirees = [lv.ligne.texte for lv in vue.lignes if lv.role == "ligne_courante"]
    pieds = [lv.ligne.texte for lv in vue.lignes if lv.role == "numero_de_page"]
    if retirees or pieds:
        parties = []
        if retirees:
            parties.append(f"{len(retirees)} ligne(s) courante(s) retirée(s) ("
                           + ", ".join(f"« {t[:60]} »" for t in retirees[:4]) + ")")
        if pieds:
            parties.append(f"{len(pieds)} numéro(s) de page ignoré(s) (" + ", ".join(f"« {t} »" for t in pieds) + ")")
        phrases.append(("Mis de côté avant la lecture des tableaux : " + " ; ".join(parties) + ".", False))
    for a in vue.avertissements[:8]:
        phrases.append((f"Avertissement {a.type} : {a.message}", False))
    if len(vue.avertissements) > 8:
        phrases.append((f"… et {len(vue.avertissements) - 8} autre(s) avertissement(s) (plan.json → qualite).", False))
    return phrases


def _legende(vue: PageVue, document: DocumentVu, largeur: int, taille: int, rotation: int) -> Any:
    """The legend under the page: sentences, then a swatch for every colour used."""
    from PIL import Image, ImageDraw

    marge = taille
    f, fg = police(taille), police(taille, grasse=True)
    interligne = round(taille * 1.35)
    blocs: list[tuple[str, Any]] = []
    for texte, gras in _phrases(vue, document, rotation):
        fonte = fg if gras else f
        blocs += [(li, fonte) for li in _couper(texte, fonte, largeur - 2 * marge)]
    roles = ["section", "objectif", "couverture", "entete", "action", "mesure", "livrable", "echeancier", "autre",
             "hors_tableau", "ligne_courante", "numero_de_page", "zone", "gouttiere", "rangee"]
    case = taille
    largeurs = [case + 6 + f.getlength(LIBELLES[r]) + 2 * taille for r in roles]
    rangs: list[list[int]] = [[]]
    x = 0.0
    for i, w in enumerate(largeurs):
        if x + w > largeur - 2 * marge and rangs[-1]:
            rangs.append([])
            x = 0.0
        rangs[-1].append(i)
        x += w
    hauteur = marge + len(blocs) * interligne + taille // 2 + len(rangs) * interligne + marge
    image = Image.new("RGB", (largeur, hauteur), (255, 255, 255))
    d = ImageDraw.Draw(image)
    d.line([0, 0, largeur, 0], fill=(120, 120, 120), width=2)
    y = marge
    for texte, fonte in blocs:
        d.text((marge, y), texte, font=fonte, fill=(0, 0, 0))
        y += interligne
    y += taille // 2
    for rang in rangs:
        x = marge
        for i in rang:
            r = roles[i]
            boite = [x, y + 2, x + case, y + 2 + case]
            if r in ("zone", "gouttiere", "rangee"):
                milieu = y + 2 + case / 2
                d.line([x, milieu, x + case, milieu], fill=COULEURS[r], width=3 if r == "zone" else 2)
            else:
                a = OPACITE / 255
                teinte = tuple(round(c * a + 255 * (1 - a)) for c in COULEURS[r])
                d.rectangle(boite, fill=teinte, outline=COULEURS[r], width=2)
            d.text((x + case + 6, y), LIBELLES[r], font=f, fill=(0, 0, 0))
            x += largeurs[i]
        y += interligne
    return image


def ecrire_images(document: DocumentVu, numeros: list[int], dossier: Path, resolution: float = 100,
                  mot_de_passe: str | None = None) -> list[Path]:
    """Write ``dossier/page-NNN.png`` for each page of ``numeros``; the paths written, in order.

    Each file is written atomically (an interrupted run leaves no half image). Raises
    ``EcritureImpossible`` when the folder cannot be written.
    """
    import io

    from pamam.erreurs import EcritureImpossible
    from pamam.fichiers import ecrire_atomique
    from pamam.inspection.rendu import document_pdfium, rendre_page

    vues = {v.numero: v for v in document.pages}
    ecrits = []
    with document_pdfium(document.chemin, mot_de_passe) as pdf:
        for n in numeros:
            image = dessiner_page(vues[n], rendre_page(pdf, n, resolution), document)
            tampon = io.BytesIO()
            image.save(tampon, format="PNG", compress_level=3)  # as small as 6 here, faster
            cible = dossier / f"page-{n:03d}.png"
            try:
                dossier.mkdir(parents=True, exist_ok=True)
                ecrire_atomique(cible, tampon.getvalue())
            except OSError as e:
                raise EcritureImpossible.depuis(dossier, e) from None
            ecrits.append(cible)
    return ecrits


__all__ = ["dessiner_page", "ecrire_images"]
