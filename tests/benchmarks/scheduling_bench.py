"""Benchmark of the schedule proposal (``conference.scheduling.propose``, OR-Tools CP-SAT).

``python -m tests.benchmarks.scheduling_bench --report docs/benchmarks.md``

The goal instance: 120 offers, 12 rooms in 3 venues, 6 slots (tests/scheduling/instances.py, seed 0).
Goal: as many items placed as any schedule can place (the solver's proven bound), no conflicts, at most
30 s. A second run re-plans after the organiser's edits (a dozen pinned items, three late offers) from
the first proposal, to show how much of the grid stays put. Exits 1 if the goal is missed."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from conference.scheduling import Item, find_conflicts, propose, room_suits, slot_allowed
from tests.benchmarks.report import stamp, write_section
from tests.scheduling.instances import generate

GOAL_SECONDS = 30.0


def highs_on_the_same_model(instance, time_limit: float) -> dict:
    """Solve the single-stage model (``full_model``) with HiGHS through ``scipy.optimize.milp``, for the
    comparison in docs/scheduling.md: every constraint there is linear over 0/1 variables."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    from conference.scheduling_solver import full_model

    model, w_place = full_model(instance.items, instance.rooms, instance.slots, ())
    proto = model.proto
    n = len(proto.variables)
    rows, cols, vals, lows, highs = [], [], [], [], []

    def row(terms: list[tuple[int, int]], low: float, high: float) -> None:
        """Add ``low ≤ Σ coeff·literal ≤ high``; a negative reference is the negated literal ``1 − x``."""
        for ref, coeff in terms:
            if ref < 0:
                low, high, ref, coeff = low - coeff, high - coeff, -ref - 1, -coeff
            rows.append(len(lows))
            cols.append(ref)
            vals.append(coeff)
        lows.append(low)
        highs.append(high)

    for c in proto.constraints:
        if c.has_at_most_one():
            row([(ref, 1) for ref in c.at_most_one.literals], -np.inf, 1)
        elif c.has_bool_and() and len(c.enforcement_literal) == 1:
            for ref in c.bool_and.literals:  # enforcement → literal
                row([(ref, 1), (c.enforcement_literal[0], -1)], 0, np.inf)
        elif c.has_linear() and not c.enforcement_literal and len(c.linear.domain) == 2:
            low, high = (float(v) if abs(v) < 2**62 else np.copysign(np.inf, v) for v in c.linear.domain)
            row(list(zip(c.linear.vars, c.linear.coeffs, strict=True)), low, high)
        else:
            raise ValueError(f"no linear form for {c}")
    cost = np.zeros(n)
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        cost[var] = coeff
    domains = [list(v.domain) for v in proto.variables]
    matrix = coo_array((vals, (rows, cols)), shape=(len(lows), n)).tocsr()
    started = time.monotonic()
    solved = milp(cost, integrality=np.ones(n), bounds=Bounds([d[0] for d in domains], [d[-1] for d in domains]),
                  constraints=LinearConstraint(matrix, lows, highs),
                  options={"time_limit": time_limit, "mip_rel_gap": 0.0})  # the default 1e-4 hides ~80 penalty
    scale, offset = proto.objective.scaling_factor or 1, proto.objective.offset
    objective = None if solved.x is None else scale * (solved.fun + offset)
    bound = getattr(solved, "mip_dual_bound", None)
    placed = None if objective is None else int((objective + w_place - 1) // w_place)
    return {"status": solved.message, "objective": objective,
            "bound": None if bound is None else scale * (bound + offset), "placed": placed,
            "penalty": None if objective is None else placed * w_place - objective,
            "wall_time": time.monotonic() - started, "rows": len(lows), "variables": n}


def _measure(instance, items, current, time_limit: float, seed: int) -> dict:
    events = []
    result = propose(items, instance.rooms, instance.slots, current, time_limit=time_limit, seed=seed,
                     progress=events.append)
    conflicts = find_conflicts(items, instance.rooms, instance.slots, result.placements)
    pinned = {it.id for it in items if it.pinned}
    best_placed_at = next((e.elapsed for e in events if e.stage != "done" and e.placed == result.placed_count), None)
    w = result.soft["place_weight"]
    improving = [(e.elapsed, w * e.placed - e.objective) for e in events if e.stage == "improve"]
    penalty_at = {s: min((pen for at, pen in improving if at <= s), default=None) for s in (2, 5, 10, 20)}
    return {
        "items": len(items), "rooms": len(instance.rooms), "venues": len({r.venue_id for r in instance.rooms}),
        "slots": len(instance.slots), "pinned": len(pinned),
        "variables": sum(room_suits(it, r) and slot_allowed(it, s.id) for it in items if not it.pinned
                         for r in instance.rooms for s in instance.slots),
        "status": result.status, "placed": result.placed_count, "placed_bound": result.placed_bound,
        "unplaced_reasons": dict(sorted(Counter(result.unplaced_reasons.values()).items())),
        "conflicts": len(conflicts), "conflicts_not_pinned": sum(not set(c.item_ids) <= pinned for c in conflicts),
        "first_solution": result.first_solution_time, "max_placed_at": best_placed_at,
        "place_stage_done": next((e.elapsed for e in events if e.stage != "place"), None),
        "solution_time": result.solution_time, "wall_time": result.wall_time, "solutions": result.solutions,
        "objective": result.objective, "bound": result.bound, "place_weight": w,
        "penalty": result.soft["penalty"],
        "penalty_at": penalty_at,
        "penalty_bound": None if result.bound is None else w * result.placed_count - result.bound,
        "soft": {k: v for k, v in result.soft.items() if k not in ("penalty", "place_weight")},
        "moved": len(result.diff(current)) if current else None,
        "result": result,
    }


def run(time_limit: float = GOAL_SECONDS, seed: int = 0, highs: bool = False) -> dict:
    instance = generate(120, 12, 6, venues=3, seed=seed)
    main = _measure(instance, instance.items, (), time_limit, seed)
    first = main.pop("result")
    # Re-plan: every tenth placed item pinned, three late offers, from the first proposal.
    placed = [p for p in first.placements if p.placed]
    pinned_ids = {p.item_id for p in placed[::10]}
    late = [Item(1000 + n, audience=25, equipment=frozenset({"Beamer"}), people=frozenset({f"late{n}@example.org"}),
                 target_groups=frozenset({"teachers"}), topics=frozenset({"digital"})) for n in range(3)]
    items = [replace(it, pinned=it.id in pinned_ids) for it in instance.items] + late
    replan = _measure(instance, items, first.placements, min(10.0, time_limit), seed)
    replan.pop("result")
    main["goal_met"] = (main["placed"] == main["placed_bound"] and main["conflicts"] == 0
                        and main["wall_time"] <= GOAL_SECONDS)
    main["placeable"] = len(instance.placeable())
    comparison = highs_on_the_same_model(instance, time_limit) if highs else None
    return {"main": main, "replan": replan, "highs": comparison, "time_limit": time_limit, "seed": seed,
            "stamp": stamp()}


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def markdown(result: dict) -> str:
    m, r = result["main"], result["replan"]
    soft = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in m["soft"].items())
    reasons = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in m["unplaced_reasons"].items()) or "none"
    goal = "met" if m["goal_met"] else "**not met**"
    lines = [
        "## Schedule proposal",
        "",
        result["stamp"],
        "",
        "`python -m tests.benchmarks.scheduling_bench --report docs/benchmarks.md`"
        f" (time limit {result['time_limit']:g} s, 2 CP-SAT workers, seed {result['seed']}).",
        "",
        f"{m['items']} offers, {m['rooms']} rooms in {m['venues']} venues, {m['slots']} slots (generated by"
        f" `tests/scheduling/instances.py`): {m['rooms'] * m['slots']} room-slots for {m['items']} offers, of which"
        f" {m['placeable']} fit some room in some available slot; {m['variables']} placement variables."
        " See docs/scheduling.md for the model.",
        "",
        "| measurement | value |",
        "| --- | --- |",
        f"| first feasible solution | {_s(m['first_solution'])} |",
        f"| first solution placing the maximum | {_s(m['max_placed_at'])} |",
        f"| maximum proven (stage “place” over) by | {_s(m['place_stage_done'])} |",
        f"| reported solution found at | {_s(m['solution_time'])} ({m['solutions']} improving solutions) |",
        f"| wall time of `propose` | {_s(m['wall_time'])} |",
        f"| status | {m['status']} |",
        f"| **placed** | **{m['placed']}/{m['items']}** (proven maximum {m['placed_bound']}) |",
        f"| unplaced | {reasons} |",
        f"| **conflicts** (`find_conflicts` on the result) | **{m['conflicts']}** |",
        f"| objective / bound | {m['objective']:.0f} / {m['bound']:.0f} (place weight {m['place_weight']}) |",
        f"| soft penalty / its lower bound | {m['penalty']} / {m['penalty_bound']:.0f} |",
        f"| soft penalty after {' / '.join(f'{s} s' for s in m['penalty_at'])} | "
        + " / ".join("–" if v is None else f"{v:.0f}" for v in m["penalty_at"].values()) + " |",
        f"| soft goals | {soft} |",
        f"| **goal** (maximum placed, 0 conflicts, ≤ {GOAL_SECONDS:g} s) | {goal} |",
        "",
        f"Re-plan from that proposal with {r['pinned']} items pinned and 3 late offers (time limit"
        f" {min(10.0, result['time_limit']):g} s): {r['placed']}/{r['items']} placed (proven maximum"
        f" {r['placed_bound']}), {r['moved']} items changed place, {r['conflicts_not_pinned']} conflicts,"
        f" status {r['status']}, {_s(r['wall_time'])}.",
    ]
    h = result.get("highs")
    if h:
        found = ("no solution" if h["objective"] is None else
                 f"{h['placed']} placed, soft penalty {h['penalty']:.0f}, objective {h['objective']:.0f}")
        bound = "none" if h["bound"] is None else f"{h['bound']:.0f}"
        lines += ["", f"HiGHS (scipy.optimize.milp) on the same model as one MILP ({h['variables']} variables,"
                  f" {h['rows']} rows), same time limit: {found}, bound {bound}, {_s(h['wall_time'])}"
                  f" ({h['status']})."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", help="write the section into this markdown file (docs/benchmarks.md)")
    parser.add_argument("--time-limit", type=float, default=GOAL_SECONDS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--highs", action="store_true", help="also solve the same model with HiGHS (scipy)")
    args = parser.parse_args(argv)
    result = run(args.time_limit, args.seed, args.highs)
    text = markdown(result)
    print(text)
    if args.report:
        write_section(Path(args.report), "scheduling", markdown(result))
    if not result["main"]["goal_met"]:
        print("goal missed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
