"""Excel workbooks made for people: each edition's ``livrables.xlsx`` and ``sorties/pamam.xlsx``.

Most readers of the PAMAM follow-up open a spreadsheet, not a CSV: they need real dates
(so that sorting and filtering by deadline works), a header that stays visible, filters,
readable widths, a colour per statut, overdue rows that stand out, and a sheet that says
what the colours and columns mean. ``pamam.xlsx`` puts every edition side by side (one
sheet each, oldest first) with the change list of every consecutive pair, so that one
file answers "what is late, and what moved since last time?".

Columns are titled in words (each ``Colonne.titre``: "Édition", "Titre de la mesure") and
codes are shown as a person reads them ("Réalisé", "Échéance reportée"), with the code kept
in a column of its own ("Statut (code)") for filters and formulas that want it; the CSV
files, the database and pandas keep the codes.

Workbooks are deterministic: built in memory (XlsxWriter then stamps every zip member
1980-01-01) with the creation date set to the latest edition's publication date, so a
regeneration of the same editions gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from normalisation.echeances import STATUT, TABLE_STATUTS
from normalisation.modele import Plan
from pamam.ecriture.colonnes import (
    CHANGEMENTS,
    EDITIONS_COMPAREES,
    HISTORIQUE,
    LIVRABLES,
    SUIVI,
    Colonne,
    LigneSuivi,
    colonnes_livrables,
    libelle_type,
)

#: Background per family of change type in the "changements" sheet, and what the family means.
FAMILLES_CHANGEMENT: dict[str, tuple[str, str]] = {
    "echeance_reportee": ("#FCE5CD", "Échéance reportée (écart en jours positif)."),
    "echeance_devancee": ("#D9EAD3", "Échéance devancée (écart en jours négatif)."),
    "statut_modifie": ("#CFE2F3", "Changement de statut (réalisé, reporté, abandonné…)."),
    "ajout": ("#DDEBF7", "Section, action, mesure ou livrable ajouté."),
    "retrait": ("#D9D9D9", "Section, action, mesure ou livrable retiré."),
}

#: Columns of the "changements" sheet: the two editions compared, then the keys of one change.
COLONNES_CHANGEMENTS: tuple[Colonne, ...] = (*EDITIONS_COMPAREES, *CHANGEMENTS)

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
    "identifiant": 10,
    "premiere_edition": 10,
    "derniere_edition": 10,
    "nb_editions": 9,
    "echeancier_initial": 24,
    "debut_initial": 11,
    "fin_initial": 11,
    "echeancier_actuel": 24,
    "debut_actuel": 11,
    "fin_actuel": 11,
    "statut_actuel": 16,
    "reports": 8,
    "glissement_jours": 10,
    "parcours_statut": 30,
    "retard_jours": 9,
    "retire_dans": 10,
}

#: Width of a column that holds codes beside their words ("Statut (code)").
LARGEUR_CODE = 14

ROUGE_RETARD = "#9C0006"


def _date(v: Any) -> dt.datetime | None:
    if isinstance(v, dt.date):
        return dt.datetime(v.year, v.month, v.day)
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


@dataclass(frozen=True)
class Vue:
    """One column of a sheet as a person sees it: its title in words, its value, its width."""

    titre: str
    type: str
    valeur: Callable[[Any], Any]
    largeur: float


def vues(colonnes: Iterable[Colonne]) -> list[Vue]:
    """The sheet's columns: each ``Colonne`` under its title, and for a coded one (``libelle``)
    its words then its code ("Statut", "Statut (code)")."""
    sortie = []
    for c in colonnes:
        largeur = LARGEURS.get(c.nom, 18)
        if c.libelle is None:
            sortie.append(Vue(c.titre, c.type, c.valeur, largeur))
            continue
        libelle = c.libelle
        sortie.append(Vue(c.titre, "string", lambda o, v=c.valeur, f=libelle: f(v(o)), largeur))
        sortie.append(Vue(titre_code(c), c.type, c.valeur, LARGEUR_CODE))
    return sortie


def titre_code(c: Colonne) -> str:
    """Title of the column that keeps a coded column's codes."""
    return f"{c.titre} (code)"


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


def _entete(ws: Any, styles: Styles, colonnes: Sequence[Vue], nb_lignes: int) -> None:
    for j, c in enumerate(colonnes):
        ws.write_string(0, j, c.titre, styles.entete)
        ws.set_column(j, j, c.largeur)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, nb_lignes), len(colonnes) - 1)


