"""The scheduling core: conflict checks (every kind, present and absent) and CP-SAT proposals."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import datetime

import pytest

from conference.scheduling import (
    BLOCKED_BY_PINNED,
    CONFLICT_KINDS,
    EQUIPMENT,
    NO_AVAILABLE_SLOT,
    NO_SUITABLE_ROOM,
    NOT_CHOSEN,
    ORGANISATION_OVERLAP,
    OVER_CAPACITY,
    PERSON_OVERLAP,
    PINNED_UNPLACED,
    ROOM_DOUBLE_BOOKED,
    STEP_FREE,
    TARGET_GROUP_CROWDED,
    UNAVAILABLE,
    W_GROUP_PAIR,
    W_MOVE,
    W_TOPIC_PAIR,
    Conflict,
    Item,
    Placement,
    Room,
    Slot,
    conflicts_for,
    find_conflicts,
    propose,
    slot_cliques,
)
from tests.scheduling.instances import generate

DAY = datetime(2025, 9, 20)


def slot(slot_id: int, start: str, end: str) -> Slot:
    def at(hhmm: str) -> datetime:
        return DAY.replace(hour=int(hhmm[:2]), minute=int(hhmm[3:]))

    return Slot(slot_id, at(start), at(end))


# 1: 09:00–10:30, 2: 10:30–12:00 (touches 1), 3: 10:00–11:00 (overlaps 1 and 2), 4: 13:00–14:00
SLOTS = (slot(1, "09:00", "10:30"), slot(2, "10:30", "12:00"), slot(3, "10:00", "11:00"), slot(4, "13:00", "14:00"))
ROOMS = (Room(1, 1, 30, True, frozenset({"Beamer", "Strom"})), Room(2, 1, 100, True, frozenset({"Strom"})),
         Room(3, 2, 20, False), Room(4, 2, 60, True, frozenset({"Beamer"})))


def kinds(conflicts: list[Conflict]) -> list[str]:
    return [c.kind for c in conflicts]


def check(items, placements, **kwargs) -> list[Conflict]:
    return find_conflicts(items, ROOMS, SLOTS, [Placement(*p) for p in placements], **kwargs)


# --- conflict checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("slot_a", "slot_b", "clash"), [(1, 1, True), (1, 3, True), (2, 3, True), (1, 2, False),
                                                        (1, 4, False)])
def test_pair_conflicts_follow_time_overlap_not_slot_ids(slot_a, slot_b, clash):
    items = [Item(1, people=frozenset({"a@x.org"}), organisation_id=7),
             Item(2, people=frozenset({"a@x.org", "b@x.org"}), organisation_id=7)]
    found = check(items, [(1, 2, slot_a), (2, 2, slot_b)])
    expected = [ROOM_DOUBLE_BOOKED, PERSON_OVERLAP, ORGANISATION_OVERLAP] if clash else []
    assert kinds(found) == expected
    if clash:
        assert all(c.item_ids == (1, 2) for c in found)
        assert found[0].room_id == 2 and found[0].detail["slot_ids"] == [slot_a, slot_b]
        assert found[1].detail["people"] == ["a@x.org"]
        assert found[2].detail["organisation_id"] == 7
        assert found[0].slot_id == (slot_a if slot_a == slot_b else None)


def test_pair_conflicts_absent_in_other_rooms_without_shared_people_or_organisation():
    items = [Item(1, people=frozenset({"a@x.org"}), organisation_id=1),
             Item(2, people=frozenset({"b@x.org"}), organisation_id=2), Item(3), Item(4)]
    assert check(items, [(1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 4, 3)]) == []


@pytest.mark.parametrize(("item", "room", "kind", "detail"), [
    (Item(1, audience=31), 1, OVER_CAPACITY, {"audience": 31, "capacity": 30}),
    (Item(1, needs_step_free=True), 3, STEP_FREE, {}),
    (Item(1, equipment=frozenset({"Strom", "Beamer", "Flipchart", "Mikrofonanlage"})), 1, EQUIPMENT,
     {"missing": ["Flipchart", "Mikrofonanlage"]}),
    (Item(1, available_slots=frozenset({2, 4})), 1, UNAVAILABLE, {"available_slots": [2, 4]}),
])
def test_room_and_availability_conflicts(item, room, kind, detail):
    assert check([item], [(1, room, 1)]) == [Conflict(kind, (1,), room, 1, detail)]


@pytest.mark.parametrize("item", [Item(1, audience=30), Item(1, needs_step_free=True),
                                  Item(1, equipment=frozenset({"Beamer", "Strom"})),
                                  Item(1, available_slots=frozenset({1})), Item(1, available_slots=None)])
def test_room_and_availability_conflicts_absent_when_met(item):
    assert check([item], [(1, 1, 1)]) == []


def test_target_group_crowded_only_above_the_limit_and_per_slot():
    items = [Item(n, target_groups=frozenset({"kita", "parents"} if n < 4 else {"kita"})) for n in range(1, 6)]
    placements = [(1, 1, 1), (2, 2, 1), (3, 3, 1), (4, 4, 1), (5, 1, 4)]
    crowded = check(items, placements, target_group_limit=3)
    assert crowded == [Conflict(TARGET_GROUP_CROWDED, (1, 2, 3, 4), None, 1,
                                {"target_group": "kita", "count": 4, "limit": 3})]
    assert check(items, placements, target_group_limit=4) == []
    assert check(items, placements) == []
    assert [(c.detail["target_group"], c.item_ids) for c in check(items, placements, target_group_limit=2)] == [
        ("parents", (1, 2, 3)), ("kita", (1, 2, 3, 4))]


def test_room_without_slot_is_checked_against_the_room_only_and_slot_without_room_ignored():
    items = [Item(1, audience=50, people=frozenset({"a@x.org"})), Item(2, audience=50, people=frozenset({"a@x.org"})),
             Item(3, audience=500, organisation_id=1), Item(4, organisation_id=1)]
    found = check(items, [(1, 1, None), (2, 1, None), (3, None, 1), (4, None, 1)])
    assert found == [Conflict(OVER_CAPACITY, (1,), 1, None, {"audience": 50, "capacity": 30}),
                     Conflict(OVER_CAPACITY, (2,), 1, None, {"audience": 50, "capacity": 30})]


def test_each_pair_once_in_a_fixed_order_whatever_the_input_order():
    items = [Item(n, audience=40) for n in (3, 1, 2)]
    placements = [(3, 1, 1), (1, 1, 1), (2, 1, 3)]
    found = check(items, placements)
    assert [(c.kind, c.item_ids) for c in found] == [
        (ROOM_DOUBLE_BOOKED, (1, 2)), (ROOM_DOUBLE_BOOKED, (1, 3)), (ROOM_DOUBLE_BOOKED, (2, 3)),
        (OVER_CAPACITY, (1,)), (OVER_CAPACITY, (2,)), (OVER_CAPACITY, (3,))]
    assert check(list(reversed(items)), list(reversed(placements))) == found


def test_conflicts_for_is_the_items_share_of_find_conflicts():
    rng = random.Random(5)
    inst = generate(40, 6, 4, overlapping=True, seed=5)
    placements = [Placement(it.id, rng.choice(inst.rooms).id, rng.choice(inst.slots).id) for it in inst.items]
    everything = find_conflicts(inst.items, inst.rooms, inst.slots, placements, target_group_limit=3)
    assert set(kinds(everything)) == set(CONFLICT_KINDS)
    for it in inst.items:
        mine = conflicts_for(it.id, inst.items, inst.rooms, inst.slots, placements, target_group_limit=3)
        assert mine == [c for c in everything if it.id in c.item_ids]


@pytest.mark.parametrize("placements", [[(1, 9, 1)], [(1, 1, 9)], [(2, 1, 1)], [(1, 1, 1), (1, 2, 1)]])
def test_bad_references_are_refused(placements):
    with pytest.raises(ValueError):
        check([Item(1)], placements)


def test_slots_must_end_after_they_start():
    with pytest.raises(ValueError):
        find_conflicts([], ROOMS, [Slot(1, DAY, DAY)], [])


def test_slot_cliques_cover_every_overlapping_pair_and_nothing_else():
    cliques = slot_cliques(SLOTS)
    assert cliques == [(1, 3), (2, 3), (4,)]


# --- proposals ---------------------------------------------------------------------------------------

def solve(items, current=(), rooms=ROOMS, slots=SLOTS, **kwargs):
    kwargs.setdefault("time_limit", 10)
    result = propose(items, rooms, slots, [p if isinstance(p, Placement) else Placement(*p) for p in current], **kwargs)
    assert [p.item_id for p in result.placements] == [it.id for it in items]
    return result


def test_small_instance_is_solved_optimally_without_conflicts():
    inst = generate(14, 4, 4, overlapping=True, seed=1)
    result = propose(inst.items, inst.rooms, inst.slots, (), time_limit=10)
    assert result.status == "optimal"
    assert result.conflicts == ()
    assert find_conflicts(inst.items, inst.rooms, inst.slots, result.placements) == []
    assert result.placed_count == result.placed_bound >= len(inst.placeable()) - 3
    assert result.objective == result.bound == (
        result.soft["place_weight"] * result.placed_count - result.soft["penalty"])


def test_pinned_items_stay_and_others_avoid_them():
    items = [Item(1, pinned=True, people=frozenset({"a@x.org"})), Item(2, people=frozenset({"a@x.org"})),
             Item(3, available_slots=frozenset({1})), Item(4, audience=90, organisation_id=4)]
    rooms = (Room(1, 1, 30, True), Room(2, 1, 100, True))
    result = solve(items, [(1, 1, 1), (4, 2, 2)], rooms=rooms, slots=SLOTS[:2])
    assert result.placement(1) == Placement(1, 1, 1)
    assert result.placement(2).slot_id == 2  # not with its presenter's pinned item
    assert result.placement(3) == Placement(3, 2, 1)  # room 1 is the pinned item's
    assert result.placement(4) == Placement(4, 2, 2)  # stays where it is
    assert result.conflicts == () and result.unplaced == ()


def test_invalid_pinned_placements_are_kept_and_reported():
    items = [Item(1, audience=80, pinned=True), Item(2, pinned=True), Item(3), Item(4, pinned=True)]
    result = solve(items, [(1, 1, 1), (2, 1, 1), (4, 2, None)], rooms=ROOMS[:2], slots=SLOTS[:2])
    assert result.placement(1) == Placement(1, 1, 1) and result.placement(2) == Placement(2, 1, 1)
    assert result.placement(4) == Placement(4, 2, None)
    assert result.unplaced_reasons == {4: PINNED_UNPLACED}
    assert result.placement(3).placed and result.placement(3) != Placement(3, 1, 1)
    assert {(c.kind, c.item_ids) for c in result.conflicts} == {(ROOM_DOUBLE_BOOKED, (1, 2)), (OVER_CAPACITY, (1,))}


def test_unplaceable_items_are_reported_and_the_rest_still_placed():
    items = [Item(1, equipment=frozenset({"Bühne"})), Item(2, available_slots=frozenset()),
             Item(3, available_slots=frozenset({99})), Item(4, audience=1000), Item(5, needs_step_free=True),
             Item(6, people=frozenset({"p@x.org"}), available_slots=frozenset({1})),
             Item(7, people=frozenset({"p@x.org"}), pinned=True), Item(8), Item(9)]
    rooms = (Room(1, 1, 30, False), Room(2, 1, 30, True))
    result = solve(items, [(7, 2, 1)], rooms=rooms, slots=SLOTS[:2])
    assert result.unplaced_reasons == {1: NO_SUITABLE_ROOM, 2: NO_AVAILABLE_SLOT, 3: NO_AVAILABLE_SLOT,
                                       4: NO_SUITABLE_ROOM, 6: BLOCKED_BY_PINNED}
    assert result.status == "optimal" and result.placed_count == 4 == result.placed_bound
    assert result.placement(5) == Placement(5, 2, 2) and result.conflicts == ()


def test_items_left_out_only_when_there_is_no_room_for_them():
    items = [Item(n, people=frozenset({"p@x.org"}) if n < 3 else frozenset(), preferred_slots=frozenset({1}),
                  target_groups=frozenset({"kita"}), topics=frozenset({"stem"}), organisation_id=n % 2)
             for n in range(1, 8)]
    rooms = (Room(1, 1, 30, True), Room(2, 2, 30, True))
    result = solve(items, rooms=rooms, slots=(SLOTS[0], SLOTS[1], SLOTS[3]))
    assert result.placed_count == 6 and result.placed_bound == 6  # six room-slots, all used despite the penalties
    assert result.unplaced_reasons == {result.unplaced[0]: NOT_CHOSEN}
    assert 0 < result.soft["penalty"] < result.soft["place_weight"] and result.conflicts == ()


def test_maximum_placement_needs_the_right_rooms():
    items = [Item(1, audience=10), Item(2, audience=50), Item(3, audience=10, equipment=frozenset({"Beamer"}))]
    rooms = (Room(1, 1, 60, True, frozenset({"Beamer"})), Room(2, 1, 60, True), Room(3, 2, 20, True))
    result = solve(items, [(1, 1, 1), (2, 2, 1)], rooms=rooms, slots=SLOTS[:1])
    assert result.placed_count == 3
    assert result.placement(3).room_id == 1 and result.placement(2).room_id == 2


def test_organisation_gathered_in_one_venue_even_if_an_item_moves():
    items = [Item(1, organisation_id=5), Item(2, organisation_id=5), Item(3)]
    rooms = (Room(1, 1, 30, True), Room(2, 2, 30, True))
    current = [(1, 1, 1), (2, 2, 2), (3, 2, 1)]
    result = solve(items, current, rooms=rooms, slots=SLOTS[:2])
    venue = {r.id: r.venue_id for r in rooms}
    assert venue[result.placement(1).room_id] == venue[result.placement(2).room_id]
    assert result.soft["extra_venues"] == 0 and result.soft["moved"] >= 1
    assert len(result.diff([Placement(*p) for p in current])) == result.soft["moved"]


def test_preferred_slot_honoured_when_free_even_against_stability():
    items = [Item(1, preferred_slots=frozenset({4})), Item(2, preferred_slots=frozenset({1}))]
    result = solve(items, [(1, 1, 1), (2, 2, 1)], rooms=ROOMS[:2])
    assert result.placement(1).slot_id == 4 and result.placement(2) == Placement(2, 2, 1)
    assert result.diff([Placement(1, 1, 1), Placement(2, 2, 1)]) == [(1, Placement(1, 1, 1), result.placement(1))]


def test_stable_when_nothing_is_gained_by_moving():
    inst = generate(20, 5, 4, seed=2)
    first = propose(inst.items, inst.rooms, inst.slots, (), time_limit=5)
    assert first.status == "optimal"
    again = propose(inst.items, inst.rooms, inst.slots, first.placements, time_limit=5)
    assert again.soft["moved"] == 0 and again.diff(first.placements) == []
    assert first.diff(()) == [(p.item_id, Placement(p.item_id, None, None), p) for p in first.placements if p.placed]


KITA, STEM, LATE = ({"target_groups": frozenset({"kita"})}, {"topics": frozenset({"stem"})},
                    {"preferred_slots": frozenset({4})})


@pytest.mark.parametrize(("first", "second", "moves", "penalty"), [(KITA, KITA, 0, W_GROUP_PAIR),
                                                                   (STEM, STEM, 0, W_TOPIC_PAIR),
                                                                   (LATE, {}, 1, W_MOVE)])
def test_stability_outweighs_a_shared_group_or_topic_but_not_a_preference(first, second, moves, penalty):
    items = [Item(1, **first), Item(2, **second), Item(3)]
    current = [Placement(1, 1, 1), Placement(2, 2, 1), Placement(3, 1, 4)]
    result = solve(items, current, rooms=ROOMS[:2], slots=(SLOTS[0], SLOTS[3]))
    assert len(result.diff(current)) == result.soft["moved"] == moves
    assert result.soft["penalty"] == penalty and result.status == "optimal"


def test_target_groups_and_topics_spread_over_the_slots():
    items = [Item(n, target_groups=frozenset({"kita"}), topics=frozenset({"stem" if n < 4 else "arts"}))
             for n in range(1, 7)]
    result = solve(items, rooms=ROOMS, slots=(SLOTS[0], SLOTS[1], SLOTS[3]))
    per_slot = [sum(p.slot_id == s for p in result.placements) for s in (1, 2, 4)]
    assert per_slot == [2, 2, 2]
    assert result.soft["group_pairs"] == 3 and result.soft["topic_pairs"] == 0


def test_target_group_limit_is_hard():
    items = [Item(n, target_groups=frozenset({"kita" if n < 6 else "teachers"})) for n in range(1, 7)]
    result = solve(items, rooms=ROOMS, slots=(SLOTS[0], SLOTS[3]), target_group_limit=2)
    assert result.placed_count == 5 and result.placement(6).placed
    assert result.conflicts == () and result.status == "optimal"
    assert find_conflicts(items, ROOMS, SLOTS, result.placements, target_group_limit=2) == []


def test_same_seed_and_deterministic_time_give_the_same_proposal():
    inst = generate(30, 6, 5, overlapping=True, seed=4)
    runs = [propose(inst.items, inst.rooms, inst.slots, (), deterministic_time=0.5, workers=2, seed=7)
            for _ in range(2)]
    assert runs[0].placements == runs[1].placements and runs[0].objective == runs[1].objective


def test_progress_reports_improving_solutions_and_the_end_on_the_callers_thread():
    seen, threads = [], set()

    def record(progress):
        seen.append(progress)
        threads.add(threading.get_ident())

    inst = generate(24, 5, 4, seed=6)
    result = propose(inst.items, inst.rooms, inst.slots, (), time_limit=5, progress=record)
    assert threads == {threading.get_ident()}
    assert seen[0].stage == "place" and "improve" in {p.stage for p in seen}
    assert seen[-1].stage == "done" and seen[-1].objective == result.objective
    assert [p.solutions for p in seen[:-1]] == list(range(1, result.solutions + 1))
    improving = [p.objective for p in seen if p.stage == "improve"]
    assert improving == sorted(improving) and 0 < result.first_solution_time <= result.solution_time


def test_an_error_in_the_progress_callback_reaches_the_caller():
    def fail(_):
        raise LookupError("observer broke")

    with pytest.raises(LookupError, match="observer broke"):
        solve([Item(1), Item(2)], progress=fail)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_random_instances_with_pins_and_limits_have_no_conflicts_but_the_pinned_ones(seed):
    rng = random.Random(seed)
    inst = generate(30, 5, 5, overlapping=True, seed=seed)
    items = [it if rng.random() > 0.15 else replace(it, pinned=True) for it in inst.items]
    current = [Placement(it.id, rng.choice(inst.rooms).id, rng.choice(inst.slots).id) for it in items]
    result = propose(items, inst.rooms, inst.slots, current, target_group_limit=3, time_limit=3)
    pinned = {it.id for it in items if it.pinned}
    assert pinned and all(result.placement(i) == current[i - 1] for i in pinned)
    assert [c for c in result.conflicts if not set(c.item_ids) <= pinned] == []
    assert result.placed_count >= len(pinned) + 1


def test_mid_size_instance_solved_within_a_short_time_limit():
    inst = generate(60, 8, 5, seed=0)
    result = propose(inst.items, inst.rooms, inst.slots, (), time_limit=5)
    assert result.wall_time <= 5.5 and result.status in ("optimal", "feasible")
    assert result.conflicts == ()
    assert result.placed_count == result.placed_bound >= 35  # of 40 room-slots (8 rooms × 5 slots)
    assert result.objective <= result.bound
    assert set(result.unplaced_reasons.values()) <= {NOT_CHOSEN, NO_SUITABLE_ROOM}
