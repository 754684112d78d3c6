"""The committed ``sorties/`` is what the code makes of the committed ``sources/``.

Readers browse ``sorties/`` on the forge without running anything, so a change to the
extraction, the normaliser or the writers must come with the regenerated outputs. This
regenerates everything (``python -m pamam.lot`` on a copy of ``sources/``, in a temp dir)
and compares file by file. Every output is deterministic, so all are compared: text files
byte for byte (with a readable diff), workbooks member by member of their zip (the XML
inside, independent of the zlib that compressed it), the SQLite database by its content
(schema and rows, as ``iterdump`` writes them: its header records the SQLite library's
version, which differs between machines).

When it fails: ``make extract`` and commit ``sorties/``.
"""

from __future__ import annotations

import difflib
import shutil
import sqlite3
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
ENGAGEES = RACINE / "sorties"

#: Outputs of ``make extract`` relative to the output folder (globs), all compared.
MOTIFS: tuple[str, ...] = (
    "*/plan.json",
    "*/livrables.csv",
    "*/livrables.xlsx",
    "historique.csv",
    "suivi.csv",
    "index.html",
    "pamam.sqlite",
    "changements/*/changements.json",
    "changements/*/changements.csv",
    "changements/*/changements.md",
    "changements/*/changements.html",
    "datapackage.json",
    "schemas/*.json",
    "pamam.xlsx",
)


def fichiers(dossier: Path) -> set[str]:
    """The outputs present in ``dossier``, as POSIX paths relative to it."""
    return {p.relative_to(dossier).as_posix() for m in MOTIFS for p in dossier.glob(m) if p.is_file()}


def _ecart_texte(nom: str, attendu: bytes, obtenu: bytes) -> str:
    diff = difflib.unified_diff(
        obtenu.decode("utf-8", "replace").splitlines(),
        attendu.decode("utf-8", "replace").splitlines(),
        f"sorties/{nom} (engagé)",
        f"{nom} (régénéré)",
        lineterm="",
        n=1,
    )
    return "\n".join(list(diff)[:40])


def _ecart_classeur(nom: str, attendu: Path, obtenu: Path) -> str | None:
    with zipfile.ZipFile(attendu) as za, zipfile.ZipFile(obtenu) as zo:
        noms_a, noms_o = sorted(za.namelist()), sorted(zo.namelist())
        if noms_a != noms_o:
            return f"{nom}: parties du classeur différentes ({sorted(set(noms_a) ^ set(noms_o))})"
        for partie in noms_a:
            if za.read(partie) != zo.read(partie):
                return f"{nom}: {partie} diffère\n" + _ecart_texte(f"{nom}!{partie}", za.read(partie), zo.read(partie))
    return None


def contenu_base(chemin: Path) -> list[str]:
    """A SQLite database as SQL text (schema and rows), ``[]`` when it cannot be read as one."""
    con = sqlite3.connect(f"file:{chemin}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    except sqlite3.DatabaseError:
        return []
    finally:
        con.close()


def _ecart_base(nom: str, attendu: Path, obtenu: Path) -> str | None:
    a, o = contenu_base(attendu), contenu_base(obtenu)
    if a and a == o:
        return None
    diff = difflib.unified_diff(o, a, f"sorties/{nom} (engagé)", f"{nom} (régénéré)", lineterm="", n=0)
    return f"{nom} diffère\n" + "\n".join(list(diff)[:40])


def ecarts(engagees: Path, regenerees: Path) -> list[str]:
    """Every difference between two output folders: missing, stale or differing files."""
    attendus, presents = fichiers(regenerees), fichiers(engagees)
    messages = [f"{n}: absent de sorties/" for n in sorted(attendus - presents)]
    messages += [f"{n}: dans sorties/ mais plus produit (périmé)" for n in sorted(presents - attendus)]
    for nom in sorted(attendus & presents):
        a, o = regenerees / nom, engagees / nom
        if nom.endswith(".xlsx"):
            message = _ecart_classeur(nom, a, o)
            if message:
                messages.append(message)
        elif nom.endswith(".sqlite"):
            message = _ecart_base(nom, a, o)
            if message:
                messages.append(message)
        elif a.read_bytes() != o.read_bytes():
            messages.append(f"{nom} diffère\n" + _ecart_texte(nom, a.read_bytes(), o.read_bytes()))
    return messages


def test_la_comparaison_voit_les_ecarts(sorties_generees: Path, tmp_path: Path) -> None:
    """The check itself: a copy of a fresh generation is up to date; edits and stale files are caught."""
    regenerees = sorties_generees
    copie = tmp_path / "sorties"
    shutil.copytree(regenerees, copie)
    assert ecarts(copie, regenerees) == []
    assert {"historique.csv", "suivi.csv", "datapackage.json", "pamam.xlsx", "pamam.sqlite",
            "index.html"} <= fichiers(copie)
    assert any(n.endswith("changements.html") for n in fichiers(copie))

    csv = next(iter(sorted(copie.glob("*/livrables.csv"))))
    csv.write_bytes(csv.read_bytes().replace(b"planifie", b"realise", 1))
    (copie / "2000-01").mkdir()
    (copie / "2000-01" / "plan.json").write_text("{}", encoding="utf-8")
    (copie / "historique.csv").unlink()
    classeur = copie / "pamam.xlsx"
    with zipfile.ZipFile(regenerees / "pamam.xlsx") as z, zipfile.ZipFile(classeur, "w") as sortie:
        for partie in z.namelist():
            donnees = z.read(partie)
            if partie == "xl/sharedStrings.xml":
                donnees = donnees.replace(b"planifie", b"realise", 1)
            sortie.writestr(partie, donnees)
    base = copie / "pamam.sqlite"
    con = sqlite3.connect(base)
    with con:
        con.execute("UPDATE suivi SET reports = reports + 1 WHERE identifiant = 'L0001'")
    con.close()
    (copie / "index.html").write_bytes((regenerees / "index.html").read_bytes().replace(b"Suivi", b"Suivy", 1))
    trouves = ecarts(copie, regenerees)
    assert any(m.startswith("pamam.sqlite diffère") and "L0001" in m for m in trouves), trouves
    assert any(m.startswith("index.html diffère") for m in trouves), trouves
    assert any(m.startswith(f"{csv.relative_to(copie).as_posix()} diffère") and "+" in m for m in trouves), trouves
    assert "2000-01/plan.json: dans sorties/ mais plus produit (périmé)" in trouves
    assert "historique.csv: absent de sorties/" in trouves
    assert any(m.startswith("pamam.xlsx: xl/sharedStrings.xml diffère") for m in trouves), trouves


def test_sorties_engagees_a_jour(sorties_generees: Path) -> None:
    regenerees = sorties_generees
    messages = ecarts(ENGAGEES, regenerees)
    assert not messages, "sorties/ n’est pas à jour : lancez « make extract » et engagez sorties/.\n\n" + "\n\n".join(
        messages
    )
