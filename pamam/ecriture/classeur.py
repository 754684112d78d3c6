"""Excel workbooks made for people: each edition's ``livrables.xlsx`` and ``sorties/pamam.xlsx``.

Most readers of the PAMAM follow-up open a spreadsheet, not a CSV: they need real dates
(so that sorting and filtering by deadline works), a header that stays visible, filters,
readable widths, a colour per statut, overdue rows that stand out, and a sheet that says
what the colours and columns mean. ``pamam.xlsx`` puts every edition side by side (one
sheet each, oldest first) with the change list of every consecutive pair, so that one
file answers "what is late, and what moved since last time?".

Workbooks are deterministic: built in memory (XlsxWriter then stamps every zip member
1980-01-01) with the creation date set to the latest edition's publication date, so a
regeneration of the same editions gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pamam.comparaison.types import CLES as CLES_CHANGEMENT
from pamam.ecriture.plan import COLONNES_CSV, COULEURS_STATUT, iter_livrables

#: What each statut means, for the legend sheet.
SENS_STATUT: dict[str, str] = {
    "realise": "Réalisé.",
    "realise_en_continu": "Réalisé, et se poursuit en continu.",
    "en_continu": "Activité permanente, sans échéance.",
    "en_cours": "En cours de réalisation.",
    "planifie": "Prévu dans la fenêtre indiquée (début → fin).",
    "conditionnel": "Dépend d’un événement (voir la colonne condition).",
    "recurrent": "Se répète (voir la colonne recurrence).",
    "reporte": "Reporté.",
    "abandonne": "Abandonné.",
    "indetermine": "Échéancier qu’aucune règle n’a compris : à vérifier dans le PDF.",
}

#: Background per family of change type in the "changements" sheet.
COULEURS_CHANGEMENT: dict[str, str] = {
    "echeance_reportee": "#FCE5CD",
    "echeance_devancee": "#D9EAD3",
    "statut_modifie": "#CFE2F3",
    "ajout": "#DDEBF7",
    "retrait": "#D9D9D9",
}

#: Columns of the "changements" sheet: the two editions compared, then the keys of one change.
COLONNES_CHANGEMENTS: list[str] = ["edition_avant", "edition_apres", *CLES_CHANGEMENT]

LARGEURS: dict[str, float] = {
    "version": 9,
    "section": 8,
    "section_titre": 24,
    "objectif": 30,
    "action": 7,
    "action_titre": 30,
    "mesure": 8,
    "mesure_titre": 36,
    "livrable_no": 8,
    "livrable": 48,
    "echeancier": 26,
    "statut": 16,
    "debut": 11,
    "fin": 11,
    "precision": 10,
    "ouvert": 8,
    "condition": 24,
    "recurrence": 20,
    "edtf": 22,
    "en_retard": 9,
    "page": 6,
    "edition_avant": 10,
    "edition_apres": 10,
    "type": 20,
    "mesure_avant": 9,
    "livrable_no_avant": 9,
    "avant": 40,
    "apres": 40,
    "ecart_jours": 9,
    "details": 60,
}

ROUGE_RETARD = "#9C0006"


def _date(v: Any) -> dt.datetime | None:
    if not isinstance(v, str) or not v:
        return None
    try:
        return dt.datetime.strptime(v[:10], "%Y-%m-%d")
    except ValueError:
        return None


class Styles:
    """The workbook's cell formats, made once each (XlsxWriter wants shared Format objects)."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.entete = wb.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "top",
                "border": 1,
            }
        )
        self.titre = wb.add_format({"bold": True, "font_size": 13})
        self._cache: dict[tuple[str, bool, bool], Any] = {}

    def cellule(self, fond: str | None, date: bool = False, retard: bool = False) -> Any:
        """Wrapped, top-aligned, thin grey border, background ``fond``; dates as yyyy-mm-dd."""
        cle = (fond or "#FFFFFF", date, retard)
        if cle not in self._cache:
            props: dict[str, Any] = {
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "border_color": "#BFBFBF",
                "bg_color": cle[0],
            }
            if date:
                props["num_format"] = "yyyy-mm-dd"
            if retard:
                props["font_color"] = ROUGE_RETARD
                props["bold"] = True
            self._cache[cle] = self.wb.add_format(props)
        return self._cache[cle]


