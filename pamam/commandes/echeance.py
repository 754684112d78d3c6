"""``pamam echeance [PHRASE...]``: deadline phrases → one ECHEANCE JSON object per line.

With no PHRASE, standard input is read one phrase per line and answered line for line, in
order, flushing each answer, so that the command can sit at the end of a pipe or be driven
line by line by another program. An empty line gets an answer too (``non_reconnu``), so
the n-th output line always belongs to the n-th input line. Lines may end with LF, CRLF or
a lone CR (files saved by old Mac or Windows tools); a UTF-8 byte order mark is dropped.
Input that is not UTF-8 is refused with one line on stderr and exit status 4 (the README's
code for an unreadable input): answering U+FFFD-mangled phrases would hide the problem.

``--explique`` prints, instead of JSON, why each phrase got its reading: every rule that
read it, the words it took and what it does, in French, for a person checking a cell.

Only the deadline engine is imported (no PDF or language libraries): the whole process
must stay well under half a second.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normalisation.echeances.contrat import Echeance
    from normalisation.echeances.moteur import Explication

#: Exit status for an input that cannot be read (README, « Codes de sortie »).
SORTIE_ILLISIBLE = 4
ENTREE_STANDARD = "entrée standard"
_BOM_UTF8 = b"\xef\xbb\xbf"
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class EntreeIllisible(ValueError):
    """The input cannot be read as text: which input (``fichier``) and why (``raison``), in French."""

    def __init__(self, fichier: str, raison: str) -> None:
        super().__init__(f"{fichier}: {raison}")
        self.fichier = fichier
        self.raison = raison


class _Formateur(argparse.HelpFormatter):
    """argparse's help, with its own words in French."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[object],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)  # type: ignore[arg-type]


