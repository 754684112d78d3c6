"""OCR: the first stage for pages that have no text layer (scans), read by tesseract.

Why a stage of its own rather than a rebuilt PDF: every later stage takes the page
layout (``PageMiseEnPage``: words with their boxes and sizes, ruling segments), so a
scanned page is turned straight into that, in memory. For each page without text:

1. the page is rendered with pypdfium2 (already a pdfplumber dependency) at 300 dpi, the
   resolution tesseract's models expect;
2. the ``tesseract`` command (French model) reads the image from its standard input and
   writes hOCR on its standard output — nothing is written to disk; its hOCR gives every
   word with its box, its line's baseline and font size (pages run in parallel, one
   tesseract thread each);
3. the table's rulings, which a scan only has as pixels, are found again as long thin runs
   of dark pixels and become ruling segments (the grid stage relies on rulings to separate
   rows; without them two livrables of one cell run together).

Pages that already carry text are not recognised (OCR can only make them worse).

Recognised characters go through ``corriger_mots``: a few plan-agnostic rules for
tesseract's systematic confusions, decided from the page itself (glyph widths, what the
document shows elsewhere), never from expected wording: word-internal apostrophes follow
the document's (typographic ’ as soon as tesseract read one anywhere), doubled ones are
merged, a lone dash gets the character its printed width says (–, — or, opening a line,
the list marker ―), and a lone "|" — a ruling read as a glyph — is dropped. The only
requirement is the ``tesseract`` executable with its ``fra`` data; without them the stage
raises ``OcrImpossible`` saying how to install them.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from extraction.erreurs import OcrImpossible, PasUnPdf
from extraction.modele import Mot, PageMiseEnPage, Segment

RESOLUTION = 300  # dpi: tesseract's models are trained on text of about this resolution
LANGUE = "fra"
DELAI_PAGE = 300  # seconds per page before tesseract is considered stuck
INSTALLATION = (
    "installez tesseract et ses données françaises (Debian/Ubuntu : apt install tesseract-ocr "
    "tesseract-ocr-fra ; Fedora : dnf install tesseract tesseract-langpack-fra ; "
    "macOS : brew install tesseract tesseract-lang)"
)
# pdfminer's reading of a glyph box for a font whose ascent is 0.8 em and descent 0.2 em:
# the boxes the extraction was tuned on when OCR went through a rebuilt PDF.
ASCENDANTE, DESCENDANTE = 0.8, 0.2


def verifier_tesseract(pdf: Path | None = None) -> str:
    """The tesseract executable, or ``OcrImpossible`` saying how to install what is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrImpossible(pdf, f"l’OCR demande tesseract, introuvable : {INSTALLATION}")
    try:
        r = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise OcrImpossible(pdf, f"tesseract ne démarre pas ({e}) : {INSTALLATION}") from None
    if LANGUE not in {ligne.strip() for ligne in (r.stdout + r.stderr).splitlines()}:
        raise OcrImpossible(pdf, f"données françaises de tesseract absentes (langue « {LANGUE} ») : {INSTALLATION}")
    return exe


# --- recognised words ----------------------------------------------------------------------------


@dataclass(slots=True)
class MotReconnu:
    """One recognised word, in pixels of the rendered page, with its line's metrics."""

    texte: str
    x0: float
    x1: float
    ligne: int  # rank of its line on the page: tesseract's reading order
    taille: float  # the line's font size estimate (tesseract's ``x_size``), pixels
    base: float  # baseline height under the word's start, pixels from the top
    confiance: float = 100.0  # tesseract's confidence in the word (``x_wconf``), 0–100
    y0: float | None = None  # the word's own box, top and bottom (pixels), when hOCR gave it
    y1: float | None = None


