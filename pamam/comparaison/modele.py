"""A navigable view of a plan dict, for matching and comparing editions.

``plan.json`` is a plain nested dict; the comparison needs each element to know its
parent, its position in the document and its normalised deadline. ``Plan`` wraps a
plan dict once into small linked objects (identity-hashed, so they can be dict keys)
without copying or changing the dict the caller gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from normalisation.echeances.contrat import Echeance

# Where the contract's ECHEANCE fields are missing (no normaliser, odd input), these are
# the neutral values: an unknown window, nothing reported as a date shift — the normaliser's
# own answer for a phrase it could not read.
ECHEANCE_VIDE: dict[str, Any] = Echeance.inconnue("").en_dict()


def replier(texte: Any) -> str:
    """Collapse whitespace: two texts differing only by wrapping are the same text."""
    return re.sub(r"\s+", " ", str(texte or "")).strip()


#: Characters that print the same sign in another typography: curly or straight
#: apostrophes and quotes, French guillemets, the dashes and hyphens of each producer,
#: ligatures a transcription spells out; soft hyphens and zero-width spaces print nothing.
_VARIANTES_TYPOGRAPHIQUES = str.maketrans(
    {
        **dict.fromkeys("’‘‛ʼ′`´", "'"),
        **dict.fromkeys("“”„‟«»″", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
    }
)
_ESPACE_AVANT = re.compile(r"\s+(?=[:;!?.,)\]\"])")  # "aide :" (French spacing) / "aide:"
_ESPACE_APRES = re.compile(r'(?<=[(\["])\s+')  # « texte » / "texte"
_COUPURE_TRAIT = re.compile(r"(?<=\w)-\s+(?=\w)")  # "Document-\nsynthèse", wrapped at its hyphen
_TRAIT_ENTRE_CHIFFRES = re.compile(r"(?<=\d)\s*-\s*(?=\d)")  # "2026 – 2027" / "2026-2027"


@lru_cache(maxsize=8192)
def forme_typographique(texte: str) -> str:
    """``texte`` with its typography folded, for deciding whether two texts are the same.

    Two editions (or a PDF and a hand transcription) print one sentence with curly or
    straight apostrophes, guillemets or quotes, en dashes or hyphens, non-breaking or
    ordinary spaces (before ":" in French, not in English), composed or decomposed
    accents, lines wrapped elsewhere — none of which is a rewording. Letters, their case
    and their accents are kept: only signs that print alike are folded. Never shown to
    readers: reports quote the texts as printed.
    """
    t = unicodedata.normalize("NFKC", texte).translate(_VARIANTES_TYPOGRAPHIQUES)
    t = replier(t)
    t = _TRAIT_ENTRE_CHIFFRES.sub("-", _COUPURE_TRAIT.sub("-", t))
    t = _ESPACE_AVANT.sub("", t)
    return _ESPACE_APRES.sub("", t)


def meme_texte(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` differ at most by typography (``forme_typographique``)."""
    return forme_typographique(str(a or "")) == forme_typographique(str(b or ""))


def _date(valeur: Any) -> date | None:
    try:
        return date.fromisoformat(str(valeur)[:10]) if valeur else None
    except ValueError:
        return None


@dataclass(eq=False)
class Livrable:
    """One row of the synoptic table."""

    texte: str
    brut: dict[str, Any]
    numero: int  # livrable_no: 1-based within its measure
    mesure: Mesure
    ordre: int = 0  # pre-order position in the whole document
    _echeance: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def echeancier_brut(self) -> Any:
        """The échéancier as found in the plan: an ECHEANCE dict or a printed phrase."""
        return self.brut.get("echeancier")

    @property
    def echeancier_texte(self) -> str:
        """The deadline phrase as printed (line breaks kept, for reports)."""
        e = self.echeancier_brut
        if isinstance(e, dict):
            return str(e.get("texte") or "")
        return str(e or "").strip()

    @property
    def echeance(self) -> dict[str, Any]:
        """The normalised deadline, computed on first use only.

        Hand transcriptions carry the phrase as a string; normalising costs little but
        pulls in the normaliser, so it is done lazily and only for livrables whose
        deadline is actually looked at.
        """
        if self._echeance is None:
            e = self.echeancier_brut
            if isinstance(e, dict):
                self._echeance = {**ECHEANCE_VIDE, **e}
            else:
                from normalisation.echeances import normaliser

                self._echeance = {
                    **ECHEANCE_VIDE,
                    **normaliser(str(e or ""), self.mesure.action.section.plan.publication).en_dict(),
                }
        return self._echeance