def _ecrire(ws: Any, i: int, j: int, v: Any, fmt: Any, fmt_date: Any, date: bool = False) -> None:
    """One cell with its real type: date, boolean, number, blank or text."""
    d = _date(v) if date else None
    if d is not None:
        ws.write_datetime(i, j, d, fmt_date)
    elif isinstance(v, bool):
        ws.write_boolean(i, j, v, fmt)
    elif isinstance(v, int | float):
        ws.write_number(i, j, v, fmt)
    elif v is None or v == "":
        ws.write_blank(i, j, None, fmt)
    else:
        ws.write_string(i, j, str(v), fmt)


def _entete(ws: Any, styles: Styles, colonnes: list[str], nb_lignes: int) -> None:
    for j, c in enumerate(colonnes):
        ws.write_string(0, j, c, styles.entete)
        ws.set_column(j, j, LARGEURS.get(c, 18))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, nb_lignes), len(colonnes) - 1)


def feuille_livrables(wb: Any, styles: Styles, nom: str, lignes: list[dict[str, Any]]) -> Any:
    """One sheet of livrables (rows of ``iter_livrables``), coloured by statut, overdue in bold red."""
    ws = wb.add_worksheet(nom[:31])
    extras: list[str] = []
    for r in lignes:
        for k in r.get("colonnes_supplementaires") or {}:
            if k not in extras:
                extras.append(k)
    colonnes = COLONNES_CSV + extras
    _entete(ws, styles, colonnes, len(lignes))
    for i, r in enumerate(lignes, 1):
        fond = COULEURS_STATUT.get(r.get("statut") or "", "#FFFFFF")
        retard = bool(r.get("en_retard"))
        fmt, fmt_date = styles.cellule(fond, retard=retard), styles.cellule(fond, date=True, retard=retard)
        for j, c in enumerate(colonnes):
            v = (r.get("colonnes_supplementaires") or {}).get(c, "") if c in extras else r.get(c)
            _ecrire(ws, i, j, v, fmt, fmt_date, date=c in ("debut", "fin"))
    return ws


def _famille(type_: str) -> str:
    if type_.endswith(("_ajoutee", "_ajoute")):
        return "ajout"
    if type_.endswith(("_retiree", "_retire")):
        return "retrait"
    return type_


def feuille_changements(wb: Any, styles: Styles, resultats: Iterable[dict[str, Any]], nom: str = "changements") -> Any:
    """The change list of every comparison (``changements.json`` dicts), one row per change."""
    ws = wb.add_worksheet(nom)
    lignes = [
        {"edition_avant": r.get("avant"), "edition_apres": r.get("apres"), **c}
        for r in resultats
        for c in r.get("changements", [])
    ]
    _entete(ws, styles, COLONNES_CHANGEMENTS, len(lignes))
    for i, c in enumerate(lignes, 1):
        fond = COULEURS_CHANGEMENT.get(_famille(str(c.get("type", ""))), "#FFFFFF")
        fmt = styles.cellule(fond)
        for j, k in enumerate(COLONNES_CHANGEMENTS):
            _ecrire(ws, i, j, c.get(k), fmt, fmt)
    return ws


def feuille_legende(wb: Any, styles: Styles, nom: str = "légende") -> Any:
    """What the colours and every column mean, so a workbook passed around explains itself."""
    from pamam.ecriture.datapackage import COLONNES

    ws = wb.add_worksheet(nom)
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 100)
    normal = styles.cellule(None)
    i = 0
    ws.write_string(i, 0, "Couleurs des livrables (colonne statut)", styles.titre)
    i += 1
    for j, t in enumerate(("statut", "couleur", "signification")):
        ws.write_string(i, j, t, styles.entete)
    for statut, sens in SENS_STATUT.items():
        i += 1
        fond = styles.cellule(COULEURS_STATUT.get(statut, "#FFFFFF"))
        ws.write_string(i, 0, statut, fond)
        ws.write_string(i, 1, COULEURS_STATUT.get(statut, ""), fond)
        ws.write_string(i, 2, sens, normal)
    i += 1
    rouge = styles.cellule(None, retard=True)
    ws.write_string(i, 0, "en_retard", rouge)
    ws.write_string(i, 1, "texte rouge gras", rouge)
    ws.write_string(
        i,
        2,
        "Livrable en retard : sa fenêtre s’est terminée avant la publication de l’édition "
        "et il n’est ni réalisé, ni en continu, ni reporté.",
        normal,
    )
    i += 2
    ws.write_string(i, 0, "Couleurs des changements (feuille changements)", styles.titre)
    i += 1
    for j, t in enumerate(("type", "couleur", "signification")):
        ws.write_string(i, j, t, styles.entete)
    for famille, sens in (
        ("echeance_reportee", "Échéance reportée (écart en jours positif)."),
        ("echeance_devancee", "Échéance devancée (écart en jours négatif)."),
        ("statut_modifie", "Changement de statut (réalisé, reporté, abandonné…)."),
        ("ajout", "Section, action, mesure ou livrable ajouté."),
        ("retrait", "Section, action, mesure ou livrable retiré."),
    ):
        i += 1
        fond = styles.cellule(COULEURS_CHANGEMENT[famille])
        ws.write_string(i, 0, famille, fond)
        ws.write_string(i, 1, COULEURS_CHANGEMENT[famille], fond)
        ws.write_string(i, 2, sens, normal)
    i += 2
    ws.write_string(i, 0, "Colonnes", styles.titre)
    i += 1
    for j, t in enumerate(("colonne", "titre", "description")):
        ws.write_string(i, j, t, styles.entete)
    vus = set()
    explications = {
        "edition_avant": ("Édition avant", "Version de l’ancienne édition comparée (AAAA-MM)."),
        "edition_apres": ("Édition après", "Version de la nouvelle édition comparée (AAAA-MM)."),
    }
    for c in COLONNES_CSV + COLONNES_CHANGEMENTS:
        if c in vus:
            continue
        vus.add(c)
        titre, description = explications.get(c) or COLONNES[c][1:3]
        if c in ("mesure", "livrable_no"):
            description += " Dans la feuille changements : le numéro dans la nouvelle édition (vide si retiré)."
        i += 1
        ws.write_string(i, 0, c, normal)
        ws.write_string(i, 1, titre, normal)
        ws.write_string(i, 2, description, normal)
    return ws


