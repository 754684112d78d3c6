"""Pair the sections, actions, measures and livrables of two editions by content.

Between editions a measure may be renumbered (2.3 becomes 2.2 once 2.2 is gone), a
title or a livrable reworded, a livrable moved to another measure. Pairing by number
would report each of those as a removal plus an addition, which is what analysts must
not be told. Each level is therefore paired by similarity of its text and of its
content, solved as a global assignment (``assignation.affecter``), with the number only
breaking ties.

Similarity is rapidfuzz's ``ratio`` and ``token_set_ratio`` averaged, on text folded to
lowercase without accents or punctuation: ``ratio`` follows word order and spelling,
``token_set_ratio`` forgives words added at one end ("Rapport annuel" →
"Rapport annuel de suivi"); averaging keeps a short text from matching
every longer one that contains it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from rapidfuzz import fuzz

from normalisation.modele import Action, Livrable, Mesure, Noeud, Plan, Section
from pamam.comparaison.assignation import affecter

#: Sections: weighted title/content score needed to pair two sections. A section title is
#: a handful of capitalised words; a reworded title keeps its actions, so
#: content carries 30 % and an unchanged letter adds ``BONUS_CODE_SECTION``.
SEUIL_SECTION = 60.0
BONUS_CODE_SECTION = 10.0

#: Actions: title similarity (60 %) plus similarity of their measures' titles (40 %).
#: 60 keeps a reworded action with the same measures, and rejects two unrelated actions
#: (unrelated French titles of this genre score 30–50).
SEUIL_ACTION = 60.0

#: Measures: title similarity (65 %) plus similarity of their livrables (35 %). A title
#: reworded to half its words still pairs when the livrables stayed; a title kept with
#: every livrable replaced still pairs on the title (≥ 65 + 35 × ~30).
SEUIL_MESURE = 60.0
POIDS_TITRE_MESURE = 0.65

#: Livrables of two paired measures: similarity needed to call one a rewording of the
#: other. Sibling livrables of one measure often share half their words (two
#: "Allègement de …" siblings score ~75), which the global assignment sorts out; an
#: unrelated replacement scores under 55.
SEUIL_LIVRABLE = 60.0

#: Livrables left unpaired inside their measures, compared across the whole plan: only
#: a near-identical text (small edits allowed) is taken as the same livrable having
#: moved; anything looser would pair generic phrases across unrelated measures.
SEUIL_LIVRABLE_DEPLACE = 90.0

#: Tie-breakers, too small to overturn a real difference in text: same number, same
#: (already paired) parent, same deadline phrase.
BONUS_NUMERO = 2.0
BONUS_PARENT = 3.0
BONUS_ECHEANCE = 3.0

_PONCTUATION = re.compile(r"[^\w]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})

N = TypeVar("N", bound=Noeud)


@lru_cache(maxsize=8192)
def minuscules_sans_ponctuation(texte: str) -> str:
    """Fold a text for matching: lowercase, no accents, no punctuation, single spaces.

    Accents are stripped (not kept) so that a PDF producer's decomposed "é" or a
    transcription's missing accent does not count as a rewording.
    """
    t = unicodedata.normalize("NFKD", texte.translate(_LIGATURES)).lower()
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(_PONCTUATION.sub(" ", t).replace("_", " ").split())


#: Optional extra folding applied after ``minuscules_sans_ponctuation`` (e.g. spaCy lemmas).
Pretraitement = Callable[[str], str]


class Similarite:
    """Text similarity in [0, 100], cached, with an optional pre-processing step."""

    def __init__(self, pretraitement: Pretraitement | None = None) -> None:
        self._pre = pretraitement
        self._cache: dict[tuple[str, str], float] = {}
        self._formes: dict[str, str] = {}

    def forme(self, texte: str) -> str:
        """The folded form compared for ``texte``."""
        f = self._formes.get(texte)
        if f is None:
            f = minuscules_sans_ponctuation(texte)
            if self._pre is not None:
                f = self._pre(f)
            self._formes[texte] = f
        return f

    def __call__(self, a: str, b: str) -> float:
        cle = (a, b)
        s = self._cache.get(cle)
        if s is None:
            fa, fb = self.forme(a), self.forme(b)
            if fa == fb:
                s = 100.0
            elif not fa or not fb:
                s = 0.0
            else:
                s = (fuzz.ratio(fa, fb) + fuzz.token_set_ratio(fa, fb)) / 2
            self._cache[cle] = s
        return s

    def ensembles(self, a: Sequence[str], b: Sequence[str]) -> float | None:
        """How alike two lists of texts are: mean best-match similarity, both ways.

        None when both lists are empty (nothing to say), 0 when only one is.
        """
        if not a and not b:
            return None
        if not a or not b:
            return 0.0
        aller = sum(max(self(x, y) for y in b) for x in a) / len(a)
        retour = sum(max(self(x, y) for x in a) for y in b) / len(b)
        return (aller + retour) / 2


def _melange(titre: float, contenu: float | None, poids_titre: float) -> float:
    return titre if contenu is None else poids_titre * titre + (1 - poids_titre) * contenu


@dataclass
class Appariement:
    """Pairs old → new at every level, plus the livrables paired across measures."""

    avant: Plan
    apres: Plan
    sections: dict[Section, Section] = field(default_factory=dict)
    actions: dict[Action, Action] = field(default_factory=dict)
    mesures: dict[Mesure, Mesure] = field(default_factory=dict)
    livrables: dict[Livrable, Livrable] = field(default_factory=dict)
    scores: dict[Noeud, float] = field(default_factory=dict)  # old element → pairing score

    def __post_init__(self) -> None:
        self._inverse: dict[Noeud, Noeud] | None = None

    def homologue(self, noeud: Noeud) -> Any:
        """The element paired with ``noeud`` in the other edition, or None."""
        for table in (self.sections, self.actions, self.mesures, self.livrables):
            if noeud in table:
                return table[noeud]
        if self._inverse is None:
            self._inverse = {}
            for table in (self.sections, self.actions, self.mesures, self.livrables):
                self._inverse.update({n: o for o, n in table.items()})  # type: ignore[misc]
        return self._inverse.get(noeud)

    def deplace(self, ancien: Livrable) -> bool:
        """True when the livrable now sits in a measure that is not its old one's pair."""
        nouveau = self.livrables.get(ancien)
        return nouveau is not None and self.mesures.get(ancien.mesure) is not nouveau.mesure


