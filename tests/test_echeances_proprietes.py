"""Properties of the deadline normaliser on generated phrases (hypothesis).

Why: the table shows chosen phrases; these show that *no* input crashes it and that every
answer keeps the contract's promises — every key, a known statut, debut ≤ fin, an EDTF
string that parses and says the same window as debut/fin, milestones inside the
top-level window — and that case, accents, quotes and dashes never change the reading.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalisation.echeances import CLES, PRECISIONS, STATUTS
from normalisation.echeances import normaliser as lire_echeance
from normalisation.echeances.vocabulaire import vocabulaire

REGLES = frozenset(vocabulaire().regles)

# fmt: off
FRAGMENTS = [
    "hiver", "Été", "ete", "automne", "Printemps", "mars", "sept.", "décembre", "1er", "31", "15",
    "2023", "2025", "2026", "2026-2027", "2025-26", "2099", "1899", "T3", "S1", "trimestre",
    "semestre", "2e", "exercice", "financier", "année", "de", "du", "l’", "l'", "à", "au", "et",
    "ou", "plus", "dès", "Dès", "à partir de", "d’ici", "la", "fin", "début", "mi-", "avant",
    "après", "au plus tard", "jusqu’en", "entre", "chaque", "annuellement", "tous les", "deux",
    "ans", "mois", "Réalisé", "réalisée", "en cours", "en continu", "reporté", "abandonné",
    "à déterminer", "une date ultérieure", "lors de", "selon", "prochaine version", "Phase 1",
    ":", ";", ",", "–", "—", "-", "(", ")", "(1)", "*", "¹", "\n", "  ", "+", "/", "bla",
    "T2", "2026-T2", "S3", "Q4", "Progrès limité", "en bonne voie", "non commencé", "ne va pas de l’avant",
    "au cours des années", "pour la période", "tout au long de", "Dépôt du rapport", "puis", "Lancement",
    "seront publiés", "au plus tard le 31 mars", "mi-février", "2027", "et en cours",
]
# fmt: on
phrases_du_genre = st.lists(st.sampled_from(FRAGMENTS), max_size=9).map(" ".join)
phrases = st.one_of(phrases_du_genre, st.text(max_size=60), phrases_du_genre.map(lambda t: t.replace(" ", "")))

# --- a strict validator for the EDTF subset the normaliser writes ---------------------------
_DATE = r"(?P<a{n}>\d{{4}})(?:-(?P<m{n}>\d\d)(?:-(?P<j{n}>\d\d))?)?"
_EDTF = re.compile(rf"(?:{_DATE.format(n=1)}|(?P<o1>\.\.))(?:/(?:{_DATE.format(n=2)}|(?P<o2>\.\.)))?")
# Season codes, astronomical (the default conventions); winter (24) is never written as a code.
_SAISONS = {21: ((3, 20), (6, 20)), 22: ((6, 21), (9, 21)), 23: ((9, 22), (12, 20))}

def normaliser(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The contract's JSON form of a phrase's ``Echeance``: what these checks are written against."""
    return lire_echeance(*args, **kwargs).en_dict()



def _bornes(m: re.Match[str], n: int) -> tuple[date, date]:
    """First and last day an EDTF date names (a day, a month, a season code, a year)."""
    a, mm, j = m[f"a{n}"], m[f"m{n}"], m[f"j{n}"]
    an = int(a)
    if mm is None:
        return date(an, 1, 1), date(an, 12, 31)
    mois = int(mm)
    if j is not None:
        d = date(an, mois, int(j))
        return d, d
    if mois in _SAISONS:
        (m1, j1), (m2, j2) = _SAISONS[mois]
        return date(an, m1, j1), date(an, m2, j2)
    assert 1 <= mois <= 12, f"month {mois}"
    suivant = date(an + (mois == 12), mois % 12 + 1, 1)
    return date(an, mois, 1), suivant - timedelta(days=1)


def fenetre_edtf(edtf: str) -> tuple[date | None, date | None]:
    """(debut, fin) an EDTF string of the subset names; AssertionError when it is not valid."""
    m = _EDTF.fullmatch(edtf)
    assert m, f"not EDTF: {edtf!r}"
    intervalle = "/" in edtf
    assert not (m["o1"] and not intervalle), edtf
    assert not (m["o1"] and m["o2"]), edtf
    debut = None if m["o1"] else _bornes(m, 1)
    if not intervalle:
        assert debut is not None
        return debut
    fin = None if m["o2"] else _bornes(m, 2)
    lo = None if debut is None else debut[0]
    hi = None if fin is None else fin[1]
    if lo and hi:
        assert lo <= hi, edtf
    return lo, hi