def _lignes(ws: Any, styles: Styles, colonnes: Sequence[Vue], objets: Iterable[Any],
            style: Callable[[Any], tuple[str | None, bool]]) -> None:
    """One row per object; ``style(objet)`` gives its background and whether it is overdue."""
    for i, o in enumerate(objets, 1):
        fond, retard = style(o)
        fmt, fmt_date = styles.cellule(fond, retard=retard), styles.cellule(fond, date=True, retard=retard)
        for j, c in enumerate(colonnes):
            _ecrire(ws, i, j, c.valeur(o), fmt, fmt_date, date=c.type == "date")


def _fond_statut(code: str | None) -> str:
    statut = STATUT.get(code or "")
    return statut.couleur if statut else "#FFFFFF"


def feuille_livrables(wb: Any, styles: Styles, nom: str, plan: Plan) -> Any:
    """One sheet of an edition's livrables, coloured by statut, overdue in bold red."""
    ws = wb.add_worksheet(nom[:31])
    colonnes = vues(colonnes_livrables(plan))
    livrables = plan.livrables
    _entete(ws, styles, colonnes, len(livrables))
    _lignes(ws, styles, colonnes, livrables, lambda li: (_fond_statut(li.echeance.statut), li.echeance.en_retard))
    return ws


def feuille_suivi(wb: Any, styles: Styles, lignes: Sequence[LigneSuivi], nom: str = "suivi") -> Any:
    """Each livrable followed across editions (``suivi.csv``), coloured by its current statut."""
    ws = wb.add_worksheet(nom)
    colonnes = vues(SUIVI)
    _entete(ws, styles, colonnes, len(lignes))
    _lignes(ws, styles, colonnes, lignes, lambda r: (_fond_statut(r.statut_actuel), r.en_retard))
    return ws


def famille_changement(type_: str) -> str:
    """The colour family of a change type: additions, removals, or the type itself."""
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
    colonnes = vues(COLONNES_CHANGEMENTS)
    _entete(ws, styles, colonnes, len(lignes))

    def style(c: dict[str, Any]) -> tuple[str | None, bool]:
        famille = FAMILLES_CHANGEMENT.get(famille_changement(str(c.get("type", ""))))
        return (famille[0] if famille else None), False

    _lignes(ws, styles, colonnes, lignes, style)
    return ws


def feuille_legende(wb: Any, styles: Styles, nom: str = "légende") -> Any:
    """What the colours and every column mean, so a workbook passed around explains itself."""
    ws = wb.add_worksheet(nom)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 100)
    normal = styles.cellule(None)
    i = 0
    ws.write_string(i, 0, "Couleurs des livrables (colonne Statut)", styles.titre)
    i += 1
    for j, t in enumerate(("Statut", "Code (colonne « Statut (code) »)", "Couleur", "Signification")):
        ws.write_string(i, j, t, styles.entete)
    for statut in TABLE_STATUTS:
        i += 1
        fond = styles.cellule(statut.couleur)
        ws.write_string(i, 0, statut.libelle, fond)
        ws.write_string(i, 1, statut.code, fond)
        ws.write_string(i, 2, statut.couleur, fond)
        ws.write_string(i, 3, statut.sens, normal)
    i += 1
    rouge = styles.cellule(None, retard=True)
    ws.write_string(i, 0, "En retard", rouge)
    ws.write_string(i, 1, "en_retard", rouge)
    ws.write_string(i, 2, "texte rouge gras", rouge)
    ws.write_string(
        i,
        3,
        "Livrable en retard : sa fenêtre s’est terminée avant la publication de l’édition "
        "et il n’est ni réalisé, ni en continu, ni reporté.",
        normal,
    )
    i += 2
    ws.write_string(i, 0, "Couleurs des changements (feuille changements)", styles.titre)
    i += 1
    for j, t in enumerate(("Famille", "Code", "Couleur", "Signification")):
        ws.write_string(i, j, t, styles.entete)
    for famille, (couleur, sens) in FAMILLES_CHANGEMENT.items():
        i += 1
        fond = styles.cellule(couleur)
        ws.write_string(i, 0, libelle_famille(famille), fond)
        ws.write_string(i, 1, famille, fond)
        ws.write_string(i, 2, couleur, fond)
        ws.write_string(i, 3, sens, normal)
    i += 2
    ws.write_string(i, 0, "Colonnes", styles.titre)
    i += 1
    ws.write_string(
        i, 0,
        "Chaque colonne porte un titre en mots ; entre parenthèses, son nom dans les fichiers CSV, la base SQLite "
        "et pandas. Une colonne « (code) » garde le code du mot affiché à sa gauche.",
        normal,
    )
    i += 1
    for j, t in enumerate(("Titre", "Nom (CSV)", "Feuilles", "Description")):
        ws.write_string(i, j, t, styles.entete)
    for c, feuilles, description in lignes_legende():
        i += 1
        ws.write_string(i, 0, c.titre, normal)
        ws.write_string(i, 1, c.nom, normal)
        ws.write_string(i, 2, feuilles, normal)
        ws.write_string(i, 3, description, normal)
        if c.libelle is not None:
            i += 1
            ws.write_string(i, 0, titre_code(c), normal)
            ws.write_string(i, 1, c.nom, normal)
            ws.write_string(i, 2, feuilles, normal)
            ws.write_string(i, 3, f"Le code de la colonne « {c.titre} », tel qu’il est écrit dans les fichiers.",
                            normal)
    return ws


