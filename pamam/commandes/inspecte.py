"""``pamam inspecte PDF [--pages LISTE] [--out DIR]``: what the extractor saw, page by page.

For a person checking why a page reads wrong: one PNG per page (``DIR/page-001.png``…)
with the table zones, column gutters, row starts, cells coloured by role, the lines set
aside (running heads, page numbers) and a legend giving the strategy chosen and its score
(``pamam.inspection.dessin``). The document is shown even when no table is found in it:
that is when one wants to look.

With ``--verification``, the edition is extracted as ``pamam extract`` would (with
``--corrections`` when given) and ``DIR/verification.html`` is written instead: every
livrable beside the crop of the page it came from (``pamam.inspection.verification``).

Default DIR: ``sorties/inspection/<nom du PDF>/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pamam.cli import SORTIE_USAGE, une_ligne
from pamam.commandes.options import ajouter_options_lecture, options_lecture


def pages(texte: str) -> list[int]:
    """« 1,3-4 » → [1, 3, 4] (sorted, without repeats)."""
    numeros: set[int] = set()
    for partie in texte.split(","):
        partie = partie.strip()
        debut, tiret, fin = partie.partition("-")
        try:
            a = int(debut)
            b = int(fin) if tiret else a
        except ValueError:
            raise argparse.ArgumentTypeError(f"liste de pages attendue (par exemple 1,3-4), pas {texte!r}") from None
        if a < 1 or b < a:
            raise argparse.ArgumentTypeError(f"pages invalides : {partie!r} (les pages comptent depuis 1)")
        numeros.update(range(a, b + 1))
    return sorted(numeros)


def _resolution(texte: str) -> int:
    try:
        n = int(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, pas {texte!r}") from None
    if not 36 <= n <= 600:
        raise argparse.ArgumentTypeError(f"résolution entre 36 et 600 ppp attendue, pas {n}")
    return n


def configurer(p: argparse.ArgumentParser) -> None:
    p.add_argument("pdf", type=Path, metavar="PDF", help="l’édition en PDF")
    p.add_argument("--pages", type=pages, default=None, metavar="LISTE",
                   help="pages à dessiner, par exemple 1,3-4 (défaut : toutes)")
    p.add_argument("--out", type=Path, default=None, metavar="DOSSIER",
                   help="dossier des images (défaut : sorties/inspection/<nom du PDF>/)")
    p.add_argument("--resolution", type=_resolution, default=100, metavar="PPP",
                   help="résolution des images en points par pouce (défaut : 100)")
    p.add_argument("--verification", action="store_true",
                   help="écrire verification.html (chaque livrable à côté de l’extrait de sa page) "
                        "au lieu des images")
    ajouter_options_lecture(p)


def executer(args: argparse.Namespace) -> int:
    options = options_lecture(args)
    dossier = args.out if args.out is not None else Path("sorties") / "inspection" / args.pdf.stem
    if args.verification:
        from pamam.inspection.verification import ecrire_verification
        from pamam.pipeline import extraire_edition

        plan = extraire_edition(args.pdf, options)
        cible = ecrire_verification(plan, args.pdf, dossier, options.mot_de_passe)
        print(f"{cible}: {len(plan.livrables)} livrables à vérifier")
        return 0
    from extraction.inspection import analyser_document
    from pamam.inspection.dessin import ecrire_images

    document = analyser_document(args.pdf, options.mot_de_passe, options.pages_max, options.ocr)
    numeros = args.pages or [p.numero for p in document.pages]
    hors = [n for n in numeros if n > document.nb_pages]
    if hors:
        print(une_ligne(f"pamam: {args.pdf}: page {hors[0]} hors du document ({document.nb_pages} page(s))"),
              file=sys.stderr)
        return SORTIE_USAGE
    vues = {v.numero: v for v in document.pages}
    for chemin, n in zip(ecrire_images(document, numeros, dossier, args.resolution, options.mot_de_passe), numeros,
                         strict=True):
        v = vues[n]
        retirees = sum(1 for lv in v.lignes if lv.role in ("ligne_courante", "numero_de_page"))
        if v.grilles:
            score = "" if v.qualite is None else f" (score {v.qualite:.2f})"
            lu = f"{v.strategie}{score}, {len(v.grilles)} zone(s)"
        else:
            lu = "aucun tableau" if v.mise_en_page.mots else "aucun mot (--ocr ?)"
        print(f"{chemin}: {lu}, {retirees} ligne(s) mise(s) de côté, {len(v.avertissements)} avertissement(s)")
    return 0
