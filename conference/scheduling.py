"""Scheduling core for the programme grid: conflict checks and (via ``propose``) automatic proposals.

Pure Python, no Flask and no database: callers turn their rows into the frozen dataclasses below
and get frozen dataclasses back. The grid is rooms (grouped by venue) × time slots; an item (one
session) is placed in one room during one slot.

Two slots *overlap* when they share a moment: ``a.starts_at < b.ends_at and b.starts_at < a.ends_at``.
A slot always overlaps itself; slots that merely touch (one ends when the next begins) do not overlap.

Conflict kinds (a placement is *placed* when it has both a room and a slot; an item with a room but
no slot is checked against that room's properties only; everything else is ignored):

- ``room_double_booked``: two items in one room at overlapping times;
- ``person_overlap``: two items at overlapping times share a presenter (detail: the people);
- ``organisation_overlap``: two items of one organisation at overlapping times;
- ``over_capacity``: the item's audience exceeds the room's capacity;
- ``step_free``: the item needs step-free access and the room has none;
- ``equipment``: the room lacks equipment the item needs (detail: what is missing);
- ``unavailable``: the slot is not among the item's available slots;
- ``target_group_crowded``: more than ``target_group_limit`` items for one target group in one slot.

Pair conflicts name each pair once (item ids ascending). ``find_conflicts`` returns conflicts in a
fixed order: by kind (in the order above), then item ids, slot, room (and target group).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from math import comb

ROOM_DOUBLE_BOOKED = "room_double_booked"
PERSON_OVERLAP = "person_overlap"
ORGANISATION_OVERLAP = "organisation_overlap"
OVER_CAPACITY = "over_capacity"
STEP_FREE = "step_free"
EQUIPMENT = "equipment"
UNAVAILABLE = "unavailable"
TARGET_GROUP_CROWDED = "target_group_crowded"
CONFLICT_KINDS = (ROOM_DOUBLE_BOOKED, PERSON_OVERLAP, ORGANISATION_OVERLAP, OVER_CAPACITY, STEP_FREE, EQUIPMENT,
                  UNAVAILABLE, TARGET_GROUP_CROWDED)

# Why ``propose`` left an item unplaced (``Proposal.unplaced_reasons``).
NO_SUITABLE_ROOM = "no_suitable_room"        # no room has the capacity, step-free access and equipment
NO_AVAILABLE_SLOT = "no_available_slot"      # none of the item's available slots exists
NO_FEASIBLE_PLACE = "no_feasible_place"      # suitable rooms and available slots exist, never together usable
BLOCKED_BY_PINNED = "blocked_by_pinned"      # every feasible place collides with a pinned item
PINNED_UNPLACED = "pinned_unplaced"          # pinned without a complete placement: kept as it is
NOT_CHOSEN = "not_chosen"                    # placeable alone, but left out to place more items in total

# Weights of the soft goals in ``propose``'s objective (see ``soft_penalties``); placing an item
# outweighs all of them together (``Proposal.soft["place_weight"]``).
W_GROUP_PAIR = 2    # per pair of items sharing a target group in one slot
W_TOPIC_PAIR = 1    # per pair of items sharing a topic in one slot
W_PREFERRED = 6     # per placed item that has preferred slots and is in none of them
W_VENUE = 8         # per venue beyond the first that an organisation's placed items use
W_MOVE = 3          # per movable item whose complete current placement is not kept


@dataclass(frozen=True)
class Room:
    id: int
    venue_id: int
    capacity: int
    step_free: bool
    equipment: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Slot:
    """A time slot; slots may overlap in time or leave gaps. ``ends_at`` must be after ``starts_at``."""

    id: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Item:
    """One session to place. ``audience`` is the expected audience (or the capacity, if the caller wants that)."""

    id: int
    audience: int = 0
    needs_step_free: bool = False
    equipment: frozenset[str] = frozenset()
    available_slots: frozenset[int] | None = None
    preferred_slots: frozenset[int] = frozenset()
    people: frozenset[str] = frozenset()
    organisation_id: int | None = None
    target_groups: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    pinned: bool = False


@dataclass(frozen=True)
class Placement:
    item_id: int
    room_id: int | None
    slot_id: int | None

    @property
    def placed(self) -> bool:
        return self.room_id is not None and self.slot_id is not None


@dataclass(frozen=True)
class Conflict:
    kind: str
    item_ids: tuple[int, ...]
    room_id: int | None = None
    slot_id: int | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProposalProgress:
    """Reported by ``propose`` for each improving solution and once at the end (``stage == "done"``).

    ``objective`` and ``bound`` are in the stage's units: in stage ``"place"`` the number of placed
    items, in stage ``"improve"`` and ``"done"`` the weighted objective (see ``scheduling_solver``)."""

    solutions: int
    objective: float | None
    bound: float | None
    elapsed: float
    stage: str = "place"
    placed: int | None = None


@dataclass(frozen=True)
class Proposal:
    """The result of ``propose``: one placement per item, in the order of the items given.

    ``conflicts`` are ``find_conflicts`` on the result; they can only stem from pinned items' own
    placements. ``soft`` breaks the soft goals down (``soft_penalties``, plus ``place_weight``).
    ``placed_bound`` is the proven upper bound on the number of placed items (pinned ones included):
    when it equals ``placed_count``, no schedule places more. ``first_solution_time`` and
    ``solution_time`` are the seconds to the first and to the last (reported) solution."""

    placements: tuple[Placement, ...]
    unplaced: tuple[int, ...]
    unplaced_reasons: Mapping[int, str]
    status: str
    objective: float | None
    bound: float | None
    wall_time: float
    conflicts: tuple[Conflict, ...] = ()
    soft: Mapping[str, int] = field(default_factory=dict)
    first_solution_time: float | None = None
    solution_time: float | None = None
    solutions: int = 0
    placed_bound: int | None = None

    @property
    def placed_count(self) -> int:
        return sum(p.placed for p in self.placements)

    def placement(self, item_id: int) -> Placement:
        return next(p for p in self.placements if p.item_id == item_id)

    def diff(self, current: Iterable[Placement]) -> list[tuple[int, Placement, Placement]]:
        """``(item_id, old, new)`` for every item whose room or slot changes; items missing from
        ``current`` count as unplaced there."""
        old = {p.item_id: p for p in current}
        changes = []
        for new in self.placements:
            before = old.get(new.item_id, Placement(new.item_id, None, None))
            if (before.room_id, before.slot_id) != (new.room_id, new.slot_id):
                changes.append((new.item_id, before, new))
        return changes


def overlaps(a: Slot, b: Slot) -> bool:
    """True when the two slots share a moment (a slot overlaps itself; touching slots do not overlap)."""
    return a.id == b.id or (a.starts_at < b.ends_at and b.starts_at < a.ends_at)


def slot_cliques(slots: Sequence[Slot]) -> list[tuple[int, ...]]:
    """Groups of pairwise-overlapping slots (the slots running at each distinct start time, subsets
    dropped), such that every two overlapping slots share a group."""
    groups = {frozenset(s.id for s in slots if s.starts_at <= start < s.ends_at) for start in
              {s.starts_at for s in slots}}
    return sorted(tuple(sorted(g)) for g in groups if not any(g < other for other in groups))


def soft_penalties(items: Sequence[Item], rooms: Sequence[Room], placements: Iterable[Placement],
                   current: Iterable[Placement]) -> dict[str, int]:
    """Counts of the soft goals that ``propose`` optimises, and their weighted sum ``penalty``:
    ``group_pairs`` and ``topic_pairs`` (``c·(c−1)/2`` for ``c`` placed items sharing a target group or
    topic in one slot), ``preferred_missed``, ``extra_venues`` (venues beyond the first per organisation)
    and ``moved`` (unpinned items whose complete current placement changed)."""
    venue = {r.id: r.venue_id for r in rooms}
    old = {p.item_id: p for p in current}
    by_id = {p.item_id: p for p in placements}
    groups: dict[tuple[str, int], int] = defaultdict(int)
    topics: dict[tuple[str, int], int] = defaultdict(int)
    venues: dict[int, set[int]] = defaultdict(set)
    preferred_missed = moved = 0
    for item in items:
        p = by_id.get(item.id, Placement(item.id, None, None))
        before = old.get(item.id)
        if not item.pinned and before is not None and before.placed and (
                (before.room_id, before.slot_id) != (p.room_id, p.slot_id)):
            moved += 1
        if not p.placed:
            continue
        for g in item.target_groups:
            groups[g, p.slot_id] += 1
        for t in item.topics:
            topics[t, p.slot_id] += 1
        preferred_missed += bool(item.preferred_slots) and p.slot_id not in item.preferred_slots
        if item.organisation_id is not None:
            venues[item.organisation_id].add(venue[p.room_id])
    result = {"group_pairs": sum(comb(c, 2) for c in groups.values()),
              "topic_pairs": sum(comb(c, 2) for c in topics.values()),
              "preferred_missed": preferred_missed,
              "extra_venues": sum(len(v) - 1 for v in venues.values()), "moved": moved}
    result["penalty"] = (W_GROUP_PAIR * result["group_pairs"] + W_TOPIC_PAIR * result["topic_pairs"]
                         + W_PREFERRED * preferred_missed + W_VENUE * result["extra_venues"] + W_MOVE * moved)
    return result


def missing_equipment(item: Item, room: Room) -> frozenset[str]:
    return item.equipment - room.equipment


def room_suits(item: Item, room: Room) -> bool:
    """Capacity, step-free access and equipment: the room-only hard constraints."""
    return (item.audience <= room.capacity and (room.step_free or not item.needs_step_free)
            and not missing_equipment(item, room))


def slot_allowed(item: Item, slot_id: int) -> bool:
    return item.available_slots is None or slot_id in item.available_slots


def check_slots(slots: Iterable[Slot]) -> None:
    for slot in slots:
        if slot.ends_at <= slot.starts_at:
            raise ValueError(f"slot {slot.id} ends at or before its start")


def _index(items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot], placements: Iterable[Placement]):
    item_by_id = {item.id: item for item in items}
    room_by_id = {room.id: room for room in rooms}
    slot_by_id = {slot.id: slot for slot in slots}
    if len(item_by_id) != len(items) or len(room_by_id) != len(rooms) or len(slot_by_id) != len(slots):
        raise ValueError("item, room and slot ids must be unique")
    check_slots(slots)
    placement_by_id: dict[int, Placement] = {}
    for p in placements:
        if p.item_id not in item_by_id:
            raise ValueError(f"placement for unknown item {p.item_id}")
        if p.item_id in placement_by_id:
            raise ValueError(f"two placements for item {p.item_id}")
        if p.room_id is not None and p.room_id not in room_by_id:
            raise ValueError(f"item {p.item_id} is placed in unknown room {p.room_id}")
        if p.slot_id is not None and p.slot_id not in slot_by_id:
            raise ValueError(f"item {p.item_id} is placed in unknown slot {p.slot_id}")
        placement_by_id[p.item_id] = p
    return item_by_id, room_by_id, slot_by_id, placement_by_id


def room_conflicts(item: Item, room: Room, slot_id: int | None) -> list[Conflict]:
    """The item's conflicts with the room's properties (and, given a slot, with its availability)."""
    found = []
    if item.audience > room.capacity:
        found.append(Conflict(OVER_CAPACITY, (item.id,), room.id, slot_id,
                              {"audience": item.audience, "capacity": room.capacity}))
    if item.needs_step_free and not room.step_free:
        found.append(Conflict(STEP_FREE, (item.id,), room.id, slot_id))
    missing = missing_equipment(item, room)
    if missing:
        found.append(Conflict(EQUIPMENT, (item.id,), room.id, slot_id, {"missing": sorted(missing)}))
    if slot_id is not None and not slot_allowed(item, slot_id):
        found.append(Conflict(UNAVAILABLE, (item.id,), room.id, slot_id,
                              {"available_slots": sorted(item.available_slots or ())}))
    return found


def _pair_conflicts(a: Item, pa: Placement, b: Item, pb: Placement, slot_by_id: Mapping[int, Slot]) -> list[Conflict]:
    if not overlaps(slot_by_id[pa.slot_id], slot_by_id[pb.slot_id]):
        return []
    if a.id > b.id:
        a, pa, b, pb = b, pb, a, pa
    ids, slot_id = (a.id, b.id), pa.slot_id if pa.slot_id == pb.slot_id else None
    slots = {"slot_ids": [pa.slot_id, pb.slot_id]}
    found = []
    if pa.room_id == pb.room_id:
        found.append(Conflict(ROOM_DOUBLE_BOOKED, ids, pa.room_id, slot_id, slots))
    shared = a.people & b.people
    if shared:
        found.append(Conflict(PERSON_OVERLAP, ids, None, slot_id, {"people": sorted(shared), **slots}))
    if a.organisation_id is not None and a.organisation_id == b.organisation_id:
        found.append(Conflict(ORGANISATION_OVERLAP, ids, None, slot_id,
                              {"organisation_id": a.organisation_id, **slots}))
    return found


def _sort_key(conflict: Conflict):
    slot_id = -1 if conflict.slot_id is None else conflict.slot_id
    room_id = -1 if conflict.room_id is None else conflict.room_id
    group = conflict.detail.get("target_group", "")
    return CONFLICT_KINDS.index(conflict.kind), conflict.item_ids, slot_id, room_id, group


def _conflicts(items, rooms, slots, placements, target_group_limit, only: int | None) -> list[Conflict]:
    item_by_id, room_by_id, slot_by_id, placement_by_id = _index(items, rooms, slots, placements)
    if only is not None and only not in item_by_id:
        raise ValueError(f"unknown item {only}")
    found: list[Conflict] = []
    placed = []
    for item in items:
        p = placement_by_id.get(item.id)
        if p is None or p.room_id is None:
            continue
        if only is None or item.id == only:
            found.extend(room_conflicts(item, room_by_id[p.room_id], p.slot_id))
        if p.slot_id is not None:
            placed.append((item, p))
    if only is None:
        pairs: Iterable = combinations(placed, 2)
    else:
        mine = [entry for entry in placed if entry[0].id == only]
        pairs = ((m, other) for m in mine for other in placed if other[0].id != only)
    for (a, pa), (b, pb) in pairs:
        found.extend(_pair_conflicts(a, pa, b, pb, slot_by_id))
    if target_group_limit is not None:
        by_group_slot: dict[tuple[str, int], list[int]] = defaultdict(list)
        for item, p in placed:
            for group in item.target_groups:
                by_group_slot[group, p.slot_id].append(item.id)
        for (group, slot_id), ids in sorted(by_group_slot.items()):
            if len(ids) > target_group_limit and (only is None or only in ids):
                found.append(Conflict(TARGET_GROUP_CROWDED, tuple(sorted(ids)), None, slot_id,
                                      {"target_group": group, "count": len(ids), "limit": target_group_limit}))
    return sorted(found, key=_sort_key)


def find_conflicts(items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot],
                   placements: Iterable[Placement], *, target_group_limit: int | None = None) -> list[Conflict]:
    """Every conflict in ``placements`` (see the module docstring), in a fixed order.

    Raises ``ValueError`` for duplicate ids, a placement of an unknown item or into an unknown room or
    slot, two placements for one item, or a slot that does not end after it starts."""
    return _conflicts(items, rooms, slots, list(placements), target_group_limit, None)


def conflicts_for(item_id: int, items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot],
                  placements: Iterable[Placement], *, target_group_limit: int | None = None) -> list[Conflict]:
    """The conflicts that involve ``item_id`` (for a live warning after a drag): the same conflicts as
    ``find_conflicts`` would list for it, but only the item's own pairs are compared."""
    return _conflicts(items, rooms, slots, list(placements), target_group_limit, item_id)


def propose(items: Sequence[Item], rooms: Sequence[Room], slots: Sequence[Slot], current: Sequence[Placement], *,
            target_group_limit: int | None = None, time_limit: float = 30.0,
            progress: Callable[[ProposalProgress], None] | None = None, workers: int = 2, seed: int = 0,
            deterministic_time: float | None = None) -> Proposal:
    """Propose a schedule with OR-Tools CP-SAT; see ``conference.scheduling_solver.propose``.

    Imported lazily so that the conflict checks never load OR-Tools."""
    from conference.scheduling_solver import propose as solve

    return solve(items, rooms, slots, current, target_group_limit=target_group_limit, time_limit=time_limit,
                 progress=progress, workers=workers, seed=seed, deterministic_time=deterministic_time)
