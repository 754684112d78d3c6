"""Opening an edition: every way a file can be unusable becomes one clear ``ErreurPamam``.

Users point the tool at whatever they have; checking the cheap things first (path, PDF
signature, encryption, page count) gives a precise reason instead of a parser traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pamam.erreurs import (
    SORTIE_CHIFFRE,
    SORTIE_FICHIER,
    SORTIE_PAS_PDF,
    SORTIE_TROP_GRAND,
    ErreurPamam,
)

PAGES_MAX_DEFAUT = 200  # a plan has a handful of pages; this is far beyond any edition


@dataclass(slots=True)
class DocumentOuvert:
    """An opened PDF with what the metadata stage needs about the file itself."""

    chemin: Path
    pdf: Any  # pdfplumber.PDF
    sha256: str
    nb_pages: int

    def fermer(self) -> None:
        try:
            self.pdf.close()
        except Exception:  # noqa: BLE001 — closing must never mask the real outcome
            pass


def _lire_octets(chemin: Path) -> bytes:
    if not chemin.exists():
        raise ErreurPamam(chemin, "fichier introuvable", SORTIE_FICHIER)
    if chemin.is_dir():
        raise ErreurPamam(chemin, "est un dossier, pas un fichier PDF", SORTIE_FICHIER)
    try:
        return chemin.read_bytes()
    except OSError as e:
        raise ErreurPamam(chemin, f"lecture impossible ({e.strerror or e})", SORTIE_FICHIER) from None


def ouvrir(chemin: Path, mot_de_passe: str | None = None, pages_max: int = PAGES_MAX_DEFAUT) -> DocumentOuvert:
    """Open ``chemin`` as a PDF or raise ``ErreurPamam`` naming the reason."""
    chemin = Path(chemin)
    octets = _lire_octets(chemin)
    if not octets:
        raise ErreurPamam(chemin, "fichier vide", SORTIE_PAS_PDF)
    if b"%PDF-" not in octets[:1024]:
        raise ErreurPamam(chemin, "n’est pas un PDF (signature %PDF- absente)", SORTIE_PAS_PDF)
    if b"%%EOF" not in octets[-2048:] and b"%%EOF" not in octets:
        raise ErreurPamam(chemin, "PDF tronqué (marque de fin %%EOF absente)", SORTIE_PAS_PDF)

    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(octets), password=mot_de_passe or "")
        nb_pages = len(pdf.pages)
    except PDFPasswordIncorrect:
        raison = "PDF chiffré : mot de passe incorrect" if mot_de_passe else (
            "PDF chiffré : donnez son mot de passe avec --mot-de-passe")
        raise ErreurPamam(chemin, raison, SORTIE_CHIFFRE) from None
    except PDFEncryptionError as e:
        raise ErreurPamam(chemin, f"PDF chiffré d’une manière non prise en charge ({e})", SORTIE_CHIFFRE) from None
    except Exception as e:  # noqa: BLE001 — pdfminer raises many unrelated types on bad files
        raise ErreurPamam(chemin, f"PDF illisible ou corrompu ({type(e).__name__})", SORTIE_PAS_PDF) from None
    if nb_pages == 0:
        raise ErreurPamam(chemin, "PDF sans aucune page", SORTIE_PAS_PDF)
    if nb_pages > pages_max:
        raise ErreurPamam(
            chemin,
            f"{nb_pages} pages, bien plus qu’un plan (limite {pages_max}, modifiable avec --pages-max)",
            SORTIE_TROP_GRAND,
        )
    return DocumentOuvert(chemin=chemin, pdf=pdf, sha256=hashlib.sha256(octets).hexdigest(), nb_pages=nb_pages)
