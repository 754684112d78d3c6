"""Action and measure numbers that OCR misread, put back from the plan's own numbering.

Why: in a scan, a number is a few pixels of a short token, often alone in a narrow "N°"
column, and tesseract reads "5" as "2", "5.2" as "52", or nothing at all. The plan's
numbering is redundant, though: actions run 1, 2, 3… through the document and a measure of
action 5 is numbered 5.1, 5.2… in order. A number read on an OCR page that breaks that
sequence, where its neighbours confirm the expected one, is replaced by it — and said so
(``numero_deduit``), so a reader can check the cell. A text layer's numbers are never
touched: a gap there is the document's own (``numero_hors_sequence`` reports it).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from extraction.modele import ActionLue, Avertissement, MesureLue, SectionLue

_ENTIER = re.compile(r"\d{1,3}")
_MESURE = re.compile(r"(\d{1,3})\.(\d{1,3})")


def _entier(numero: str) -> int | None:
    return int(numero) if _ENTIER.fullmatch(numero.strip()) else None


def _page(element: ActionLue | MesureLue) -> int | None:
    """The page an action or measure starts on (its first cell box, else its first row)."""
    if element.cadres:
        return element.cadres[0].page
    mesures = element.mesures if isinstance(element, ActionLue) else [element]
    for m in mesures:
        if m.cadres:
            return m.cadres[0].page
        if m.livrables:
            return m.livrables[0].page
    return None


def _prefixe_des_mesures(action: ActionLue) -> int | None:
    """The action number most of its measures carry before their dot ("7.1", "7.2" → 7)."""
    prefixes = [int(m.group(1)) for me in action.mesures if (m := _MESURE.fullmatch(me.numero.strip()))]
    if not prefixes:
        return None
    meilleur = max(set(prefixes), key=prefixes.count)
    return meilleur if 2 * prefixes.count(meilleur) > len(prefixes) else None


def _reparer_actions(actions: list[ActionLue], ocr: Collection[int]) -> list[Avertissement]:
    avertissements = []
    lus = [_entier(a.numero) for a in actions]
    for i, action in enumerate(actions):
        precedent = lus[i - 1] if i > 0 else 0
        if precedent is None or _page(action) not in ocr:
            continue
        attendu = precedent + 1
        if lus[i] == attendu:
            continue
        suivant = lus[i + 1] if i + 1 < len(actions) else None
        preuves = (suivant == attendu + 1, _prefixe_des_mesures(action) == attendu,
                   lus[i] is None and (suivant is None or suivant > attendu))
        if not any(preuves):
            continue
        avertissements.append(Avertissement(
            _page(action), "numero_deduit",
            f"action {action.numero or '?'} lue par OCR : numéro {attendu} déduit de la séquence"))
        action.numero, lus[i] = str(attendu), attendu
    return avertissements


def _reparer_mesures(action: ActionLue, ocr: Collection[int]) -> list[Avertissement]:
    numero_action = _entier(action.numero)
    if numero_action is None:
        return []

    def rang(numero: str) -> int | None:
        m = _MESURE.fullmatch(numero.strip())
        return int(m.group(2)) if m and int(m.group(1)) == numero_action else None

    avertissements = []
    lus = [rang(m.numero) for m in action.mesures]
    for i, mesure in enumerate(action.mesures):
        precedent = lus[i - 1] if i > 0 else 0
        if precedent is None or lus[i] == precedent + 1 or _page(mesure) not in ocr:
            continue
        if lus[i] is not None:
            continue  # a well-formed number of this action: a real gap, reported, not rewritten
        attendu = precedent + 1
        suivant = lus[i + 1] if i + 1 < len(action.mesures) else None
        brut = re.sub(r"\D", "", mesure.numero)
        # the digits read are the expected number's ("52" for 5.2, "2" for 5.2), or none were,
        # or the rank is right under another action's number ("8.1" in action 3: a measure
        # is numbered under its own action)
        chiffres = brut in ("", f"{numero_action}{attendu}", str(attendu))
        lu = _MESURE.fullmatch(mesure.numero.strip())
        rang_juste = lu is not None and int(lu.group(2)) == attendu
        if not (chiffres or rang_juste or suivant == attendu + 1):
            continue
        nouveau = f"{numero_action}.{attendu}"
        avertissements.append(Avertissement(
            _page(mesure), "numero_deduit",
            f"mesure {mesure.numero or '?'} lue par OCR : numéro {nouveau} déduit de la séquence"))
        mesure.numero, lus[i] = nouveau, attendu
    return avertissements


def reparer_numeros(sections: list[SectionLue], pages_ocr: Collection[int]) -> list[Avertissement]:
    """Renumber, in place, the actions and measures of OCR pages that break the sequence
    where the neighbours confirm the expected number; one ``numero_deduit`` warning each."""
    if not pages_ocr:
        return []
    ocr = frozenset(pages_ocr)
    actions = [a for s in sections for a in s.actions]
    avertissements = _reparer_actions(actions, ocr)
    for action in actions:
        avertissements += _reparer_mesures(action, ocr)
    return avertissements


__all__ = ["reparer_numeros"]
