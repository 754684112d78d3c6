"""One edition from PDF to plan: extraction, then normalisation, in that order.

This is the only place where the stages meet. ``extraire_plan`` returns the contract's
``plan.json`` as a dict (with its quality report); ``ecrire_edition`` writes an
edition's files all together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pamam.erreurs import SORTIE_PAS_TABLEAU, SORTIE_USAGE, ErreurPamam


def _version(brut: Any, version: str | None) -> tuple[str, str]:
    from normalisation.edition import VERSION, version_depuis_libelle, version_depuis_nom
    from normalisation.texte import sur_une_ligne

    libelle = ""
    trouvee = None
    for candidat in brut.couverture.libelles:
        v = version_depuis_libelle(candidat)
        if v:
            libelle, trouvee = sur_une_ligne(candidat), v
            break
    if version is not None:
        if not VERSION.match(version):
            raise ErreurPamam(None, f"--version {version!r} : format attendu AAAA-MM", SORTIE_USAGE)
        return version, libelle
    if trouvee is None:
        trouvee = version_depuis_nom(brut.fichier.name)
    if trouvee is None:
        raise ErreurPamam(
            brut.fichier,
            "édition introuvable sur la couverture (mois et année) : précisez-la avec --version AAAA-MM",
            SORTIE_PAS_TABLEAU,
        )
    return trouvee, libelle


def normaliser_plan(brut: Any, version: str | None = None, conventions: Any = None) -> dict[str, Any]:
    """Raw extraction → contract plan: clean texts, normalised échéanciers, report."""
    from normalisation.echeances import normaliser
    from normalisation.evenements import evenements
    from normalisation.texte import nettoyer

    version, libelle = _version(brut, version)
    publication = dt.date(int(version[:4]), int(version[5:7]), 1)
    non_reconnues: list[dict[str, Any]] = []
    sections = []
    comptes = {"sections": 0, "actions": 0, "mesures": 0, "livrables": 0}
    for s in brut.sections:
        comptes["sections"] += 1
        actions = []
        for a in s["actions"]:
            comptes["actions"] += 1
            mesures = []
            for m in a["mesures"]:
                comptes["mesures"] += 1
                livrables = []
                for i, liv in enumerate(m["livrables"], 1):
                    comptes["livrables"] += 1
                    texte = nettoyer(liv["texte"])
                    ech = normaliser(nettoyer(liv["echeancier"]), publication, conventions).en_dict()
                    if ech["non_reconnu"]:
                        non_reconnues.append(
                            {"mesure": m["numero"], "livrable_no": i, "texte": ech["texte"], "page": liv["page"]}
                        )
                    livrables.append(
                        {
                            "texte": texte,
                            "echeancier": ech,
                            "page": liv["page"],
                            "colonnes_supplementaires": {
                                nettoyer(k): nettoyer(v) for k, v in liv["colonnes_supplementaires"].items()
                            },
                            "evenements": evenements(texte),
                        }
                    )
                mesures.append({"numero": m["numero"], "titre": nettoyer(m["titre"]), "livrables": livrables})
            actions.append({"numero": a["numero"], "titre": nettoyer(a["titre"]), "mesures": mesures})
        sections.append(
            {"code": s["code"], "titre": nettoyer(s["titre"]), "objectif": nettoyer(s["objectif"]), "actions": actions}
        )
    couv = brut.couverture
    return {
        "document": {
            "titre": nettoyer(couv.titre),
            "sous_titre": nettoyer(couv.sous_titre),
            "version": version,
            "libelle_version": libelle,
            "date_publication": publication.isoformat(),
            "source": {"fichier": brut.fichier.name, "sha256": brut.sha256, "pages": brut.nb_pages},
        },
        "sections": sections,
        "qualite": {
            "comptes": comptes,
            "strategies": {str(k): v for k, v in brut.strategies.items()},
            "avertissements": brut.avertissements,
            "echeances_non_reconnues": non_reconnues,
        },
    }


def extraire_plan(
    chemin: Path,
    version: str | None = None,
    mot_de_passe: str | None = None,
    pages_max: int | None = None,
    conventions: Any = None,
) -> dict[str, Any]:
    """PDF → plan dict (contract shape plus ``qualite``). Raises ``ErreurPamam``."""
    from extraction import lire_plan
    from extraction.document import PAGES_MAX_DEFAUT

    brut = lire_plan(Path(chemin), mot_de_passe=mot_de_passe, pages_max=pages_max or PAGES_MAX_DEFAUT)
    return normaliser_plan(brut, version, conventions)


def lire_plan_json(chemin: Path) -> dict[str, Any]:
    """A ``plan.json`` written earlier (or by hand), checked enough to be compared."""
    from pamam.erreurs import SORTIE_FICHIER, SORTIE_PAS_PDF

    chemin = Path(chemin)
    try:
        donnees = json.loads(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ErreurPamam(chemin, "fichier introuvable", SORTIE_FICHIER) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ErreurPamam(chemin, f"JSON illisible ({type(e).__name__})", SORTIE_PAS_PDF) from None
    if not isinstance(donnees, dict) or not isinstance(donnees.get("sections"), list):
        raise ErreurPamam(chemin, "n’est pas un plan.json (clé « sections » absente)", SORTIE_PAS_TABLEAU)
    return donnees


def charger(chemin: Path, **options: Any) -> dict[str, Any]:
    """A PDF or a plan.json, whichever ``chemin`` is (by its first bytes, not its name)."""
    chemin = Path(chemin)
    try:
        with open(chemin, "rb") as f:
            debut = f.read(1024)
    except OSError:
        debut = b""
    if b"%PDF-" in debut or chemin.suffix.lower() == ".pdf" or not chemin.exists():
        return extraire_plan(chemin, **options)
    return lire_plan_json(chemin)


def ecrire_edition(plan: dict[str, Any], dossier: Path) -> Path:
    """Write plan.json, livrables.csv and livrables.xlsx of one edition atomically."""
    from pamam.ecriture.plan import ecrire_fichiers_edition
    from pamam.fichiers import Lot

    cible = Path(dossier) / plan["document"]["version"]
    with Lot(cible) as lot:
        ecrire_fichiers_edition(plan, lot)
    return cible