def _date(texte: str) -> date:
    try:
        return date.fromisoformat(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas {texte!r}") from None


def configurer(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments, with every help text in French."""
    parser.description = (
        "Normalise des phrases d’échéance (« Hiver 2026 », « Réalisé et en continu », « 2026-2027 ») : "
        "un objet JSON ECHEANCE par ligne, dans l’ordre des phrases."
    )
    parser.epilog = (
        "Sans PHRASE, lit l’entrée standard (UTF-8, fins de ligne LF, CRLF ou CR) et répond ligne pour ligne. "
        "Code de sortie 4 si l’entrée n’est pas de l’UTF-8."
    )
    parser.formatter_class = _Formateur
    parser._positionals.title = "arguments"
    parser._optionals.title = "options"
    for action in parser._actions:
        if "-h" in action.option_strings:
            action.help = "afficher cette aide et quitter"
    parser.add_argument(
        "phrases",
        nargs="*",
        metavar="PHRASE",
        help="phrase(s) d’échéance ; aucune : lire l’entrée standard, une phrase par ligne",
    )
    parser.add_argument(
        "--publication",
        type=_date,
        metavar="AAAA-MM-JJ",
        help="date de publication de l’édition, pour dire quelles échéances sont dépassées (en_retard)",
    )
    parser.add_argument(
        "--saisons",
        choices=("astronomiques", "meteorologiques"),
        default="astronomiques",
        help="bornes des saisons : astronomiques (par défaut ; hiver 2026 = 2025-12-21 → 2026-03-19) "
        "ou météorologiques (mois entiers)",
    )
    parser.add_argument(
        "--explique",
        action="store_true",
        help="au lieu du JSON, dire pourquoi chaque phrase a sa fenêtre : les règles qui l’ont lue "
        "et les mots que chacune a pris",
    )


def lignes(flux: Iterable[bytes], fichier: str = ENTREE_STANDARD) -> Iterator[str]:
    """The lines of a byte stream, decoded, as soon as each one is complete.

    LF, CRLF and a lone CR all end a line; other separators (U+2028…) stay inside it. A
    UTF-8 byte order mark at the start is dropped. Raises ``EntreeIllisible`` at the first
    line that is not UTF-8 (the lines before it have been yielded).
    """
    numero = 0
    premiere = True
    for brute in flux:
        if premiere:
            premiere = False
            if brute.startswith(_BOMS_UTF16):
                raise EntreeIllisible(fichier, "encodée en UTF-16 ; attendu : UTF-8")
            if brute.startswith(_BOM_UTF8):
                brute = brute[len(_BOM_UTF8) :]
        complete = brute.endswith(b"\n")
        contenu = brute[:-1] if complete else brute
        if complete and contenu.endswith(b"\r"):
            contenu = contenu[:-1]
        morceaux = contenu.split(b"\r")
        if not complete and len(morceaux) > 1 and morceaux[-1] == b"":
            morceaux.pop()  # the input ends with a CR: it ended the last line
        for morceau in morceaux:
            numero += 1
            try:
                yield morceau.decode("utf-8")
            except UnicodeDecodeError as e:
                octet = morceau[e.start]
                raison = f"ligne {numero} : pas de l’UTF-8 valide (octet 0x{octet:02x} à la position {e.start + 1})"
                raise EntreeIllisible(fichier, raison) from None


def executer(args: argparse.Namespace) -> int:
    """Print one JSON line (or one explanation) per phrase; 0 on success, 4 on unreadable input."""
    from normalisation.echeances import Conventions, normaliser

    conventions = Conventions(saisons=args.saisons)
    sortie = sys.stdout
    if hasattr(sortie, "reconfigure"):
        sortie.reconfigure(encoding="utf-8")
    explique = getattr(args, "explique", False)

    def repondre(phrase: str) -> None:
        if explique:
            from normalisation.echeances.moteur import expliquer

            sortie.write(_explication(expliquer(phrase, conventions), args.publication))
            return
        d = normaliser(phrase, publication=args.publication, conventions=conventions)
        sortie.write(json.dumps(d.en_dict(), ensure_ascii=False) + "\n")

    if args.phrases:
        for phrase in args.phrases:
            repondre(phrase)
        sortie.flush()
        return 0
    entree = getattr(sys.stdin, "buffer", None)
    flux = entree if entree is not None else (ligne.encode("utf-8") for ligne in sys.stdin)
    try:
        for ligne in lignes(flux):
            repondre(ligne)
            sortie.flush()
    except EntreeIllisible as e:
        sortie.flush()
        print(f"pamam: {e.fichier}: {e.raison}", file=sys.stderr)
        return SORTIE_ILLISIBLE
    return 0


def _explication(x: Explication, publication: date | None) -> str:
    """A phrase's reading in French: each rule with the words it took, then the result."""
    e = x.echeance.au(publication)
    lignes_ = [f"« {e.texte} »"]
    if e.non_reconnu:
        lignes_.append("  aucune règle ne lit cette phrase : non reconnue (rien n’est deviné)")
    largeur = max((len(n) for n, _, _ in x.lectures), default=0)
    for nom, mots, sens in x.lectures:
        lignes_.append(f"  {nom:<{largeur}}  « {mots} » : {sens}")
    for mots in x.non_lus:
        lignes_.append(f"  {'(non lu)':<{largeur}}  « {mots} »")
    if not e.non_reconnu:
        lignes_.append(f"  ⇒ {_resume(e)}")
        for j in e.jalons:
            lignes_.append(f"    jalon « {j.libelle} » : {_resume(j) if not j.non_reconnu else 'sans date'}")
    return "\n".join(lignes_) + "\n\n"


def _resume(e: Echeance) -> str:
    """ "planifie, du 2025-12-21 au 2026-03-19 (saison)"-like summary of a reading."""
    parts = [e.statut]
    if e.debut and e.fin:
        parts.append(f"du {e.debut} au {e.fin}" if e.debut != e.fin else f"le {e.debut}")
    elif e.fin:
        parts.append(f"au plus tard le {e.fin}")
    elif e.debut:
        parts.append(f"à partir du {e.debut}, sans fin")
    if e.precision:
        parts[-1] += f" ({e.precision})"
    if e.recurrence:
        parts.append(f"répétition {e.recurrence}")
    if e.condition:
        parts.append(f"condition « {e.condition} »")
    if e.en_retard:
        parts.append("en retard")
    return ", ".join(parts)
