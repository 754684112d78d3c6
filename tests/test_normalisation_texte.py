"""Text clean-up: producer artefacts removed, the document's own characters kept."""

from normalisation.texte import nettoyer, sur_une_ligne


def test_ligatures_et_invisibles() -> None:
    assert nettoyer("Déﬁnition du ﬂux et eﬃcacité\u00ad") == "Définition du flux et efficacité"


def test_caracteres_du_document_gardes() -> None:
    texte = "L’œuvre – ― É"
    assert nettoyer(texte) == texte


def test_espaces_reduits_mais_sauts_de_ligne_voulus_gardes() -> None:
    assert nettoyer("  a\u00a0 b \n\n ― c  ") == "a b\n― c"
    assert sur_une_ligne("a\n b") == "a b"


def test_accents_decomposes_recomposes() -> None:
    assert nettoyer("E\u0301che\u0301ancier") == "Échéancier"
