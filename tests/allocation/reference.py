"""Independent yardsticks for the allocation tests: a random instance maker, a feasibility checker and
a reference 0/1 programme. None of them uses conference.allocation*, so a shared mistake can't hide."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from conference.allocation import SessionSeat


def cleaned(ranking, known) -> list[str]:
    """The ranking as the objective reads it: unknown ids and repeats dropped, order kept."""
    out: list[str] = []
    for workshop in ranking:
        if workshop in known and workshop not in out:
            out.append(workshop)
    return out


def random_instance(rng: random.Random, *, uniform: bool, participants: int | None = None,
                    workshops: int | None = None, rounds: int | None = None, max_capacity: int = 6):
    """Sessions and preferences. ``uniform``: every workshop in every round, one capacity each.
    Otherwise at least one workshop misses a round or changes capacity between rounds."""
    rounds = rounds or (rng.randint(1, 4) if uniform else rng.randint(2, 4))
    workshops = workshops or rng.randint(2, 7)
    participants = participants if participants is not None else rng.randint(1, 25)
    labels = sorted(rng.sample(range(-3, 12), rounds))  # rounds need not be 1..R
    names = [f"w{i}" for i in range(workshops)]
    sessions: list[SessionSeat] = []
    for i, name in enumerate(names):
        fixed = rng.randint(0, max_capacity)
        for position, label in enumerate(labels):
            if uniform:
                capacity = fixed
            else:
                # w0 skips the last round and w1 runs in all, so the instance is never uniform by chance.
                if (i == 0 and position == rounds - 1) or (i > 1 and rng.random() < 0.25):
                    continue  # this workshop does not run in this round
                capacity = rng.randint(0, max_capacity)
            sessions.append(SessionSeat(f"{name}@{label}", name, label, capacity))
    rng.shuffle(sessions)
    preferences: dict[str, list[str]] = {}
    for p in range(participants):
        ranking = rng.sample(names, rng.randint(0, workshops))  # length 0 .. all, often < rounds
        if ranking and rng.random() < 0.2:
            ranking.insert(rng.randint(0, len(ranking)), "unknown-workshop")
        if ranking and rng.random() < 0.2:
            ranking.insert(rng.randint(0, len(ranking)), rng.choice(ranking))
        preferences[f"p{p:03d}"] = ranking
    return sessions, preferences


def check_feasible(sessions, preferences, allocation) -> tuple[int, int]:
    """Assert ``allocation`` is feasible; return (assigned pairs, sum of rank²)."""
    by_id = {s.session_id: s for s in sessions}
    known = {s.workshop_id for s in sessions}
    assert set(allocation) == set(preferences), "every participant, and only they, must appear"
    load: Counter[str] = Counter()
    pairs = cost = 0
    for participant, session_ids in allocation.items():
        assert isinstance(session_ids, list)
        chosen = [by_id[s] for s in session_ids]
        rounds = [s.round for s in chosen]
        workshops = [s.workshop_id for s in chosen]
        assert len(set(rounds)) == len(rounds), f"{participant} has two sessions in one round"
        assert len(set(workshops)) == len(workshops), f"{participant} got a workshop twice"
        assert rounds == sorted(rounds), "sessions are listed in round order"
        ranking = cleaned(preferences[participant], known)
        for session in chosen:
            assert session.workshop_id in ranking, f"{participant} did not rank {session.workshop_id}"
            rank = ranking.index(session.workshop_id) + 1
            cost += rank * rank
            pairs += 1
            load[session.session_id] += 1
    for session_id, count in load.items():
        assert count <= by_id[session_id].capacity, f"{session_id} is over capacity"
    return pairs, cost


def reference_optimum(sessions, preferences) -> tuple[int, int]:
    """(most assigned pairs, least sum of rank² among those), by two 0/1 programmes in lexicographic
    order: first the most pairs, then, with at least that many pairs required, the least rank².
    (The code under test uses one weighted programme instead, so the two methods check each other.)"""
    known = {s.workshop_id for s in sessions}
    variables = []  # (participant, session, rank)
    for participant, ranking in preferences.items():
        for rank, workshop in enumerate(cleaned(ranking, known), start=1):
            variables.extend((participant, s, rank) for s in sessions if s.workshop_id == workshop)
    if not variables:
        return 0, 0
    rows, cols, upper, row_of = [], [], [], {}
    for column, (participant, session, _rank) in enumerate(variables):
        for key, limit in (((participant, "round", session.round), 1), ((participant, "ws", session.workshop_id), 1),
                           (("cap", session.session_id), session.capacity)):
            if key not in row_of:
                row_of[key] = len(upper)
                upper.append(limit)
            rows.append(row_of[key])
            cols.append(column)
    n = len(variables)
    matrix = coo_array((np.ones(len(rows)), (rows, cols)), shape=(len(upper), n))
    limits = LinearConstraint(matrix, -np.inf, np.array(upper, dtype=float))
    exact = {"mip_rel_gap": 0.0}
    most = milp(-np.ones(n), constraints=[limits], integrality=np.ones(n), bounds=Bounds(0, 1), options=exact)
    assert most.success, most.message
    pairs = round(-most.fun)
    cheapest = milp(np.array([r * r for _, _, r in variables], dtype=float), integrality=np.ones(n),
                    constraints=[limits, LinearConstraint(np.ones((1, n)), pairs, np.inf)], bounds=Bounds(0, 1),
                    options=exact)
    assert cheapest.success, cheapest.message
    picked = [variables[i] for i in np.flatnonzero(cheapest.x > 0.5)]
    assert len(picked) == pairs
    return pairs, sum(r * r for _, _, r in picked)


def relaxation_optimum(sessions, preferences) -> tuple[int, int]:
    """Optimum of the round-free relaxation (participant ≤ R workshops, workshop ≤ its seats over all
    rounds), an upper bound on pairs and, at that pair count, a lower bound on rank², solved as two
    linear programmes (the constraint matrix is a bipartite incidence matrix, so LP optima are integral)."""
    known = {s.workshop_id for s in sessions}
    rounds = len({s.round for s in sessions})
    seats = Counter()
    for s in sessions:
        seats[s.workshop_id] += s.capacity
    variables = [(p, w, rank) for p, ranking in preferences.items()
                 for rank, w in enumerate(cleaned(ranking, known), start=1)]
    if not variables:
        return 0, 0
    participants = {p: i for i, p in enumerate(preferences)}
    workshops = {w: i for i, w in enumerate(sorted(known))}
    n = len(variables)
    rows = [participants[p] for p, _, _ in variables] + [len(participants) + workshops[w] for _, w, _ in variables]
    matrix = coo_array((np.ones(2 * n), (rows, list(range(n)) * 2)), shape=(len(participants) + len(workshops), n))
    upper = [rounds] * len(participants) + [seats[w] for w in sorted(known)]
    limits = LinearConstraint(matrix, -np.inf, np.array(upper, dtype=float))
    most = milp(-np.ones(n), constraints=[limits], bounds=Bounds(0, 1))
    pairs = round(-most.fun)
    cheapest = milp(np.array([r * r for _, _, r in variables], dtype=float), bounds=Bounds(0, 1),
                    constraints=[limits, LinearConstraint(np.ones((1, n)), pairs, np.inf)])
    return pairs, round(cheapest.fun)
