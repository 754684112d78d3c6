"""The house rules of the code, checked on its imports: data flows one way, no circles.

Why a test: the layout (sources → extraction → normalisation → comparaison → sorties, one
way in, commands on top) is what lets a newcomer find their way; it erodes one convenient
import at a time unless something fails when it does. Imports are read from the source
(``ast``), top-level and inside functions alike.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
PAQUETS = ("extraction", "normalisation", "pamam")


def _modules() -> dict[str, Path]:
    sortie = {}
    for paquet in PAQUETS:
        for p in (RACINE / paquet).rglob("*.py"):
            nom = ".".join(p.relative_to(RACINE).with_suffix("").parts)
            sortie[nom.removesuffix(".__init__")] = p
    return sortie


MODULES = _modules()


def _imports(nom: str, chemin: Path) -> set[str]:
    """Project modules ``nom`` imports (relative imports resolved)."""
    paquet = nom if chemin.name == "__init__.py" else nom.rpartition(".")[0]
    sortie: set[str] = set()
    for n in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(n, ast.ImportFrom):
            base = n.module or ""
            if n.level:
                parties = paquet.split(".")
                base = ".".join(parties[: len(parties) - n.level + 1] + ([base] if base else []))
            for a in n.names:
                if f"{base}.{a.name}" in MODULES:
                    sortie.add(f"{base}.{a.name}")
                elif base in MODULES:
                    sortie.add(base)
        elif isinstance(n, ast.Import):
            sortie |= {a.name for a in n.names if a.name in MODULES}
    sortie.discard(nom)
    return sortie


GRAPHE = {nom: _imports(nom, chemin) for nom, chemin in MODULES.items()}


def test_les_etapes_amont_n_importent_rien_de_pamam() -> None:
    fautes = {m: sorted(d for d in deps if d.startswith("pamam"))
              for m, deps in GRAPHE.items() if m.startswith(("extraction", "normalisation"))}
    assert {m: d for m, d in fautes.items() if d} == {}


def test_l_extraction_n_importe_pas_la_normalisation() -> None:
    fautes = {m: sorted(d for d in deps if d.startswith("normalisation"))
              for m, deps in GRAPHE.items() if m.startswith("extraction")}
    assert {m: d for m, d in fautes.items() if d} == {}


def test_seules_les_commandes_importent_une_commande() -> None:
    commandes = {m for m in MODULES if m.startswith("pamam.commandes.") and m != "pamam.commandes.options"}
    fautes = {m: sorted(deps & commandes) for m, deps in GRAPHE.items() if not m.startswith("pamam.commandes")}
    assert {m: d for m, d in fautes.items() if d} == {}
    entre_commandes = {m: sorted((deps & commandes) - {m}) for m, deps in GRAPHE.items() if m in commandes}
    assert {m: d for m, d in entre_commandes.items() if d} == {}


def test_aucun_cercle_d_imports() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    sur_pile: set[str] = set()
    cercles: list[list[str]] = []

    def visiter(v: str) -> None:
        index[v] = bas[v] = len(index)
        pile.append(v)
        sur_pile.add(v)
        for w in GRAPHE[v]:
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur_pile:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = []
            while True:
                w = pile.pop()
                sur_pile.discard(w)
                composante.append(w)
                if w == v:
                    break
            if len(composante) > 1:
                cercles.append(sorted(composante))

    for v in sorted(GRAPHE):
        if v not in index:
            visiter(v)
    assert cercles == []


def test_le_paquet_installe_ne_lit_pas_les_tests() -> None:
    for nom, chemin in MODULES.items():
        for n in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and not _docstring(n, chemin):
                assert "tests/" not in n.value and n.value != "tests", (nom, n.value)


def _docstring(noeud: ast.Constant, chemin: Path) -> bool:
    arbre = ast.parse(chemin.read_text(encoding="utf-8"))
    for n in ast.walk(arbre):
        if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body:
            premier = n.body[0]
            if isinstance(premier, ast.Expr) and isinstance(premier.value, ast.Constant):
                if premier.value.lineno == noeud.lineno and premier.value.col_offset == noeud.col_offset:
                    return True
    return False


def test_le_graphe_est_vu() -> None:
    """The checks above only mean something if the graph has the expected edges."""
    assert "extraction.lecture" in GRAPHE["pamam.pipeline"] or "extraction" in GRAPHE["pamam.pipeline"]
    assert "normalisation.modele" in GRAPHE["pamam.comparaison.appariement"]
    assert "normalisation.echeances.contrat" in GRAPHE["normalisation.echeances.moteur"]
