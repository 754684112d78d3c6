"""``pamam resume [EDITION] [--out DIR]``: one edition at a glance, in the terminal.

The question an analyst asks first of a new edition is "how far along is it, what is
late, what comes next?"; opening the workbook for that is slow. This prints plain-text
tables (no colour, no extra dependency, so it also reads well piped into a file or an
e-mail): counts per section and per statut, the overdue livrables (``en_retard``), and
the next deadlines (livrables whose window ends after the publication date, soonest
first; done and abandoned ones left out, since they no longer have a deadline).

EDITION is a version found under DIR (``2023-11`` → ``DIR/2023-11/plan.json``), a path
to a ``plan.json`` (or its folder) or to a PDF (extracted on the fly); without it, the
latest edition under DIR. Only the standard library is imported unless a PDF is given.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extraction.erreurs import CheminIllisible

if TYPE_CHECKING:
    from normalisation.modele import Plan
from normalisation.echeances.contrat import STATUTS  # the contract's statuts, in the order the summary lists them
from pamam.commandes.options import ajouter_options_lecture, options_lecture, sorties_tolerantes

DOSSIER_DEFAUT = Path("sorties")

#: Statuts that have no deadline to come: left out of "prochaines échéances".
SANS_ECHEANCE = frozenset({"realise", "abandonne"})

_VERSION = re.compile(r"^\d{4}-\d{2}$")


def configurer(parser: argparse.ArgumentParser) -> None:
    """Declare the sub-command's arguments."""
    parser.add_argument(
        "edition",
        metavar="EDITION",
        nargs="?",
        default=None,
        help="version (p. ex. 2023-11) cherchée dans DIR, ou chemin d’un plan.json ou d’un PDF "
        "(défaut : la plus récente édition de DIR)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=DOSSIER_DEFAUT,
        help="dossier des sorties où chercher les éditions (défaut : sorties/)",
    )
    parser.add_argument("--top", type=int, default=10, help="nombre de prochaines échéances listées (défaut : 10)")
    ajouter_options_lecture(parser, edition=False)


def _plus_recente(dossier: Path) -> Path:
    """``plan.json`` of the latest edition under ``dossier`` (versions AAAA-MM sort by date).

    Only editions directly under ``dossier`` count: ``make extract`` moves the folder of
    an edition whose PDF left ``sources/`` to ``archives/<date>/``, out of this default.
    """
    candidats = sorted(
        (p for p in dossier.glob("*/plan.json") if _VERSION.match(p.parent.name)), key=lambda p: p.parent.name
    )
    if not candidats:
        candidats = sorted(dossier.glob("*/plan.json"), key=lambda p: p.parent.name)
    if not candidats:
        raise CheminIllisible(dossier, "aucune édition (aucun */plan.json) : lancez d’abord pamam extract")
    return candidats[-1]


def trouver(edition: str | None, dossier: Path) -> Path:
    """The file to summarise: a version under ``dossier``, a path, or the latest edition."""
    if edition is None:
        return _plus_recente(dossier)
    chemin = Path(edition)
    if chemin.is_dir():
        return chemin / "plan.json"
    if chemin.exists():
        return chemin
    candidat = dossier / edition / "plan.json"
    if candidat.exists():
        return candidat
    if _VERSION.match(edition):
        archivees = sorted(dossier.glob(f"archives/*/{edition}/plan.json"))
        if archivees:  # its PDF left sources/: make extract moved it aside, say where
            raise CheminIllisible(candidat, f"édition {edition} retirée des sources, archivée dans "
                                            f"{archivees[-1].parent} (donnez ce chemin pour la résumer)")
        raise CheminIllisible(candidat, f"édition {edition} introuvable dans {dossier}")
    raise CheminIllisible(chemin, "fichier introuvable")


def _court(texte: Any, largeur: int) -> str:
    """One line, at most ``largeur`` characters (an ellipsis says something was cut)."""
    t = " ".join(str(texte or "").split())
    return t if len(t) <= largeur else t[: max(1, largeur - 1)].rstrip() + "…"


def tableau(entetes: Sequence[str], lignes: Sequence[Sequence[Any]], droite: Sequence[int] = ()) -> str:
    """A plain-text table: header, a rule, one line per row; columns in ``droite`` right-aligned."""
    cellules = [[str(c) for c in entetes]] + [["" if c is None else str(c) for c in ligne] for ligne in lignes]
    largeurs = [max(len(r[j]) for r in cellules) for j in range(len(entetes))]

    def rendre(r: list[str]) -> str:
        return "  ".join(
            c.rjust(largeurs[j]) if j in droite else c.ljust(largeurs[j]) for j, c in enumerate(r)
        ).rstrip()

    regle = "  ".join("-" * w for w in largeurs)
    return "\n".join([rendre(cellules[0]), regle] + [rendre(r) for r in cellules[1:]])


