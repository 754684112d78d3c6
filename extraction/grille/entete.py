"""Finding a table's header row and the columns it names.

The header row (ACTION / MISE EN ŒUVRE / LIVRABLE / ÉCHÉANCIER, or synonyms from
``vocabulaire.toml``) is what makes a table a synoptic table; it also says where the
columns are and which one holds what. Producers print it in many ways, all read here:
on one line, wrapped on two lines in narrow columns, on two levels (a label such as
"MISE EN ŒUVRE" over the MESURE and LIVRABLE columns), with the labels vertically
centred in a tall header (so that the lines of one header sit at three different heights),
and with narrow numbering columns ("N°") before the action or measure column. Any column
it names that we do not know is kept as an extra column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extraction.modele import Colonne, Ligne, Mot, Segment
from extraction.vocabulaire import (
    est_intitule,
    etiquettes_numerotation,
    majuscules_sans_accents,
    motif,
    mots_entete,
    numerotation,
    role_entete,
)

ROLES_REQUIS = 3  # at least three of the four known columns must be named
LIGNES_MAX = 4  # a header holds at most this many lines of labels
ECART_MAX = 3.5  # between two lines of one header, in type sizes (labels centred in tall cells)
ROLES_NUMEROTES = ("action", "mesure")


@dataclass(slots=True)
class CelluleEntete:
    texte: str
    role: str  # a column role, "autre", or "numero_action"/"numero_mesure"/"numero" for numbering columns
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


def _phrases(mots: list[Mot], verticales: list[float]) -> list[list[Mot]]:
    """Words of one header line grouped into labels: by horizontal gaps, never across a
    vertical ruling, and a numbering label apart from a label set more than a space away."""
    phrases: list[list[Mot]] = []
    for mot in sorted(mots, key=lambda m: m.x0):
        if phrases:
            p = phrases[-1]
            fin = max(m.x1 for m in p)
            ecart = 1.5 * max(m.taille for m in p)
            separe = any(fin - 0.5 < v < mot.x0 + 0.5 for v in verticales)
            # "N°" of a narrow numbering column set close to the next label: wider than a space.
            numero = (len(p) == 1 and majuscules_sans_accents(p[0].texte).strip(".:") in etiquettes_numerotation()
                      and mot.x0 - fin > 0.5 * p[0].taille)
            if not separe and not numero and mot.x0 - fin < ecart:
                p.append(mot)
                continue
        phrases.append([mot])
    return phrases


def _etendue(mots: list[Mot]) -> tuple[float, float]:
    return min(m.x0 for m in mots), max(m.x1 for m in mots)


def _texte(phrases: list[list[Mot]]) -> str:
    return " ".join(" ".join(m.texte for m in p) for p in phrases)


def _role(phrases: list[list[Mot]]) -> str | None:
    """The column role named by stacked labels, a label broken at a hyphen rejoined
    ("ÉCHÉAN-" / "CIER"); "numero…" for a numbering column, "intitule" for a title column
    under a group label."""
    texte = re.sub(r"(\w)- (\w)", r"\1\2", _texte(phrases))
    role = role_entete(texte)
    if role is not None:
        return role
    est_numero, cible = numerotation(texte)
    if est_numero:
        return f"numero_{cible}" if cible else "numero"
    return "intitule" if est_intitule(texte) else None


@dataclass(slots=True)
class _Pile:
    """One column's labels, top to bottom, and the group labels set over it."""

    phrases: list[list[Mot]]
    groupe: list[list[Mot]]
    niveau: int  # index of its lowest line in the header

    @property
    def etendue(self) -> tuple[float, float]:
        return _etendue([m for p in self.phrases for m in p])


