"""A hyphen at a line end: added by the typesetter (removed) or the compound's own (kept).

The contract: "Transports-" + "Municipalités" → "Transports-Municipalités" (a compound
broken after its hyphen keeps it and gains no space); "pra-" + "tiques" → "pratiques"
(automatic hyphenation split one word and its hyphen goes). Both print the same "-" at
the end of a line, so the decision needs evidence, taken in this order — the first that
speaks decides:

1. a soft hyphen (U+00AD) printed at the break is by definition the typesetter's;
2. digits on either side ("2025-" / "2026") make a range or a code, never a hyphenated word;
3. the document itself: the same pair printed on one line elsewhere, as the compound
   ("socio-économique") or as one word ("pratiques", "autodiagnostic") — the author's own
   spelling, the most reliable witness (every word of every page is counted, lazily);
4. a part of one letter ("a-t-" / "il"): hyphenators leave at least two each side;
5. the case changes at the break: a capital after the hyphen while the part before is not
   in capitals ("Transports-" / "Municipalités", "Chaudière-" / "Appalaches"), or an
   acronym before a lower-case word ("MRC-" / "villes"): a compound;
6. U+2010 HYPHEN at the break, in a document whose words never carry it inside a line
   (Chromium prints its breaks with U+2010 and the author's hyphens with "-"): the
   typesetter's;
7. a French lexicon: of the compound and the welded word, the one it lists ("porte-parole",
   "socio-économique" kept; "pratiques", "d’affaires" joined; the commoner when it lists
   both: "plateforme"); a part that is a prefix always written with a hyphen ("ex-",
   "anglo-", "mi-"), or a next line that starts with an elided article ("main-" /
   "d’œuvre") → kept; a welded prefix that is also a word ("ré-", "télé-") or a word
   ending that is also a word ("-ment") → joined; two words ("villages-" / "relais",
   "printemps-" / "été") → kept; otherwise — fragments no compound is made of ("pon-" /
   "ceaux") → joined.

The lexicon is pyspellchecker's French word list (≈ 140 000 forms, about 1 900 of them
hyphenated compounds; a 0.5 MB compressed file inside that small pure-Python package with
no dependency), read directly — not through the spell checker — and only when a line ends
with a hyphen that steps 1–6 left open: documents without hyphenation pay nothing, the
others about 0.15 s once per process. Measured on real breaks
(``tests/fixtures/cesure/coupures.tsv``: French hyphenation points from LibreOffice's
patterns over the genre's and everyday words, and the breaks of real compounds, place names
and grammatical compounds included), with no document evidence at all: 523/523 on the
list the rules were written against, 293/305 (96.1 %) on a second list written afterwards
and before any change, 300/305 after adding steps 4–5's second half and "judéo-" (left: four
proper names hyphenated as "La-" / "val", "Terre-" / "bonne", and "Salaberry-" /
"de-Valleyfield" — which their own document settles). wordfreq, the other maintained
French lexicon on PyPI, is 65 MB with four dependencies, loads in 0.5 s and cannot tell
a compound from two words (it splits at hyphens).

Language knowledge (elided articles, prefixes, word endings) is data: ``vocabulaire.toml`` →
``[cesure]``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from extraction.vocabulaire import vocabulaire

TRAITS = "-\u2010\u00ad"  # hyphen-minus, HYPHEN, SOFT HYPHEN: what a line can end with
TRAIT_CONDITIONNEL = "\u00ad"
TRAIT_UNICODE = "\u2010"
_SEPARATEURS = re.compile(r"[-\u2010\u2011–]")  # between a compound's parts
_PONCTUATION_AVANT = "«“\"'‘(["
_PONCTUATION_APRES = ",;:.!?»”\"')]…*"


@cache
def _elision() -> re.Pattern[str]:
    """An elided article or pronoun at a word's start ("d’", "l'", "qu’", "jusqu’")."""
    mots = sorted(vocabulaire()["cesure"]["elisions"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(m) for m in mots) + r")['’]", re.IGNORECASE)


