"""What the benchmarks read from /proc: the live processes (command line, parent, process group, CPU time)
and how long the machine's cores have been busy."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Process:
    pid: int
    cmdline: str  # arguments joined by spaces
    ppid: int
    pgrp: int
    ticks: int  # user + system CPU so far, in clock ticks


def processes() -> Iterator[Process]:
    """Every live process; one that ends while it is read is left out."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            # The command name in parentheses may hold spaces and parentheses: the fields follow the last ")".
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        yield Process(pid=int(entry.name), cmdline=cmdline, ppid=int(fields[1]), pgrp=int(fields[2]),
                      ticks=int(fields[11]) + int(fields[12]))


def cpu_seconds(groups: dict[str, Callable[[Process], bool]]) -> dict[str, float]:
    """User + system CPU seconds so far of the live processes, per name of ``groups``: a process counts for
    the first group whose test accepts it (one pass over /proc for all groups)."""
    ticks = dict.fromkeys(groups, 0)
    for process in processes():
        name = next((name for name, accepts in groups.items() if accepts(process)), None)
        if name is not None:
            ticks[name] += process.ticks
    return {name: value / TICK for name, value in ticks.items()}


def postgres_backends_of(database: str) -> Callable[[Process], bool]:
    """Accepts PostgreSQL's backends serving ``database`` (their title is "postgres: USER DATABASE HOST …")."""
    return lambda process: process.cmdline.startswith("postgres:") and f" {database} " in process.cmdline


def children_of(parent: int) -> list[int]:
    """The process ids of ``parent``'s live children (a gunicorn master's workers)."""
    return [process.pid for process in processes() if process.ppid == parent]


def machine_busy() -> float:
    """CPU seconds all cores have been busy since boot (/proc/stat: everything but idle and iowait)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICK
