"""Proper edge colouring of bipartite multigraphs, the step that turns a round-free allocation into rounds.

König's edge-colouring theorem says a bipartite multigraph whose vertices have at most ``D`` edges each
can be coloured with ``D`` colours so that no two edges at one vertex share a colour. The constructive
proof used here: pad the graph with dummy vertices and dummy edges until every vertex has exactly ``D``
edges; a ``D``-regular bipartite multigraph has a perfect matching (Hall), and removing one leaves a
``(D-1)``-regular one. So ``D`` successive perfect matchings are the ``D`` colour classes. The matchings
are found by SciPy's Hopcroft–Karp (compiled), which keeps this fast for tens of thousands of edges.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching


def colour_bipartite(left: np.ndarray, right: np.ndarray, colours: int) -> np.ndarray:
    """Colour the edges ``(left[i], right[i])`` of a bipartite multigraph with ``colours`` colours.

    Left and right vertices are numbered from 0 independently; parallel edges are allowed. Promise:
    when no vertex has more than ``colours`` edges, the result ``c`` has one entry per edge, each in
    ``range(colours)``, and two edges that share a vertex never share a colour. Raises ``ValueError``
    when some vertex has more edges than colours (no such colouring exists then). Deterministic.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if left.shape != right.shape or left.ndim != 1:
        raise ValueError("left and right must be 1-d arrays of the same length")
    edges = len(left)
    if edges == 0:
        return np.zeros(0, dtype=np.int64)
    if colours <= 0 or left.min() < 0 or right.min() < 0:
        raise ValueError("colours must be positive and vertex numbers non-negative")
    size = int(max(left.max(), right.max())) + 1
    left_degree = np.bincount(left, minlength=size)
    right_degree = np.bincount(right, minlength=size)
    if left_degree.max() > colours or right_degree.max() > colours:
        raise ValueError("a vertex has more edges than there are colours")

    # Pad to a colours-regular multigraph on size + size vertices: both sides lack the same number of
    # edge ends (size * colours - edges), so pairing the missing ends one to one closes every gap.
    all_left = np.concatenate([left, np.repeat(np.arange(size), colours - left_degree)])
    all_right = np.concatenate([right, np.repeat(np.arange(size), colours - right_degree)])
    dummy = np.arange(len(all_left)) >= edges

    # Sort by vertex pair, real edges before dummy ones, so that when a matching picks a pair that
    # carries several parallel edges, the first still-uncoloured one (preferably a real edge) is taken.
    key = all_left * size + all_right
    order = np.lexsort((dummy, key))
    sorted_key = key[order]
    alive = np.ones(len(order), dtype=bool)
    result = np.full(edges, -1, dtype=np.int64)
    vertices = np.arange(size)

    for colour in range(colours):
        positions = np.flatnonzero(alive)
        alive_key = sorted_key[positions]
        first = positions[np.concatenate([[True], alive_key[1:] != alive_key[:-1]])]
        pair_key = sorted_key[first]
        graph = csr_array((np.ones(len(first), dtype=np.int8), (pair_key // size, pair_key % size)),
                          shape=(size, size))
        match = maximum_bipartite_matching(graph, perm_type="column")
        if (match < 0).any():  # impossible for a regular bipartite multigraph; guards against a bug
            raise RuntimeError("no perfect matching in a regular bipartite multigraph")
        taken = first[np.searchsorted(pair_key, vertices * size + match)]
        alive[taken] = False
        edge = order[taken]
        real = edge < edges
        result[edge[real]] = colour
    return result
