"""The deadline engine: a French deadline phrase → the contract's ECHEANCE (``Echeance``).

How it reads a phrase (why in this order):

1. Fold it (``pliage``) so that case, accents, quotes, dashes, spacing and footnote marks
   never matter, keeping a map back to the printed text.
2. "label : date label : date" with two or more colons → milestones (``jalons``), each read
   like a phrase of its own; the top-level window covers them all.
3. Otherwise cut it into segments at punctuation and spaced dashes ("Automne 2025 – Dès …")
   and read each segment as, in turn: a status ("Réalisé en mai 2025"), an unnamed later
   date, a repetition ("Chaque début d'année"), a window ("Hiver 2026", "De mars à juin
   2025", "Dès 2025", "D'ici la fin de 2027"), a condition ("Lors de la mise à jour …").
4. A segment no rule read as a whole may still hold dates among other words: a label
   ("Dépôt du rapport d'ici juin 2026") or a sentence ("Les résultats seront publiés en
   novembre 2027"). As a temporal tagger does, the engine then finds the date expressions
   in it — around each year, the longest stretch of words a rule reads as a window — and
   keeps the other words as labels. Several labelled dates, or a dated part and an undated
   one, become milestones. Nothing is guessed: the words touching a found date must not be
   date words themselves ("T5 2026", "5e trimestre 2026" stay not understood, never "2026").
5. Combine: the statut from the status words, else recurrent, planifie (a window) or
   conditionnel (only conditions); a phrase in which no segment was understood is
   ``non_reconnu`` and gets no date. Segments nobody reads beside one that was understood
   (a note like "(voir note)") are left in ``texte`` and ignored.

Every reading is traced: each rule that reads part of the phrase records its name and the
words it took, so that the answer's ``regles`` (and ``expliquer``) say why a phrase got its
window. Every word comes from ``vocabulaire.toml``, and so do the rule names; this module
only knows the shapes. No date library is needed: the shapes are few and a full parser
would guess where we must not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache

from . import fenetres as fx
from .contrat import CLES, Echeance, Jalon
from .fenetres import Conventions, Fenetre, Partiel
from .pliage import effacer, plier
from .vocabulaire import Vocabulaire, alternative, alternative_liee, mot, vocabulaire

AN = r"(?:19|20|21)\d\d"
AN2 = r"(?:(?:19|20|21)\d\d|\d\d)"
_ORDRE_RRULE = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "UNTIL")
_JOUR_DU_MOIS = ("1", "15", "-1")  # BYMONTHDAY of "chaque début / mi- / fin de mois"
_BORDS = " -,;:/"  # trimmed from the ends of a piece of a phrase
_BORDS_IMPRIMES = " \t-–—‑―,;:()[]."
_STATUTS_DE_DEBUT = frozenset({"en_cours", "en_continu"})  # their date is a start, not the window
_SEPARATEURS = frozenset(";,()[]{}:•|!?./-")  # characters without which a phrase is one segment
_ANNEE_DANS = re.compile(rf"(?<![0-9]){AN}(?![0-9])")
_CHIFFRE = re.compile(r"\d")
_NOMBRE = re.compile(r"\d+(?:[.,]\d+)*%?")
_CODE_DE_DATE = re.compile(r"[a-z]{1,3}\d{1,2}|\d{1,2}[a-z]{1,4}")  # "t5", "s3", "5e", "2eme"
_AVANT_ANNEE = 8  # words a date expression may reach before its year ("au plus tard d'ici la mi-…")
_APRES_ANNEE = 4  # and after it ("2026 au plus tard", "2023 et années suivantes")

# Rule names of the shapes this module reads. Each is declared, with what it reads in French,
# in the vocabulary's [regles]; word groups of the vocabulary name their own rules.
JOUR_ISO = "jour_iso"
JOUR_NUMERIQUE = "jour_numerique"
JOUR_MOIS_ANNEE = "jour_mois_annee"
JOUR_MOIS = "jour_mois"
JOUR_SEUL = "jour_seul"
MOIS_ANNEE = "mois_annee"
MOIS_ISO = "mois_iso"
MOIS_SANS_ANNEE = "mois_sans_annee"
SAISON_ANNEE = "saison_annee"
SAISON_A_CHEVAL = "saison_a_cheval"
SAISON_SANS_ANNEE = "saison_sans_annee"
PERIODE_NOMMEE = "periode_nommee"
ANNEE = "annee"
EXERCICE_FINANCIER = "exercice_financier"
ANNEES_PLAGE = "annees_plage"
INTERVALLE = "intervalle"
REPETITION_ADVERBE = "repetition_adverbe"
REPETITION_UNITE = "repetition_unite"
REPETITION_MOMENT = "repetition_moment"
REPETITION_PARTIE = "repetition_partie"
DEMARRAGE_EN_COURS = "demarrage_en_cours"
JALONS_DEUX_POINTS = "jalons_deux_points"
JALONS_LIBELLES = "jalons_libelles"
LIBELLE = "libelle"
PARTIE_SANS_DATE = "partie_sans_date"
NOMS_DES_FORMES = (
    JOUR_ISO, JOUR_NUMERIQUE, JOUR_MOIS_ANNEE, JOUR_MOIS, JOUR_SEUL, MOIS_ANNEE, MOIS_ISO, MOIS_SANS_ANNEE,
    SAISON_ANNEE, SAISON_A_CHEVAL, SAISON_SANS_ANNEE, PERIODE_NOMMEE, ANNEE, EXERCICE_FINANCIER, ANNEES_PLAGE,
    INTERVALLE, REPETITION_ADVERBE, REPETITION_UNITE, REPETITION_MOMENT, REPETITION_PARTIE, DEMARRAGE_EN_COURS,
    JALONS_DEUX_POINTS, JALONS_LIBELLES, LIBELLE, PARTIE_SANS_DATE,
)

_ABSENT = object()  # not yet in a memo (None is an answer: "not a window")

#: Rules that read part of a piece of text: (rule name, start, end), positions in that piece.
Trace = tuple[tuple[str, int, int], ...]
#: A reading: what a piece of text names, and the rules that read it.
Lu = tuple[Fenetre | Partiel, Trace]

# Word families of the vocabulary's connectors, as the TOML names them.
_PREFIXES = (("ouverture", True, False), ("ouverture_exclusive", True, True), ("borne", False, False),
             ("borne_exclusive", False, True))


def _decaler(trace: Trace, k: int) -> Trace:
    """``trace`` of a piece that starts ``k`` characters into a larger one."""
    return trace if not k else tuple((n, a + k, b + k) for n, a, b in trace)


_NOMS: dict[tuple[str, ...], tuple[str, ...]] = {}


def noms_des_regles(traces: list[tuple[str, int, int]] | Trace) -> tuple[str, ...]:
    """Rule names in reading order (by position; a rule before the rules inside it), once each.

    The same few lists recur in every plan: each is kept once (ten thousand answers share
    a handful of tuples instead of holding one each).
    """
    if len(traces) < 2:
        noms = tuple(n for n, _, _ in traces)
    elif len(traces) == 2:  # the common case, without sorting: "borne_dici", "mois_annee"
        (n1, a1, b1), (n2, a2, b2) = traces
        noms = (n1,) if n1 == n2 else (n1, n2) if (a1, -b1) <= (a2, -b2) else (n2, n1)
    else:
        noms = tuple(dict.fromkeys(n for n, _, _ in sorted(traces, key=_ordre_de_lecture)))
    return _NOMS.setdefault(noms, noms)


def _ordre_de_lecture(trace: tuple[str, int, int]) -> tuple[int, int]:
    return trace[1], -trace[2]


class Grammaire:
    """The shapes of a deadline phrase, compiled once, filled with the vocabulary's words."""

    def __init__(self, v: Vocabulaire) -> None:
        inconnues = set(NOMS_DES_FORMES) - set(v.regles)
        if inconnues:
            raise ValueError(f"vocabulaire.toml: [regles] lacks the engine's rules {sorted(inconnues)}")
        self.v = v
        art = alternative_liee(v.articles)
        self.article = re.compile(art)
        fiscales = [f for f, u in v.unites.items() if u.fiscale]
        annuelles = [f for f, u in v.unites.items() if u.mois == 12 and not u.fiscale]
        sous_annuelles = [f for f, u in v.unites.items() if u.mois in (3, 6)]
        premier = [f for f, rang in v.ordinaux.items() if rang == 1]
        mois = alternative(v.mois)
        lettres = alternative(v.abreviations_unites)

        # A year, a span of years or a fiscal year: "2025", "2026-2027", "exercice financier 2025-26".
        support = (
            rf"(?:(?P<ex>{alternative(fiscales)}) (?:{art})?|(?P<nom>{alternative(annuelles)}) )?"
            rf"(?P<a1>{AN})(?:[-/](?P<a2>{AN2}))?"
        )
        self.introducteurs = re.compile(rf"(?:{alternative_liee(v.introducteurs)})+")
        self.introducteur = re.compile(alternative_liee(v.introducteurs))
        self.point_abreviation = re.compile(rf"(?<![a-z]){alternative(v.abreviations_pointees)}(?P<point>\.)")
        # A dash between a digit and a letter separates "Automne 2023-Dès …", but not "2026-T2".
        self.separateur = re.compile(
            rf" ?(?:[;,()\[\]{{}}:•|!?]|\.(?= |$)|(?<= )-(?= |$)|^-(?= )|(?<=\d)-(?=[a-z])(?!{lettres}\d)| / ) ?"
        )

        self.jour_iso = re.compile(rf"(?P<a>{AN})-(?P<m>\d\d)-(?P<j>\d\d)")
        self.jour_num = re.compile(rf"(?P<j>\d\d?)/(?P<m>\d\d?)/(?P<a>{AN})")
        self.annee = re.compile(support)
        self.mois_iso = re.compile(rf"(?P<a>{AN})-(?P<m>\d\d)")
        self.saison = re.compile(rf"(?P<s>{alternative(v.saisons)})(?: (?:{art})?(?P<a1>{AN})(?:[-/](?P<a2>{AN2}))?)?")
        self.mois = re.compile(rf"(?P<m>{mois})(?: (?:{art})?(?P<a>{AN}))?")
        self.periode = re.compile(rf"(?P<p>{alternative(v.periodes)})(?: (?:{art})?(?P<a>{AN}))?")
        self.jour = re.compile(
            rf"(?:{alternative(v.jours_semaine)} )?(?P<j>\d\d?|{alternative(premier)})"
            rf"(?: (?P<m>{mois})(?: (?:{art})?(?P<a>{AN}))?)?"
        )
        rangs = alternative([*v.ordinaux, *v.derniers])
        unite = (
            rf"(?:(?P<o>{rangs}) (?P<u>{alternative(sous_annuelles)})"
            rf"|(?P<ab>{lettres}) ?(?P<n>\d))"
        )
        self.sous_periode = re.compile(rf"{unite}(?:(?: |(?<=\d)-)(?:{art})?{support})?")  # "T3 2025", "T3-2025"
        # The year first: "2026-T2", "2026 T2", "2025-2026 T1".
        self.sous_periode_inverse = re.compile(rf"(?P<a1>{AN})(?:[-/](?P<a2>{AN2}))?(?: |-){unite}")
        self.partie = re.compile(rf"(?P<p>{alternative(v.parties)})(?:-| )(?:{art})?(?P<reste>.+)")

        # Open starts and bounds: "Dès 2025", "Après l'été 2025", "D'ici 2027", "Avant l'été 2026".
        # Every form is tried (longest first), so that "d'ici au plus tard …" is "d'ici" + a bound.
        # Indexed by first character: a piece of phrase is tried against few forms.
        self.prefixes: dict[str, dict[str, tuple[str, ...]]] = {}
        for famille, _, _ in _PREFIXES:
            index: dict[str, list[str]] = {}
            for f in sorted(getattr(v, famille), key=lambda f: (-len(f), f)):
                index.setdefault(f[0], []).append(f)
            self.prefixes[famille] = {c: tuple(fs) for c, fs in index.items()}
        self.ouverture_apres = re.compile(rf"(?P<reste>.+?) ?(?P<c>{alternative(v.ouverture_apres)})")
        self.borne_apres = re.compile(rf"(?P<reste>.+?) (?P<c>{alternative(v.borne_apres)})")
        # Ranges: an optional opening word, then two ends joined by a word or by a bare dash.
        self.ouvreur = re.compile(rf"(?:{alternative_liee(v.debut_intervalle)}(?:{art})?|{art})")
        colles = [f for f in v.milieu_intervalle if not re.search(r"[a-z0-9]", f)]
        mots = [f for f in v.milieu_intervalle if f not in colles]
        self.milieux = [re.compile(rf" {alternative(mots)} ")]
        if colles:
            self.milieux.append(re.compile(alternative(colles)))
        self.mots_milieu = frozenset(mots)

        self.statut_final = re.compile(
            rf" (?:{alternative_liee(v.introducteurs)})*(?P<s>{alternative(v.statuts)})(?:es|e|s)?$"
        )
        self.statut = re.compile(
            rf"(?P<mot>(?P<s>{alternative(v.statuts)})(?:es|e|s)?)(?![a-z0-9/])(?: (?P<reste>.+))?"
        )
        self.vague = re.compile(alternative(v.dates_vagues))
        self.condition = re.compile(mot(v.conditions))
        self.condition_interne = re.compile(rf"(?<= ){mot(v.conditions)}")

        self.adverbe = re.compile(mot(v.adverbes))
        self.chaque = re.compile(mot(v.chaque))
        self.unite_recurrente = re.compile(
            rf"(?:(?P<n>{alternative(v.nombres)}|\d\d?) )?"
            rf"(?:(?P<p>{alternative(v.parties)})(?:-| )(?:{art})?)?"
            rf"(?P<u>{alternative(v.unites)})(?![a-z0-9])"
        )
        # "Au début de chaque année": the part of the cycle written before the repetition word.
        self.partie_avant = re.compile(rf"(?:{alternative_liee(v.introducteurs)})*(?P<p>{alternative(v.parties)})")
        self.conjonctions = frozenset(c for c in v.conjonctions if " " not in c)


