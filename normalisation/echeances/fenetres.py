"""Date windows: what a deadline phrase names, as inclusive first and last days.

Why a module of its own: the grammar (``moteur``) decides *which* window a phrase names;
this module alone knows the calendar — season bounds, fiscal years, quarters, thirds —
and how each window is written in EDTF, so that a change of convention is made here once.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Bornes = tuple[tuple[int, int], tuple[int, int]]  # ((month, day) start, (month, day) end)
UN_JOUR = timedelta(days=1)


@dataclass(frozen=True)
class Conventions:
    """Reading conventions a reader could want otherwise (the contract's are the default).

    ``saisons``: "astronomiques" (printemps = 20 March → 20 June, hiver Y ends 19 March Y) or
    "meteorologiques" (whole months: March–May, …, hiver Y = December Y-1 → February Y).
    ``exercice_debut_mois``: first month of the fiscal year (Québec government: April).
    """

    saisons: Literal["astronomiques", "meteorologiques"] = "astronomiques"
    exercice_debut_mois: int = 4

    def __post_init__(self) -> None:
        if self.saisons not in ("astronomiques", "meteorologiques"):
            raise ValueError(f"saisons must be 'astronomiques' or 'meteorologiques', not {self.saisons!r}")
        if not 1 <= self.exercice_debut_mois <= 12:
            raise ValueError(f"exercice_debut_mois must be 1 to 12, not {self.exercice_debut_mois!r}")


@dataclass(frozen=True, slots=True)
class Fenetre:
    """A window. ``edtf_debut``/``edtf_fin`` are how its ends read inside a larger interval."""

    debut: date | None
    fin: date | None
    precision: str | None
    edtf: str
    edtf_debut: str
    edtf_fin: str
    annee: int | None = None  # nominal year, lent to a year-less partner ("mars" in "mars à juin 2025")
    ouvert: bool = False

    @property
    def fermee(self) -> bool:
        return self.debut is not None and self.fin is not None


@dataclass(frozen=True, slots=True)
class Partiel:
    """A date that lacks its year ("printemps", "mars", "1er"): completed from a partner window.

    ``mois``/``jour`` are what a repetition ("chaque printemps") makes of it (BYMONTH, BYMONTHDAY).
    """

    completer: Callable[[Fenetre], Fenetre | None]
    mois: tuple[int, ...]
    jour: int | None = None


def _fin_de_mois(a: int, m: int) -> date:
    return date(a, m, monthrange(a, m)[1])


def decaler(a: int, m: int, n: int) -> tuple[int, int]:
    """(year, month) ``n`` months after (a, m)."""
    k = a * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _jour_borne(a: int, m: int, j: int) -> date:
    """The day (a, m, j), a 29 February bound falling back to the 28th in common years."""
    return date(a, m, min(j, monthrange(a, m)[1]))


def jour(d: date) -> Fenetre:
    iso = d.isoformat()
    return Fenetre(d, d, "jour", iso, iso, iso, d.year)


def mois(a: int, m: int) -> Fenetre:
    code = f"{a:04d}-{m:02d}"
    return Fenetre(date(a, m, 1), _fin_de_mois(a, m), "mois", code, code, code, a)


def annee(a: int) -> Fenetre:
    code = f"{a:04d}"
    return Fenetre(date(a, 1, 1), date(a, 12, 31), "annee", code, code, code, a)


def mois_consecutifs(a: int, m: int, n: int, precision: str, nominale: int) -> Fenetre:
    """``n`` whole months from (a, m): quarters, half-years (EDTF as a month interval)."""
    a2, m2 = decaler(a, m, n - 1)
    debut, fin = f"{a:04d}-{m:02d}", f"{a2:04d}-{m2:02d}"
    edtf = debut if n == 1 else f"{debut}/{fin}"
    return Fenetre(date(a, m, 1), _fin_de_mois(a2, m2), precision, edtf, debut, fin, nominale)


def exercice(a: int, conventions: Conventions) -> Fenetre:
    """The fiscal year that starts in year ``a`` (2026 → 2026-04-01 … 2027-03-31 by default)."""
    m = conventions.exercice_debut_mois
    a2, m2 = decaler(a, m, 11)
    debut, fin = date(a, m, 1), _fin_de_mois(a2, m2)
    return Fenetre(debut, fin, "exercice", f"{debut}/{fin}", debut.isoformat(), fin.isoformat(), a)


def saison(bornes: Bornes, code: int, a: int) -> Fenetre:
    """Season of nominal year ``a``; one that wraps the new year starts in ``a - 1``.

    EDTF: the season code ("2023-23"), except for a wrapping season, written as its explicit
    interval because tools read "2026-24" as a December.
    """
    (m1, j1), (m2, j2) = bornes
    chevauche = (m1, j1) > (m2, j2)
    debut = _jour_borne(a - 1 if chevauche else a, m1, j1)
    fin = _jour_borne(a, m2, j2)
    if chevauche:
        return Fenetre(debut, fin, "saison", f"{debut}/{fin}", debut.isoformat(), fin.isoformat(), a)
    code_edtf = f"{a:04d}-{code}"
    return Fenetre(debut, fin, "saison", code_edtf, code_edtf, code_edtf, a)


def periode_fixe(bornes: Bornes, a: int) -> Fenetre | None:
    """A named time of year ``a`` with fixed month-day bounds ("rentrée 2025"), precision periode."""
    (m1, j1), (m2, j2) = bornes
    if (m1, j1) > (m2, j2):
        return None
    debut, fin = _jour_borne(a, m1, j1), _jour_borne(a, m2, j2)
    return Fenetre(debut, fin, "periode", f"{debut}/{fin}", debut.isoformat(), fin.isoformat(), a)


def saison_commencant(bornes: Bornes, code: int, a: int) -> Fenetre:
    """The season that starts in calendar year ``a`` ("hiver 2023-2024" starts in 2023)."""
    (m1, j1), (m2, j2) = bornes
    return saison(bornes, code, a + 1 if (m1, j1) > (m2, j2) else a)


def tiers(f: Fenetre, k: int) -> Fenetre | None:
    """Third ``k`` (0, 1, 2) of a closed window: "début", "mi-", "fin".

    By whole months when the window is whole months in a multiple of three (a year gives
    January–April, May–August, September–December); by days otherwise (a month gives
    1–10, 11–20, 21–end).
    """
    if f.debut is None or f.fin is None:
        return None
    d, e = f.debut, f.fin
    nb_mois = (e.year - d.year) * 12 + e.month - d.month + 1
    if d.day == 1 and e == _fin_de_mois(e.year, e.month) and nb_mois % 3 == 0:
        n = nb_mois // 3
        a, m = decaler(d.year, d.month, k * n)
        t = mois_consecutifs(a, m, n, "periode", f.annee or a)
        return t
    if nb_mois == 1 and d.day == 1 and e == _fin_de_mois(e.year, e.month):
        # A month: days 1–10, 11–20, 21–end, as CONVENTIONS.md says (February too).
        debut = d + timedelta(days=10 * k)
        fin = e if k == 2 else d + timedelta(days=10 * k + 9)
        return Fenetre(debut, fin, "periode", f"{debut}/{fin}", debut.isoformat(), fin.isoformat(), f.annee)
    nb_jours = (e - d).days + 1
    if nb_jours < 3:
        return None
    taille = nb_jours // 3
    debut = d + timedelta(days=k * taille)
    fin = e if k == 2 else debut + timedelta(days=taille - 1)
    return Fenetre(debut, fin, "periode", f"{debut}/{fin}", debut.isoformat(), fin.isoformat(), f.annee)


def tiers_de_mois(liste: Sequence[int], k: int) -> tuple[int, ...]:
    """Third ``k`` of a list of months (a year-less "fin de l'automne" in a repetition)."""
    if len(liste) % 3:
        return tuple(liste)
    n = len(liste) // 3
    return tuple(liste[k * n : (k + 1) * n])


def couvrir(fenetres: Iterable[Fenetre]) -> Fenetre | None:
    """The smallest window holding them all (a range, a union, a set of milestones).

    An open end anywhere leaves that end open. None when both ends would be open.
    """
    fs = list(dict.fromkeys(fenetres))
    if not fs:
        return None
    if len(fs) == 1:
        return fs[0]
    sans_debut = any(f.debut is None for f in fs)
    sans_fin = any(f.fin is None for f in fs)
    if sans_debut and sans_fin:
        return None
    premiere = None if sans_debut else min(fs, key=lambda f: f.debut or date.max)
    derniere = None if sans_fin else max(fs, key=lambda f: f.fin or date.min)
    gauche = ".." if premiere is None else premiere.edtf_debut
    droite = ".." if derniere is None else derniere.edtf_fin
    edtf = gauche if gauche == droite else f"{gauche}/{droite}"
    return Fenetre(
        None if premiere is None else premiere.debut,
        None if derniere is None else derniere.fin,
        "periode",
        edtf,
        gauche,
        droite,
        fs[-1].annee,
        ouvert=sans_fin,
    )


def ouvrir(f: Fenetre, exclusif: bool) -> Fenetre | None:
    """ "Dès X" / "X et plus": from X's start (or the day after X, "après X"), no end."""
    if not f.fermee:
        return None
    if exclusif:
        assert f.fin is not None
        debut = f.fin + UN_JOUR
        gauche = debut.isoformat()
    else:
        debut, gauche = f.debut, f.edtf_debut
    return Fenetre(debut, None, f.precision, f"{gauche}/..", gauche, "..", f.annee, ouvert=True)


def borner(f: Fenetre, exclusif: bool) -> Fenetre | None:
    """ "D'ici X" / "au plus tard X": no start, X's end (or the day before X, "avant X")."""
    if not f.fermee:
        return None
    if exclusif:
        assert f.debut is not None
        fin = f.debut - UN_JOUR
        droite = fin.isoformat()
    else:
        fin, droite = f.fin, f.edtf_fin
    return Fenetre(None, fin, f.precision, f"../{droite}", "..", droite, f.annee)


def partiel(construire: Callable[[int], Fenetre | None], mois_: Iterable[int]) -> Partiel:
    """A year-less date: takes its partner's year, or the year before if it would come after it."""

    def completer(partenaire: Fenetre) -> Fenetre | None:
        if partenaire.annee is None or partenaire.debut is None:
            return None
        f = construire(partenaire.annee)
        if f is not None and f.debut is not None and f.debut > partenaire.debut:
            f = construire(partenaire.annee - 1)
        return f

    return Partiel(completer, tuple(mois_))


def partiel_jour(j: int) -> Partiel:
    """A bare day ("1er" in "du 1er au 15 mars 2025"): takes its partner's month and year."""

    def completer(partenaire: Fenetre) -> Fenetre | None:
        if partenaire.debut is None:
            return None
        try:
            return jour(date(partenaire.debut.year, partenaire.debut.month, j))
        except ValueError:
            return None

    return Partiel(completer, (), j)
