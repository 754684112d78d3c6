"""Folding: the one comparable form of a phrase, with a map back to the printed text.

Why: a deadline is printed "Été 2025", "ete 2025", "ÉTÉ 2025¹" or "Automne 2025 – Dès…"
with ’ or ', any dash and any spacing; the grammar is written once, for one form (lower
case, no accents, "'" and "-", single spaces, no footnote marks). The map keeps, for each
folded character, its index in the printed text, so that a condition or a milestone label
can be handed back exactly as printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = frozenset("’‘‚‛ʼʻ`´′ʹ")
_TIRETS = frozenset("‐‑‒–—―−⁃﹘﹣－")
# Footnote marks: superscript digits (before NFKD would turn them into plain digits) and signs.
_APPELS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹*†‡")
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}

# A footnote call written inline: "(1)", "[2]", "()" left by a deleted "(*)".
_APPEL_ENTRE_PARENTHESES = re.compile(r" ?(?:\(\d{1,2}\)|\[\d{1,2}\]|\( ?\)|\[ ?\])")
# "2025 - 2026", "2025 -2026" and "2025 / 2026" are "2025-2026" / "2025/2026": one span of
# years, not two segments.
_TIRET_ENTRE_ANNEES = re.compile(r"(?<=\d{4})(?P<a> ?)[-/](?P<b> ?)(?=\d{2})")
# A year glued to the word before it ("Automne2025"): a typo a reader does not even notice.
_LETTRE_PUIS_ANNEE = re.compile(r"(?<=[a-z])(?=(?:19|20|21)\d\d(?!\d))")


@lru_cache(maxsize=2048)
def _plier_caractere(c: str) -> str:
    if c in _APPELS:
        return ""
    if c in _APOSTROPHES:
        return "'"
    if c in _TIRETS:
        return "-"
    if c.isspace():
        return " "
    sortie = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.combining(d):
            continue
        d = d.lower()
        if d in _APOSTROPHES:
            d = "'"
        elif d in _TIRETS:
            d = "-"
        elif d.isspace():
            d = " "
        sortie.append(_LIGATURES.get(d, d))
    return "".join(sortie)


class _TablePliage(dict[int, str]):
    """``str.translate`` table filled on demand: each code point folded once per process."""

    def __missing__(self, code: int) -> str:
        self[code] = _plier_caractere(chr(code))
        return self[code]


_TABLE = _TablePliage()


def plier(texte: str) -> tuple[str, list[int]]:
    """Folded form of ``texte`` and, for each of its characters, the index it comes from."""
    rapide = texte.translate(_TABLE)
    if len(rapide) == len(texte) and "  " not in rapide and rapide == rapide.strip(" "):
        # Every character folded to exactly one and no space to collapse: the map is the identity.
        s, carte = rapide, list(range(len(rapide)))
    else:
        s, carte = _plier_lentement(texte)
    if "(" in s or "[" in s:
        s, carte = effacer(s, carte, _APPEL_ENTRE_PARENTHESES)
    if "-" in s or "/" in s:
        s, carte = effacer(s, carte, _TIRET_ENTRE_ANNEES)
    if _LETTRE_PUIS_ANNEE.search(s):
        s, carte = _espacer(s, carte, _LETTRE_PUIS_ANNEE)
    return s, carte


def _espacer(s: str, carte: list[int], motif: re.Pattern[str]) -> tuple[str, list[int]]:
    """Insert a space where ``motif`` matches (an empty match); it maps to the next character."""
    morceaux, carte2, debut = [], [], 0
    for m in motif.finditer(s):
        k = m.start()
        morceaux += [s[debut:k], " "]
        carte2 += [*carte[debut:k], carte[k]]
        debut = k
    morceaux.append(s[debut:])
    carte2 += carte[debut:]
    return "".join(morceaux), carte2


def _plier_lentement(texte: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    carte: list[int] = []
    for i, c in enumerate(texte):
        for d in _plier_caractere(c):
            if d == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(d)
            carte.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        carte.pop()
    return "".join(chars), carte


def effacer(s: str, carte: list[int], motif: re.Pattern[str]) -> tuple[str, list[int]]:
    """Delete what ``motif`` matches — its named groups if it has any, else the whole match.

    Only deletions, so the map stays aligned with the folded text.
    """
    a_effacer: list[tuple[int, int]] = []
    for m in motif.finditer(s):
        if motif.groupindex:
            a_effacer.extend(m.span(g) for g in motif.groupindex if m.group(g))
        elif m.end() > m.start():
            a_effacer.append(m.span())
    if not a_effacer:
        return s, carte
    garder = [True] * len(s)
    for debut, fin in a_effacer:
        for k in range(debut, fin):
            garder[k] = False
    s2 = "".join(c for c, g in zip(s, garder, strict=True) if g)
    carte2 = [i for i, g in zip(carte, garder, strict=True) if g]
    tete = len(s2) - len(s2.lstrip())
    s3 = s2.strip()
    return s3, carte2[tete : tete + len(s3)]


def plier_forme(forme: str) -> str:
    """Folded form of a vocabulary entry (the same folding as the phrases)."""
    return plier(forme)[0]
