"""Finding and running the ``tesseract`` command: one place knows its options, languages and
timeouts, and what to tell the user when it is missing."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from extraction.erreurs import OcrImpossible

RESOLUTION = 300  # dpi: tesseract's models are trained on text of about this resolution
LANGUE = "fra"
DELAI_PAGE = 300  # seconds per page before tesseract is considered stuck
INSTALLATION = (
    "installez tesseract et ses données françaises (Debian/Ubuntu : apt install tesseract-ocr "
    "tesseract-ocr-fra ; Fedora : dnf install tesseract tesseract-langpack-fra ; "
    "macOS : brew install tesseract tesseract-lang)"
)


def verifier_tesseract(pdf: Path | None = None) -> str:
    """The tesseract executable, or ``OcrImpossible`` saying how to install what is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrImpossible(pdf, f"l’OCR demande tesseract, introuvable : {INSTALLATION}")
    try:
        r = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise OcrImpossible(pdf, f"tesseract ne démarre pas ({e}) : {INSTALLATION}") from None
    if LANGUE not in {ligne.strip() for ligne in (r.stdout + r.stderr).splitlines()}:
        raise OcrImpossible(pdf, f"données françaises de tesseract absentes (langue « {LANGUE} ») : {INSTALLATION}")
    return exe


def _png(image: Any) -> bytes:
    tampon = io.BytesIO()
    image.save(tampon, format="PNG")
    return tampon.getvalue()


def _tesseract(exe: str, image_png: bytes, bloc: bool = False, ligne: bool = False) -> str:
    """hOCR of one page image (or, with ``bloc``, of one block of text: a fill's negative;
    with ``ligne``, of one line), read from standard input; one thread per process since
    pages run in parallel."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    mode = ["--psm", "6"] if bloc else ["--psm", "7"] if ligne else []
    try:
        r = subprocess.run(
            [exe, "stdin", "stdout", "-l", LANGUE, "--dpi", str(RESOLUTION), *mode, "hocr"],
            input=image_png, capture_output=True, timeout=DELAI_PAGE, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"tesseract n’a pas fini une page en {DELAI_PAGE} s") from None
    except OSError as e:
        raise RuntimeError(f"tesseract ne démarre pas ({e})") from None
    if r.returncode != 0:
        derniere = (r.stderr.decode("utf-8", "replace").strip().splitlines() or [f"code {r.returncode}"])[-1]
        raise RuntimeError(f"tesseract a échoué ({derniere})")
    return r.stdout.decode("utf-8", "replace")
