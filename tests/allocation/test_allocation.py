"""conference.allocation: exact optimality against an independent 0/1 programme, feasibility, the
input rules, and the first_come / report helpers. Pure tests: no app, no database."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from conference import allocation
from conference.allocation import SessionSeat, allocate, effective_rankings, first_come, report
from conference.allocation_colouring import colour_bipartite
from conference.allocation_milp import allocate_milp, realise_rounds
from tests.allocation.reference import (
    check_feasible,
    random_instance,
    reference_optimum,
    relaxation_optimum,
)


def _forbid(name: str):
    def fail(*_args, **_kwargs):
        raise AssertionError(f"{name} must not be used for this instance")
    return fail


@pytest.mark.parametrize("seed", range(200))
def test_fast_path_is_exactly_optimal(seed, monkeypatch):
    """Every workshop in every round, one capacity: the flow + colouring path alone must hit the optimum."""
    sessions, preferences = random_instance(random.Random(seed), uniform=True)
    monkeypatch.setattr(allocation, "allocate_milp", _forbid("the full 0/1 programme"))
    monkeypatch.setattr(allocation, "realise_rounds", _forbid("the search for rounds"))
    got = check_feasible(sessions, preferences, allocate(sessions, preferences))
    assert got == reference_optimum(sessions, preferences)


def _general_instance(seed: int):
    return random_instance(random.Random(10_000 + seed), uniform=False)


@pytest.mark.parametrize("shortcut", ["rounds for the relaxation if found", "full programme only"])
@pytest.mark.parametrize("seed", range(200))
def test_general_path_is_exactly_optimal(seed, shortcut, monkeypatch):
    """Workshops missing from some rounds, capacities changing by round: exact both when rounds are
    found for the relaxation's optimum and when the full 0/1 programme has to decide."""
    sessions, preferences = _general_instance(seed)
    monkeypatch.setattr(allocation, "_rounds_by_colouring", _forbid("the colouring"))
    if shortcut == "full programme only":
        monkeypatch.setattr(allocation, "realise_rounds", lambda *_: None)
    got = check_feasible(sessions, preferences, allocate(sessions, preferences))
    assert got == reference_optimum(sessions, preferences)


def test_general_instances_exercise_both_ways(monkeypatch):
    """The instances above must test both ways: rounds found for the relaxation, and not found."""
    paths: Counter[str] = Counter()

    def spy(*args):
        found = realise_rounds(*args)
        paths["found" if found is not None else "not found"] += 1
        return found

    monkeypatch.setattr(allocation, "realise_rounds", spy)
    for seed in range(200):
        allocate(*_general_instance(seed))
    assert paths["found"] >= 20 and paths["not found"] >= 20, paths


def test_rounds_are_not_invented():
    # Both workshops run only in round 1: nobody can attend both, so no rounds exist for these pairs.
    sessions = [SessionSeat("a1", "A", 1, 5), SessionSeat("b1", "B", 1, 5), SessionSeat("c2", "C", 2, 5)]
    assert realise_rounds(sessions, [("x", "A"), ("x", "B")]) is None
    assert realise_rounds(sessions, [("x", "A"), ("x", "C"), ("y", "B")]) == {"x": ["a1", "c2"], "y": ["b1"]}
    assert realise_rounds(sessions, []) == {}


@pytest.mark.parametrize("seed", range(3))
def test_larger_instances_match_the_reference(seed):
    """Crowded instances (more demand than seats) of a size where the reference still solves quickly."""
    rng = random.Random(20_000 + seed)
    for uniform in (True, False):
        sessions, preferences = random_instance(rng, uniform=uniform, participants=60, workshops=8, rounds=3,
                                                max_capacity=12)
        got = check_feasible(sessions, preferences, allocate(sessions, preferences))
        assert got == reference_optimum(sessions, preferences)


def test_both_exact_methods_agree_on_uniform_instances():
    rng = random.Random(7)
    for _ in range(40):
        sessions, preferences = random_instance(rng, uniform=True)
        rankings = effective_rankings(sessions, preferences)
        fast = check_feasible(sessions, preferences, allocate(sessions, preferences))
        assert fast == check_feasible(sessions, preferences, allocate_milp(sessions, rankings))


def _zipf_instance(participants: int, seed: int):
    rng = np.random.default_rng(seed)
    names = [f"w{i:02d}" for i in range(20)]
    sessions = [SessionSeat(f"{w}@{r}", w, r, 60 + 5 * (i % 7)) for i, w in enumerate(names) for r in range(3)]
    keys = np.log(1 / np.arange(1, 21)) + rng.gumbel(size=(participants, 20))  # Zipf-like: w00 wanted most
    preferences = {f"p{i:05d}": [names[j] for j in np.argsort(-keys[i])[: 1 + i % 6]] for i in range(participants)}
    return sessions, preferences


