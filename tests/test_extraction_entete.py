"""Stage: finding the header row and the columns it names."""

from __future__ import annotations

from extraction.grille.entete import trouver_entetes
from extraction.lignes import grouper_en_lignes
from extraction.modele import Mot, Segment
from extraction.vocabulaire import role_entete


def mots(*cellules: tuple[str, float], top: float = 100.0) -> list[Mot]:
    out = []
    for texte, x in cellules:
        for w in texte.split():
            out.append(Mot(w, x, x + 6 * len(w), top, top + 9, 9.0, "Arial-Bold"))
            x += 6 * len(w) + 3
    return out


def test_roles_reconnus_sans_accents_ni_casse() -> None:
    assert role_entete("ÉCHÉANCIER") == "echeancier"
    assert role_entete("Mise en œuvre") == "mesure"
    assert role_entete("livrables") == "livrable"
    assert role_entete("RESPONSABLE") is None


def test_entete_a_quatre_colonnes() -> None:
    lignes = grouper_en_lignes(mots(("ACTION", 30), ("MISE EN ŒUVRE", 210), ("LIVRABLE", 390), ("ÉCHÉANCIER", 570)))
    (entete,) = trouver_entetes(lignes, [])
    assert [c.role for c in entete.cellules] == ["action", "mesure", "livrable", "echeancier"]


def test_une_cinquieme_colonne_inconnue_est_gardee_avec_son_texte() -> None:
    lignes = grouper_en_lignes(mots(("ACTION", 30), ("MISE EN ŒUVRE", 180), ("LIVRABLE", 330), ("ÉCHÉANCIER", 480),
                                    ("RESPONSABLE", 630)))
    (entete,) = trouver_entetes(lignes, [])
    assert [c.role for c in entete.cellules][-1] == "autre"
    assert entete.cellules[-1].texte == "RESPONSABLE"


def test_un_entete_sur_deux_lignes_dans_des_colonnes_etroites() -> None:
    haut = mots(("ACTION", 30), ("MISE EN", 150), ("LIVRABLE", 260), ("ÉCHÉANCIER", 380), top=100)
    bas = mots(("ŒUVRE", 150), top=110)
    (entete,) = trouver_entetes(grouper_en_lignes(haut + bas), [])
    assert [c.texte for c in entete.cellules] == ["ACTION", "MISE EN ŒUVRE", "LIVRABLE", "ÉCHÉANCIER"]


def test_une_phrase_qui_cite_les_colonnes_n_est_pas_un_entete() -> None:
    phrase = mots(("Chaque action a une mise en œuvre, un livrable et un échéancier précis", 30))
    assert trouver_entetes(grouper_en_lignes(phrase), []) == []


def test_une_ligne_de_prose_juste_au_dessus_de_l_entete_n_en_fait_pas_partie() -> None:
    prose = mots(("communication", 30), top=88)
    entete = mots(("ACTION", 30), ("MISE EN ŒUVRE", 210), ("LIVRABLE", 390), ("ÉCHÉANCIER", 570), top=100)
    (trouve,) = trouver_entetes(grouper_en_lignes(prose + entete), [])
    assert trouve.cellules[0].texte == "ACTION"


def test_une_reglure_verticale_separe_deux_cellules_d_entete_proches() -> None:
    lignes = grouper_en_lignes(mots(("ACTION", 30), ("MISE EN ŒUVRE", 72), ("LIVRABLE", 390), ("ÉCHÉANCIER", 570)))
    sans = trouver_entetes(lignes, [])
    avec = trouver_entetes(lignes, [Segment(70, 90, 70, 300)])
    assert [c.role for c in avec[0].cellules] == ["action", "mesure", "livrable", "echeancier"]
    assert sans == [] or [c.role for c in sans[0].cellules] != [c.role for c in avec[0].cellules]


def test_entetes_qui_commencent_par_un_nom_connu() -> None:
    assert role_entete("LIVRABLES ATTENDUS") == "livrable"
    assert role_entete("Échéancier prévu") == "echeancier"
    assert role_entete("DATE D’ÉCHÉANCE") == "echeancier"
    assert role_entete("RESPONSABLE DE LA MISE EN ŒUVRE") is None


def test_une_seconde_colonne_du_meme_role_est_gardee_comme_colonne_en_plus() -> None:
    lignes = grouper_en_lignes(mots(("ACTION", 30), ("MISE EN ŒUVRE", 180), ("LIVRABLE", 330), ("ÉCHÉANCIER", 480),
                                    ("ÉCHÉANCE RÉVISÉE", 630)))
    (entete,) = trouver_entetes(lignes, [])
    assert [c.role for c in entete.cellules] == ["action", "mesure", "livrable", "echeancier", "autre"]
