"""``pamam echeance`` as a user runs it: arguments, standard input, options, errors, speed.

Why subprocesses: the promise is about the installed command — one JSON object per line,
line for line with the input (empty lines included), no traceback on bad input, and a
start-up light enough to call it once per phrase from a shell loop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from normalisation.echeances import CLES

RACINE = Path(__file__).resolve().parent.parent
SCORE = Path("/work/shared/tools/score.py")
GOLD = RACINE / "tests" / "fixtures" / "echeances_gold.json"


def _commande() -> list[str]:
    script = Path(sys.executable).parent / "pamam"
    if script.exists():
        return [str(script)]
    if shutil.which("pamam"):
        return ["pamam"]
    return [sys.executable, "-m", "pamam.cli"]


def pamam(*args: str, entree: str | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    donnees = entree.encode("utf-8") if isinstance(entree, str) else entree
    return subprocess.run([*_commande(), "echeance", *args], input=donnees, capture_output=True, cwd=RACINE, timeout=60)


def lignes(sortie: bytes) -> list[dict[str, Any]]:
    texte = sortie.decode("utf-8")
    assert texte.endswith("\n")
    objets = [json.loads(ligne) for ligne in texte.split("\n")[:-1]]
    for o in objets:
        assert tuple(o) == CLES
    return objets


def test_arguments() -> None:
    r = pamam("Hiver 2026", "Automne 2023 et plus", "Réalisé")
    assert r.returncode == 0, r.stderr
    objets = lignes(r.stdout)
    assert [o["texte"] for o in objets] == ["Hiver 2026", "Automne 2023 et plus", "Réalisé"]
    assert (objets[0]["debut"], objets[0]["fin"]) == ("2025-12-21", "2026-03-19")
    assert objets[1]["ouvert"] is True
    assert objets[2]["statut"] == "realise"


def test_json_non_ascii() -> None:
    """Accents are printed as such (ensure_ascii=False), in UTF-8."""
    r = pamam("Été 2025")
    assert '"texte": "Été 2025"' in r.stdout.decode("utf-8")


def test_entree_standard_ligne_pour_ligne() -> None:
    entree = "Hiver 2026\n\nbla bla\n   \nMars 2027\r\nChaque début d’année\n"
    r = pamam(entree=entree)
    assert r.returncode == 0, r.stderr
    objets = lignes(r.stdout)
    assert [o["texte"] for o in objets] == ["Hiver 2026", "", "bla bla", "", "Mars 2027", "Chaque début d’année"]
    assert [o["non_reconnu"] for o in objets] == [False, True, True, True, False, False]
    assert objets[1]["statut"] == "indetermine"
    assert objets[5]["recurrence"] == "FREQ=YEARLY;BYMONTH=1"


def test_fins_de_ligne_lf_crlf_et_cr() -> None:
    """LF, CRLF and a lone CR (old Mac files) all end a line: one answer per line, in order."""
    for entree in ("Hiver 2026\nÉté 2025\nRéalisé\n", "Hiver 2026\r\nÉté 2025\r\nRéalisé\r\n",
                   "Hiver 2026\rÉté 2025\rRéalisé\r", "Hiver 2026\rÉté 2025\r\nRéalisé"):
        objets = lignes(pamam(entree=entree).stdout)
        assert [o["texte"] for o in objets] == ["Hiver 2026", "Été 2025", "Réalisé"], repr(entree)


def test_lignes_vides_en_cr() -> None:
    """Empty lines count with every line ending: CR CR is two lines, CRLF CRLF too."""
    objets = lignes(pamam(entree="Hiver 2026\r\rÉté 2025\r\n\r\nRéalisé\n").stdout)
    assert [o["texte"] for o in objets] == ["Hiver 2026", "", "Été 2025", "", "Réalisé"]


def test_separateur_unicode_ne_coupe_pas() -> None:
    """A line separator (U+2028) inside a phrase is not a line end: it is whitespace of the phrase."""
    objets = lignes(pamam(entree="Été\u20282025\n").stdout)
    assert [o["debut"] for o in objets] == ["2025-06-21"]


def test_bom_utf8_ignore() -> None:
    """A UTF-8 byte order mark (as Windows editors write) is not part of the first phrase."""
    objets = lignes(pamam(entree=b"\xef\xbb\xbfHiver 2026\r\nAutomne 2023 et plus\r\n").stdout)
    assert [o["texte"] for o in objets] == ["Hiver 2026", "Automne 2023 et plus"]
    assert objets[0]["non_reconnu"] is False


def test_entree_sans_fin_de_ligne_finale() -> None:
    objets = lignes(pamam(entree="Hiver 2026\nÉté 2025").stdout)
    assert [o["texte"] for o in objets] == ["Hiver 2026", "Été 2025"]


def test_entree_vide() -> None:
    r = pamam(entree="")
    assert r.returncode == 0 and r.stdout == b""


@pytest.mark.parametrize(
    ("entree", "raison"),
    [
        (b"Hiver 2026\n\xff\xfe caf\xe9\n", "ligne 2"),
        (b"Hiver 2026\r\nRapport \xe9t\xe9 2025\r\n", "ligne 2"),  # Latin-1
        ("Hiver 2026\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_entree_pas_utf8(entree: bytes, raison: str) -> None:
    """Not UTF-8: exit 4, one stderr line naming standard input and why, no traceback."""
    r = pamam(entree=entree)
    assert r.returncode == 4
    erreur = r.stderr.decode("utf-8")
    assert erreur.count("\n") == 1 and erreur.startswith("pamam: entrée standard: ")
    assert raison in erreur and "Traceback" not in erreur


def test_aide_en_francais() -> None:
    """Every help text of the sub-command is French, argparse's own words included."""
    aide = pamam("--help").stdout.decode("utf-8")
    for attendu in ("utilisation :", "afficher cette aide et quitter", "date de publication", "--explique",
                    "entrée standard"):
        assert attendu in aide
    for anglais in ("usage:", "show this help", "deadline phrase", "publication date of"):
        assert anglais not in aide


