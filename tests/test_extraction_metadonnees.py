"""Stage: edition metadata from the cover."""

from __future__ import annotations

from extraction.metadonnees import lire_couverture
from extraction.modele import Ligne, Mot


def L(texte: str, top: float, taille: float) -> Ligne:
    return Ligne([Mot(w, 10 + 40 * i, 45 + 40 * i, top, top + taille, taille) for i, w in enumerate(texte.split())])


def test_titre_sous_titre_et_libelle_sur_une_ligne() -> None:
    couv = lire_couverture([L("Plan d’action ministériel", 10, 18), L("Tableau synoptique", 40, 14),
                            L("NOVEMBRE 2023", 70, 12)])
    assert (couv.titre, couv.sous_titre, couv.libelles) == (
        "Plan d’action ministériel", "Tableau synoptique", ["NOVEMBRE 2023"])


def test_mois_et_annee_sur_deux_lignes() -> None:
    couv = lire_couverture([L("Un titre", 10, 18), L("MARS", 40, 12), L("2025", 55, 12)])
    assert couv.libelles == ["MARS 2025"]
    assert couv.titre == "Un titre"


def test_formes_de_titre_de_section() -> None:
    from extraction.vocabulaire import motif

    m = motif("section")
    lus = {t: (r.group("code"), r.group("titre")) if (r := m.match(t)) else None
           for t in ("A. UN TITRE", "B) UN TITRE", "Section C : UN TITRE", "AXE D – UN TITRE",
                     "A. Un livrable en minuscules", "1. Une action")}
    assert lus == {"A. UN TITRE": ("A", "UN TITRE"), "B) UN TITRE": ("B", "UN TITRE"),
                   "Section C : UN TITRE": ("C", "UN TITRE"), "AXE D – UN TITRE": ("D", "UN TITRE"),
                   "A. Un livrable en minuscules": None, "1. Une action": None}


def test_libelle_dans_une_ligne_plus_longue() -> None:
    couv = lire_couverture([L("Un titre", 10, 18), L("Mise à jour : novembre 2023", 40, 12)])
    assert "novembre 2023" in couv.libelles
