"""Stage 2 — page layout: words with their geometry and the ruling segments, read once.

Everything later (grids, headings, cover) works on this snapshot, so each page's content
stream is parsed a single time whatever strategy the grid stage ends up using.

Speed: pdfplumber turns every pdfminer object into a dict of ~20 resolved attributes
(colours, matrices, marked-content tags…). For characters — nearly all of a page's
objects — that conversion cost more than interpreting the content stream itself, and
the word grouping only reads nine of those attributes. ``_objets_page`` therefore fills
the page's object cache with lean character dicts (the same values, computed the same
way) and lets pdfplumber convert everything else (lines, rectangles, curves, images) as
usual; ``edges``, ``chars`` and ``images`` then read that cache.

Words (``construire_mots``) are built here from the glyphs' geometry rather than with
pdfplumber's ``extract_words``, because producers differ in what their text layer holds:

- many place each word, or each glyph, with its own positioning operator and never
  print a space character: a word break is then only a gap, sometimes 0.2 em wide
  (1.8 pt at 9 pt — under pdfplumber's fixed 3 pt tolerance, which glued such words
  together). A break is a gap wider than the page's own letter spacing plus
  ``MARGE_MOT`` em of the glyphs' size, so it scales with the type;
- some emit a page's glyphs in any order: glyphs are put into lines by their vertical
  band and sorted left to right, so the content-stream order plays no part (pdfplumber
  splits the stream at every change of font or size before grouping, so shuffled glyphs,
  a bold initial or a raised footnote call "*" became words of their own);
- a glyph in another font or size touching its word (a bold number, a superscript "*")
  belongs to that word; the word's size and font are those of most of its glyphs;
- Chromium leaves a space glyph with no advance at every unused soft hyphen, drawn over
  the next letter ("For ma tion"): a space character overlapping a glyph by half its
  width is no break. Zero-width format characters (U+200B, U+FEFF…) are never glyphs.

On documents whose text layer has its spaces (most producers) the words are the ones
pdfplumber's own grouping gives (``tests/test_extraction_mise_en_page.py`` checks it).
How each page's words were built — space characters or gaps, the threshold, how close
the narrowest gaps came to it — is kept in ``LectureMots`` for the quality report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from extraction.modele import LectureMots, Mot, PageMiseEnPage, Segment

PENTE_MIN, PENTE_MAX = 0.001, 0.05  # baseline slopes levelled: from 0.06° to about 3°
SEGMENT_MIN = 2.0  # shorter strokes are glyph decorations, not table rulings

# Word building. Gaps are measured between a glyph's advance box and the next glyph, in em
# of the larger of the two sizes. Producers' word gaps without space characters go down to
# 0.2 em, kerning and tracking inside words stay within ±0.07 em of the letter spacing.
MARGE_MOT = 0.1  # em above the page's letter spacing: a wider gap is a word break
APPROCHE_MIN, APPROCHE_MAX = -0.1, 0.3  # em: the letter spacing measured is kept within these
PAIRES_LIGNE = 8  # neighbouring glyphs a line needs for a letter spacing of its own
ECARTS_MESURES = (-0.3, 0.6)  # em: gaps taken into the letter-spacing median (wider: words, columns)
ECART_MOT_MAX = 1.0  # em: a wider gap separates columns or cells, not words of one line
BANDE_DOUTE = 0.03  # em either side of the threshold: a gap there could be read either way
DOUTE_MIN = 3  # from this many such gaps on a page, its words are not read with confidence
CONTRASTE_MIN = 0.15  # em: word gaps closer than this to the letter spacing are too faint to trust
TAILLE_VOISINE = 1.25  # glyphs within this size ratio can share a line (bold, italic, another font)
RECOUVREMENT_MAX = 0.05  # em: a smaller word overlapping a larger one by more is not glued to it
PETITES_CAPITALES_MAX = 1.8  # a capital up to this many times a small cap's size can start its word
LIGNE_DE_BASE = 0.12  # em of the larger type: glyph boxes this close at the bottom share a baseline
ISOLEMENT = 1.5  # em: a footnote call has no word of its own size this close on its line
APPEL_MAX = 3  # glyphs: a footnote call or superscript ("*", "er", "¹²") is short
SANS_CHASSE = 0.5  # a space overlapping a glyph by this share of its width has no advance
FORMATS = frozenset("\u200b\u200c\u200d\u2060\ufeff")  # zero-width characters: never a glyph
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# Word's list bullets come from the Symbol and Wingdings fonts, whose glyphs sit in the
# Private Use Area: Word and LibreOffice export them as U+F0xx (Symbol's "·" → U+F0B7). The
# reader sees a bullet: the character that looks like it.
PUCES_PRIVEES = {"\uf0b7": "•", "\uf0a7": "▪", "\uf06e": "■", "\uf06c": "●", "\uf0d8": "➢", "\uf0fc": "✓",
                 "\uf076": "❖", "\uf071": "❑", "\uf0e8": "➔", "\uf0a8": "□", "\uf09f": "•", "\uf02d": "–"}
GLYPHES = {**LIGATURES, **PUCES_PRIVEES}


def _redresser(x0: float, top: float, x1: float, bottom: float, rotation: int, largeur: float,
               hauteur: float) -> tuple[float, float, float, float]:
    """A box in the page's unrotated space → the space the reader sees once the page's
    /Rotate is applied (pdfplumber keeps the unrotated one, where text then runs down)."""
    if rotation == 90:
        return top, largeur - x1, bottom, largeur - x0
    if rotation == 270:
        return hauteur - bottom, x0, hauteur - top, x1
    if rotation == 180:
        return largeur - x1, hauteur - bottom, largeur - x0, hauteur - top
    return x0, top, x1, bottom


def _rotation(page: Any) -> int:
    """The quarter turn that brings the page's text upright (0, 90, 180 or 270), from
    ``_objets_page``; a page read the ordinary way (no lean cache) is taken as it is."""
    return int(getattr(page, "_pamam_tour", 0) or 0)


def _quart(matrice: Any) -> int:
    """A glyph's writing direction to the nearest quarter turn, counter-clockwise: 0 left to
    right, 1 running up, 2 upside down, 3 running down (from its text matrix × CTM)."""
    a, b = matrice[0], matrice[1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 2
    return 1 if b > 0 else 3


# Dominant writing direction → the turn ``_redresser`` applies to make it left to right.
TOUR_PAR_QUART = {0: 0, 1: 270, 2: 180, 3: 90}


def _objets_page(page: Any) -> dict[str, list[dict[str, Any]]]:
    """``page.objects`` as pdfplumber builds it, with characters reduced to the keys the
    word grouping reads (text, box, doctop, upright, size, fontname).

    Mirrors ``pdfplumber.Page.parse_objects``/``process_object`` (0.11): same traversal
    order, same arithmetic for ``top``/``bottom``/``doctop`` and the MediaBox shift, so the
    words come out identical, only without resolving attributes nobody reads.
    """
    from unicodedata import normalize

    from pdfminer.layout import LTChar, LTContainer
    from pdfplumber.page import fix_fontname_bytes

    hauteur = page.height
    mb_x0, mb_top = page.mediabox[:2]
    doctop0 = page.initial_doctop
    norme = page.pdf.unicode_norm
    conteneurs = page.pdf.laparams is not None
    numero = page.page_number
    objets: dict[str, list[dict[str, Any]]] = {}
    caracteres: list[dict[str, Any]] = []
    quarts: list[int] = []
    pentes: list[float] = []  # baseline slopes of glyphs set nearly left to right, when not level

    def ajouter(attr: dict[str, Any]) -> None:
        if attr["object_type"] != "anno":
            objets.setdefault(attr["object_type"], []).append(attr)

    def parcourir(elements: list[Any]) -> None:
        for obj in elements:
            if type(obj) is LTChar:
                texte = obj.get_text()
                police = obj.fontname
                if isinstance(police, bytes):  # rare byte-encoded font names
                    police = fix_fontname_bytes(police)
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                top = (hauteur - obj.y1) + mb_top
                if not caracteres:
                    objets["char"] = caracteres
                matrice = obj.matrix
                if matrice[1] == 0 and matrice[0] > 0:  # level, left to right: nearly every glyph
                    quarts.append(0)
                else:
                    quarts.append(_quart(matrice))
                    if matrice[0] > 0:
                        pentes.append(matrice[1] / matrice[0])
                caracteres.append({
                    "text": normalize(norme, texte) if norme is not None else texte,
                    "x0": x0,
                    "x1": x1,
                    "top": top,
                    "bottom": (hauteur - obj.y0) + mb_top,
                    "doctop": doctop0 + top,
                    "upright": obj.upright,
                    "size": obj.size,
                    "fontname": police,
                    "object_type": "char",
                    "page_number": numero,
                })
            elif isinstance(obj, LTContainer):
                if conteneurs:
                    ajouter(page.process_object(obj))
                parcourir(obj._objs)
            else:
                ajouter(page.process_object(obj))

    parcourir(page.layout._objs)
    # The page is read the way its text runs, whatever turned it: pdfminer already applies
    # /Rotate, so text set upright for the turned page comes out upright, while text laid on
    # the unturned paper (a /Rotate added afterwards, a landscape table drawn turned by a
    # quarter on portrait paper without /Rotate) runs up or down. Most glyphs decide; the
    # few set another way (a slug line along the paper's edge) are then not upright.
    if quarts:
        dominant = Counter(quarts).most_common(1)[0][0]
        rotation = TOUR_PAR_QUART[dominant]
    else:  # no text to tell: the page as pdfplumber gives it (/Rotate applied)
        rotation = 0
    page._pamam_tour = rotation
    if not rotation and 2 * len(pentes) > len(caracteres):
        _mettre_a_niveau(caracteres, quarts, pentes, float(page.width) / 2)
    if rotation:
        for c, quart in zip(caracteres, quarts, strict=True):
            c["x0"], c["top"], c["x1"], c["bottom"] = _redresser(c["x0"], c["top"], c["x1"], c["bottom"], rotation,
                                                                  page.width, page.height)
            c["doctop"] = doctop0 + c["top"]
            c["upright"] = quart == dominant
            if rotation != 180:
                c["size"] = c["bottom"] - c["top"]  # pdfminer's size is the extent across the text
    return objets


def _mettre_a_niveau(caracteres: list[dict[str, Any]], quarts: list[int], pentes: list[float], milieu: float
                     ) -> None:
    """Text set on a slightly turned baseline (a vectorised scan, a page placed askew):
    over a line's length its glyphs climb or sink by more than the line groups tolerate,
    and lines of neighbouring cells interleave ("Me ttre"). When most glyphs share one slope
    (``PENTE_MIN`` or more), their heights are brought level about the page's middle; the
    words' horizontal extents are unchanged (the cosine of such angles is 1 to 1e-4)."""
    pentes.sort()
    pente = pentes[len(pentes) // 2]
    if abs(pente) < PENTE_MIN or abs(pente) > PENTE_MAX:
        return
    for c, quart in zip(caracteres, quarts, strict=True):
        if quart == 0:
            dy = ((c["x0"] + c["x1"]) / 2 - milieu) * pente
            c["top"] += dy
            c["bottom"] += dy
            c["doctop"] += dy


def _preparer(page: Any) -> None:
    """Fill the page's object cache the lean way; if pdfplumber's internals moved (a new
    version), leave the cache empty so pdfplumber builds it the ordinary way."""
    if hasattr(page, "_objects"):
        return
    try:
        objets = _objets_page(page)
    except (AttributeError, ImportError, TypeError):
        return
    page._objects = objets


def _segments(page: Any) -> list[Segment]:
    """Horizontal and vertical rulings: drawn lines and the edges of rectangles."""
    segs: list[Segment] = []
    rotation = _rotation(page)
    for e in page.edges:
        x0, top, x1, bottom = _redresser(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]),
                                         rotation, page.width, page.height)
        if max(x1 - x0, bottom - top) < SEGMENT_MIN:
            continue
        segs.append(Segment(x0, top, x1, bottom))
    return segs


