"""Atomic output: an edition's files appear all together or not at all.

Analysts keep earlier outputs open in Excel or read them from scripts; a failed run must
leave them byte-for-byte as they were. ``Lot`` collects every file of one edition in a
temporary folder beside the destination (same file system, so ``os.replace`` is atomic)
and moves them into place only when the whole edition succeeded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def ecrire_atomique(chemin: Path, contenu: str | bytes) -> None:
    """Write one file through a temporary sibling, then rename it into place."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    donnees = contenu.encode("utf-8") if isinstance(contenu, str) else contenu
    fd, tmp = tempfile.mkstemp(prefix=f".{chemin.name}.", suffix=".tmp", dir=chemin.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(donnees)
        os.replace(tmp, chemin)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Lot:
    """A set of files written together: stage them, then ``valider()`` moves them all.

    Use as a context manager; leaving the block with an exception discards the staged
    files and touches nothing in the destination folder.
    """

    def __init__(self, dossier: Path) -> None:
        self.dossier = Path(dossier)
        self._tmp: Path | None = None
        self._noms: list[str] = []

    def __enter__(self) -> Lot:
        self.dossier.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.dossier.name}.", dir=self.dossier.parent))
        return self

    def chemin(self, nom: str) -> Path:
        """Staging path of ``nom``: write there (e.g. with a library that wants a path)."""
        assert self._tmp is not None, "Lot used outside its with-block"
        if nom not in self._noms:
            self._noms.append(nom)
        return self._tmp / nom

    def ecrire(self, nom: str, contenu: str | bytes) -> None:
        """Stage ``nom`` with the given text (UTF-8) or bytes."""
        p = self.chemin(nom)
        p.write_bytes(contenu.encode("utf-8") if isinstance(contenu, str) else contenu)

    def ouvrir(self, nom: str, mode: str = "w", **kw: Any) -> IO[Any]:
        """Open the staging file of ``nom`` (text mode defaults to UTF-8)."""
        if "b" not in mode:
            kw.setdefault("encoding", "utf-8")
            kw.setdefault("newline", "")
        return open(self.chemin(nom), mode, **kw)  # noqa: SIM115 — caller closes

    def valider(self) -> None:
        """Move every staged file into the destination, one atomic rename each."""
        assert self._tmp is not None
        self.dossier.mkdir(parents=True, exist_ok=True)
        for nom in self._noms:
            src = self._tmp / nom
            if src.exists():
                os.replace(src, self.dossier / nom)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.valider()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def avec_lot(dossier: Path, fonction: Callable[[Lot], None]) -> None:
    """Run ``fonction`` on a fresh ``Lot`` for ``dossier`` and commit it if it returns."""
    with Lot(dossier) as lot:
        fonction(lot)
