"""Corrections an analyst keeps for misread cells (``sources/corrections.toml``).

Why a file rather than an edit of the outputs: ``make extract`` rewrites ``sorties/`` from
the PDFs every time, so a fix made by hand in a CSV is lost at the next run, and a fix in
code is out of an analyst's reach. A correction names a cell the way ``plan.json`` does
(edition, measure number, livrable number within the measure, field) and gives the value
*as printed*; it is applied to the raw plan right after extraction and before
normalisation, so a corrected échéancier gets its window and statut like any other, and
every run applies it again. What each correction changed (value before and after) is
listed in ``plan.json`` → ``qualite.corrections``.

The format (TOML, one ``[[correction]]`` table per fix, applied in the file's order)::

    [[correction]]
    edition = "2024-11"          # the edition (AAAA-MM) the cell belongs to
    mesure = "4.2"               # the measure's number, in quotes ("4.10" is not 4.1)
    livrable = 1                 # the livrable's rank within the measure (from 1)
    champ = "echeancier"         # see CHAMPS
    valeur = "Automne 2024"      # the value as printed in the PDF
    # colonne = "Responsable"    # with champ = "colonne": the extra column's header
    # lu = "Automne 2O24"        # optional: the value as misread; refused if the cell reads otherwise
    # note = "OCR : O pour 0"    # optional: why, for the next reader

A file that cannot be read as such (TOML syntax, unknown key, missing value, wrong type)
is refused as a whole before anything is extracted: which fixes were meant cannot be
known. A well-formed correction whose cell does not exist in its edition (measure or
livrable absent, column unknown, ``lu`` no longer matching) refuses that edition only.
Both are ``CorrectionInvalide``; the line names the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extraction.erreurs import CheminIllisible
from extraction.modele import ActionLue, LivrableLu, MesureLue, PlanBrut, SectionLue
from normalisation.texte import nettoyer, sur_une_ligne
from pamam.erreurs import CorrectionInvalide

NOM_PAR_DEFAUT = "corrections.toml"  # looked for beside the editions by ``pamam lot``

#: The fields a correction may set, and the element each belongs to.
CHAMPS: dict[str, str] = {
    "texte": "livrable",  # the livrable's text
    "echeancier": "livrable",  # its échéancier, as printed (normalised like any other)
    "colonne": "livrable",  # a column beyond the four known ones (``colonne`` names it)
    "mesure_titre": "mesure",
    "mesure_numero": "mesure",
    "action_titre": "action",
    "action_numero": "action",
    "section_titre": "section",
    "objectif": "section",
}
CLES = ("edition", "mesure", "livrable", "champ", "valeur", "colonne", "lu", "note")
_EDITION = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class Correction:
    """One ``[[correction]]`` entry, checked for shape (its target is checked per edition)."""

    fichier: str
    rang: int  # 1-based position in the file, as error lines name it
    edition: str
    mesure: str
    champ: str
    valeur: str
    livrable: int | None = None
    colonne: str | None = None
    lu: str | None = None
    note: str = ""

    @property
    def niveau(self) -> str:
        return CHAMPS[self.champ]

    def refus(self, raison: str) -> CorrectionInvalide:
        return CorrectionInvalide(self.fichier, f"correction {self.rang} : {raison}")


def _verifier(rang: int, entree: Any) -> list[str]:
    """What is wrong with one entry's shape (empty when nothing)."""
    ou = f"correction {rang}"
    if not isinstance(entree, dict):
        return [f"{ou} : une table [[correction]] est attendue"]
    problemes = [f"{ou} : clé inconnue « {k} » (clés possibles : {', '.join(CLES)})" for k in entree if k not in CLES]
    for cle in ("edition", "mesure", "champ", "valeur"):
        if cle not in entree:
            problemes.append(f"{ou} : clé « {cle} » manquante")
    for cle in ("edition", "mesure", "champ", "valeur", "colonne", "lu", "note"):
        if cle in entree and not isinstance(entree[cle], str):
            exemple = ' (entre guillemets : "4.10" et non 4.10)' if cle == "mesure" else ""
            problemes.append(f"{ou} : {cle} doit être une chaîne{exemple}, pas {entree[cle]!r}")
    edition, champ = entree.get("edition"), entree.get("champ")
    if isinstance(edition, str) and not _EDITION.match(edition):
        problemes.append(f"{ou} : édition attendue au format AAAA-MM (\"2024-11\"), pas {edition!r}")
    if isinstance(entree.get("mesure"), str) and not entree["mesure"].strip():
        problemes.append(f"{ou} : mesure vide")
    if isinstance(champ, str) and champ not in CHAMPS:
        problemes.append(f"{ou} : champ « {champ} » inconnu (champs possibles : {', '.join(CHAMPS)})")
    livrable = entree.get("livrable")
    if livrable is not None and (isinstance(livrable, bool) or not isinstance(livrable, int) or livrable < 1):
        problemes.append(f"{ou} : livrable doit être un rang entier à partir de 1, pas {livrable!r}")
    if champ in CHAMPS and CHAMPS[champ] == "livrable" and livrable is None:
        problemes.append(f"{ou} : le champ « {champ} » demande le rang du livrable (livrable = 1, 2…)")
    if champ == "colonne" and "colonne" not in entree:
        problemes.append(f"{ou} : le champ « colonne » demande le nom de la colonne (colonne = \"…\")")
    if champ != "colonne" and "colonne" in entree:
        problemes.append(f"{ou} : colonne ne s’emploie qu’avec champ = \"colonne\"")
    if champ in ("mesure_numero", "action_numero") and isinstance(entree.get("valeur"), str) \
            and not entree["valeur"].strip():
        problemes.append(f"{ou} : un numéro ne peut pas être vide")
    return problemes


