"""The editions in ``sources/`` and their manifest.

``sources/manifeste.json`` lists each edition: its version, file, sha256 and where it
came from. Adding an edition is dropping its PDF in ``sources/``: the entry is generated
on the next ``make extract`` (version read from the cover, provenance marked as local),
and a changed file is noticed by its hash.

Whatever else the folder holds is said, never silently passed over: a file whose name
does not end in ``.pdf`` (in any case: ``.PDF``, ``.Pdf`` are PDFs too) is *ignored* (a
README, a ``.docx``); an entry named like a PDF that cannot be read (a broken symbolic
link, a loop of links, a folder, a file without read permission) is *unreadable*, an
error of its own that does not stop the other editions. Only the manifest itself, the
lock and pamam's own temporary files are passed over without a word.

When two files hold the same edition, one is used and the other reported
(``choisir``): the one the manifest already lists for that edition, else the first by
name. The rule is the README's (« Ajouter une édition »).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pamam.fichiers import PREFIXE_TEMPORAIRE, VERROU, ecrire_atomique

MANIFESTE = "manifeste.json"

#: What the operating system says, in the user's language (``strerror`` is English).
_RAISONS_OS = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EIO: "erreur d’entrée-sortie",
    errno.ENAMETOOLONG: "nom trop long",
}


@dataclass(slots=True)
class Source:
    """A readable PDF of the folder."""

    fichier: Path
    sha256: str
    entree: dict[str, Any] | None  # the manifest entry, None for a new (or changed) file
    edition_manifeste: str | None = None  # the edition the manifest gives this file name, even if changed since


@dataclass(slots=True)
class Ecart:
    """An entry of the folder that is not an edition to read, and why (one line for the user)."""

    fichier: Path
    raison: str


@dataclass
class Inventaire:
    """Everything in the folder: the PDFs to read, what is ignored, what cannot be read."""

    sources: list[Source] = field(default_factory=list)
    ignores: list[Ecart] = field(default_factory=list)  # not PDFs: said, not an error
    illisibles: list[Ecart] = field(default_factory=list)  # named like PDFs but unreadable: an error
    manifeste: list[dict[str, Any]] = field(default_factory=list)
    manifeste_lisible: bool = True  # False: left as it is for the user to fix (it holds provenance texts)


class ManifesteIllisible(Exception):
    """``manifeste.json`` exists but is not the manifest (bad JSON, wrong shape)."""


def sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def raison_os(e: OSError) -> str:
    """An ``OSError`` in a few French words."""
    return _RAISONS_OS.get(e.errno or 0) or (e.strerror or type(e).__name__)


def lire_manifeste(dossier: Path) -> list[dict[str, Any]]:
    """The manifest's entries (each with at least ``fichier``); [] when there is none."""
    chemin = Path(dossier) / MANIFESTE
    try:
        texte = chemin.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        pourquoi = raison_os(e) if isinstance(e, OSError) else "pas UTF-8"
        raise ManifesteIllisible(f"lecture impossible ({pourquoi})") from None
    try:
        donnees = json.loads(texte)
    except (json.JSONDecodeError, RecursionError):
        raise ManifesteIllisible("JSON illisible") from None
    editions = donnees.get("editions", []) if isinstance(donnees, dict) else None
    if not isinstance(editions, list):
        raise ManifesteIllisible("objet avec une liste « editions » attendu")
    return [e for e in editions if isinstance(e, dict) and isinstance(e.get("fichier"), str)]


def est_nom_de_pdf(nom: str) -> bool:
    """``x.pdf``, ``x.PDF``, ``x.Pdf``…: the suffix, whatever its case."""
    return len(nom) > 4 and nom[-4:].lower() == ".pdf"


def _passe_sous_silence(nom: str) -> bool:
    return nom == MANIFESTE or nom == VERROU or nom.startswith(PREFIXE_TEMPORAIRE)


def _examiner(chemin: Path) -> tuple[str | None, str | None]:
    """(sha256, None) for a readable PDF, else (None, why it cannot be read)."""
    try:
        st = os.stat(chemin)  # follows symbolic links
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, "boucle de liens symboliques"
        if e.errno == errno.ENOENT and chemin.is_symlink():
            return None, f"lien symbolique cassé (cible introuvable : {os.readlink(chemin)})"
        return None, f"lecture impossible ({raison_os(e)})"
    if stat.S_ISDIR(st.st_mode):
        return None, "est un dossier, pas un fichier PDF"
    if not stat.S_ISREG(st.st_mode):
        return None, "n’est pas un fichier ordinaire"
    try:
        return sha256(chemin), None
    except OSError as e:
        return None, f"lecture impossible ({raison_os(e)})"


