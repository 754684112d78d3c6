"""``pamam resume``: the terminal summary of one edition, run as a user runs it (subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import plan, plans_exemples
from pamam.pipeline import ecrire_edition

RACINE = Path(__file__).resolve().parents[1]


def pamam(*args: str, cwd: Path = RACINE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pamam.cli", "resume", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def sorties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dossier = tmp_path_factory.mktemp("resume") / "sorties"
    for p in plans_exemples():
        ecrire_edition(plan(p), dossier)
    return dossier


def _section(sortie: str, titre: str) -> list[str]:
    """The lines of one block of the summary (from its title to the next blank line)."""
    blocs = sortie.split("\n\n")
    bloc = next(b for b in blocs if b.startswith(titre))
    return bloc.splitlines()


def test_edition_la_plus_recente_par_defaut(sorties: Path) -> None:
    r = pamam("--out", str(sorties))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("PAMAM — édition 2024-11 (NOVEMBRE 2024), publiée le 2024-11-01")
    assert "1 sections, 2 actions, 3 mesures, 7 livrables" in r.stdout
    assert r.stderr == ""


def test_comptes_par_section_et_statut(sorties: Path) -> None:
    r = pamam("2023-11", "--out", str(sorties))
    assert r.returncode == 0, r.stderr
    sections = _section(r.stdout, "Par section")
    assert sections[1].split()[:7] == ["section", "titre", "actions", "mesures", "livrables", "réalisés", "en"]
    assert sections[3].split()[0] == "A" and sections[3].split()[-5:] == ["2", "3", "6", "1", "1"]
    statuts = {ligne.split()[0]: ligne.split()[1] for ligne in _section(r.stdout, "Par statut")[3:]}
    assert statuts == {
        "realise_en_continu": "1",
        "planifie": "4",
        "recurrent": "1",
        "Total": "6",
    }


def test_en_retard_et_prochaines_echeances(sorties: Path) -> None:
    r = pamam("2023-11", "--out", str(sorties))
    retard = _section(r.stdout, "En retard")
    assert retard[0] == "En retard (1)"
    assert "Guide des programmes" in retard[3] and retard[3].rstrip().endswith("2023-06-20")
    prochaines = _section(r.stdout, "Prochaines échéances")
    fins = [ligne.split()[0] for ligne in prochaines[3:]]
    assert fins == sorted(fins) and all(f > "2023-11-01" for f in fins)
    assert fins == ["2023-12-20", "2023-12-20", "2025-12-31"]  # 1.1, appels à projets, SGAF


def test_top(sorties: Path) -> None:
    r = pamam("2023-11", "--out", str(sorties), "--top", "1")
    prochaines = _section(r.stdout, "Prochaines échéances")
    assert prochaines[0] == "Prochaines échéances (1 sur 3)" and len(prochaines) == 4


@pytest.mark.parametrize("forme", ["fichier", "dossier"])
def test_chemin_de_plan(sorties: Path, tmp_path: Path, forme: str) -> None:
    chemin = sorties / "2023-11" / ("plan.json" if forme == "fichier" else "")
    r = pamam(str(chemin), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("PAMAM — édition 2023-11")


@pytest.mark.parametrize(
    ("args", "motif"),
    [
        (["2031-01"], "2031-01"),
        (["inexistant.json"], "introuvable"),
        ([], "aucune édition"),
    ],
)
def test_erreur_sur_une_ligne(tmp_path: Path, args: list[str], motif: str) -> None:
    r = pamam(*args, "--out", str(tmp_path / "vide"), cwd=tmp_path)
    assert r.returncode != 0
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and motif in r.stderr
    assert "Traceback" not in r.stderr


def test_pas_un_plan(tmp_path: Path) -> None:
    faux = tmp_path / "x.json"
    faux.write_text('{"a": 1}', encoding="utf-8")
    r = pamam(str(faux))
    assert r.returncode != 0 and "Traceback" not in r.stderr and str(faux) in r.stderr


def test_pdf(tmp_path: Path) -> None:
    """A PDF is extracted on the fly; the summary is the same as from its plan.json."""
    pdf = RACINE / "sources" / "pamam-2023-11.pdf"
    r = pamam(str(pdf), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("PAMAM — édition 2023-11 (NOVEMBRE 2023)")
    assert "Par statut" in r.stdout and "Prochaines échéances" in r.stdout