def _cle(mot: str) -> str:
    """Lookup form: lower case, typographic apostrophe as the lexicon spells it (ASCII)."""
    return mot.lower().replace("’", "'")


def _formes(mot: str) -> tuple[str, ...]:
    """The word, without an elided article it starts with, with "œ" spelled "oe"."""
    cle = _cle(mot)
    formes = [cle]
    sans = _elision().sub("", cle)
    if sans and sans != cle:
        formes.append(sans)
    for f in list(formes):
        if "œ" in f or "æ" in f:
            formes.append(f.replace("œ", "oe").replace("æ", "ae"))
    return tuple(formes)


def nettoyer_mot(mot: str) -> str:
    """A word as printed, without the punctuation glued before or after it."""
    return mot.strip().lstrip(_PONCTUATION_AVANT).rstrip(_PONCTUATION_APRES).strip()


# --- The lexicon -----------------------------------------------------------------------------

LEXIQUE_PAQUET = "spellchecker"  # pyspellchecker: its French frequency list
LEXIQUE_FICHIER = ("resources", "fr.json.gz")


@cache
def lexique() -> dict[str, int]:
    """Every French form the lexicon knows, lower case, with its frequency (read once per process).

    Read straight from pyspellchecker's data file: importing the spell checker itself is
    not needed. Without the package (a broken install) the lexicon is empty and the
    decision falls back on the other evidence. Imports are local: most documents never
    get here.
    """
    import gzip
    import importlib.util
    import json

    spec = importlib.util.find_spec(LEXIQUE_PAQUET)
    if spec is None or not spec.submodule_search_locations:
        return {}
    chemin = Path(next(iter(spec.submodule_search_locations))).joinpath(*LEXIQUE_FICHIER)
    try:
        with gzip.open(chemin, "rb") as f:
            donnees = json.loads(f.read())
    except (OSError, ValueError):
        return {}
    return donnees if isinstance(donnees, dict) else {}


def _frequence(mot: str) -> int:
    """The lexicon's count for the word (or for it without an elided article); 0: unknown."""
    lex = lexique()
    return max(lex.get(f, 0) for f in _formes(mot))


@cache
def _liste(nom: str) -> frozenset[str]:
    return frozenset(vocabulaire()["cesure"][nom])


# --- The document's own words ----------------------------------------------------------------


class Vocabulaire:
    """How often each word and each pair of a compound's parts is printed in the document.

    Built from the words of every page as laid out (line-end fragments included: they are
    no evidence for anything, since a pair is only counted when printed on one line).
    """

    def __init__(self, mots: Iterable[str]) -> None:
        self.mots: Counter[str] = Counter()
        self.paires: Counter[str] = Counter()  # "socio-économique" → times printed whole
        self.trait_unicode_interne = False  # U+2010 inside words: the document's own hyphen
        for brut in mots:
            mot = nettoyer_mot(brut)
            if not mot:
                continue
            if TRAIT_UNICODE in mot.rstrip(TRAITS):
                self.trait_unicode_interne = True
            parties = _SEPARATEURS.split(mot)
            for forme in _formes(mot):
                self.mots[forme] += 1
            if len(parties) > 1:
                for a, b in zip(parties, parties[1:]):  # noqa: B905 — neighbours
                    if a and b:
                        for forme in _formes(a):
                            self.paires[forme + "-" + _cle(b)] += 1
                for p in parties:
                    if p:
                        for forme in _formes(p):
                            self.mots[forme] += 1

    def temoins(self, gauche: str, droite: str) -> tuple[int, int]:
        """(times the pair is printed as a compound, times as one word)."""
        compose = sum(self.paires[f + "-" + _cle(droite)] for f in _formes(gauche))
        soude = max(self.mots[f + _cle(droite)] for f in _formes(gauche))
        return compose, soude


