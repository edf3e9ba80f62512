"""Workshop allocation: which participant attends which workshop session, chosen exactly optimally.

Pure code: plain data in, plain data out; no Flask, no database.

The problem. Workshops run as sessions in rounds (time slots); each session has a capacity. Every
participant ranks workshops (rank 1 first). An allocation gives each participant sessions such that
they attend at most one session per round, never two sessions of the same workshop, only workshops
they ranked, and no session holds more people than its capacity (capacity 0 is allowed).

The objective, lexicographic: first, as many assigned (participant, round) pairs as possible; then,
among those allocations, the least sum over all assignments of rank² (a 1st choice costs 1, a 2nd 4,
a 3rd 9 …, so one 3rd choice weighs more than two 2nd choices: outliers are avoided). ``allocate``
returns an allocation that is exactly optimal in this sense.

Rankings are taken as they come: entries naming no workshop in ``sessions`` and repeated entries are
ignored (the first occurrence counts), and ranks are positions in what remains. So a participant
ranking ``["gone", "a", "a", "b"]`` has ``a`` as 1st and ``b`` as 2nd choice. Rankings may be shorter
than the number of rounds; the "ranks ≥ rounds + 2" rule belongs to the registration form.

Assumption, checked: a workshop has at most one session per round (``ValueError`` otherwise), and
session ids are unique.

How. When every workshop runs in every round with one capacity (the usual case: a repeated workshop
keeps its room) the rounds can be ignored at first: a min-cost max-flow (OR-Tools) source →
participant (capacity R = number of rounds) → ranked workshop (capacity 1, cost rank²) → sink
(capacity R × seats) gives the best allocation of a relaxation without rounds. Splitting each
workshop's participants into groups of at most R (at most ``seats`` groups) yields a bipartite graph of
degree ≤ R, whose proper R-edge-colouring (König's theorem; ``allocation_colouring``) assigns rounds
without losing anything, so the relaxation's optimum is reached and is therefore optimal. For any
other shape of input the same relaxation is solved (with each workshop's seats summed over its
rounds) and a small 0/1 programme looks for rounds for exactly those pairs; if it finds them, the
bound is attained and the result is optimal; if not, the full exact 0/1 programme decides
(``allocation_milp``), which is much slower at thousands of participants.

Ties between equally good allocations are broken by a fixed function of the input's content
(participants are processed in sorted id order), so the same input gives the same output whatever
the order of the mapping; this is not a lottery.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from ortools.graph.python import min_cost_flow

from conference.allocation_colouring import colour_bipartite
from conference.allocation_milp import allocate_milp, realise_rounds

__all__ = ["AllocationReport", "SessionSeat", "allocate", "effective_rankings", "first_come", "report"]


class SessionSeat(NamedTuple):
    """One session of a workshop: it runs in ``round`` and holds at most ``capacity`` participants."""

    session_id: str
    workshop_id: str
    round: int
    capacity: int


@dataclass(frozen=True)
class AllocationReport:
    """What an allocation gives, in numbers (see ``report``).

    ``unassigned``: participants who ranked at least one known workshop and got no session.
    ``under_assigned``: participants who got fewer sessions than min(rounds, length of their
    effective ranking); this includes every unassigned participant. ``without_ranking``: participants
    whose effective ranking is empty (they cannot be given anything). ``rank_counts[k]``: how many
    assignments were a k-th choice, for k from 1 to the longest effective ranking. ``fill[session_id]``:
    (assigned, capacity). Participant tuples are in sorted id order.
    """

    participants: int
    assigned_pairs: int
    unassigned: tuple[str, ...]
    under_assigned: tuple[str, ...]
    without_ranking: tuple[str, ...]
    rank_counts: Mapping[int, int]
    fill: Mapping[str, tuple[int, int]]
    sum_rank_squared: int


class _Plan(NamedTuple):
    rounds: tuple[int, ...]  # distinct rounds, ascending
    seats: dict[str, dict[int, SessionSeat]]  # workshop -> round -> its session there


def _plan(sessions: Sequence[SessionSeat]) -> _Plan:
    """Validate ``sessions`` and index them; raises ``ValueError`` on anything ``allocate`` can't take."""
    seen: set[str] = set()
    seats: dict[str, dict[int, SessionSeat]] = {}
    for raw in sessions:
        session = SessionSeat(*raw)
        if isinstance(session.capacity, bool) or not isinstance(session.capacity, int) or session.capacity < 0:
            raise ValueError(f"session {session.session_id!r}: capacity must be an integer ≥ 0")
        if isinstance(session.round, bool) or not isinstance(session.round, int):
            raise ValueError(f"session {session.session_id!r}: round must be an integer")
        if session.session_id in seen:
            raise ValueError(f"session id {session.session_id!r} occurs twice")
        seen.add(session.session_id)
        by_round = seats.setdefault(session.workshop_id, {})
        if session.round in by_round:
            raise ValueError(f"workshop {session.workshop_id!r} has two sessions in round {session.round}")
        by_round[session.round] = session
    rounds = tuple(sorted({r for by_round in seats.values() for r in by_round}))
    return _Plan(rounds, seats)


