"""A page turned in the scanner, straightened: tesseract and the rulings finder both read
lines as horizontal."""

from __future__ import annotations

import math
from typing import Any

# --- a page turned in the scanner, straightened -------------------------------------------------

INCLINAISON_MAX = 1.5  # degrees: a page fed by hand is turned by a degree at most
INCLINAISON_MIN = 0.04  # degrees: below this, straightening would only blur the image


def _profils(noir: Any, bandes: int) -> tuple[Any, Any]:
    """Dark pixels per row within each of ``bandes`` vertical bands, and the bands' centres
    (from the image's middle)."""
    import numpy as np

    h, w = noir.shape
    largeur = w // bandes
    profils = noir[:, :largeur * bandes].reshape(h, bandes, largeur).sum(axis=2).T.astype(np.float64)
    centres = (np.arange(bandes) + 0.5) * largeur - largeur * bandes / 2
    return profils, centres


def _netteté(profils: Any, centres: Any, degres: float) -> float:
    """How sharp the rows' profile is when every band is shifted by the slope of
    ``degres``: text lines and rulings lined up give tall narrow peaks (a large sum of
    squares); a wrong slope smears them."""
    import numpy as np

    pente = math.tan(math.radians(degres))
    decalages = np.rint(centres * pente).astype(int)
    marge = int(np.abs(decalages).max()) + 1
    h = profils.shape[1]
    profil = np.zeros(h + 2 * marge)
    for p, d in zip(profils, decalages, strict=True):
        profil[marge - d:marge - d + h] += p
    return float((profil ** 2).sum())


def inclinaison(gris: Any) -> float:
    """The angle (degrees, counter-clockwise as PIL turns images) that straightens a page
    image: the slope at which text lines and rulings line up best across the page.

    Coarse search on a reduced image, then a fine one at full resolution, both on row
    profiles of vertical bands (numpy only). Ties go to the smaller angle: an upright page
    stays as it is."""
    import numpy as np

    h, w = gris.shape
    f = max(1, w // 1000)
    reduit = gris[:h // f * f, :w // f * f].reshape(h // f, f, w // f, f).mean(axis=(1, 3)) < 170
    if not reduit.any():
        return 0.0
    profils, centres = _profils(reduit, 40)
    grossier = max(np.arange(-INCLINAISON_MAX, INCLINAISON_MAX + 1e-9, 0.1),
                   key=lambda a: (_netteté(profils, centres, a), -abs(a)))
    profils, centres = _profils(gris < 170, 60)
    fin = max(np.arange(grossier - 0.1, grossier + 0.1 + 1e-9, 0.01),
              key=lambda a: (_netteté(profils, centres, a), -abs(a)))
    return float(fin)


def redresser(image: Any) -> tuple[Any, float]:
    """The page image turned upright, and the angle it was turned by (a scanned page is
    often turned by a fraction of a degree, which breaks a table's rulings into pieces and
    merges neighbouring rows)."""
    import numpy as np

    angle = inclinaison(np.asarray(image))
    if abs(angle) < INCLINAISON_MIN:
        return image, 0.0
    from PIL import Image

    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), angle