def resumer(plan: Plan, top: int = 10, largeur: int = 100) -> str:
    """The whole summary as text (what ``executer`` prints)."""
    doc = plan.document
    lignes = plan.livrables
    publication = plan.publication
    morceaux: list[str] = []

    titre = f"PAMAM — édition {doc.version or '?'}"
    if doc.libelle_version:
        titre += f" ({doc.libelle_version})"
    if publication:
        titre += f", publiée le {publication}"
    nb_mesures = len(plan.mesures)
    nb_actions = len(plan.actions)
    entete = [
        titre,
        f"{len(plan.sections)} sections, {nb_actions} actions, {nb_mesures} mesures, {len(lignes)} livrables",
    ]
    if doc.source and doc.source.fichier:
        entete.append(f"Source : {doc.source.fichier}" + (f" ({doc.source.pages} pages)" if doc.source.pages else ""))
    if plan.qualite is not None:
        entete.append(
            f"Qualité : {len(plan.qualite.avertissements)} avertissement(s), "
            f"{len(plan.qualite.echeances_non_reconnues)} échéance(s) non reconnue(s)"
        )
    morceaux.append("\n".join(entete))

    # Per section.
    rangs = []
    for s in plan.sections:
        des = [li for li in lignes if li.section is s]
        rangs.append(
            [
                s.code,
                _court(s.titre, 40),
                len(s.actions),
                sum(len(a.mesures) for a in s.actions),
                len(des),
                sum(1 for li in des if li.echeance.statut in ("realise", "realise_en_continu")),
                sum(1 for li in des if li.echeance.en_retard),
            ]
        )
    rangs.append(["Total", "", nb_actions, nb_mesures, len(lignes), sum(r[5] for r in rangs), sum(r[6] for r in rangs)])
    morceaux.append(
        "Par section\n"
        + tableau(
            ["section", "titre", "actions", "mesures", "livrables", "réalisés", "en retard"], rangs, (2, 3, 4, 5, 6)
        )
    )

    # Per statut.
    comptes = Counter(li.echeance.statut or "indetermine" for li in lignes)
    ordre = [s for s in STATUTS if comptes[s]] + sorted(s for s in comptes if s not in STATUTS)
    total = len(lignes) or 1
    morceaux.append(
        "Par statut\n"
        + tableau(
            ["statut", "livrables", "%"],
            [[s, comptes[s], f"{100 * comptes[s] / total:.1f}"] for s in ordre] + [["Total", len(lignes), "100.0"]],
            (1, 2),
        )
    )

    # Overdue.
    retard = [li for li in lignes if li.echeance.en_retard]
    fixe = 8 + 4 + 28 + 11 + 8
    texte_l = max(20, largeur - fixe)
    if retard:
        morceaux.append(
            f"En retard ({len(retard)})\n"
            + tableau(
                ["mesure", "no", "livrable", "échéancier", "fin"],
                [
                    [
                        li.mesure.numero,
                        li.numero,
                        _court(li.texte, texte_l),
                        _court(li.echeance.texte, 28),
                        li.echeance.fin,
                    ]
                    for li in retard
                ],
                (1,),
            )
        )
    else:
        morceaux.append("En retard : aucun livrable")

    # Next deadlines.
    a_venir = sorted(
        (
            (li.echeance.fin, li.echeance.debut or date.min, k, li)
            for k, li in enumerate(lignes)
            if li.echeance.fin and (publication is None or li.echeance.fin > publication)
            and li.echeance.statut not in SANS_ECHEANCE
        ),
        key=lambda t: t[:3],
    )
    if a_venir:
        morceaux.append(
            f"Prochaines échéances ({min(top, len(a_venir))} sur {len(a_venir)})\n"
            + tableau(
                ["fin", "mesure", "no", "livrable", "échéancier", "statut"],
                [
                    [
                        li.echeance.fin,
                        li.mesure.numero,
                        li.numero,
                        _court(li.texte, max(20, texte_l - 14)),
                        _court(li.echeance.texte, 28),
                        li.echeance.statut,
                    ]
                    for _f, _d, _k, li in a_venir[:top]
                ],
                (2,),
            )
        )
    else:
        morceaux.append("Prochaines échéances : aucune")
    return "\n\n".join(morceaux) + "\n"


def executer(args: argparse.Namespace) -> int:
    """Find the edition, load it (a PDF is extracted on the fly) and print its summary."""
    from pamam.plans import charger_plan

    sorties_tolerantes()
    chemin = trouver(args.edition, args.out)
    plan = charger_plan(chemin, options_lecture(args))
    largeur = shutil.get_terminal_size((100, 24)).columns
    sys.stdout.write(resumer(plan, top=max(0, args.top), largeur=max(60, largeur)))
    sys.stdout.flush()
    return 0
