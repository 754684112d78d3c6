"""Finding a table's header row and the columns it names.

The header row (ACTION / MISE EN ŒUVRE / LIVRABLE / ÉCHÉANCIER, or synonyms from
``vocabulaire.toml``) is what makes a table a synoptic table; it also says where the
columns are and which one holds what. A header may wrap on two lines in narrow columns,
and any column it names that we do not know is kept as an extra column.
"""

from __future__ import annotations

from dataclasses import dataclass

from extraction.modele import Ligne, Mot, Segment
from extraction.vocabulaire import majuscules_sans_accents, mots_entete, role_entete

ROLES_REQUIS = 3  # at least three of the four known columns must be named


@dataclass(slots=True)
class CelluleEntete:
    texte: str
    role: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Entete:
    top: float
    bottom: float
    cellules: list[CelluleEntete]
    lignes: list[Ligne]


def _grappes(mots: list[Mot], verticales: list[float]) -> list[list[Mot]]:
    """Group header words into cells: by horizontal gaps, by overlap across the two
    lines of a wrapped header, and never across a vertical ruling."""
    grappes: list[list[Mot]] = []
    for mot in sorted(mots, key=lambda m: m.x0):
        if grappes:
            g = grappes[-1]
            gx1 = max(m.x1 for m in g)
            ecart = 1.5 * max(m.taille for m in g)
            separe = any(gx1 - 0.5 < v < mot.x0 + 0.5 for v in verticales)
            if not separe and mot.x0 - gx1 < ecart:
                g.append(mot)
                continue
        grappes.append([mot])
    return grappes


def _texte_grappe(g: list[Mot]) -> str:
    lignes: dict[int, list[Mot]] = {}
    for m in g:
        lignes.setdefault(round(m.top / 3), []).append(m)
    return " ".join(" ".join(m.texte for m in sorted(ls, key=lambda m: m.x0)) for _, ls in sorted(lignes.items()))


def _essayer(lignes: list[Ligne], verticales: list[float]) -> Entete | None:
    mots = [m for li in lignes for m in li.mots]
    connus = mots_entete()
    # A header is made of header words; prose that merely mentions "action" is not,
    # and neither is a line of prose set just above a header row.
    reconnus = sum(1 for m in mots if majuscules_sans_accents(m.texte).strip(".:") in connus)
    if reconnus < ROLES_REQUIS:
        return None
    for li in lignes:
        if sum(1 for m in li.mots if majuscules_sans_accents(m.texte).strip(".:") in connus) < 0.5 * len(li.mots):
            return None
    cellules = []
    vus: set[str] = set()
    for g in _grappes(mots, verticales):
        texte = _texte_grappe(g)
        role = role_entete(texte) or "autre"
        if role in vus:
            role = "autre"  # a second column naming a known role is kept as an extra one
        vus.add(role)
        cellules.append(CelluleEntete(texte, role, min(m.x0 for m in g), max(m.x1 for m in g)))
    roles = [c.role for c in cellules if c.role != "autre"]
    if len(roles) < ROLES_REQUIS or "livrable" not in roles:
        return None
    autres = [c for c in cellules if c.role == "autre"]
    if len(autres) > 2 or any(len(c.texte) > 40 for c in autres):
        return None
    return Entete(min(li.top for li in lignes), max(li.bottom for li in lignes), cellules, lignes)


def _rang(e: Entete | None) -> tuple[int, int, int]:
    """Preference between readings: more known columns, then fewer unknown, then fewer lines."""
    if e is None:
        return (-1, 0, 0)
    connus = sum(1 for c in e.cellules if c.role != "autre")
    return (connus, -(len(e.cellules) - connus), -len(e.lignes))


def trouver_entetes(lignes: list[Ligne], segments: list[Segment]) -> list[Entete]:
    """Every header row on a page, top to bottom (one per table fragment)."""
    verticales = [s.x0 for s in segments if not s.horizontal]
    trouves: list[Entete] = []
    i = 0
    while i < len(lignes):
        ligne = lignes[i]
        candidat = _essayer([ligne], verticales)
        # A wrapped header spans two lines set close together: try that reading too.
        if i + 1 < len(lignes) and lignes[i + 1].top - ligne.bottom < 0.8 * ligne.taille:
            double = _essayer([ligne, lignes[i + 1]], verticales)
            if _rang(double) > _rang(candidat):
                candidat = double
        if candidat:
            trouves.append(candidat)
            i += len(candidat.lignes)
        else:
            i += 1
    return trouves