_DOCUMENT: ContextVar[Vocabulaire | None] = ContextVar("cesure_document", default=None)
_MOTS_DOCUMENT: ContextVar[Iterable[str] | None] = ContextVar("cesure_mots_document", default=None)


@contextmanager
def document(mots: Iterable[str]) -> Iterator[None]:
    """Let the decisions taken inside this block consult the document's own words.

    The words are only counted if some line ends with a hyphen.
    """
    jeton_mots = _MOTS_DOCUMENT.set(mots)
    jeton = _DOCUMENT.set(None)
    try:
        yield
    finally:
        _DOCUMENT.reset(jeton)
        _MOTS_DOCUMENT.reset(jeton_mots)


def _vocabulaire_document() -> Vocabulaire | None:
    voc = _DOCUMENT.get()
    if voc is None:
        mots = _MOTS_DOCUMENT.get()
        if mots is None:
            return None
        voc = Vocabulaire(mots)
        _DOCUMENT.set(voc)
    return voc


# --- The decision ----------------------------------------------------------------------------


def garder_trait(gauche: str, droite: str) -> bool:
    """True when the hyphen ending ``gauche`` (a line's last word, hyphen included) belongs
    to a compound whose next part is ``droite`` (the next line's first word); False when
    the typesetter added it to split one word."""
    trait = gauche[-1:]
    if trait == TRAIT_CONDITIONNEL:
        return False
    g = nettoyer_mot(gauche[:-1]) if trait in TRAITS else nettoyer_mot(gauche)
    d = nettoyer_mot(droite)
    if not g or not d:
        return True
    if g[-1].isdigit() or d[0].isdigit():
        return True
    g_fin = _SEPARATEURS.split(g)[-1]
    d_debut = _SEPARATEURS.split(d)[0]
    if not g_fin or not d_debut:
        return True
    voc = _vocabulaire_document()
    if voc is not None:
        compose, soude = voc.temoins(g_fin, d_debut)
        if compose != soude:
            return compose > soude
    if len(g_fin) < 2 or len(d_debut) < 2:
        return True  # hyphenation leaves at least two letters each side ("a-t-" / "il")
    g_nu = _elision().sub("", g_fin)
    if (d_debut[0].isupper() and not g_fin.isupper()) or (d_debut[0].islower() and len(g_nu) > 1 and g_nu.isupper()):
        return True  # the case changes at the break ("Transports-" / "Municipalités", "MRC-" / "villes")
    if trait == TRAIT_UNICODE and not (voc is not None and voc.trait_unicode_interne):
        return False
    return _selon_lexique(g_fin, d_debut, g, d)


def _selon_lexique(g: str, d: str, g_entier: str, d_entier: str) -> bool:
    """Step 6. ``g``/``d``: the parts either side of the break; ``*_entier``: the whole
    words, when the break falls inside a longer compound ("pot-de-" / "vin")."""
    compose, soude = _frequence(g_entier + "-" + d_entier), _frequence(g_entier + d_entier)
    if not (compose or soude):  # the whole words first ("pot-de-vin"), then the parts ("devin")
        compose, soude = _frequence(g + "-" + d), _frequence(g + d)
    if compose or soude:
        # Both spellings listed ("plate-forme", "plateforme"): the commoner one. The
        # lexicon gives its hyphenated compounds the lowest count, so a welded word
        # seen more often wins, a compound only when its welded form is unknown.
        return compose >= soude
    cle_g, cle_d = _cle(g), _cle(d)
    if cle_g in _liste("prefixes_avec_trait") or _elision().match(cle_d):
        return True  # "ex-" / "président"; "main-" / "d’œuvre": hyphenation never leaves "d’" first
    if cle_d in _liste("fins_de_mot") or cle_g in _liste("prefixes_soudes"):
        return False
    return _frequence(g) > 0 and _frequence(d) > 0
