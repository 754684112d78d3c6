"""Character corrections of recognised words: tesseract's systematic confusions put right
from the page itself (glyph widths, what the document shows elsewhere), never from expected
wording."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from extraction.ocr.hocr import MotReconnu

# --- character corrections -----------------------------------------------------------------------

_TIRETS = set("-‐‑–—―_")
_TIRET_EN_DEUX = re.compile(r"(?<=\w)ÿ[-‐]")  # a long dash inside a word read as two glyphs, "ÿ-": "–"
_NUMERO = re.compile(r"^\d{1,2}(?:(?:\.\d{1,2}){1,2}\.?|[.)])$")  # "1.", "1.1", "2)": a numbered title's number
_MESURE = re.compile(r"^\d{1,2}\.\d{1,2}$")  # "1.1": a measure's number
_I_MINUSCULE = re.compile(r"^(?:i|l(?=[^aeiouyéèêâîôûà’'\W]))\w")  # "instaurer", "lmplanter": an I read small
_MOIS = frozenset(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                   "novembre", "décembre"))
LISTE_MIN = 0.6  # width / font size from which a dash opening a line is the list marker "―"
_APOSTROPHES = "'‘`´’"
_APOSTROPHE_DANS_MOT = re.compile(rf"(?<=\w)[{_APOSTROPHES}]+(?=\w)")
_APOSTROPHES_REPETEES = re.compile(rf"[{_APOSTROPHES}]{{2,}}")


def apostrophe_du_document(textes: Sequence[str]) -> str:
    """The apostrophe the printed document uses, judged from what tesseract read.

    Tesseract reads a typographic ’ sometimes as ’ and often as the ASCII ' (its models see
    both shapes at scan resolution), but never turns a printed straight ' into a curly ’.
    So one word-internal ’ anywhere in the document means the print is typographic, and
    every word-internal apostrophe is then written ’; otherwise the ASCII ' is kept.
    """
    for t in textes:
        if re.search(r"\w’\w", t):
            return "’"
    return "'"


def corriger_mots(mots: list[MotReconnu], apostrophe: str) -> None:
    """Undo tesseract's systematic confusions, in place, from the page's own evidence.

    * Apostrophes: a run of apostrophe look-alikes inside a word ("d’'ententes") is one
      apostrophe, written as the document's (``apostrophe_du_document``).
    * Two confusions the genre's typography settles: the word after a line's opening
      number ("1.1", "2.") starts a title, so with a capital ("instaurer" → "Instaurer",
      "lmplanter" → "Implanter"); "ler" or "Ier" before a month is "1er"; "À." opening a
      line before capitals is the section letter "A."; a two-digit number opening a line
      where the page's "1.1"-style numbers open theirs, before a capital, lost its dot
      ("12" → "1.2"); "ÿ-" inside a word is a long dash read as two glyphs: "–".
    * A word that is only a vertical bar is a table ruling read as a glyph: dropped (the
      rulings are redrawn from the image); a bar glued to either end of a word, removed.
    * A word that is only a dash is classified by its printed width, which tesseract
      measures reliably, rather than by the glyph it guessed: about one em (the line's
      font size) is "—"; opening a line, from ``LISTE_MIN`` of an em, it is the list
      marker "―" (U+2015: some fonts, Carlito for one, draw it 0.9 em wide, and
      tesseract's box is the ink's); about half an em is "–"; narrower is "-".
    """
    garder: list[MotReconnu] = []
    premiere_de_ligne: set[int] = set()
    vues: set[int] = set()
    ordre = sorted(mots, key=lambda m: (m.ligne, m.x0))
    for m in ordre:
        if m.ligne not in vues:
            vues.add(m.ligne)
            premiere_de_ligne.add(id(m))
    # Mean letter width of each line, from its words (dashes and bars aside), when it has
    # enough letters to tell.
    lettres: dict[int, list[float]] = {}
    for m in ordre:
        if len(m.texte) >= 3 and any(c.isalnum() for c in m.texte):
            somme = lettres.setdefault(m.ligne, [0.0, 0.0])
            somme[0] += m.x1 - m.x0
            somme[1] += len(m.texte)
    chasses = {ligne: largeur / n for ligne, (largeur, n) in lettres.items() if n >= 12}
    # Where the page's numbered titles start ("1.1 …" opening a line): a two-digit number
    # opening a line there, before a capital, is one whose dot tesseract dropped ("12").
    numerotes = [m.x0 for m in ordre if id(m) in premiere_de_ligne and _MESURE.match(m.texte)]
    for avant, m in zip(ordre, ordre[1:], strict=False):
        if (avant.ligne == m.ligne and id(avant) in premiere_de_ligne and re.fullmatch(r"\d\d", avant.texte)
                and m.texte[:1].isupper() and any(abs(x - avant.x0) <= 0.5 * avant.taille for x in numerotes)):
            avant.texte = avant.texte[0] + "." + avant.texte[1]
    for avant, m in zip(ordre, ordre[1:], strict=False):
        if avant.ligne != m.ligne:
            continue
        if id(avant) in premiere_de_ligne and avant.texte in ("À.", "À)") and m.texte[:1].isupper():
            avant.texte = "A" + avant.texte[1:]  # a section's letter: "A. TITRE", read with the accent of "À"
        elif id(avant) in premiere_de_ligne and _NUMERO.match(avant.texte) and _I_MINUSCULE.match(m.texte):
            m.texte = "I" + m.texte[1:]  # a numbered title starts with a capital: "1.1 instaurer" read "i" for "I"
        elif avant.texte in ("ler", "Ier", "1er") and m.texte.lower() in _MOIS:
            avant.texte = "1er"  # "1er avril": the figure read as a letter
    for m in mots:
        t = m.texte
        if set(t) <= {"|", "¦"}:
            continue
        if t[:1] in "|¦" or t[-1:] in "|¦":
            # A ruling read as a bar glued to the word beside it: the bar goes, and the
            # word's box shrinks by its share.
            part = (m.x1 - m.x0) / len(t)
            if t[:1] in "|¦":
                t, m.x0 = t[1:], m.x0 + part
            if t[-1:] in "|¦":
                t, m.x1 = t[:-1], m.x1 - part
        if t and set(t) <= _TIRETS:
            largeur = (m.x1 - m.x0) / m.taille
            chasse = chasses.get(m.ligne)
            if id(m) in premiere_de_ligne and largeur >= LISTE_MIN:
                t = "―"  # a long dash opening a line: the list marker, drawn a little narrower by some fonts
            elif chasse is not None:
                # Inside a line, the letters beside it are a steadier yardstick than the
                # line's estimated size: about one letter wide is "–", two is "—".
                relative = (m.x1 - m.x0) / chasse
                t = "—" if relative >= 1.6 else "–" if relative >= 0.5 else "-"
            elif largeur >= 0.75:
                t = "—"
            elif largeur >= 0.4:
                t = "–"
            else:
                t = "-"
        else:
            t = _APOSTROPHES_REPETEES.sub(apostrophe, t)
            t = _APOSTROPHE_DANS_MOT.sub(apostrophe, t)
            t = _TIRET_EN_DEUX.sub("–", t)
        m.texte = t
        garder.append(m)
    mots[:] = garder


_E_SANS_ACCENT = re.compile(r"^(E)([a-zà-ÿœ’'-]+)([.,;:!?)»]*)$")


@cache
def _lexique() -> Any | None:
    """A French word list (pyspellchecker's), or None when it is not installed: the accent
    correction is then skipped, the rest of the OCR works the same."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    return SpellChecker(language="fr", distance=1)


def rendre_accents(mots: list[MotReconnu], lexique: Any | None = None) -> None:
    """Tesseract often reads a capital "É" as "E" ("Elaborer", "Etablir"). A word opening
    with "E" that French does not know, while it knows it with "é", gets its accent back;
    every other word stays as read (names, words French knows either way)."""
    lexique = lexique if lexique is not None else _lexique()
    if lexique is None:
        return
    for m in mots:
        trouve = _E_SANS_ACCENT.match(m.texte)
        if trouve is None:
            continue
        reste = trouve.group(2).lower()
        if ("e" + reste) not in lexique and ("é" + reste) in lexique:
            m.texte = "É" + trouve.group(2) + trouve.group(3)