class _LecteurHocr(HTMLParser):
    """Collects ``ocrx_word`` spans with the metrics of the line holding them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.mots: list[MotReconnu] = []
        self._ligne: tuple[int, list[float], float, float, float] | None = None  # rank, bbox, slope, offset, size
        self._rang = 0
        self._mot: list[float] | None = None
        self._texte: list[str] = []
        self._profondeur = 0  # span nesting inside the current word
        self._confiance = 100.0

    @staticmethod
    def _proprietes(title: str) -> dict[str, list[float]]:
        sortie: dict[str, list[float]] = {}
        for partie in title.split(";"):
            cle, _, valeurs = partie.strip().partition(" ")
            try:
                sortie[cle] = [float(v) for v in valeurs.split()]
            except ValueError:
                continue
        return sortie

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classe = a.get("class", "")
        if self._mot is not None:
            self._profondeur += tag == "span"
            return
        p = self._proprietes(a.get("title", ""))
        if classe in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat") and len(p.get("bbox", [])) == 4:
            pente, decalage = (p.get("baseline", []) + [0.0, 0.0])[:2]
            bbox = p["bbox"]
            taille = (p.get("x_size") or [bbox[3] - bbox[1]])[0]
            self._rang += 1
            self._ligne = (self._rang, bbox, pente, decalage, taille)
        elif classe == "ocrx_word" and len(p.get("bbox", [])) == 4 and self._ligne is not None:
            self._mot, self._texte, self._profondeur = p["bbox"], [], 0
            self._confiance = (p.get("x_wconf") or [100.0])[0]

    def handle_endtag(self, tag: str) -> None:
        if self._mot is None or tag != "span":
            return
        if self._profondeur:
            self._profondeur -= 1
            return
        texte = "".join(self._texte).strip()
        x0, y0, x1, y1 = self._mot
        self._mot = None
        if not texte or x1 <= x0 or self._ligne is None:
            return
        rang, bbox, pente, decalage, taille = self._ligne
        base = bbox[3] + decalage + pente * (x0 - bbox[0])
        if taille > 0:
            self.mots.append(MotReconnu(texte, x0, x1, rang, taille, base, self._confiance, y0, y1))

    def handle_data(self, data: str) -> None:
        if self._mot is not None:
            self._texte.append(data)


def lire_hocr(hocr: str) -> list[MotReconnu]:
    """Words of tesseract's hOCR output, each with its line's baseline and font size.

    hOCR rather than TSV because it carries, per line, the baseline and tesseract's font
    size estimate (``x_size``): word boxes vary with ascenders and descenders, and the
    later stages compare font sizes (headings are larger than body text).
    """
    lecteur = _LecteurHocr()
    lecteur.feed(hocr)
    lecteur.close()
    return lecteur.mots


# --- character corrections -----------------------------------------------------------------------

_TIRETS = set("-‐‑–—―_")
_TIRET_EN_DEUX = re.compile(r"(?<=\w)ÿ[-‐]")  # a long dash inside a word read as two glyphs, "ÿ-": "–"
_NUMERO = re.compile(r"^\d{1,2}(?:(?:\.\d{1,2}){1,2}\.?|[.)])$")  # "1.", "1.1", "2)": a numbered title's number
_MESURE = re.compile(r"^\d{1,2}\.\d{1,2}$")  # "1.1": a measure's number
_I_MINUSCULE = re.compile(r"^(?:i|l(?=[^aeiouyéèêâîôûà’'\W]))\w")  # "instaurer", "lmplanter": an I read small
_MOIS = frozenset(("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                   "novembre", "décembre"))
BRUIT = 20.0  # tesseract's confidence at or under which a short "word" is noise, dropped
LISTE_MIN = 0.6  # width / font size from which a dash opening a line is the list marker "―"
_APOSTROPHES = "'‘`´’"
_APOSTROPHE_DANS_MOT = re.compile(rf"(?<=\w)[{_APOSTROPHES}]+(?=\w)")
_APOSTROPHES_REPETEES = re.compile(rf"[{_APOSTROPHES}]{{2,}}")


def apostrophe_du_document(textes: Sequence[str]) -> str:
    """The apostrophe the printed document uses, judged from what tesseract read.

    Tesseract reads a typographic ’ sometimes as ’ and often as the ASCII ' (its models see
    both shapes at scan resolution), but never turns a printed straight ' into a curly ’.
    So one word-internal ’ anywhere in the document means the print is typographic, and
    every word-internal apostrophe is then written ’; otherwise the ASCII ' is kept.
    """
    for t in textes:
        if re.search(r"\w’\w", t):
            return "’"
    return "'"


def corriger_mots(mots: list[MotReconnu], apostrophe: str) -> None:
    """Undo tesseract's systematic confusions, in place, from the page's own evidence.

    * Apostrophes: a run of apostrophe look-alikes inside a word ("d’'ententes") is one
      apostrophe, written as the document's (``apostrophe_du_document``).
    * Two confusions the genre's typography settles: the word after a line's opening
      number ("1.1", "2.") starts a title, so with a capital ("instaurer" → "Instaurer",
      "lmplanter" → "Implanter"); "ler" or "Ier" before a month is "1er"; "À." opening a
      line before capitals is the section letter "A."; a two-digit number opening a line
      where the page's "1.1"-style numbers open theirs, before a capital, lost its dot
      ("12" → "1.2"); "ÿ-" inside a word is a long dash read as two glyphs: "–".
    * A word that is only a vertical bar is a table ruling read as a glyph: dropped (the
      rulings are redrawn from the image); a bar glued to either end of a word, removed.
    * A word that is only a dash is classified by its printed width, which tesseract
      measures reliably, rather than by the glyph it guessed: about one em (the line's
      font size) is "—"; opening a line, from ``LISTE_MIN`` of an em, it is the list
      marker "―" (U+2015: some fonts, Carlito for one, draw it 0.9 em wide, and
      tesseract's box is the ink's); about half an em is "–"; narrower is "-".
    """
    garder: list[MotReconnu] = []
    premiere_de_ligne: set[int] = set()
    vues: set[int] = set()
    ordre = sorted(mots, key=lambda m: (m.ligne, m.x0))
    for m in ordre:
        if m.ligne not in vues:
            vues.add(m.ligne)
            premiere_de_ligne.add(id(m))
    # Mean letter width of each line, from its words (dashes and bars aside), when it has
    # enough letters to tell.
    lettres: dict[int, list[float]] = {}
    for m in ordre:
        if len(m.texte) >= 3 and any(c.isalnum() for c in m.texte):
            somme = lettres.setdefault(m.ligne, [0.0, 0.0])
            somme[0] += m.x1 - m.x0
            somme[1] += len(m.texte)
    chasses = {ligne: largeur / n for ligne, (largeur, n) in lettres.items() if n >= 12}
    # Where the page's numbered titles start ("1.1 …" opening a line): a two-digit number
    # opening a line there, before a capital, is one whose dot tesseract dropped ("12").
    numerotes = [m.x0 for m in ordre if id(m) in premiere_de_ligne and _MESURE.match(m.texte)]
    for avant, m in zip(ordre, ordre[1:], strict=False):
        if (avant.ligne == m.ligne and id(avant) in premiere_de_ligne and re.fullmatch(r"\d\d", avant.texte)
                and m.texte[:1].isupper() and any(abs(x - avant.x0) <= 0.5 * avant.taille for x in numerotes)):
            avant.texte = avant.texte[0] + "." + avant.texte[1]
    for avant, m in zip(ordre, ordre[1:], strict=False):
        if avant.ligne != m.ligne:
            continue
        if id(avant) in premiere_de_ligne and avant.texte in ("À.", "À)") and m.texte[:1].isupper():
            avant.texte = "A" + avant.texte[1:]  # a section's letter: "A. TITRE", read with the accent of "À"
        elif id(avant) in premiere_de_ligne and _NUMERO.match(avant.texte) and _I_MINUSCULE.match(m.texte):
            m.texte = "I" + m.texte[1:]  # a numbered title starts with a capital: "1.1 instaurer" read "i" for "I"
        elif avant.texte in ("ler", "Ier", "1er") and m.texte.lower() in _MOIS:
            avant.texte = "1er"  # "1er avril": the figure read as a letter
    for m in mots:
        t = m.texte
        if set(t) <= {"|", "¦"}:
            continue
        if t[:1] in "|¦" or t[-1:] in "|¦":
            # A ruling read as a bar glued to the word beside it: the bar goes, and the
            # word's box shrinks by its share.
            part = (m.x1 - m.x0) / len(t)
            if t[:1] in "|¦":
                t, m.x0 = t[1:], m.x0 + part
            if t[-1:] in "|¦":
                t, m.x1 = t[:-1], m.x1 - part
        if t and set(t) <= _TIRETS:
            largeur = (m.x1 - m.x0) / m.taille
            chasse = chasses.get(m.ligne)
            if id(m) in premiere_de_ligne and largeur >= LISTE_MIN:
                t = "―"  # a long dash opening a line: the list marker, drawn a little narrower by some fonts
            elif chasse is not None:
                # Inside a line, the letters beside it are a steadier yardstick than the
                # line's estimated size: about one letter wide is "–", two is "—".
                relative = (m.x1 - m.x0) / chasse
                t = "—" if relative >= 1.6 else "–" if relative >= 0.5 else "-"
            elif largeur >= 0.75:
                t = "—"
            elif largeur >= 0.4:
                t = "–"
            else:
                t = "-"
        else:
            t = _APOSTROPHES_REPETEES.sub(apostrophe, t)
            t = _APOSTROPHE_DANS_MOT.sub(apostrophe, t)
            t = _TIRET_EN_DEUX.sub("–", t)
        m.texte = t
        garder.append(m)
    mots[:] = garder


_E_SANS_ACCENT = re.compile(r"^(E)([a-zà-ÿœ’'-]+)([.,;:!?)»]*)$")


@cache
def _lexique() -> Any | None:
    """A French word list (pyspellchecker's), or None when it is not installed: the accent
    correction is then skipped, the rest of the OCR works the same."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    return SpellChecker(language="fr", distance=1)


def rendre_accents(mots: list[MotReconnu], lexique: Any | None = None) -> None:
    """Tesseract often reads a capital "É" as "E" ("Elaborer", "Etablir"). A word opening
    with "E" that French does not know, while it knows it with "é", gets its accent back;
    every other word stays as read (names, words French knows either way)."""
    lexique = lexique if lexique is not None else _lexique()
    if lexique is None:
        return
    for m in mots:
        trouve = _E_SANS_ACCENT.match(m.texte)
        if trouve is None:
            continue
        reste = trouve.group(2).lower()
        if ("e" + reste) not in lexique and ("é" + reste) in lexique:
            m.texte = "É" + trouve.group(2) + trouve.group(3)


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


def _eroder(masque: Any, rayon: int) -> Any:
    """A boolean image shrunk by ``rayon`` pixels each way (a cross-shaped erosion)."""
    sortie = masque.copy()
    for d in range(1, rayon + 1):
        sortie[d:] &= masque[:-d]
        sortie[:-d] &= masque[d:]
        sortie[:, d:] &= masque[:, :-d]
        sortie[:, :-d] &= masque[:, d:]
    return sortie


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


def _dilater(masque: Any, rayon: int) -> Any:
    return ~_eroder(~masque, rayon)


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


def _png(image: Any) -> bytes:
    tampon = io.BytesIO()
    image.save(tampon, format="PNG")
    return tampon.getvalue()


def _tesseract(exe: str, image_png: bytes, bloc: bool = False, ligne: bool = False) -> str:
    """hOCR of one page image (or, with ``bloc``, of one block of text: a fill's negative;
    with ``ligne``, of one line), read from standard input; one thread per process since
    pages run in parallel."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    mode = ["--psm", "6"] if bloc else ["--psm", "7"] if ligne else []
    try:
        r = subprocess.run(
            [exe, "stdin", "stdout", "-l", LANGUE, "--dpi", str(RESOLUTION), *mode, "hocr"],
            input=image_png, capture_output=True, timeout=DELAI_PAGE, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"tesseract n’a pas fini une page en {DELAI_PAGE} s") from None
    except OSError as e:
        raise RuntimeError(f"tesseract ne démarre pas ({e})") from None
    if r.returncode != 0:
        derniere = (r.stderr.decode("utf-8", "replace").strip().splitlines() or [f"code {r.returncode}"])[-1]
        raise RuntimeError(f"tesseract a échoué ({derniere})")
    return r.stdout.decode("utf-8", "replace")


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
                images[n] = (float(image.width), float(image.height))
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
        groupes = a_relire(lus)
        if groupes:
            lectures, origines = [], []
            for groupe, (x0, y0, x1, y1) in groupes:
                marge = 0.3 * max(m.taille for m in groupe)
                boite = (max(0, int(x0 - marge)), max(0, int(y0 - marge)), int(x1 + marge), int(y1 + marge))
                lectures.append(lire_hocr(_tesseract(exe, _png(textes[n].crop(boite)), ligne=True)))
                origines.append((float(boite[0]), float(boite[1])))
            lus = relu(lus, [g for g, _b in groupes], lectures, origines)
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
