"""Table rulings recovered from the raster: a scan has its rules only as pixels, and the grid
stage relies on rulings to separate rows (and on fills read as cells when a table has no lines)."""

from __future__ import annotations

from typing import Any

from extraction.ocr.morphologie import _eroder
from extraction.ocr.tesseract import RESOLUTION

# --- rulings recovered from the raster -----------------------------------------------------------

Trait = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, top-left origin


HALO = 4  # pixels each side of an erased rule where its grey halo is whitened too
SEUIL_HALO = 110  # darker than this is ink (a text stroke crossing the rule), kept
Bande = list[int]  # first pixel row, last pixel row, start, end (of a run of dark pixels)


def _bandes(noir: Any, longueur_min: float, sens: tuple[bool, ...] = (True, False)) -> dict[bool, list[Bande]]:
    """Long runs of dark pixels, merged into bands across consecutive pixel rows
    (``True``: horizontal; ``False``: vertical, rows and columns swapped)."""
    import numpy as np

    h, w = noir.shape
    sortie: dict[bool, list[Bande]] = {}
    for horizontal in sens:
        grille = noir if horizontal else noir.T
        longueur = w if horizontal else h
        mini = max(int(longueur * longueur_min), 20)
        bandes: list[Bande] = []
        actives: list[Bande] = []
        for i in np.flatnonzero(grille.sum(axis=1) >= mini):
            ligne = grille[i].astype(np.int8)
            bords = np.flatnonzero(np.diff(np.concatenate(([0], ligne, [0]))))
            actives = [b for b in actives if b[1] >= i - 1]
            for debut, fin in zip(bords[::2].tolist(), bords[1::2].tolist(), strict=True):
                if fin - debut < mini:
                    continue
                for b in actives:
                    if debut < b[3] and fin > b[2]:
                        b[1], b[2], b[3] = int(i), min(b[2], debut), max(b[3], fin)
                        break
                else:
                    nouvelle = [int(i), int(i), debut, fin]
                    bandes.append(nouvelle)
                    actives.append(nouvelle)
        sortie[horizontal] = bandes
    return sortie


def _traits_des_bandes(bandes: dict[bool, list[Bande]], epaisseur_max: float) -> list[Trait]:
    sortie: list[Trait] = []
    for horizontal, liste in bandes.items():
        for premier, dernier, debut, fin in liste:
            positions = [(premier + dernier + 1) / 2] if dernier - premier + 1 <= epaisseur_max else [
                premier, dernier + 1]
            for p in positions:
                sortie.append((debut, p, fin, p) if horizontal else (p, debut, p, fin))
    return sortie


def traits(image: Any, seuil: int = 160, longueur_min: float = 0.04, epaisseur_max: float = 8.0) -> list[Trait]:
    """Horizontal and vertical rulings of a page image: long runs of dark pixels.

    A run counts when it covers at least ``longueur_min`` of the page's width (height):
    text strokes are far shorter. Runs on consecutive pixel rows that overlap merge into
    one band; a band at most ``epaisseur_max`` pixels thick is a rule (one line at its
    middle), a thicker one is a filled block (a shaded header) and gives its two edges,
    as pdfplumber reports a filled rectangle's edges.
    """
    import numpy as np

    noir = np.asarray(image.convert("L")) < seuil
    return _traits_des_bandes(_bandes(noir, longueur_min), epaisseur_max)


def traits_et_texte(image: Any, seuil: int = 160, longueur_min: float = 0.04,
                    epaisseur_max: float = 8.0) -> tuple[list[Trait], Any]:
    """The rulings of a page image (``traits``), and the image without them for tesseract.

    Why erase the horizontal ones: a rule right under a line of text makes tesseract read
    the two as one (a cell's last line comes out as garbage). Vertical rules stay: they
    keep tesseract's layout analysis from joining lines of neighbouring columns into one.
    Only thin rules are erased; a thick band (a shaded header with white text) is left as
    it is."""
    import numpy as np

    gris = np.asarray(image.convert("L"))
    bandes = _bandes(gris < seuil, longueur_min)
    net = gris.copy()
    h, w = gris.shape
    for horizontal, liste in bandes.items():
        if not horizontal:
            continue  # column rules keep tesseract from reading across columns: kept
        noir = gris < seuil
        for premier, dernier, debut, fin in liste:
            if dernier - premier + 1 > epaisseur_max:
                continue
            dessus, dessous = noir[max(0, premier - 3), debut:fin], noir[min(h - 1, dernier + 3), debut:fin]
            if dessus.mean() > 0.5 or dessous.mean() > 0.5:
                continue  # the edge of a dark block (a header band), not a rule: left whole
            # The rule itself, then its grey halo (blur, JPEG) on either side: text strokes
            # are darker than any halo and stay.
            coeur = net[premier:dernier + 1, debut:fin] if horizontal else net[debut:fin, premier:dernier + 1]
            coeur[...] = 255
            a, b = max(0, premier - HALO), dernier + 1 + HALO
            bord = net[a:min(h, b), debut:fin] if horizontal else net[debut:fin, a:min(w, b)]
            bord[bord > SEUIL_HALO] = 255
    from PIL import Image

    return _traits_des_bandes(bandes, epaisseur_max), Image.fromarray(net)


