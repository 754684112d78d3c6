"""What can go wrong in the pipeline beyond reading one PDF, each a class of its own.

Reasons a PDF cannot be read are ``extraction.erreurs.ErreurDocument`` subclasses; this
module adds the pipeline's own: a ``plan.json`` that is not a plan, outputs that cannot be
written (a full disk said as such), two files of one edition, a missing optional library.
None of them knows an exit code or an option name: the command line (``pamam.cli``) maps
each class to its documented code and its advice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extraction.erreurs import ErreurDocument


class PlanInvalide(ErreurDocument):
    """A ``plan.json`` (or a transcription) that cannot be read as a plan: bad JSON, wrong shape."""


class EditionEnDouble(ErreurDocument):
    """Two files of one edition were given together: which one is used is said in ``raison``."""


class CorrectionInvalide(ErreurDocument):
    """A corrections file (``sources/corrections.toml``) that cannot be read, or one of its
    corrections whose cell does not exist in its edition; ``fichier`` is the corrections file
    and ``raison`` names the entry (« correction 3 : mesure 9.9 introuvable … »)."""


class EcritureImpossible(Exception):
    """An output could not be written; earlier outputs are left as they were."""

    def __init__(self, chemin: str | Path, raison: str, plein: bool = False) -> None:
        super().__init__(chemin, raison, plein)
        self.fichier = str(chemin)
        self.raison = raison
        self.plein = plein  # the disk (or quota) is full

    def __str__(self) -> str:
        return f"{self.fichier}: {self.raison}"

    @classmethod
    def depuis(cls, chemin: str | Path, e: OSError) -> EcritureImpossible:
        """The error for an ``OSError`` met while writing under ``chemin``.

        The line names ``chemin`` (the output the user asked for); the file that failed,
        under its final name (not its temporary one), is said in the reason. ENOSPC and
        EDQUOT are a full disk, said as such.
        """
        import errno

        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            raison, plein = "écriture impossible : espace disque insuffisant", True
        elif isinstance(e, NotADirectoryError) or e.errno == errno.ENOTDIR:
            raison, plein = "écriture impossible : n’est pas un dossier", False
        else:
            raison, plein = f"écriture impossible ({e.strerror or type(e).__name__})", False
        fichier = _nom_final(e.filename, Path(chemin)) if e.filename else None
        if fichier and fichier != str(chemin):
            raison += f" ({fichier})"
        return cls(chemin, raison, plein=plein)


def _nom_final(nom: Any, base: Path) -> str:
    """The output a temporary name stands for, relative to ``base`` when it lies under it."""
    from pamam.fichiers import PREFIXE_TEMPORAIRE

    parties = []
    for p in Path(str(nom)).parts:
        if p.startswith(PREFIXE_TEMPORAIRE):
            p = p[len(PREFIXE_TEMPORAIRE):].rsplit(".", 1)[0]
        parties.append(p)
    chemin = Path(*parties) if parties else Path(str(nom))
    try:
        return str(chemin.relative_to(base))
    except ValueError:
        return str(chemin)


class DependanceManquante(Exception):
    """An optional library an option needs is not installed (``raison`` says which extra)."""

    def __init__(self, raison: str) -> None:
        super().__init__(raison)
        self.raison = raison


class ErreurInterne(Exception):
    """A bug met while processing one file of a batch: kept as a message (tracebacks do not
    cross process boundaries), so that the other files still run and the line names this one."""

    def __init__(self, fichier: str | Path, message: str) -> None:
        super().__init__(fichier, message)
        self.fichier = str(fichier)
        self.raison = message

    def __str__(self) -> str:
        return f"{self.fichier}: {self.raison}"