@dataclass(slots=True)
class Partie:
    """A part of a sentence or a labelled date: its label, its date, and the date's reading."""

    libelle: tuple[int, int] | None  # span of the label in the folded phrase
    date: tuple[int, int] | None  # span of the date; None for an undated part
    analyse: Analyse | None = None


@dataclass(slots=True)
class Analyse:
    """What the segments of one phrase (or one milestone) said."""

    fenetres: list[Fenetre] = field(default_factory=list)
    fenetres_statut: tuple[Fenetre, ...] = ()  # "Reporté à l'automne 2025": the new date
    statuts: list[str] = field(default_factory=list)
    conditions: tuple[tuple[int, int], ...] = ()  # spans in the folded text
    regle: dict[str, str] | None = None
    partiels: tuple[Partiel, ...] = ()
    inconnus: int = 0
    traces: list[tuple[str, int, int]] = field(default_factory=list)  # spans in the folded text
    parties: tuple[Partie, ...] = ()  # rarer fields are tuples: fewer objects for the collector

    @property
    def retenues(self) -> list[Fenetre] | tuple[Fenetre, ...]:
        """The windows that hold: those a status names, else all."""
        return self.fenetres_statut or self.fenetres

    @property
    def comprise(self) -> bool:
        return bool(self.fenetres or self.statuts or self.conditions or self.regle)

    def absorber(self, autre: Analyse) -> None:
        self.fenetres += autre.fenetres
        self.fenetres_statut += autre.fenetres_statut
        self.statuts += autre.statuts
        self.conditions += autre.conditions
        self.partiels += autre.partiels
        self.regle = self.regle or autre.regle
        self.inconnus += autre.inconnus
        self.traces += autre.traces
        self.parties += autre.parties

    def lire(self, lu: Lu, off: int) -> None:
        """Add a reading of the piece that starts at ``off``."""
        f, trace = lu
        if type(f) is Fenetre:
            self.fenetres.append(f)
        else:
            self.partiels += (f,)  # type: ignore[operator]
        self.traces.extend(_decaler(trace, off) if off else trace)


