"""The analytics pages at 1× and 10× the demo data (issue 9 / `make bench`): the comparison across
editions, the trend of one question key, an edition's frozen results and the live analysis of a survey.

1× is the demo (``conference.demo.seed``) in a fresh PostgreSQL database. 10× is a copy of it with 12 more
evaluated open days (editions 3–14, a year apart before the demo's 15th), each with 5,000 visitor responses
written by the demo's own survey generator (``DemoSurvey``, answering as at the 27th edition) and frozen by the
app's ``freeze_results``. Each page is requested 50 times at each size through Flask's test client, signed in
as the demo's analyst, the sizes taking turns: p50 latency and the SQL statements per request (a
``before_cursor_execute`` listener). Goal: p50 at 10× ≤ 1.5 × p50 at 1×, and the same number of statements.
The largest survey's live analysis is measured three times: as the pages are seen again and again (its counts
kept by the worker, conference/surveys/count_cache.py), as a first view costs (the worker's counts cleared
before each request), and as a view costs while answers keep coming in (a new response before each request,
counted alone and added to the worker's counts).

Run: python -m tests.benchmarks.analytics_bench [--requests N] [--report FILE]
Prints a JSON result and exits non-zero when a page does not answer 200.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from config import normalise_database_url
from tests.benchmarks.harness import bench_app, default_url, fresh_database, seed_demo
from tests.benchmarks.processes import cpu_seconds, machine_busy, postgres_backends_of
from tests.benchmarks.report import stamp, write_section

DATABASE = "conference_bench_analytics"
BASE = "https://localhost"  # production config: the session cookie is Secure
EXTRA_EDITIONS = 12
RESPONSES = 5000
MODEL = 27  # the demo's open day whose visitor survey the extra editions repeat (questions, trends, comments)
KEY = "overall_satisfaction"
WARM_UP = 5


# --- Data ------------------------------------------------------------------------------------------------------

def scale_up(editions: int, responses: int) -> None:
    """Add ``editions`` evaluated open days before the demo's first, each with ``responses`` visitor
    responses, and freeze their results. The answers come from the demo's generator: the visitor survey of
    edition ``MODEL`` (its questions, trends and comments), with comments at the demo's share of the
    respondents (its pool of texts repeated) rather than capped at the pool's size."""
    from conference.accounts.services import find_user_by_email
    from conference.demo import data, seed, surveys
    from conference.demo import survey_answer_data as trends
    from conference.demo.survey_responses import DemoSurvey
    from conference.editions.models import Edition, EditionFormat, EditionStatus
    from conference.extensions import db
    from conference.organisations.services import get_or_create_organisation
    from conference.surveys.models import Audience
    from conference.surveys.results import freeze_results

    today = date.today()
    years = seed.year_shift(today)
    first = db.session.scalar(select(func.min(Edition.number)))
    organisations = [get_or_create_organisation(name, kind=kind) for name, kind in data.ORGANISATIONS]
    organiser = find_user_by_email("organiser@example.org")
    questions = surveys.ensure_questions()
    comments = trends.COMMENTS["visitors"] * (round(responses * trends.COMMENT_SHARE["visitors"])
                                              // len(trends.COMMENTS["visitors"]) + 1)
    previous = copied_from = None
    with mock.patch.dict(trends.VISITOR_RESPONSES, {MODEL: responses}), \
            mock.patch.dict(trends.COMMENTS, {"visitors": comments}):
        for number in range(first - editions, first):
            day = seed._day((2019 - (first - number), 9, 14), EditionFormat.OPEN_DAY, years)
            edition = seed._create_edition(number, EditionFormat.OPEN_DAY, day, f"Tag der Bildung {day.year}",
                                           EditionStatus.EVALUATED, previous, organisations)
            survey = DemoSurvey(edition, Audience.VISITORS, questions, copied_from, today)
            survey.number = MODEL
            copied_from = survey.build(None)
            freeze_results(edition, user_id=organiser.id)
            db.session.commit()
            previous = edition


def sizes() -> dict[str, int]:
    from conference.extensions import db
    from conference.surveys.models import EditionResult, SurveyAnswer, SurveyResponse

    found = {name: db.session.scalar(select(func.count()).select_from(model)) for name, model in
             (("frozen_results", EditionResult), ("responses", SurveyResponse), ("answers", SurveyAnswer))}
    found["largest_survey"] = db.session.scalar(
        select(func.count()).select_from(SurveyResponse).group_by(SurveyResponse.survey_id)
        .order_by(func.count().desc()).limit(1))
    return found


def pages() -> dict[str, str]:
    """The measured pages: the newest open day with results, and the survey with most responses."""
    from conference.editions.models import Edition
    from conference.extensions import db
    from conference.surveys.models import Audience, Survey, SurveyResponse

    edition = db.session.scalar(select(Edition.id).where(Edition.number == MODEL))
    model_survey = db.session.scalar(select(Survey.id).where(Survey.edition_id == edition,
                                                             Survey.audience == Audience.VISITORS))
    largest = db.session.execute(
        select(Survey.edition_id, Survey.id).join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
        .group_by(Survey.id).order_by(func.count(SurveyResponse.id).desc(), Survey.id).limit(1)).one()
    return {
        "comparison": "/manage/comparison/",
        "comparison_key": f"/manage/comparison/open_day/{KEY}",
        "frozen_results": f"/manage/editions/{edition}/frozen-results/",
        "live_largest": f"/manage/editions/{largest[0]}/results/surveys/{largest[1]}/",
        "live_model": f"/manage/editions/{edition}/results/surveys/{model_survey}/",
    }


# --- Measuring ---------------------------------------------------------------------------------------------------

def sign_in(client) -> None:
    """Through the real login form, CSRF token and all."""
    page = client.get("/login", base_url=BASE).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", base_url=BASE, headers={"Referer": f"{BASE}/login"},
                           data={"email": "analyst@example.org", "password": "demo", "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"the analyst could not sign in ({response.status_code})")


def postgres_cpu(database: str) -> float:
    """CPU seconds so far of PostgreSQL's backends serving ``database``."""
    return cpu_seconds({"postgres": postgres_backends_of(database)})["postgres"]


@contextmanager
def statement_counter(engine):
    """Counts the SQL statements ``engine`` sends (savepoints left out, as in tests/conftest.py)."""
    counter = {"count": 0}

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            counter["count"] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def forget_counts(side) -> None:
    """Clear the survey counts the side's worker keeps (conference/surveys/count_cache.py)."""
    cache = side.app.extensions.get("survey_counts_cache")
    if cache is not None:
        cache.clear()


def add_response(side, path: str, turn: int) -> None:
    """A new response to the survey of the live analysis at ``path``: a copy of one of its responses (the
    ``turn``-th) with its answers, committed apart, as one coming in through the survey form."""
    survey_id = int(re.search(r"/surveys/(\d+)/", path).group(1))
    with side.engine.begin() as connection:
        source = connection.scalar(text("SELECT id FROM survey_response WHERE survey_id = :survey ORDER BY id "
                                        "LIMIT 1 OFFSET :turn"), {"survey": survey_id, "turn": turn})
        new = connection.scalar(text(
            "INSERT INTO survey_response (survey_id, submitted_on, respondent_group, channel) SELECT survey_id, "
            "submitted_on, respondent_group, channel FROM survey_response WHERE id = :source RETURNING id"),
            {"source": source})
        connection.execute(text(
            "INSERT INTO survey_answer (response_id, survey_id, question_id, session_id, value, choice, text, "
            "is_hidden) SELECT :new, survey_id, question_id, session_id, value, choice, text, is_hidden "
            "FROM survey_answer WHERE response_id = :source"), {"new": new, "source": source})


def measure(one, ten, path_one: str, path_ten: str, requests: int, *, cold: bool = False,
            arriving: bool = False) -> tuple[dict, dict]:
    """``requests`` GETs of a page at each size after a warm-up, the sizes taking turns (one, ten, ten, one,
    …) so that whatever else the shared machine does weighs on both alike: latency, statements and CPU.
    ``cold``: the worker's survey counts are cleared before each request (outside the measured time), so
    that every request counts the survey's answers as a first view does. ``arriving``: a new response comes in
    before each request (outside the measured time), as while a survey is being answered."""
    sides = {"one": (one, path_one), "ten": (ten, path_ten)}
    for side, path in sides.values():
        for _ in range(WARM_UP):
            side.client.get(path, base_url=BASE)
    latencies = {name: [] for name in sides}
    counts = {name: set() for name in sides}
    statuses = {name: {} for name in sides}
    python = dict.fromkeys(sides, 0.0)
    postgres_before = {name: postgres_cpu(side.database) for name, (side, _) in sides.items()}
    busy_before, started = machine_busy(), time.perf_counter()
    for turn in range(2 * requests):
        name = ("one", "ten")[(turn + turn // 2) % 2]
        side, path = sides[name]
        if cold:
            forget_counts(side)
        if arriving:
            add_response(side, path, turn)
        with statement_counter(side.engine) as counter:
            cpu, begin = time.process_time(), time.perf_counter()
            response = side.client.get(path, base_url=BASE)
            latencies[name].append(time.perf_counter() - begin)
            python[name] += time.process_time() - cpu
        counts[name].add(counter["count"])
        statuses[name][response.status_code] = statuses[name].get(response.status_code, 0) + 1
        side.bytes = len(response.data)
    elapsed = time.perf_counter() - started
    postgres = {name: postgres_cpu(side.database) - postgres_before[name]
                for name, (side, _) in sides.items()}
    other = max(0.0, machine_busy() - busy_before - sum(python.values()) - sum(postgres.values()))
    figures = {}
    for name, (side, path) in sides.items():
        figures[name] = {
            "path": path, "statuses": statuses[name], "bytes": side.bytes, "queries": sorted(counts[name]),
            "p50_ms": round(statistics.median(latencies[name]) * 1000, 1),
            "p90_ms": round(statistics.quantiles(latencies[name], n=10)[-1] * 1000, 1),
            "cpu_ms": {"python": round(python[name] * 1000 / requests, 1),
                       "postgres": round(postgres[name] * 1000 / requests, 1)},
            "other_load": round(other / (elapsed * os.cpu_count()), 2)}
    return figures["one"], figures["ten"]


class Side:
    """One size: its database, app, signed-in test client and engine."""

    def __init__(self, url: str):
        from conference.extensions import db

        self.url, self.database = url, make_url(url).database
        self.app = bench_app(url, RATELIMIT_ENABLED=False, LOG_LEVEL="WARNING")
        with self.app.app_context():
            self.engine = db.engine
        self.client, self.bytes = None, 0

    def prepare(self) -> tuple[dict, dict]:
        """VACUUM ANALYZE (what autovacuum does after bulk inserts: the statistics, and the visibility map that
        lets an index-only scan skip the table; the PostgreSQL of the development machines may run with
        autovacuum off), sign in; the pages and the data's size."""
        from conference.extensions import db

        with self.app.app_context():
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
            found, data = pages(), sizes()
            db.session.commit()
        self.client = self.app.test_client()
        sign_in(self.client)
        return found, data


def run(requests: int, url: str) -> dict:
    import logging

    load_before = os.getloadavg()[0]
    fresh_database(url)
    one = Side(url)
    with one.app.app_context():
        seed_demo()
    one.engine.dispose()
    ten_url = make_url(url).set(database=f"{make_url(url).database}_10x").render_as_string(hide_password=False)
    fresh_database(ten_url, template=make_url(url).database)
    ten = Side(ten_url)
    logging.getLogger("conference.access").setLevel(logging.WARNING)
    started = time.perf_counter()
    with ten.app.app_context():
        scale_up(EXTRA_EDITIONS, RESPONSES)
    scale_seconds = time.perf_counter() - started
    (pages_one, sizes_one), (pages_ten, sizes_ten) = one.prepare(), ten.prepare()
    small, large = {}, {}
    for name in pages_one:
        small[name], large[name] = measure(one, ten, pages_one[name], pages_ten[name], requests)
    small[COLD], large[COLD] = measure(one, ten, pages_one["live_largest"], pages_ten["live_largest"], requests,
                                       cold=True)
    # Last: it adds responses (2 × requests at each size, a few per cent of the largest survey's at 1×).
    small[ARRIVING], large[ARRIVING] = measure(one, ten, pages_one["live_largest"], pages_ten["live_largest"],
                                               requests, arriving=True)
    ratios = {name: round(large[name]["p50_ms"] / small[name]["p50_ms"], 2) for name in small}
    same_queries = {name: small[name]["queries"] == large[name]["queries"] for name in small}
    failures = sum(n for figures in (small, large) for page in figures.values()
                   for status, n in page["statuses"].items() if status != 200)
    return {"requests": requests, "one": small, "ten": large, "sizes": {"one": sizes_one, "ten": sizes_ten},
            "ratios": ratios, "same_queries": same_queries, "scale_up_seconds": round(scale_seconds, 1),
            "not_200": failures, "load_average_before": round(load_before, 2),
            # Other processes' share of the cores; the largest survey's scans start PostgreSQL parallel
            # workers of this benchmark's own, which count as other processes there.
            "other_load": max(page["other_load"] for name, page in small.items()
                              if name not in ("live_largest", COLD, ARRIVING)),
            "other_load_largest": max(small[name]["other_load"] for name in ("live_largest", COLD, ARRIVING))}


# --- Report -------------------------------------------------------------------------------------------------------

LABELS = {
    "comparison": "comparison across editions",
    "comparison_key": f"trend of one key (`open_day/{KEY}`)",
    "frozen_results": f"frozen results of edition {MODEL}",
    "live_largest": "live analysis of the largest survey",
    "live_largest_cold": "the same, a first view (its counts not kept yet)",
    "live_largest_arriving": "the same, after a new response (counted alone, added to the kept counts)",
    "live_model": f"live analysis of edition {MODEL}'s visitor survey",
}
# A first view of the live analysis counts as a page of its own: it is what every view costs while answers
# keep coming in, so the report judges it too instead of only the page seen again.
GOAL_PAGES = ("comparison", "comparison_key", "frozen_results", "live_largest", "live_largest_cold",
              "live_largest_arriving")
COLD = "live_largest_cold"  # the largest survey's live analysis with the worker's counts cleared every time
ARRIVING = "live_largest_arriving"  # the same with a new response before every request


def _queries(values: list[int]) -> str:
    return "/".join(map(str, values))


def markdown(result: dict, command: str) -> str:
    one, ten, sizes_one, sizes_ten = result["one"], result["ten"], result["sizes"]["one"], result["sizes"]["ten"]
    rows = []
    for name, label in LABELS.items():
        a, b = one[name], ten[name]
        met = result["ratios"][name] <= 1.5 and result["same_queries"][name]
        rows.append(f"| {label} | {a['p50_ms']} ms | {b['p50_ms']} ms | **{result['ratios'][name]}** | "
                    f"{_queries(a['queries'])} / {_queries(b['queries'])} | {a['bytes']:,} / {b['bytes']:,} | "
                    f"{a['cpu_ms']['python']} + {a['cpu_ms']['postgres']} / "
                    f"{b['cpu_ms']['python']} + {b['cpu_ms']['postgres']} ms | "
                    f"{('met' if met else 'not met') if name in GOAL_PAGES else '–'} |")
    growth = round(sizes_ten["largest_survey"] / max(sizes_one["largest_survey"], 1))
    live_one, live_ten = one["live_largest"], ten["live_largest"]
    live_pg_one, live_pg_ten = live_one["cpu_ms"]["postgres"], live_ten["cpu_ms"]["postgres"]
    live_bytes = f"{live_one['bytes'] / 1000:.0f} → {live_ten['bytes'] / 1000:.0f} kB"
    named = {**LABELS, COLD: "first view of the largest survey's live analysis (its counts not kept yet)",
             ARRIVING: "view of the largest survey's live analysis after a new response"}
    unmet = [f"the {named[name]} (ratio {result['ratios'][name]})" for name in GOAL_PAGES
             if not (result["ratios"][name] <= 1.5 and result["same_queries"][name])]
    live_verdict = (f"Not met: {', '.join(unmet)}." if unmet else
                    "Every goal is met in this run.")
    live_python = f"{live_one['cpu_ms']['python']} → {live_ten['cpu_ms']['python']} ms"
    cold_one, cold_ten = one[COLD], ten[COLD]
    cold = (f"{cold_one['p50_ms']} → {cold_ten['p50_ms']} ms (ratio {result['ratios'][COLD]}), "
            f"{_queries(cold_one['queries'])} / {_queries(cold_ten['queries'])} statements, with "
            f"{cold_one['cpu_ms']['postgres']} → {cold_ten['cpu_ms']['postgres']} ms of PostgreSQL's CPU")
    new_one, new_ten = one[ARRIVING], ten[ARRIVING]
    arriving = (f"{new_one['p50_ms']} → {new_ten['p50_ms']} ms (ratio {result['ratios'][ARRIVING]}), "
                f"{_queries(new_one['queries'])} / {_queries(new_ten['queries'])} statements, with "
                f"{new_one['cpu_ms']['postgres']} → {new_ten['cpu_ms']['postgres']} ms of PostgreSQL's CPU")
    load = result["other_load"]
    parallel = (" During the largest survey's live analysis (first views included) "
                f"{result['other_load_largest']:.0%} of the cores went to other processes (parallel workers "
                "PostgreSQL starts for a large scan would count among them: this benchmark's own, too short-lived "
                "to be counted as PostgreSQL).")
    load_note = (f"**The machine was under load**: other processes kept up to {load:.0%} of the cores busy while the "
                 f"other pages were measured (load average {result['load_average_before']} before the run). The "
                 "sizes take turns request by request, so the load weighs on both alike; the statement counts do "
                 "not depend on it." if load >= 0.1 else
                 f"The machine was otherwise quiet: other processes used at most {load:.0%} of the cores while the "
                 f"other pages were measured (load average {result['load_average_before']} before the run).") \
        + parallel
    return f"""## Analytics at 1× and 10× the demo data

{stamp()}
{load_note}

`{command}`

| data | 1× (the demo) | 10× |
| --- | ---: | ---: |
| editions with frozen results | {sizes_one["frozen_results"]} | {sizes_ten["frozen_results"]} |
| survey responses | {sizes_one["responses"]:,} | {sizes_ten["responses"]:,} |
| survey answers | {sizes_one["answers"]:,} | {sizes_ten["answers"]:,} |
| responses of the largest survey | {sizes_one["largest_survey"]:,} | {sizes_ten["largest_survey"]:,} |

1× is the demo (`conference.demo.seed`) in a fresh PostgreSQL database. 10× is a copy of it (`CREATE DATABASE
… TEMPLATE`, so every id is the same) with {EXTRA_EDITIONS} more evaluated open days (editions 3–14, a year
apart before the demo's 15th, each with the demo's programme of 88 sessions) and {RESPONSES:,} visitor responses
each, written by the demo's own survey generator (`DemoSurvey`, asking the visitor survey of edition {MODEL};
free-text comments from 7 % of the respondents, as in the demo) and frozen with the app's `freeze_results`;
building it took {result["scale_up_seconds"]} s. `VACUUM ANALYZE` runs on both before measuring (see below).

Each page is requested {result["requests"]} times at each size through Flask's test client in one process
(production configuration, PostgreSQL), signed in as the demo's analyst, after {WARM_UP} warm-up requests; the
two sizes take turns request by request. The test client measures what a page costs the server without HTTP
parsing and sockets, which would add the same constant to both sizes and only pull the ratio towards 1; and it
lets one process count every statement (a SQLAlchemy `before_cursor_execute` listener) and its own CPU time.
CPU per request is this process (Python) + PostgreSQL's backends of that size's database; the parallel
workers PostgreSQL starts for a large scan live too briefly to be read from /proc, so their CPU is missing from
that column and appears as other processes' load.

| page | p50 1× | p50 10× | ratio 10×/1× | statements 1× / 10× | bytes 1× / 10× | \
CPU 1× / 10× (Python + PostgreSQL) | goal: ratio ≤ 1.5, same statements |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |
{chr(10).join(rows)}

Pages: `/manage/comparison/`, `{ten["comparison_key"]["path"]}`, `{ten["frozen_results"]["path"]}` (the same
URLs at both sizes); live analysis `{one["live_largest"]["path"]}` at 1× and `{ten["live_largest"]["path"]}` at
10× (the largest survey of each), and `{ten["live_model"]["path"]}` at both (the same survey).

How to read it:
- The comparison pages read only frozen results, never responses, and of those only what they show: the
  edition's number, format and title and each question's aggregates, which a result copies out of its JSON
  document when it is frozen (`edition_result_question`, one row per question). The overview reads the question
  rows of every edition's latest result ({sizes_one["frozen_results"]} → {sizes_ten["frozen_results"]} editions), \
the trend of one key only that key's rows, one per
  open day (4 → 16); neither decodes the documents (an open day with 5,000 responses also carries a ranking of
  all its 88 sessions). What still grows is what the pages show: the overview compares longer series, and the
  trend draws a point, a table row and a sentence of the chart's description per open day.
- The frozen results of one edition read that edition's result and the latest of the same format's edition
  before it: nothing else grows.
- The live analysis counts a survey's answers in PostgreSQL: GROUP BY over `survey_answer` by its own
  `survey_id`, from an index that holds every column counted (`ix_survey_answer_survey_id`, read without the
  table once VACUUM has marked its pages as visible), and lists the free-text comments 50 a page; Python formats
  the counts. Each worker keeps the rows those GROUP BYs return (ids, codes and numbers only; the questions'
  texts and labels and the sessions' titles are read fresh on every request, so an edit shows at once) for the
  version of the survey's responses they were counted at (`conference/surveys/count_cache.py`,
  `SURVEY_COUNTS_CACHE_SIZE` surveys per worker): every request reads that version in one statement (the number
  of the survey's responses, their largest id and the sum of their ids) and counts again only when it changed.
  A new response, or a deleted one, shows on the next view (PostgreSQL never gives an id twice; the limit of
  SQLite is in the module's docstring); nothing is stored that could drift from the rows.
  The row "{LABELS["live_largest"]}" is the page seen again, as analysts do; the row after it is a first
  view (after a worker starts, or after a response was deleted), with the worker's counts cleared before every
  request: {cold}. The largest survey at 10× has {sizes_ten["largest_survey"]:,} responses against \
{sizes_one["largest_survey"]:,} ({growth}×),
  so a first view counts {growth} times the index entries. Seen again, its page reads the version and the
  written comments (their number and one page), whose cost still grows with the survey ({live_pg_one} → \
{live_pg_ten} ms
  of PostgreSQL's CPU per request), and it ranks more sessions (more of them reach 5 ratings) and shows a full
  page of comments ({live_bytes}; Python {live_python}). The same survey at both sizes shows what the other
  surveys' data costs it: nothing, once its statements name the survey (see below).
- {live_verdict}
  Stored aggregates, counter rows per survey updated by every submission, were left out on purpose: each
  response would update the same few rows of its survey inside the submit transaction (a rush of answers at
  the exits would queue on their locks), and no constraint can keep sums equal to the rows, so any other writer
  (an import, a correction in SQL) would make them differ silently. The worker's counts have neither problem:
  a submission never touches them, and they are only used for the version they were counted at (or added to
  for new responses only, see below). Their price is the first view's, once per worker and survey. While
  answers keep coming in (the version changing between two views), a view counts only the responses added
  since the counts it keeps, reads their answers by their ids and adds them up (the row after the first
  view's, a new response before every request): {arriving}. It reads which responses were added in one more
  statement and needs every response up to the kept ones unchanged (see the module's docstring). The stored
  aggregates are the frozen results, made once an edition is evaluated; their pages stay flat.
- `VACUUM ANALYZE` runs on both sizes before measuring (until the run of 2026-11-23 20:48 UTC: `ANALYZE` only).
  It stands for autovacuum, which this machine's PostgreSQL runs without (`autovacuum = off`); on a default
  server autovacuum vacuums a table after bulk inserts, and only that sets the visibility map an index-only scan
  needs. Without it the index is read together with the table's rows, and the largest survey's page took about
  100 ms at 10× (ratio about 3, measured apart on 2026-11-23).

Changes made to the app for this benchmark (guarded by `tests/surveys/test_query_growth.py`,
`tests/surveys/test_copies.py`, `tests/surveys/test_text_pages.py` and `tests/surveys/test_count_cache.py`):
- 2026-11-24: a view after new responses counts only those (their answers read by their ids) and adds them to
  the counts the worker keeps for the version before, if nothing else changed; before, it counted the whole
  survey again, as a first view does.
- 2026-11-24: a first view counts the distribution per question, session and point and the respondents per
  question in one pass over the index (GROUPING SETS, the second set a prefix of the first: one sorted pass
  instead of two scans), and the ranking reads its ratings per session out of that pass instead of a third
  scan (SQLite runs the two GROUP BYs as one UNION ALL). Before: the first view took 41.2 → 86.9 ms (ratio
  1.83), with 5.7 → 34.0 ms of PostgreSQL's CPU and 15 statements (measured apart on 2026-11-24 with 30
  requests; the same run's page seen again: 1.17).
- 2026-11-24: each worker keeps a survey's raw counts (the rows of its GROUP BYs over `survey_answer`, of its
  session ratings and of its respondent groups) for the version of its responses, read in one statement on
  every request (`conference/surveys/count_cache.py`); the session titles are read apart from the ratings, so
  that an edited title shows at once. Before: the largest survey's page took 27.2 → 49.6 ms (ratio 1.82), with
  3.2 → 19 ms of PostgreSQL's CPU; that cost is now a first view's (the row after it).
- 2026-11-23: the comparison reads copies instead of the documents: a frozen result keeps the edition's
  number, format and title in columns and one `edition_result_question` row per question, written with it and
  as immutable (migration `8a3379434afa` fills them for the results already frozen). The trend of one key reads
  its key's rows only. Before: trend of one key 16.8 → 28.8 ms (ratio 1.71), comparison 26.1 → 36.6 ms (1.40).
- 2026-11-23: `survey_answer.survey_id` (the response's survey, kept equal to it by a foreign key on
  `(response_id, survey_id)`), with the index `ix_survey_answer_survey_id` on `(survey_id, question_id,
  session_id, value, choice, response_id)`: a survey's counts read that index, in its order, without joining
  the responses (except for a respondent-group filter). Before, every count joined `survey_answer` to
  `survey_response` and PostgreSQL scanned all answers of all surveys: the largest survey's page took 113.6 →
  533.1 ms (ratio 4.69), with 21.8 → 246.4 ms of PostgreSQL's CPU.
- 2026-11-23: the free-text comments come 50 a page (the number per question, then the page, with
  `row_number()`): 12 → 13 statements, the same at both sizes; the exports still hold every comment.
- 2026-11-23: the results pages format their numbers with babel patterns parsed once, not on every one of
  their thousand numbers (the same text; cheaper at both sizes, which shows as a higher ratio where the page's
  fixed part shrank).
- 2026-11-23: the statements over a survey's answers carry the survey's id in their text (`aggregates.inline`).
  Before, psycopg prepared them after five runs and PostgreSQL soon switched to a generic plan made for the
  average survey, which read every survey's session ratings: edition {MODEL}'s visitor survey took 87 ms at 1×
  and 305 ms at 10× (p50, first run of this benchmark) although its own data had not changed.
- 2026-11-23: the session ranking reads the survey's ratings per session without a condition on the question
  (picked in Python): with one, PostgreSQL could read every survey's ratings of that shared question through its
  index (70 ms instead of 5 for the same survey, depending on the statistics `ANALYZE` happened to sample).
- 2026-11-23: the respondent groups' labels are read in one statement, not one per question of the survey (24 →
  12 statements for the demo's visitor survey).
- 2026-11-23: the frozen results page reads the one result it compares with (`results.previous_latest_result`),
  not the latest result of every edition; the trend of one key builds that key's series only, not every key's.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50, help="sequential requests per page and size")
    parser.add_argument("--database-url", default=default_url(DATABASE),
                        help=f"default: BENCH_DATABASE_URL with the database {DATABASE}")
    parser.add_argument("--report", type=Path, help="write the figures as Markdown to this file")
    args = parser.parse_args()
    result = run(args.requests, normalise_database_url(args.database_url))
    print(json.dumps(result, indent=2, sort_keys=True))
    if args.report:
        write_section(args.report, "analytics",
                      markdown(result, " ".join(["python -m tests.benchmarks.analytics_bench", *sys.argv[1:]])))
    return 0 if result["not_200"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