def _apparier(
    anciens: list[N], nouveaux: list[N], score: Callable[[N, N], float], seuil: float, app: Appariement
) -> dict[N, N]:
    matrice = [[score(a, b) for b in nouveaux] for a in anciens]
    paires = affecter(matrice, seuil)
    for i, j in paires:
        app.scores[anciens[i]] = matrice[i][j]
    return {anciens[i]: nouveaux[j] for i, j in paires}


def apparier(pa: Plan, pn: Plan, pretraitement: Pretraitement | None = None) -> Appariement:
    """Pair two editions level by level, top down, each level using the one above.

    ``pretraitement`` optionally folds texts further before comparing (see
    ``lemmes.lemmatiseur``).
    """
    sim = Similarite(pretraitement)
    app = Appariement(pa, pn)

    def score_section(a: Section, b: Section) -> float:
        contenu = sim.ensembles([x.titre for x in a.actions], [x.titre for x in b.actions])
        s = _melange(sim(a.titre, b.titre), contenu, 0.7)
        return s + (BONUS_CODE_SECTION if a.code == b.code else 0.0)

    app.sections = _apparier(pa.sections, pn.sections, score_section, SEUIL_SECTION, app)

    def score_action(a: Action, b: Action) -> float:
        contenu = sim.ensembles([x.titre for x in a.mesures], [x.titre for x in b.mesures])
        s = _melange(sim(a.titre, b.titre), contenu, 0.6)
        s += BONUS_NUMERO if a.numero == b.numero else 0.0
        return s + (BONUS_PARENT if app.sections.get(a.section) is b.section else 0.0)

    app.actions = _apparier(pa.actions, pn.actions, score_action, SEUIL_ACTION, app)

    def score_mesure(a: Mesure, b: Mesure) -> float:
        contenu = sim.ensembles([x.texte for x in a.livrables], [x.texte for x in b.livrables])
        s = _melange(sim(a.titre, b.titre), contenu, POIDS_TITRE_MESURE)
        s += BONUS_NUMERO if a.numero == b.numero else 0.0
        return s + (BONUS_PARENT if app.actions.get(a.action) is b.action else 0.0)

    app.mesures = _apparier(pa.mesures, pn.mesures, score_mesure, SEUIL_MESURE, app)

    def score_livrable(a: Livrable, b: Livrable) -> float:
        s = sim(a.texte, b.texte)
        s += BONUS_NUMERO if a.numero == b.numero else 0.0
        if sim.forme(a.echeance.texte) == sim.forme(b.echeance.texte):
            s += BONUS_ECHEANCE
        return s

    # Within each pair of measures first: there, context vouches for a looser match.
    for ma, mb in app.mesures.items():
        app.livrables.update(_apparier(ma.livrables, mb.livrables, score_livrable, SEUIL_LIVRABLE, app))

    # Then whatever is left, across the whole plan: a livrable that moved.
    restants_a = [x for x in pa.livrables if x not in app.livrables]
    pris = set(app.livrables.values())
    restants_b = [x for x in pn.livrables if x not in pris]
    if restants_a and restants_b:
        app.livrables.update(
            _apparier(restants_a, restants_b, lambda a, b: sim(a.texte, b.texte), SEUIL_LIVRABLE_DEPLACE, app)
        )
    return app
