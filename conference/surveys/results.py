"""Frozen results: every aggregate of an edition computed once and kept as an immutable, versioned
``EditionResult``. Comparison across editions reads only these, so it stays fast and survives the purge
of personal data (and of the responses themselves).

Freezing again never changes a result: it adds the next version, and readers take the latest.
"""

from __future__ import annotations

import enum
import json
import math
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext
from sqlalchemy import and_, event, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from conference.editions.models import Edition, EditionStatus
from conference.editions.services import local
from conference.errors import ConflictError
from conference.extensions import db
from conference.surveys import aggregates
from conference.surveys.count_cache import survey_counts
from conference.surveys.metrics import edition_metrics
from conference.surveys.models import (
    FORMAT_AUDIENCES,
    EditionResult,
    EditionResultQuestion,
    Question,
    Survey,
    SurveyQuestion,
)

PLACES = 4  # every float in a result is rounded to this many decimal places
# A result may be frozen again while the edition is evaluated; once archived, personal data may have
# been purged, and a new version would silently lose the registration figures.
REFREEZE_STATUSES = (EditionStatus.EVALUATED,)


class ImmutableResultError(ConflictError):
    """Something tried to change or delete a frozen result."""


# --- Immutability ----------------------------------------------------------------------------------------

FROZEN = (EditionResult, EditionResultQuestion)


def _refuse_changes(session, flush_context, instances) -> None:
    """No flush may update or delete an ``EditionResult`` (or one of its question rows): a correction is a
    new version."""
    for obj in session.dirty:
        if isinstance(obj, FROZEN) and session.is_modified(obj, include_collections=False):
            raise ImmutableResultError(gettext("Frozen results cannot be changed; freeze them again instead."))
    for obj in session.deleted:
        if isinstance(obj, FROZEN):
            raise ImmutableResultError(gettext("Frozen results cannot be deleted."))


def _refuse_bulk_changes(state) -> None:
    """The same for ORM-level ``update(EditionResult)`` / ``delete(EditionResult)`` statements (and of
    their question rows), which bypass the flush."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in FROZEN:
        raise ImmutableResultError(gettext("Frozen results cannot be changed; freeze them again instead."))


event.listen(OrmSession, "before_flush", _refuse_changes)
event.listen(OrmSession, "do_orm_execute", _refuse_bulk_changes)


# --- Building the data --------------------------------------------------------------------------------

def normalise(value):
    """``value`` as plain, deterministic JSON data: floats rounded to ``PLACES`` (NaN/∞ become None),
    dict keys as strings in sorted order, tuples as lists, dates in ISO format, enums as their value."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        return round(number, PLACES) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): normalise(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    raise TypeError(f"cannot freeze a {type(value).__name__}")


def _comparable_since(questions: dict[int, Question]) -> dict[tuple[str, int], int]:
    """For each (key, version): the oldest version it may be compared with, following the chain of
    versions marked ``comparable_with_previous``. Two versions of a key are comparable when they share
    it. Frozen with the result, so a later rewording cannot change an old comparison."""
    since = {}
    for question in questions.values():
        current = question
        while current.comparable_with_previous and current.previous_id in questions:
            current = questions[current.previous_id]
        since[(question.key, question.version)] = current.version
    return since


def _audience_order(survey: Survey) -> tuple[int, int]:
    order = [a for audiences in FORMAT_AUDIENCES.values() for a in audiences]
    return (order.index(survey.audience) if survey.audience in order else len(order), survey.id)


def build_data(edition: Edition) -> dict:
    """Every aggregate of ``edition`` as plain data (see ``freeze_results``), computed now."""
    surveys = sorted(db.session.scalars(
        select(Survey).where(Survey.edition_id == edition.id)
        .options(selectinload(Survey.questions).selectinload(SurveyQuestion.question))), key=_audience_order)
    keys = {sq.question.key for survey in surveys for sq in survey.questions}
    bank = {q.id: q for q in db.session.scalars(select(Question).where(Question.key.in_(keys)))} if keys else {}
    since = _comparable_since(bank)
    summaries, questions, sessions = [], [], []
    for survey in surveys:
        audience = survey.audience.value
        with survey_counts(survey) as counts:  # one version of the survey's responses for all its figures
            summaries.append({**aggregates.survey_summary(survey, counts=counts), "audience": audience,
                              "title": survey.title})
            for row in aggregates.question_aggregates(survey, counts=counts):
                questions.append({**row, "audience": audience,
                                  "comparable_since": since.get((row["key"], row["version"]), row["version"])})
            sessions.extend({**row, "audience": audience}
                            for row in aggregates.session_ranking(survey, counts=counts))
    return {
        "edition": edition.number,
        "format": edition.format.value,
        "title": edition.title,
        "theme": edition.theme,
        "starts_on": local(edition.starts_at).date().isoformat(),
        "metrics": edition_metrics(edition),
        "surveys": summaries,
        "questions": questions,
        "sessions": sessions,
    }


# --- Freezing and reading -------------------------------------------------------------------------------