def lire_corrections(chemin: Path) -> tuple[Correction, ...]:
    """The corrections of a file, in its order; raises ``CorrectionInvalide`` naming every
    malformed entry, or ``CheminIllisible`` for a path that cannot be read."""
    import tomllib

    chemin = Path(chemin)
    try:
        octets = chemin.read_bytes()
    except FileNotFoundError:
        raise CheminIllisible(chemin, "fichier de corrections introuvable") from None
    except IsADirectoryError:
        raise CheminIllisible(chemin, "est un dossier, pas un fichier de corrections") from None
    except OSError as e:
        raise CheminIllisible(chemin, f"fichier de corrections illisible ({e.strerror or type(e).__name__})") from None
    try:
        donnees = tomllib.loads(octets.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorrectionInvalide(chemin, "le fichier de corrections doit être en UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise CorrectionInvalide(chemin, f"TOML invalide : {e}") from None
    problemes = [f"clé inconnue « {k} » au premier niveau (attendu : des tables [[correction]])"
                 for k in donnees if k != "correction"]
    entrees = donnees.get("correction", [])
    if not isinstance(entrees, list):
        problemes.append("« correction » doit s’écrire [[correction]] (une table par correction)")
        entrees = []
    corrections: list[Correction] = []
    cibles: dict[tuple[Any, ...], int] = {}
    for rang, entree in enumerate(entrees, 1):
        fautes = _verifier(rang, entree)
        if fautes:
            problemes += fautes
            continue
        c = Correction(
            fichier=str(chemin), rang=rang, edition=entree["edition"], mesure=re.sub(r"\s+", "", entree["mesure"]),
            champ=entree["champ"], valeur=entree["valeur"], livrable=entree.get("livrable"),
            colonne=entree.get("colonne"), lu=entree.get("lu"), note=entree.get("note", ""))
        cle = (c.edition, c.mesure, c.livrable if c.niveau == "livrable" else None, c.champ, c.colonne)
        if cle in cibles:
            problemes.append(f"correction {rang} : même cellule que la correction {cibles[cle]}")
        cibles.setdefault(cle, rang)
        corrections.append(c)
    if problemes:
        raise CorrectionInvalide(chemin, " ; ".join(problemes))
    return tuple(corrections)


def _mesures(brut: PlanBrut, numero: str) -> list[tuple[SectionLue, ActionLue, MesureLue]]:
    return [(s, a, m) for s in brut.sections for a in s.actions for m in a.mesures if m.numero == numero]


def _colonne(brut: PlanBrut, nom: str) -> str | None:
    """The raw header of the extra column named ``nom`` (compared cleaned, case aside: a
    header is often printed in capitals)."""
    for li in brut.livrables:
        for cle in li.colonnes_supplementaires:
            if sur_une_ligne(cle).casefold() == sur_une_ligne(nom).casefold():
                return cle
    return None


def appliquer(brut: PlanBrut, edition: str, corrections: tuple[Correction, ...] | list[Correction]
              ) -> list[dict[str, Any]]:
    """Apply to ``brut`` (in place) the corrections of ``edition``, in order; what each
    changed, for ``qualite.corrections``. Raises ``CorrectionInvalide`` for the first one
    whose cell does not exist in this edition (the plan must then not be written)."""
    faites: list[dict[str, Any]] = []
    for c in corrections:
        if c.edition != edition:
            continue
        trouvees = _mesures(brut, c.mesure)
        if not trouvees:
            raise c.refus(f"mesure {c.mesure} introuvable dans l’édition {edition}")
        if len(trouvees) > 1:
            raise c.refus(f"mesure {c.mesure} ambiguë dans l’édition {edition} "
                          f"({len(trouvees)} mesures portent ce numéro)")
        section, action, mesure = trouvees[0]
        cible: SectionLue | ActionLue | MesureLue | LivrableLu
        livrable: LivrableLu | None = None
        if c.niveau == "livrable":
            assert c.livrable is not None
            if c.livrable > len(mesure.livrables):
                raise c.refus(f"livrable {c.livrable} introuvable dans la mesure {c.mesure} de l’édition {edition} "
                              f"(elle en a {len(mesure.livrables)})")
            livrable = mesure.livrables[c.livrable - 1]
        cible, attribut = {
            "texte": (livrable, "texte"), "echeancier": (livrable, "echeancier"), "colonne": (livrable, ""),
            "mesure_titre": (mesure, "titre"), "mesure_numero": (mesure, "numero"),
            "action_titre": (action, "titre"), "action_numero": (action, "numero"),
            "section_titre": (section, "titre"), "objectif": (section, "objectif"),
        }[c.champ]
        valeur = re.sub(r"\s+", "", c.valeur) if c.champ.endswith("_numero") else c.valeur
        if c.champ == "colonne":
            assert livrable is not None and c.colonne is not None
            cle = _colonne(brut, c.colonne)
            if cle is None:
                raise c.refus(f"colonne « {c.colonne} » absente de l’édition {edition}")
            avant = livrable.colonnes_supplementaires.get(cle, "")
        else:
            avant = getattr(cible, attribut)
        if c.lu is not None and sur_une_ligne(avant) not in (sur_une_ligne(c.lu), sur_une_ligne(valeur)):
            raise c.refus(f"la cellule se lit « {sur_une_ligne(avant)} » et non « {sur_une_ligne(c.lu)} » "
                          f"dans l’édition {edition} (le PDF a changé ?)")
        if c.champ == "colonne":
            assert livrable is not None
            livrable.colonnes_supplementaires[cle] = valeur
        else:
            setattr(cible, attribut, valeur)
        faite: dict[str, Any] = {
            "correction": c.rang, "mesure": c.mesure, "livrable_no": c.livrable if livrable is not None else None,
            "champ": c.champ, "avant": nettoyer(avant), "apres": nettoyer(valeur),
        }
        if c.colonne is not None:
            faite["colonne"] = c.colonne
        if livrable is not None:
            faite["page"] = livrable.page
        if c.note:
            faite["note"] = c.note
        faites.append(faite)
    return faites


__all__ = ["CHAMPS", "NOM_PAR_DEFAUT", "Correction", "appliquer", "lire_corrections"]
