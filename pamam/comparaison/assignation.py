"""Maximum-weight one-to-one assignment (Hungarian algorithm), pure Python.

Matching elements one by one, greedily, lets an early mediocre pair steal the partner
of a better one (two measures sharing most words, a renumbered measure next to a new
one). A global assignment avoids that. Plans hold a few dozen measures, so the
O(n²·m) algorithm below runs in milliseconds and saves a scipy dependency.
"""

from __future__ import annotations

from collections.abc import Sequence


def _hongrois(cout: Sequence[Sequence[float]]) -> list[int]:
    """Minimum-cost assignment for n rows ≤ m columns; returns the column of each row.

    Classic potentials formulation (Kuhn–Munkres with Dijkstra-like updates).
    """
    n, m = len(cout), len(cout[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)  # p[j]: row assigned to column j (1-based, 0 = none)
    chemin = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        vu = [False] * (m + 1)
        while True:
            vu[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            ligne = cout[i0 - 1]
            for j in range(1, m + 1):
                if not vu[j]:
                    c = ligne[j - 1] - u[i0] - v[j]
                    if c < minv[j]:
                        minv[j] = c
                        chemin[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if vu[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = chemin[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    colonne = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            colonne[p[j] - 1] = j - 1
    return colonne


def affecter(scores: Sequence[Sequence[float]], seuil: float) -> list[tuple[int, int]]:
    """Pairs (row, column) maximising the total score, keeping only pairs ≥ ``seuil``.

    Scores under the threshold count as zero, so the optimum is the best matching among
    admissible pairs; rows or columns left without an admissible partner stay unpaired.
    """
    if not scores or not scores[0]:
        return []
    n, m = len(scores), len(scores[0])
    poids = [[s if s >= seuil else 0.0 for s in ligne] for ligne in scores]
    if n <= m:
        colonnes = _hongrois([[-w for w in ligne] for ligne in poids])
        paires = [(i, j) for i, j in enumerate(colonnes)]
    else:
        lignes = _hongrois([[-poids[i][j] for i in range(n)] for j in range(m)])
        paires = [(i, j) for j, i in enumerate(lignes)]
    return sorted((i, j) for i, j in paires if j >= 0 and i >= 0 and scores[i][j] >= seuil)
