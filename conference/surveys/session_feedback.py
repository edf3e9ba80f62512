"""How visitors rated sessions, for the partner institutions that offered them.

Ratings come from every survey of the edition that asks for a rating per session. They count only once
that survey has **closed**: a figure that moves while answers come in would let a partner who knows when
someone answered work out that person's rating. A session with fewer than
:data:`~conference.surveys.aggregates.MIN_GROUP_SIZE` ratings shows no figures at all, only that there
are too few. Ratings are turned so that 5 is always best (a question may run the other way, like German
school grades). Free-text comments are never shown to partners.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from conference import stats
from conference.database import utcnow
from conference.extensions import db
from conference.program.models import Session
from conference.surveys.aggregates import LEVEL, MIN_GROUP_SIZE, SCALE_RANGES
from conference.surveys.models import Question, QuestionType, ScaleDirection, Survey, SurveyAnswer, SurveyResponse

LOW, HIGH = SCALE_RANGES[QuestionType.SESSION_RATING]


@dataclass(frozen=True)
class Rating:
    """The ratings of one session (or of all sessions of an edition): ``n`` and, from 5 ratings on, the mean
    (1–5, 5 best) and the share of the two best points with its 95 % interval."""

    n: int
    mean: float | None = None
    top2_share: float | None = None
    top2_ci: tuple[float, float] | None = None

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_GROUP_SIZE


def _rating(counts: dict[int, int]) -> Rating:
    n = sum(counts.values())
    if n < MIN_GROUP_SIZE:
        return Rating(n=n)
    mean, _, _ = stats.mean_ci_counts(counts, LEVEL)
    share, lo, hi = stats.top2_share(counts, LOW, HIGH, True, LEVEL)
    return Rating(n=n, mean=round(mean, 2), top2_share=share, top2_ci=(lo, hi))


@dataclass(frozen=True)
class EditionFeedback:
    """One edition's ratings for a partner: per session id, and all sessions of the edition together (to
    compare with); ``pending_until`` is when the last survey still open closes (its ratings do not count yet)."""

    sessions: dict[int, Rating]
    edition: Rating
    pending_until: datetime | None


def session_feedback(edition_ids: Iterable[int], session_ids: Iterable[int], *,
                     now: datetime | None = None) -> dict[int, EditionFeedback]:
    """Per edition id: the ratings of ``session_ids`` and of all its sessions, from closed surveys only."""
    edition_ids, wanted = list(edition_ids), set(session_ids)
    if not edition_ids:
        return {}
    now = now or utcnow()
    surveys = db.session.execute(select(Survey.id, Survey.edition_id, Survey.closes_at)
                                 .where(Survey.edition_id.in_(edition_ids))).all()
    closed = [sid for sid, _, closes in surveys if closes is not None and closes <= now]
    pending: dict[int, datetime] = {}
    for _, edition_id, closes in surveys:  # a survey without a window has no answers to wait for
        if closes is not None and closes > now:
            pending[edition_id] = max(pending.get(edition_id, closes), closes)
    per_session: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    per_edition: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    if closed:
        rows = db.session.execute(
            select(Session.edition_id, SurveyAnswer.session_id, Question.direction, SurveyAnswer.value, func.count())
            .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
            .join(Question, SurveyAnswer.question_id == Question.id)
            .join(Session, SurveyAnswer.session_id == Session.id)
            .where(SurveyResponse.survey_id.in_(closed), Question.type == QuestionType.SESSION_RATING,
                   SurveyAnswer.value.is_not(None))
            .group_by(Session.edition_id, SurveyAnswer.session_id, Question.direction, SurveyAnswer.value))
        for edition_id, session_id, direction, value, count in rows:
            point = int(value) if direction == ScaleDirection.HIGHER_IS_BETTER else LOW + HIGH - int(value)
            per_edition[edition_id][point] += count
            if session_id in wanted:
                per_session[edition_id][session_id][point] += count
    return {edition_id: EditionFeedback(
        sessions={sid: _rating(counts) for sid, counts in per_session.get(edition_id, {}).items()},
        edition=_rating(per_edition.get(edition_id, {})), pending_until=pending.get(edition_id))
        for edition_id in edition_ids}