# A glyph as the word builder handles it: a tuple is several times cheaper than a dict here.
_TOP, _BAS, _X0, _X1, _TAILLE, _TEXTE, _POLICE, _BLANC = range(8)


@dataclass(slots=True)
class _Ligne:
    """Glyphs of one size sharing a band, left to right once built."""

    top: float
    bas: float
    taille: float
    glyphes: list[tuple[Any, ...]]
    bandes: int = 1  # distinct (top, bottom) bands among its glyphs: 1 for most lines
    approche: float | None = None  # its own letter spacing, when it has enough glyphs to tell
    mots: list[list[Any]] = field(default_factory=list)  # [x0, x1, top, bottom, glyphs, mixed] per word


def _lignes(glyphes: list[tuple[Any, ...]]) -> list[_Ligne]:
    """Glyphs → lines, each sorted left to right, whatever order the content stream gave.

    A glyph joins a line of about its size (``TAILLE_VOISINE``) when its vertical middle
    lies within the line's band, or the line's middle within the glyph's; the next line's
    glyphs (at least half a size lower) do not. A line's band is its first glyph's (from
    the top), so it does not drift from line to line (pdfplumber chains glyph tops 3 pt
    apart, which can join two lines of one column through a neighbouring column's). Lines
    at the same height in different columns may share a band: the gap between the columns
    splits their words. Glyphs of another size (a raised "*", a running head printed
    across a title) make lines of their own; ``_rattacher`` then glues what touches a word.

    Speed: the glyphs of a line almost all share one exact box height and size, so the
    decision is taken once per distinct (top, bottom, size) and applies to all its glyphs.
    """
    bandes: dict[tuple[float, float, float], list[tuple[Any, ...]]] = {}
    for g in glyphes:
        cle = (g[_TOP], g[_BAS], g[_TAILLE])
        liste = bandes.get(cle)
        if liste is None:
            bandes[cle] = [g]
        else:
            liste.append(g)
    lignes: list[_Ligne] = []
    actives: list[_Ligne] = []
    for cle in sorted(bandes):
        top, bas, taille = cle
        milieu = (top + bas) / 2
        cible = None
        for li in reversed(actives):
            if ((li.top <= milieu <= li.bas or top <= (li.top + li.bas) / 2 <= bas)
                    and taille <= TAILLE_VOISINE * li.taille and li.taille <= TAILLE_VOISINE * taille):
                cible = li
                break
        if cible is None:
            if len(actives) > 8:  # lines wholly above this band can take no later band
                actives = [li for li in actives if li.bas >= top]
            cible = _Ligne(top, bas, taille, list(bandes[cle]))
            lignes.append(cible)
            actives.append(cible)
        else:
            cible.glyphes.extend(bandes[cle])
            cible.bandes += 1
    cle_x = itemgetter(_X0, _X1)
    for li in lignes:
        if len(li.glyphes) > 1:
            li.glyphes.sort(key=cle_x)
    return lignes