def test_explique() -> None:
    """--explique says, per phrase, which words each rule took, and the reading."""
    r = pamam("--explique", "Dépôt du rapport d’ici juin 2026", "bla bla")
    assert r.returncode == 0, r.stderr
    texte = r.stdout.decode("utf-8")
    premiere, seconde = texte.split("\n\n")[:2]
    assert "borne_dici" in premiere and "« d’ici juin 2026 »" in premiere
    assert "mois_annee" in premiere and "« juin 2026 »" in premiere
    assert "libelle" in premiere and "« Dépôt du rapport »" in premiere
    assert "2026-06-30" in premiere
    assert "non reconnue" in seconde


def test_explique_entree_standard() -> None:
    r = pamam("--explique", entree="Hiver 2026\n2026-T2\n")
    texte = r.stdout.decode("utf-8")
    assert "saison_annee" in texte and "trimestre_annee" in texte and "2026-06-30" in texte


def test_publication() -> None:
    objets = lignes(pamam("Automne 2023", "Automne 2025", "--publication", "2024-11-01").stdout)
    assert [o["en_retard"] for o in objets] == [True, False]
    objets = lignes(pamam("--publication", "2024-11-01", entree="Automne 2023\nRéalisé en mai 2023\n").stdout)
    assert [o["en_retard"] for o in objets] == [True, False]


@pytest.mark.parametrize("mauvaise", ["2024-13-01", "hier", "2024/11/01"])
def test_publication_invalide(mauvaise: str) -> None:
    r = pamam("Hiver 2026", "--publication", mauvaise)
    assert r.returncode == 2
    erreur = r.stderr.decode("utf-8")
    assert "--publication" in erreur and "Traceback" not in erreur
    assert r.stdout == b""


def test_saisons_meteorologiques() -> None:
    o = lignes(pamam("Hiver 2026", "--saisons", "meteorologiques").stdout)[0]
    assert (o["debut"], o["fin"]) == ("2025-12-01", "2026-02-28")
    assert pamam("Hiver 2026", "--saisons", "australes").returncode == 2


def test_score_partage(tmp_path: Path) -> None:
    """The shared scorer accepts what the command prints for the gold phrases."""
    if not SCORE.exists():
        pytest.skip("shared scorer not available")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    r = pamam(entree="".join(g["texte"] + "\n" for g in gold))
    assert r.returncode == 0, r.stderr
    assert len(lignes(r.stdout)) == len(gold)
    sortie = tmp_path / "echeances.jsonl"
    sortie.write_bytes(r.stdout)
    s = subprocess.run(
        [sys.executable, str(SCORE), "echeances", str(GOLD), str(sortie)], capture_output=True, text=True
    )
    assert s.returncode == 0, s.stdout
    assert f"{len(gold)}/{len(gold)} phrases right" in s.stdout


def test_imports_legers() -> None:
    """The command loads no PDF, table or language library (they cost seconds)."""
    code = (
        "import sys; from pamam.cli import main; main(['echeance', 'Hiver 2026']);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'dateparser', 'spacy', 'pdfplumber', 'pandas', 'camelot', 'numpy', 'rapidfuzz'}))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RACINE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_demarrage_rapide() -> None:
    """One phrase, whole process: well under half a second (measured ~0.1 s; generous bound for CI)."""
    pamam("Hiver 2026")  # warm the file cache
    debut = time.perf_counter()
    r = pamam("Hiver 2026")
    assert r.returncode == 0
    assert time.perf_counter() - debut < 1.5
