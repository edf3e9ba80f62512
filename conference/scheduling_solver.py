"""Automatic schedule proposal with OR-Tools CP-SAT (use it as ``conference.scheduling.propose``).

Model. A boolean ``x[i, r, s]`` (item ``i`` in room ``r`` during slot ``s``) exists only where the room
suits the item (capacity, step-free access, equipment) and the slot is among its available slots, so
those hard constraints hold by construction. Pinned items are no variables: they keep their current
placement (even an invalid one, whose conflicts ``Proposal.conflicts`` then lists), and every place
that would collide with them (same room, a shared person or the same organisation at an overlapping
time, or a target group already at its limit in that slot) is removed from the other items' domains.

Hard constraints, with slots grouped into *cliques* (the slots running at each distinct start time,
so every pair of overlapping slots shares a clique):

- each item is placed at most once;
- per room and clique, at most one item;
- per person and per organisation and clique, at most one of its items;
- per slot and target group, at most ``target_group_limit`` items (pinned ones count), if given.

Objective (maximised): ``W_PLACE × placed − penalty``, the penalty weighing the soft goals of
``conference.scheduling.soft_penalties`` (weights ``W_*`` there): pairs of items sharing a target group
or topic in one slot (a convex cost that spreads them whatever the number placed, encoded with order
booleans ``z_k = [c ≥ k]``), missed preferred slots, extra venues per organisation, moved items.
``W_PLACE`` is one more than the largest penalty the instance allows: the objective is lexicographic.

Two stages on one model: "place" (hard constraints only, from a greedy start) maximises the number
placed within half the time limit; "improve" adds the soft goals, keeps at least that many placed and
maximises the objective from the first stage's solution. docs/scheduling.md has the reasoning.

Determinism: with ``deterministic_time`` the searches stop after CP-SAT deterministic time (half each)
and several workers interleave, so the same input, seed and worker count give the same proposal as far
as CP-SAT allows; with the wall-clock ``time_limit`` alone the result depends on the machine's speed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from math import comb

from ortools.sat.python import cp_model

from conference.scheduling import (
    BLOCKED_BY_PINNED,
    NO_AVAILABLE_SLOT,
    NO_SUITABLE_ROOM,
    NOT_CHOSEN,
    PINNED_UNPLACED,
    W_GROUP_PAIR,
    W_MOVE,
    W_PREFERRED,
    W_TOPIC_PAIR,
    W_VENUE,
    Item,
    Placement,
    Proposal,
    ProposalProgress,
    Room,
    Slot,
    _index,
    find_conflicts,
    overlaps,
    room_suits,
    slot_allowed,
    slot_cliques,
    soft_penalties,
)
from conference.scheduling_run import SearchRun

STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}


class _Model:
    """The CP-SAT model of one proposal: hard part at construction, soft part by ``add_soft``."""

    def __init__(self, items, rooms, slots, current, target_group_limit):
        self.items, self.rooms, self.slots, self.limit = items, rooms, slots, target_group_limit
        self.item_by_id, _, self.slot_by_id, self.old = _index(items, rooms, slots, current)
        self.pinned_at = {it.id: (self.old[it.id].room_id, self.old[it.id].slot_id) for it in items
                          if it.pinned and it.id in self.old and self.old[it.id].placed}
        self.pinned_count: dict[tuple[str, str, int], int] = defaultdict(int)  # (kind, key, slot)
        for i, (_, s) in self.pinned_at.items():
            for g in self.item_by_id[i].target_groups:
                self.pinned_count["group", g, s] += 1
            for t in self.item_by_id[i].topics:
                self.pinned_count["topic", t, s] += 1
        self.reasons: dict[int, str] = {it.id: PINNED_UNPLACED for it in items
                                        if it.pinned and it.id not in self.pinned_at}
        self.domains = {it.id: self._domain(it) for it in items if not it.pinned}
        self.cliques = slot_cliques(slots)
        self.clique_of = {s.id: [n for n, c in enumerate(self.cliques) if s.id in c] for s in slots}
        m = self.model = cp_model.CpModel()
        self.x = {(i, r, s): m.new_bool_var(f"x_{i}_{r}_{s}") for i, dom in self.domains.items() for r, s in dom}
        by_item, by_room_slot, self.by_item_slot = defaultdict(list), defaultdict(list), defaultdict(list)
        for (i, r, s), var in self.x.items():
            by_item[i].append(var)
            by_room_slot[r, s].append(var)
            self.by_item_slot[i, s].append(var)
        self.y = {key: sum(vs) for key, vs in self.by_item_slot.items()}
        self.placed = {i: sum(vs) for i, vs in by_item.items()}
        self.placed_total = sum(self.placed.values()) + len(self.pinned_at)
        for vs in by_item.values():
            m.add_at_most_one(vs)
        for r in rooms:
            for clique in self.cliques:
                lits = [v for s in clique for v in by_room_slot.get((r.id, s), ())]
                if len(lits) > 1:
                    m.add_at_most_one(lits)
        for group in sorted({tuple(ids) for ids in self._sharing().values() if len(ids) > 1}):
            for clique in self.cliques:
                lits = [v for i in group for s in clique for v in self.by_item_slot.get((i, s), ())]
                if len(lits) > 1:
                    m.add_at_most_one(lits)
        if target_group_limit is not None:
            for g, members in sorted(self._members("group").items()):
                for s in slots:
                    movable = [self.y[i, s.id] for i in members if (i, s.id) in self.y]
                    if movable:
                        m.add(sum(movable) <= max(0, target_group_limit - self.pinned_count["group", g, s.id]))

    def _domain(self, item: Item) -> list[tuple[int, int]]:
        suitable = [r for r in self.rooms if room_suits(item, r)]
        allowed = [s for s in self.slots if slot_allowed(item, s.id)]
        domain = []
        for s in allowed:
            if self.limit is not None and any(self.pinned_count["group", g, s.id] >= self.limit
                                              for g in item.target_groups):
                continue
            for r in suitable:
                if not any(self._collides(item, r.id, s, self.item_by_id[i], pr, ps)
                           for i, (pr, ps) in self.pinned_at.items()):
                    domain.append((r.id, s.id))
        if not domain:
            self.reasons[item.id] = (NO_SUITABLE_ROOM if not suitable else NO_AVAILABLE_SLOT if not allowed
                                     else BLOCKED_BY_PINNED)
        return domain

    def _collides(self, item: Item, room_id: int, slot: Slot, other: Item, other_room: int, other_slot: int) -> bool:
        return overlaps(slot, self.slot_by_id[other_slot]) and (
            room_id == other_room or bool(item.people & other.people)
            or (item.organisation_id is not None and item.organisation_id == other.organisation_id))

    def _sharing(self) -> dict[tuple, list[int]]:
        """Movable items per person and per organisation."""
        sharing: dict[tuple, list[int]] = defaultdict(list)
        for i in self.domains:
            it = self.item_by_id[i]
            for person in sorted(it.people):
                sharing["person", person].append(i)
            if it.organisation_id is not None:
                sharing["organisation", it.organisation_id].append(i)
        return sharing

    def _members(self, kind: str) -> dict[str, list[int]]:
        """Movable items per target group (``kind == "group"``) or topic, with pinned-only keys too."""
        members: dict[str, list[int]] = defaultdict(list)
        for it in self.items:
            keys = it.target_groups if kind == "group" else it.topics
            for key in sorted(keys):
                if it.id in self.domains:
                    members[key].append(it.id)
                elif it.id in self.pinned_at:
                    members.setdefault(key, [])
        return members

    def greedy(self) -> dict[int, tuple[int, int]]:
        """A quick feasible start: keep current placements that fit, then place the items with the
        fewest options first, each in the least crowded of its preferred-first slots, smallest room."""
        used, count, chosen = set(), defaultdict(int), {}
        rooms = {r.id: r for r in self.rooms}

        def keys(i, r, s):
            it = self.item_by_id[i]
            return ([("room", r, c) for c in self.clique_of[s]]
                    + [("person", p, c) for p in it.people for c in self.clique_of[s]]
                    + [("org", it.organisation_id, c) for c in self.clique_of[s] if it.organisation_id is not None])

        def fits(i, r, s):
            return not any(k in used for k in keys(i, r, s)) and (self.limit is None or all(
                count[g, s] + self.pinned_count["group", g, s] < self.limit for g in self.item_by_id[i].target_groups))

        def take(i, r, s):
            chosen[i] = (r, s)
            used.update(keys(i, r, s))
            for g in self.item_by_id[i].target_groups:
                count[g, s] += 1

        for i in self.domains:
            before = self.old.get(i)
            if before is not None and (i, before.room_id, before.slot_id) in self.x and fits(
                    i, before.room_id, before.slot_id):
                take(i, before.room_id, before.slot_id)
        for i in sorted((i for i in self.domains if i not in chosen), key=lambda i: (len(self.domains[i]), i)):
            it = self.item_by_id[i]
            options = [(s not in it.preferred_slots, sum(count[g, s] for g in it.target_groups), rooms[r].capacity,
                        s, r)
                       for r, s in self.domains[i] if fits(i, r, s)]
            if options:
                *_, s, r = min(options)
                take(i, r, s)
        return chosen

    def add_soft(self) -> tuple[object, int]:
        """Add the soft goals; returns the penalty expression and the largest value it can take."""
        m, penalty, worst = self.model, 0, 0
        self.order: list[tuple[list, list, int]] = []  # (z booleans, x literals, pinned count) per count
        for kind, weight in (("group", W_GROUP_PAIR), ("topic", W_TOPIC_PAIR)):
            cap = len(self.rooms) if kind == "topic" or self.limit is None else min(len(self.rooms), self.limit)
            for key, members in sorted(self._members(kind).items()):
                for s in self.slots:
                    lits = [v for i in members for v in self.by_item_slot.get((i, s.id), ())]
                    fixed = self.pinned_count[kind, key, s.id]
                    top = fixed + min(len({i for i in members if (i, s.id) in self.y}), cap)
                    if top < 2:
                        penalty += weight * comb(fixed, 2)
                        continue
                    z = [m.new_bool_var(f"z_{kind}_{key}_{s.id}_{k}") for k in range(1, top + 1)]
                    m.add(sum(lits) + fixed == sum(z))
                    for a, b in pairwise(z):
                        m.add_implication(b, a)
                    penalty += sum(weight * k * zk for k, zk in enumerate(z))  # z[k] is [c ≥ k+1]: k pairs more
                    worst += weight * comb(top, 2)
                    self.order.append((z, lits, fixed))
        for i, (_, s) in self.pinned_at.items():
            preferred = self.item_by_id[i].preferred_slots
            penalty += W_PREFERRED * bool(preferred and s not in preferred)
        for i, placed in self.placed.items():
            it, before = self.item_by_id[i], self.old.get(i)
            if it.preferred_slots:
                penalty += W_PREFERRED * (placed - sum(self.y.get((i, s), 0) for s in it.preferred_slots))
                worst += W_PREFERRED
            if before is not None and before.placed:
                stay = self.x.get((i, before.room_id, before.slot_id))
                penalty += W_MOVE * (1 - stay) if stay is not None else W_MOVE
                worst += W_MOVE
        self.venues: list[tuple[object, list, list]] = []  # (any-venue boolean, [(venue boolean, x literals)])
        organisations: dict[int, list[int]] = defaultdict(list)
        for it in self.items:
            if it.organisation_id is not None and (it.id in self.placed or it.id in self.pinned_at):
                organisations[it.organisation_id].append(it.id)
        venue_of = {r.id: r.venue_id for r in self.rooms}
        for org, members in sorted(organisations.items()):
            if len(members) < 2:
                continue
            lits_by_venue: dict[int, list] = defaultdict(list)
            fixed = {venue_of[self.pinned_at[i][0]] for i in members if i in self.pinned_at}
            for (i, r, _), var in self.x.items():
                if i in members:
                    lits_by_venue[venue_of[r]].append(var)
            used = []
            for v in sorted(set(lits_by_venue) | fixed):
                u = m.new_constant(1) if v in fixed else m.new_bool_var(f"u_{org}_{v}")
                for lit in lits_by_venue[v] if v not in fixed else ():
                    m.add_implication(lit, u)
                used.append((u, lits_by_venue[v] if v not in fixed else None))
            any_used = m.new_bool_var(f"a_{org}")
            for u, _ in used:
                m.add_implication(u, any_used)
            m.add(any_used <= sum(u for u, _ in used))
            penalty += W_VENUE * (sum(u for u, _ in used) - any_used)
            worst += W_VENUE * (min(len(used), len(members)) - 1)
            self.venues.append((any_used, used))
        return penalty, worst

    def hint(self, chosen: dict[int, tuple[int, int]], soft: bool) -> None:
        """Hint every variable from ``chosen`` (item → room, slot), the soft part's too if ``soft``."""
        m = self.model
        m.clear_hints()
        on = {(i, r, s) for i, (r, s) in chosen.items()}
        for key, var in self.x.items():
            m.add_hint(var, key in on)
        if not soft:
            return
        value = {var.index: key in on for key, var in self.x.items()}
        for z, lits, fixed in self.order:
            c = fixed + sum(value[lit.index] for lit in lits)
            for k, zk in enumerate(z):
                m.add_hint(zk, k < c)
        for any_used, used in self.venues:
            flags = [lits is None or any(value[lit.index] for lit in lits) for _, lits in used]
            for (u, lits), flag in zip(used, flags, strict=True):
                if lits is not None:
                    m.add_hint(u, flag)
            m.add_hint(any_used, any(flags))


