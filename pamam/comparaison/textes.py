"""When two texts of two editions are the same text: typography and wrapping aside.

Two editions (or a PDF and a hand transcription) print one sentence with curly or straight
apostrophes, other dashes, other spaces, lines wrapped elsewhere — none of which is a
rewording the change report should list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any


def une_ligne(texte: Any) -> str:
    """Whitespace collapsed: two texts differing only by wrapping are the same text."""
    return re.sub(r"\s+", " ", str(texte or "")).strip()


#: Characters that print the same sign in another typography: curly or straight
#: apostrophes and quotes, French guillemets, the dashes and hyphens of each producer,
#: ligatures a transcription spells out; soft hyphens and zero-width spaces print nothing.
_VARIANTES_TYPOGRAPHIQUES = str.maketrans(
    {
        **dict.fromkeys("’‘‛ʼ′`´", "'"),
        **dict.fromkeys("“”„‟«»″", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
    }
)
_ESPACE_AVANT = re.compile(r"\s+(?=[:;!?.,)\]\"])")  # "aide :" (French spacing) / "aide:"
_ESPACE_APRES = re.compile(r'(?<=[(\["])\s+')  # « texte » / "texte"
_COUPURE_TRAIT = re.compile(r"(?<=\w)-\s+(?=\w)")  # "Document-\nsynthèse", wrapped at its hyphen
_TRAIT_ENTRE_CHIFFRES = re.compile(r"(?<=\d)\s*-\s*(?=\d)")  # "2026 – 2027" / "2026-2027"


@lru_cache(maxsize=8192)
def forme_typographique(texte: str) -> str:
    """``texte`` with its typography folded, for deciding whether two texts are the same.

    Two editions (or a PDF and a hand transcription) print one sentence with curly or
    straight apostrophes, guillemets or quotes, en dashes or hyphens, non-breaking or
    ordinary spaces (before ":" in French, not in English), composed or decomposed
    accents, lines wrapped elsewhere — none of which is a rewording. Letters, their case
    and their accents are kept: only signs that print alike are folded. Never shown to
    readers: reports quote the texts as printed.
    """
    t = unicodedata.normalize("NFKC", texte).translate(_VARIANTES_TYPOGRAPHIQUES)
    t = une_ligne(t)
    t = _TRAIT_ENTRE_CHIFFRES.sub("-", _COUPURE_TRAIT.sub("-", t))
    t = _ESPACE_AVANT.sub("", t)
    return _ESPACE_APRES.sub("", t)


def meme_texte(a: Any, b: Any) -> bool:
    """True when ``a`` and ``b`` differ at most by typography (``forme_typographique``)."""
    return forme_typographique(str(a or "")) == forme_typographique(str(b or ""))