def _verifier(d: dict[str, Any], texte: str) -> None:
    assert tuple(d) == CLES
    assert d["texte"] == " ".join(texte.split())
    assert d["statut"] in STATUTS
    assert d["precision"] in (*PRECISIONS, None)
    for cle in ("ouvert", "non_reconnu", "en_retard"):
        assert isinstance(d[cle], bool)
    debut = None if d["debut"] is None else date.fromisoformat(d["debut"])
    fin = None if d["fin"] is None else date.fromisoformat(d["fin"])
    if debut and fin:
        assert debut <= fin
    if d["non_reconnu"]:
        assert d["statut"] == "indetermine"
        assert (d["debut"], d["fin"], d["precision"], d["edtf"], d["condition"], d["recurrence"]) == (None,) * 6
        assert d["jalons"] == [] and d["ouvert"] is False
    if d["ouvert"]:
        assert debut is not None and fin is None
    assert (d["edtf"] is None) == (debut is None and fin is None)
    assert (d["precision"] is None) == (d["edtf"] is None)
    if d["edtf"] is not None:
        assert fenetre_edtf(d["edtf"]) == (debut, fin), d["edtf"]
    if d["recurrence"] is not None:
        assert re.fullmatch(
            r"FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY)(;INTERVAL=\d+)?(;BYMONTH=\d\d?(,\d\d?)*)?"
            r"(;BYMONTHDAY=-?\d\d?)?(;UNTIL=\d{8})?",
            d["recurrence"],
        )
    if d["statut"] == "recurrent":
        assert d["recurrence"]
    if d["statut"] == "conditionnel":
        assert d["condition"] and debut is None and fin is None
    # Why: the rules that read the phrase, each a rule of the vocabulary, none when not understood.
    assert isinstance(d["regles"], list)
    assert bool(d["regles"]) is not d["non_reconnu"]
    assert set(d["regles"]) <= REGLES and len(set(d["regles"])) == len(d["regles"])
    for j in d["jalons"]:
        assert set(j["regles"]) <= REGLES
        assert bool(j["regles"]) is not j["non_reconnu"]
    for j in d["jalons"]:
        assert j["libelle"]
        assert set(CLES) - {"jalons"} <= set(j)
        if j["debut"]:  # no top-level start: the window is open before, it holds the milestone
            assert debut is None or debut <= date.fromisoformat(j["debut"])
        if j["fin"]:
            assert fin is None or date.fromisoformat(j["fin"]) <= fin
        if j["edtf"] is not None:
            jd = None if j["debut"] is None else date.fromisoformat(j["debut"])
            jf = None if j["fin"] is None else date.fromisoformat(j["fin"])
            assert fenetre_edtf(j["edtf"]) == (jd, jf)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(phrases)
def test_aucune_phrase_ne_casse_les_promesses(texte: str) -> None:
    _verifier(normaliser(texte), texte)


@settings(max_examples=200, deadline=None)
@given(phrases, st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_en_retard_selon_la_publication(texte: str, publication: date) -> None:
    d = normaliser(texte, publication=publication)
    _verifier(d, texte)
    attendu = bool(
        d["fin"] and d["fin"] < publication.isoformat() and d["statut"] in ("planifie", "conditionnel", "indetermine")
    )
    assert d["en_retard"] is attendu


def _sans_accents(t: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c))


def _lecture(d: dict[str, Any]) -> dict[str, Any]:
    """What a phrase means, without what is copied from its printed form."""
    garder = ("statut", "debut", "fin", "precision", "ouvert", "recurrence", "edtf", "non_reconnu")
    return {k: d[k] for k in garder} | {
        "condition": d["condition"] is None,
        "jalons": [(j["debut"], j["fin"], j["statut"]) for j in d["jalons"]],
    }


@settings(max_examples=300, deadline=None)
@given(phrases_du_genre)
def test_casse_accents_apostrophes_et_tirets_indifferents(texte: str) -> None:
    attendu = _lecture(normaliser(texte))
    assert _lecture(normaliser(texte.upper())) == attendu
    assert _lecture(normaliser(texte.lower())) == attendu
    assert _lecture(normaliser(_sans_accents(texte))) == attendu
    assert _lecture(normaliser(texte.replace("’", "'"))) == attendu
    assert _lecture(normaliser(texte.replace("–", "—").replace("—", "-"))) == attendu
    assert _lecture(normaliser("  " + texte.replace(" ", " \n ") + "  ")) == attendu


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Hiver 2024", "Automne 2023 et plus", "2026-2027", "Mars 2027", "Réalisé"]),
    st.sampled_from(["*", "¹", " (1)", " [2]", " (à confirmer)", ".", " ²"]),
)
def test_appels_de_note_indifferents(texte: str, note: str) -> None:
    assert _lecture(normaliser(texte + note)) == _lecture(normaliser(texte))


def test_validateur_edtf() -> None:
    """The validator itself: it accepts what the contract writes and refuses the rest."""
    assert fenetre_edtf("2027-12-31") == (date(2027, 12, 31), date(2027, 12, 31))
    assert fenetre_edtf("2023-23/..") == (date(2023, 9, 22), None)
    assert fenetre_edtf("2026-04-01/2027-03-31") == (date(2026, 4, 1), date(2027, 3, 31))
    assert fenetre_edtf("../2027") == (None, date(2027, 12, 31))
    for mauvais in ("2027-13", "2027-02-30", "../..", "..", "2026-24-01", "2027/2026", "hiver"):
        try:
            fenetre_edtf(mauvais)
        except (AssertionError, ValueError):
            continue
        raise AssertionError(f"accepted {mauvais!r}")
