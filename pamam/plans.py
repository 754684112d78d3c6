"""The one way to get a ``Plan`` from a file: a PDF (extracted) or a ``plan.json`` (validated).

Why one loader: ``compare``, ``resume``, the batch and the tests all read plans, and a
plan.json may come from anywhere (an earlier run, a colleague, a hand transcription).
Each is checked against its JSON Schema before use, so a wrong shape or absurd nesting is
one clear line ("n’est pas un plan : sections/0/actions : …") rather than an internal
error deep in the comparison. Two shapes are accepted: ``plan.json`` as pamam writes it
(``plan.schema.json``) and a hand transcription (``transcription.schema.json``: document
fields at the top level, échéanciers as printed phrases).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from extraction.erreurs import CheminIllisible
from extraction.suivi import SANS_SUIVI, Suivi
from normalisation.modele import Plan
from pamam.erreurs import PlanInvalide
from pamam.pipeline import Options, extraire_edition

PROFONDEUR_MAX = 64  # a plan nests 6 levels; anything far deeper is not a plan


def est_pdf(chemin: Path) -> bool:
    """By the file's first bytes (a PDF may be named anything), else by its suffix."""
    try:
        with open(chemin, "rb") as f:
            return b"%PDF-" in f.read(1024)
    except OSError:
        return chemin.suffix.lower() == ".pdf"


def charger_plan(chemin: Path, options: Options | None = None, suivi: Suivi = SANS_SUIVI) -> Plan:
    """A plan from a PDF (extracted with ``options``) or a plan.json; raises an ``ErreurDocument``."""
    chemin = Path(chemin)
    if not chemin.exists():
        raise CheminIllisible(chemin, "fichier introuvable")
    if chemin.is_dir():
        raise CheminIllisible(chemin, "est un dossier, pas un fichier")
    if est_pdf(chemin):
        return extraire_edition(chemin, options or Options(), suivi)
    return lire_plan_json(chemin)


def lire_plan_json(chemin: Path) -> Plan:
    """A ``plan.json`` (or a hand transcription), validated against its schema.

    A plan without a version (a hand-made file) gets one from its path — the folder name
    for ``…/AAAA-MM/plan.json``, else the file name — since the reports and the default
    output folder are named after it.
    """
    chemin = Path(chemin)
    try:
        if not chemin.is_file():
            raise CheminIllisible(chemin, "n’est pas un fichier" if chemin.exists() else "fichier introuvable")
        octets = chemin.read_bytes()
    except OSError as e:
        raise CheminIllisible(chemin, f"lecture impossible ({e.strerror or type(e).__name__})") from None
    try:
        donnees = json.loads(octets.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlanInvalide(chemin, "ni un PDF ni un plan.json (contenu binaire, pas du texte UTF-8)") from None
    except json.JSONDecodeError as e:
        raise PlanInvalide(chemin, f"ni un PDF ni un plan.json valide (JSON illisible, ligne {e.lineno})") from None
    except RecursionError:
        raise PlanInvalide(chemin, "n’est pas un plan : imbrication absurde du JSON") from None
    if _profondeur(donnees) > PROFONDEUR_MAX:
        raise PlanInvalide(chemin, "n’est pas un plan : imbrication absurde du JSON")
    verifier(chemin, donnees)
    plan = Plan.depuis_dict(donnees)
    if not plan.version:
        plan.document.version = chemin.parent.name if chemin.name == "plan.json" and chemin.parent.name else chemin.stem
    return plan


def _profondeur(x: Any) -> int:
    """Nesting depth, without recursion (a hostile file may nest thousands of levels)."""
    pile, plus = [(x, 1)], 0
    while pile:
        v, n = pile.pop()
        plus = max(plus, n)
        if n > PROFONDEUR_MAX:
            return n
        if isinstance(v, dict):
            pile.extend((w, n + 1) for w in v.values())
        elif isinstance(v, list):
            pile.extend((w, n + 1) for w in v)
    return plus


@cache
def _validateur(nom: str) -> Any:
    from jsonschema import Draft202012Validator

    from pamam.schemas import charger

    return Draft202012Validator(charger(nom))


def _forme(donnees: Any) -> str:
    """Which schema applies: pamam's own plan.json (a document and normalised échéanciers) or a transcription."""
    if not isinstance(donnees, dict) or not isinstance(donnees.get("document"), dict):
        return "transcription.schema.json"
    for s in donnees.get("sections") or []:
        for a in (s.get("actions") or []) if isinstance(s, dict) else []:
            for m in (a.get("mesures") or []) if isinstance(a, dict) else []:
                for li in (m.get("livrables") or []) if isinstance(m, dict) else []:
                    if isinstance(li, dict) and not isinstance(li.get("echeancier"), dict):
                        return "transcription.schema.json"
    return "plan.schema.json"


def verifier(chemin: Path, donnees: Any) -> None:
    """Raise ``PlanInvalide`` naming the first place where ``donnees`` is not a plan."""
    if not isinstance(donnees, dict) or "sections" not in donnees:
        raise PlanInvalide(chemin, "n’est pas un plan : objet avec une liste « sections » attendu")
    erreurs = sorted(_validateur(_forme(donnees)).iter_errors(donnees), key=lambda e: list(map(str, e.absolute_path)))
    if erreurs:
        e = erreurs[0]
        ou = "/".join(str(p) for p in e.absolute_path) or "racine"
        raise PlanInvalide(chemin, f"n’est pas un plan : {ou} : {_en_francais(e)}")


_TYPES = {"string": "un texte", "integer": "un entier", "object": "un objet", "array": "une liste",
          "boolean": "un booléen", "null": "null", "number": "un nombre"}


def _en_francais(e: Any) -> str:
    """A schema violation in words (jsonschema's messages are English)."""
    v, p = e.validator, e.validator_value
    if v == "type":
        attendus = [p] if isinstance(p, str) else list(p)
        return f"{' ou '.join(_TYPES.get(t, t) for t in attendus)} attendu, pas {_court(e.instance)}"
    if v == "required":
        manquant = re.search(r"'([^']+)'", e.message)
        return f"champ « {manquant.group(1) if manquant else '?'} » manquant"
    if v == "enum":
        return f"valeur {_court(e.instance)} hors du vocabulaire ({', '.join(map(str, p))})"
    if v in ("pattern", "format"):
        return f"valeur {_court(e.instance)} mal formée"
    if v in ("minimum", "minLength", "minItems"):
        return f"valeur {_court(e.instance)} trop petite"
    return f"valeur {_court(e.instance)} refusée ({v})"


def _court(v: Any) -> str:
    t = json.dumps(v, ensure_ascii=False)
    return t if len(t) <= 40 else t[:37] + "…"
