"""The exact general-case allocation: a 0/1 programme solved by HiGHS (through ``scipy.optimize.milp``).

Used when the fast flow-and-colouring method does not apply (a workshop missing from some rounds, or
with a capacity that differs between rounds). ``realise_rounds`` first tries to give rounds to the
pairs of the round-free relaxation's optimum (cheap: a feasibility question over those pairs only);
``allocate_milp`` solves the full model when that fails. There, one solve with a dominating weight
gives the lexicographic optimum: every assignment earns ``big`` minus its rank², where ``big``
exceeds the largest sum of rank² any allocation can have, so one more assigned pair always outweighs
every possible change in rank². HiGHS runs with a zero optimality gap, and all coefficients are
integers, so the optimum it proves is exact. (A two-pass solve, pairs first then rank² with the pairs
fixed, was measured slower: the fixed-count row makes HiGHS's presolve and heuristics expensive;
presolve is off for the same reason.) Scale of the full programme, measured on 2 cores: a few
hundred participants well under a second, 1,000 participants × 10 workshops about a second,
3,000 × 20 some 20–35 s (see docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# HiGHS stops at a 0.01 % gap by default; the promise is exact optimality, so demand a zero gap.
# Presolve finds nothing to remove in this model and costs seconds at a thousand participants.
_OPTIONS = {"mip_rel_gap": 0.0, "presolve": False}
# A bounded search for rounds: the answer is either found quickly or not worth waiting for, since the
# full programme decides anyway. A node limit (not a time limit) keeps the outcome deterministic.
_REALISE_OPTIONS = {"presolve": False, "node_limit": 200}


def realise_rounds(sessions: Sequence[tuple[str, str, int, int]],
                   pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]] | None:
    """Sessions for exactly the given (participant, workshop) ``pairs``, or ``None``.

    Promise: a returned mapping (participant -> session ids in round order; participants of ``pairs``
    only) gives every pair one session of its workshop, no participant two sessions in one round, and
    no session more than its capacity. ``None`` means HiGHS found no such choice within its node limit
    (none may exist). ``sessions`` as for ``allocate_milp``; pairs must be distinct."""
    by_workshop: dict[str, list[tuple[str, str, int, int]]] = {}
    for session in sorted(sessions, key=lambda s: (s[2], s[0])):
        if session[3] > 0:
            by_workshop.setdefault(session[1], []).append(session)
    rows: list[int] = []
    lower: list[int] = []
    upper: list[int] = []
    row_of: dict[tuple, int] = {}
    columns: list[tuple[str, tuple[str, str, int, int]]] = []
    for pair_number, (participant, workshop) in enumerate(sorted(pairs)):
        if workshop not in by_workshop:
            return None
        for session in by_workshop[workshop]:
            for key, low, high in ((("pair", pair_number), 1, 1), (("round", participant, session[2]), 0, 1),
                                   (("seats", session[0]), 0, session[3])):
                if key not in row_of:
                    row_of[key] = len(upper)
                    lower.append(low)
                    upper.append(high)
                rows.append(row_of[key])
            columns.append((participant, session))
    if not columns:
        return {}
    n = len(columns)
    # Each column appears in exactly three rows, in the order they were appended.
    matrix = coo_array((np.ones(len(rows)), (rows, np.repeat(np.arange(n), 3))), shape=(len(upper), n))
    found = milp(np.zeros(n), constraints=[LinearConstraint(matrix, np.asarray(lower), np.asarray(upper))],
                 integrality=np.ones(n), bounds=Bounds(0, 1), options=_REALISE_OPTIONS)
    if found.x is None or found.status not in (0, 1):
        return None
    chosen = sorted((columns[i] for i in np.flatnonzero(found.x > 0.5)), key=lambda c: (c[0], c[1][2]))
    # Re-check the rounded answer outright: the promise must not rest on solver tolerances.
    seats_used = Counter(session[0] for _, session in chosen)
    if ({(p, session[1]) for p, session in chosen} != set(pairs) or len(chosen) != len(pairs)
            or len({(p, session[2]) for p, session in chosen}) != len(chosen)
            or any(seats_used[session[0]] > session[3] for _, session in chosen)):
        return None
    result: dict[str, list[str]] = {}
    for participant, session in chosen:
        result.setdefault(participant, []).append(session[0])
    return result


def allocate_milp(sessions: Sequence[tuple[str, str, int, int]],
                  rankings: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Exactly optimal allocation for validated ``sessions`` and cleaned ``rankings``.

    ``sessions`` are ``(session_id, workshop_id, round, capacity)`` with at most one session per
    workshop and round; ``rankings`` map each participant to distinct known workshop ids in rank order.
    Promise: the returned allocation (participant -> session ids, ordered by round, every participant
    present) is feasible, has the most assigned (participant, round) pairs possible, and among those
    the least sum of rank². Raises ``RuntimeError`` if HiGHS does not report an optimum.

    Why ``big`` dominates: if C bounds every allocation's sum of rank² and big > C, an allocation with
    k + 1 pairs scores at most C - big·(k + 1) < -big·k, below any allocation with k pairs.
    """
    by_workshop: dict[str, list[tuple[str, str, int, int]]] = {}
    for session in sorted(sessions, key=lambda s: (s[2], s[0])):
        if session[3] > 0:  # a session without seats can hold nobody: no variable needed
            by_workshop.setdefault(session[1], []).append(session)

    # One 0/1 variable per (participant, session of a workshop the participant ranked).
    owner: list[str] = []
    session_of: list[tuple[str, str, int, int]] = []
    cost: list[int] = []
    rows: list[int] = []
    cols: list[int] = []
    upper: list[int] = []
    row_of: dict[tuple, int] = {}

    def add(row_key: tuple, limit: int, column: int) -> None:
        row = row_of.get(row_key)
        if row is None:
            row = row_of[row_key] = len(upper)
            upper.append(limit)
        rows.append(row)
        cols.append(column)

    for participant in sorted(rankings):
        for rank, workshop in enumerate(rankings[participant], start=1):
            for session in by_workshop.get(workshop, ()):
                column = len(owner)
                owner.append(participant)
                session_of.append(session)
                cost.append(rank * rank)
                add(("round", participant, session[2]), 1, column)  # one session per round
                add(("workshop", participant, workshop), 1, column)  # never the same workshop twice
                add(("seats", session[0]), session[3], column)  # no session over capacity

    result: dict[str, list[str]] = {participant: [] for participant in rankings}
    if not owner:
        return result
    n = len(owner)
    matrix = coo_array((np.ones(len(rows)), (rows, cols)), shape=(len(upper), n)).tocsr()
    limits = LinearConstraint(matrix, -np.inf, np.asarray(upper, dtype=float))
    # No allocation costs more than everyone getting their worst min(rounds, ranked) choices.
    rounds = len({session[2] for session in sessions})
    big = 1 + sum(sum(k * k for k in range(len(r), max(len(r) - rounds, 0), -1)) for r in rankings.values())
    best = milp(np.asarray(cost, dtype=float) - big, constraints=[limits], integrality=np.ones(n),
                bounds=Bounds(0, 1), options=_OPTIONS)
    if not best.success:
        raise RuntimeError(f"HiGHS did not find the optimum: {best.message}")

    chosen = [(session_of[i][2], owner[i], session_of[i][0]) for i in np.flatnonzero(best.x > 0.5)]
    for _round, participant, session_id in sorted(chosen):
        result[participant].append(session_id)
    return result
