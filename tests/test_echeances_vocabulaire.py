"""The deadline engine's words all come from its vocabulary, and no plan text is in either.

Why: a synonym must be a one-line change in ``vocabulaire.toml`` that a reader can review,
and the engine must work on any edition of any such plan — so neither the code nor the
vocabulary may know the reference plan's own titles, acronyms or phrases.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from normalisation.echeances import CLES, PRECISIONS, STATUTS
from normalisation.echeances.pliage import plier_forme
from normalisation.echeances.vocabulaire import FICHIER, vocabulaire

RACINE = Path(__file__).resolve().parent.parent
MOTEUR = [*sorted((RACINE / "normalisation" / "echeances").glob("*.py")), RACINE / "normalisation" / "evenements.py"]
MODULES = [*MOTEUR, RACINE / "pamam" / "commandes" / "echeance.py"]
REFERENCE = RACINE / "tests" / "fixtures" / "reference"


def _textes_du_plan(doc: Any) -> list[str]:
    if isinstance(doc, dict):
        return [t for v in doc.values() for t in _textes_du_plan(v)]
    if isinstance(doc, list):
        return [t for v in doc for t in _textes_du_plan(v)]
    return [doc] if isinstance(doc, str) else []


def _plan() -> list[str]:
    return [t for f in REFERENCE.glob("pamam-*.json") for t in _textes_du_plan(json.loads(f.read_text("utf-8")))]


def test_aucun_texte_du_plan_dans_le_code_ni_le_vocabulaire() -> None:
    textes = _plan()
    acronymes = {a for t in textes for a in re.findall(r"\b[A-Z][A-Z0-9]{2,}\b", t)} - {"PAMAM"}
    longs = {" ".join(t.split()) for t in textes if len(t) > 40}
    # Distinctive phrases of the reference échéanciers (those naming something of the plan).
    assert acronymes and longs
    for chemin in [*MODULES, FICHIER]:
        contenu = chemin.read_text(encoding="utf-8")
        plat = " ".join(contenu.split())
        for a in acronymes:
            assert not re.search(rf"\b{a}\b", contenu), f"{chemin.name}: {a}"
        for t in longs:
            assert t not in plat, f"{chemin.name}: {t[:50]}"


def _cles_toml(d: dict[str, Any]) -> set[str]:
    cles: set[str] = set()
    for k, v in d.items():
        cles.add(k)
        if isinstance(v, dict):
            cles |= _cles_toml(v)
    return cles


def test_le_moteur_n_a_pas_de_mots_a_lui() -> None:
    """String literals of the engine (docstrings aside) hold no word of the vocabulary.

    Allowed: the contract's names (statuts, precisions, keys) and the TOML's own keys, which
    are identifiers the engine looks words up by.
    """
    v = vocabulaire()
    mots_du_vocabulaire: set[str] = set()
    for champ in dataclasses.fields(v):
        valeur = getattr(v, champ.name)
        for forme in valeur.keys() if isinstance(valeur, dict) else valeur:
            mots_du_vocabulaire |= set(re.findall(r"[a-z]{2,}", forme))
    assert {"hiver", "mars", "trimestre", "realise", "lors"} <= mots_du_vocabulaire
    with open(FICHIER, "rb") as f:
        identifiants = _cles_toml(tomllib.load(f)) | set(STATUTS) | set(PRECISIONS) | set(CLES)
    identifiants |= {"date", "texte", "tenue", "libelle"}  # keys of the answers
    permis = {m for i in identifiants for m in i.split("_")}
    for chemin in MOTEUR:  # the command's French messages and help are not the engine
        arbre = ast.parse(chemin.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(arbre)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        mots = {
            m
            for n in ast.walk(arbre)
            if isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and id(n) not in docstrings
            # Names in __all__: "STATUTS_SANS_RETARD", "Echeance" (a class, not a word of a phrase).
            and not (n.value.isidentifier() and n.value[:1].isupper())
            for m in re.findall(r"[a-z]{2,}", plier_forme(n.value))
        }
        intrus = (mots & mots_du_vocabulaire) - permis
        assert not intrus, f"{chemin.name}: {sorted(intrus)}"


def test_formes_pliees_comme_les_phrases() -> None:
    """Every form is stored folded (lower case, no accents, ' and -): the grammar compares folded text."""
    v = vocabulaire()
    for champ in dataclasses.fields(v):
        valeur = getattr(v, champ.name)
        for forme in valeur.keys() if isinstance(valeur, dict) else valeur:
            assert forme == plier_forme(forme), forme
    assert "ete" in v.saisons and "decembre" in v.mois and "realise" in v.statuts


def test_regles_declarees_et_expliquees() -> None:
    """Every rule name is data: declared once in [regles] with a French sentence saying what it does.

    The engine's shapes and every word group name rules of [regles]; the names follow one
    scheme (lower case words joined by "_"), so that ``regles`` reads the same everywhere.
    """
    from normalisation.echeances.moteur import NOMS_DES_FORMES

    with open(FICHIER, "rb") as f:
        donnees = tomllib.load(f)
    declarees = donnees["regles"]
    assert set(NOMS_DES_FORMES) <= set(declarees)
    for nom, sens in declarees.items():
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", nom), nom
        assert len(sens) > 20 and re.search(r"[a-zé]", sens), nom

    def groupes(valeur: Any) -> list[str]:
        if isinstance(valeur, dict):
            return ([valeur["regle"]] if "regle" in valeur and "formes" in valeur else []) + [
                n for v in valeur.values() for n in groupes(v)]
        if isinstance(valeur, list):
            return [n for v in valeur for n in groupes(v)]
        return []

    sans_unites = {k: v for k, v in donnees.items() if k != "unites"}  # a unit's `regle` is its RRULE
    nommees = set(groupes(sans_unites)) | {u[k] for u in donnees["unites"].values()
                                        for k in ("lecture", "lecture_exercice") if k in u}
    assert nommees <= set(declarees)
    assert set(vocabulaire().regles) == set(declarees)


def test_statuts_des_tableaux_de_suivi() -> None:
    """The mapping of trackers' words to the contract's statuts is written in the vocabulary."""
    v = vocabulaire()
    attendus = {
        "non commence": "planifie", "pas encore commence": "planifie", "progres limite": "en_cours",
        "progres important": "en_cours", "en bonne voie": "en_cours", "complete": "realise",
        "termine": "realise", "acheve": "realise", "retarde": "reporte", "en suspens": "reporte",
        "annule": "abandonne", "ne va pas de l'avant": "abandonne", "partiellement realise": "en_cours",
    }
    assert {f: v.statuts[f] for f in attendus} == attendus