def _sans_chasse(ligne: list[tuple[Any, ...]], i: int) -> bool:
    """A space character drawn over a neighbouring glyph (no advance of its own): Chromium
    leaves one at every soft hyphen it did not use. It is not a word break."""
    b = ligne[i]
    largeur = b[_X1] - b[_X0]
    if largeur <= 0.01:
        return True
    for pas in (-1, 1):
        j = i + pas
        while 0 <= j < len(ligne) and ligne[j][_BLANC]:
            j += pas
        if 0 <= j < len(ligne):
            n = ligne[j]
            if min(b[_X1], n[_X1]) - max(b[_X0], n[_X0]) >= SANS_CHASSE * largeur:
                return True
    return False


def _approche(lignes: list[_Ligne]) -> float:
    """The page's letter spacing: the median gap between neighbouring glyphs, in em.

    Most neighbours are letters of one word (four in five, even without any space
    character), so the median is the spacing inside words — tracking included — and word
    gaps lie above it. Kept within ``APPROCHE_MIN``..``APPROCHE_MAX``. A line with enough
    neighbours of its own gets its own median too (``_Ligne.approche``): a heading set with
    wide tracking ("É C H É A N C I E R") on a page of ordinary text stays one word.
    """
    bas, haut = ECARTS_MESURES
    ecarts: list[float] = []
    for li in lignes:
        gl = li.glyphes
        propres = []
        ajouter = propres.append
        for a, b in zip(gl, gl[1:]):  # noqa: B905 — neighbours
            if a[_BLANC] or b[_BLANC]:
                continue
            em = a[_TAILLE] if a[_TAILLE] >= b[_TAILLE] else b[_TAILLE]
            if em > 0:
                e = (b[_X0] - a[_X1]) / em
                if bas <= e <= haut:
                    ajouter(e)
        if len(propres) >= PAIRES_LIGNE:
            propres.sort()
            li.approche = min(max(propres[len(propres) // 2], APPROCHE_MIN), APPROCHE_MAX)
        ecarts.extend(propres)
    if not ecarts:
        return 0.0
    ecarts.sort()
    return min(max(ecarts[len(ecarts) // 2], APPROCHE_MIN), APPROCHE_MAX)


class _Compte:
    """What the word builder saw on a page, for ``LectureMots``."""

    __slots__ = ("espaces", "sans_chasse", "par_ecart", "douteux", "ecart_min")

    def __init__(self) -> None:
        self.espaces = self.sans_chasse = self.par_ecart = self.douteux = 0
        self.ecart_min: float | None = None


def _couper(li: _Ligne, seuil: float, compte: _Compte) -> None:
    """One line's glyphs → its words (``li.mots``), cut at spaces and at wide gaps (wider
    than the page's threshold, or than its own letter spacing's when that is wider)."""
    if li.approche is not None and li.approche + MARGE_MOT > seuil:
        seuil = li.approche + MARGE_MOT
    doute_bas, doute_haut = seuil - BANDE_DOUTE, seuil + BANDE_DOUTE
    gl = li.glyphes
    mots = li.mots
    une_bande = li.bandes == 1
    courant: list[tuple[Any, ...]] | None = None
    x0 = fin = haut = bas = taille = 0.0
    police = ""
    mixte = False
    for i, g in enumerate(gl):
        if g[_BLANC]:
            if _sans_chasse(gl, i):
                compte.sans_chasse += 1
                continue
            compte.espaces += 1
            if courant is not None:
                mots.append([x0, fin, haut, bas, courant, mixte])
                courant = None
            continue
        if courant is not None:
            gt = g[_TAILLE]
            em = taille if taille >= gt else gt
            e = (g[_X0] - fin) / em if em > 0 else 0.0
            if une_bande:
                alignes = True
            else:
                gh, gb = g[_TOP], g[_BAS]
                alignes = haut <= (gh + gb) / 2 <= bas or gh <= (haut + bas) / 2 <= gb
            if alignes and e <= seuil:
                if e >= doute_bas:
                    compte.douteux += 1
                courant.append(g)
                if g[_X1] > fin:
                    fin = g[_X1]
                if gt != taille or g[_POLICE] != police:
                    mixte = True
                    if g[_TOP] < haut:
                        haut = g[_TOP]
                    if g[_BAS] > bas:
                        bas = g[_BAS]
                continue
            if alignes and e <= ECART_MOT_MAX:
                compte.par_ecart += 1
                if e <= doute_haut:
                    compte.douteux += 1
                if compte.ecart_min is None or e < compte.ecart_min:
                    compte.ecart_min = e
            mots.append([x0, fin, haut, bas, courant, mixte])
        courant = [g]
        x0, fin, haut, bas, taille, police = g[_X0], g[_X1], g[_TOP], g[_BAS], g[_TAILLE], g[_POLICE]
        mixte = False
    if courant is not None:
        mots.append([x0, fin, haut, bas, courant, mixte])


def _rattacher(lignes: list[_Ligne], seuil: float) -> None:
    """Glue a word of smaller type to the word it touches in a line of larger type.

    A footnote call "*" set smaller and raised, or a superscript "er", makes a line of its
    own (another size); when it is short (``APPEL_MAX`` glyphs), stands alone on that line
    and touches a word of a larger line whose band holds it — no wider gap than a
    letter's, hardly any overlap — it is part of that word ("Hiver 2026*", "1er"). Smaller
    text that merely crosses a larger line (a running head printed over a title) stays apart.
    """
    for petite in lignes:
        grandes = [li for li in lignes if li.mots and li.taille > TAILLE_VOISINE * petite.taille
                   and li.top <= petite.bas and petite.top <= li.bas] if petite.mots else []
        if not grandes:
            continue
        voisins = petite.mots[:]  # left to right, as cut
        for k, mot in enumerate(voisins):
            if len(mot[4]) > APPEL_MAX or not _isole(voisins, k, petite.taille):
                continue
            milieu = (mot[2] + mot[3]) / 2
            for grande in grandes:
                if not grande.top <= milieu <= grande.bas:
                    continue
                em = grande.taille
                cible = None
                for autre in grande.mots:
                    avant = (mot[0] - autre[1]) / em  # the small word after this one
                    apres = (autre[0] - mot[1]) / em  # the small word before this one
                    if -RECOUVREMENT_MAX <= avant <= seuil or -RECOUVREMENT_MAX <= apres <= seuil:
                        cible = autre
                        break
                if cible is None:
                    continue
                cible[4] = sorted([*cible[4], *mot[4]], key=itemgetter(_X0, _X1))
                cible[0], cible[1] = min(cible[0], mot[0]), max(cible[1], mot[1])
                cible[2], cible[3] = min(cible[2], mot[2]), max(cible[3], mot[3])
                cible[5] = grande.taille  # its size and font are the larger line's
                petite.mots.remove(mot)
                break


def _petites_capitales(lignes: list[_Ligne], seuil: float) -> None:
    """Glue fake small caps to the full-size capitals they continue ("A"+"CTION", "L’E"+"NTENTE").

    DTP applications without a true small-caps font set lower-case letters as capitals at
    about 70 % of the size, on the same baseline: each word then mixes two sizes, which make
    lines of their own (``TAILLE_VOISINE``) and the word falls apart ("M ISE EN Œ UVRE").
    A word of smaller type made of capitals only, on the larger line's baseline
    (``LIGNE_DE_BASE`` em), touching a word of that line (no wider gap than a letter's), is
    part of it; the word keeps the larger size (that of its initials). A raised call
    ("1er", "*") is not on the baseline, and smaller text in lower case is never glued.
    """
    par_haut: dict[int, list[_Ligne]] = {}
    for li in lignes:
        if li.mots:
            par_haut.setdefault(int(li.top), []).append(li)
    for grande in lignes:
        if not grande.mots:
            continue
        tolerance = LIGNE_DE_BASE * grande.taille
        # (a line's band is its first glyph's: a raised "*" may have opened the small line)
        petites = [li for k in range(int(grande.top - grande.taille) - 1, int(grande.bas) + 2)
                   for li in par_haut.get(k, ()) if li.mots and li is not grande
                   and TAILLE_VOISINE * li.taille < grande.taille <= PETITES_CAPITALES_MAX * li.taille
                   and li.top <= grande.bas and grande.top <= li.bas]
        if not petites:
            continue
        em = grande.taille
        mots = [(m, None) for m in grande.mots] + [(m, li) for li in petites for m in li.mots
                                                  if _capitales(m[4])]
        if len(mots) == len(grande.mots):
            continue
        mots.sort(key=lambda paire: paire[0][0])
        groupes: list[list[tuple[list[Any], _Ligne | None]]] = []
        for mot, ligne in mots:
            if groupes:
                dernier, sa_ligne = groupes[-1][-1]
                ecart = (mot[0] - dernier[1]) / em
                if ((sa_ligne is None) != (ligne is None) and -RECOUVREMENT_MAX <= ecart <= seuil
                        and abs(mot[3] - dernier[3]) <= tolerance):  # on one baseline
                    groupes[-1].append((mot, ligne))
                    continue
            groupes.append([(mot, ligne)])
        nouveaux = []
        for groupe in groupes:
            if len(groupe) == 1:
                if groupe[0][1] is None:
                    nouveaux.append(groupe[0][0])
                continue
            glyphes = sorted([g for mot, _ in groupe for g in mot[4]], key=itemgetter(_X0, _X1))
            nouveaux.append([min(m[0] for m, _ in groupe), max(m[1] for m, _ in groupe),
                             min(m[2] for m, _ in groupe), max(m[3] for m, _ in groupe), glyphes, grande.taille])
            for mot, ligne in groupe:
                if ligne is not None:
                    ligne.mots.remove(mot)
        grande.mots = nouveaux


def _capitales(glyphes: list[tuple[Any, ...]]) -> bool:
    """Capitals (and signs) only, at least one letter: what fake small caps are made of."""
    texte = "".join(g[_TEXTE] for g in glyphes)
    return texte.upper() == texte and any(c.isalpha() for c in texte)


def _isole(mots: list[list[Any]], k: int, taille: float) -> bool:
    """No other word of its own line within ``ISOLEMENT`` em: a footnote call stands
    alone, a word of a running head has its neighbours a space away."""
    limite = ISOLEMENT * taille
    return ((k == 0 or mots[k][0] - mots[k - 1][1] > limite)
            and (k == len(mots) - 1 or mots[k + 1][0] - mots[k][1] > limite))


def _dominant(valeurs: list[Any]) -> Any:
    """The value most of a word's glyphs have (the first one's on a tie)."""
    return Counter(valeurs).most_common(1)[0][0]


def construire_mots(caracteres: list[dict[str, Any]]) -> tuple[list[Mot], LectureMots]:
    """A page's characters (pdfplumber's dicts) → its words, and how they were found.

    Words are cut at space characters that have an advance of their own, and at gaps wider
    than the page's letter spacing plus ``MARGE_MOT`` em; glyphs of one word also share a
    vertical band. Upright characters only (vertical text is no part of a plan's table).
    """
    glyphes = []
    ajouter = glyphes.append
    for c in caracteres:
        texte = c["text"]
        if not texte or texte in FORMATS or not c["upright"]:
            continue
        ajouter((c["top"], c["bottom"], c["x0"], c["x1"], c["size"] or (c["bottom"] - c["top"]),
                 GLYPHES.get(texte, texte), c["fontname"] or "", texte.isspace()))
    lignes = _lignes(glyphes)
    approche = _approche(lignes)
    seuil = approche + MARGE_MOT
    compte = _Compte()
    tailles = set()
    for li in lignes:
        _couper(li, seuil, compte)
        tailles.add(li.taille)
    if len(tailles) > 1:
        _petites_capitales(lignes, seuil)
        _rattacher(lignes, seuil)
    mots: list[Mot] = []
    for li in lignes:
        for x0, x1, top, bas, gl, mixte in li.mots:
            g0 = gl[0]
            if len(gl) == 1:
                texte = g0[_TEXTE]
            else:
                texte = "".join([g[_TEXTE] for g in gl])
            if mixte is False:
                taille, police = g0[_TAILLE], g0[_POLICE]
            elif mixte is True:
                taille, police = _dominant([g[_TAILLE] for g in gl]), _dominant([g[_POLICE] for g in gl])
            else:  # glued to a word of larger type: that word's size and font
                taille, police = mixte, _dominant([g[_POLICE] for g in gl if g[_TAILLE] == mixte] or [g0[_POLICE]])
            if texte[0] >= "\u2000" and _pictogramme(texte):
                continue
            mots.append(Mot(texte, float(x0), float(x1), float(top), float(bas), float(taille or 9.0), str(police)))
    lecture = LectureMots(espaces=compte.espaces, espaces_sans_chasse=compte.sans_chasse,
                          coupures_par_ecart=compte.par_ecart, approche_em=approche, seuil_em=seuil,
                          ecart_min_em=compte.ecart_min, ecarts_douteux=compte.douteux)
    return mots, replace(lecture, doute=_doute(lecture))


def _pictogramme(texte: str) -> bool:
    """An icon set as a glyph of its own (a clock before each échéancier, a calendar, a
    pin): symbols only, none of them a list marker of the genre's vocabulary (those start
    list items and are kept). It carries no text of the plan."""
    from unicodedata import category

    from extraction.vocabulaire import puces

    if not all(category(c) == "So" for c in texte):
        return False
    fortes, faibles = puces()
    return not any(c in fortes or c in faibles for c in texte)


def _em(valeur: float) -> str:
    return f"{valeur:.2f}".replace(".", ",")


def _doute(lecture: LectureMots) -> str | None:
    """Why a page's words cannot be read with confidence (said in ``qualite``), or None.

    Either many gaps fell right at the threshold (a glyph more or less in a word is a
    coin toss), or the page has no space characters and its narrowest word gap is
    hardly wider than the spacing inside words.
    """
    if lecture.ecarts_douteux >= DOUTE_MIN:
        return (f"{lecture.ecarts_douteux} écarts entre glyphes à moins de {_em(BANDE_DOUTE)} em du seuil de "
                f"coupure des mots ({_em(lecture.seuil_em)} em) : des mots peuvent y être collés ou coupés à tort")
    if (lecture.sans_espaces and lecture.ecart_min_em is not None
            and lecture.ecart_min_em - lecture.approche_em < CONTRASTE_MIN):
        return (f"page sans espaces : mots reconstruits à partir d’écarts de {_em(lecture.ecart_min_em)} em "
                f"seulement (espacement des lettres {_em(lecture.approche_em)} em) : le découpage des mots est "
                f"incertain")
    return None


PUCE_DESSINEE = (0.15, 0.6)  # em: side of a list marker drawn as a shape (a browser's disc is ~0.3 em)
PUCE_ECART_MAX = 1.6  # em: at most this far left of the word it marks
FORMES_MAX = 400  # small shapes on a page beyond which they are a drawing, not list markers


def puces_dessinees(formes: list[dict[str, Any]], mots: list[Mot]) -> list[Mot]:
    """List markers drawn as shapes, as words: a browser paints a ``list-style: disc`` item's
    marker as a small filled circle, with no glyph in the text layer, so the reader sees a
    list the text does not have. A small, roughly square shape set on a line's band just
    left of a word, with no text of its own line between or under it, is read as "•" (a
    round one) or "▪" (a square one), in that word's size and font."""
    bas, haut = PUCE_DESSINEE
    petites = [f for f in formes if 1.0 <= f["x1"] - f["x0"] <= 9.0 and 1.0 <= f["bottom"] - f["top"] <= 9.0]
    if not petites or len(petites) > FORMES_MAX:
        return []
    ajouts: list[Mot] = []
    for f in petites:
        x0, x1, top, bottom = float(f["x0"]), float(f["x1"]), float(f["top"]), float(f["bottom"])
        largeur, hauteur, milieu = x1 - x0, bottom - top, (top + bottom) / 2
        if not 0.6 <= largeur / hauteur <= 1.6:
            continue
        cible: Mot | None = None
        for m in mots:
            if not m.top <= milieu <= m.bottom or not bas * m.taille <= largeur <= haut * m.taille:
                continue
            if m.x1 > x0 - 0.5 and m.x0 < x1 + 0.5:
                cible = None  # text over the shape: a decoration, not a marker
                break
            ecart = m.x0 - x1
            if 0 <= ecart <= PUCE_ECART_MAX * m.taille and (cible is None or m.x0 < cible.x0):
                cible = m
        else:
            if cible is not None and not any(m.top <= milieu <= m.bottom and x1 <= m.x1 <= cible.x0 for m in mots):
                marque = "•" if f.get("object_type") == "curve" else "▪"
                ajouts.append(Mot(marque, x0, x1, cible.top, cible.bottom, cible.taille, cible.police))
    return ajouts


def lire_page(page: Any) -> PageMiseEnPage:
    """Snapshot one pdfplumber page into plain data."""
    _preparer(page)
    caracteres = page.chars
    mots, lecture = construire_mots(caracteres)
    if _rotation(page) == 0:
        mots += puces_dessinees(page.curves + page.rects, mots)
    largeur, hauteur = float(page.width), float(page.height)
    if _rotation(page) in (90, 270):
        largeur, hauteur = hauteur, largeur
    return PageMiseEnPage(
        numero=int(page.page_number),
        largeur=largeur,
        hauteur=hauteur,
        mots=mots,
        segments=_segments(page),
        nb_caracteres=len(caracteres),
        nb_images=len(page.images),
        lecture_mots=lecture if caracteres else None,
    )


def lire_pages(pdf: Any) -> list[PageMiseEnPage]:
    """Stage 2 over a whole document, releasing each page's objects after reading."""
    pages = []
    for page in pdf.pages:
        pages.append(lire_page(page))
        page.flush_cache()
    return pages
