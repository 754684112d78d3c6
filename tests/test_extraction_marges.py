"""Running heads and footers are removed; a table's repeated header row and a cover title are not."""

from __future__ import annotations

from extraction.marges import retirer_lignes_courantes
from extraction.modele import Mot, PageMiseEnPage


def page(*lignes: tuple[str, float, float]) -> PageMiseEnPage:
    mots = []
    for texte, top, taille in lignes:
        x = 40.0
        for w in texte.split():
            mots.append(Mot(w, x, x + 6 * len(w), top, top + taille, taille))
            x += 6 * len(w) + 3
    return PageMiseEnPage(1, 792, 612, mots)


def textes(p: PageMiseEnPage) -> set[str]:
    return {m.texte for m in p.mots}


def test_entete_courant_et_pied_retires_entete_de_tableau_garde() -> None:
    pages = [page(("Plan d’action — Tableau synoptique", 20, 8), ("ACTION MISE EN ŒUVRE LIVRABLE ÉCHÉANCIER", 40, 9),
                  ("corps", 300, 9), (f"Page {n} de 3", 590, 8), ("Titre", 200, 18)) for n in (1, 2, 3)]
    sorties = retirer_lignes_courantes(pages)
    for p in sorties:
        assert {"ACTION", "LIVRABLE", "corps", "Titre"} <= textes(p)
        assert not {"synoptique", "Page"} & textes(p)


def test_une_seule_page_ou_rien_de_repete_ne_change_rien() -> None:
    seule = [page(("Plan d’action", 20, 8), ("corps", 300, 9))]
    assert retirer_lignes_courantes(seule) == seule
    differentes = [page((f"Note {c}", 20, 8), ("corps", 300, 9)) for c in "ABC"]
    assert [textes(p) for p in retirer_lignes_courantes(differentes)] == [textes(p) for p in differentes]


def test_le_titre_de_couverture_en_haut_de_page_reste() -> None:
    pages = [page(("Plan d’action ministériel", 20, 18), ("corps", 300, 9))] + [
        page(("Plan d’action ministériel", 20, 8), ("corps", 300, 9)) for _ in range(3)]
    sorties = retirer_lignes_courantes(pages)
    assert "ministériel" in textes(sorties[0])
    assert all("ministériel" not in textes(p) for p in sorties[1:])