def freeze_results(edition: Edition, *, user_id: int | None = None) -> EditionResult:
    """Compute every aggregate of ``edition`` once and store it as its next result version (1, 2, …);
    flushed, never updated afterwards. ``data`` holds ``edition`` (number), ``format``, ``title``,
    ``theme``, ``starts_on``, ``metrics``, ``surveys`` (one summary per survey), ``questions`` (every
    survey's question aggregates, each with ``audience`` and ``comparable_since``) and ``sessions`` (the
    session rankings, each row with ``audience``): deterministic, floats rounded to 4 places."""
    # Versions are numbered under the edition's row lock (PostgreSQL); the unique constraint on
    # (edition, version) catches anything that slips past it elsewhere.
    db.session.execute(select(Edition.id).where(Edition.id == edition.id).with_for_update())
    data = normalise(build_data(edition))
    version = (db.session.scalar(select(func.max(EditionResult.version))
                                 .where(EditionResult.edition_id == edition.id)) or 0) + 1
    result = EditionResult(edition_id=edition.id, version=version, data=data, frozen_by_id=user_id)
    db.session.add(result)
    db.session.flush()
    return result


def refreeze(edition: Edition, *, user_id: int | None = None) -> EditionResult:
    """Freeze ``edition`` again as a new version; only while it is evaluated (ConflictError otherwise)."""
    if edition.status not in REFREEZE_STATUSES:
        raise ConflictError(gettext("Results can be frozen again only while the edition is evaluated."))
    return freeze_results(edition, user_id=user_id)


def latest_result(edition: Edition) -> EditionResult | None:
    """The newest frozen result of ``edition``, or None if it was never frozen."""
    return db.session.scalar(select(EditionResult).where(EditionResult.edition_id == edition.id)
                             .order_by(EditionResult.version.desc()).limit(1))


def result_versions(edition: Edition) -> list[EditionResult]:
    """Every frozen version of ``edition``, newest first."""
    return list(db.session.scalars(select(EditionResult).where(EditionResult.edition_id == edition.id)
                                   .order_by(EditionResult.version.desc())))


def _newest(edition_ids=None):
    """(edition_id, version) of the newest result of every edition (of ``edition_ids`` when given)."""
    newest = (select(EditionResult.edition_id, func.max(EditionResult.version).label("version"))
              .group_by(EditionResult.edition_id))
    if edition_ids is not None:
        newest = newest.where(EditionResult.edition_id.in_(list(edition_ids)))
    return newest.subquery()


def _is_newest(newest):
    return and_(EditionResult.edition_id == newest.c.edition_id, EditionResult.version == newest.c.version)


def latest_results(*, edition_ids=None, evaluated_only: bool = False) -> list[EditionResult]:
    """The newest result of every edition that has one (of ``edition_ids`` when given), ordered by
    edition number; one query. ``evaluated_only`` keeps editions now evaluated or archived."""
    newest = _newest(edition_ids)
    query = select(EditionResult).join(newest, _is_newest(newest))
    if evaluated_only:
        query = query.join(Edition, Edition.id == EditionResult.edition_id).where(
            Edition.status.in_((EditionStatus.EVALUATED, EditionStatus.ARCHIVED)))
    return sorted(db.session.scalars(query), key=lambda r: (r.data.get("edition") or 0, r.edition_id))


def latest_result_questions(*, format: str | None = None, key: str | None = None) -> list[tuple]:
    """The question rows of the newest result of every edition that has one (of ``format`` when given):
    ``(edition_id, edition number, edition title, format, question aggregates)`` per question of the result
    (of question ``key`` only, when given), in the result's order; a result without such a question gives
    one row with None as its aggregates. One query, which reads the copies (``EditionResultQuestion`` and the
    result's header columns), never the documents."""
    newest = _newest()
    questions = EditionResultQuestion.result_id == EditionResult.id
    if key is not None:
        questions = and_(questions, EditionResultQuestion.key == key)
    query = (select(EditionResult.edition_id, EditionResult.edition_number, EditionResult.edition_title,
                    EditionResult.edition_format, EditionResultQuestion.data)
             .join(newest, _is_newest(newest)).outerjoin(EditionResultQuestion, questions)
             .order_by(EditionResult.edition_id, EditionResultQuestion.position))
    if format is not None:
        query = query.where(EditionResult.edition_format == format)
    return [tuple(row) for row in db.session.execute(query)]


def previous_latest_result(result: EditionResult) -> EditionResult | None:
    """The newest result of the edition of ``result``'s format just before ``result``'s edition (by number)
    that has one, or None. One query loading one row, however many editions have results."""
    edition = result.edition
    return db.session.scalar(
        select(EditionResult).join(Edition, Edition.id == EditionResult.edition_id)
        .where(Edition.format == edition.format, Edition.number < edition.number)
        .order_by(Edition.number.desc(), EditionResult.version.desc()).limit(1))


# --- Export ------------------------------------------------------------------------------------------------

def export_document(result: EditionResult) -> dict:
    """A result as exported: its data and ``result_version``; no time of freezing, so that the same
    frozen result always exports to the same bytes."""
    return {**result.data, "result_version": result.version}


def dumps(document) -> str:
    """The canonical JSON text of an export."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2)
