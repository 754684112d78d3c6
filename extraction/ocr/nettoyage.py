"""What is done to the recognised words before they become a page layout: put back on their
line, pieces rejoined, doubtful words read again, noise and double readings dropped, and how
sure the page is."""

from __future__ import annotations

from collections.abc import Sequence

from extraction.ocr.hocr import ASCENDANTE, MotReconnu
from extraction.ocr.redressement import INCLINAISON_MAX
from extraction.ocr.reglures import Trait

# --- how sure a recognised page is ----------------------------------------------------------------

CONFIANCE_MIN = 80.0  # tesseract's mean word confidence under which a page is said unsure
MOTS_DOUTEUX = 0.15  # share of words under DOUTEUX that makes a page unsure
DOUTEUX = 60.0


def sur_leur_ligne(mots: list[MotReconnu]) -> set[int]:
    """Put back on their line, in place, the words tesseract filed under another one: a
    capital with a tail ("Q") or a piece of a word may be given the baseline of the next
    line of a neighbouring column. A word whose own box does not hold its line's baseline
    takes the baseline (and size) of the other words whose baseline its box holds. Returns
    the ``id`` of the words moved."""
    deplaces: set[int] = set()
    for m in mots:
        if m.y0 is None or m.y1 is None:
            continue
        marge = 0.15 * m.taille
        if m.y0 - marge <= m.base <= m.y1 + marge:
            continue
        voisins = [v for v in mots if v is not m and v.y0 is not None and m.y0 <= v.base <= m.y1 + marge]
        if voisins:
            proche = min(voisins, key=lambda v: min(abs(v.x0 - m.x1), abs(m.x0 - v.x1)))
            m.base, m.taille, m.ligne = proche.base, proche.taille, proche.ligne
            deplaces.add(id(m))
    return deplaces


ECART_MORCEAUX = 0.12  # of the font size: two words on a line this close are pieces of one


def recoller_morceaux(mots: list[MotReconnu], deplaces: set[int]) -> list[MotReconnu]:
    """Pieces of one word that tesseract gave apart ("Q" + "uébec": the first filed under
    another line, ``deplaces``), side by side on one line with no space between them,
    joined. Only a word put back on its line is joined: elsewhere tesseract's own word
    breaks stand."""
    ordre = sorted(mots, key=lambda m: (round(m.base), m.x0))
    sortie: list[MotReconnu] = []
    for m in ordre:
        p = sortie[-1] if sortie else None
        if (p is not None and (id(p) in deplaces or id(m) in deplaces) and abs(p.base - m.base) <= 0.3 * m.taille
                and -0.05 * m.taille <= m.x0 - p.x1 <= ECART_MORCEAUX * m.taille):
            sortie[-1] = MotReconnu(p.texte + m.texte, p.x0, max(p.x1, m.x1), p.ligne, p.taille, p.base,
                                    min(p.confiance, m.confiance),
                                    None if p.y0 is None or m.y0 is None else min(p.y0, m.y0),
                                    None if p.y1 is None or m.y1 is None else max(p.y1, m.y1))
        else:
            sortie.append(m)
    return sortie


RELIRE = 30.0  # tesseract's confidence under which a word lying over others is read again


def a_relire(mots: list[MotReconnu]) -> list[tuple[list[MotReconnu], tuple[float, float, float, float]]]:
    """Groups to read again, each with its box (x0, y0, x1, y1): a word tesseract doubts
    (under ``RELIRE``) lying over surer words, which it read as one place twice (the end
    of "(UMQ)" as "HtIEE" on the next line's baseline): the group is read again alone."""
    groupes = []
    for d in mots:
        if d.confiance >= RELIRE or d.y0 is None or d.y1 is None:
            continue
        dessous = [m for m in mots if m is not d and m.confiance >= DOUTEUX and m.y0 is not None
                   and m.y1 is not None and min(m.x1, d.x1) > max(m.x0, d.x0)
                   and min(m.y1, d.y1) > max(m.y0, d.y0)]
        if dessous:
            groupe = [d, *dessous]
            groupes.append((groupe, (min(m.x0 for m in groupe), min(m.y0 for m in groupe if m.y0 is not None),
                                     max(m.x1 for m in groupe), max(m.y1 for m in groupe if m.y1 is not None))))
    return groupes


