"""The editions in ``sources/`` and their manifest.

``sources/manifeste.json`` lists each edition: its version, file, sha256 and where it
came from. Adding an edition is dropping its PDF in ``sources/``: the entry is generated
on the next ``make extract`` (version read from the cover, provenance marked as local),
and a changed file is noticed by its hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pamam.fichiers import ecrire_atomique

MANIFESTE = "manifeste.json"


@dataclass(slots=True)
class Source:
    fichier: Path
    sha256: str
    entree: dict[str, Any] | None  # the manifest entry, None for a new file


def sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def lire_manifeste(dossier: Path) -> list[dict[str, Any]]:
    chemin = Path(dossier) / MANIFESTE
    if not chemin.exists():
        return []
    donnees = json.loads(chemin.read_text(encoding="utf-8"))
    return list(donnees.get("editions", []))


def inventaire(dossier: Path) -> list[Source]:
    """Every PDF in the folder, with its manifest entry when the hash still matches."""
    entrees = {e["fichier"]: e for e in lire_manifeste(dossier)}
    sources = []
    for pdf in sorted(Path(dossier).glob("*.pdf")):
        h = sha256(pdf)
        e = entrees.get(pdf.name)
        sources.append(Source(pdf, h, e if e and e.get("sha256") == h else None))
    return sources


def mettre_a_jour(dossier: Path, editions: dict[str, str]) -> list[dict[str, Any]]:
    """Rewrite the manifest: keep known entries, add {file name: version} for new files."""
    anciennes = {e["fichier"]: e for e in lire_manifeste(dossier)}
    entrees = []
    for src in inventaire(dossier):
        if src.fichier.name not in editions and src.entree is None:
            continue  # failed to extract: not an edition we can list
        e = dict(anciennes.get(src.fichier.name) or {})
        if src.entree is None:
            e.setdefault("provenance", "ajouté localement dans sources/")
        e["fichier"] = src.fichier.name
        e["sha256"] = src.sha256
        e["edition"] = editions.get(src.fichier.name, e.get("edition"))
        entrees.append(e)
    entrees.sort(key=lambda e: (e.get("edition") or "", e["fichier"]))
    contenu = {
        "description": "Éditions du PAMAM traitées par « make extract », de la plus ancienne à la plus récente.",
        "editions": entrees,
    }
    ecrire_atomique(Path(dossier) / MANIFESTE, json.dumps(contenu, ensure_ascii=False, indent=1) + "\n")
    return entrees