def _piles(lignes: list[Ligne], verticales: list[Segment]) -> list[_Pile]:
    """Header labels stacked into columns, left to right.

    Labels of successive lines that overlap horizontally are one column's (a label wrapped
    on two lines), except a label above several separate ones: that is a group label over
    them ("MISE EN ŒUVRE" over MESURE and LIVRABLE), which names no column of its own.
    """
    piles: list[_Pile] = []
    for niveau, ligne in enumerate(lignes):
        arrivees: dict[int, list[list[Mot]]] = {}
        nouvelles: list[_Pile] = []
        etendues = [pile.etendue for pile in piles]
        # Rulings that cross this line (one under a group label does not part it).
        traits = [v.x0 for v in verticales if v.top < ligne.bottom - 1 and v.bottom > ligne.top + 1]
        for p in _phrases(ligne.mots, traits):
            x0, x1 = _etendue(p)
            recouvrements = [(min(x1, b) - max(x0, a), k) for k, (a, b) in enumerate(etendues)]
            recouvrements = [(r, k) for r, k in recouvrements if r > 0]
            if recouvrements:
                arrivees.setdefault(max(recouvrements)[1], []).append(p)
            else:
                nouvelles.append(_Pile([p], [], niveau))
        suivantes: list[_Pile] = []
        for k, pile in enumerate(piles):
            venues = arrivees.get(k, [])
            if len(venues) >= 2:
                # A group label over several columns: each label below starts its own.
                suivantes.extend(_Pile([v], pile.groupe + pile.phrases, niveau) for v in venues)
            else:
                suivantes.append(_Pile(pile.phrases + venues, pile.groupe, niveau if venues else pile.niveau))
        piles = sorted(suivantes + nouvelles, key=lambda pile: pile.etendue[0])
    return piles


def _cellule(pile: _Pile) -> tuple[CelluleEntete, str | None, int]:
    """One column from its stacked labels, and the role its group label names, if any. A
    label over a column that names a role of its own while the labels under it name one
    too is a group label ("MISE EN ŒUVRE" over "MESURE"); so is a label under which the
    rest reads as a column when the whole does not ("RÉALISATION" over "LIVRABLE")."""
    garder, groupe = pile.phrases, pile.groupe
    entier = _role(garder)
    for k in range(1, len(garder)):
        dessous = _role(garder[k:])
        if dessous is not None and (entier is None or _role(garder[:k]) is not None):
            garder, groupe = garder[k:], groupe + garder[:k]
            break
    role = _role(garder) or "autre"
    x0, x1 = _etendue([m for p in garder for m in p])
    return CelluleEntete(_texte(garder), role, x0, x1), (_role(groupe) if groupe else None), pile.niveau


def _etiquettes_de_groupe(cellules: list[CelluleEntete], groupes: list[str | None], niveaux: list[int]
                           ) -> tuple[list[CelluleEntete], list[str | None], list[int]]:
    """Without the group labels that overlap none of the columns they head (a label
    centred over two columns, between their own labels): a label set above the lines of
    both its neighbours that names no column, or names one another column names too."""
    roles = [c.role for c in cellules]
    gardees: list[int] = []
    groupes = list(groupes)
    for k, c in enumerate(cellules):
        entre = 0 < k < len(cellules) - 1 and niveaux[k - 1] > niveaux[k] < niveaux[k + 1]
        inutile = c.role in ("autre", "intitule", "numero") or roles.count(c.role) > 1
        if entre and inutile:
            for j in (k - 1, k + 1):
                groupes[j] = groupes[j] or (c.role if c.role in ROLES_NUMEROTES else None)
            continue
        gardees.append(k)
    return [cellules[k] for k in gardees], [groupes[k] for k in gardees], [niveaux[k] for k in gardees]


def _sous_groupes(cellules: list[CelluleEntete], groupes: list[str | None]) -> None:
    """Columns under a group label that names a role ("ACTION" over "N°" and "INTITULÉ"):
    the numbering column numbers it, the title column is it. A title column whose group
    label stands over its neighbour only (a label set on the left of a merged cell) takes
    the neighbour's."""
    for k, c in enumerate(cellules):
        groupe = groupes[k] or (groupes[k - 1] if k and c.role == "intitule" else None)
        if groupe not in ROLES_NUMEROTES:
            if c.role == "intitule":
                c.role = "autre"
            continue
        if c.role == "intitule":
            c.role = groupe
        elif c.role == "numero":
            c.role = f"numero_{groupe}"


