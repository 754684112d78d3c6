"""Corrections that survive: ``sources/corrections.toml`` fixes a misread cell at every run.

Why: the analyst who meets a misread cell must be able to fix it without code and without
losing the fix at the next ``make extract``; a fix that silently stops applying (a typo,
a renumbered edition) is worse than none. Checked the way they would use it: a corrected
échéancier normalised like any other and reported in ``qualite``, kept across runs of the
batch, and every way of getting the file wrong refused in one line naming the entry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SOURCES
from pamam import schemas
from pamam.cli import SORTIE_CORRECTIONS, SORTIE_PARTIELLE, main
from pamam.corrections import lire_corrections
from pamam.erreurs import CorrectionInvalide
from pamam.pipeline import Options, extraire_edition

PDF_2024 = SOURCES / "pamam-2024-11.pdf"

BONNE = """
[[correction]]
edition = "2024-11"
mesure = "4.2"
livrable = 1
champ = "echeancier"
valeur = "Hiver 2026"
note = "lu de travers"
"""


def _fichier(tmp_path: Path, texte: str, nom: str = "corrections.toml") -> Path:
    f = tmp_path / nom
    f.write_text(texte, encoding="utf-8")
    return f


def _livrable(plan, mesure: str, no: int):
    return next(li for li in plan.livrables if li.mesure.numero == mesure and li.numero == no)


def test_correction_appliquee_avant_la_normalisation(tmp_path: Path) -> None:
    corrections = lire_corrections(_fichier(tmp_path, BONNE))
    plan = extraire_edition(PDF_2024, Options(corrections=corrections))
    e = _livrable(plan, "4.2", 1).echeance
    # Normalised like any échéancier read from the PDF: window, statut, precision.
    assert (e.texte, e.statut, e.precision) == ("Hiver 2026", "planifie", "saison")
    assert (e.debut.isoformat(), e.fin.isoformat()) == ("2025-12-21", "2026-03-19")
    assert plan.qualite.extras["corrections"] == [{
        "correction": 1, "mesure": "4.2", "livrable_no": 1, "champ": "echeancier",
        "avant": "Automne 2024", "apres": "Hiver 2026", "page": 3, "note": "lu de travers"}]
    donnees = plan.en_dict()
    assert schemas.erreurs(donnees, "plan.schema.json") == []
    # Nothing else moved.
    sans = extraire_edition(PDF_2024)
    assert [li.texte for li in sans.livrables] == [li.texte for li in plan.livrables]
    assert sum(a.echeance != b.echeance for a, b in zip(sans.livrables, plan.livrables, strict=True)) == 1
    assert "corrections" not in sans.qualite.en_dict()


def test_chaque_champ(tmp_path: Path) -> None:
    texte = """
[[correction]]
edition = "2024-11"
mesure = "1.2"
livrable = 2
champ = "texte"
valeur = "Formation   du personnel"
lu = "Formation du personnel à l’approche client uniformisée"

[[correction]]
edition = "2024-11"
mesure = "1.2"
champ = "mesure_titre"
valeur = "Titre corrigé"

[[correction]]
edition = "2024-11"
mesure = "1.2"
champ = "action_titre"
valeur = "Action corrigée"

[[correction]]
edition = "2024-11"
mesure = "1.2"
champ = "objectif"
valeur = "Objectif corrigé"

[[correction]]
edition = "2024-11"
mesure = "1.2"
champ = "mesure_numero"
valeur = "1.9"

[[correction]]
edition = "2024-11"
mesure = "1.9"
livrable = 1
champ = "echeancier"
valeur = "2026"
"""
    plan = extraire_edition(PDF_2024, Options(corrections=lire_corrections(_fichier(tmp_path, texte))))
    li = _livrable(plan, "1.9", 2)
    assert li.texte == "Formation du personnel"  # cleaned like any text
    assert li.mesure.titre == "Titre corrigé" and li.action.titre == "Action corrigée"
    assert li.section.objectif == "Objectif corrigé"
    assert _livrable(plan, "1.9", 1).echeance.precision == "annee"  # later entries see earlier ones
    assert [c["champ"] for c in plan.qualite.extras["corrections"]] == [
        "texte", "mesure_titre", "action_titre", "objectif", "mesure_numero", "echeancier"]


def test_colonne_supplementaire(tmp_path: Path) -> None:
    texte = """