def test_benchmark_scale_reaches_the_round_free_bound():
    """At 1,500 participants no 0/1 reference is practical, but the round-free relaxation is a bound
    (solved independently by LP): a feasible allocation that attains it is optimal."""
    sessions, preferences = _zipf_instance(1_500, 5)
    got = check_feasible(sessions, preferences, allocate(sessions, preferences))
    assert got == relaxation_optimum(sessions, preferences)


def test_near_uniform_scale_is_fast_and_optimal(monkeypatch):
    """One workshop missing a round and one smaller room: rounds for the relaxation's optimum exist,
    so no full 0/1 programme is needed, and the bound proves the result optimal."""
    sessions, preferences = _zipf_instance(1_500, 6)
    sessions = [s._replace(capacity=40) if s.session_id == "w07@1" else s for s in sessions if s.session_id != "w03@2"]
    monkeypatch.setattr(allocation, "allocate_milp", _forbid("the full 0/1 programme"))
    got = check_feasible(sessions, preferences, allocate(sessions, preferences))
    assert got == relaxation_optimum(sessions, preferences)


def test_hand_example_prefers_fewer_bad_choices():
    # Both want A first and A has one seat per round, so each gets A; the second choices B (for x)
    # and C (for y) then force y into A's second round, because C runs only in round 1.
    sessions = [SessionSeat("a1", "A", 1, 1), SessionSeat("a2", "A", 2, 1),
                SessionSeat("b1", "B", 1, 1), SessionSeat("b2", "B", 2, 1), SessionSeat("c1", "C", 1, 5)]
    preferences = {"x": ["A", "B", "C"], "y": ["A", "C", "B"]}
    result = allocate(sessions, preferences)
    assert check_feasible(sessions, preferences, result) == (4, 1 + 4 + 1 + 4)
    assert result == {"x": ["a1", "b2"], "y": ["c1", "a2"]}


def test_pairs_come_before_rank():
    # Giving z their 1st choice A would leave x with nothing: more pairs wins over a better rank.
    sessions = [SessionSeat("a", "A", 1, 1), SessionSeat("b", "B", 1, 1)]
    preferences = {"x": ["A"], "z": ["A", "B"]}
    assert allocate(sessions, preferences) == {"x": ["a"], "z": ["b"]}


def test_messy_rankings_are_tolerated():
    sessions = [SessionSeat("a1", "A", 1, 2), SessionSeat("a2", "A", 2, 2),
                SessionSeat("b1", "B", 1, 2), SessionSeat("b2", "B", 2, 2)]
    preferences = {"empty": [], "ghost": ["nope"], "dup": ["A", "A", "nope", "B"], "short": ["B"], "tuple": ("A",)}
    result = allocate(sessions, preferences)
    assert list(result) == list(preferences)
    assert result["empty"] == [] and result["ghost"] == []
    assert sorted(s[0] for s in result["dup"]) == ["a", "b"]
    assert [s[0] for s in result["short"]] == ["b"]
    assert effective_rankings(sessions, preferences)["dup"] == ("A", "B")


def test_no_sessions_and_zero_capacity():
    assert allocate([], {"x": ["A"], "y": []}) == {"x": [], "y": []}
    sessions = [SessionSeat("a1", "A", 1, 0), SessionSeat("a2", "A", 2, 0), SessionSeat("b1", "B", 1, 1),
                SessionSeat("b2", "B", 2, 1)]
    assert allocate(sessions, {"x": ["A", "B"]}) in ({"x": ["b1"]}, {"x": ["b2"]})
    assert allocate(sessions, {}) == {}


@pytest.mark.parametrize("sessions", [
    [SessionSeat("s", "A", 1, 3), SessionSeat("s", "B", 2, 3)],
    [SessionSeat("s1", "A", 1, 3), SessionSeat("s2", "A", 1, 3)],
    [SessionSeat("s1", "A", 1, -1)],
    [SessionSeat("s1", "A", 1, 2.5)],
])
def test_invalid_sessions_are_rejected(sessions):
    with pytest.raises(ValueError):
        allocate(sessions, {"x": ["A"]})


def test_a_string_ranking_is_rejected():
    with pytest.raises(TypeError):
        allocate([SessionSeat("s1", "A", 1, 3)], {"x": "A"})


@pytest.mark.parametrize("uniform", [True, False])
def test_same_input_same_output_whatever_the_order(uniform):
    sessions, preferences = random_instance(random.Random(99), uniform=uniform, participants=25, workshops=6)
    first = allocate(sessions, preferences)
    assert allocate(list(sessions), dict(preferences)) == first
    shuffled = list(preferences.items())
    random.Random(1).shuffle(shuffled)
    reordered = allocate(list(reversed(sessions)), dict(shuffled))
    assert list(reordered) == [p for p, _ in shuffled]
    assert reordered == first


