"""Comparison of two editions: content matching and the contract's change list.

The small plans in ``fixtures/comparaison`` are ``base.json`` with one kind of edit each
(rebuilt by ``fabriquer.py``); the reference pair is the hand transcription of two real
editions with the changes an analyst listed.
"""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import cle_changement, plan
from normalisation.echeances import Echeance
from pamam.comparaison import TYPES
from pamam.comparaison import apparier as apparier_plans
from pamam.comparaison import comparer as comparer_plans
from pamam.comparaison.appariement import minuscules_sans_ponctuation as normaliser_texte
from pamam.comparaison.assignation import affecter
from pamam.comparaison.changements import CLES
from pamam.comparaison.changements import classer_echeance as classer

# The cases are written as plan.json dicts; the comparison takes the plan model.


def comparer(avant: dict[str, Any], apres: dict[str, Any], **options: Any) -> dict[str, Any]:
    return comparer_plans(plan(avant), plan(apres), **options)


def apparier(avant: dict[str, Any], apres: dict[str, Any], **options: Any) -> Any:
    return apparier_plans(plan(avant), plan(apres), **options)


def classer_echeance(avant: dict[str, Any], apres: dict[str, Any]) -> tuple[str, int | None, str]:
    return classer(Echeance.depuis_dict(avant), Echeance.depuis_dict(apres))

FIXTURES = Path(__file__).parent / "fixtures"
CAS = FIXTURES / "comparaison"
REFERENCE = FIXTURES / "reference"


def charger(nom: str) -> dict[str, Any]:
    return json.loads((CAS / f"{nom}.json").read_text(encoding="utf-8"))