REDUCTION_FONDS = 2  # fills are read on an image reduced this much (averaging away the noise)
ECART_PAPIER = 10  # grey levels under the paper's: a tint (a filled cell), not paper
PART_FONDS = 0.02  # share of the page that must be filled (evenly tinted) before fills are looked for
GOUTTIERE_MAX = 10 / 72  # inches: the widest white gap between two filled cells
COTE_MIN = 8 / 72  # inches: the shortest side of a filled cell (a one-line row)


def traits_des_fonds(image: Any) -> list[Trait]:
    """Cell boundaries of a table drawn as filled cells separated by white gutters (no
    dark line at all): one rule down the middle of every white gap between two fills, as a
    ruled table would have there, and the table's outer edges (a fill with only paper
    beyond it).

    Light tints (grey, pale blue) only show against the paper once the scan's noise is
    averaged away: the image is reduced by ``REDUCTION_FONDS``; a pixel is tinted when it
    is ``ECART_PAPIER`` grey levels darker than the paper (the page's light mode), and
    fills are the wide even areas of tint (what is left once shrunk by two pixels: text
    strokes and the grey halo of rules vanish) or of dark (a shaded header band)."""
    import numpy as np

    gris = np.asarray(image.convert("L"), dtype=np.float32)
    f = REDUCTION_FONDS
    h, w = gris.shape[0] // f, gris.shape[1] // f
    reduit = gris[:h * f, :w * f].reshape(h, f, w, f).mean(axis=(1, 3))
    papier = float(np.percentile(reduit, 90))
    if papier < 200:
        return []
    teinte = reduit < papier - ECART_PAPIER
    clair = _eroder(teinte & (reduit > papier - 80), 2)
    if clair.mean() < PART_FONDS:
        return []
    plein = clair | _eroder(reduit < 160, 3)
    ecart = int(GOUTTIERE_MAX * RESOLUTION / f) + 3  # fills are shrunk by 2 px on each side
    sortie: list[Trait] = []
    for vertical in (True, False):
        pl, pa = (plein, ~teinte) if vertical else (plein.T, ~teinte.T)
        n = pl.shape[1]
        idx = np.arange(n)
        gauche = np.maximum.accumulate(np.where(pl, idx, -10 * n), axis=1)  # nearest fill at or before
        droite = np.minimum.accumulate(np.where(pl, idx, 10 * n)[:, ::-1], axis=1)[:, ::-1]  # at or after
        avant, apres = idx - gauche, droite - idx
        gouttiere = pa & (avant <= ecart) & (apres <= ecart)
        # The table's outer edges: paper just outside a fill, with no fill across.
        teinte_o = ~pa
        a_cote = np.zeros_like(pa)
        a_cote[:, 1:] |= teinte_o[:, :-1]
        a_cote[:, :-1] |= teinte_o[:, 1:]
        bord = pa & ~gouttiere & a_cote & ((avant <= 5) | (apres <= 5))
        mini = COTE_MIN * RESOLUTION / f / pl.shape[0]
        bandes = _bandes(gouttiere, mini, (False,))[False] + _bandes(bord, mini, (False,))[False]
        for premier, dernier, a, b in bandes:
            x = (premier + dernier + 1) / 2 * f
            sortie.append((x, a * f, x, b * f) if vertical else (a * f, x, b * f, x))
    return _raccorder(sortie, ecart * f)


def _raccorder(traits_: list[Trait], ecart: float) -> list[Trait]:
    """Pieces of one boundary, cut where a gutter crosses it, joined again (a ruled table's
    line runs on through the crossings; only white is between the pieces)."""
    sortie: list[Trait] = []
    for horizontal in (True, False):
        # (position across, start, end) of each segment of this direction
        morceaux = sorted(((t[1], t[0], t[2]) if horizontal else (t[0], t[1], t[3]))
                          for t in traits_ if (t[1] == t[3]) == horizontal)
        groupes: list[list[tuple[float, float, float]]] = []  # pieces at one position across
        for m in morceaux:
            if groupes and m[0] - groupes[-1][-1][0] <= 3:
                groupes[-1].append(m)
            else:
                groupes.append([m])
        for groupe in groupes:
            pos = sum(m[0] for m in groupe) / len(groupe)
            lignes: list[list[float]] = []  # [start, end], along the boundary
            for _p, a, b in sorted(groupe, key=lambda m: m[1]):
                if lignes and a <= lignes[-1][1] + ecart:
                    lignes[-1][1] = max(lignes[-1][1], b)
                else:
                    lignes.append([a, b])
            for a, b in lignes:
                sortie.append((a, pos, b, pos) if horizontal else (pos, a, pos, b))
    return sortie


def bords_implicites(traits_: list[Trait], tolerance: float = 4.0) -> list[Trait]:
    """The left or right edge of a ruled table whose outer border the scan lost (a faint
    line at the page margin): where three or more horizontal rules end together, further
    out than any other, and no vertical rule stands there at all, one is drawn from the
    first of them to the last."""
    horizontales = [t for t in traits_ if t[1] == t[3]]
    verticales = [t for t in traits_ if t[0] == t[2]]
    if len(horizontales) < 3:
        return []
    ajouts: list[Trait] = []
    for indice, exterieur in ((0, min), (2, max)):  # left ends, right ends
        bout = exterieur(t[indice] for t in horizontales)
        groupe = [t for t in horizontales if abs(t[indice] - bout) <= tolerance]
        x = sum(t[indice] for t in groupe) / len(groupe)
        if len(groupe) >= 3 and not any(abs(v[0] - x) <= 3 * tolerance for v in verticales):
            ajouts.append((x, min(t[1] for t in groupe), x, max(t[1] for t in groupe)))
    return ajouts
