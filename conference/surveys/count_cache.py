"""A survey's raw counts (the rows of its GROUP BY statements) kept per worker process, checked against the
survey's response set on every read, so that the live analysis of a large survey does not count every answer
again on every view.

What is kept is only what the database answered: tuples of ids, values, codes and numbers, never anything
built from the survey's questions or the programme's sessions. Question texts, labels, options and session
titles are read fresh on every request, so an edit shows at once; only the counting is skipped.

A survey's response set has a version, read in one statement on every request: the number of its responses,
their largest id and the sum of their ids (:func:`response_version`). A new response changes the number; a
deleted one too; a response committed late with a lower id than one already counted changes the number and
the sum. Answers are written only with their response (``conference.surveys.answering``) and never changed
afterwards: hiding a free text only sets ``is_hidden``, which no count reads; deleting a session sets its
ratings' ``session_id`` to NULL, which the question counts (summed over the sessions) do not see and the
ranking drops either way, because it joins the sessions that still exist when it reads their titles.

Nothing is stored that could differ from the rows: an entry is only ever used for the version it was counted
at, and one counted while the version moved is not kept.

While answers keep coming in (at the exits of an open day), the version moves between two views. If the only
change is new responses after the counted ones, a view counts just those and adds them to what was kept: every
statement counted this way is a sum over responses (answer rows, respondents per question or point, responses
per group), and the new responses are others than the counted ones, so the sums add up. "Only new responses
after the counted ones" is checked in one statement, which reads their ids: the responses with a larger id than
the counted version's largest must make up the whole difference in number and in the sum of ids. A deleted
response, or one committed late with a lower id, fails that check, and everything is counted again, as it is
when more than ``MAX_ADDED`` came in. The new responses' answers are read by their ids
(``ix_survey_answer_response_id``), not from the survey's whole index.

A worker keeps at most ``SURVEY_COUNTS_CACHE_SIZE`` entries (one per survey and respondent group, least
recently used dropped first); 0 turns it off. Each worker process has its own: a response submitted through
another worker is seen by the version all the same.

One limit, of SQLite only: it may give the id of the table's last row again after that row was deleted, so a
deletion of a survey's newest response followed by a new response could leave the version unchanged. The app
never deletes single responses (a survey is deleted only while it has none), and PostgreSQL never reuses ids.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from typing import NamedTuple

from flask import current_app
from sqlalchemy import func, select

from conference.extensions import db
from conference.surveys.models import Survey, SurveyResponse

Rows = tuple[tuple, ...]


class Version(NamedTuple):
    """A survey's response set as of one statement: how many, the largest id, the sum of the ids."""

    responses: int
    last_id: int | None
    id_sum: int | None


class Entry(NamedTuple):
    version: Version
    rows: dict[Hashable, Rows]  # what → the statement's rows; never changed once stored (replaced instead)


class CountCache:
    """At most ``size`` entries, each the raw counts of one survey (and respondent group) at one version,
    shared by the threads of a worker."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()

    def latest(self, key: tuple) -> Entry | None:
        """The entry kept under ``key``, of whatever version."""
        with self.lock:
            return self.entries.get(key)

    def get(self, key: tuple, version: Version) -> dict[Hashable, Rows]:
        """The rows kept under ``key`` for ``version`` (empty when none are)."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry.version != version:
                return {}
            self.entries.move_to_end(key)
            return entry.rows

    def put(self, key: tuple, version: Version, rows: dict[Hashable, Rows]) -> None:
        """Add ``rows`` to the entry of ``key`` at ``version``; an entry of another version is replaced."""
        if self.size <= 0:
            return
        with self.lock:
            entry = self.entries.get(key)
            kept = entry.rows if entry is not None and entry.version == version else {}
            self.entries[key] = Entry(version, {**kept, **rows})
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def count_cache() -> CountCache:
    """This worker's cache (one per app, so one per process in production and one per test)."""
    extensions = current_app.extensions
    cache = extensions.get("survey_counts_cache")
    if cache is None:
        cache = extensions.setdefault("survey_counts_cache",
                                      CountCache(current_app.config["SURVEY_COUNTS_CACHE_SIZE"]))
    return cache


def response_version(survey_id: int) -> Version:
    """One statement over the survey's responses (``ix_survey_response_survey_id``)."""
    row = db.session.execute(select(func.count(), func.max(SurveyResponse.id), func.sum(SurveyResponse.id))
                             .where(SurveyResponse.survey_id == survey_id)).one()
    return Version(int(row[0]), row[1], None if row[2] is None else int(row[2]))


# At most this many new responses are counted apart and added to kept counts; more are counted with the rest.
MAX_ADDED = 1000


