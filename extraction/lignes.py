"""Words → lines → cell text, undoing the wrapping but keeping real line breaks.

The contract wants wrapped lines joined by one space, a wrap after a compound's hyphen
joined with no space ("Transports-" + "Municipalités"), a hyphen that automatic
hyphenation added removed ("pra-" + "tiques" → "pratiques"), and list items on their own
lines. Whether a break was a wrap or deliberate is a layout question: if the next line's
first word would have fitted at the end of the previous line, the author broke the line.
Which hyphen is which is a question of language and of the document's own spelling:
``extraction.cesure`` decides it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extraction.cesure import TRAITS, garder_trait
from extraction.modele import Ligne, Mot
from extraction.vocabulaire import puce_en_tete

LARGEUR_ESPACE = 0.28  # width of a space, as a fraction of the font size


def grouper_en_lignes(mots: Iterable[Mot]) -> list[Ligne]:
    """Group words into lines: a word joins a line when its middle lies within the line.

    Each line's vertical extent is kept up to date beside it (``Ligne.top``/``bottom``
    would rescan its words for every word tested): same min/max, so the same lines.
    """
    lignes: list[Ligne] = []
    bornes: list[list[float]] = []  # [top, bottom] of each line, as Ligne.top/bottom would give
    for mot in sorted(mots, key=lambda m: (m.top, m.x0)):
        milieu = (mot.top + mot.bottom) / 2
        cible = -1
        for k in range(len(lignes) - 1, max(len(lignes) - 4, -1), -1):
            haut, bas = bornes[k]
            if haut - 0.5 <= milieu <= bas + 0.5:
                cible = k
                break
        if cible < 0:
            lignes.append(Ligne([mot]))
            bornes.append([mot.top, mot.bottom])
        else:
            lignes[cible].mots.append(mot)
            b = bornes[cible]
            if mot.top < b[0]:
                b[0] = mot.top
            if mot.bottom > b[1]:
                b[1] = mot.bottom
    for ligne in lignes:
        ligne.mots.sort(key=lambda m: m.x0)
    lignes.sort(key=lambda li: li.top)
    return lignes


def _est_puce(texte: str) -> tuple[bool, bool]:
    """(starts with a strong marker, starts with a weak marker) for a line's text."""
    return puce_en_tete(texte)


# French punctuation set after a (no-break) space: it never starts a line, so it travels
# with the word before it ("routière :" had to fit, not just "routière").
_JAMAIS_EN_DEBUT = frozenset({":", ";", "!", "?", "»"})


def _premiere_unite(ligne: Ligne) -> float:
    """Width of what would have had to fit: the first word, or a dash and its word, with
    the spaced punctuation that cannot be left at the start of the next line."""
    mots = ligne.mots
    fin = 0
    if len(mots) > 1 and len(mots[0].texte) == 1 and not mots[0].texte.isalnum():
        fin = 1
    while fin + 1 < len(mots) and mots[fin + 1].texte in _JAMAIS_EN_DEBUT:
        fin += 1
    return mots[fin].x1 - mots[0].x0


# A line ending on a year followed by a capitalised line: a list of dated milestones
# ("… : automne 2023" / "Déploiement … : 2025") written one per line.
_FIN_FORTE = re.compile(r"\d{4}$")


def coupure_voulue(precedente: Ligne, suivante: Ligne, largeur: float | None) -> bool:
    """True when the break between two lines of one cell was made by the author."""
    forte, faible = _est_puce(suivante.texte)
    if forte:
        return True
    prec = precedente.texte.rstrip()
    prec_puce = any(_est_puce(prec))
    if faible and (prec.endswith(":") or prec_puce):
        return True
    if prec_puce and not faible:
        # A list item's continuation wraps under its own text, indented past the marker.
        return False
    if _FIN_FORTE.search(prec) and suivante.texte[:1].isupper():
        return True
    if _FIN_TRAIT.search(prec) and suivante.texte[:1].islower():
        return False  # a word broken at a hyphen goes on: the typesetter's wrap, whatever room was left
    if largeur:
        espace = LARGEUR_ESPACE * precedente.taille
        if precedente.largeur + espace + _premiere_unite(suivante) < largeur - 0.5:
            return True
    return False


_FIN_TRAIT = re.compile(r"\w[" + TRAITS + r"]$")


def recoller(avant: str, apres: str) -> str | None:
    """``avant`` + ``apres`` across a wrap after a hyphen ("-", U+2010 or a soft hyphen
    U+00AD, after a letter or digit, before a letter or digit): no space, the hyphen kept
    when it is a compound's, removed when hyphenation added it. None: not such a wrap."""
    if not apres[:1].isalnum() or not _FIN_TRAIT.search(avant):
        return None
    gauche = avant.rsplit(None, 1)[-1]
    droite = apres.split(None, 1)[0]
    if garder_trait(gauche, droite):
        return avant + apres
    return avant[:-1] + apres


def joindre(lignes: list[Ligne], largeur: float | None = None) -> str:
    """Text of a cell: wraps become spaces, deliberate breaks stay as "\\n"."""
    if not lignes:
        return ""
    morceaux = [lignes[0].texte.strip()]
    for prec, suiv in zip(lignes, lignes[1:], strict=False):
        texte = suiv.texte.strip()
        if coupure_voulue(prec, suiv, largeur):
            morceaux.append("\n" + texte)
        elif (recolle := recoller(morceaux[-1], texte)) is not None:
            morceaux[-1] = recolle
        else:
            morceaux.append(" " + texte)
    return "".join(morceaux)


def joindre_textes(avant: str, apres: str) -> str:
    """Join a cell's text with its continuation on the next page, as a wrap would be."""
    if not avant:
        return apres
    if not apres:
        return avant
    forte, faible = _est_puce(apres)
    derniere = avant.rsplit("\n", 1)[-1]
    if forte or (faible and (avant.rstrip().endswith(":") or any(_est_puce(derniere)))):
        return avant + "\n" + apres
    recolle = recoller(avant, apres)
    return avant + " " + apres if recolle is None else recolle
