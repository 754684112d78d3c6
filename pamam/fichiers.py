"""Atomic output: files appear whole, and an edition's files all together or not at all.

Analysts keep earlier outputs open in Excel or read them from scripts; a failed run must
leave them byte-for-byte as they were. ``ecrire_atomique`` writes one file through a
temporary sibling renamed into place; ``Transaction`` stages several files in a temporary
folder beside the destination (same file system, so ``os.replace`` is atomic) and moves
them into place only when the whole set succeeded. Every file is flushed to the disk
(``fsync``) before its rename, so a crash or a full disk never leaves a renamed but
half-written file behind.

Every temporary name starts with ``PREFIXE_TEMPORAIRE`` and is unique, so two runs never
share one, and a run killed before it could clean up leaves names the next run recognises
(``nettoyer_temporaires``, called under the folder's lock). Files and folders get the
permissions the user's umask gives (not the 0600/0700 of ``mkstemp``/``mkdtemp``), so
outputs on a shared drive stay readable by colleagues.

``Verrou`` is the lock on an output folder: the batch holds it exclusively while it writes
(two ``make extract`` at once would otherwise interleave their shared outputs, and one
could clean the other's temporaries), single-edition writes hold it shared.

Text is encoded in UTF-8; a file name that is not valid UTF-8 (Python keeps its bytes as
lone surrogates) is written as the escape ``\\udcXX`` — valid JSON, readable in a CSV —
rather than failing the whole write.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PREFIXE_TEMPORAIRE = ".pamam-tmp-"
VERROU = ".pamam.verrou"  # the lock file, inside the output folder (hidden, empty, never removed)


def _umask() -> int:
    masque = os.umask(0)
    os.umask(masque)
    return masque


def permissions_ordinaires(chemin: Path, dossier: bool = False) -> None:
    """Give ``chemin`` the mode a plain ``open``/``mkdir`` would have (0666/0777 minus umask)."""
    os.chmod(chemin, (0o777 if dossier else 0o666) & ~_umask())


def en_octets(contenu: str | bytes) -> bytes:
    """Text as UTF-8; lone surrogates (bytes of a non-UTF-8 file name) as ``\\udcXX`` escapes."""
    if isinstance(contenu, bytes):
        return contenu
    return contenu.encode("utf-8", "backslashreplace")


def _ecrire_fichier(chemin: Path, donnees: bytes) -> None:
    """Write and flush ``donnees`` to ``chemin`` (a new temporary name): the one place bytes
    reach the disk, so a full disk surfaces here as ``OSError(ENOSPC)``."""
    with open(chemin, "wb") as f:
        f.write(donnees)
        f.flush()
        os.fsync(f.fileno())


def _synchroniser(chemin: Path) -> None:
    """Flush a file a library wrote by path (the workbook) before it is renamed into place."""
    fd = os.open(chemin, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verifier_dossier(dossier: Path) -> None:
    """Raise ``NotADirectoryError`` when ``dossier`` is a file or lies under one.

    Checked before any work: nothing could be written there, and finding out after
    minutes of extraction, or after leaving a lock file behind, helps nobody.
    """
    import errno

    p = Path(dossier)
    while True:
        if p.exists() or p.is_symlink():
            if not p.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(p))
            return
        if p.parent == p:
            return
        p = p.parent


def ecrire_atomique(chemin: Path, contenu: str | bytes) -> None:
    """Write one file through a temporary sibling, then rename it into place."""
    chemin = Path(chemin)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    donnees = en_octets(contenu)
    fd, tmp = tempfile.mkstemp(prefix=f"{PREFIXE_TEMPORAIRE}{chemin.name}.", dir=chemin.parent)
    os.close(fd)
    try:
        _ecrire_fichier(Path(tmp), donnees)
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
        _ecrire_fichier(p, en_octets(contenu))

    def valider(self) -> None:
        """Move every staged file into the destination, one atomic rename each."""
        assert self._tmp is not None
        presents = [nom for nom in self._noms if (self._tmp / nom).exists()]
        for nom in presents:  # all on disk before the first one replaces an old file
            _synchroniser(self._tmp / nom)
        neuf = not self.dossier.exists()
        self.dossier.mkdir(parents=True, exist_ok=True)
        if neuf:
            permissions_ordinaires(self.dossier, dossier=True)
        for nom in presents:
            src = self._tmp / nom
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


def nettoyer_temporaires(dossier: Path, recursif: bool = True, age_min: float = 0.0) -> list[Path]:
    """Remove what a killed run left under ``dossier`` (names starting with ``PREFIXE_TEMPORAIRE``).

    Only safe while no other run writes there: call it holding the folder's lock. Where no
    lock covers the folder (``sources/``, whose manifest is rewritten atomically), pass
    ``age_min``: only temporaries older than that many seconds go, which no live run holds
    (writing a manifest takes milliseconds).
    """
    retires: list[Path] = []
    dossier = Path(dossier)
    if not dossier.is_dir():
        return retires
    candidats = dossier.rglob(f"{PREFIXE_TEMPORAIRE}*") if recursif else dossier.glob(f"{PREFIXE_TEMPORAIRE}*")
    maintenant = time.time()
    for chemin in sorted(candidats):
        if any(r in chemin.parents for r in retires):
            continue  # inside a staging folder already removed
        try:
            if age_min and maintenant - chemin.lstat().st_mtime < age_min:
                continue
            if chemin.is_dir() and not chemin.is_symlink():
                shutil.rmtree(chemin)
            else:
                chemin.unlink()
            retires.append(chemin)
        except OSError:  # gone already, or not ours to remove: cleaning is best effort
            continue
    return retires


class Verrou:
    """The lock on an output folder, held for the time of a ``with`` block.

    Exclusive (the batch) or shared (``partage=True``: single-edition writes, which stage
    and rename atomically and only need to keep the batch's cleaning away). When another
    run holds it, ``attente`` is called once, then the lock is waited for: the second run
    finishes after the first, on up-to-date outputs, instead of interleaving with it.
    Ctrl-C interrupts the wait. The lock is the operating system's (``flock``; on Windows
    ``msvcrt.locking``), so it dies with its process, even on ``kill -9``: no stale lock
    file ever needs removing.
    """

    def __init__(self, dossier: Path, partage: bool = False, attente: Callable[[], None] | None = None) -> None:
        self.dossier = Path(dossier)
        self.partage = partage
        self.attente = attente
        self._fd: int | None = None

    @property
    def fichier(self) -> Path:
        return self.dossier / VERROU

    def __enter__(self) -> Verrou:
        neuf = not self.dossier.exists()
        self.dossier.mkdir(parents=True, exist_ok=True)
        if neuf:
            permissions_ordinaires(self.dossier, dossier=True)
        fd = os.open(self.fichier, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            if not _verrouiller(fd, self.partage, attendre=False):
                if self.attente is not None:
                    self.attente()
                _verrouiller(fd, self.partage, attendre=True)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._fd is not None:
            try:
                _deverrouiller(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


def _verrouiller(fd: int, partage: bool, attendre: bool) -> bool:
    """Take the lock on ``fd``; False when ``attendre`` is off and another process holds it."""
    if sys.platform == "win32":  # pragma: no cover — no shared mode there: exclusive
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not attendre:
                    return False
                time.sleep(0.2)
    import fcntl

    mode = fcntl.LOCK_SH if partage else fcntl.LOCK_EX
    try:
        fcntl.flock(fd, mode if attendre else mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _deverrouiller(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)