def _annee_suivante(a1: int, texte: str) -> int | None:
    """Second year of "2025-2026" / "2025-26"; a two-digit one must be the next year."""
    if len(texte) == 4:
        return int(texte)
    a2 = a1 // 100 * 100 + int(texte)
    if a2 <= a1:
        a2 += 100
    return a2 if a2 == a1 + 1 else None


def _regle(texte: str) -> dict[str, str]:
    return dict(partie.split("=", 1) for partie in texte.split(";"))


def _rrule(regle: dict[str, str], fenetre: Fenetre | None) -> str:
    parts = dict(regle)
    if fenetre is not None and fenetre.fin is not None:
        parts.setdefault("UNTIL", fenetre.fin.strftime("%Y%m%d"))
    return ";".join(f"{k}={parts[k]}" for k in _ORDRE_RRULE if k in parts)


def _rogner(t: str, a: int, b: int) -> tuple[int, int]:
    while a < b and t[a] in _BORDS:
        a += 1
    while b > a and t[b - 1] in _BORDS:
        b -= 1
    return a, b


def _imprime(texte: str, carte: list[int], a: int, b: int) -> str:
    """The printed text behind folded characters a..b."""
    if a >= b:
        return ""
    return texte[carte[a] : carte[b - 1] + 1].strip(_BORDS_IMPRIMES)


def _sans_espaces_de_tiret(t: str) -> tuple[str, list[int]]:
    """``t`` with " - " written "-", and for each character its index in ``t``."""
    positions: list[int] = []
    debut = 0
    k = t.find(" - ")
    while k >= 0:
        positions += range(debut, k)
        positions.append(k + 1)
        debut = k + 3
        k = t.find(" - ", debut)
    positions += range(debut, len(t))
    return t.replace(" - ", "-"), positions


