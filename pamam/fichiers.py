"""Atomic output: files appear whole, and an edition's files all together or not at all.

Analysts keep earlier outputs open in Excel or read them from scripts; a failed run must
leave them byte-for-byte as they were. ``ecrire_atomique`` writes one file through a
temporary sibling renamed into place; ``Transaction`` stages several files in a temporary
folder beside the destination (same file system, so ``os.replace`` is atomic) and moves
them into place only when the whole set succeeded.

Every temporary name starts with ``PREFIXE_TEMPORAIRE`` and is unique, so two runs never
share one, and a run killed before it could clean up leaves names the next run recognises
(``nettoyer_temporaires``). Files get the permissions the user's umask gives (not the 0600
of ``mkstemp``), so outputs on a shared drive stay readable by colleagues.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

PREFIXE_TEMPORAIRE = ".pamam-tmp-"


def _umask() -> int:
    masque = os.umask(0)
    os.umask(masque)
    return masque


def permissions_ordinaires(chemin: Path, dossier: bool = False) -> None:
    """Give ``chemin`` the mode a plain ``open``/``mkdir`` would have (0666/0777 minus umask)."""
    os.chmod(chemin, (0o777 if dossier else 0o666) & ~_umask())


def ecrire_atomique(chemin: Path, contenu: str | bytes) -> None:
    """Write one file through a temporary sibling, then rename it into place."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    donnees = contenu.encode("utf-8") if isinstance(contenu, str) else contenu
    fd, tmp = tempfile.mkstemp(prefix=f"{PREFIXE_TEMPORAIRE}{chemin.name}.", dir=chemin.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(donnees)
            f.flush()
            os.fsync(f.fileno())
        permissions_ordinaires(Path(tmp))
        os.replace(tmp, chemin)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Transaction:
    """A set of files written together: stage them, and leaving the block moves them all.

    Use as a context manager; leaving the block with an exception discards the staged
    files and touches nothing in the destination folder.
    """

    def __init__(self, dossier: Path) -> None:
        self.dossier = Path(dossier)
        self._tmp: Path | None = None
        self._noms: list[str] = []

    def __enter__(self) -> Transaction:
        self.dossier.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f"{PREFIXE_TEMPORAIRE}{self.dossier.name}.", dir=self.dossier.parent))
        return self

    def chemin(self, nom: str) -> Path:
        """Staging path of ``nom``: write there (e.g. with a library that wants a path)."""
        assert self._tmp is not None, "Transaction used outside its with-block"
        if nom not in self._noms:
            self._noms.append(nom)
        return self._tmp / nom

    def ecrire(self, nom: str, contenu: str | bytes) -> None:
        """Stage ``nom`` with the given text (UTF-8) or bytes."""
        p = self.chemin(nom)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(contenu.encode("utf-8") if isinstance(contenu, str) else contenu)

    def valider(self) -> None:
        """Move every staged file into the destination, one atomic rename each."""
        assert self._tmp is not None
        self.dossier.mkdir(parents=True, exist_ok=True)
        for nom in self._noms:
            src = self._tmp / nom
            if src.exists():
                permissions_ordinaires(src)
                (self.dossier / nom).parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, self.dossier / nom)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                self.valider()
        finally:
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None


def nettoyer_temporaires(dossier: Path) -> list[Path]:
    """Remove what a killed run left under ``dossier`` (names starting with ``PREFIXE_TEMPORAIRE``).

    Only safe while no other run writes there: call it holding the folder's lock.
    """
    retires = []
    dossier = Path(dossier)
    if not dossier.is_dir():
        return retires
    for chemin in sorted(dossier.rglob(f"{PREFIXE_TEMPORAIRE}*")):
        try:
            if chemin.is_dir() and not chemin.is_symlink():
                shutil.rmtree(chemin, ignore_errors=True)
            else:
                chemin.unlink(missing_ok=True)
            retires.append(chemin)
        except OSError:
            continue
    return retires