[[correction]]
edition = "2024-11"
mesure = "1.2"
livrable = 1
champ = "colonne"
colonne = "Responsable"
valeur = "BCAM et DGT"
"""
    pdf = FIXTURES / "variantes" / "cinquieme-colonne.pdf"
    plan = extraire_edition(pdf, Options(corrections=lire_corrections(_fichier(tmp_path, texte))))
    assert _livrable(plan, "1.2", 1).colonnes_supplementaires == {"RESPONSABLE": "BCAM et DGT"}
    absente = texte.replace('colonne = "Responsable"', 'colonne = "Budget"')
    with pytest.raises(CorrectionInvalide, match="colonne « Budget » absente de l’édition 2024-11"):
        extraire_edition(pdf, Options(corrections=lire_corrections(_fichier(tmp_path, absente))))


@pytest.mark.parametrize(("remplacement", "motif"), [
    (('mesure = "4.2"', 'mesure = "9.9"'), "correction 1 : mesure 9.9 introuvable dans l’édition 2024-11"),
    (("livrable = 1", "livrable = 5"), "correction 1 : livrable 5 introuvable dans la mesure 4.2 de l’édition "
                                       "2024-11 (elle en a 2)"),
    (('note = "lu de travers"', 'lu = "Printemps 2024"'), "la cellule se lit « Automne 2024 » et non "
                                                          "« Printemps 2024 »"),
])
def test_cible_absente_refusee(remplacement: tuple[str, str], motif: str, tmp_path: Path) -> None:
    f = _fichier(tmp_path, BONNE.replace(*remplacement))
    with pytest.raises(CorrectionInvalide) as e:
        extraire_edition(PDF_2024, Options(corrections=lire_corrections(f)))
    assert e.value.fichier == str(f) and motif in e.value.raison
    # Another edition does not look at it.
    autre = extraire_edition(SOURCES / "pamam-2023-11.pdf", Options(corrections=lire_corrections(f)))
    assert "corrections" not in autre.qualite.extras


@pytest.mark.parametrize(("texte", "motif"), [
    ("[[correction]\nedition = 1", "TOML invalide"),
    (BONNE.replace("champ =", "champs ="), "correction 1 : clé inconnue « champs »"),
    (BONNE.replace('mesure = "4.2"', "mesure = 4.2"), 'mesure doit être une chaîne (entre guillemets : "4.10"'),
    (BONNE.replace("livrable = 1\n", ""), "demande le rang du livrable"),
    (BONNE.replace("livrable = 1", "livrable = 0"), "livrable doit être un rang entier à partir de 1"),
    (BONNE.replace('"echeancier"', '"echeance"'), "champ « echeance » inconnu (champs possibles : texte, echeancier"),
    (BONNE.replace('"2024-11"', '"2024-1"'), "édition attendue au format AAAA-MM"),
    (BONNE.replace('valeur = "Hiver 2026"\n', ""), "clé « valeur » manquante"),
    (BONNE + BONNE, "correction 2 : même cellule que la correction 1"),
    ('[correction]\nedition = "2024-11"', "« correction » doit s’écrire [[correction]]"),
    ("edition = \"2024-11\"", "clé inconnue « edition » au premier niveau"),
])
def test_fichier_mal_forme_refuse(texte: str, motif: str, tmp_path: Path) -> None:
    f = _fichier(tmp_path, texte)
    with pytest.raises(CorrectionInvalide) as e:
        lire_corrections(f)
    assert e.value.fichier == str(f) and motif in e.value.raison, e.value.raison


def test_fichier_vide_ou_commentaires() -> None:
    assert lire_corrections(SOURCES / "corrections.toml") == ()


def test_extract_avec_corrections(tmp_path: Path, capsys) -> None:
    f = _fichier(tmp_path, BONNE)
    assert main(["extract", str(PDF_2024), "--out", str(tmp_path / "o"), "--corrections", str(f)]) == 0
    assert "1 correction(s) appliquée(s)" in capsys.readouterr().out
    plan = json.loads((tmp_path / "o" / "2024-11" / "plan.json").read_text(encoding="utf-8"))
    assert plan["qualite"]["corrections"][0]["apres"] == "Hiver 2026"
    mauvais = _fichier(tmp_path, BONNE.replace('"4.2"', '"9.9"'), "mauvais.toml")
    avant = (tmp_path / "o" / "2024-11" / "plan.json").read_bytes()
    assert main(["extract", str(PDF_2024), "--out", str(tmp_path / "o"), "--corrections", str(mauvais)]) == 11
    err = capsys.readouterr().err
    assert err == f"pamam: {mauvais}: correction 1 : mesure 9.9 introuvable dans l’édition 2024-11\n"
    assert (tmp_path / "o" / "2024-11" / "plan.json").read_bytes() == avant
    assert main(["extract", str(PDF_2024), "--out", str(tmp_path / "o"), "--corrections",
                 str(tmp_path / "absent.toml")]) == 3
    assert "fichier de corrections introuvable" in capsys.readouterr().err


# --- make extract (pamam lot): the fix survives every run --------------------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    dossier = tmp_path / "sources"
    dossier.mkdir()
    for f in sorted(SOURCES.glob("*.pdf")) + [SOURCES / "manifeste.json"]:
        shutil.copy2(f, dossier / f.name)
    return dossier


def _lot(sources: Path, sortie: Path) -> int:
    return main(["lot", str(sources), "--out", str(sortie), "--processus", "1"])


def _plan(sortie: Path, edition: str) -> dict:
    return json.loads((sortie / edition / "plan.json").read_text(encoding="utf-8"))


def test_lot_garde_la_correction_a_chaque_execution(sources: Path, tmp_path: Path, capsys) -> None:
    sortie = tmp_path / "sorties"
    (sources / "corrections.toml").write_text(BONNE, encoding="utf-8")
    for _ in range(2):
        assert _lot(sources, sortie) == 0
        plan = _plan(sortie, "2024-11")
        assert plan["qualite"]["corrections"][0]["apres"] == "Hiver 2026"
        li = plan["sections"][1]["actions"][0]["mesures"][1]["livrables"][0]
        assert li["echeancier"]["texte"] == "Hiver 2026"
        assert "corrections" not in _plan(sortie, "2023-11")["qualite"]
    # The comparison and the history are built from the corrected edition.
    changements = json.loads((sortie / "changements" / "2023-11__2024-11" / "changements.json").read_text("utf-8"))
    assert any(c.get("mesure") == "4.2" and c.get("apres") == "Hiver 2026" for c in changements["changements"])
    assert "Hiver 2026" in (sortie / "historique.csv").read_text(encoding="utf-8")
    capsys.readouterr()


def test_lot_refuse_une_correction_sans_cible(sources: Path, tmp_path: Path, capsys) -> None:
    sortie = tmp_path / "sorties"
    (sources / "corrections.toml").write_text(BONNE, encoding="utf-8")
    assert _lot(sources, sortie) == 0
    avant = (sortie / "2024-11" / "plan.json").read_bytes()
    capsys.readouterr()
    mauvaise = BONNE.replace('"4.2"', '"9.9"') + BONNE.replace('"2024-11"', '"2023-11"').replace('"4.2"', '"1.1"')
    (sources / "corrections.toml").write_text(mauvaise, encoding="utf-8")
    assert _lot(sources, sortie) == SORTIE_PARTIELLE
    err = capsys.readouterr().err
    fichier = sources / "corrections.toml"
    assert err == f"pamam: {fichier}: correction 1 : mesure 9.9 introuvable dans l’édition 2024-11\n"
    # The refused edition keeps its last good outputs; the other one is written, corrected.
    assert (sortie / "2024-11" / "plan.json").read_bytes() == avant
    assert _plan(sortie, "2023-11")["qualite"]["corrections"][0]["mesure"] == "1.1"


def test_lot_signale_une_edition_absente(sources: Path, tmp_path: Path, capsys) -> None:
    (sources / "corrections.toml").write_text(BONNE.replace('"2024-11"', '"2024-10"'), encoding="utf-8")
    assert _lot(sources, tmp_path / "sorties") == SORTIE_CORRECTIONS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "correction 1 : édition 2024-10 absente de" in err
    assert (tmp_path / "sorties" / "2024-11" / "plan.json").exists()


def test_lot_fichier_mal_forme_ne_touche_a_rien(sources: Path, tmp_path: Path, capsys) -> None:
    sortie = tmp_path / "sorties"
    (sources / "corrections.toml").write_text(BONNE.replace("champ =", "chmp ="), encoding="utf-8")
    assert _lot(sources, sortie) == SORTIE_CORRECTIONS
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corrections.toml: correction 1 : clé inconnue « chmp »" in err
    assert not sortie.exists()


def test_lot_autre_fichier_de_corrections(sources: Path, tmp_path: Path, capsys) -> None:
    autre = _fichier(tmp_path, BONNE, "mes-corrections.toml")
    sortie = tmp_path / "sorties"
    assert main(["lot", str(sources), "--out", str(sortie), "--processus", "1", "--corrections", str(autre)]) == 0
    assert _plan(sortie, "2024-11")["qualite"]["corrections"][0]["correction"] == 1
    capsys.readouterr()
