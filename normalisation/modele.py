"""The plan: one typed, linked model of an edition's synoptic table (the contract's plan.json).

Why one model: the comparison, the writers, the history, the summary and the tests all
walk sections → actions → mesures → livrables and read a livrable's deadline. Each used to
walk the nested dict by hand and test whether an échéancier was a string or a dict. Here
every element is an object that knows its parent, its number and its place in the
document (``ordre``), every deadline is an ``Echeance``, and the one way to and from the
contract's JSON is ``Plan.en_dict`` / ``Plan.depuis_dict``.

Elements compare by identity (``eq=False``), so they can be dict keys (the comparison
pairs old elements with new ones). After changing the tree (a correction adds a livrable,
say), call ``plan.lier()`` to renumber.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from extraction.modele import Avertissement, Cadre
from normalisation.echeances.contrat import Echeance


def _date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


@dataclass(slots=True)
class Evenement:
    """A dated event cited in a livrable's text ("― 16 juin 2023 – Tenue")."""

    date: date | None
    texte: str
    tenue: bool | None

    def en_dict(self) -> dict[str, Any]:
        return {"date": None if self.date is None else self.date.isoformat(), "texte": self.texte,
                "tenue": self.tenue}

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Evenement:
        return cls(_date(d.get("date")), str(d.get("texte") or ""), d.get("tenue"))


@dataclass(eq=False)
class Livrable:
    """One row of the synoptic table: the livrable, its deadline, where it was read."""

    texte: str
    echeance: Echeance
    page: int | None = None
    colonnes_supplementaires: dict[str, str] = field(default_factory=dict)
    evenements: list[Evenement] = field(default_factory=list)
    cadres: list[Cadre] = field(default_factory=list)
    # Set by ``Plan.lier``:
    mesure: Mesure = field(init=False, repr=False)
    numero: int = field(init=False, default=0)  # livrable_no: 1-based within its measure
    ordre: int = field(init=False, default=0)  # pre-order position in the whole document

    @property
    def action(self) -> Action:
        return self.mesure.action

    @property
    def section(self) -> Section:
        return self.mesure.action.section

    def en_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "texte": self.texte,
            "echeancier": self.echeance.en_dict(),
            "page": self.page,
            "colonnes_supplementaires": dict(self.colonnes_supplementaires),
            "evenements": [e.en_dict() for e in self.evenements],
        }
        if self.cadres:
            d["cadres"] = [c.en_dict() for c in self.cadres]
        return d


@dataclass(eq=False)
class Mesure:
    """A measure: numbered "N.M", titled, with its livrables."""

    numero: str
    titre: str
    livrables: list[Livrable] = field(default_factory=list)
    action: Action = field(init=False, repr=False)
    ordre: int = field(init=False, default=0)

    @property
    def section(self) -> Section:
        return self.action.section

    def en_dict(self) -> dict[str, Any]:
        return {"numero": self.numero, "titre": self.titre, "livrables": [li.en_dict() for li in self.livrables]}


@dataclass(eq=False)
class Action:
    """An action: numbered "N", titled, grouping measures."""

    numero: str
    titre: str
    mesures: list[Mesure] = field(default_factory=list)
    section: Section = field(init=False, repr=False)
    ordre: int = field(init=False, default=0)

    def en_dict(self) -> dict[str, Any]:
        return {"numero": self.numero, "titre": self.titre, "mesures": [m.en_dict() for m in self.mesures]}


@dataclass(eq=False)
class Section:
    """A lettered part of the plan ("A", "B"…) with its objective."""

    code: str
    titre: str
    objectif: str = ""
    actions: list[Action] = field(default_factory=list)
    plan: Plan = field(init=False, repr=False)
    ordre: int = field(init=False, default=0)

    def en_dict(self) -> dict[str, Any]:
        return {"code": self.code, "titre": self.titre, "objectif": self.objectif,
                "actions": [a.en_dict() for a in self.actions]}


Noeud = Section | Action | Mesure | Livrable


@dataclass(slots=True)
class Source:
    """The PDF an edition was read from."""

    fichier: str
    sha256: str
    pages: int

    def en_dict(self) -> dict[str, Any]:
        return {"fichier": self.fichier, "sha256": self.sha256, "pages": self.pages}


@dataclass(slots=True)
class Document:
    """The edition: its titles, its version (AAAA-MM) and publication date, its source file."""

    version: str
    titre: str = ""
    sous_titre: str = ""
    libelle_version: str = ""
    date_publication: date | None = None
    source: Source | None = None

    def en_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"titre": self.titre, "sous_titre": self.sous_titre, "version": self.version,
                             "libelle_version": self.libelle_version}
        if self.date_publication is not None:
            d["date_publication"] = self.date_publication.isoformat()
        if self.source is not None:
            d["source"] = self.source.en_dict()
        return d


@dataclass(slots=True)
class NonReconnue:
    """A deadline no rule understood, and where it is (``qualite.echeances_non_reconnues``)."""

    mesure: str
    livrable_no: int
    texte: str
    page: int | None

    def en_dict(self) -> dict[str, Any]:
        return {"mesure": self.mesure, "livrable_no": self.livrable_no, "texte": self.texte, "page": self.page}