@dataclass(eq=False)
class Mesure:
    """A measure: numbered "N.M", titled, with its livrables."""

    numero: str
    titre: str
    action: Action
    livrables: list[Livrable] = field(default_factory=list)
    ordre: int = 0


@dataclass(eq=False)
class Action:
    """An action: numbered "N", titled, grouping measures."""

    numero: str
    titre: str
    section: Section
    mesures: list[Mesure] = field(default_factory=list)
    ordre: int = 0


@dataclass(eq=False)
class Section:
    """A lettered part of the plan ("A", "B"…) with its objective."""

    code: str
    titre: str
    objectif: str
    plan: Plan
    actions: list[Action] = field(default_factory=list)
    ordre: int = 0


Noeud = Section | Action | Mesure | Livrable


class Plan:
    """A plan dict seen as linked elements, in document order."""

    def __init__(self, donnees: dict[str, Any]) -> None:
        self.donnees = donnees
        doc = donnees.get("document")
        # Hand transcriptions put the document's fields (titre, version…) at the top level.
        self.document: dict[str, Any] = (
            dict(doc) if isinstance(doc, dict) else {k: v for k, v in donnees.items() if k != "sections"}
        )
        self.version: str = str(self.document.get("version") or "")
        self.publication: date | None = _date(self.document.get("date_publication"))
        self.sections: list[Section] = []
        self.noeuds: list[Noeud] = []
        for s in donnees.get("sections") or []:
            sec = Section(str(s.get("code") or ""), replier(s.get("titre")), replier(s.get("objectif")), self)
            self._ajouter(sec)
            self.sections.append(sec)
            for a in s.get("actions") or []:
                act = Action(str(a.get("numero") or ""), replier(a.get("titre")), sec)
                self._ajouter(act)
                sec.actions.append(act)
                for m in a.get("mesures") or []:
                    mes = Mesure(str(m.get("numero") or ""), replier(m.get("titre")), act)
                    self._ajouter(mes)
                    act.mesures.append(mes)
                    for i, li in enumerate(m.get("livrables") or [], 1):
                        liv = Livrable(str(li.get("texte") or ""), li, i, mes)
                        self._ajouter(liv)
                        mes.livrables.append(liv)

    def _ajouter(self, noeud: Noeud) -> None:
        noeud.ordre = len(self.noeuds)
        self.noeuds.append(noeud)

    @property
    def actions(self) -> list[Action]:
        """Every action, in document order."""
        return [a for s in self.sections for a in s.actions]

    @property
    def mesures(self) -> list[Mesure]:
        """Every measure, in document order."""
        return [m for a in self.actions for m in a.mesures]

    @property
    def livrables(self) -> list[Livrable]:
        """Every livrable, in document order."""
        return [li for m in self.mesures for li in m.livrables]


def parent(noeud: Noeud) -> Noeud | None:
    """The element that contains ``noeud`` (None for a section)."""
    if isinstance(noeud, Livrable):
        return noeud.mesure
    if isinstance(noeud, Mesure):
        return noeud.action
    if isinstance(noeud, Action):
        return noeud.section
    return None


def enfants(noeud: Noeud | Plan) -> list[Any]:
    """The elements directly inside ``noeud``."""
    if isinstance(noeud, Plan):
        return noeud.sections
    if isinstance(noeud, Section):
        return noeud.actions
    if isinstance(noeud, Action):
        return noeud.mesures
    if isinstance(noeud, Mesure):
        return noeud.livrables
    return []


def fin_sous_arbre(noeud: Noeud) -> int:
    """Document position of the last element inside ``noeud`` (itself if it has none)."""
    while True:
        e = enfants(noeud)
        if not e:
            return noeud.ordre
        noeud = e[-1]