def inventorier(dossier: Path) -> Inventaire:
    """Every entry of ``dossier``, sorted by name: PDFs (with their manifest entry when the
    hash still matches), ignored entries, unreadable ones. A manifest that cannot be read
    is reported among the unreadable entries, and the PDFs are read without it."""
    dossier = Path(dossier)
    inv = Inventaire()
    try:
        inv.manifeste = lire_manifeste(dossier)
    except ManifesteIllisible as e:
        inv.manifeste_lisible = False
        inv.illisibles.append(Ecart(dossier / MANIFESTE, f"manifeste illisible : {e} (corrigez-le ou retirez-le)"))
    par_nom = {e["fichier"]: e for e in inv.manifeste}
    with os.scandir(dossier) as entrees:
        noms = sorted(e.name for e in entrees)
    for nom in noms:
        if _passe_sous_silence(nom):
            continue
        chemin = dossier / nom
        if not est_nom_de_pdf(nom):
            try:
                dossier_ = chemin.is_dir()
            except OSError:
                dossier_ = False
            inv.ignores.append(Ecart(chemin, "ignoré : dossier, pas un PDF" if dossier_ else "ignoré : pas un PDF"))
            continue
        h, raison = _examiner(chemin)
        if h is None:
            inv.illisibles.append(Ecart(chemin, f"illisible : {raison}"))
            continue
        e = par_nom.get(nom)
        inv.sources.append(Source(chemin, h, e if e and e.get("sha256") == h else None,
                                  e.get("edition") if e else None))
    return inv


def inventaire(dossier: Path) -> list[Source]:
    """The readable PDFs of the folder (see ``inventorier`` for the rest)."""
    return inventorier(dossier).sources


def choisir(editions: dict[str, list[Path]], manifeste: Sequence[dict[str, Any]]) -> dict[str, tuple[Path, str]]:
    """For each edition read from several files, the file used and the rule that chose it.

    ``editions`` maps a version to the files it was read from. The file the manifest
    already lists for that version wins (the edition the analysts have been working with);
    among several such files, or when the manifest lists none, the first by name. Only
    versions read from more than one file are returned.
    """
    connus = {(e.get("edition"), e["fichier"]) for e in manifeste}
    choix: dict[str, tuple[Path, str]] = {}
    for version, fichiers in editions.items():
        if len(fichiers) < 2:
            continue
        ordonnes = sorted(fichiers, key=lambda p: p.name)
        dans_manifeste = [p for p in ordonnes if (version, p.name) in connus]
        if dans_manifeste:
            choix[version] = (dans_manifeste[0], "celui du manifeste")
        else:
            choix[version] = (ordonnes[0], "le premier par ordre des noms")
    return choix


def mettre_a_jour(dossier: Path, sources: Iterable[Source], editions: dict[str, str],
                  conservees: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Rewrite the manifest: one entry per file used (``editions``: {file name: version}),
    known entries kept with their provenance, new files marked as added locally; a file
    that failed this time (``conservees``: file names) keeps its entry as it was, if it had
    one — a damaged download must not erase the provenance written for it. Every other entry
    goes (a file removed from the folder, a duplicate not used). Raises ``OSError`` when it
    cannot be written."""
    anciennes = {e["fichier"]: e for e in lire_manifeste(dossier)}
    garder = set(conservees)
    entrees = []
    for src in sources:
        nom = src.fichier.name
        if nom in garder and nom in anciennes:
            entrees.append(dict(anciennes[nom]))
            continue
        if nom not in editions:
            continue
        e = dict(anciennes.get(nom) or {})
        if src.entree is None and not e:
            e["provenance"] = "ajouté localement dans sources/"
        e["fichier"] = nom
        e["sha256"] = src.sha256
        e["edition"] = editions[nom]
        entrees.append(e)
    entrees.sort(key=lambda e: (e.get("edition") or "", e["fichier"]))
    contenu = {
        "description": "Éditions du PAMAM traitées par « make extract », de la plus ancienne à la plus récente.",
        "editions": entrees,
    }
    ecrire_atomique(Path(dossier) / MANIFESTE, json.dumps(contenu, ensure_ascii=False, indent=1) + "\n")
    return entrees
