"""Stage: words → lines → cell text (wrapping undone, deliberate breaks kept)."""

from __future__ import annotations

from extraction.lignes import coupure_voulue, grouper_en_lignes, joindre, joindre_textes
from extraction.modele import Ligne, Mot


def ligne(texte: str, x0: float = 10.0, top: float = 0.0, taille: float = 9.0, pas: float = 5.0) -> Ligne:
    """A line of words laid out at ``pas`` points per character, like a monospaced font."""
    mots, x = [], x0
    for w in texte.split():
        mots.append(Mot(w, x, x + pas * len(w), top, top + taille, taille))
        x += pas * len(w) + 2.5
    return Ligne(mots)


def test_grouper_regroupe_par_ligne_de_base_et_trie_de_gauche_a_droite() -> None:
    mots = [Mot("b", 30, 35, 10, 19), Mot("a", 10, 15, 10.5, 19.5), Mot("c", 10, 15, 22, 31)]
    lignes = grouper_en_lignes(mots)
    assert [li.texte for li in lignes] == ["a b", "c"]


def test_une_coupure_de_retour_a_la_ligne_devient_une_espace() -> None:
    lignes = [ligne("Mise en place d’une équipe spécialisée", top=0), ligne("territoriale", top=11)]
    assert joindre(lignes, largeur=lignes[0].largeur) == "Mise en place d’une équipe spécialisée territoriale"


def test_un_trait_d_union_en_fin_de_ligne_est_garde_sans_espace() -> None:
    lignes = [ligne("Table Transports-", top=0), ligne("Municipalités (TTM)", top=11)]
    assert joindre(lignes, largeur=lignes[0].largeur + 5) == "Table Transports-Municipalités (TTM)"


def test_les_puces_gardent_leur_saut_de_ligne() -> None:
    lignes = [ligne("Trois rencontres sont prévues :", top=0), ligne("― 16 juin 2023 – Tenue", top=11),
              ligne("― 12 mars 2024", top=22)]
    assert joindre(lignes, largeur=300) == "Trois rencontres sont prévues :\n― 16 juin 2023 – Tenue\n― 12 mars 2024"


def test_un_tiret_qui_a_seulement_passe_a_la_ligne_n_est_pas_une_puce() -> None:
    haut = ligne("appui aux directions générales territoriales", top=0)
    bas = ligne("– XYZ", top=11)
    assert joindre([haut, bas], largeur=haut.largeur) == "appui aux directions générales territoriales – XYZ"


def test_un_tiret_apres_deux_points_ouvre_une_liste() -> None:
    assert joindre([ligne("Étapes :", top=0), ligne("– première", top=11)], largeur=500) == "Étapes :\n– première"


def test_une_ligne_courte_suivie_d_un_mot_qui_aurait_tenu_est_une_coupure_voulue() -> None:
    courte, suivante = ligne("Appel d’offres", top=0), ligne("Déploiement du programme", top=11)
    assert coupure_voulue(courte, suivante, largeur=400)
    assert not coupure_voulue(courte, suivante, largeur=courte.largeur + 10)


def test_des_jalons_dates_un_par_ligne_restent_sur_leur_ligne() -> None:
    lignes = [ligne("Étape A : automne 2023", top=0), ligne("Étape B : 2025", top=11)]
    assert joindre(lignes, largeur=lignes[0].largeur) == "Étape A : automne 2023\nÉtape B : 2025"


def test_joindre_textes_recolle_une_cellule_coupee_par_la_page() -> None:
    assert joindre_textes("Convention entre le", "Ministère et le MAMH") == "Convention entre le Ministère et le MAMH"
    assert joindre_textes("Liste :", "― un") == "Liste :\n― un"
    assert joindre_textes("Transports-", "Municipalités") == "Transports-Municipalités"
    assert joindre_textes("", "seul") == "seul"


def test_la_ponctuation_qui_ne_commence_jamais_une_ligne_voyage_avec_son_mot() -> None:
    """"routière :" wrapped whole (a no-break space before the colon): "routière" alone
    would have fitted, the break is still a wrap."""
    haut = ligne("Entente type des normes de conception", top=0)
    bas = ligne("routière : ― municipalités", top=11)
    largeur = haut.largeur + 2.5 + 5.0 * len("routière") + 4
    assert joindre([haut, bas], largeur=largeur).startswith("Entente type des normes de conception routière :")
    assert coupure_voulue(haut, ligne("routière", top=11), largeur=largeur)