def _clean(preferences: Mapping[str, Sequence[str]], known: Mapping[str, object]) -> dict[str, tuple[str, ...]]:
    rankings: dict[str, tuple[str, ...]] = {}
    for participant, ranking in preferences.items():
        if isinstance(ranking, str):  # a bare string would be read letter by letter
            raise TypeError(f"ranking of {participant!r} must be a sequence of workshop ids, not a string")
        rankings[participant] = tuple(w for w in dict.fromkeys(ranking) if w in known)
    return rankings


def effective_rankings(sessions: Sequence[SessionSeat],
                       preferences: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each participant's ranking as the allocation reads it: unknown workshop ids and repeats
    dropped, order kept. Rank k is position k (from 1) in this tuple."""
    return _clean(preferences, _plan(sessions).seats)


def _is_uniform(plan: _Plan) -> bool:
    """True when every workshop runs in every round with one capacity: the fast method is exact then."""
    return all(len(by_round) == len(plan.rounds) and len({s.capacity for s in by_round.values()}) == 1
               for by_round in plan.seats.values())


def _relaxed_optimum(plan: _Plan, rankings: Mapping[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """The (participant, workshop) pairs of an optimal allocation of the round-free relaxation.

    Relaxation: a participant takes at most R = len(plan.rounds) ranked workshops, each at most once, and
    a workshop takes at most its seats summed over its rounds. Every feasible allocation satisfies
    this, so the relaxation's optimum (most pairs, then least rank²) bounds the real one; it is a
    min-cost max-flow: source -> participant (R) -> workshop (1, cost rank²) -> sink (seats)."""
    rounds = len(plan.rounds)
    seats = {w: sum(s.capacity for s in by_round.values()) for w, by_round in plan.seats.items()}
    workshops = sorted(w for w, total in seats.items() if total > 0)
    number = {w: i for i, w in enumerate(workshops)}
    participants = sorted(rankings)
    source, sink = 0, 1 + len(participants) + len(workshops)
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    # Arcs participant -> workshop are recorded first so that their flows are the first ones read back.
    for i, participant in enumerate(participants):
        for rank, workshop in enumerate(rankings[participant], start=1):
            if workshop in number:
                tails.append(1 + i)
                heads.append(1 + len(participants) + number[workshop])
                caps.append(1)
                costs.append(rank * rank)
    choice_arcs = len(tails)
    if choice_arcs == 0:
        return []
    wanted = np.bincount(np.asarray(tails) - 1, minlength=len(participants))
    supply = 0
    for i in np.flatnonzero(wanted).tolist():
        tails.append(source)
        heads.append(1 + i)
        caps.append(min(rounds, int(wanted[i])))  # at most one session per round
        costs.append(0)
        supply += caps[-1]
    for workshop in workshops:
        tails.append(1 + len(participants) + number[workshop])
        heads.append(sink)
        caps.append(seats[workshop])
        costs.append(0)

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(np.asarray(tails, dtype=np.int32),
                                                     np.asarray(heads, dtype=np.int32),
                                                     np.asarray(caps, dtype=np.int64),
                                                     np.asarray(costs, dtype=np.int64))
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    # Maximum flow first, then the least cost among maximum flows: exactly the lexicographic objective.
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    used = np.flatnonzero(flow.flows(arcs[:choice_arcs]) > 0).tolist()
    return [(participants[tails[e] - 1], workshops[heads[e] - 1 - len(participants)]) for e in used]


def _rounds_by_colouring(plan: _Plan, pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Give every pair a round, when ``_is_uniform(plan)``; this always succeeds (König's theorem).

    Each workshop's participants are cut into consecutive groups of R (one group = one seat over all
    rounds); there are at most ``seats`` groups, since the workshop got at most R × seats. Participants
    and groups form a bipartite graph of degree ≤ R, and a proper R-edge-colouring is a choice of rounds
    in which nobody has two sessions at once and no session exceeds its seats. A full group meets
    exactly once per round, which also spreads people evenly over a workshop's sessions."""
    rounds = len(plan.rounds)
    participant_number: dict[str, int] = {}
    group_number: dict[tuple[str, int], int] = {}
    filled: dict[str, int] = {}
    left: list[int] = []
    right: list[int] = []
    ordered = sorted(pairs, key=lambda pair: (pair[1], pair[0]))  # by workshop, so groups are consecutive
    for participant, workshop in ordered:
        left.append(participant_number.setdefault(participant, len(participant_number)))
        position = filled[workshop] = filled.get(workshop, -1) + 1
        right.append(group_number.setdefault((workshop, position // rounds), len(group_number)))
    colour = colour_bipartite(np.asarray(left), np.asarray(right), rounds).tolist()
    chosen = sorted((p, plan.rounds[c], plan.seats[w][plan.rounds[c]].session_id)
                    for (p, w), c in zip(ordered, colour, strict=True))
    result: dict[str, list[str]] = {}
    for participant, _round, session_id in chosen:
        result.setdefault(participant, []).append(session_id)
    return result


def allocate(sessions: Sequence[SessionSeat], preferences: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The exactly optimal allocation of participants to ``sessions`` (see the module docstring).

    ``preferences`` maps participant id -> workshop ids in rank order. Promise: the result maps every
    participant in ``preferences`` to their session ids (ordered by round; possibly empty); it is
    feasible, assigns the most (participant, round) pairs possible, and among such allocations has the
    least sum of rank². Same input, same output. Raises ``ValueError`` for invalid sessions (duplicate
    session id, two sessions of one workshop in one round, capacity < 0) and ``TypeError`` for a
    ranking that is a bare string.
    """
    plan = _plan(sessions)
    rankings = _clean(preferences, plan.seats)
    pairs = _relaxed_optimum(plan, rankings)
    if _is_uniform(plan):
        best = _rounds_by_colouring(plan, pairs)
    else:
        # Rounds found for the relaxation's optimum attain its bound, so they are optimal too; when
        # none are found (they may not exist), solve the full 0/1 programme.
        every = [s for by_round in plan.seats.values() for s in by_round.values()]
        best = realise_rounds(every, pairs)
        if best is None:
            best = allocate_milp(every, rankings)
    return {participant: best.get(participant, []) for participant in preferences}


def first_come(sessions: Sequence[SessionSeat], preferences: Mapping[str, Sequence[str]],
               order: Sequence[str]) -> dict[str, list[str]]:
    """What first come, first served would give on the same preferences, for comparison.

    Participants are served in ``order`` (ids not in ``preferences`` and repeats are skipped).
    Each one walks their effective ranking from rank 1 and takes each workshop in the earliest
    round in which that workshop's session has a free seat and the participant has nothing yet;
    a workshop with no such round is passed over. Participants of ``preferences`` missing from
    ``order`` get nothing. The result is feasible in the same sense as ``allocate``'s, maps every
    participant in ``preferences`` (session ids ordered by round), and raises as ``allocate`` does.
    """
    plan = _plan(sessions)
    rankings = _clean(preferences, plan.seats)
    free = {s.session_id: s.capacity for by_round in plan.seats.values() for s in by_round.values()}
    taken: dict[str, list[SessionSeat]] = {participant: [] for participant in preferences}
    served: set[str] = set()
    for participant in order:
        if participant not in rankings or participant in served:
            continue
        served.add(participant)
        busy: set[int] = set()
        for workshop in rankings[participant]:
            for r in sorted(plan.seats[workshop]):
                session = plan.seats[workshop][r]
                if r not in busy and free[session.session_id] > 0:
                    free[session.session_id] -= 1
                    busy.add(r)
                    taken[participant].append(session)
                    break
            if len(busy) == len(plan.rounds):
                break
    return {p: [s.session_id for s in sorted(got, key=lambda s: s.round)] for p, got in taken.items()}


def report(sessions: Sequence[SessionSeat], preferences: Mapping[str, Sequence[str]],
           allocation: Mapping[str, Sequence[str]]) -> AllocationReport:
    """Count what ``allocation`` gives (see ``AllocationReport``), with ranks read as ``allocate`` reads them.

    Raises ``ValueError`` if the allocation names a participant not in ``preferences``, a session not
    in ``sessions``, or a session of a workshop the participant did not rank. Capacity and round
    clashes are not rejected: they show in ``fill`` and the counts.
    """
    plan = _plan(sessions)
    rankings = _clean(preferences, plan.seats)
    by_id = {s.session_id: s for by_round in plan.seats.values() for s in by_round.values()}
    longest = max((len(r) for r in rankings.values()), default=0)
    rank_counts = dict.fromkeys(range(1, longest + 1), 0)
    filled = dict.fromkeys(by_id, 0)
    squares = pairs = 0
    for participant, session_ids in allocation.items():
        if participant not in rankings:
            raise ValueError(f"participant {participant!r} is not in the preferences")
        for session_id in session_ids:
            session = by_id.get(session_id)
            if session is None:
                raise ValueError(f"session {session_id!r} does not exist")
            if session.workshop_id not in rankings[participant]:
                raise ValueError(f"{participant!r} did not rank workshop {session.workshop_id!r}")
            rank = rankings[participant].index(session.workshop_id) + 1
            rank_counts[rank] += 1
            filled[session_id] += 1
            squares += rank * rank
            pairs += 1
    got = {participant: len(allocation.get(participant, ())) for participant in rankings}
    ids = sorted(rankings)
    return AllocationReport(
        participants=len(rankings),
        assigned_pairs=pairs,
        unassigned=tuple(p for p in ids if rankings[p] and got[p] == 0),
        under_assigned=tuple(p for p in ids if got[p] < min(len(plan.rounds), len(rankings[p]))),
        without_ranking=tuple(p for p in ids if not rankings[p]),
        rank_counts=rank_counts,
        fill={session_id: (filled[session_id], by_id[session_id].capacity) for session_id in sorted(by_id)},
        sum_rank_squared=squares,
    )
