"""Reads ``vocabulaire.toml`` once and folds every form the way phrases are folded.

Why: the engine must know no French word of its own — a synonym is a one-line change in
the TOML that any reader can review — so the words reach the grammar only through here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .pliage import plier_forme

FICHIER = Path(__file__).with_name("vocabulaire.toml")


@dataclass(frozen=True)
class Saison:
    nom: str
    edtf: int
    mois: tuple[int, ...]
    bornes: dict[str, tuple[tuple[int, int], tuple[int, int]]]  # convention → ((m, j), (m, j))


@dataclass(frozen=True)
class Periode:
    """A named time of the year that is not a season ("rentrée"): fixed month-day bounds."""

    nom: str
    mois: tuple[int, ...]
    bornes: tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Unite:
    nom: str
    regle: str
    mois: int | None
    fiscale: bool
    abreviations: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulaire:
    """Folded forms, each mapped to what it means."""

    saisons: dict[str, Saison]  # folded form → season
    periodes: dict[str, Periode]  # folded form → named time of the year
    mois: dict[str, int]
    abreviations_pointees: tuple[str, ...]  # forms that may carry a final dot ("sept.", "trim.")
    jours_semaine: tuple[str, ...]
    ordinaux: dict[str, int]
    nombres: dict[str, int]
    unites: dict[str, Unite]  # folded form → unit
    abreviations_unites: dict[str, Unite]  # "t" → trimestre
    parties: dict[str, int]  # folded form → third (0 début, 1 mi, 2 fin)
    articles: tuple[str, ...]
    introducteurs: tuple[str, ...]
    ouverture: tuple[str, ...]
    ouverture_apres: tuple[str, ...]
    ouverture_exclusive: tuple[str, ...]
    borne: tuple[str, ...]
    borne_apres: tuple[str, ...]
    borne_exclusive: tuple[str, ...]
    debut_intervalle: tuple[str, ...]
    milieu_intervalle: tuple[str, ...]
    chaque: tuple[str, ...]
    adverbes: dict[str, str]  # folded form → RRULE
    statuts: dict[str, str]  # folded form → statut
    dates_vagues: tuple[str, ...]
    conditions: tuple[str, ...]
    tenu: tuple[str, ...]


def _formes(liste: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(plier_forme(f) for f in liste))


def _mois_jour(texte: str) -> tuple[int, int]:
    m, j = texte.split("-")
    return int(m), int(j)


def _lire(donnees: dict[str, Any]) -> Vocabulaire:
    saisons: dict[str, Saison] = {}
    for nom, s in donnees["saisons"].items():
        bornes = {
            conv: (_mois_jour(s[conv]["debut"]), _mois_jour(s[conv]["fin"]))
            for conv in ("astronomiques", "meteorologiques")
        }
        saison = Saison(nom, int(s["edtf"]), tuple(s["mois"]), bornes)
        for f in _formes(s["formes"]):
            saisons[f] = saison
    cal = donnees["calendrier"]
    mois = {f: i for i, formes in enumerate(cal["mois"], 1) for f in _formes(formes)}
    abreviations = [f for formes in cal["mois"] for f in _formes(formes[1:])]
    periodes: dict[str, Periode] = {}
    for nom, p in donnees.get("periodes", {}).items():
        periode = Periode(nom, tuple(p["mois"]), (_mois_jour(p["debut"]), _mois_jour(p["fin"])))
        for f in _formes(p["formes"]):
            periodes[f] = periode
    unites: dict[str, Unite] = {}
    abreviations_unites: dict[str, Unite] = {}
    for nom, u in donnees["unites"].items():
        lettres = u.get("abreviation", [])
        lettres = _formes([lettres] if isinstance(lettres, str) else lettres)
        unite = Unite(nom, u["regle"], u.get("mois"), bool(u.get("fiscale")), lettres)
        abregees = _formes(u.get("abregees", []))
        for f in (*_formes(u["formes"]), *abregees):
            unites[f] = unite
        abreviations.extend(abregees)
        for lettre in lettres:
            abreviations_unites[lettre] = unite
    parties = {f: k for k, cle in enumerate(("debut", "mi", "fin")) for f in _formes(donnees["parties"][cle])}
    con = donnees["connecteurs"]
    rec = donnees["recurrences"]
    return Vocabulaire(
        saisons=saisons,
        periodes=periodes,
        mois=mois,
        abreviations_pointees=tuple(dict.fromkeys(abreviations)),
        jours_semaine=_formes(cal["jours_semaine"]),
        ordinaux={f: i for i, formes in enumerate(cal["ordinaux"], 1) for f in _formes(formes)},
        nombres={plier_forme(k): int(v) for k, v in cal["nombres"].items()},
        unites=unites,
        abreviations_unites=abreviations_unites,
        parties=parties,
        articles=_formes(donnees["liaisons"]["articles"]),
        introducteurs=_formes(donnees["liaisons"]["introducteurs"]),
        ouverture=_formes(con["ouverture"]),
        ouverture_apres=_formes(con["ouverture_apres"]),
        ouverture_exclusive=_formes(con["ouverture_exclusive"]),
        borne=_formes(con["borne"]),
        borne_apres=_formes(con["borne_apres"]),
        borne_exclusive=_formes(con["borne_exclusive"]),
        debut_intervalle=_formes(con["debut_intervalle"]),
        milieu_intervalle=_formes(con["milieu_intervalle"]),
        chaque=_formes(rec["chaque"]),
        adverbes={f: regle for regle, formes in rec["adverbes"].items() for f in _formes(formes)},
        statuts={f: statut for statut, formes in donnees["statuts"].items() for f in _formes(formes)},
        dates_vagues=_formes(donnees["dates_vagues"]["formes"]),
        conditions=_formes(donnees["conditions"]["introducteurs"]),
        tenu=_formes(donnees["evenements"]["tenu"]),
    )


@cache
def vocabulaire() -> Vocabulaire:
    """The vocabulary, read and folded once per process."""
    with open(FICHIER, "rb") as f:
        return _lire(tomllib.load(f))


# --- regex building blocks (structure only; the words come from the vocabulary) -------------


def alternative(formes: Iterable[str]) -> str:
    """Non-capturing alternation, longest form first so that the longest reading wins."""
    fs = sorted(set(formes), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(re.escape(f) for f in fs) + ")"


def alternative_liee(formes: Iterable[str]) -> str:
    """Alternation of words each followed by what separates it from the next word.

    A space, except after an apostrophe or a hyphen ("l'automne", "mi-mars").
    """
    fs = sorted(set(formes), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(re.escape(f) + ("" if f.endswith(("'", "-")) else " ") for f in fs) + ")"


def mot(formes: Iterable[str]) -> str:
    """Alternation that only matches whole words (for searches inside a phrase).

    A form ending with an apostrophe ("lors d'") is glued to the next word, so it needs no
    boundary after it.
    """
    fs = sorted(set(formes), key=lambda f: (-len(f), f))
    corps = "|".join(re.escape(f) + ("" if f.endswith("'") else "(?![a-z0-9])") for f in fs)
    return rf"(?<![a-z0-9'])(?:{corps})"