def _numerotations(cellules: list[CelluleEntete]) -> None:
    """A numbering column numbers the action or measure column it names, else the one on
    its right ("N° | ACTION"), else the one on its left; one naming a column that the
    header does not have otherwise is that column."""
    presents = {c.role for c in cellules}
    for k, c in enumerate(cellules):
        if not c.role.startswith("numero"):
            continue
        cible = c.role.removeprefix("numero").removeprefix("_") or None
        if cible is not None:
            c.role = f"numero_{cible}" if cible in presents else cible
            continue
        voisins = [cellules[j].role for j in (k + 1, k - 1) if 0 <= j < len(cellules)]
        cible = next((r for r in voisins if r in ROLES_NUMEROTES), None)
        c.role = f"numero_{cible}" if cible else "numero"


def _mot_d_entete(m: Mot) -> bool:
    return _texte_d_entete(m.texte)


@lru_cache(maxsize=8192)
def _texte_d_entete(texte: str) -> bool:
    """Is a word one of the header vocabulary's (a column name's, a numbering or title label)?"""
    return majuscules_sans_accents(texte).strip(".:") in mots_entete()


def _proportion_entete(ligne: Ligne) -> float:
    return sum(1 for m in ligne.mots if _texte_d_entete(m.texte)) / len(ligne.mots)


def _etiquettes_de_groupe_seules(ligne: Ligne, entete: Ligne) -> bool:
    """A line of group labels over a header ("PLANIFICATION   SUIVI", "Planification"
    in bold): short labels in capitals or capitalised bold words, in the header's type,
    without figures; no section heading, no edition label ("NOVEMBRE 2023") nor title set
    above the table."""
    texte = ligne.texte
    capitales = texte == texte.upper() or (  # or bold, each word capitalised but small ones ("Suivi de la mise")
        all(m.gras for m in ligne.mots) and all(m.texte[:1].isupper() or len(m.texte) <= 3 for m in ligne.mots))
    if (not any(ch.isalpha() for ch in texte) or not capitales or any(ch.isdigit() for ch in texte)
            or abs(ligne.taille - entete.taille) > 0.6 or motif("section").match(texte)):
        return False
    return all(len(p) <= 3 for p in _phrases(ligne.mots, []))


def _essayer(lignes: list[Ligne], verticales: list[Segment]) -> Entete | None:
    mots = [m for li in lignes for m in li.mots]
    # A header is made of header words; prose that merely mentions "action" is not,
    # and neither is a line of prose set just above a header row.
    if sum(1 for m in mots if _mot_d_entete(m)) < ROLES_REQUIS:
        return None
    # A label line over a cell's title ("ACTION 1   MESURE 1.1") is made of header words
    # too, but numbers them: a header names columns, it numbers nothing.
    numero = motif("numero_seul")
    if any(m.texte[:1].isdigit() and numero.match(m.texte) for m in mots):
        return None
    de_groupe: set[int] = set()  # lines read only as group labels (no header word)
    for k, li in enumerate(lignes):
        if sum(1 for m in li.mots if _mot_d_entete(m)) < 0.5 * len(li.mots):
            if k == len(lignes) - 1 or not _etiquettes_de_groupe_seules(li, lignes[-1]):
                return None
            de_groupe.add(k)
    lues = [_cellule(p) for p in _piles(lignes, verticales)]
    cellules, groupes, niveaux = _etiquettes_de_groupe([c for c, _, _ in lues], [g for _, g, _ in lues],
                                                       [n for *_, n in lues])
    if any(n in de_groupe for n in niveaux):
        return None  # capitals above the header that head no columns are no group labels
    _sous_groupes(cellules, groupes)
    vus: set[str] = set()
    for c in cellules:
        if c.role in vus and c.role not in ("numero", "autre"):
            c.role = "autre"  # a second column naming a known role is kept as an extra one
        vus.add(c.role)
    _numerotations(cellules)
    roles = [c.role for c in cellules if c.role in ("action", "mesure", "livrable", "echeancier")]
    if len(roles) < ROLES_REQUIS or "livrable" not in roles:
        return None
    autres = [c for c in cellules if c.role == "autre"]
    if len(autres) > 2 or any(len(c.texte) > 40 for c in autres):
        return None
    return Entete(min(li.top for li in lignes), max(li.bottom for li in lignes), cellules, lignes)


def _rang(e: Entete | None) -> tuple[int, int, int]:
    """Preference between readings: more known columns, then fewer unknown, then more
    lines (a label's second line belongs to the header, not to the first row)."""
    if e is None:
        return (-1, 0, 0)
    connus = sum(1 for c in e.cellules if c.role in ("action", "mesure", "livrable", "echeancier"))
    return (connus, -sum(1 for c in e.cellules if c.role == "autre"), len(e.lignes))