def _nouveau_classeur(chemin: Path | str, cree: dt.datetime | None) -> Any:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(chemin), {"strings_to_numbers": False, "strings_to_urls": False, "in_memory": True})
    wb.set_properties(
        {
            "title": "PAMAM — tableau synoptique",
            "created": cree or dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        }
    )
    return wb


def _cree(plans: list[dict[str, Any]]) -> dt.datetime | None:
    """The latest publication date among the plans, as the workbook's (stable) creation time."""
    dates = sorted(_date(p.get("document", {}).get("date_publication")) or dt.datetime(2000, 1, 1) for p in plans)
    return dates[-1].replace(tzinfo=dt.UTC) if dates else None


def ecrire_classeur(
    chemin: Path | str,
    feuilles: list[tuple[str, list[dict[str, Any]]]],
    changements: list[dict[str, Any]] | None = None,
    legende: bool = True,
    cree: dt.datetime | None = None,
) -> None:
    """An .xlsx: one livrables sheet per (name, rows), then optionally changes and legend sheets."""
    wb = _nouveau_classeur(chemin, cree)
    styles = Styles(wb)
    for nom, lignes in feuilles:
        feuille_livrables(wb, styles, nom, lignes)
    if changements is not None:
        feuille_changements(wb, styles, changements)
    if legende:
        feuille_legende(wb, styles)
    wb.close()


def changements_consecutifs(plans: list[dict[str, Any]], sortie: Path) -> list[dict[str, Any]]:
    """The ``changements.json`` of each consecutive pair of ``plans`` already written under ``sortie``."""
    versions = sorted({p["document"]["version"] for p in plans})
    resultats = []
    for a, b in zip(versions, versions[1:], strict=False):
        chemin = Path(sortie) / "changements" / f"{a}__{b}" / "changements.json"
        if chemin.exists():
            resultats.append(json.loads(chemin.read_text(encoding="utf-8")))
    return resultats


def ecrire_classeur_general(plans: list[dict[str, Any]], sortie: Path, nom: str = "pamam.xlsx") -> Path:
    """``sortie/pamam.xlsx``: every edition (oldest first), the changes of consecutive pairs, a legend.

    Written through a temporary sibling and renamed, so a reader never sees half a workbook.
    """
    from pamam.fichiers import ecrire_atomique

    ordonnes = sorted(plans, key=lambda p: p["document"]["version"])
    cible = Path(sortie) / nom
    tmp = cible.with_name(f".{nom}.construction")
    cible.parent.mkdir(parents=True, exist_ok=True)
    try:
        ecrire_classeur(
            tmp,
            [(p["document"]["version"], list(iter_livrables(p))) for p in ordonnes],
            changements=changements_consecutifs(ordonnes, Path(sortie)),
            cree=_cree(ordonnes),
        )
        ecrire_atomique(cible, tmp.read_bytes())
    finally:
        tmp.unlink(missing_ok=True)
    return cible
