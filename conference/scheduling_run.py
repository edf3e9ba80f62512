"""Running CP-SAT for ``conference.scheduling_solver``: solutions counted and timed, and ``progress``
called on the caller's thread, since CP-SAT calls back from its own worker threads (where a Flask app
context, for one, is missing)."""

from __future__ import annotations

import queue
import threading
import time

from ortools.sat.python import cp_model

from conference.scheduling import ProposalProgress


class _Callback(cp_model.CpSolverSolutionCallback):
    """Counts solutions and notes their times; queues progress for the caller's thread."""

    def __init__(self, run: SearchRun, stage: str, placed):
        super().__init__()
        self.run, self.stage, self.placed = run, stage, placed

    def on_solution_callback(self) -> None:
        run = self.run
        run.solutions += 1
        run.last = time.monotonic() - run.t0
        run.first = run.last if run.first is None else run.first
        if run.progress is not None:
            run.events.put(ProposalProgress(run.solutions, self.objective_value, self.best_objective_bound,
                                            run.last, self.stage, int(self.value(self.placed))))


class SearchRun:
    """One ``propose`` call's searches: its start, solution count and times, and ``progress``."""

    def __init__(self, progress):
        self.t0, self.progress, self.solutions = time.monotonic(), progress, 0
        self.first: float | None = None
        self.last: float | None = None
        self.events: queue.SimpleQueue = queue.SimpleQueue()

    def solve(self, solver: cp_model.CpSolver, model: cp_model.CpModel, stage: str, placed) -> int:
        """``solver.solve`` with ``progress`` called on this thread; an error in ``progress`` stops the
        search and is raised here."""
        callback = _Callback(self, stage, placed)
        if self.progress is None:
            return solver.solve(model, callback)
        outcome: dict = {}

        def work():
            try:
                outcome["status"] = solver.solve(model, callback)
            except BaseException as error:
                outcome["error"] = error
            finally:
                self.events.put(None)

        thread = threading.Thread(target=work, name="cp-sat", daemon=True)
        thread.start()
        error = None
        while (event := self.events.get()) is not None:
            if error is None:
                try:
                    self.progress(event)
                except Exception as raised:
                    error = raised
                    solver.stop_search()
        thread.join()
        if error is not None or "error" in outcome:
            raise error or outcome["error"]
        return outcome["status"]