class Lecteur:
    """Reads phrases under one set of conventions (season bounds, fiscal year start)."""

    def __init__(self, grammaire: Grammaire, conventions: Conventions) -> None:
        self.g = grammaire
        self.v = grammaire.v
        self.c = conventions
        # Readings of pieces of phrase, the window and its trace apart: no pair kept per piece.
        self._memo: dict[str, Fenetre | Partiel | None] = {}
        self._memo_traces: dict[str, Trace] = {}
        self._introducteurs: dict[str, int] = {}
        self._traces_d_atomes: dict[tuple[str, int], Trace] = {}
        # Which readings can apply, by the phrase's first character (a digit or not): saves
        # trying the ten shapes on every piece of phrase.
        self._atomes_chiffre = (
            self._jour_iso,
            self._jour_num,
            self._annee,
            self._mois_iso,
            self._sous_periode_inverse,
            self._sous_periode,
            self._jour,
        )
        self._atomes_lettre = (
            self._annee,
            self._saison,
            self._periode,
            self._mois,
            self._sous_periode,
            self._jour,
            self._partie,
        )

    # --- windows -------------------------------------------------------------------------

    def fenetre(self, t: str) -> Lu | None:
        """The window a piece of phrase names (or a year-less date), with the rules that read it."""
        f = self._memo.get(t, _ABSENT)
        if f is not _ABSENT:
            return None if f is None else (f, self._memo_traces[t])  # type: ignore[return-value]
        r: Lu | None = None
        if t:
            # One date after its introducing words ("au cours de l'exercice 2025-2026") is read
            # before any range, so that the dash of a fiscal year never splits it in two.
            k = self._longueur_introducteurs(t)
            reste = t[k:] if k else ""
            # A range ends with a whole window, which has a year: without a digit, no range.
            chiffre = _CHIFFRE.search(t) is not None
            r = self.atome(t)
            if r is None and reste:
                r = self._introduit(t, k, self.atome(reste) or (self._intervalle(reste) if chiffre else None))
            if r is None:
                r = (self._intervalle(t) if chiffre else None) or self._ouverture_ou_borne(t)
            if r is None and reste:
                r = self._introduit(t, k, self._ouverture_ou_borne(reste))
        if len(self._memo) > 200_000:
            self._memo.clear()
            self._memo_traces.clear()
        if r is None:
            self._memo[t] = None
        else:
            self._memo[t], self._memo_traces[t] = r
        return r

    def _longueur_introducteurs(self, t: str) -> int:
        """How many characters of ``t`` are words that open a date, 0 if none or if nothing follows."""
        k = self._introducteurs.get(t)
        if k is not None:
            return k
        m = self.g.introducteurs.match(t)
        k = m.end() if m and m.end() < len(t) else 0
        if len(self._introducteurs) > 200_000:
            self._introducteurs.clear()
        self._introducteurs[t] = k
        return k

    def _introduit(self, t: str, k: int, lu: Lu | None) -> Lu | None:
        """A reading of ``t[k:]`` as one of ``t``, its introducing words traced by their rules."""
        if lu is None:
            return None
        traces: list[tuple[str, int, int]] = []
        i = 0
        while i < k:
            m = self.g.introducteur.match(t, i)
            if m is None or m.end() > k:
                break
            forme = t[m.start() : m.end()].rstrip(" ")
            nom = self.v.regle("introducteurs", forme)
            fin = m.start() + len(forme)
            if traces and traces[-1][0] == nom:
                traces[-1] = (nom, traces[-1][1], fin)
            else:
                traces.append((nom, m.start(), fin))
            i = m.end()
        return lu[0], (*traces, *_decaler(lu[1], k))

    def atome(self, t: str) -> Lu | None:
        """One date: a day, month, season, quarter, half-year, year, fiscal year or a third of one."""
        if not t:
            return None
        for lire in self._atomes_chiffre if t[0].isdigit() else self._atomes_lettre:
            r = lire(t)
            if r is not None:
                return r
        return None

    def _lu(self, f: Fenetre | Partiel | None, nom: str, t: str) -> Lu | None:
        if f is None:
            return None
        cle = (nom, len(t))
        trace = self._traces_d_atomes.get(cle)
        if trace is None:
            trace = self._traces_d_atomes[cle] = ((nom, 0, len(t)),)  # shared: fewer objects to collect
        return f, trace

    def _jour_iso(self, t: str) -> Lu | None:
        m = self.g.jour_iso.fullmatch(t)
        return self._lu(self._jour_valide(int(m["a"]), int(m["m"]), int(m["j"])), JOUR_ISO, t) if m else None

    def _jour_num(self, t: str) -> Lu | None:
        m = self.g.jour_num.fullmatch(t)
        return self._lu(self._jour_valide(int(m["a"]), int(m["m"]), int(m["j"])), JOUR_NUMERIQUE, t) if m else None

    @staticmethod
    def _jour_valide(a: int, m: int, j: int) -> Fenetre | None:
        try:
            return fx.jour(date(a, m, j))
        except ValueError:
            return None

    def _annee(self, t: str) -> Lu | None:
        m = self.g.annee.fullmatch(t)
        if not m:
            return None
        f, nom = self._support(m)
        return self._lu(f, nom, t)

    def _support(self, m: re.Match[str]) -> tuple[Fenetre | None, str]:
        """A year, a fiscal year ("2026-2027" alone, or an "exercice" word), a span of years."""
        a1 = int(m["a1"])
        fiscal = m["ex"] is not None
        if m["a2"] is None:
            return (fx.exercice(a1, self.c), EXERCICE_FINANCIER) if fiscal else (fx.annee(a1), ANNEE)
        a2 = _annee_suivante(a1, m["a2"])
        if a2 is None or a2 <= a1:
            return None, ANNEE
        if a2 == a1 + 1:
            return fx.exercice(a1, self.c), EXERCICE_FINANCIER
        if fiscal:
            return fx.couvrir([fx.exercice(a1, self.c), fx.exercice(a2 - 1, self.c)]), ANNEES_PLAGE
        return fx.couvrir([fx.annee(a1), fx.annee(a2)]), ANNEES_PLAGE

    def _mois_iso(self, t: str) -> Lu | None:
        m = self.g.mois_iso.fullmatch(t)
        return self._lu(fx.mois(int(m["a"]), int(m["m"])), MOIS_ISO, t) if m and 1 <= int(m["m"]) <= 12 else None

    def _saison(self, t: str) -> Lu | None:
        m = self.g.saison.fullmatch(t)
        if not m:
            return None
        s = self.v.saisons[m["s"]]
        bornes = s.bornes[self.c.saisons]
        if m["a1"] is None:
            return self._lu(fx.partiel(lambda a: fx.saison(bornes, s.edtf, a), s.mois), SAISON_SANS_ANNEE, t)
        a1 = int(m["a1"])
        if m["a2"] is None:
            return self._lu(fx.saison(bornes, s.edtf, a1), SAISON_ANNEE, t)
        if _annee_suivante(a1, m["a2"]) != a1 + 1:
            return None
        return self._lu(fx.saison_commencant(bornes, s.edtf, a1), SAISON_A_CHEVAL, t)

    def _periode(self, t: str) -> Lu | None:
        """A named time of the year that is not a season ("rentrée 2025")."""
        m = self.g.periode.fullmatch(t)
        if not m:
            return None
        p = self.v.periodes[m["p"]]
        if m["a"] is None:
            return self._lu(fx.partiel(lambda a: fx.periode_fixe(p.bornes, a), p.mois), PERIODE_NOMMEE, t)
        return self._lu(fx.periode_fixe(p.bornes, int(m["a"])), PERIODE_NOMMEE, t)

    def _mois(self, t: str) -> Lu | None:
        m = self.g.mois.fullmatch(t)
        if not m:
            return None
        n = self.v.mois[m["m"]]
        if m["a"] is None:
            return self._lu(fx.partiel(lambda a: fx.mois(a, n), (n,)), MOIS_SANS_ANNEE, t)
        return self._lu(fx.mois(int(m["a"]), n), MOIS_ANNEE, t)

    def _jour(self, t: str) -> Lu | None:
        m = self.g.jour.fullmatch(t)
        if not m:
            return None
        j = int(m["j"]) if m["j"].isdigit() else self.v.ordinaux[m["j"]]
        if not 1 <= j <= 31:
            return None
        if m["m"] is None:
            return self._lu(fx.partiel_jour(j), JOUR_SEUL, t)
        n = self.v.mois[m["m"]]
        if m["a"] is None:
            if self._jour_valide(2000, n, j) is None:  # a leap year: "29 février" may repeat
                return None
            return self._lu(replace(fx.partiel(lambda a: self._jour_valide(a, n, j), (n,)), jour=j), JOUR_MOIS, t)
        return self._lu(self._jour_valide(int(m["a"]), n, j), JOUR_MOIS_ANNEE, t)

    def _sous_periode(self, t: str) -> Lu | None:
        """Quarters and half-years, fiscal when a fiscal year is named ("T1 2025-2026")."""
        m = self.g.sous_periode.fullmatch(t)
        return self._lire_sous_periode(m, t) if m else None

    def _sous_periode_inverse(self, t: str) -> Lu | None:
        """The same, year first: "2026-T2", "2025-2026 T1"."""
        m = self.g.sous_periode_inverse.fullmatch(t)
        return self._lire_sous_periode(m, t) if m else None

    def _lire_sous_periode(self, m: re.Match[str], t: str) -> Lu | None:
        if m["o"] is not None:
            unite = self.v.unites[m["u"]]
            n = self.v.ordinaux.get(m["o"]) or 12 // (unite.mois or 12)  # "dernier trimestre": the 4th
        else:
            n, unite = int(m["n"]), self.v.abreviations_unites[m["ab"]]
        taille = unite.mois or 12
        if not 1 <= n <= 12 // taille or unite.lecture is None:
            return None
        if m["a1"] is None:
            premier = taille * (n - 1) + 1
            f = fx.partiel(
                lambda a: fx.mois_consecutifs(a, premier, taille, unite.nom, a),
                range(premier, premier + taille),
            )
            return self._lu(f, unite.lecture, t)
        a1 = int(m["a1"])
        if m["a2"] is not None and _annee_suivante(a1, m["a2"]) != a1 + 1:
            return None
        if (m.groupdict().get("ex") is not None or m["a2"] is not None) and unite.lecture_exercice:
            a, premier = fx.decaler(a1, self.c.exercice_debut_mois, taille * (n - 1))
            nom = unite.lecture_exercice
        else:
            a, premier, nom = a1, taille * (n - 1) + 1, unite.lecture
        return self._lu(fx.mois_consecutifs(a, premier, taille, unite.nom, a1), nom, t)

    def _partie(self, t: str) -> Lu | None:
        """ "Début 2026", "mi-mars 2025", "fin de l'exercice 2025-2026": a third of a window."""
        m = self.g.partie.fullmatch(t)
        if not m:
            return None
        k = self.v.parties[m["p"]]
        lu = self.atome(m["reste"])
        if lu is None:
            return None
        dedans, trace = lu
        tiers: Fenetre | Partiel | None
        if isinstance(dedans, Fenetre):
            tiers = fx.tiers(dedans, k)
        else:
            interieur = dedans

            def completer(partenaire: Fenetre) -> Fenetre | None:
                f = interieur.completer(partenaire)
                return None if f is None else fx.tiers(f, k)

            tiers = Partiel(completer, fx.tiers_de_mois(interieur.mois, k), interieur.jour)
        if tiers is None:
            return None
        return tiers, ((self.v.regle("parties", m["p"]), 0, len(t)), *_decaler(trace, m.start("reste")))

    def _intervalle(self, t: str) -> Lu | None:
        """ "De l'automne 2024 à l'hiver 2025", "entre mars et juin 2025", "printemps-été 2025".

        The right end must be complete; the left one may lack its year and take the right
        one's. An end before the start is not a range.
        """
        m0 = self.g.ouvreur.match(t)
        k0 = m0.end() if m0 else 0
        corps = t[k0:]
        if m0 and (self.atome(corps) is not None or (self._longueur_introducteurs(corps) and
                                                     self.atome(corps[self._longueur_introducteurs(corps):]))):
            return None  # "À compter de 2025-2026" is one date, opened: not a range
        for milieu in self.g.milieux:
            for m in milieu.finditer(corps):
                gauche, droite = corps[: m.start()], corps[m.end() :]
                if not gauche or not droite:
                    continue
                lb = self.fenetre(droite)
                if lb is None or not isinstance(lb[0], Fenetre) or not lb[0].fermee:
                    continue
                la = self.fenetre(gauche)
                if la is None:
                    continue
                a, b = la[0], lb[0]
                if isinstance(a, Partiel):
                    a = a.completer(b)
                if not isinstance(a, Fenetre) or not a.fermee:
                    continue
                assert a.debut is not None and b.fin is not None
                if a.debut <= b.fin:
                    f = fx.couvrir([a, b])
                    if f is not None:
                        trace = ((INTERVALLE, 0, len(t)), *_decaler(la[1], k0), *_decaler(lb[1], k0 + m.end()))
                        return f, trace
        return None

    def _prefixes(self, t: str, famille: str) -> Iterator[tuple[str, int]]:
        """Each form of ``famille`` that opens ``t`` (longest first), and where what follows starts."""
        for forme in self.g.prefixes[famille].get(t[:1], ()):
            if not t.startswith(forme):
                continue
            k = len(forme)
            if not forme.endswith(("'", "-")):
                if t[k : k + 1] != " ":
                    continue
                k += 1
            if k >= len(t):
                continue
            m = self.g.article.match(t, k)
            if m and m.end() < len(t):
                yield forme, m.end()
            yield forme, k

    def _ouverture_ou_borne(self, t: str) -> Lu | None:
        for famille, ouvrir, exclusif in _PREFIXES:
            for forme, k in self._prefixes(t, famille):
                lu = self.fenetre(t[k:])
                f = self._borner(lu, ouvrir, exclusif)
                if f is not None:
                    assert lu is not None
                    return f, ((self.v.regle(famille, forme), 0, len(t)), *_decaler(lu[1], k))
        for motif, famille, ouvrir in ((self.g.ouverture_apres, "ouverture_apres", True),
                                      (self.g.borne_apres, "borne_apres", False)):
            m = motif.fullmatch(t)
            if not m:
                continue
            lu = self.fenetre(m["reste"])
            f = self._borner(lu, ouvrir, False)
            if f is not None:
                assert lu is not None
                return f, ((self.v.regle(famille, m["c"]), 0, len(t)), *lu[1])
        return None

    @staticmethod
    def _borner(lu: Lu | None, ouvrir: bool, exclusif: bool) -> Fenetre | Partiel | None:
        """The window a connector makes of the reading that follows it.

        Two bounds in a row ("au plus tard d'ici juin 2026") are one bound. A year-less day
        or month after an inclusive bound ("au plus tard le 31 mars") is kept as such: beside
        a repetition it says when each occurrence falls due; alone it says nothing.
        """
        if lu is None:
            return None
        f = lu[0]
        if isinstance(f, Partiel):
            return f if not ouvrir and not exclusif else None
        if f.fermee:
            return fx.ouvrir(f, exclusif) if ouvrir else fx.borner(f, exclusif)
        if not exclusif and (f.ouvert if ouvrir else (f.debut is None and f.fin is not None)):
            return f
        return None

    # --- segments ------------------------------------------------------------------------

    def segments(self, s: str, a: int, b: int) -> list[tuple[int, int]]:
        """Spans of s[a:b] between separators, trimmed, non-empty."""
        if _SEPARATEURS.isdisjoint(s[a:b]):
            x, y = _rogner(s, a, b)
            return [(x, y)] if x < y else []
        spans = []
        debut = a
        for m in self.g.separateur.finditer(s, a, b):
            spans.append(_rogner(s, debut, m.start()))
            debut = m.end()
        spans.append(_rogner(s, debut, b))
        return [(x, y) for x, y in spans if x < y]

    def analyser(self, an: Analyse, s: str, a: int, b: int, etiqueter: bool = True) -> None:
        """Read s[a:b] segment by segment into ``an``.

        Segments no rule reads as a whole are then searched for dates among other words
        (``etiqueter``), except a parenthesis beside an understood date: "Hiver 2026 (voir le
        plan 2023-2028)" is a note, not a second window.
        """
        if " - " in s[a:b]:
            # "Printemps – été 2025": a spaced dash may join the two ends of one range.
            t, positions = _sans_espaces_de_tiret(s[a:b])
            lu = self.fenetre(t)
            if lu is not None and isinstance(lu[0], Fenetre):
                an.fenetres.append(lu[0])
                an.traces += [(n, a + positions[x], a + positions[y - 1] + 1) for n, x, y in lu[1]]
                return
        echecs = [(x, y) for x, y in self.segments(s, a, b) if not self.segment(an, s[x:y], x, etiqueter=False)]
        if not etiqueter:
            return
        for x, y in echecs:
            if an.fenetres and s[:x].rstrip(" ").endswith(("(", "[")):
                continue
            sous = Analyse()
            # Dates among words need a year and a word of free text; without them, reading
            # again would find nothing new.
            if _ANNEE_DANS.search(s, x, y) and self._a_du_texte_libre(s[x:y]) and self.segment(sous, s[x:y], x):
                an.absorber(sous)
                an.inconnus -= 1
            elif an.parties:
                # "… en mars 2027, puis à la fin du plan": after a sentence's dated part, a
                # part opened by a conjunction is a milestone without a date, not a note.
                mots = s[x:y].split(" ")
                k = 0
                while k < len(mots) and mots[k] in self.g.conjonctions:
                    k += 1
                if 0 < k < len(mots):
                    debut = x + len(" ".join(mots[:k])) + 1
                    an.parties += (Partie((debut, y), None),)
                    an.traces.append((PARTIE_SANS_DATE, debut, y))

    def segment(self, an: Analyse, t: str, off: int, etiqueter: bool = True) -> bool:
        """Read one segment into ``an``; False when no rule understood it."""
        g = self.g
        m = g.statut.fullmatch(t)
        decalage = 0
        if not m:
            k = self._longueur_introducteurs(t)  # "… et en continu"
            m = g.statut.fullmatch(t[k:]) if k else None
            decalage = k
        if m:
            statut = self.v.statuts[m["s"]]
            an.statuts.append(statut)
            an.traces.append((self.v.regle("statuts", m["s"]), off, off + decalage + m.end("mot")))
            if m["reste"] is not None:
                self._complement(an, m["reste"], off + decalage + m.start("reste"), statut)
            return True
        if self._vague(an, t, off):
            return True
        if self._recurrence(an, t, off):
            return True
        lu = self.fenetre(t)
        if lu is not None:
            # A year-less date ("Chaque année, au printemps") only means something beside a repetition.
            an.lire(lu, off)
            return True
        m = g.condition.match(t)
        if m and not self._temps_sans_annee(t[m.end() :]):
            an.conditions += ((off, off + len(t)),)
            an.traces.append((self.v.regle("conditions", m.group()), off, off + len(t)))
            return True
        m = g.statut_final.search(t)  # "Réalisé en 2024 et en continu": a status after a date
        if m:
            x, y = _rogner(t, 0, m.start())
            sous = Analyse()
            if x < y and self.segment(sous, t[x:y], off + x, etiqueter) and not sous.inconnus and sous.comprise:
                statut = self.v.statuts[m["s"]]
                if statut in _STATUTS_DE_DEBUT and not (an.statuts or sous.statuts or sous.regle) and sous.fenetres:
                    # "Mai 2023 et en cours": begun then, still going, no end.
                    ouvertes = [fx.ouvrir(f, False) if f.fermee else f for f in sous.fenetres]
                    sous.fenetres = [f for f in ouvertes if f is not None]
                    an.traces.append((DEMARRAGE_EN_COURS, off, off + len(t)))
                an.absorber(sous)
                an.statuts.append(statut)
                an.traces.append((self.v.regle("statuts", m["s"]), off + m.start() + 1, off + len(t)))
                return True
        for m in g.condition_interne.finditer(t):  # "Automne 2025 dès l'adoption du règlement"
            if self._temps_sans_annee(t[m.end() :]):
                continue
            x, y = _rogner(t, 0, m.start())
            sous = Analyse()
            if x < y and self.segment(sous, t[x:y], off + x, etiqueter) and not sous.inconnus and sous.comprise:
                an.absorber(sous)
                an.conditions += ((off + m.start(), off + len(t)),)
                an.traces.append((self.v.regle("conditions", m.group()), off + m.start(), off + len(t)))
                return True
        if etiqueter and self._etiqueter(an, t, off):
            return True
        an.inconnus += 1
        return False

    def _temps_sans_annee(self, t: str) -> bool:
        """Is ``t`` a time named without its year ("le mois d'avril", "la rentrée prochaine")?

        After a condition word such a time is no event: "Dès cet été" is not a condition but
        a date this engine cannot place, so not understood.
        """
        mots = re.findall(r"[a-z]+", t)
        return bool(mots) and set(mots) <= self.v.mots and any(
            m in self.v.mots_de_date or m in self.v.unites for m in mots
        )

    def _forme_vague(self, t: str) -> str | None:
        """The unnamed later date ``t`` is ("ultérieurement", "à une date ultérieure"), or None."""
        m = self.g.vague.fullmatch(t)
        if not m:
            k = self._longueur_introducteurs(t)
            m = self.g.vague.fullmatch(t, k) if k else None
        return m.group() if m else None

    def _vague(self, an: Analyse, t: str, off: int) -> bool:
        """ "Ultérieurement", "dès que possible": understood, no window."""
        forme = self._forme_vague(t)
        if forme is None:
            return False
        an.statuts.append("indetermine")
        an.traces.append((self.v.regle("dates_vagues", forme), off, off + len(t)))
        return True

    def _complement(self, an: Analyse, t: str, off: int, statut: str) -> None:
        """What follows a status: a window, an unnamed later date, or another segment.

        The window a status names holds over the others ("Printemps 2024 (reporté à
        l'automne 2024)"), except the start of ongoing work, which the others complete
        ("Amorcé en 2024 – fin prévue en 2026").
        """
        forme = self._forme_vague(t)
        if forme is not None:
            an.traces.append((self.v.regle("dates_vagues", forme), off, off + len(t)))
            return
        lu = self.fenetre(t)
        if lu is not None and isinstance(lu[0], Fenetre):
            an.lire(lu, off)
            if statut not in _STATUTS_DE_DEBUT:
                an.fenetres_statut += (lu[0],)
            return
        self.segment(an, t, off)

    def _recurrence(self, an: Analyse, t: str, off: int) -> bool:
        """ "Annuellement", "Chaque début d'année", "Chaque printemps", "Tous les deux ans"."""
        g = self.g
        regle: dict[str, str] | None = None
        m = g.adverbe.search(t)
        if m:
            regle = _regle(self.v.adverbes[m.group()])
            restes = [(0, m.start()), (m.end(), len(t))]
            trace = (REPETITION_ADVERBE, m.start(), m.end())
        else:
            m = g.chaque.search(t)
            if not m:
                return False
            e = m.end()
            while e < len(t) and t[e] == " ":
                e += 1
            mu = g.unite_recurrente.match(t, e)
            if mu:
                partie = mu["p"]
                debut = m.start()
                nom = REPETITION_UNITE
                if partie is None:
                    mp = g.partie_avant.fullmatch(t[: m.start()].rstrip(" "))
                    if mp:
                        partie, debut, nom = mp["p"], 0, REPETITION_PARTIE
                regle = self._regle_unite(mu["u"], mu["n"], partie)
                restes = [(0, debut), (mu.end(), len(t))]
                trace = (nom, debut, mu.end())
            else:
                fins = [k for k in range(e + 1, len(t) + 1) if k == len(t) or t[k] == " "]
                for k in reversed(fins):
                    lu = self.fenetre(t[e:k])
                    p = lu[0] if lu is not None else None
                    if isinstance(p, Partiel) and p.mois:
                        regle = {"FREQ": "YEARLY", "BYMONTH": ",".join(map(str, sorted(set(p.mois))))}
                        if p.jour is not None:
                            regle["BYMONTHDAY"] = str(p.jour)
                        restes = [(0, m.start()), (k, len(t))]
                        trace = (REPETITION_MOMENT, m.start(), k)
                        break
                if regle is None:
                    return False
        an.regle = an.regle or regle
        an.traces.append((trace[0], off + trace[1], off + trace[2]))
        for x, y in restes:
            x, y = _rogner(t, x, y)
            if x >= y:
                continue
            lu = self.fenetre(t[x:y])
            if lu is not None:
                an.lire(lu, off + x)
            else:
                self.segment(an, t[x:y], off + x)
        return True

    def _regle_unite(self, u: str, nombre: str | None, partie: str | None) -> dict[str, str]:
        """RRULE of "chaque [n] [début|mi|fin de] <unit>"."""
        unite = self.v.unites[u]
        regle = _regle(unite.regle)
        if nombre is not None:
            n = self.v.nombres.get(nombre) or int(nombre)
            intervalle = int(regle.get("INTERVAL", "1")) * n
            if intervalle > 1:
                regle["INTERVAL"] = str(intervalle)
        if partie is None or not unite.mois:
            return regle
        k, c = self.v.parties[partie], unite.mois
        if c == 1:
            return {"FREQ": "MONTHLY", "BYMONTHDAY": _JOUR_DU_MOIS[k]}
        if k == 0:
            decalages = [0]
        elif k == 2:
            decalages = [c - 1]
        else:
            decalages = [c // 2 - 1, c // 2] if c % 2 == 0 else [c // 2]
        depart = self.c.exercice_debut_mois if unite.fiscale else 1
        mois = sorted({(depart - 1 + i * c + d) % 12 + 1 for i in range(12 // c) for d in decalages})
        return {"FREQ": "YEARLY", "BYMONTH": ",".join(map(str, mois))}

    # --- dates among other words -----------------------------------------------------------

    def _fin_possible(self, s: str, a: int, k: int) -> bool:
        """Can s[a:k] end a date or a status? Its last word is a number or a vocabulary word."""
        dernier = s[max(s.rfind(" ", a, k) + 1, a) : k].strip(".,;()[]")
        return any(c.isdigit() for c in dernier) or set(re.findall(r"[a-z]+", dernier)) <= self.v.mots_du_vocabulaire

    def _a_du_texte_libre(self, t: str) -> bool:
        return not self.v.mots.issuperset(re.findall(r"[a-z]+", t))

    def _libre(self, mot: str) -> bool:
        """A word of free text (a label's): letters, not a word of the date grammar.

        Statuses and conditions count as free text here: "Entrée en vigueur le 1er avril
        2025" is a label and a date. A segment without such a word that no rule read is a
        malformed date ("De 2026 à 2024"), and is not searched for dates.
        """
        lettres = mot.strip(".,;:!?()[]«»\"'")
        return len(lettres) > 1 and lettres.replace("'", "").replace("-", "").isalpha() and not (
            set(re.findall(r"[a-z]+", lettres)) <= self.v.mots
        )

    def _de_date(self, mot: str) -> bool:
        """A word that would have been part of a date, had the date been well formed.

        "l'automne" and "mi-mars" are; "mi-parcours" is not (a part of something that is no date).
        """
        mot = mot.strip(".,;:!?()[]").rsplit("'", 1)[-1]
        if _CODE_DE_DATE.fullmatch(mot) or _ANNEE_DANS.search(mot):
            return True
        morceaux = mot.split("-")
        if len(morceaux) > 1:
            morceaux = [m for m in morceaux if m not in self.v.parties]
        return any(m in self.v.mots_de_date for m in morceaux)

    def _etiqueter(self, an: Analyse, t: str, off: int) -> bool:
        """Find the dates in a segment written as a label or a sentence; the rest are labels.

        Around each year, the longest stretch of at most eight words before it and four
        after it that a rule reads as a window is a date, provided the words touching it are
        not date words (then the date was malformed: nothing is read). The words between
        dates are labels: before a date, its label; after the last one, its label too,
        unless a conjunction opens them ("… en mars 2027 puis à la fin du plan"): then they
        are a part of their own, without a date.
        """
        mots = [(m.start(), m.end()) for m in re.finditer(r"\S+", t)]
        textes = [t[a:b] for a, b in mots]
        libres = [self._libre(x) for x in textes]
        if not any(libres):
            return False
        n = len(mots)
        trouvees: list[tuple[int, int, Lu]] = []
        suivant = 0
        for y in range(n):
            if y < suivant or not _ANNEE_DANS.search(textes[y]):
                continue
            candidats = sorted(
                ((i, j) for i in range(max(suivant, y - _AVANT_ANNEE), y + 1)
                 for j in range(y + 1, min(n, y + 1 + _APRES_ANNEE) + 1)),
                key=lambda ij: (ij[0] - ij[1], ij[0]),
            )
            for i, j in candidats:
                if libres[i] or libres[j - 1]:
                    continue  # a date neither starts nor ends with a word of free text
                lu = self.fenetre(t[mots[i][0] : mots[j - 1][1]])
                if lu is None or not isinstance(lu[0], Fenetre):
                    continue
                if self._bordure_sure(textes, i, j):
                    trouvees.append((i, j, lu))
                    suivant = j
                break  # the longest reading decides: a shorter one inside it would touch it
        if not trouvees:
            return False
        libelles, sans_date, autres = self._libelles(textes, [(i, j) for i, j, _ in trouvees])
        for (i, j, lu), lib in zip(trouvees, libelles, strict=True):
            sous = Analyse()
            sous.lire(lu, off + mots[i][0])
            an.lire(lu, off + mots[i][0])
            span = None if lib is None else (off + mots[lib[0]][0], off + mots[lib[1] - 1][1])
            an.parties += (Partie(span, (off + mots[i][0], off + mots[j - 1][1]), sous),)
        for lib in [*filter(None, libelles), *autres]:
            an.traces.append((LIBELLE, off + mots[lib[0]][0], off + mots[lib[1] - 1][1]))
        if sans_date is not None:
            span = (off + mots[sans_date[0]][0], off + mots[sans_date[1] - 1][1])
            an.traces.append((PARTIE_SANS_DATE, *span))
            an.parties += (Partie(span, None),)
        return True

    def _libelles(
        self, textes: list[str], dates: list[tuple[int, int]]
    ) -> tuple[list[tuple[int, int] | None], tuple[int, int] | None, list[tuple[int, int]]]:
        """Which words label which date (word spans): labels, an undated last part, other words.

        The words before the first date are its label. Between two dates, a conjunction
        splits them: before it, the label of the date before (if it has none), after it the
        label of the next one; without a conjunction they go to the date before if it has no
        label yet, else to the next. After the last date, words opened by a conjunction are a
        part of their own; otherwise they label the last date, or just surround it.
        """
        libelles: list[tuple[int, int] | None] = [None] * len(dates)
        autres: list[tuple[int, int]] = []
        debut = 0
        for k, (i, j) in enumerate(dates):
            if debut < i:
                if k == 0:
                    libelles[0] = self._sans_conjonction(textes, debut, i)
                else:
                    p = next((x for x in range(debut, i) if textes[x] in self.g.conjonctions), None)
                    if p == debut:
                        libelles[k] = self._sans_conjonction(textes, debut, i)
                    elif p is not None:
                        if libelles[k - 1] is None:
                            libelles[k - 1] = (debut, p)
                        else:
                            autres.append((debut, p))
                        libelles[k] = self._sans_conjonction(textes, p, i)
                    elif libelles[k - 1] is None:
                        libelles[k - 1] = (debut, i)
                    else:
                        libelles[k] = (debut, i)
            debut = j
        sans_date = None
        if debut < len(textes):
            if textes[debut] in self.g.conjonctions:
                sans_date = self._sans_conjonction(textes, debut, len(textes))
            elif libelles[-1] is None:
                libelles[-1] = (debut, len(textes))
            else:
                autres.append((debut, len(textes)))
        return libelles, sans_date, autres

    def _sans_conjonction(self, textes: list[str], i: int, j: int) -> tuple[int, int] | None:
        """Words i..j without the conjunctions that open them; None when nothing is left."""
        while i < j and textes[i] in self.g.conjonctions:
            i += 1
        return (i, j) if i < j else None

    def _bordure_sure(self, textes: list[str], i: int, j: int) -> bool:
        """Are the words touching a found date (words i..j) free of date material?

        "T5 2026", "5e trimestre 2026", "2026 T5", "de 2026 à 2024" are malformed dates, not
        a year among words: a date word, a date code or a year right beside the found date
        (or beside a range word next to it) means the date was not understood.
        """
        milieu = self.g.mots_milieu
        lie = not self._de_date(textes[i]) and not _NOMBRE.fullmatch(textes[i])
        if i > 0:
            avant = textes[i - 1]
            if _CODE_DE_DATE.fullmatch(avant.strip(".,;:!?()[]")) or _ANNEE_DANS.search(avant):
                return False
            # Behind a linking word ("… un second en 2027"), a date word is no part of the date.
            if not lie and (self._de_date(avant) or _NOMBRE.fullmatch(avant)):
                return False
            if avant in milieu and i > 1 and (self._de_date(textes[i - 2]) or _NOMBRE.fullmatch(textes[i - 2])):
                return False
            if textes[i] in milieu and _NOMBRE.fullmatch(avant) and textes[i] not in self.v.conjonctions:
                return False
        if j < len(textes):
            apres = textes[j]
            if self._de_date(apres) or _NOMBRE.fullmatch(apres):
                return False
            if apres in milieu and j + 1 < len(textes):
                suite = textes[j + 1]
                if self._de_date(suite) or (_NOMBRE.fullmatch(suite) and apres not in self.v.conjonctions):
                    return False
        return True

    # --- whole phrases -------------------------------------------------------------------

    def lire(self, texte: str) -> Echeance:
        """ECHEANCE of a whitespace-collapsed phrase (``en_retard`` left false)."""
        return self.lire_et_tracer(texte)[0]

    def lire_et_tracer(self, texte: str) -> tuple[Echeance, str, list[int], list[tuple[str, int, int]]]:
        """The ECHEANCE, the folded phrase, its map to ``texte``, and the rules that read it."""
        s, carte = plier(texte)
        if "." in s:
            s, carte = effacer(s, carte, self.g.point_abreviation)
        if not s:
            return Echeance.inconnue(texte), s, carte, []
        jalons = self._jalons(s, carte, texte)
        if jalons is not None:
            return jalons[0], s, carte, jalons[1]
        an = Analyse()
        self.analyser(an, s, 0, len(s))
        e = self._resultat(an, texte, texte, carte)
        return e, s, carte, (an.traces if not e.non_reconnu else [])

    def _resultat(self, an: Analyse, texte: str, imprime: str, carte: list[int]) -> Echeance:
        """ECHEANCE of an analysis; ``imprime`` is the printed text ``carte`` points into."""
        if not an.comprise:
            return Echeance.inconnue(texte)
        # A date a status names ("Printemps 2024 (reporté à l'automne 2024)") is the one that holds.
        fenetres = an.retenues
        # One window is its own cover (most phrases): no hashing of windows to deduplicate.
        fen = (fenetres[0] if len(fenetres) == 1 else fx.couvrir(fenetres)) if fenetres else None
        if fenetres and fen is None:
            return Echeance.inconnue(texte)  # "before X" and "after Y" together: no window to give
        regle = an.regle
        if regle is not None and an.partiels and "BYMONTH" not in regle:
            mois = sorted({n for p in an.partiels for n in p.mois})
            if mois:
                regle = {**regle, "BYMONTH": ",".join(map(str, mois))}
            jours = {p.jour for p in an.partiels}
            if len(jours) == 1 and None not in jours and "BYMONTHDAY" not in regle:
                regle = {**regle, "BYMONTHDAY": str(jours.pop())}  # "Le 31 mars de chaque année"
        condition = None
        if an.conditions:
            condition = _imprime(imprime, carte, an.conditions[0][0], an.conditions[-1][1]) or None
        jalons = self._jalons_des_parties(an, imprime, carte) if an.parties else ()
        if jalons:
            an.traces.append((JALONS_LIBELLES, 0, len(carte)))
        return Echeance(
            texte=texte,
            statut=_statut(an),
            debut=fen.debut if fen else None,
            fin=fen.fin if fen else None,
            precision=fen.precision if fen else None,
            ouvert=bool(fen and fen.ouvert),
            condition=condition,
            recurrence=_rrule(regle, fen) if regle else None,
            jalons=jalons,
            edtf=fen.edtf if fen else None,
            regles=noms_des_regles(an.traces),
        )

    def _jalons_des_parties(self, an: Analyse, imprime: str, carte: list[int]) -> tuple[Jalon, ...]:
        """Milestones of labelled dates: two or more, or one beside an undated part."""
        parties = an.parties
        if not parties:
            return ()
        etiquetees = [p for p in parties if p.analyse is not None and p.libelle is not None]
        sans_date = [p for p in parties if p.analyse is None]
        if len(etiquetees) < 2 and not (sans_date and len(sans_date) < len(parties)):
            return ()
        jalons = []
        for p in parties:
            libelle = _imprime(imprime, carte, *(p.libelle or p.date or (0, 0)))
            if p.analyse is None or p.date is None:
                jalons.append(Jalon(texte="", libelle=libelle, non_reconnu=True))
                continue
            e = self._resultat(p.analyse, _imprime(imprime, carte, *p.date), imprime, carte)
            jalons.append(Jalon(**{f: getattr(e, f) for f in _CHAMPS_JALON}, libelle=libelle))
        return tuple(jalons)

    def _jalons(self, s: str, carte: list[int], texte: str) -> tuple[Echeance, list[tuple[str, int, int]]] | None:
        """ "Label : date Label : date": two or more milestones, or None if it is not that shape.

        Each piece between two colons ends one milestone's date and starts the next one's
        label; the longest start of it that reads as a date (and nothing else) is the date.
        """
        if s.count(":") < 2:
            return None
        deux_points = [i for i, c in enumerate(s) if c == ":"]
        bornes = [-1, *deux_points, len(s)]
        morceaux = [_rogner(s, bornes[i] + 1, bornes[i + 1]) for i in range(len(bornes) - 1)]
        libelle = morceaux[0]
        if libelle[0] >= libelle[1]:
            return None
        jalons: list[Jalon] = []
        fenetres: list[Fenetre] = []
        traces: list[tuple[str, int, int]] = [(JALONS_DEUX_POINTS, 0, len(s))]
        for rang, (a, b) in enumerate(morceaux[1:], 1):
            dernier = rang == len(morceaux) - 1
            # A milestone's date ends with a word of the vocabulary or a number: "automne 2023
            # Déploiement du" is not tried as a date.
            coupes = [b] if dernier else [k for k in range(b - 1, a, -1) if s[k] == " " and self._fin_possible(s, a, k)]
            for k in coupes:
                x, y = _rogner(s, a, k)
                suite = _rogner(s, k, b)
                if x >= y or (not dernier and suite[0] >= suite[1]):
                    continue
                an = Analyse()
                self.analyser(an, s, x, y, etiqueter=False)
                if an.inconnus or not (an.fenetres or an.statuts) or an.regle:
                    continue
                jalon = self._resultat(an, _imprime(texte, carte, x, y), texte, carte)
                fen = fx.couvrir(an.retenues) if an.fenetres else None
                if fen is not None:
                    fenetres.append(fen)
                jalons.append(Jalon(**{f: getattr(jalon, f) for f in _CHAMPS_JALON},
                                    libelle=_imprime(texte, carte, *libelle)))
                traces += [(LIBELLE, *libelle), *an.traces]
                libelle = suite
                break
            else:
                return None
        top = fx.couvrir(fenetres) if fenetres else None
        statuts = [j.statut for j in jalons]
        statut = statuts[0] if len(set(statuts)) == 1 else ("planifie" if "planifie" in statuts else statuts[0])
        e = Echeance(
            texte=texte,
            statut=statut,
            debut=top.debut if top else None,
            fin=top.fin if top else None,
            precision=top.precision if top else None,
            ouvert=bool(top and top.ouvert),
            jalons=tuple(jalons),
            edtf=top.edtf if top else None,
            regles=noms_des_regles(traces),
        )
        return e, traces


#: What a milestone keeps of the reading of its own phrase (it has no milestones of its own).
_CHAMPS_JALON = tuple(f for f in CLES if f != "jalons")


def _statut(an: Analyse) -> str:
    forts = [s for s in an.statuts if s not in ("indetermine", "planifie")]
    if "realise" in forts and "en_continu" in forts:
        return "realise_en_continu"
    if forts:
        return forts[0]
    if an.regle:
        return "recurrent"
    if an.fenetres:
        return "planifie"  # "Automne 2025 (à confirmer)": the date wins over "à confirmer"
    if an.conditions:
        return "conditionnel"
    return "planifie" if "planifie" in an.statuts else "indetermine"


@cache
def _grammaire() -> Grammaire:
    return Grammaire(vocabulaire())


@lru_cache(maxsize=8)
def _lecteur(conventions: Conventions) -> Lecteur:
    return Lecteur(_grammaire(), conventions)


@lru_cache(maxsize=65536)
def _lire(texte: str, conventions: Conventions) -> Echeance:
    return _lecteur(conventions).lire(texte)


#: The contract's conventions, one instance: the cache of answers keeps no copy per phrase.
_CONVENTIONS = Conventions()


@lru_cache(maxsize=65536)
def _lire_par_defaut(texte: str) -> Echeance:
    """``_lire`` under the contract's conventions, keyed by the text alone (no dataclass hash per call)."""
    return _lecteur(_CONVENTIONS).lire(texte)


def normaliser(
    texte: str,
    publication: date | str | None = None,
    conventions: Conventions | None = None,
) -> Echeance:
    """The contract's ECHEANCE for one deadline phrase (``Echeance.en_dict()`` gives the JSON).

    ``publication`` (a date or "YYYY-MM-DD"): the edition's publication date, for ``en_retard``.
    ``conventions``: season bounds and fiscal year start; the contract's by default.
    """
    texte = " ".join(str(texte if texte is not None else "").split())
    echeance = _lire_par_defaut(texte) if conventions is None else _lire(texte, conventions)
    if publication is None:
        return echeance
    # A bad date fails here, not as a silent wrong comparison.
    pub = publication if isinstance(publication, date) else date.fromisoformat(publication)
    return echeance.au(pub)


@dataclass(frozen=True)
class Explication:
    """Why a phrase got its reading: each rule and the printed words it took, and the words none read."""

    echeance: Echeance
    lectures: tuple[tuple[str, str, str], ...]  # (rule name, words as printed, what the rule does)
    non_lus: tuple[str, ...]  # stretches of the printed phrase that no rule read


def expliquer(texte: str, conventions: Conventions | None = None) -> Explication:
    """The reading of ``texte`` with, for each rule that read it, the words it took.

    Not cached and a little slower than ``normaliser``: it is for a person asking why.
    """
    texte = " ".join(str(texte if texte is not None else "").split())
    e, s, carte, traces = _lecteur(conventions or _CONVENTIONS).lire_et_tracer(texte)
    v = vocabulaire()
    lectures = tuple(
        dict.fromkeys(
            (n, _imprime(texte, carte, a, b), v.regles.get(n, ""))
            for n, a, b in sorted(traces, key=lambda r: (r[1], -r[2]))
        )
    )
    lu = [False] * len(s)
    for _, a, b in traces:
        for k in range(a, b):
            lu[k] = True
    non_lus: list[str] = []
    k = 0
    while k < len(s):
        if lu[k]:
            k += 1
            continue
        d = k
        while k < len(s) and not lu[k]:
            k += 1
        mots = _imprime(texte, carte, d, k)
        if mots:
            non_lus.append(mots)
    return Explication(e, lectures, tuple(non_lus))