def added_since(version: Version, now: Version, survey_id: int) -> tuple[int, ...] | None:
    """The ids of the responses added since ``version`` if the survey's responses at ``now`` are those of
    ``version`` and these (at most MAX_ADDED), else None. One statement, over the responses after
    ``version``'s largest id."""
    if version.last_id is None or not 0 < now.responses - version.responses <= MAX_ADDED:
        return None
    ids = tuple(db.session.scalars(select(SurveyResponse.id)
                                   .where(SurveyResponse.survey_id == survey_id, SurveyResponse.id > version.last_id)
                                   .order_by(SurveyResponse.id).limit(MAX_ADDED + 1)))
    if version.responses + len(ids) == now.responses and version.id_sum + sum(ids) == now.id_sum:
        return ids
    return None


def add_up(kept: Rows, new: Rows, keys: int) -> Rows:
    """``kept`` and ``new`` rows of one statement in one: rows whose first ``keys`` columns are equal are one
    row, the rest of their columns summed; the kept rows' order first, then the new keys."""
    sums: dict[tuple, list] = {row[:keys]: list(row[keys:]) for row in kept}
    for row in new:
        found = sums.setdefault(row[:keys], [0] * (len(row) - keys))
        for i, value in enumerate(row[keys:]):
            found[i] += value
    return tuple((*key, *values) for key, values in sums.items())


class SurveyCounts:
    """The raw counts of one survey read at one version of its responses: each statement's rows come from
    the cache when it holds them for this version, else from the database (and are kept by :meth:`keep`):
    only the new responses' when the cache holds them for an earlier version that these merely add to."""

    def __init__(self, survey: Survey):
        self.survey_id = survey.id
        self.version = response_version(survey.id)
        self.cache = count_cache()
        self.database = db.engine.url.render_as_string(hide_password=True)
        self.found: dict[Hashable, dict[Hashable, Rows]] = {}  # group → what → rows (read from the cache)
        self.counted: dict[Hashable, dict[Hashable, Rows]] = {}  # group → what → rows (counted here)
        self.earlier: dict[Hashable, Entry | None] = {}  # group → an entry of an earlier version added to since
        self.added: dict[Version, tuple[int, ...] | None] = {}  # earlier version → the responses added since

    def _key(self, group: str | None) -> tuple:
        return self.database, self.survey_id, group

    def rows(self, what: Hashable, group: str | None, count: Callable[[tuple[int, ...] | None], Iterable], *,
             keys: int) -> Rows:
        """The rows of the statement ``what`` (a name, with whatever else shapes the statement) for respondent
        group ``group`` (None: all): kept ones, or ``count(among)``'s as plain tuples. ``count(None)`` counts
        every response, ``count(ids)`` only the responses of those ids, whose rows are then added to the rows
        kept for an earlier version: the rows' first ``keys`` columns say what is counted, the others are
        sums."""
        rows = self.peek(what, group)
        if rows is not None:
            return rows
        earlier = self._earlier(group)
        if earlier is not None and what in earlier.rows:
            new = tuple(tuple(row) for row in count(self.added[earlier.version]))
            rows = add_up(earlier.rows[what], new, keys)
        else:
            rows = tuple(tuple(row) for row in count(None))
        self.counted.setdefault(group, {})[what] = rows
        return rows

    def _earlier(self, group: str | None) -> Entry | None:
        """The entry kept for ``group`` at an earlier version that only new responses were added to since."""
        if group not in self.earlier:
            entry = self.cache.latest(self._key(group))
            if entry is not None and entry.version != self.version:
                if entry.version not in self.added:
                    self.added[entry.version] = added_since(entry.version, self.version, self.survey_id)
                entry = entry if self.added[entry.version] is not None else None
            else:
                entry = None
            self.earlier[group] = entry
        return self.earlier[group]

    def peek(self, what: Hashable, group: str | None) -> Rows | None:
        """The rows of ``what`` if they are at hand (kept, or counted here already), else None: nothing is
        counted."""
        if group not in self.found:
            self.found[group] = self.cache.get(self._key(group), self.version)
        for source in (self.found[group], self.counted.get(group, {})):
            if what in source:
                return source[what]
        return None

    def keep(self) -> None:
        """Keep what was counted, if the version has not moved meanwhile (one more statement, only after a
        count): a response committed between the version and a count may be in the count but not in the
        version, and such rows must never be found under that version."""
        if not self.counted or self.cache.size <= 0:
            return
        if response_version(self.survey_id) == self.version:
            for group, rows in self.counted.items():
                self.cache.put(self._key(group), self.version, rows)
        self.counted = {}


@contextmanager
def survey_counts(survey: Survey, counts: SurveyCounts | None = None):
    """``counts`` when a caller that reads several aggregates of the survey passes its own (it keeps them when
    it is done); else new counts at the survey's current version, kept on the way out."""
    if counts is not None:
        if counts.survey_id != survey.id:
            raise ValueError(f"counts of survey {counts.survey_id} asked for survey {survey.id}")
        yield counts
        return
    counts = SurveyCounts(survey)
    yield counts
    counts.keep()
