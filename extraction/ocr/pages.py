"""From a PDF's scanned pages to page layouts: the OCR steps in order, pages in parallel."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from extraction.erreurs import OcrImpossible, PasUnPdf
from extraction.modele import Mot, PageMiseEnPage, Segment
from extraction.ocr.caracteres import apostrophe_du_document, corriger_mots, rendre_accents
from extraction.ocr.fonds import FondSombre, avec_fonds, fonds_sombres, negatif_du_fond, sans_encre, sans_fonds
from extraction.ocr.hocr import ASCENDANTE, DESCENDANTE, MotReconnu, lire_hocr
from extraction.ocr.nettoyage import a_relire, doutes_ocr, recoller_morceaux, relu, sans_bruit, sur_leur_ligne
from extraction.ocr.redressement import redresser
from extraction.ocr.reglures import Trait, bords_implicites, traits_des_fonds, traits_et_texte
from extraction.ocr.tesseract import RESOLUTION, _png, _tesseract, verifier_tesseract

# --- from recognised words to a page layout ------------------------------------------------------


def page_reconnue(numero: int, largeur: float, hauteur: float, mots: Sequence[MotReconnu],
                  lignes: Sequence[Trait]) -> PageMiseEnPage:
    """The page layout of a recognised page, in PDF points (pixels at ``RESOLUTION`` → 1/72 in)."""
    k = 72 / RESOLUTION
    sortie = []
    for m in mots:
        taille = m.taille * k
        base = m.base * k
        sortie.append(Mot(texte=m.texte, x0=m.x0 * k, x1=m.x1 * k, top=base - ASCENDANTE * taille,
                          bottom=base + DESCENDANTE * taille, taille=taille, police=""))
    segments = [Segment(min(x0, x1) * k, min(y0, y1) * k, max(x0, x1) * k, max(y0, y1) * k)
                for x0, y0, x1, y1 in lignes]
    return PageMiseEnPage(numero=numero, largeur=largeur * k, hauteur=hauteur * k, mots=sortie, segments=segments,
                          nb_caracteres=sum(len(m.texte) for m in mots), nb_images=1)


def _relire_les_douteux(exe: str, image: Any, mots: list[MotReconnu]) -> list[MotReconnu]:
    """The words with each doubtful group (``a_relire``) read again alone, as one line cut
    from the page image with a margin of a third of its size."""
    groupes = a_relire(mots)
    if not groupes:
        return mots
    lectures, origines = [], []
    for groupe, (x0, y0, x1, y1) in groupes:
        marge = 0.3 * max(m.taille for m in groupe)
        boite = (max(0, int(x0 - marge)), max(0, int(y0 - marge)), int(x1 + marge), int(y1 + marge))
        lectures.append(lire_hocr(_tesseract(exe, _png(image.crop(boite)), ligne=True)))
        origines.append((float(boite[0]), float(boite[1])))
    return relu(mots, [g for g, _b in groupes], lectures, origines)


def reconnaitre_pages(
    octets: bytes,
    numeros: Sequence[int],
    fichier: Path | None = None,
    mot_de_passe: str | None = None,
    signaler: Callable[[str], None] | None = None,
) -> list[PageMiseEnPage]:
    """Page layouts of the pages ``numeros`` (from 1) of the PDF ``octets``, read by OCR.

    ``signaler`` receives one line per page as it is recognised (OCR takes seconds a page).
    Raises ``OcrImpossible`` when tesseract is missing or fails on a page.
    """
    if not numeros:
        return []
    exe = verifier_tesseract(fichier)

    import pypdfium2 as pdfium

    try:
        source = pdfium.PdfDocument(octets, password=mot_de_passe)
    except Exception as e:  # noqa: BLE001 — pdfium refusing a file pdfminer accepted
        raise PasUnPdf(fichier, f"PDF illisible ou corrompu ({type(e).__name__})") from None
    try:
        images: dict[int, tuple[float, float]] = {}
        regles: dict[int, list[Trait]] = {}
        angles: dict[int, float] = {}
        fonds: dict[int, list[FondSombre]] = {}
        textes: dict[int, Any] = {}  # each page's image as tesseract read it, to read parts again
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            futurs: dict[int, Any] = {}
            futurs_fonds: dict[int, list[Any]] = {}
            for n in numeros:
                try:
                    image = source[n - 1].render(scale=RESOLUTION / 72, grayscale=True).to_pil().convert("L")
                except Exception as e:  # noqa: BLE001 — a page pdfium cannot draw
                    raise PasUnPdf(fichier, f"PDF illisible ou corrompu (page {n} : {type(e).__name__})") from None
                images[n] = (float(image.width), float(image.height))
                regles[n], angles[n], fonds[n] = [], 0.0, []
                if sans_encre(image):
                    continue
                image, angles[n] = redresser(image)
                regles[n], texte = traits_et_texte(image)
                regles[n] += traits_des_fonds(image)
                regles[n] += bords_implicites(regles[n])
                fonds[n] = fonds_sombres(texte)
                textes[n] = texte
                futurs[n] = pool.submit(_tesseract, exe, _png(sans_fonds(texte, fonds[n])))
                futurs_fonds[n] = [pool.submit(_tesseract, exe, _png(negatif_du_fond(texte, f)), True)
                                   for f in fonds[n]]
            hocr: dict[int, str] = {}
            hocr_fonds: dict[int, list[str]] = {}
            for n, f in futurs.items():
                try:
                    hocr[n] = f.result()
                    hocr_fonds[n] = [ff.result() for ff in futurs_fonds[n]]
                except RuntimeError as e:
                    raise OcrImpossible(fichier, f"OCR impossible (page {n}) : {e}") from None
                if signaler is not None:
                    signaler(f"page {n} reconnue par OCR ({len(hocr)}/{len(futurs)})")
    finally:
        source.close()
    mots: dict[int, list[MotReconnu]] = {}
    for n in numeros:
        if n not in hocr:
            mots[n] = []
            continue
        lus = avec_fonds(lire_hocr(hocr[n]), fonds[n], [lire_hocr(t) for t in hocr_fonds[n]])
        try:
            lus = _relire_les_douteux(exe, textes[n], lus)
        except RuntimeError as e:
            raise OcrImpossible(fichier, f"OCR impossible (page {n}) : {e}") from None
        mots[n] = sans_bruit(recoller_morceaux(lus, sur_leur_ligne(lus)), regles[n])
    apostrophe = apostrophe_du_document([m.texte for ms in mots.values() for m in ms])
    pages = []
    for n in numeros:
        corriger_mots(mots[n], apostrophe)
        rendre_accents(mots[n])
        largeur, hauteur = images[n]
        page = page_reconnue(n, largeur, hauteur, mots[n], regles[n])
        page.doutes = doutes_ocr(mots[n], angles[n])
        pages.append(page)
    return pages
