"""Comparison across editions: for each format, question key and audience, the trend over every
edition with frozen results, and where a change is larger than the noise (see ``noise``).

Reads only frozen results (the latest version per edition: its header and per-question copies, see
``EditionResult``) and the action items aimed at a key, never live responses: it keeps working after
responses and personal data are purged, and it costs the same few queries however many editions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.editions.models import EditionFormat
from conference.extensions import db
from conference.i18n import in_language
from conference.surveys.models import FORMAT_AUDIENCES, ActionItem, ActionStatus
from conference.surveys.noise import intervals_apart, share_moved, wilson_interval
from conference.surveys.results import latest_result_questions

SCALE_TYPES = ("likert_5", "scale_0_10", "session_rating")
CHOICE_TYPES = ("single_choice", "multiple_choice", "yes_no_maybe")
# The lowest and highest value of each scale, for the axis of a chart of means.
SCALE_RANGES = {"likert_5": (1, 5), "session_rating": (1, 5), "scale_0_10": (0, 10)}
LOW_TOP2 = 0.5  # a top-2 share below this is a finding in itself
ACTIVE_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def audience_rank(audience: str) -> int:
    order = [a.value for audiences in FORMAT_AUDIENCES.values() for a in audiences]
    return order.index(audience) if audience in order else len(order)


def _format_rank(value: str) -> int:
    order = [f.value for f in EditionFormat]
    return order.index(value) if value in order else len(order)


# --- Comparing two measurements ---------------------------------------------------------------------------

def comparable(before: dict, after: dict) -> bool:
    """Whether two frozen aggregates of one key may be compared: same type and direction, and either the
    same question version or versions linked by "comparable with the previous version". Results frozen
    here carry ``comparable_since`` (the oldest version each is comparable with); without it, only
    neighbouring versions with the flag set count as comparable."""
    if before.get("type") != after.get("type") or before.get("direction") != after.get("direction"):
        return False
    if before.get("version") == after.get("version"):
        return True
    if "comparable_since" in before and "comparable_since" in after:
        return before["comparable_since"] == after["comparable_since"]
    older, newer = sorted((before, after), key=lambda q: q.get("version") or 0)
    return newer.get("version") == (older.get("version") or 0) + 1 and bool(newer.get("comparable_with_previous"))


def has_statistics(question: dict) -> bool:
    return not question.get("suppressed") and bool(question.get("n"))


@dataclass(frozen=True)
class Change:
    """The change of one key from one measurement to the next."""

    comparable: bool
    mean_moved: bool = False
    top2_moved: bool = False
    moved_shares: tuple[str, ...] = ()
    mean_delta: float | None = None
    top2_delta: float | None = None
    higher_is_better: bool = True

    @property
    def moved(self) -> bool:
        return self.mean_moved or self.top2_moved or bool(self.moved_shares)

    @property
    def verdict(self) -> str:
        """"break" (not comparable), "better" / "worse" (a scale moved beyond the noise; by the top-2
        share if it moved, else by the mean and the scale's direction), "changed" (a choice share moved)
        or "steady"."""
        if not self.comparable:
            return "break"
        if self.top2_moved and self.top2_delta:
            return "better" if self.top2_delta > 0 else "worse"
        if self.mean_moved and self.mean_delta:
            return "better" if (self.mean_delta > 0) == self.higher_is_better else "worse"
        return "changed" if self.moved_shares else "steady"


def _delta(before, after):
    return round(after - before, 4) if before is not None and after is not None else None


def compare(before: dict, after: dict) -> Change:
    """How ``after`` differs from ``before`` (two frozen aggregates of the same key): means by
    non-overlapping 95 % intervals, shares by a two-proportion z-test."""
    if not comparable(before, after):
        return Change(False)
    higher = after.get("direction") != "lower_is_better"
    if not has_statistics(before) or not has_statistics(after):
        return Change(True, higher_is_better=higher)
    n1, n2 = before["n"], after["n"]
    shares = list(dict.fromkeys([*(before.get("shares") or {}), *(after.get("shares") or {})]))
    moved = tuple(c for c in shares if share_moved((before.get("shares") or {}).get(c, 0.0), n1,
                                                    (after.get("shares") or {}).get(c, 0.0), n2))
    return Change(
        True,
        mean_moved=intervals_apart(before.get("mean_ci"), after.get("mean_ci")),
        top2_moved=share_moved(before.get("top2_share"), n1, after.get("top2_share"), n2),
        moved_shares=moved,
        mean_delta=_delta(before.get("mean"), after.get("mean")),
        top2_delta=_delta(before.get("top2_share"), after.get("top2_share")),
        higher_is_better=higher,
    )


# --- Trends --------------------------------------------------------------------------------------------------

@dataclass
class Point:
    """One edition's measurement of a key: the frozen aggregates and the change from the point before."""

    edition_id: int
    number: int
    title: str
    question: dict
    change: Change | None = None  # None for the first point of a series
    actions: list[ActionItem] = field(default_factory=list)  # aimed at the key, targeting this edition

    @property
    def has_statistics(self) -> bool:
        return has_statistics(self.question)

    @property
    def is_break(self) -> bool:
        return self.change is not None and not self.change.comparable

    def share_interval(self, choice: str) -> list[float] | None:
        if not self.has_statistics:
            return None
        return wilson_interval((self.question.get("shares") or {}).get(choice, 0.0), self.question["n"])


@dataclass
class Series:
    """The trend of one key for one audience of one format, oldest edition first."""

    format: str
    key: str
    audience: str
    points: list[Point] = field(default_factory=list)
    # Aimed at the key from one of its editions, but the target has no results yet (or is not set).
    pending_actions: list[ActionItem] = field(default_factory=list)

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def type(self) -> str:
        return self.latest.question.get("type", "")

    @property
    def is_scale(self) -> bool:
        return self.type in SCALE_TYPES

    def text(self, locale: str) -> str:
        question = self.latest.question
        return in_language(question.get("text_de"), question.get("text_en"), locale) or self.key

    @property
    def options(self) -> list[str]:
        """The choices ever seen, in order of first appearance (choice types)."""
        seen: dict[str, None] = {}
        for point in self.points:
            seen.update(dict.fromkeys(point.question.get("shares") or {}))
        return list(seen)

    def option_label(self, code: str, locale: str) -> str:
        """A choice's text as the newest measurement that knows it words it (the code itself otherwise)."""
        for point in reversed(self.points):
            label = (point.question.get("labels") or {}).get(code)
            if label:
                return label.get(locale) or label.get("de") or code
        return code

    @property
    def verdict(self) -> str:
        """The latest point against the one before: "first", "suppressed", or ``Change.verdict``."""
        if len(self.points) < 2:
            return "first"
        if not self.latest.has_statistics and not self.latest.is_break:
            return "suppressed"
        return self.latest.change.verdict

    @property
    def actions(self) -> list[ActionItem]:
        return [action for point in self.points for action in point.actions] + self.pending_actions


@dataclass(frozen=True)
class EditionRef:
    edition_id: int
    number: int
    title: str


@dataclass
class Comparison:
    """Every series (ordered by format, key and audience) and the editions with results per format."""

    editions: dict[str, list[EditionRef]]
    series: list[Series]

    def of_format(self, format: str) -> list[Series]:
        return [s for s in self.series if s.format == format]

    def of_key(self, format: str, key: str) -> list[Series]:
        return [s for s in self.series if s.format == format and s.key == key]

    @property
    def formats(self) -> list[str]:
        return sorted(self.editions, key=_format_rank)


def build_series(results, *, key: str | None = None) -> Comparison:
    """The series of frozen results ``results`` (EditionResult rows, ``FrozenParts`` or other objects with
    ``edition_id``, ``data``), of question ``key`` only when given; free-text questions have no trend and are left out.
    Pure: no queries."""
    results = sorted(results, key=lambda r: (r.data.get("edition") or 0, r.edition_id))
    editions: dict[str, list[EditionRef]] = {}
    by_key: dict[tuple[str, str, str], Series] = {}
    for result in results:
        fmt = result.data.get("format", "")
        editions.setdefault(fmt, []).append(EditionRef(result.edition_id, result.data.get("edition"),
                                                       result.data.get("title", "")))
        seen = set()
        for question in result.data.get("questions", []):
            if question.get("type") not in SCALE_TYPES + CHOICE_TYPES or key not in (None, question.get("key")):
                continue
            ident = (fmt, question["key"], question.get("audience", ""))
            if ident in seen:  # the same key twice in one survey cannot be told apart: the first counts
                continue
            seen.add(ident)
            series = by_key.setdefault(ident, Series(*ident))
            change = compare(series.latest.question, question) if series.points else None
            series.points.append(Point(result.edition_id, result.data.get("edition"), result.data.get("title", ""),
                                       question, change))
    ordered = sorted(by_key.values(), key=lambda s: (_format_rank(s.format), s.key, audience_rank(s.audience)))
    return Comparison(editions, ordered)


def attach_actions(comparison: Comparison) -> None:
    """Mark the action items aimed at each series' key: on the point of the edition they target, or as
    pending when their target has no results yet (or is not set). Two queries."""
    keys = {s.key for s in comparison.series}
    if not keys:
        return
    actions = db.session.scalars(select(ActionItem).where(ActionItem.question_key.in_(keys))
                                 .options(selectinload(ActionItem.target_edition)).order_by(ActionItem.id)).all()
    for series in comparison.series:
        points = {p.edition_id: p for p in series.points}
        for action in actions:
            if action.question_key != series.key:
                continue
            if action.target_edition_id in points:
                points[action.target_edition_id].actions.append(action)
            elif action.source_edition_id in points:
                series.pending_actions.append(action)


@dataclass(frozen=True)
class FrozenParts:
    """The parts of an edition's latest frozen result that the comparison reads, shaped like the result
    (``edition_id``, ``data`` with ``edition``, ``format``, ``title`` and the ``questions`` wanted)."""

    edition_id: int
    data: dict


def load_parts(*, format: str | None = None, key: str | None = None) -> list[FrozenParts]:
    """Of every edition's latest result (of ``format`` when given): the header and the questions (of
    ``key`` only when given), from the per-question copies; one query. The trend of one key thus reads one
    small row per edition, not every edition's whole document."""
    parts: dict[int, FrozenParts] = {}
    for edition_id, number, title, fmt, question in latest_result_questions(format=format, key=key):
        entry = parts.get(edition_id)
        if entry is None:
            entry = parts[edition_id] = FrozenParts(edition_id, {"edition": number, "format": fmt, "title": title,
                                                                 "questions": []})
        if question is not None:
            entry.data["questions"].append(question)
    return list(parts.values())


def load_comparison(*, format: str | None = None, key: str | None = None) -> Comparison:
    """The comparison of every format (or one) and every question key (or one), with the action items
    marked: three queries."""
    comparison = build_series(load_parts(format=format, key=key), key=key)
    attach_actions(comparison)
    return comparison


# --- Findings of one edition -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """A question of an edition worth acting on: a low top-2 share, or a change beyond the noise."""

    question: dict
    previous: dict | None
    previous_number: int | None
    change: Change | None

    @property
    def is_low(self) -> bool:
        share = self.question.get("top2_share")
        return has_statistics(self.question) and share is not None and share < LOW_TOP2

    @property
    def moved(self) -> bool:
        return self.change is not None and self.change.moved


def previous_result(result, results):
    """Among ``results`` (latest per edition), the one of the same format just before ``result``."""
    earlier = [r for r in results if r.data.get("format") == result.data.get("format")
               and (r.data.get("edition") or 0) < (result.data.get("edition") or 0)]
    return max(earlier, key=lambda r: r.data.get("edition") or 0) if earlier else None


def question_changes(result, previous) -> list[tuple[dict, dict | None, Change | None]]:
    """Each question of ``result`` with the same key and audience in ``previous`` (if any) and the change."""
    before = {}
    for question in (previous.data.get("questions", []) if previous is not None else []):
        before.setdefault((question.get("key"), question.get("audience")), question)
    rows = []
    for question in result.data.get("questions", []):
        old = before.get((question.get("key"), question.get("audience")))
        change = compare(old, question) if old is not None and question.get("type") != "free_text" else None
        rows.append((question, old, change))
    return rows


def notable_findings(result, previous) -> list[Finding]:
    """The questions of ``result`` whose top-2 share is below 50 % or that moved beyond the noise since
    ``previous`` (the same format's edition before, or None), in survey order."""
    findings = []
    number = previous.data.get("edition") if previous is not None else None
    for question, old, change in question_changes(result, previous):
        finding = Finding(question, old, number, change)
        if finding.is_low or finding.moved:
            findings.append(finding)
    return findings