@dataclass(slots=True)
class Qualite:
    """How the edition was read and what a reader should check (``plan.json`` → ``qualite``)."""

    comptes: dict[str, int] = field(default_factory=dict)
    strategies: dict[int, str | None] = field(default_factory=dict)
    avertissements: list[Avertissement] = field(default_factory=list)
    echeances_non_reconnues: list[NonReconnue] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # further keys, written after these

    def en_dict(self) -> dict[str, Any]:
        return {
            "comptes": dict(self.comptes),
            "strategies": {str(k): v for k, v in self.strategies.items()},
            "avertissements": [a.en_dict() for a in self.avertissements],
            "echeances_non_reconnues": [n.en_dict() for n in self.echeances_non_reconnues],
            **self.extras,
        }

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Qualite:
        connues = {"comptes", "strategies", "avertissements", "echeances_non_reconnues"}
        return cls(
            comptes={str(k): int(v) for k, v in (d.get("comptes") or {}).items()},
            strategies={int(k): v for k, v in (d.get("strategies") or {}).items()},
            avertissements=[Avertissement(a.get("page"), str(a.get("type") or ""), str(a.get("message") or ""))
                            for a in d.get("avertissements") or []],
            echeances_non_reconnues=[NonReconnue(str(n.get("mesure") or ""), int(n.get("livrable_no") or 0),
                                                 str(n.get("texte") or ""), n.get("page"))
                                     for n in d.get("echeances_non_reconnues") or []],
            extras={k: v for k, v in d.items() if k not in connues},
        )


@dataclass(eq=False)
class Plan:
    """One edition: its document, its sections and, when it was extracted, its quality report."""

    document: Document
    sections: list[Section] = field(default_factory=list)
    qualite: Qualite | None = None
    noeuds: list[Noeud] = field(init=False, repr=False, default_factory=list)  # every element, pre-order

    def __post_init__(self) -> None:
        self.lier()

    def lier(self) -> None:
        """Set every element's parent, number and document position (after any change to the tree)."""
        self.noeuds = []
        for s in self.sections:
            s.plan = self
            self._placer(s)
            for a in s.actions:
                a.section = s
                self._placer(a)
                for m in a.mesures:
                    m.action = a
                    self._placer(m)
                    for i, li in enumerate(m.livrables, 1):
                        li.mesure, li.numero = m, i
                        self._placer(li)

    def _placer(self, noeud: Noeud) -> None:
        noeud.ordre = len(self.noeuds)
        self.noeuds.append(noeud)

    @property
    def version(self) -> str:
        return self.document.version

    @property
    def publication(self) -> date | None:
        return self.document.date_publication

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

    def __iter__(self) -> Iterator[Livrable]:
        return iter(self.livrables)

    def comptes(self) -> dict[str, int]:
        return {"sections": len(self.sections), "actions": len(self.actions), "mesures": len(self.mesures),
                "livrables": len(self.livrables)}

    def en_dict(self) -> dict[str, Any]:
        """The contract's ``plan.json`` (with the quality report when there is one)."""
        d: dict[str, Any] = {"document": self.document.en_dict(), "sections": [s.en_dict() for s in self.sections]}
        if self.qualite is not None:
            d["qualite"] = self.qualite.en_dict()
        return d

    @classmethod
    def depuis_dict(cls, d: dict[str, Any]) -> Plan:
        """A plan from its JSON: ``plan.json`` as written by pamam, or a hand transcription.

        A transcription may put the document's fields at the top level and give each
        échéancier as the printed phrase; such phrases are normalised here (with the
        edition's publication date, when it has one). The caller validates the shape first
        (``pamam.plans`` checks it against the JSON Schema).
        """
        from normalisation.echeances import normaliser

        doc = d.get("document") if isinstance(d.get("document"), dict) else d
        src = doc.get("source")
        document = Document(
            version=str(doc.get("version") or ""),
            titre=str(doc.get("titre") or ""),
            sous_titre=str(doc.get("sous_titre") or ""),
            libelle_version=str(doc.get("libelle_version") or ""),
            date_publication=_date(doc.get("date_publication")),
            source=Source(str(src.get("fichier") or ""), str(src.get("sha256") or ""), int(src.get("pages") or 0))
            if isinstance(src, dict) else None,
        )
        publication = document.date_publication

        def livrable(li: dict[str, Any]) -> Livrable:
            e = li.get("echeancier")
            echeance = Echeance.depuis_dict(e) if isinstance(e, dict) else normaliser(str(e or ""), publication)
            return Livrable(
                texte=str(li.get("texte") or ""),
                echeance=echeance,
                page=li.get("page"),
                colonnes_supplementaires={str(k): str(v)
                                          for k, v in (li.get("colonnes_supplementaires") or {}).items()},
                evenements=[Evenement.depuis_dict(x) for x in li.get("evenements") or []],
                cadres=[Cadre(str(c["role"]), int(c["page"]), float(c["x0"]), float(c["top"]), float(c["x1"]),
                              float(c["bottom"])) for c in li.get("cadres") or []],
            )

        sections = [
            Section(
                code=str(s.get("code") or ""),
                titre=str(s.get("titre") or ""),
                objectif=str(s.get("objectif") or ""),
                actions=[
                    Action(str(a.get("numero") or ""), str(a.get("titre") or ""), [
                        Mesure(str(m.get("numero") or ""), str(m.get("titre") or ""),
                               [livrable(li) for li in m.get("livrables") or []])
                        for m in a.get("mesures") or []])
                    for a in s.get("actions") or []
                ],
            )
            for s in d.get("sections") or []
        ]
        qualite = Qualite.depuis_dict(d["qualite"]) if isinstance(d.get("qualite"), dict) else None
        return cls(document, sections, qualite)


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
