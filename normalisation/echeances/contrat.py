"""The contract's ECHEANCE: one normalised deadline, as a typed value, and its closed lists.

Why one module: every reader of a deadline (the plan model, the comparison, the writers,
the command line) used to spell the contract's fields out again; here they are defined
once, by the ``Echeance`` type itself, with the one way to turn it into the contract's
JSON object (``en_dict``) and back (``depuis_dict``). Standard library only and free of
any grammar, so that code which merely names these values does not load the engine.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Statut:
    """One statut of the contract and everything a reader is told about it."""

    code: str
    libelle: str  # French label, as a person reads it
    sens: str  # one sentence for legends
    couleur: str  # background in workbooks and pages (colour-blind-safe palette)
    famille: str  # group for counts (done, ongoing, scheduled, stopped, not understood)
    retard_possible: bool  # can a window that ended before publication make it overdue?


def _lire_statuts() -> tuple[Statut, ...]:
    with open(Path(__file__).with_name("statuts.toml"), "rb") as f:
        return tuple(Statut(code, **attributs) for code, attributs in tomllib.load(f).items())


#: The contract's statuts, in the order summaries list them (``statuts.toml``: words are data).
TABLE_STATUTS: tuple[Statut, ...] = _lire_statuts()
STATUT: dict[str, Statut] = {s.code: s for s in TABLE_STATUTS}
STATUTS: tuple[str, ...] = tuple(STATUT)
#: Statuts for which a window in the past is not a delay: done, ongoing, postponed, repeating, dropped.
STATUTS_SANS_RETARD = frozenset(s.code for s in TABLE_STATUTS if not s.retard_possible)
PRECISIONS = ("jour", "mois", "saison", "trimestre", "semestre", "annee", "exercice", "periode")


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _date(v: Any) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Echeance:
    """A deadline phrase and the window it names (the contract's ECHEANCE).

    ``debut``/``fin`` are inclusive dates (None where the phrase names none); ``regles``
    names the vocabulary rules that read the phrase, so a reader can see why it got its
    window. Immutable: ``au(publication)`` returns the copy that knows whether it is late.
    """

    texte: str
    statut: str = "indetermine"
    debut: date | None = None
    fin: date | None = None
    precision: str | None = None
    ouvert: bool = False
    condition: str | None = None
    recurrence: str | None = None
    jalons: tuple[Jalon, ...] = ()
    edtf: str | None = None
    non_reconnu: bool = False
    regles: tuple[str, ...] = ()
    en_retard: bool = False

    @classmethod
    def inconnue(cls, texte: str) -> Echeance:
        """The answer for a phrase no rule understood: no date, nothing guessed."""
        return cls(texte=texte, non_reconnu=True)

    @property
    def libelle_statut(self) -> str:
        """The statut in French words ("Réalisé")."""
        s = STATUT.get(self.statut)
        return s.libelle if s else self.statut

    def est_en_retard(self, publication: date) -> bool:
        """Did the window end before ``publication`` while the statut can still be late?"""
        return bool(self.fin is not None and self.fin < publication and self.statut not in STATUTS_SANS_RETARD)

    def au(self, publication: date | None) -> Echeance:
        """This deadline as seen by an edition published on ``publication`` (``en_retard`` set)."""
        if publication is None:
            return self
        jalons = tuple(j.au(publication) for j in self.jalons)
        en_retard = self.est_en_retard(publication)
        if en_retard == self.en_retard and all(a is b for a, b in zip(jalons, self.jalons, strict=True)):
            return self  # nothing changes: no copy (most deadlines of a long batch)
        return _copie(self, jalons=jalons, en_retard=en_retard)

    def en_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in the contract's order, dates as ISO strings."""
        d: dict[str, Any] = {}
        for cle in CLES:
            v = getattr(self, cle)
            if cle in ("debut", "fin"):
                v = _iso(v)
            elif cle == "jalons":
                v = [j.en_dict() for j in v]
            elif cle == "regles":
                v = list(v)
            d[cle] = v
        return d

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Echeance:
        """Read an ECHEANCE object back (missing keys take their neutral value)."""
        return cls(**_champs(d), jalons=tuple(Jalon.depuis_dict(j) for j in d.get("jalons") or ()))


@dataclass(frozen=True, slots=True)
class Jalon(Echeance):
    """One milestone of a deadline that names several ("Appel d’offres : automne 2023 …")."""

    libelle: str = ""

    def en_dict(self) -> dict[str, Any]:
        d = {"libelle": self.libelle}
        d.update((k, v) for k, v in Echeance.en_dict(self).items() if k != "jalons")
        return d

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Jalon:
        return cls(**_champs(d), libelle=str(d.get("libelle") or ""))


_NOMS_DES_CHAMPS: dict[type, tuple[str, ...]] = {}


def _copie(e: Echeance, **changes: Any) -> Any:
    """``dataclasses.replace`` without its per-call introspection (a batch copies thousands).

    The types define no ``__post_init__``: copying the fields is all ``replace`` would do.
    """
    cls = type(e)
    noms = _NOMS_DES_CHAMPS.get(cls)
    if noms is None:
        noms = _NOMS_DES_CHAMPS[cls] = tuple(f.name for f in fields(cls))
    copie = object.__new__(cls)
    for nom in noms:
        object.__setattr__(copie, nom, changes[nom] if nom in changes else getattr(e, nom))
    return copie


def _champs(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "texte": str(d.get("texte") or ""),
        "statut": str(d.get("statut") or "indetermine"),
        "debut": _date(d.get("debut")),
        "fin": _date(d.get("fin")),
        "precision": d.get("precision"),
        "ouvert": bool(d.get("ouvert")),
        "condition": d.get("condition"),
        "recurrence": d.get("recurrence"),
        "edtf": d.get("edtf"),
        "non_reconnu": bool(d.get("non_reconnu")),
        "regles": tuple(d.get("regles") or ()),
        "en_retard": bool(d.get("en_retard")),
    }


#: The contract's keys of an ECHEANCE, in the contract's order (the fields of ``Echeance``).
CLES: tuple[str, ...] = tuple(f.name for f in fields(Echeance))