def libelle_famille(famille: str) -> str:
    """A change family in words: a change type's label, or "Ajout" / "Retrait"."""
    return {"ajout": "Ajout", "retrait": "Retrait"}.get(famille) or str(libelle_type(famille))


def lignes_legende() -> list[tuple[Colonne, str, str]]:
    """Every column of the workbook's sheets, once: (column, the sheets it is in, its description)."""
    feuilles = (
        ("éditions", LIVRABLES),
        ("changements", COLONNES_CHANGEMENTS),
        ("suivi", SUIVI),
    )
    vus: dict[str, tuple[Colonne, list[str]]] = {}
    for feuille, colonnes in feuilles:
        for c in colonnes:
            if c.nom in vus:
                vus[c.nom][1].append(feuille)
            else:
                vus[c.nom] = (c, [feuille])
    sortie = []
    for nom, (c, ou) in vus.items():
        description = c.description
        if nom in ("mesure", "livrable_no"):
            description += (" Dans la feuille changements : le numéro dans la nouvelle édition (vide si retiré) ;"
                            " dans la feuille suivi : dans la dernière édition où le livrable figure.")
        sortie.append((c, ", ".join(ou), description))
    # historique.csv's own columns, for readers of that file beside the workbook.
    for c in HISTORIQUE:
        if c.nom not in vus:
            sortie.append((c, "historique.csv", c.description))
    return sortie


def _nouveau_classeur(chemin: Path | str | IO[bytes], cree: dt.datetime | None) -> Any:
    import xlsxwriter

    cible = str(chemin) if isinstance(chemin, str | Path) else chemin
    wb = xlsxwriter.Workbook(cible, {"strings_to_numbers": False, "strings_to_urls": False, "in_memory": True})
    wb.set_properties(
        {
            "title": "PAMAM — tableau synoptique",
            "created": cree or dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        }
    )
    return wb


def _cree(plans: Sequence[Plan]) -> dt.datetime | None:
    """The latest publication date among the plans, as the workbook's (stable) creation time."""
    dates = sorted(_date(p.publication) or dt.datetime(2000, 1, 1) for p in plans)
    return dates[-1].replace(tzinfo=dt.UTC) if dates else None


def ecrire_classeur(
    chemin: Path | str | IO[bytes],
    plans: Sequence[Plan],
    changements: list[dict[str, Any]] | None = None,
    legende: bool = True,
    cree: dt.datetime | None = None,
    suivi: Sequence[LigneSuivi] | None = None,
) -> None:
    """An .xlsx: one livrables sheet per edition (named after its version), then optionally
    the changes, the follow-up (``suivi``) and the legend sheets."""
    wb = _nouveau_classeur(chemin, cree)
    styles = Styles(wb)
    for plan in plans:
        feuille_livrables(wb, styles, plan.version, plan)
    if changements is not None:
        feuille_changements(wb, styles, changements)
    if suivi is not None:
        feuille_suivi(wb, styles, suivi)
    if legende:
        feuille_legende(wb, styles)
    wb.close()


def ecrire_classeur_general(plans: Sequence[Plan], resultats: Sequence[dict[str, Any]], cible: Path,
                            suivi: Sequence[LigneSuivi] | None = None) -> Path:
    """``pamam.xlsx``: every edition (oldest first), the changes of consecutive pairs, each
    livrable followed across editions (``suivi``), a legend.

    Built in memory and written through a temporary sibling renamed into place, so a
    reader never sees half a workbook.
    """
    import io

    from pamam.fichiers import ecrire_atomique

    ordonnes = sorted(plans, key=lambda p: p.version)
    tampon = io.BytesIO()
    ecrire_classeur(tampon, ordonnes, changements=list(resultats), cree=_cree(ordonnes), suivi=suivi)
    ecrire_atomique(Path(cible), tampon.getvalue())
    return Path(cible)
