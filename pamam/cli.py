"""The ``pamam`` command: sub-commands, French help, and failures as one line and an exit code.

Why here and only here: the library raises exceptions that say what went wrong
(``extraction.erreurs``, ``normalisation.edition``, ``pamam.erreurs``); which exit code a
shell script sees and which option a user should type about it are the command line's
business, so the table of codes and advice lives in this module (the README documents it).

Only argparse is imported at start: each sub-command's module (and its heavy libraries)
is loaded when that sub-command runs. argparse's own messages (usage, errors, the help
option) are given in French by ``_francais``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

# Documented exit codes (README, « Codes de sortie »).
SORTIE_ERREUR_INTERNE = 1  # a bug: the line says so
SORTIE_USAGE = 2  # wrong command line (argparse uses 2 as well)
SORTIE_FICHIER = 3  # path missing or unreadable
SORTIE_PAS_PDF = 4  # not a PDF, truncated or corrupt; a JSON that is not a plan
SORTIE_CHIFFRE = 5  # encrypted and no (or a wrong) password
SORTIE_SANS_TEXTE = 6  # no text layer (scanned) and no OCR asked, or OCR impossible
SORTIE_PAS_TABLEAU = 7  # no PAMAM synoptic table found, or no edition on the cover
SORTIE_TROP_GRAND = 8  # more pages than the page limit, or a decompression bomb
SORTIE_ECRITURE = 9  # outputs could not be written (disk full included)
SORTIE_PARTIELLE = 10  # several inputs, at least one failed; or two files of one edition
SORTIE_CORRECTIONS = 11  # a corrections file that cannot be read, or a correction whose cell does not exist
SORTIE_INTERROMPU = 130  # Ctrl-C

SOUS_COMMANDES = {
    "extract": ("pamam.commandes.extract", "reconstruire le tableau synoptique de chaque PDF"),
    "compare": ("pamam.commandes.compare", "comparer deux éditions (PDF ou plan.json)"),
    "echeance": ("pamam.commandes.echeance", "normaliser des échéanciers (une ligne JSON chacun)"),
    "resume": ("pamam.commandes.resume", "résumé d’une édition dans le terminal"),
    "lot": ("pamam.commandes.lot", "traiter toutes les éditions d’un dossier (ce que fait make extract)"),
    "inspecte": ("pamam.commandes.inspecte", "montrer ce que l’extraction a vu sur chaque page (PNG), ou "
                                             "une page de vérification de l’édition (--verification)"),
}

DESCRIPTION = ("Reconstruit le tableau synoptique du Plan d’action ministériel en affaires municipales (PAMAM) "
               "depuis ses éditions PDF, normalise les échéanciers et compare les éditions.")


def code_et_conseil(e: BaseException) -> tuple[int, str]:
    """The exit code of an exception, and the advice (naming an option) to add to its line."""
    from extraction import erreurs as ex
    from normalisation.edition import EditionIntrouvable
    from pamam import erreurs as pe

    table: list[tuple[type[BaseException], int, str]] = [
        (ex.CheminIllisible, SORTIE_FICHIER, ""),
        (ex.PdfChiffre, SORTIE_CHIFFRE, "donnez son mot de passe avec --mot-de-passe"),
        (ex.SansTexte, SORTIE_SANS_TEXTE, "relancez avec --ocr"),
        (ex.OcrImpossible, SORTIE_SANS_TEXTE, ""),
        (ex.SansTableau, SORTIE_PAS_TABLEAU, ""),
        (EditionIntrouvable, SORTIE_PAS_TABLEAU, "précisez-la avec --edition AAAA-MM"),
        (ex.TropDePages, SORTIE_TROP_GRAND, "limite modifiable avec --pages-max"),
        (ex.TropLourd, SORTIE_TROP_GRAND, ""),
        (ex.PasUnPdf, SORTIE_PAS_PDF, ""),
        (pe.PlanInvalide, SORTIE_PAS_PDF, ""),
        (pe.EditionEnDouble, SORTIE_PARTIELLE, ""),
        (pe.CorrectionInvalide, SORTIE_CORRECTIONS, ""),
        (pe.EcritureImpossible, SORTIE_ECRITURE, ""),
        (pe.DependanceManquante, SORTIE_USAGE, ""),
        (pe.ErreurInterne, SORTIE_ERREUR_INTERNE, "à signaler ; PAMAM_DEBUG=1 pour le détail"),
    ]
    for classe, code, conseil in table:
        if isinstance(e, classe):
            return code, conseil
    return SORTIE_ERREUR_INTERNE, ""


def ligne_erreur(e: BaseException, conseil: str | None = None) -> str:
    """The single stderr line for a failure: ``pamam: <fichier>: <raison> (<conseil>)``."""
    if conseil is None:
        conseil = code_et_conseil(e)[1]
    fichier = getattr(e, "fichier", None)
    raison = getattr(e, "raison", None) or str(e)
    texte = f"pamam: {fichier}: {raison}" if fichier else f"pamam: {raison}"
    if conseil:
        texte += f" ({conseil})"
    return une_ligne(texte)


def une_ligne(texte: str) -> str:
    """Exactly one stderr line, whatever a file name or an exception message holds."""
    return " ".join(texte.split())


# --- argparse in French ---------------------------------------------------------------------

_FRANCAIS = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version du programme et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l’argument %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "ignored explicit argument %r": "valeur %r ignorée",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande inconnue %(parser_name)r (possibles : "
                                                              "%(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d’ouvrir « %(filename)s » : %(error)s",
}


def _francais(message: str) -> str:
    return _FRANCAIS.get(message, message)


def _francais_pluriel(singulier: str, pluriel: str, n: int) -> str:
    if singulier == "expected %s argument":
        return "%s valeur attendue" if n == 1 else "%s valeurs attendues"
    return singulier if n == 1 else pluriel


def _argparse_en_francais() -> None:
    """argparse looks its messages up through module-level ``_``/``ngettext`` at call time:
    pointing those at our table gives usage, errors and the help option in French (there
    is no French catalogue installed with Python to use instead)."""
    argparse._ = _francais  # type: ignore[attr-defined]
    argparse.ngettext = _francais_pluriel  # type: ignore[attr-defined]


class _Formateur(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def _parser(nom: str | None = None) -> argparse.ArgumentParser:
    from pamam import __version__

    parser = argparse.ArgumentParser(prog="pamam", description=DESCRIPTION, formatter_class=_Formateur)
    parser.add_argument("--version", action="version", version=f"pamam {__version__}",
                        help="afficher la version du programme et quitter")
    sub = parser.add_subparsers(dest="commande", metavar="COMMANDE", title="commandes")
    sub.required = True
    for cle, (module, aide) in SOUS_COMMANDES.items():
        p = sub.add_parser(cle, help=aide, description=aide[:1].upper() + aide[1:] + ".", formatter_class=_Formateur)
        if nom is None or nom == cle:
            importlib.import_module(module).configurer(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, run the sub-command, turn failures into one line."""
    _argparse_en_francais()
    argv = list(sys.argv[1:] if argv is None else argv)
    nom = next((a for a in argv if not a.startswith("-")), None)
    nom = nom if nom in SOUS_COMMANDES else None
    try:
        args = _parser(nom).parse_args(argv)
        module = importlib.import_module(SOUS_COMMANDES[args.commande][0])
        return int(module.executer(args) or 0)
    except KeyboardInterrupt:
        print("pamam: interrompu", file=sys.stderr)
        return SORTIE_INTERROMPU
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 — every failure ends as one line, never a traceback
        code, conseil = code_et_conseil(e)
        if code == SORTIE_ERREUR_INTERNE and os.environ.get("PAMAM_DEBUG"):
            traceback.print_exc()
        if code == SORTIE_ERREUR_INTERNE and not hasattr(e, "raison"):
            # Reaching this is a bug in pamam (bad input raises the library's own errors).
            print(une_ligne(f"pamam: erreur interne: {type(e).__name__}: {e} "
                            "(à signaler ; PAMAM_DEBUG=1 pour le détail)"), file=sys.stderr)
        else:
            print(ligne_erreur(e, conseil), file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
