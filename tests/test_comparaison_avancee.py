"""Comparison on the edits analysts meet from one edition to the next, made on a real edition.

Each ``fixtures/comparaison/avancee/<cas>.json`` is the November 2023 edition
(``fixtures/reference/pamam-2023-11.json``) with one kind of edit (rebuilt by
``fixtures/comparaison/fabriquer.py``). Each test states the exact list a careful analyst
expects, in the contract's vocabulary, as (type, section, action, mesure_avant, mesure,
livrable_no_avant, livrable_no), in document order, and checks it both ways when the
reverse is as telling.

Decisions the contract leaves open, taken here:

- a livrable whose position alone changed (reordered inside its measure, or swapped with
  a sibling) is unchanged: nothing is listed ("Nothing unchanged is listed");
- a measure split in two: the new measure is ``mesure_ajoutee``, and each livrable it took
  from the old one is a ``livrable_modifie`` ("déplacé de la mesure …") — the old measure
  did lose it, and a reader should not believe it was dropped; the measures after it are
  ``mesure_renumerotee``;
- an action renumbered (an earlier one removed) is ``action_modifiee`` ("renumérotée"), each
  of its measures ``mesure_renumerotee``, like a measure renumbered;
- a section that only changes letter has no type in the contract: the ``section_ajoutee`` /
  ``section_retiree`` that caused it names the new letters in its details;
- an added (removed) section or action lists each of its measures as ``mesure_ajoutee``
  (``mesure_retiree``, the contract's rule), right after it, but none of their livrables;
- a condition becoming a date (or the reverse) is ``echeance_modifiee``: the window did not
  move, it appeared.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import cle_changement, plan
from pamam.comparaison import comparer as comparer_plans
from pamam.comparaison.textes import forme_typographique, meme_texte


def comparer(avant: dict[str, Any], apres: dict[str, Any]) -> dict[str, Any]:
    """The cases are written as plan.json dicts; the comparison takes the plan model."""
    return comparer_plans(plan(avant), plan(apres))

FIXTURES = Path(__file__).parent / "fixtures"
AVANCEE = FIXTURES / "comparaison" / "avancee"
REFERENCE = FIXTURES / "reference"

Ligne = tuple[Any, ...]


def lire(chemin: Path) -> dict[str, Any]:
    return json.loads(chemin.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ref() -> dict[str, Any]:
    return lire(REFERENCE / "pamam-2023-11.json")


def cas(nom: str) -> dict[str, Any]:
    return lire(AVANCEE / f"{nom}.json")


def lignes(resultat: dict[str, Any]) -> list[Ligne]:
    return [
        (c["type"], c["section"], c["action"], c["mesure_avant"], c["mesure"], c["livrable_no_avant"], c["livrable_no"])
        for c in resultat["changements"]
    ]


cle = cle_changement


def verifier(avant: dict[str, Any], apres: dict[str, Any], attendu: list[Ligne]) -> list[dict[str, Any]]:
    resultat = comparer(avant, apres)
    assert lignes(resultat) == attendu
    cles = [cle(c) for c in resultat["changements"]]
    assert len(set(cles)) == len(cles), "two changes under one acceptance key"
    return resultat["changements"]


def renumerotation(section: str, action: str, avant: str, apres: str) -> Ligne:
    return ("mesure_renumerotee", section, action, avant, apres, None, None)


# --- 1. a measure split in two --------------------------------------------------------------


def test_mesure_scindee(ref: dict[str, Any]) -> None:
    ch = verifier(
        ref,
        cas("mesure_scindee"),
        [
            ("mesure_ajoutee", "B", "4", None, "4.4", None, None),
            ("livrable_modifie", "B", "4", "4.3", "4.4", 3, 1),
            renumerotation("B", "4", "4.4", "4.5"),
            ("mesure_ajoutee", "B", "5", None, "5.3", None, None),
            ("livrable_modifie", "B", "5", "5.2", "5.3", 4, 1),
            renumerotation("B", "5", "5.3", "5.4"),
        ],
    )
    assert "déplacé de la mesure 4.3 à la mesure 4.4" in ch[1]["details"]
    assert ch[1]["avant"] == ch[1]["apres"] == "Guide de gestion des parties prenantes"


def test_mesures_fusionnees_a_rebours(ref: dict[str, Any]) -> None:
    """The reverse edit: the new measure folded back into the one it came from."""
    verifier(
        cas("mesure_scindee"),
        ref,
        [
            ("livrable_modifie", "B", "4", "4.4", "4.3", 1, 3),
            ("mesure_retiree", "B", "4", "4.4", None, None, None),
            renumerotation("B", "4", "4.5", "4.4"),
            ("livrable_modifie", "B", "5", "5.3", "5.2", 1, 4),
            ("mesure_retiree", "B", "5", "5.3", None, None, None),
            renumerotation("B", "5", "5.4", "5.3"),
        ],
    )


# --- 2. two livrables merged into one -------------------------------------------------------


def test_livrables_fusionnes(ref: dict[str, Any]) -> None:
    modifie, retire = verifier(
        ref,
        cas("livrables_fusionnes"),
        [("livrable_modifie", "B", "5", "5.2", "5.2", 2, 2), ("livrable_retire", "B", "5", "5.2", None, 3, None)],
    )
    assert (modifie["avant"], modifie["apres"]) == (
        "Allègements liés à la convention d’aide",
        "Allègements liés à la convention d’aide et à la reddition de comptes",
    )
    assert retire["avant"] == "Allègements liés à la reddition de comptes"
    # The livrable after them moved up from 4 to 3: a position, not a change.


def test_livrable_scinde_a_rebours(ref: dict[str, Any]) -> None:
    verifier(
        cas("livrables_fusionnes"),
        ref,
        [("livrable_modifie", "B", "5", "5.2", "5.2", 2, 2), ("livrable_ajoute", "B", "5", None, "5.2", None, 3)],
    )


# --- 3. livrables reordered inside their measure ---------------------------------------------


def test_livrables_reordonnes_rien_a_signaler(ref: dict[str, Any]) -> None:
    verifier(ref, cas("livrables_reordonnes"), [])
    verifier(cas("livrables_reordonnes"), ref, [])


# --- 4. a whole measure moved to another action ----------------------------------------------


def test_mesure_deplacee_vers_une_autre_action(ref: dict[str, Any]) -> None:
    deplacee, suivante = verifier(
        ref,
        cas("mesure_deplacee"),
        [renumerotation("A", "1", "2.2", "1.3"), renumerotation("A", "2", "2.3", "2.2")],
    )
    assert deplacee["details"] == "La mesure 2.2 devient la mesure 1.3, sous l’action 1."
    assert suivante["details"] == "La mesure 2.3 devient la mesure 2.2."
    verifier(
        cas("mesure_deplacee"),
        ref,
        [renumerotation("A", "2", "1.3", "2.2"), renumerotation("A", "2", "2.2", "2.3")],
    )


# --- 5. an action removed, the next ones renumbered ------------------------------------------


def _actions_decalees(numeros: dict[str, tuple[str, int]], sens: int) -> list[Ligne]:
    """action_modifiee + mesure_renumerotee for each action shifted by ``sens``."""
    attendu: list[Ligne] = []
    for ancienne, (section, nb) in numeros.items():
        nouvelle = str(int(ancienne) + sens)
        attendu.append(("action_modifiee", section, nouvelle, None, None, None, None))
        attendu += [renumerotation(section, nouvelle, f"{ancienne}.{i}", f"{nouvelle}.{i}") for i in range(1, nb + 1)]
    return attendu


def MESURES_ACTION_2(type_: str) -> list[Ligne]:  # noqa: N802 — reads as the constant it stands for
    """The three measures of action 2 (November 2023), as listed with their action."""
    retiree = type_ == "mesure_retiree"
    return [(type_, "A", "2", f"2.{i}" if retiree else None, None if retiree else f"2.{i}", None, None)
            for i in (1, 2, 3)]


#: Actions 3–7 of the November 2023 edition: their section and how many measures they hold.
ACTIONS_3_A_7 = {"3": ("A", 3), "4": ("B", 4), "5": ("B", 3), "6": ("C", 3), "7": ("C", 2)}


def test_action_retiree_les_suivantes_renumerotees(ref: dict[str, Any]) -> None:
    ch = verifier(
        ref,
        cas("action_retiree_renumerotee"),
        [("action_retiree", "A", "2", None, None, None, None), *MESURES_ACTION_2("mesure_retiree"),
         *_actions_decalees(ACTIONS_3_A_7, -1)],
    )
    assert ch[0]["avant"] == "Rendre disponibles les ressources du Ministère aux partenaires"
    assert [c["details"] for c in ch[1:4]] == [
        "Mesure 2.1 retirée (3 livrables), avec l’action 2.",
        "Mesure 2.2 retirée (1 livrable), avec l’action 2.",
        "Mesure 2.3 retirée (3 livrables), avec l’action 2.",
    ]
    modifiees = [c for c in ch if c["type"] == "action_modifiee"]
    # Nothing but the number changed: same title on both sides, and the details say so.
    assert all(c["avant"] == c["apres"] for c in modifiees)
    assert [c["details"] for c in modifiees] == [
        f"Action {int(n) - 1} : renumérotée de {n} à {int(n) - 1}." for n in ACTIONS_3_A_7
    ]


def test_action_ajoutee_les_suivantes_renumerotees(ref: dict[str, Any]) -> None:
    decalees = {str(int(n) - 1): v for n, v in ACTIONS_3_A_7.items()}
    verifier(
        cas("action_retiree_renumerotee"),
        ref,
        [("action_ajoutee", "A", "2", None, None, None, None), *MESURES_ACTION_2("mesure_ajoutee"),
         *_actions_decalees(decalees, +1)],
    )


# --- 6. a section inserted, the next ones relettered ------------------------------------------


ACTIONS_4_A_7 = {k: v for k, v in ACTIONS_3_A_7.items() if k != "3"}


def test_section_inseree_les_suivantes_changent_de_lettre(ref: dict[str, Any]) -> None:
    lettres = {"B": "C", "C": "D"}
    decalees = {n: (lettres[s], nb) for n, (s, nb) in ACTIONS_4_A_7.items()}
    ch = verifier(
        ref,
        cas("section_inseree"),
        [("section_ajoutee", "B", None, None, None, None, None), ("mesure_ajoutee", "B", "4", None, "4.1", None, None),
         *_actions_decalees(decalees, +1)],
    )
    assert ch[0]["apres"] == "UNE GESTION FINANCIÈRE SIMPLIFIÉE"
    assert (
        ch[0]["details"] == "Nouvelle section B (1 action). Les sections suivantes changent de lettre : B → C, C → D."
    )
    assert ch[1]["details"] == "Nouvelle mesure 4.1 (2 livrables), avec la nouvelle section B."
    # Inside the new section, only its measure is listed: not its action, not its livrables.
    assert [c["type"] for c in ch if c["action"] == "4"] == ["mesure_ajoutee"]


def test_section_retiree_les_suivantes_changent_de_lettre(ref: dict[str, Any]) -> None:
    decalees = {str(int(n) + 1): v for n, v in ACTIONS_4_A_7.items()}
    ch = verifier(
        cas("section_inseree"),
        ref,
        [("section_retiree", "B", None, None, None, None, None), ("mesure_retiree", "B", "4", "4.1", None, None, None),
         *_actions_decalees(decalees, -1)],
    )
    assert ch[0]["details"] == "Section B retirée (1 action). Les sections suivantes changent de lettre : C → B, D → C."


# --- 7. only deadlines -------------------------------------------------------------------------


def test_echeances_seulement(ref: dict[str, Any]) -> None:
    ch = verifier(
        ref,
        cas("echeances_seulement"),
        [
            ("echeance_reportee", "A", "1", "1.1", "1.1", 1, 1),  # Automne 2023 → Hiver 2024
            ("echeance_devancee", "A", "2", "2.1", "2.1", 3, 3),  # Hiver 2026 → Automne 2025
            ("statut_modifie", "A", "2", "2.3", "2.3", 3, 3),  # Hiver 2025 → Reporté à l’automne 2025
            ("echeance_reportee", "B", "4", "4.2", "4.2", 1, 1),  # Printemps 2024 → Automne 2024
            ("echeance_reportee", "B", "4", "4.4", "4.4", 1, 1),  # 31 décembre 2027 → 31 mars 2028
            ("statut_modifie", "B", "5", "5.1", "5.1", 3, 3),  # Automne 2023 et plus → En continu
            ("echeance_modifiee", "B", "5", "5.2", "5.2", 1, 1),  # condition → Automne 2025
            ("echeance_devancee", "B", "5", "5.3", "5.3", 1, 1),  # Hiver 2027 → Automne 2026
            ("statut_modifie", "C", "6", "6.2", "6.2", 3, 3),  # Printemps 2024 → Réalisé en mai 2024
            ("echeance_reportee", "C", "6", "6.3", "6.3", 2, 2),  # 2026-2027 → 2027-2028
            ("echeance_devancee", "C", "7", "7.1", "7.1", 1, 1),  # Mars 2027 → Mars 2026
        ],
    )
    par_lieu = {(c["mesure"], c["livrable_no"]): c for c in ch}
    ecarts = {lieu: c["ecart_jours"] for lieu, c in par_lieu.items()}
    assert ecarts[("4.2", 1)] == 183 and ecarts[("6.3", 2)] == 366 and ecarts[("7.1", 1)] == -365
    assert ecarts[("5.2", 1)] is None and ecarts[("5.1", 3)] is None
    assert "« planifié » à « reporté »" in par_lieu[("2.3", 3)]["details"]
    assert "« planifié » à « réalisé »" in par_lieu[("6.2", 3)]["details"]
    assert "« planifié » à « en continu »" in par_lieu[("5.1", 3)]["details"]
    assert par_lieu[("5.2", 1)]["details"] == "L’échéance est désormais datée (jusqu’au 2025-12-20)."
    assert (par_lieu[("6.3", 2)]["avant"], par_lieu[("6.3", 2)]["apres"]) == ("2026-2027", "2027-2028")


def test_echeances_seulement_a_rebours(ref: dict[str, Any]) -> None:
    inverse = {"echeance_reportee": "echeance_devancee", "echeance_devancee": "echeance_reportee"}
    aller = lignes(comparer(ref, cas("echeances_seulement")))
    retour = lignes(comparer(cas("echeances_seulement"), ref))
    assert retour == [(inverse.get(t, t), *reste) for t, *reste in aller]


# --- 8. heavy rewording, and two look-alike livrables swapped ---------------------------------


#: The livrables reworded by ``fabriquer.REFORMULATIONS``: (section, action, measure, number).
REFORMULES = [("A", "1", "1.1", 1), ("A", "2", "2.1", 1), ("A", "2", "2.1", 2), ("A", "2", "2.3", 2),
              ("A", "3", "3.3", 2), ("B", "4", "4.1", 1), ("B", "4", "4.2", 1), ("B", "4", "4.3", 1),
              ("B", "4", "4.3", 3), ("B", "5", "5.3", 1), ("C", "6", "6.1", 1), ("C", "6", "6.2", 1),
              ("C", "6", "6.2", 2), ("C", "7", "7.1", 1)]  # fmt: skip


def test_livrables_reformules(ref: dict[str, Any]) -> None:
    modifie = [("livrable_modifie", s, a, m, m, n, n) for s, a, m, n in REFORMULES]
    # 5.2's two "Allègements" swapped places and each got its own date: paired by text,
    # not by position, so each date goes to the right livrable.
    echeances = [
        ("echeance_modifiee", "B", "5", "5.2", "5.2", 3, 2),
        ("echeance_modifiee", "B", "5", "5.2", "5.2", 2, 3),
    ]
    ch = verifier(ref, cas("livrables_reformules"), sorted(modifie + echeances, key=lambda x: (x[4], x[6])))
    par_lieu = {(c["type"], c["mesure"], c["livrable_no"]): c for c in ch}
    assert par_lieu[("echeance_modifiee", "5.2", 2)]["apres"] == "Printemps 2025"
    assert par_lieu[("echeance_modifiee", "5.2", 3)]["apres"] == "Automne 2025"
    assert all(c["details"].endswith("libellé reformulé.") for c in ch if c["type"] == "livrable_modifie")


def test_livrables_reformules_a_rebours(ref: dict[str, Any]) -> None:
    aller = lignes(comparer(ref, cas("livrables_reformules")))
    retour = lignes(comparer(cas("livrables_reformules"), ref))
    # The same pairs seen from the other side (listed in the other edition's order).
    assert sorted(retour) == sorted((t, s, a, m, mb, nb, na) for t, s, a, mb, m, na, nb in aller)


# --- 9. typography only ------------------------------------------------------------------------


def test_typographie_seulement_rien_a_signaler(ref: dict[str, Any]) -> None:
    verifier(ref, cas("typographie"), [])
    verifier(cas("typographie"), ref, [])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Allègements liés à la convention d’aide", "Allègements liés à la convention d'aide"),
        ("Appel d’offres pour SGAF : automne 2023", "Appel d'offres pour SGAF\u00a0: automne 2023"),
        ("Appel d’offres pour SGAF : automne 2023", "Appel d’offres pour SGAF: automne 2023"),
        ("Automne 2023 – Dès les prochains appels", "Automne 2023 - Dès les\nprochains  appels"),
        ("Document-synthèse des modes d’ententes", "Document-\nsynthèse des modes d’ententes"),
        ("2026-2027", "2026 – 2027"),
        ("mise en œuvre de la mission", "mise en oeuvre de la mission"),
        ("la « carte » unifiée", 'la "carte" unifiée'),
        ("Réalisé", "Re\u0301alise\u0301"),  # decomposed accents
    ],
)
def test_variantes_typographiques_equivalentes(a: str, b: str) -> None:
    assert meme_texte(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Réalisé", "réalisé"),  # case is kept
        ("Realise", "Réalisé"),  # accents are kept
        ("Allègements liés à la convention d’aide", "Allègement lié à la convention d’aide"),
        ("2026-2027", "2026-2028"),
    ],
)
def test_vraies_differences_gardees(a: str, b: str) -> None:
    assert not meme_texte(a, b)
    assert forme_typographique(a) != forme_typographique(b)


# --- 10. an edition compared with itself --------------------------------------------------------


@pytest.mark.parametrize("nom", ["pamam-2023-11", "pamam-2024-11"])
def test_edition_comparee_a_elle_meme(nom: str) -> None:
    plan = lire(REFERENCE / f"{nom}.json")
    assert comparer(plan, plan)["changements"] == []
    assert comparer(plan, copy.deepcopy(plan))["changements"] == []


@pytest.mark.parametrize("nom", sorted(p.stem for p in AVANCEE.glob("*.json")))
def test_chaque_cas_compare_a_lui_meme(nom: str) -> None:
    assert comparer(cas(nom), cas(nom))["changements"] == []
