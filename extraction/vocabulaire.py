"""Reads ``vocabulaire.toml``: the genre's words the extraction relies on.

Kept as data so that a new header synonym or list marker is a one-line change that any
reader can review, and so that no plan text creeps into the code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache, lru_cache
from pathlib import Path


@lru_cache(maxsize=4096)
def majuscules_sans_accents(texte: str) -> str:
    """Upper-case, accent-free, ligature-free form used to compare header words."""
    t = texte.replace("Œ", "OE").replace("œ", "oe").replace("Æ", "AE").replace("æ", "ae")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", t.upper()).strip()


@cache
def vocabulaire() -> dict:
    with open(Path(__file__).with_name("vocabulaire.toml"), "rb") as f:
        return tomllib.load(f)


@cache
def synonymes_colonnes() -> list[tuple[str, str]]:
    """(phrase, role) pairs, longest phrase first so "MISE EN OEUVRE" beats "MISE"."""
    paires = [(p, role) for role, phrases in vocabulaire()["colonnes"].items() for p in phrases]
    return sorted(paires, key=lambda p: -len(p[0]))


def role_entete(texte: str) -> str | None:
    """Role named by a header cell's text, or None if it is not a known column."""
    t = " ".join(re.sub(r"[^A-Z]+", " ", majuscules_sans_accents(texte)).split())
    for phrase, role in synonymes_colonnes():
        if t == phrase or t.startswith(phrase + " "):
            return role
    return None


@cache
def mots_entete() -> frozenset[str]:
    """Every single word of the header vocabulary: those of the known column names, and the
    labels of numbering and title columns ("N°", "INTITULÉ") — a header row's sub-line
    "N°  INTITULÉ  N°  INTITULÉ" is a header line too, never a running head."""
    return frozenset(m for phrase, _ in synonymes_colonnes() for m in phrase.split()) | etiquettes_numerotation() | (
        intitules())


def _mots_numerotation(texte: str) -> list[str]:
    """A header text as the numbering labels are compared: "N° de l’action" → ["N°", "DE", "L", "ACTION"]."""
    return re.sub(r"[^A-Z0-9#°]+", " ", majuscules_sans_accents(texte)).split()


@cache
def etiquettes_numerotation() -> frozenset[str]:
    """Labels of a numbering column ("N°", "NO", "#"…), as compared."""
    return frozenset(m for e in vocabulaire()["numerotation"]["entetes"] for m in _mots_numerotation(e))


@cache
def intitules() -> frozenset[str]:
    """Labels of a title column under a group label ("INTITULÉ" under "ACTION"), as compared."""
    return frozenset(m for e in vocabulaire()["numerotation"]["intitules"] for m in _mots_numerotation(e))


def est_intitule(texte: str) -> bool:
    """Is a header cell's text a title column's label ("Intitulé", "TITRE")?"""
    return " ".join(_mots_numerotation(texte)) in intitules()


def numerotation(texte: str) -> tuple[bool, str | None]:
    """Does a header cell label a numbering column, and of which column if it says so?

    "N°" → (True, None): it numbers the column beside it; "N° DE LA MESURE" → (True,
    "mesure"); anything else → (False, None).
    """
    mots = _mots_numerotation(texte)
    if not mots or mots[0] not in etiquettes_numerotation():
        return False, None
    if len(mots) == 1:
        return True, None
    liaisons = set(vocabulaire()["numerotation"]["liaisons"])
    reste = mots[1:]
    while reste and reste[0] in liaisons:
        reste = reste[1:]
    role = role_entete(" ".join(reste)) if reste else None
    return (True, role) if role in ("action", "mesure") else (False, None)


@cache
def motif(nom: str) -> re.Pattern[str]:
    return re.compile(vocabulaire()["titres"][nom], re.DOTALL)


@cache
def _motif_objectif() -> re.Pattern[str]:
    return re.compile(vocabulaire()["titres"]["objectif"], re.IGNORECASE)


def sans_etiquette_objectif(texte: str) -> str:
    """An objective's first line without the label printed before it ("Objectif : Afin de
    …" → "Afin de …"; "OBJECTIF" alone → "")."""
    m = _motif_objectif().match(texte)
    return texte[m.end():].lstrip() if m else texte


def est_etiquette_objectif(texte: str) -> bool:
    """A line that only labels the objective under it ("Objectif", "OBJECTIF :")."""
    return bool(texte.strip()) and not sans_etiquette_objectif(texte.strip())


@cache
def motif_note(nom: str) -> re.Pattern[str]:
    """``appel`` (a note's opening) or ``legende`` (an acronym box's title), from [notes]."""
    return re.compile(vocabulaire()["notes"][nom])


@cache
def puces() -> tuple[tuple[str, ...], tuple[str, ...]]:
    listes = vocabulaire()["listes"]
    return tuple(listes["puces_fortes"]), tuple(listes["puces_faibles"])


@cache
def _motif_numero_de_liste() -> re.Pattern[str]:
    return re.compile(vocabulaire()["listes"]["numeros"])


@cache
def _faibles_suivies() -> tuple[str, ...]:
    return tuple(p + " " for p in puces()[1])


def puce_en_tete(texte: str) -> tuple[bool, bool]:
    """(opens with a strong marker, opens with a weak one) for a line's text: "― ", "• "
    always start a list item; "– " and numbered sub-items ("1) ", "a) ") only where a list
    is under way (after a line ending with ":" or after another item). Called for every
    line of every cell: prefixes are tested as tuples, in one call each."""
    t = texte.lstrip()
    fortes, faibles = puces()
    if t.startswith(fortes):
        return True, False
    return False, t.startswith(_faibles_suivies()) or t in faibles or bool(_motif_numero_de_liste().match(t))


@cache
def mots_de_liaison() -> frozenset[str]:
    return frozenset(vocabulaire()["liaison"]["mots"])


def finit_en_suspens(texte: str) -> bool:
    """True when a text visibly stops mid-phrase (a comma, a hyphen, a function word)."""
    t = texte.rstrip()
    if not t:
        return False
    if t[-1] in ",-–(":
        return True
    dernier = t.split()[-1].lower()
    return dernier in mots_de_liaison() or dernier.endswith(("’", "'"))
