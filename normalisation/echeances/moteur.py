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
4. Combine: the statut from the status words, else recurrent, planifie (a window) or
   conditionnel (only conditions); a phrase in which no segment was understood is
   ``non_reconnu`` and gets no date — nothing is ever guessed. Segments nobody reads beside
   one that was understood (a note like "Phase 1") are left in ``texte`` and ignored.

Every word comes from ``vocabulaire.toml``; this module only knows the shapes. No date
library is needed: the shapes are few and a full parser would guess where we must not.
"""

from __future__ import annotations

import re
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


class Grammaire:
    """The shapes of a deadline phrase, compiled once, filled with the vocabulary's words."""

    def __init__(self, v: Vocabulaire) -> None:
        self.v = v
        art = alternative_liee(v.articles)
        fiscales = [f for f, u in v.unites.items() if u.fiscale]
        annuelles = [f for f, u in v.unites.items() if u.mois == 12 and not u.fiscale]
        sous_annuelles = [f for f, u in v.unites.items() if u.mois in (3, 6)]
        premier = [f for f, rang in v.ordinaux.items() if rang == 1]
        mois = alternative(v.mois)

        # A year, a span of years or a fiscal year: "2025", "2026-2027", "exercice financier 2025-26".
        support = (
            rf"(?:(?P<ex>{alternative(fiscales)}) (?:{art})?|(?P<nom>{alternative(annuelles)}) )?"
            rf"(?P<a1>{AN})(?:[-/](?P<a2>{AN2}))?"
        )
        self.introducteurs = re.compile(rf"(?:{alternative_liee(v.introducteurs)})+")
        self.point_abreviation = re.compile(rf"(?<![a-z]){alternative(v.abreviations_pointees)}(?P<point>\.)")
        self.separateur = re.compile(
            r" ?(?:[;,()\[\]{}:•|!?]|\.(?= |$)|(?<= )-(?= |$)|^-(?= )|(?<=\d)-(?=[a-z])| / ) ?"
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
        self.sous_periode = re.compile(
            rf"(?:(?P<o>{alternative(v.ordinaux)}) (?P<u>{alternative(sous_annuelles)})"
            rf"|(?P<ab>{alternative(v.abreviations_unites)}) ?(?P<n>\d))"
            rf"(?:(?: |(?<=\d)-)(?:{art})?{support})?"  # "T3 2025", "T3-2025"
        )
        self.partie = re.compile(rf"(?P<p>{alternative(v.parties)})(?:-| )(?:{art})?(?P<reste>.+)")

        # Open starts and bounds: "Dès 2025", "Après l'été 2025", "D'ici 2027", "Avant l'été 2026".
        def prefixe(formes: tuple[str, ...]) -> re.Pattern[str]:
            return re.compile(rf"{alternative_liee(formes)}(?:{art})?(?P<reste>.+)")

        self.ouverture = prefixe(v.ouverture)
        self.ouverture_exclusive = prefixe(v.ouverture_exclusive)
        self.borne = prefixe(v.borne)
        self.borne_exclusive = prefixe(v.borne_exclusive)
        self.ouverture_apres = re.compile(rf"(?P<reste>.+?) ?{alternative(v.ouverture_apres)}")
        self.borne_apres = re.compile(rf"(?P<reste>.+?) {alternative(v.borne_apres)}")
        # Ranges: an optional opening word, then two ends joined by a word or by a bare dash.
        self.ouvreur = re.compile(rf"(?:{alternative_liee(v.debut_intervalle)}(?:{art})?|{art})")
        colles = [f for f in v.milieu_intervalle if not re.search(r"[a-z0-9]", f)]
        mots = [f for f in v.milieu_intervalle if f not in colles]
        self.milieux = [re.compile(rf" {alternative(mots)} ")]
        if colles:
            self.milieux.append(re.compile(alternative(colles)))

        self.statut_final = re.compile(
            rf" (?:{alternative_liee(v.introducteurs)})*(?P<s>{alternative(v.statuts)})(?:es|e|s)?$"
        )
        self.statut = re.compile(rf"(?P<s>{alternative(v.statuts)})(?:es|e|s)?(?![a-z0-9/])(?: (?P<reste>.+))?")
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


@dataclass
class Analyse:
    """What the segments of one phrase (or one milestone) said."""

    fenetres: list[Fenetre] = field(default_factory=list)
    fenetres_statut: list[Fenetre] = field(default_factory=list)  # "Reporté à l'automne 2025": the new date
    statuts: list[str] = field(default_factory=list)
    conditions: list[tuple[int, int]] = field(default_factory=list)  # spans in the folded text
    regle: dict[str, str] | None = None
    partiels: list[Partiel] = field(default_factory=list)
    inconnus: int = 0

    @property
    def retenues(self) -> list[Fenetre]:
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
    return texte[carte[a] : carte[b - 1] + 1].strip(_BORDS_IMPRIMES)


class Lecteur:
    """Reads phrases under one set of conventions (season bounds, fiscal year start)."""

    def __init__(self, grammaire: Grammaire, conventions: Conventions) -> None:
        self.g = grammaire
        self.v = grammaire.v
        self.c = conventions
        self._memo: dict[str, Fenetre | Partiel | None] = {}
        # Which readings can apply, by the phrase's first character (a digit or not): saves
        # trying the nine shapes on every piece of phrase.
        self._atomes_chiffre = (
            self._jour_iso,
            self._jour_num,
            self._annee,
            self._mois_iso,
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

    def fenetre(self, t: str) -> Fenetre | Partiel | None:
        """The window a piece of phrase names, a year-less date, or None."""
        try:
            return self._memo[t]
        except KeyError:
            pass
        # One date after its introducing words ("au cours de l'exercice 2025-2026") is read
        # before any range, so that the dash of a fiscal year never splits it in two.
        reste = self._sans_introducteurs(t)
        r = (self.atome(t) or self.atome(reste)) if t else None
        if r is None and t:
            r = self._intervalle(t) or self._ouverture_ou_borne(t)
        if r is None and reste:
            r = self._intervalle(reste) or self._ouverture_ou_borne(reste)
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[t] = r
        return r

    def _sans_introducteurs(self, t: str) -> str:
        """``t`` without the words that open a date ("au cours de l'"), or "" if nothing follows."""
        m = self.g.introducteurs.match(t)
        return t[m.end() :] if m and m.end() < len(t) else ""

    def atome(self, t: str) -> Fenetre | Partiel | None:
        """One date: a day, month, season, quarter, half-year, year, fiscal year or a third of one."""
        if not t:
            return None
        for lire in self._atomes_chiffre if t[0].isdigit() else self._atomes_lettre:
            r = lire(t)
            if r is not None:
                return r
        return None

    def _jour_iso(self, t: str) -> Fenetre | None:
        m = self.g.jour_iso.fullmatch(t)
        return m and self._jour_valide(int(m["a"]), int(m["m"]), int(m["j"]))

    def _jour_num(self, t: str) -> Fenetre | None:
        m = self.g.jour_num.fullmatch(t)
        return m and self._jour_valide(int(m["a"]), int(m["m"]), int(m["j"]))

    @staticmethod
    def _jour_valide(a: int, m: int, j: int) -> Fenetre | None:
        try:
            return fx.jour(date(a, m, j))
        except ValueError:
            return None

    def _annee(self, t: str) -> Fenetre | None:
        m = self.g.annee.fullmatch(t)
        return m and self._support(m)

    def _support(self, m: re.Match[str]) -> Fenetre | None:
        """A year, a fiscal year ("2026-2027" alone, or an "exercice" word), a span of years."""
        a1 = int(m["a1"])
        fiscal = m["ex"] is not None
        if m["a2"] is None:
            return fx.exercice(a1, self.c) if fiscal else fx.annee(a1)
        a2 = _annee_suivante(a1, m["a2"])
        if a2 is None or a2 <= a1:
            return None
        if a2 == a1 + 1:
            return fx.exercice(a1, self.c)
        if fiscal:
            return fx.couvrir([fx.exercice(a1, self.c), fx.exercice(a2 - 1, self.c)])
        return fx.couvrir([fx.annee(a1), fx.annee(a2)])

    def _mois_iso(self, t: str) -> Fenetre | None:
        m = self.g.mois_iso.fullmatch(t)
        return fx.mois(int(m["a"]), int(m["m"])) if m and 1 <= int(m["m"]) <= 12 else None

    def _saison(self, t: str) -> Fenetre | Partiel | None:
        m = self.g.saison.fullmatch(t)
        if not m:
            return None
        s = self.v.saisons[m["s"]]
        bornes = s.bornes[self.c.saisons]
        if m["a1"] is None:
            return fx.partiel(lambda a: fx.saison(bornes, s.edtf, a), s.mois)
        a1 = int(m["a1"])
        if m["a2"] is None:
            return fx.saison(bornes, s.edtf, a1)
        if _annee_suivante(a1, m["a2"]) != a1 + 1:
            return None
        return fx.saison_commencant(bornes, s.edtf, a1)

    def _periode(self, t: str) -> Fenetre | Partiel | None:
        """A named time of the year that is not a season ("rentrée 2025")."""
        m = self.g.periode.fullmatch(t)
        if not m:
            return None
        p = self.v.periodes[m["p"]]
        if m["a"] is None:
            return fx.partiel(lambda a: fx.periode_fixe(p.bornes, a), p.mois)
        return fx.periode_fixe(p.bornes, int(m["a"]))

    def _mois(self, t: str) -> Fenetre | Partiel | None:
        m = self.g.mois.fullmatch(t)
        if not m:
            return None
        n = self.v.mois[m["m"]]
        if m["a"] is None:
            return fx.partiel(lambda a: fx.mois(a, n), (n,))
        return fx.mois(int(m["a"]), n)

    def _jour(self, t: str) -> Fenetre | Partiel | None:
        m = self.g.jour.fullmatch(t)
        if not m:
            return None
        j = int(m["j"]) if m["j"].isdigit() else self.v.ordinaux[m["j"]]
        if not 1 <= j <= 31:
            return None
        if m["m"] is None:
            return fx.partiel_jour(j)
        n = self.v.mois[m["m"]]
        if m["a"] is None:
            if self._jour_valide(2000, n, j) is None:  # a leap year: "29 février" may repeat
                return None
            return replace(fx.partiel(lambda a: self._jour_valide(a, n, j), (n,)), jour=j)
        return self._jour_valide(int(m["a"]), n, j)

    def _sous_periode(self, t: str) -> Fenetre | Partiel | None:
        """Quarters and half-years, fiscal when a fiscal year is named ("T1 2025-2026")."""
        m = self.g.sous_periode.fullmatch(t)
        if not m:
            return None
        if m["o"] is not None:
            n, unite = self.v.ordinaux[m["o"]], self.v.unites[m["u"]]
        else:
            n, unite = int(m["n"]), self.v.abreviations_unites[m["ab"]]
        taille = unite.mois or 12
        if not 1 <= n <= 12 // taille:
            return None
        if m["a1"] is None:
            premier = taille * (n - 1) + 1
            return fx.partiel(
                lambda a: fx.mois_consecutifs(a, premier, taille, unite.nom, a),
                range(premier, premier + taille),
            )
        a1 = int(m["a1"])
        if m["a2"] is not None and _annee_suivante(a1, m["a2"]) != a1 + 1:
            return None
        if m["ex"] is not None or m["a2"] is not None:
            a, premier = fx.decaler(a1, self.c.exercice_debut_mois, taille * (n - 1))
        else:
            a, premier = a1, taille * (n - 1) + 1
        return fx.mois_consecutifs(a, premier, taille, unite.nom, a1)

    def _partie(self, t: str) -> Fenetre | Partiel | None:
        """ "Début 2026", "mi-mars 2025", "fin de l'exercice 2025-2026": a third of a window."""
        m = self.g.partie.fullmatch(t)
        if not m:
            return None
        k = self.v.parties[m["p"]]
        dedans = self.atome(m["reste"])
        if isinstance(dedans, Fenetre):
            return fx.tiers(dedans, k)
        if isinstance(dedans, Partiel):
            interieur = dedans

            def completer(partenaire: Fenetre) -> Fenetre | None:
                f = interieur.completer(partenaire)
                return None if f is None else fx.tiers(f, k)

            return Partiel(completer, fx.tiers_de_mois(interieur.mois, k), interieur.jour)
        return None

    def _intervalle(self, t: str) -> Fenetre | None:
        """ "De l'automne 2024 à l'hiver 2025", "entre mars et juin 2025", "printemps-été 2025".

        The right end must be complete; the left one may lack its year and take the right
        one's. An end before the start is not a range.
        """
        m0 = self.g.ouvreur.match(t)
        corps = t[m0.end() :] if m0 else t
        if m0 and (self.atome(corps) or self.atome(self._sans_introducteurs(corps))) is not None:
            return None  # "À compter de 2025-2026" is one date, opened: not a range
        for milieu in self.g.milieux:
            for m in milieu.finditer(corps):
                gauche, droite = corps[: m.start()], corps[m.end() :]
                if not gauche or not droite:
                    continue
                b = self.fenetre(droite)
                if not isinstance(b, Fenetre) or not b.fermee:
                    continue
                a = self.fenetre(gauche)
                if isinstance(a, Partiel):
                    a = a.completer(b)
                if not isinstance(a, Fenetre) or not a.fermee:
                    continue
                assert a.debut is not None and b.fin is not None
                if a.debut <= b.fin:
                    return fx.couvrir([a, b])
        return None

    def _ouverture_ou_borne(self, t: str) -> Fenetre | None:
        g = self.g
        for motif, ouvrir, exclusif in (
            (g.ouverture, True, False),
            (g.ouverture_exclusive, True, True),
            (g.borne, False, False),
            (g.borne_exclusive, False, True),
            (g.ouverture_apres, True, False),
            (g.borne_apres, False, False),
        ):
            m = motif.fullmatch(t)
            if not m:
                continue
            f = self.fenetre(m["reste"])
            if isinstance(f, Fenetre) and f.fermee:
                return fx.ouvrir(f, exclusif) if ouvrir else fx.borner(f, exclusif)
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

    def analyser(self, an: Analyse, s: str, a: int, b: int) -> None:
        """Read s[a:b] segment by segment into ``an``."""
        if " - " in s[a:b]:
            # "Printemps – été 2025": a spaced dash may join the two ends of one range.
            f = self.fenetre(s[a:b].replace(" - ", "-"))
            if isinstance(f, Fenetre):
                an.fenetres.append(f)
                return
        for x, y in self.segments(s, a, b):
            self.segment(an, s[x:y], x)

    def segment(self, an: Analyse, t: str, off: int) -> bool:
        """Read one segment into ``an``; False when no rule understood it."""
        g = self.g
        m = g.statut.fullmatch(t)
        decalage = 0
        if not m:
            reste = self._sans_introducteurs(t)  # "… et en continu"
            m = g.statut.fullmatch(reste) if reste else None
            decalage = len(t) - len(reste)
        if m:
            statut = self.v.statuts[m["s"]]
            an.statuts.append(statut)
            if m["reste"] is not None:
                self._complement(an, m["reste"], off + decalage + m.start("reste"), statut)
            return True
        if self._vague(t):
            an.statuts.append("indetermine")
            return True
        if self._recurrence(an, t, off):
            return True
        f = self.fenetre(t)
        if isinstance(f, Fenetre):
            an.fenetres.append(f)
            return True
        if isinstance(f, Partiel):
            an.partiels.append(f)  # only meaningful beside a repetition ("Chaque année, au printemps")
            return True
        if g.condition.match(t):
            an.conditions.append((off, off + len(t)))
            return True
        m = g.statut_final.search(t)  # "Réalisé en 2024 et en continu": a status after a date
        if m:
            x, y = _rogner(t, 0, m.start())
            sous = Analyse()
            if x < y and self.segment(sous, t[x:y], off + x) and not sous.inconnus and sous.comprise:
                an.absorber(sous)
                an.statuts.append(self.v.statuts[m["s"]])
                return True
        for m in g.condition_interne.finditer(t):  # "Automne 2025 dès l'adoption du règlement"
            x, y = _rogner(t, 0, m.start())
            sous = Analyse()
            if x < y and self.segment(sous, t[x:y], off + x) and not sous.inconnus and sous.comprise:
                an.absorber(sous)
                an.conditions.append((off + m.start(), off + len(t)))
                return True
        an.inconnus += 1
        return False

    def _vague(self, t: str) -> bool:
        if self.g.vague.fullmatch(t):
            return True
        m = self.g.introducteurs.match(t)
        return bool(m and self.g.vague.fullmatch(t[m.end() :]))

    def _complement(self, an: Analyse, t: str, off: int, statut: str) -> None:
        """What follows a status: a window, an unnamed later date, or another segment.

        The window a status names holds over the others ("Printemps 2024 (reporté à
        l'automne 2024)"), except the start of ongoing work, which the others complete
        ("Amorcé en 2024 – fin prévue en 2026").
        """
        if self._vague(t):
            return
        f = self.fenetre(t)
        if isinstance(f, Fenetre):
            an.fenetres.append(f)
            if statut not in _STATUTS_DE_DEBUT:
                an.fenetres_statut.append(f)
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
                if partie is None:
                    mp = g.partie_avant.fullmatch(t[: m.start()].rstrip(" "))
                    if mp:
                        partie, debut = mp["p"], 0
                regle = self._regle_unite(mu["u"], mu["n"], partie)
                restes = [(0, debut), (mu.end(), len(t))]
            else:
                fins = [k for k in range(e + 1, len(t) + 1) if k == len(t) or t[k] == " "]
                for k in reversed(fins):
                    p = self.fenetre(t[e:k])
                    if isinstance(p, Partiel) and p.mois:
                        regle = {"FREQ": "YEARLY", "BYMONTH": ",".join(map(str, sorted(set(p.mois))))}
                        if p.jour is not None:
                            regle["BYMONTHDAY"] = str(p.jour)
                        restes = [(0, m.start()), (k, len(t))]
                        break
                if regle is None:
                    return False
        an.regle = an.regle or regle
        for x, y in restes:
            x, y = _rogner(t, x, y)
            if x >= y:
                continue
            f = self.fenetre(t[x:y])
            if isinstance(f, Fenetre):
                an.fenetres.append(f)
            elif isinstance(f, Partiel):
                an.partiels.append(f)
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

    # --- whole phrases -------------------------------------------------------------------

    def lire(self, texte: str) -> Echeance:
        """ECHEANCE of a whitespace-collapsed phrase (``en_retard`` left false)."""
        s, carte = plier(texte)
        if "." in s:
            s, carte = effacer(s, carte, self.g.point_abreviation)
        if not s:
            return Echeance.inconnue(texte)
        jalons = self._jalons(s, carte, texte)
        if jalons is not None:
            return jalons
        an = Analyse()
        self.analyser(an, s, 0, len(s))
        return self._resultat(an, texte, texte, carte)

    def _resultat(self, an: Analyse, texte: str, imprime: str, carte: list[int]) -> Echeance:
        """ECHEANCE of an analysis; ``imprime`` is the printed text ``carte`` points into."""
        if not an.comprise:
            return Echeance.inconnue(texte)
        # A date a status names ("Printemps 2024 (reporté à l'automne 2024)") is the one that holds.
        fenetres = an.retenues
        fen = fx.couvrir(fenetres) if fenetres else None
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
        return Echeance(
            texte=texte,
            statut=_statut(an),
            debut=fen.debut if fen else None,
            fin=fen.fin if fen else None,
            precision=fen.precision if fen else None,
            ouvert=bool(fen and fen.ouvert),
            condition=condition,
            recurrence=_rrule(regle, fen) if regle else None,
            edtf=fen.edtf if fen else None,
        )

    def _jalons(self, s: str, carte: list[int], texte: str) -> Echeance | None:
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
        for rang, (a, b) in enumerate(morceaux[1:], 1):
            dernier = rang == len(morceaux) - 1
            coupes = [b] if dernier else [k for k in range(b - 1, a, -1) if s[k] == " "]
            for k in coupes:
                x, y = _rogner(s, a, k)
                suite = _rogner(s, k, b)
                if x >= y or (not dernier and suite[0] >= suite[1]):
                    continue
                an = Analyse()
                self.analyser(an, s, x, y)
                if an.inconnus or not (an.fenetres or an.statuts) or an.regle:
                    continue
                jalon = self._resultat(an, _imprime(texte, carte, x, y), texte, carte)
                fen = fx.couvrir(an.retenues) if an.fenetres else None
                if fen is not None:
                    fenetres.append(fen)
                jalons.append(Jalon(**{f: getattr(jalon, f) for f in _CHAMPS_JALON},
                                    libelle=_imprime(texte, carte, *libelle)))
                libelle = suite
                break
            else:
                return None
        top = fx.couvrir(fenetres) if fenetres else None
        statuts = [j.statut for j in jalons]
        statut = statuts[0] if len(set(statuts)) == 1 else ("planifie" if "planifie" in statuts else statuts[0])
        return Echeance(
            texte=texte,
            statut=statut,
            debut=top.debut if top else None,
            fin=top.fin if top else None,
            precision=top.precision if top else None,
            ouvert=bool(top and top.ouvert),
            jalons=tuple(jalons),
            edtf=top.edtf if top else None,
        )


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
    echeance = _lire(texte, conventions or Conventions())
    if publication is None:
        return echeance
    # A bad date fails here, not as a silent wrong comparison.
    pub = publication if isinstance(publication, date) else date.fromisoformat(publication)
    return echeance.au(pub)