def full_model(items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot], current: Sequence[Placement], *,
               target_group_limit: int | None = None) -> tuple[cp_model.CpModel, int]:
    """The whole problem as one model maximising ``W_PLACE × placed − penalty`` (no stages, no hints),
    and ``W_PLACE``: for comparing solvers on the same model (tests/benchmarks/scheduling_bench.py)."""
    built = _Model(items, rooms, slots, current, target_group_limit)
    penalty, worst = built.add_soft()
    built.model.maximize((worst + 1) * built.placed_total - penalty)
    return built.model, worst + 1


def propose(items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot], current: Sequence[Placement], *,
            target_group_limit: int | None = None, time_limit: float = 30.0,
            progress: Callable[[ProposalProgress], None] | None = None, workers: int = 2, seed: int = 0,
            deterministic_time: float | None = None) -> Proposal:
    """Propose placements for all items (the module docstring gives the model and objective).

    ``time_limit`` bounds the whole call's wall time, model building included; ``progress`` is called
    on the calling thread for each improving solution and once at the end (stage ``"done"``); an
    exception it raises stops the search and propagates."""
    run = SearchRun(progress)
    built = _Model(items, rooms, slots, current, target_group_limit)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.interleave_search = deterministic_time is not None and workers > 1
    if workers == 2:  # the full-problem worker with the strongest LP: better bounds and solutions here (docs)
        solver.parameters.subsolvers.append("max_lp")
    chosen = built.greedy()
    deadline, w_place, dtime_used = run.t0 + time_limit, None, 0.0
    status, objective, bound = cp_model.OPTIMAL if not built.x else cp_model.UNKNOWN, None, None
    placed_bound = len(built.pinned_at) if not built.x else None
    for stage in ("place", "improve") if built.x else ():
        remaining = deadline - time.monotonic()
        if stage == "place":
            built.hint(chosen, soft=False)
            built.model.maximize(built.placed_total)
        else:
            penalty, worst = built.add_soft()
            w_place = worst + 1
            if remaining <= 0.1:
                break
            built.hint(chosen, soft=True)
            built.model.maximize(w_place * built.placed_total - penalty)
        share = 0.5 if stage == "place" else 1.0
        # keep a margin for the solver's shutdown and the conflict check, so the call ends in time
        solver.parameters.max_time_in_seconds = max(0.05, remaining * share - min(0.4, 0.05 * time_limit))
        if deterministic_time is not None:
            solver.parameters.max_deterministic_time = max(0.01, (deterministic_time - dtime_used) * share)
        stage_status = run.solve(solver, built.model, stage, built.placed_total)
        dtime_used += solver.deterministic_time
        if stage_status == cp_model.MODEL_INVALID:
            raise RuntimeError(f"invalid CP-SAT model: {built.model.validate()}")
        if stage_status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        chosen = {i: (r, s) for (i, r, s), var in built.x.items() if solver.boolean_value(var)}
        if stage == "place":  # the soft goals are not optimised yet: at best "feasible"
            status, bound = cp_model.FEASIBLE, solver.best_objective_bound
            placed_bound = round(bound)
            built.model.add(built.placed_total >= round(solver.objective_value))
        else:
            status, objective, bound = stage_status, solver.objective_value, solver.best_objective_bound
    if status == cp_model.UNKNOWN:  # no solution in time: the greedy start is one
        status = cp_model.FEASIBLE
    w_place = w_place or built.add_soft()[1] + 1
    placements = [built.old.get(it.id, Placement(it.id, None, None)) if it.pinned
                  else Placement(it.id, *chosen.get(it.id, (None, None))) for it in items]
    soft = {**soft_penalties(items, rooms, placements, current), "place_weight": w_place}
    placed_count = sum(p.placed for p in placements)
    if objective is None:  # the improve stage did not run: bound (if any) is on the number placed
        objective = w_place * placed_count - soft["penalty"]
        bound = objective if not built.x else None if bound is None else w_place * bound
    result = Proposal(
        placements=tuple(placements), unplaced=tuple(p.item_id for p in placements if not p.placed),
        unplaced_reasons={p.item_id: built.reasons.get(p.item_id, NOT_CHOSEN) for p in placements if not p.placed},
        status=STATUS[status], objective=objective, bound=bound, wall_time=time.monotonic() - run.t0,
        conflicts=tuple(find_conflicts(items, rooms, slots, placements, target_group_limit=target_group_limit)),
        soft=soft, first_solution_time=run.first, solution_time=run.last, solutions=run.solutions,
        placed_bound=placed_bound)
    if progress is not None:
        progress(ProposalProgress(run.solutions, objective, bound, result.wall_time, "done", placed_count))
    return result