def resume(resultat: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(type, mesure_avant, mesure, livrable_no_avant, livrable_no) of each change, in order."""
    return [
        (c["type"], c["mesure_avant"], c["mesure"], c["livrable_no_avant"], c["livrable_no"])
        for c in resultat["changements"]
    ]


# (case, expected changes base → case, expected changes case → base)
ATTENDUS: list[tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]] = [
    (
        "mesure_retiree_renumerotee",
        [
            ("mesure_retiree", "2.2", None, None, None),
            ("mesure_renumerotee", "2.3", "2.2", None, None),
            ("livrable_modifie", "2.3", "2.2", 2, 2),
        ],
        [
            ("mesure_ajoutee", None, "2.2", None, None),
            ("mesure_renumerotee", "2.2", "2.3", None, None),
            ("livrable_modifie", "2.2", "2.3", 2, 2),
        ],
    ),
    (
        "livrable_deplace",
        [("livrable_modifie", "1.1", "1.3", 2, 2)],
        [("livrable_modifie", "1.3", "1.1", 2, 2)],
    ),
    (
        "mesure_reformulee",
        [("mesure_modifiee", "1.2", "1.2", None, None)],
        [("mesure_modifiee", "1.2", "1.2", None, None)],
    ),
    (
        "action_ajoutee",
        [("action_ajoutee", None, None, None, None), ("mesure_ajoutee", None, "4.1", None, None)],
        [("action_retiree", None, None, None, None), ("mesure_retiree", "4.1", None, None, None)],
    ),
    (
        "section_ajoutee",
        [("section_ajoutee", None, None, None, None), ("mesure_ajoutee", None, "4.1", None, None)],
        [("section_retiree", None, None, None, None), ("mesure_retiree", "4.1", None, None, None)],
    ),
    (
        "echeance_devancee",
        [("echeance_devancee", "2.3", "2.3", 1, 1)],
        [("echeance_reportee", "2.3", "2.3", 1, 1)],
    ),
    (
        "statut_modifie",
        [("statut_modifie", "1.1", "1.1", 1, 1), ("statut_modifie", "1.2", "1.2", 2, 2)],
        [("statut_modifie", "1.1", "1.1", 1, 1), ("statut_modifie", "1.2", "1.2", 2, 2)],
    ),
    (
        "echeances_conventions",
        [("echeance_modifiee", "1.1", "1.1", 1, 1), ("echeance_modifiee", "1.1", "1.1", 2, 2)],
        [("echeance_modifiee", "1.1", "1.1", 1, 1), ("echeance_modifiee", "1.1", "1.1", 2, 2)],
    ),
    ("identique", [], []),
    (
        "livrables_divers",
        [
            ("echeance_modifiee", "1.2", "1.2", 1, 1),
            ("livrable_modifie", "1.3", "1.3", 1, 1),
            ("livrable_retire", "2.1", None, 1, None),
            ("livrable_ajoute", None, "3.1", None, 3),
            ("echeance_reportee", "3.2", "3.2", 1, 1),
        ],
        [
            ("echeance_modifiee", "1.2", "1.2", 1, 1),
            ("livrable_modifie", "1.3", "1.3", 1, 1),
            ("livrable_ajoute", None, "2.1", None, 1),
            ("livrable_retire", "3.1", None, 3, None),
            ("echeance_devancee", "3.2", "3.2", 1, 1),
        ],
    ),
]


@pytest.mark.parametrize(("cas", "attendu", "_inverse"), ATTENDUS, ids=[a[0] for a in ATTENDUS])
def test_cas_edites(cas: str, attendu: list[tuple[Any, ...]], _inverse: Any) -> None:
    resultat = comparer(charger("base"), charger(cas))
    assert resultat["avant"] == "2030-01" and resultat["apres"] == "2031-01"
    assert resume(resultat) == attendu


@pytest.mark.parametrize(("cas", "_attendu", "inverse"), ATTENDUS, ids=[a[0] for a in ATTENDUS])
def test_cas_edites_a_rebours(cas: str, _attendu: Any, inverse: list[tuple[Any, ...]]) -> None:
    """Swapping the editions turns each addition into a removal and vice versa."""
    assert resume(comparer(charger(cas), charger("base"))) == inverse


def test_chaque_changement_porte_toutes_les_cles_du_contrat() -> None:
    for cas, *_ in ATTENDUS:
        for c in comparer(charger("base"), charger(cas))["changements"]:
            assert tuple(c) == CLES
            assert c["type"] in TYPES
            assert isinstance(c["details"], str) and c["details"].endswith(".")


def test_renumerotation_garde_les_numeros_des_deux_editions() -> None:
    (retiree, renum, livrable) = comparer(charger("base"), charger("mesure_retiree_renumerotee"))["changements"]
    assert (retiree["section"], retiree["action"], retiree["avant"]) == (
        "A",
        "2",
        "Harmoniser les calendriers de versement",
    )
    assert (renum["avant"], renum["apres"]) == ("2.3", "2.2")
    assert livrable["apres"] == "Mise à jour annuelle des données publiées"


def test_livrable_deplace_dit_d_ou_il_vient() -> None:
    (c,) = comparer(charger("base"), charger("livrable_deplace"))["changements"]
    assert "déplacé de la mesure 1.1 à la mesure 1.3" in c["details"]
    assert c["avant"] == c["apres"] == "Bilan de la première année du guichet"


def test_ajouts_listent_leurs_mesures_pas_leurs_livrables() -> None:
    """An added (removed) section or action lists each of its measures (contract), never their livrables."""
    c, m = comparer(charger("base"), charger("action_ajoutee"))["changements"]
    assert (c["section"], c["action"], c["apres"]) == ("B", "4", "Valoriser l’expertise des employés municipaux")
    assert (m["type"], m["section"], m["action"], m["mesure"]) == ("mesure_ajoutee", "B", "4", "4.1")
    assert m["details"] == "Nouvelle mesure 4.1 (1 livrable), avec la nouvelle action 4."
    c, m = comparer(charger("base"), charger("section_ajoutee"))["changements"]
    assert (c["section"], c["apres"]) == ("C", "UNE INFORMATION TRANSPARENTE")
    assert (m["type"], m["section"], m["mesure"]) == ("mesure_ajoutee", "C", "4.1")
    assert m["details"] == "Nouvelle mesure 4.1 (2 livrables), avec la nouvelle section C."
    c, m = comparer(charger("section_ajoutee"), charger("base"))["changements"]
    assert (c["type"], m["type"], m["mesure_avant"], m["mesure"]) == ("section_retiree", "mesure_retiree", "4.1", None)
    assert m["details"] == "Mesure 4.1 retirée (2 livrables), avec la section C."
    for cas in ("action_ajoutee", "section_ajoutee"):
        for a, b in ((charger("base"), charger(cas)), (charger(cas), charger("base"))):
            assert not [x for x in comparer(a, b)["changements"] if x["type"].startswith("livrable")]


def test_ecarts_en_jours() -> None:
    (c,) = comparer(charger("base"), charger("echeance_devancee"))["changements"]
    # Hiver 2032 ends 2032-03-19, automne 2031 on 2031-12-20.
    assert (c["avant"], c["apres"], c["ecart_jours"]) == ("Hiver 2032", "Automne 2031", -90)
    reporte = [x for x in comparer(charger("base"), charger("livrables_divers"))["changements"]]
    assert reporte[-1]["ecart_jours"] == 365


def test_ecarts_de_convention_depuis_les_phrases() -> None:
    """The contract's examples end to end, from the printed phrases through the normaliser."""
    a, b = comparer(charger("base"), charger("echeances_conventions"))["changements"]
    assert (a["avant"], a["apres"], a["ecart_jours"]) == ("Automne 2030", "D’ici la fin de 2030", 11)
    assert (b["avant"], b["apres"], b["ecart_jours"]) == ("Hiver 2032", "Début 2032", 42)
    assert "reportée" not in a["details"] and "conventions" in a["details"]
    retour = comparer(charger("echeances_conventions"), charger("base"))["changements"]
    assert [c["ecart_jours"] for c in retour] == [-11, -42]


def test_statut_modifie_avant_apres() -> None:
    a, b = comparer(charger("base"), charger("statut_modifie"))["changements"]
    assert (a["avant"], a["apres"], b["avant"], b["apres"]) == ("Automne 2030", "Réalisé", "En cours", "Réalisé")
    assert "réalisé" in a["details"]


def test_rien_de_change_entre_une_edition_et_elle_meme() -> None:
    for nom in ("pamam-2023-11", "pamam-2024-11"):
        plan = json.loads((REFERENCE / f"{nom}.json").read_text(encoding="utf-8"))
        assert comparer(plan, copy.deepcopy(plan))["changements"] == []


# --- the reference pair, keyed as the acceptance check keys changes -----------------------

cle = cle_changement


def test_paire_de_reference() -> None:
    avant = json.loads((REFERENCE / "pamam-2023-11.json").read_text(encoding="utf-8"))
    apres = json.loads((REFERENCE / "pamam-2024-11.json").read_text(encoding="utf-8"))
    attendus = json.loads((REFERENCE / "changements-2023-11__2024-11.json").read_text(encoding="utf-8"))
    resultat = comparer(avant, apres)
    assert (resultat["avant"], resultat["apres"]) == ("2023-11", "2024-11")
    obtenus = {cle(c): c["type"] for c in resultat["changements"]}
    voulus = {cle(c): c["type"] for c in attendus}
    assert obtenus == voulus  # every change, with its exact type, and nothing else
    assert len(resultat["changements"]) == len(attendus)
    ecarts = {(c["mesure"], c["livrable_no"]): c["ecart_jours"] for c in resultat["changements"]}
    assert ecarts[("4.2", 1)] > 0 and ecarts[("5.3", 1)] < 0


def test_ordre_du_document() -> None:
    avant = json.loads((REFERENCE / "pamam-2023-11.json").read_text(encoding="utf-8"))
    apres = json.loads((REFERENCE / "pamam-2024-11.json").read_text(encoding="utf-8"))
    ch = comparer(avant, apres)["changements"]
    positions = [(tuple(int(x) for x in c["mesure"].split(".")), c["livrable_no"] or 0) for c in ch]
    assert positions == sorted(positions)


# --- échéanciers already normalised (the pipeline's plans) ---------------------------------


def echeance(texte: str, statut: str, debut: str | None, fin: str | None) -> dict[str, Any]:
    return {
        "texte": texte, "statut": statut, "debut": debut, "fin": fin, "precision": "saison", "ouvert": False,
        "condition": None, "recurrence": None, "jalons": [], "edtf": None, "non_reconnu": False,
        "en_retard": False,
    }  # fmt: skip


def plan_normalise(version: str, e: dict[str, Any]) -> dict[str, Any]:
    liv = {"texte": "Rapport d’étape", "echeancier": e, "page": 1, "colonnes_supplementaires": {}}
    mes = {"numero": "1.1", "titre": "Produire un rapport d’étape", "livrables": [liv]}
    act = {"numero": "1", "titre": "Rendre compte", "mesures": [mes]}
    return {"document": {"version": version}, "sections": [{"code": "A", "titre": "AXE", "actions": [act]}]}


def test_echeanciers_deja_normalises() -> None:
    a = plan_normalise("2030-01", echeance("Printemps 2031", "planifie", "2031-03-20", "2031-06-20"))
    b = plan_normalise("2031-01", echeance("Automne 2031", "planifie", "2031-09-22", "2031-12-20"))
    (c,) = comparer(a, b)["changements"]
    assert (c["type"], c["ecart_jours"]) == ("echeance_reportee", 183)


@pytest.mark.parametrize(
    ("avant", "apres", "type_"),
    [
        (("planifie", "2031-03-20", "2031-06-20"), ("realise", None, None), "statut_modifie"),
        (("planifie", "2031-03-20", "2031-06-20"), ("reporte", "2032-03-20", "2032-06-20"), "statut_modifie"),
        (("planifie", "2031-03-20", "2031-06-20"), ("abandonne", None, None), "statut_modifie"),
        (("en_cours", None, None), ("en_continu", None, None), "statut_modifie"),
        (("planifie", "2031-03-20", "2031-06-20"), ("conditionnel", "2031-03-20", "2031-06-20"), "echeance_modifiee"),
        (("planifie", "2031-03-20", "2031-06-20"), ("conditionnel", "2031-09-22", "2031-12-20"), "echeance_reportee"),
        (("planifie", "2031-01-01", "2031-12-31"), ("planifie", "2031-12-01", "2031-12-31"), "echeance_modifiee"),
        (("planifie", "2032-01-01", "2032-12-31"), ("planifie", "2031-01-01", "2031-12-31"), "echeance_devancee"),
        (("indetermine", None, None), ("planifie", "2031-01-01", "2031-12-31"), "echeance_modifiee"),
    ],
)
def test_classer_echeance(avant: tuple[Any, ...], apres: tuple[Any, ...], type_: str) -> None:
    t, ecart, details = classer_echeance(echeance("x", *avant), echeance("y", *apres))
    assert t == type_
    if t == "echeance_reportee":
        assert ecart is not None and ecart > 0
    if t == "echeance_devancee":
        assert ecart is not None and ecart < 0
    assert details


def _fenetre(texte: str, precision: str, debut: str | None, fin: str | None) -> dict[str, Any]:
    return echeance(texte, "planifie", debut, fin) | {"precision": precision}


@pytest.mark.parametrize(
    ("avant", "apres", "ecart"),
    [
        # The contract's two examples: the plan did not move, the way of writing it did.
        (("Automne 2026", "saison", "2026-09-22", "2026-12-20"), ("D’ici la fin de 2026", "periode", None,
                                                                  "2026-12-31"), 11),
        (("Hiver 2026", "saison", "2025-12-21", "2026-03-19"), ("Début 2026", "periode", "2026-01-01",
                                                                "2026-04-30"), 42),
        (("Début 2026", "periode", "2026-01-01", "2026-04-30"), ("Hiver 2026", "saison", "2025-12-21",
                                                                 "2026-03-19"), -42),
        (("Décembre 2026", "mois", "2026-12-01", "2026-12-31"), ("Au plus tard le 14 février 2027", "jour", None,
                                                                 "2027-02-14"), 45),
    ],
)
def test_ecart_de_convention_est_une_echeance_modifiee(
    avant: tuple[str, ...], apres: tuple[str, ...], ecart: int
) -> None:
    t, e, details = classer_echeance(_fenetre(*avant), _fenetre(*apres))
    assert (t, e) == ("echeance_modifiee", ecart)
    assert "conventions" in details and f"{abs(ecart)} jours" in details
    mots = {"saison": "saison", "periode": "période", "mois": "mois", "jour": "jour"}
    assert f"(précision : {mots[avant[1]]} → {mots[apres[1]]})" in details


@pytest.mark.parametrize(
    ("avant", "apres", "type_", "ecart"),
    [
        # Same precision: a real move, however small.
        (("Automne 2026", "saison", "2026-09-22", "2026-12-20"), ("Hiver 2027", "saison", "2026-12-21",
                                                                  "2027-03-19"), "echeance_reportee", 89),
        (("1er juin 2026", "jour", None, "2026-06-01"), ("15 juin 2026", "jour", None, "2026-06-15"),
         "echeance_reportee", 14),
        # Different precision, but beyond 45 days: a real move.
        (("Décembre 2026", "mois", "2026-12-01", "2026-12-31"), ("Hiver 2027", "saison", "2026-12-21",
                                                                 "2027-03-19"), "echeance_reportee", 78),
        (("Décembre 2026", "mois", "2026-12-01", "2026-12-31"), ("Au plus tard le 15 février 2027", "jour", None,
                                                                 "2027-02-15"),
         "echeance_reportee", 46),
    ],
)
def test_vrai_deplacement_reste_un_report(
    avant: tuple[str, ...], apres: tuple[str, ...], type_: str, ecart: int
) -> None:
    assert classer_echeance(_fenetre(*avant), _fenetre(*apres))[:2] == (type_, ecart)


def test_ecart_de_convention_avec_changement_de_statut() -> None:
    """A change of statut stays ``statut_modifie``; its sentence does not call the shift a postponement."""
    a = _fenetre("Automne 2026", "saison", "2026-09-22", "2026-12-20")
    b = echeance("En cours d’ici la fin de 2026", "en_cours", None, "2026-12-31") | {"precision": "periode"}
    t, e, details = classer_echeance(a, b)
    assert (t, e) == ("statut_modifie", 11)
    assert "reportée" not in details and "conventions" in details


def test_echeance_ouverte_se_compare_par_son_debut() -> None:
    a = echeance("x", "planifie", "2031-09-22", None) | {"ouvert": True}
    b = echeance("y", "planifie", "2032-09-22", None) | {"ouvert": True}
    assert classer_echeance(a, b)[:2] == ("echeance_reportee", 366)


# --- building blocks ------------------------------------------------------------------------


def test_normaliser_texte() -> None:
    assert normaliser_texte("Mise à jour – Œuvre, ﬁnale (MTMD)") == "mise a jour oeuvre finale mtmd"
    assert normaliser_texte("d’accès\n aux  portes") == normaliser_texte("d'acces aux portes")


def test_appariement_par_contenu_et_non_par_numero() -> None:
    app = apparier(charger("base"), charger("mesure_retiree_renumerotee"))
    paires = {a.numero: b.numero for a, b in app.mesures.items()}
    assert paires == {"1.1": "1.1", "1.2": "1.2", "1.3": "1.3", "2.1": "2.1", "2.3": "2.2", "3.1": "3.1", "3.2": "3.2"}


def test_pretraitement_optionnel_est_applique() -> None:
    """The hook for extra folding (e.g. lemmas) is used when given."""
    vus: list[str] = []

    def plier(t: str) -> str:
        vus.append(t)
        return t

    comparer(charger("base"), charger("mesure_reformulee"), pretraitement=plier)
    assert vus


def _meilleur(scores: list[list[float]], seuil: float) -> float:
    n, m = len(scores), len(scores[0])
    best = 0.0
    if n <= m:
        for perm in itertools.permutations(range(m), n):
            best = max(best, sum(scores[i][j] for i, j in enumerate(perm) if scores[i][j] >= seuil))
    else:
        for perm in itertools.permutations(range(n), m):
            best = max(best, sum(scores[i][j] for j, i in enumerate(perm) if scores[i][j] >= seuil))
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.integers(1, 5).flatmap(
            lambda m: st.lists(st.lists(st.integers(0, 100).map(float), min_size=m, max_size=m), min_size=n, max_size=n)
        )
    )
)
def test_affectation_optimale(scores: list[list[float]]) -> None:
    """The Hungarian assignment reaches the brute-force optimum, one-to-one, above threshold."""
    seuil = 50.0
    paires = affecter(scores, seuil)
    assert len({i for i, _ in paires}) == len(paires) == len({j for _, j in paires})
    assert all(scores[i][j] >= seuil for i, j in paires)
    assert sum(scores[i][j] for i, j in paires) == pytest.approx(_meilleur(scores, seuil))