@pytest.mark.parametrize("seed", range(30))
def test_colouring_is_proper(seed):
    rng = np.random.default_rng(seed)
    colours = int(rng.integers(1, 6))
    # Random multigraph (parallel edges happen) whose degrees stay ≤ colours: each vertex offers
    # `colours` edge ends, and the first `edges` ends on either side are paired up.
    edges = int(rng.integers(0, 25 * colours + 1))
    left = rng.permutation(np.repeat(np.arange(40), colours))[:edges]
    right = rng.permutation(np.repeat(np.arange(25), colours))[:edges]
    colour = colour_bipartite(left, right, colours)
    assert len(colour) == len(left) and ((colour >= 0) & (colour < colours)).all()
    for side in (left, right):
        pairs = set(zip(side.tolist(), colour.tolist(), strict=True))
        assert len(pairs) == len(side), "two edges at one vertex share a colour"


def test_colouring_refuses_too_high_a_degree():
    with pytest.raises(ValueError):
        colour_bipartite(np.array([0, 0, 0]), np.array([0, 1, 2]), 2)


FCFS_SESSIONS = [SessionSeat("a1", "A", 1, 1), SessionSeat("a2", "A", 2, 1),
                 SessionSeat("b1", "B", 1, 2), SessionSeat("b2", "B", 2, 2), SessionSeat("c2", "C", 2, 1)]


def test_first_come_serves_in_order():
    preferences = {"x": ["A", "B"], "y": ["A", "B"], "z": ["A", "C", "B"], "late": ["A"], "absent": ["B"]}
    result = first_come(FCFS_SESSIONS, preferences, ["z", "y", "x", "y", "late", "stranger"])
    assert result == {
        "z": ["a1", "c2"],  # A in its earliest round; C only runs in round 2; then z is full
        "y": ["b1", "a2"],  # A's round 1 is gone, round 2 free; B then in round 1
        "x": ["b1"],  # both A sessions are gone; B's round 1 has a seat left
        "late": [],  # A is full in both rounds
        "absent": [],  # not in the order: gets nothing
    }
    check_feasible(FCFS_SESSIONS, preferences, result)


@pytest.mark.parametrize("seed", range(20))
def test_first_come_is_feasible_and_never_beats_allocate(seed):
    rng = random.Random(30_000 + seed)
    sessions, preferences = random_instance(rng, uniform=seed % 2 == 0)
    order = list(preferences)
    rng.shuffle(order)
    greedy = check_feasible(sessions, preferences, first_come(sessions, preferences, order))
    best = check_feasible(sessions, preferences, allocate(sessions, preferences))
    assert best[0] > greedy[0] or (best[0] == greedy[0] and best[1] <= greedy[1])


def test_report_counts_everything():
    preferences = {"x": ["A", "B"], "y": ["ghost", "B", "A"], "z": ["A"], "n": ["ghost"]}
    allocation_ = {"x": ["a1", "b2"], "y": ["b1"], "z": [], "n": []}
    got = report(FCFS_SESSIONS, preferences, allocation_)
    assert got.participants == 4
    assert got.assigned_pairs == 3
    assert got.unassigned == ("z",)
    assert got.under_assigned == ("y", "z")  # y ranked 2 known workshops over 2 rounds but got 1
    assert got.without_ranking == ("n",)
    assert got.rank_counts == {1: 2, 2: 1}  # x: A 1st, B 2nd; y: B is 1st once ghost is dropped
    assert got.fill == {"a1": (1, 1), "a2": (0, 1), "b1": (1, 2), "b2": (1, 2), "c2": (0, 1)}
    assert got.sum_rank_squared == 1 + 4 + 1


@pytest.mark.parametrize("bad", [{"x": ["zz"]}, {"q": ["a1"]}, {"x": ["c2"]}])
def test_report_rejects_what_cannot_be(bad):
    with pytest.raises(ValueError):
        report(FCFS_SESSIONS, {"x": ["A", "B"]}, bad)


def test_report_agrees_with_the_checker():
    sessions, preferences = random_instance(random.Random(4), uniform=False, participants=25)
    result = allocate(sessions, preferences)
    pairs, cost = check_feasible(sessions, preferences, result)
    got = report(sessions, preferences, result)
    assert (got.assigned_pairs, got.sum_rank_squared) == (pairs, cost)
    assert sum(got.rank_counts.values()) == pairs
    assert sum(assigned for assigned, _ in got.fill.values()) == pairs
