"""Character clean-up of extracted texts: what a reader would call "the same text".

PDF producers differ in the code points they emit for the same printed text: ligature
glyphs (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ), soft hyphens, zero-width characters, decomposed accents,
no-break spaces. The contract keeps the document's own characters (’ œ – ― É) and only
removes these producer artefacts, so that two renderings of one plan compare equal.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
INVISIBLES = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_TABLE = str.maketrans({**{ord(k): v for k, v in LIGATURES.items()}, **INVISIBLES})
_ESPACES = re.compile(r"[^\S\n]+")


def nettoyer(texte: str | None) -> str:
    """Expand ligatures, drop invisible characters, compose accents, collapse spaces
    within each line, and drop empty lines — keeping the deliberate line breaks."""
    if not texte:
        return ""
    t = unicodedata.normalize("NFC", texte.translate(_TABLE))
    lignes = (_ESPACES.sub(" ", li).strip() for li in t.split("\n"))
    return "\n".join(li for li in lignes if li)


def sur_une_ligne(texte: str | None) -> str:
    """Whitespace fully collapsed (line breaks too): the form deadlines are printed in."""
    return re.sub(r"\s+", " ", nettoyer(texte)).strip()