def test_affectation_vide() -> None:
    assert affecter([], 50) == []
    assert affecter([[]], 50) == []


SOURCES = Path(__file__).parent.parent / "sources"


@pytest.mark.skipif(
    not (SOURCES / "pamam-2023-11.pdf").exists() or not (SOURCES / "pamam-2024-11.pdf").exists(),
    reason="PDF sources absentes",
)
def test_paire_de_reference_depuis_les_pdf(tmp_path: Path) -> None:
    """End to end: both PDFs through ``pamam compare`` give the analyst's list of changes."""
    from pamam.cli import main

    sortie = tmp_path / "changements"
    assert (
        main(["compare", str(SOURCES / "pamam-2023-11.pdf"), str(SOURCES / "pamam-2024-11.pdf"), "--out", str(sortie)])
        == 0
    )
    obtenus = {cle(c): c["type"] for c in json.loads((sortie / "changements.json").read_text("utf-8"))["changements"]}
    attendus = json.loads((REFERENCE / "changements-2023-11__2024-11.json").read_text(encoding="utf-8"))
    assert obtenus == {cle(c): c["type"] for c in attendus}


SCHEMA = Path(__file__).parent.parent / "pamam" / "schemas" / "changements.schema.json"


@pytest.mark.skipif(not SCHEMA.exists(), reason="schéma changements.json absent")
def test_conforme_au_schema() -> None:
    from jsonschema import Draft202012Validator

    validateur = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    paires = [(charger("base"), charger(cas)) for cas, *_ in ATTENDUS]
    paires += [(charger(cas), charger("base")) for cas, *_ in ATTENDUS]
    paires.append(
        (
            json.loads((REFERENCE / "pamam-2023-11.json").read_text(encoding="utf-8")),
            json.loads((REFERENCE / "pamam-2024-11.json").read_text(encoding="utf-8")),
        )
    )
    for avant, apres in paires:
        erreurs = [e.message for e in validateur.iter_errors(comparer(avant, apres))]
        assert not erreurs


def test_lemmes_spacy_ramene_les_formes_flechies_et_ne_change_pas_la_reference(tmp_path) -> None:
    """--lemmes folds inflections (the reason to offer it) and, as measured, finds the
    same changes as plain folding on the reference pair."""
    import json
    import subprocess

    from conftest import FIXTURES, commande_pamam
    from pamam.comparaison.lemmes import lemmatiseur

    plier = lemmatiseur()
    assert plier("Rencontres des partenaires") == plier("rencontre du partenaire")
    assert plier("Documents de référence") == plier("document de référence")
    avant, apres = (FIXTURES / "reference" / f"pamam-{e}.json" for e in ("2023-11", "2024-11"))
    sorties = {}
    for nom, options in (("simple", []), ("lemmes", ["--lemmes"])):
        r = subprocess.run([*commande_pamam(), "compare", str(avant), str(apres), "--out", str(tmp_path / nom),
                            *options], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        sorties[nom] = json.loads((tmp_path / nom / "changements.json").read_text(encoding="utf-8"))
    assert sorties["lemmes"] == sorties["simple"]
