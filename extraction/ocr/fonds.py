"""Pages with no ink and text on dark fills: what tesseract must not be given (a blank sheet's
grain) or must be given apart (white text on a badge, read in negative)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extraction.ocr.hocr import MotReconnu
from extraction.ocr.morphologie import _dilater, _eroder
from extraction.ocr.nettoyage import DOUTEUX, _boite_y
from extraction.ocr.tesseract import RESOLUTION

# --- pages with no ink, text on dark fills --------------------------------------------------------

ENCRE = 128  # grey level under which a pixel is ink
ENCRE_MIN = 1e-5  # share of ink pixels under which a page holds nothing to read (a blank sheet's grain)
BLOC_FONDS = 6  # pixels: side of the blocks dark fills are looked for in
FOND_SOMBRE = 110  # mean grey under which a block is a dark fill (white text on it leaves it dark)
DENSITE_FENETRE = 5  # blocks: side of the window a fill's core is judged on
FOND_LARGEUR, FOND_HAUTEUR = 0.25, 0.1  # inches: the smallest fill (a short badge)
FOND_PLEIN = 0.7  # share of its box a fill covers (a rounded badge, a band)
DENSITE_FOND = 0.6  # share of dark blocks in such a window that makes it a fill's core


def sans_encre(image: Any) -> bool:
    """A page with (almost) no ink: a blank sheet. Tesseract binarises what it is given
    relative to the page itself, so the paper's grain of an empty scanned page comes out as
    lines of invented words; such a page is not sent to it at all."""
    import numpy as np

    gris = np.asarray(image.convert("L"))
    return float((gris < ENCRE).mean()) <= ENCRE_MIN


@dataclass(frozen=True)
class FondSombre:
    """A dark fill of a page image (a shaded band, a badge), in pixels: its box, and which
    pixels of the box are the fill (a band and a badge touching make one fill, not a box)."""

    x0: int
    y0: int
    masque: Any  # boolean array of the box's shape

    def contient(self, x: float, y: float) -> bool:
        i, j = int(y) - self.y0, int(x) - self.x0
        return 0 <= i < self.masque.shape[0] and 0 <= j < self.masque.shape[1] and bool(self.masque[i, j])


def fonds_sombres(image: Any) -> list[FondSombre]:
    """The dark fills of a page image narrower than a band (échéancier "badges", a dark
    cell), whose white text tesseract reads poorly or not at all on the whole page. Fills
    are found on blocks of ``BLOC_FONDS`` pixels whose mean is dark, where most blocks
    around are dark too (bold type and rules leave only scattered whole blocks dark), closed
    along the rows over the letters' white strokes, big and full enough
    (``_grands_fonds``), with ground all round and little text (``_fond_continu``). A band
    across the table (a shaded header) is left to the whole-page pass, which reads its
    labels well."""
    import numpy as np

    gris = np.asarray(image.convert("L"))
    b = BLOC_FONDS
    h, w = gris.shape[0] // b, gris.shape[1] // b
    if not h or not w:
        return []
    moyennes = gris[:h * b, :w * b].reshape(h, b, w, b).mean(axis=(1, 3))
    sombre = moyennes < FOND_SOMBRE
    if not sombre.any():
        return []
    k = DENSITE_FENETRE
    cumul = np.pad(sombre.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    somme = cumul[k:, k:] - cumul[:-k, k:] - cumul[k:, :-k] + cumul[:-k, :-k]
    coeur = np.zeros_like(sombre)
    coeur[k // 2:k // 2 + somme.shape[0], k // 2:k // 2 + somme.shape[1]] = somme >= DENSITE_FOND * k * k
    sortie = []
    # the dark blocks near a core, closed along the rows only (a light word leaves a gap
    # across a badge's dark blocks; closing across rows would join a badge to a band just
    # above it)
    candidats = _dilater(coeur, k // 2) & sombre
    candidats = _le_long_des_lignes(candidats, FERMETURE_LIGNE, True) & _le_long_des_lignes(candidats,
                                                                                         FERMETURE_LIGNE, False)
    for y0, x0, zone in _grands_fonds(candidats, b):
        # judged a block in from the fill's edge (its anti-aliased rim and rounded corners out)
        dedans = _eroder(np.pad(zone, 1), 1)[1:-1, 1:-1]
        if not dedans.any():
            continue
        interieur = np.repeat(np.repeat(dedans, b, axis=0), b, axis=1)
        boite = gris[y0 * b:y0 * b + interieur.shape[0], x0 * b:x0 * b + interieur.shape[1]]
        if zone.shape[1] * b > LARGEUR_BADGE * gris.shape[1]:
            continue  # a band across the table: the whole-page pass reads its labels well
        if _fond_continu(boite, interieur[:boite.shape[0], :boite.shape[1]]):
            sortie.append(FondSombre(x0 * b, y0 * b, np.repeat(np.repeat(zone, b, axis=0), b, axis=1)))
    return sortie


FOND_BLANCHI = 0.75  # share of a negative's ground grey above which a pixel is ground, made white
PART_TEXTE_MAX = 0.33  # share of light (text) inside a fill at most: badges ≈ 0.2, bold titles ≥ 0.37
LARGEUR_BADGE = 0.4  # share of the page's width a fill read apart may take at most (not a band)
BORD_CONTINU = 0.8  # share of ink round a fill's edge: a ground, not letters (those score ≤ 0.75)


def _fond_continu(boite: Any, masque: Any) -> bool:
    """A fill's ground runs all round its text: at both ends of each row and of each column
    of the fill, (almost) always ink. The dense strokes of a heavy bold title, which may pass
    for a fill by their blocks, open on the paper between letters and above and below them.
    A shaded header band with little ground round its labels fails too and stays with the
    whole-page pass, which reads it."""
    import numpy as np

    bords = []
    for m, b in ((masque, boite), (masque.T, boite.T)):
        lignes = np.nonzero(m.any(axis=1))[0]
        premiers = m[lignes].argmax(axis=1)
        derniers = m.shape[1] - 1 - m[lignes][:, ::-1].argmax(axis=1)
        bords += [b[lignes, premiers], b[lignes, derniers]]
    pixels = np.concatenate(bords)
    if pixels.size == 0 or float((pixels < ENCRE).mean()) < BORD_CONTINU:
        return False
    # and it is mostly ground: the text on it is thin against it (a title's strokes are not)
    return float((boite[masque] > ENCRE).mean()) <= PART_TEXTE_MAX


FERMETURE_LIGNE = 6  # blocks: the widest gap along a row closed inside a fill


def _le_long_des_lignes(masque: Any, portee: int, vers_la_droite: bool) -> Any:
    """Each cell set when a set cell lies within ``portee`` cells on its left (or right)
    in its row, or on it: both directions and'ed close the row's gaps up to ``portee``."""
    sortie = masque.copy()
    for d in range(1, portee + 1):
        if vers_la_droite:
            sortie[:, d:] |= masque[:, :-d]
        else:
            sortie[:, :-d] |= masque[:, d:]
    return sortie


MARGE_FOND = 20  # pixels of white around a fill's negative, as tesseract wants a margin


def negatif_du_fond(image: Any, fond: FondSombre) -> Any:
    """The fill alone, negative (its white text black on white), with a white margin: what
    tesseract reads as an ordinary block of text.

    The box is taken a block wider than the fill (its edge, anti-aliased, and its rounded
    corners lie there); the paper around the fill is the light connected to the box's border
    (flood fill), made white; the light enclosed by the ground is the text, made black; the
    ground, turned light grey, is made white too (tesseract finds nothing on a grey ground
    of a small badge's size)."""
    import numpy as np
    from PIL import Image, ImageDraw

    gris = np.asarray(image.convert("L"))
    b = BLOC_FONDS
    y0, x0 = max(0, fond.y0 - b), max(0, fond.x0 - b)
    y1 = min(gris.shape[0], fond.y0 + fond.masque.shape[0] + b)
    x1 = min(gris.shape[1], fond.x0 + fond.masque.shape[1] + b)
    boite = gris[y0:y1, x0:x1]
    clair = np.pad(np.where(boite > ENCRE, 255, 0).astype(np.uint8), 1, constant_values=255)
    inonde = Image.fromarray(clair)
    ImageDraw.floodfill(inonde, (0, 0), 128)
    papier = np.asarray(inonde)[1:-1, 1:-1] == 128
    negatif = 255 - boite
    if (~papier).any():
        sol = float(np.median(negatif[~papier]))
        negatif[negatif > FOND_BLANCHI * sol] = 255
    negatif[papier] = 255
    sortie = np.full((boite.shape[0] + 2 * MARGE_FOND, boite.shape[1] + 2 * MARGE_FOND), 255, dtype=np.uint8)
    sortie[MARGE_FOND:MARGE_FOND + boite.shape[0], MARGE_FOND:MARGE_FOND + boite.shape[1]] = negatif
    return Image.fromarray(sortie)


def sans_fonds(image: Any, fonds: Sequence[FondSombre]) -> Any:
    """The page image with its dark fills whited out, for the whole-page pass: they are read
    apart (``negatif_du_fond``), and a dark shape beside a column upsets tesseract's
    layout analysis of the ordinary text around it."""
    if not fonds:
        return image
    import numpy as np
    from PIL import Image

    net = np.asarray(image.convert("L")).copy()
    for f in fonds:
        boite = net[f.y0:f.y0 + f.masque.shape[0], f.x0:f.x0 + f.masque.shape[1]]
        boite[f.masque[:boite.shape[0], :boite.shape[1]]] = 255
    return Image.fromarray(net)


def avec_fonds(mots: list[MotReconnu], fonds: Sequence[FondSombre], lus: Sequence[list[MotReconnu]]
               ) -> list[MotReconnu]:
    """The page's words with those of each dark fill replaced by the fill's own reading
    (``lus``, in the fill's negative's pixels): what the whole-page pass read there is the
    poorer reading. Signs alone that tesseract doubts (the fill's corners) and bars (a
    rule at the box's edge) are dropped."""
    def dans_un_fond(m: MotReconnu) -> bool:
        haut, bas = _boite_y(m)
        return any(f.contient((m.x0 + m.x1) / 2, (haut + bas) / 2) for f in fonds)

    sortie = [m for m in mots if not dans_un_fond(m)]
    rang = max((m.ligne for m in mots), default=0)
    for fond, lecture in zip(fonds, lus, strict=True):
        # the negative's origin: a block out from the fill (clipped at the page), then the margin
        dx, dy = max(0, fond.x0 - BLOC_FONDS) - MARGE_FOND, max(0, fond.y0 - BLOC_FONDS) - MARGE_FOND
        for m in lecture:
            if not any(c.isalnum() for c in m.texte) and (m.confiance < DOUTEUX or set(m.texte) <= set("|!¦")):
                continue  # a corner, or a rule at the box's edge read as a bar
            sortie.append(MotReconnu(m.texte, m.x0 + dx, m.x1 + dx, rang + m.ligne, m.taille, m.base + dy,
                                     m.confiance, None if m.y0 is None else m.y0 + dy,
                                     None if m.y1 is None else m.y1 + dy))
        rang += max((m.ligne for m in lecture), default=0)
    return sortie


def _grands_fonds(fonds: Any, bloc: int) -> list[tuple[int, int, Any]]:
    """The fills big and full enough to be cells, bands or badges (at least ``FOND_LARGEUR``
    wide, ``FOND_HAUTEUR`` high, ``FOND_PLEIN`` of their box filled): the dense heart of a
    heavy bold letter is none of these. Each is given as its box's first block row and
    column and its blocks, taken whole along each row from the first dark block to the last
    (its white text leaves holes among the dark blocks)."""
    import numpy as np

    sortie = []
    vus = np.zeros_like(fonds)
    largeur_min, hauteur_min = FOND_LARGEUR * RESOLUTION / bloc, FOND_HAUTEUR * RESOLUTION / bloc
    for y, x in zip(*np.nonzero(fonds), strict=True):
        if vus[y, x]:
            continue
        pile, cellules = [(int(y), int(x))], []
        vus[y, x] = True
        while pile:
            cy, cx = pile.pop()
            cellules.append((cy, cx))
            for ny, nx in ((cy + 1, cx), (cy - 1, cx), (cy, cx + 1), (cy, cx - 1)):
                if 0 <= ny < fonds.shape[0] and 0 <= nx < fonds.shape[1] and fonds[ny, nx] and not vus[ny, nx]:
                    vus[ny, nx] = True
                    pile.append((ny, nx))
        rangs: dict[int, list[int]] = {}
        for cy, cx in cellules:
            bornes = rangs.setdefault(cy, [cx, cx])
            bornes[0], bornes[1] = min(bornes[0], cx), max(bornes[1], cx)
        y0, x0 = min(rangs), min(a for a, _b in rangs.values())
        haut, large = max(rangs) - y0 + 1, max(b for _a, b in rangs.values()) - x0 + 1
        if large >= largeur_min and haut >= hauteur_min and len(cellules) >= FOND_PLEIN * haut * large:
            zone = np.zeros((haut, large), dtype=bool)
            for cy, (a, b) in rangs.items():
                zone[cy - y0, a - x0:b - x0 + 1] = True
            sortie.append((y0, x0, zone))
    return sortie