def _gras(ligne: Ligne) -> bool:
    return 2 * sum(1 for m in ligne.mots if m.gras) > len(ligne.mots)


def trouver_entetes(lignes: list[Ligne], segments: list[Segment]) -> list[Entete]:
    """Every header row on a page, top to bottom (one per table fragment)."""
    verticales = [s for s in segments if not s.horizontal]
    # Computed once per line: most lines of a page hold no header word and start no window.
    entete = [_proportion_entete(li) for li in lignes]
    trouves: list[Entete] = []
    i = 0
    while i < len(lignes):
        if entete[i] < 0.5 and not (i + 1 < len(lignes) and entete[i + 1] > 0
                                    and _etiquettes_de_groupe_seules(lignes[i], lignes[i + 1])):
            i += 1
            continue
        candidat = _essayer([lignes[i]], verticales) if entete[i] >= 0.5 else None
        # A header may run over several lines set close together, in the same weight:
        # a wrapped label, a group label over two columns, labels centred at different
        # heights in a tall header row.
        fenetre = [lignes[i]]
        j = i + 1
        while j < len(lignes) and len(fenetre) < LIGNES_MAX:
            suivante = lignes[j]
            if (suivante.top - fenetre[-1].bottom >= ECART_MAX * fenetre[-1].taille
                    or entete[j] == 0 or _gras(suivante) != _gras(lignes[i])):
                break
            fenetre.append(suivante)
            essai = _essayer(list(fenetre), verticales)
            if _rang(essai) > _rang(candidat):
                candidat = essai
            j += 1
        if candidat:
            trouves.append(candidat)
            i += len(candidat.lignes)
        else:
            i += 1
    return trouves


def numeros_sans_etiquette(entete: Entete, corps: list[Ligne], precedentes: list[Colonne] | None = None) -> None:
    """Numbers printed in a column of their own that the header leaves without a label:
    bare numbers ("1", "1.1.") set one above the other at the same place, each well apart
    from what precedes and follows on its line, between the labels of two columns (a single one will do
    where the previous table had such a column). They become a numbering column of the
    action or measure column on their right."""
    connues = [(c.x0, c.x1) for c in precedentes or () if c.role.startswith("numero") and not c.entete]
    numero = motif("numero_seul")
    places: list[Mot] = []
    for li in corps:
        for k, m in enumerate(li.mots):
            suivant = li.mots[k + 1] if k + 1 < len(li.mots) else None
            precedent = li.mots[k - 1] if k else None  # "ACTION 1": a label's number, not a column
            if (numero.match(m.texte) and (suivant is None or suivant.x0 - m.x1 >= m.taille)
                    and (precedent is None or m.x0 - precedent.x1 >= m.taille)):
                places.append(m)
    ajouts: list[CelluleEntete] = []
    for a, b in _grappes_x([m.x0 for m in places]):
        colonne = [m for m in places if a <= m.x0 <= b]
        x0, x1 = min(m.x0 for m in colonne), max(m.x1 for m in colonne)
        if len(colonne) < 2 and not any(a0 - 1 <= x0 and x1 <= a1 + 1 for a0, a1 in connues):
            continue
        droite = next((k for k, c in enumerate(entete.cellules) if c.x0 > x1), None)
        if droite is None or entete.cellules[droite].role not in ROLES_NUMEROTES:
            continue
        if droite > 0 and entete.cellules[droite - 1].x1 > x0:
            continue  # under another column's label: that column's own text
        if droite > 0 and entete.cellules[droite - 1].role.startswith("numero"):
            continue
        ajouts.append(CelluleEntete("", f"numero_{entete.cellules[droite].role}", x0, x1))
    if ajouts:
        entete.cellules = sorted(entete.cellules + ajouts, key=lambda c: c.x0)


def _grappes_x(valeurs: list[float], tolerance: float = 3.0) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for v in sorted(valeurs):
        if out and v - out[-1][1] <= tolerance:
            out[-1][1] = v
        else:
            out.append([v, v])
    return [(a, b) for a, b in out]