def relu(mots: list[MotReconnu], groupes: Sequence[list[MotReconnu]], lectures: Sequence[list[MotReconnu]],
         origines: Sequence[tuple[float, float]]) -> list[MotReconnu]:
    """The words with each group replaced by its reading alone (in the crop's pixels, from
    ``origines``) when that reading is surer on average."""
    retires: set[int] = set()
    ajouts: list[MotReconnu] = []
    for groupe, lecture, (ox, oy) in zip(groupes, lectures, origines, strict=True):
        if not lecture or any(id(m) in retires for m in groupe):
            continue
        avant = sum(m.confiance for m in groupe) / len(groupe)
        apres = sum(m.confiance for m in lecture) / len(lecture)
        if apres <= avant:
            continue
        retires |= {id(m) for m in groupe}
        sure = max((m for m in groupe if m.confiance >= DOUTEUX), key=lambda m: m.confiance)
        for m in lecture:
            ajouts.append(MotReconnu(m.texte, m.x0 + ox, m.x1 + ox, sure.ligne, sure.taille, sure.base, m.confiance,
                                     None if m.y0 is None else m.y0 + oy, None if m.y1 is None else m.y1 + oy))
    return [m for m in mots if id(m) not in retires] + ajouts


BRUIT = 20.0  # tesseract's confidence at or under which a short "word" is noise, dropped


def sans_bruit(mots: list[MotReconnu], regles: Sequence[Trait]) -> list[MotReconnu]:
    """The words without the noise tesseract reads on a cell boundary: a short word it
    doubts (confidence ``BRUIT`` or less) lying across a horizontal rule or gutter, where no
    text is printed (the edge of a filled cell, specks along a gutter). A doubtful word
    elsewhere ("T4" in "T4 2025") stays."""
    horizontales = [t for t in regles if t[1] == t[3]]

    def sur_un_trait(m: MotReconnu) -> bool:
        # the rule runs through the body of its letters, not along their top or bottom
        haut, bas = m.base - 0.6 * m.taille, m.base - 0.15 * m.taille
        return any(t[0] <= m.x1 and t[2] >= m.x0 and haut < t[1] < bas for t in horizontales)

    gardes = [m for m in mots if not (m.confiance <= BRUIT and len(m.texte) <= 4 and sur_un_trait(m))]
    return sans_doublons(gardes)


BANDE_DOUBLONS = 100  # pixels: words are compared with those whose baseline is within two such bands
ECART_CONFIANCE = 30.0  # how much surer the kept reading of one place must be (else both stay)
RECOUVREMENT = 0.5  # share of the smaller box two words must cover together to be one place


def _boite_y(m: MotReconnu) -> tuple[float, float]:
    """The word's own top and bottom: its box in hOCR, else its line's metrics."""
    if m.y0 is not None and m.y1 is not None and m.y1 > m.y0:
        return m.y0, m.y1
    return m.base - ASCENDANTE * m.taille, m.base


def sans_doublons(mots: list[MotReconnu]) -> list[MotReconnu]:
    """The words without the second reading tesseract sometimes gives of one place (a
    doubtful 'PE"' lying over "municipales"): two printed words never share their ink, so of
    two boxes covering each other by more than ``RECOUVREMENT`` of the smaller, only the
    clearly surer reading stays (tesseract's boxes of a dash and the number before it may
    overlap too, both doubted alike: both stay)."""
    ordre = sorted(range(len(mots)), key=lambda i: -mots[i].confiance)
    gardes: dict[int, list[MotReconnu]] = {}  # kept words by band of baseline height
    rejetes: set[int] = set()
    for i in ordre:
        m = mots[i]
        bande = int(m.base // BANDE_DOUBLONS)
        voisins = [g for b in range(bande - 2, bande + 3) for g in gardes.get(b, ())]
        for g in voisins:
            (mh, mb), (gh, gb) = _boite_y(m), _boite_y(g)
            dx = min(m.x1, g.x1) - max(m.x0, g.x0)
            dy = min(mb, gb) - max(mh, gh)
            if dx <= 0 or dy <= 0:
                continue
            petite = min((m.x1 - m.x0) * (mb - mh), (g.x1 - g.x0) * (gb - gh))
            if petite > 0 and dx * dy > RECOUVREMENT * petite and g.confiance - m.confiance >= ECART_CONFIANCE:
                rejetes.add(i)
                break
        else:
            gardes.setdefault(bande, []).append(m)
    return [m for i, m in enumerate(mots) if i not in rejetes]


def doutes_ocr(mots: Sequence[MotReconnu], angle: float) -> list[str]:
    """Why a recognised page may be misread, in words a reader of ``qualite`` understands:
    tesseract unsure of many of its words (a poor or noisy scan), or a page turned further
    than the straightening looks for. A clean scan of a printed table scores about 90–95."""
    doutes = []
    if mots:
        moyenne = sum(m.confiance for m in mots) / len(mots)
        douteux = sum(1 for m in mots if m.confiance < DOUTEUX) / len(mots)
        if moyenne < CONFIANCE_MIN or douteux > MOTS_DOUTEUX:
            doutes.append(f"reconnaissance OCR peu sûre (confiance moyenne {moyenne:.0f} %, "
                          f"{100 * douteux:.0f} % des mots douteux)")
    if abs(angle) >= INCLINAISON_MAX - 0.05:
        doutes.append(f"page inclinée d’au moins {INCLINAISON_MAX:g}° : redressement peut-être incomplet")
    return doutes
