"""docs/benchmarks.md is shared by every benchmark: each one replaces only its own section.

A section lies between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``; a section not yet in the
file is appended. The machine and date stand in each section, since sections are written by
separate runs."""

from __future__ import annotations

import os
import platform
import re
import time
from pathlib import Path

HEADER = "# Benchmarks\n\nWritten by `make bench`; each section says when and on what machine it was measured.\n"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, Python {platform.python_version()}"


def stamp() -> str:
    return f"Measured {time.strftime('%Y-%m-%d %H:%M')} UTC on {machine()}."


def cpu_per_request(run: dict) -> str:
    """The CPU per request of a run against gunicorn and PostgreSQL driven by wrk, as one table cell."""
    cpu = run["cpu_ms_per_request"]
    return (f"{cpu['gunicorn']} ms gunicorn + {cpu['postgres']} ms PostgreSQL "
            f"(+ {cpu['load generator']} ms load generator)")


def write_section(path: Path, name: str, markdown: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if not text.startswith("# Benchmarks"):
        text = HEADER
    block = f"<!-- bench:{name} -->\n{markdown.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
