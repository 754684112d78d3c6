"""The contract's change vocabulary: the change types, their French labels, the keys of one change.

Standard library only (no matching, no rapidfuzz), so that writers which merely name the
types or the columns (the data package descriptor, the workbooks) can import it cheaply;
``pamam.comparaison.changements`` re-exports all of it.
"""

from __future__ import annotations

#: French label of each change type, for reports (readers are not developers); its keys are
#: every change type of the contract, in the order reports list them.
LIBELLES_TYPE: dict[str, str] = {
    "section_ajoutee": "Section ajoutée",
    "section_retiree": "Section retirée",
    "action_ajoutee": "Action ajoutée",
    "action_retiree": "Action retirée",
    "action_modifiee": "Action modifiée",
    "mesure_ajoutee": "Mesure ajoutée",
    "mesure_retiree": "Mesure retirée",
    "mesure_renumerotee": "Mesure renumérotée",
    "mesure_modifiee": "Mesure modifiée",
    "livrable_ajoute": "Livrable ajouté",
    "livrable_retire": "Livrable retiré",
    "livrable_modifie": "Livrable modifié",
    "echeance_reportee": "Échéance reportée",
    "echeance_devancee": "Échéance devancée",
    "echeance_modifiee": "Échéance modifiée",
    "statut_modifie": "Statut modifié",
}

#: Every change type of the contract, in the order reports list them.
TYPES: tuple[str, ...] = tuple(LIBELLES_TYPE)

#: What kind of news each change type is: the one grouping the reports and workbooks colour by.
FAMILLES: dict[str, str] = {
    "section_ajoutee": "ajout",
    "action_ajoutee": "ajout",
    "mesure_ajoutee": "ajout",
    "livrable_ajoute": "ajout",
    "section_retiree": "retrait",
    "action_retiree": "retrait",
    "mesure_retiree": "retrait",
    "livrable_retire": "retrait",
    "action_modifiee": "modif",
    "mesure_modifiee": "modif",
    "mesure_renumerotee": "modif",
    "livrable_modifie": "modif",
    "echeance_reportee": "report",
    "echeance_devancee": "avance",
    "echeance_modifiee": "echeance",
    "statut_modifie": "statut",
}

#: Each family in words.
LIBELLES_FAMILLE: dict[str, str] = {
    "ajout": "Ajout",
    "retrait": "Retrait",
    "modif": "Texte ou numéro modifié",
    "report": "Échéance reportée",
    "avance": "Échéance devancée",
    "echeance": "Échéance modifiée",
    "statut": "Statut modifié",
}

#: Keys of one change, in the contract's order (also the CSV header).
CLES: tuple[str, ...] = (
    "type",
    "section",
    "action",
    "mesure_avant",
    "mesure",
    "livrable_no_avant",
    "livrable_no",
    "avant",
    "apres",
    "ecart_jours",
    "details",
)
