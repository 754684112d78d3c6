"""Reads ``vocabulaire.toml`` once and folds every form the way phrases are folded.

Why: the engine must know no French word of its own — a synonym is a one-line change in
the TOML that any reader can review — so the words reach the grammar only through here.
The same goes for the names of the rules that read a phrase (an answer's ``regles``): they
are declared, with what each does in French, in the TOML's ``[regles]``, and every word
group says which rule its words belong to; a name used but not declared fails at load.
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
    regle: str  # RFC 5545 rule of "chaque <unit>"
    mois: int | None
    fiscale: bool
    abreviations: tuple[str, ...]
    lecture: str | None = None  # rule reading "T2 2026" (calendar)
    lecture_exercice: str | None = None  # rule reading "T1 2025-2026" (of a fiscal year)


@dataclass(frozen=True)
class Vocabulaire:
    """Folded forms, each mapped to what it means."""

    saisons: dict[str, Saison]  # folded form → season
    periodes: dict[str, Periode]  # folded form → named time of the year
    mois: dict[str, int]
    abreviations_pointees: tuple[str, ...]  # forms that may carry a final dot ("sept.", "trim.")
    jours_semaine: tuple[str, ...]
    ordinaux: dict[str, int]
    derniers: tuple[str, ...]  # "dernier trimestre": the last of its kind in the year
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
    conjonctions: tuple[str, ...]  # "et", "puis": where a sentence's parts meet
    relatifs: tuple[str, ...]  # "prochain", "cet": a time placed relative to now
    regles: dict[str, str]  # rule name → what it reads, in French (for --explique)
    regles_des_formes: dict[str, dict[str, str]]  # word family → folded form → rule name
    mots: frozenset[str]  # words of the date grammar: a word outside it is free text (a label)
    mots_de_date: frozenset[str]  # words that name part of a date (months, seasons, units…)
    mots_du_vocabulaire: frozenset[str]  # every word of every form (statuses and conditions too)

    def regle(self, famille: str, forme: str) -> str:
        """The rule a form of a word family belongs to."""
        return self.regles_des_formes[famille][forme]


def _formes(liste: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(plier_forme(f) for f in liste))


def _groupes(valeur: Any) -> tuple[tuple[str, ...], dict[str, str]]:
    """Forms of a word family written as groups ``{regle, formes}``, and each form's rule.

    A longer form that two groups share belongs to the first one.
    """
    formes: dict[str, str] = {}
    for groupe in valeur:
        for f in _formes(groupe["formes"]):
            formes.setdefault(f, groupe["regle"])
    return tuple(formes), formes


def _mots(formes: Iterable[str]) -> set[str]:
    return {m for f in formes for m in re.findall(r"[a-z]+", f)}


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
        unite = Unite(nom, u["regle"], u.get("mois"), bool(u.get("fiscale")), lettres, u.get("lecture"),
                      u.get("lecture_exercice"))
        abregees = _formes(u.get("abregees", []))
        for f in (*_formes(u["formes"]), *abregees):
            unites[f] = unite
        abreviations.extend(abregees)
        for lettre in lettres:
            abreviations_unites[lettre] = unite
    parties_toml = donnees["parties"]
    parties = {f: k for k, cle in enumerate(("debut", "mi", "fin")) for f in _formes(parties_toml[cle]["formes"])}
    con = donnees["connecteurs"]
    rec = donnees["recurrences"]
    liaisons = donnees["liaisons"]
    regles_des_formes: dict[str, dict[str, str]] = {}
    connecteurs: dict[str, tuple[str, ...]] = {}
    for famille in ("ouverture", "ouverture_apres", "ouverture_exclusive", "borne", "borne_apres", "borne_exclusive"):
        connecteurs[famille], regles_des_formes[famille] = _groupes(con[famille])
    introducteurs, regles_des_formes["introducteurs"] = _groupes(liaisons["introducteurs"])
    statuts: dict[str, str] = {}
    regles_des_formes["statuts"] = {}
    for groupe in donnees["statuts"]:
        for f in _formes(groupe["formes"]):
            if f not in statuts:
                statuts[f] = groupe["statut"]
                regles_des_formes["statuts"][f] = groupe["regle"]
    vagues = _formes(donnees["dates_vagues"]["formes"])
    # "à l'issue de" is also written "à l'issue d'une …": each "… de" form has its elided twin.
    ecrites = donnees["conditions"]["introducteurs"]
    conditions = _formes([*ecrites, *(f[:-2] + "d'" for f in ecrites if f.endswith(" de"))])
    regles_des_formes["dates_vagues"] = dict.fromkeys(vagues, donnees["dates_vagues"]["regle"])
    regles_des_formes["conditions"] = dict.fromkeys(conditions, donnees["conditions"]["regle"])
    regles_des_formes["parties"] = {
        f: parties_toml[cle]["regle"] for cle in ("debut", "mi", "fin") for f in _formes(parties_toml[cle]["formes"])
    }
    regles = {str(k): str(v) for k, v in donnees["regles"].items()}
    utilisees = {r for familles in regles_des_formes.values() for r in familles.values()}
    utilisees |= {r for u in unites.values() for r in (u.lecture, u.lecture_exercice) if r}
    inconnues = utilisees - set(regles)
    if inconnues:
        raise ValueError(f"{FICHIER.name}: rules used but not declared in [regles]: {sorted(inconnues)}")
    ordinaux = {f: i for i, formes in enumerate(cal["ordinaux"], 1) for f in _formes(formes)}
    # Units that name a window with a year ("trimestre", "exercice"), not "jour" or "mois": "mise à
    # jour en 2026" is a label and a date, "5e trimestre 2026" a malformed date.
    datees = [f for f, u in unites.items() if u.mois in (3, 6, 12)]
    de_date = _mots([*saisons, *periodes, *mois, *datees, *abreviations_unites, *ordinaux, *parties,
                     *_formes(cal.get("derniers", []))])
    de_date |= _mots(_formes(cal["jours_semaine"]))
    adverbes = {f: regle for regle, formes in rec["adverbes"].items() for f in _formes(formes)}
    # The words of the date grammar: a phrase made only of these that no rule read is a
    # malformed date ("De 2026 à 2024"), not a label beside a date.
    relatifs = _formes(liaisons.get("relatifs", []))
    grammaire = [
        *de_date, *unites, *relatifs, *introducteurs, *(f for formes in connecteurs.values() for f in formes),
        *_formes(liaisons["articles"]), *_formes(liaisons["conjonctions"]), *_formes(con["debut_intervalle"]),
        *_formes(con["milieu_intervalle"]), *_formes(rec["chaque"]), *(plier_forme(k) for k in cal["nombres"]),
    ]
    return Vocabulaire(
        saisons=saisons,
        periodes=periodes,
        mois=mois,
        abreviations_pointees=tuple(dict.fromkeys(abreviations)),
        jours_semaine=_formes(cal["jours_semaine"]),
        ordinaux=ordinaux,
        derniers=_formes(cal.get("derniers", [])),
        nombres={plier_forme(k): int(v) for k, v in cal["nombres"].items()},
        unites=unites,
        abreviations_unites=abreviations_unites,
        parties=parties,
        articles=_formes(liaisons["articles"]),
        introducteurs=introducteurs,
        ouverture=connecteurs["ouverture"],
        ouverture_apres=connecteurs["ouverture_apres"],
        ouverture_exclusive=connecteurs["ouverture_exclusive"],
        borne=connecteurs["borne"],
        borne_apres=connecteurs["borne_apres"],
        borne_exclusive=connecteurs["borne_exclusive"],
        debut_intervalle=_formes(con["debut_intervalle"]),
        milieu_intervalle=_formes(con["milieu_intervalle"]),
        chaque=_formes(rec["chaque"]),
        adverbes=adverbes,
        statuts=statuts,
        dates_vagues=vagues,
        conditions=conditions,
        tenu=_formes(donnees["evenements"]["tenu"]),
        conjonctions=_formes(liaisons["conjonctions"]),
        relatifs=relatifs,
        regles=regles,
        regles_des_formes=regles_des_formes,
        mots=frozenset(_mots(grammaire)),
        mots_du_vocabulaire=frozenset(_mots([*grammaire, *statuts, *vagues, *conditions, *adverbes])),
        mots_de_date=frozenset(de_date),
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
