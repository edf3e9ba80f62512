"""The demo's learning loop: feedback surveys for every edition held, their anonymous responses with
trends across the editions, the action items that moved those trends, and the frozen results of every
evaluated edition (see ``survey_question_data`` and ``survey_answer_data`` for the story the numbers tell).

Written against the models directly, not the services: the past is recorded as it happened, with its own
dates, and no mail is queued. Idempotent: a question is found by (key, version), a survey by (edition,
audience) and a survey that exists is left alone with its responses, an action item by (source edition,
title), and an edition that has a frozen result is not frozen again. Deterministic: every choice comes from
``random.Random`` with a fixed seed; only the tokens are random, as everywhere."""

from __future__ import annotations

import logging
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.council.models import Attendance, Person
from conference.demo import survey_answer_data as trends
from conference.demo import survey_question_data as asked
from conference.demo.survey_responses import DemoSurvey, Invitee
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.editions.services import from_local, local
from conference.extensions import db
from conference.program.models import Session
from conference.registration.models import Registration
from conference.submissions.models import Submission
from conference.surveys.models import (
    FORMAT_AUDIENCES,
    ActionItem,
    ActionStatus,
    Audience,
    EditionResult,
    Question,
    QuestionType,
    ScaleDirection,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)

log = logging.getLogger(__name__)

EVALUATED = (EditionStatus.EVALUATED, EditionStatus.ARCHIVED)
# Editions held get their surveys; only evaluated ones get frozen results.
SURVEYED = (EditionStatus.HELD, *EVALUATED)


def seed(today: date, organiser_id: int | None) -> dict[str, int]:
    """Surveys with responses for every edition held, the action items, and frozen results for the
    evaluated editions. Returns counts."""
    questions = ensure_questions()
    editions = list(db.session.scalars(select(Edition).where(Edition.status.in_(SURVEYED))
                                       .order_by(Edition.starts_at)))
    existing = {(s.edition_id, s.audience): s for s in db.session.scalars(select(Survey))}
    previous: dict[tuple[EditionFormat, Audience], Survey] = {}
    for edition in editions:
        for audience in FORMAT_AUDIENCES.get(edition.format, ()):
            survey = existing.get((edition.id, audience))
            if survey is None:
                invitees = _invitees(edition, audience)
                if invitees == []:  # an invited audience nobody in the demo belongs to
                    continue
                survey = DemoSurvey(edition, audience, questions, previous.get((edition.format, audience)),
                                    today).build(invitees)
            previous[edition.format, audience] = survey
    seed_actions(today, organiser_id)
    freeze([e for e in editions if e.status in EVALUATED], organiser_id)
    return counts()


def counts() -> dict[str, int]:
    def total(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    return {"surveys": total(Survey), "survey_invitations": total(SurveyInvitation),
            "survey_responses": total(SurveyResponse), "survey_answers": total(SurveyAnswer),
            "action_items": total(ActionItem), "edition_results": total(EditionResult)}


# --- The question bank ---------------------------------------------------------------------------------

def ensure_questions() -> dict[tuple[str, int], Question]:
    """Every demo question version by (key, version); the ones missing are created. A version that
    exists already (e.g. made by the bank's templates) is used as it is."""
    found = {(q.key, q.version): q for q in db.session.scalars(
        select(Question).where(Question.key.in_(list(asked.QUESTIONS))))}
    for key, versions in asked.QUESTIONS.items():
        previous = None
        for version, spec in enumerate(versions, start=1):
            question = found.get((key, version))
            if question is None:
                question = found[key, version] = Question(
                    key=key, version=version, type=QuestionType(spec["type"]), text_de=spec["de"],
                    text_en=spec["en"], help_de=spec.get("help_de", ""), help_en=spec.get("help_en", ""),
                    options=list(spec.get("options", ())), scale_labels=list(spec.get("labels", ())),
                    direction=ScaleDirection(spec.get("direction", ScaleDirection.HIGHER_IS_BETTER)),
                    comparable_with_previous=spec.get("comparable", True), previous=previous)
                db.session.add(question)
            previous = question
    db.session.flush()
    return found


# --- Who was invited -------------------------------------------------------------------------------------

def _invitees(edition: Edition, audience: Audience) -> list[Invitee] | None:
    """The people of an invited audience who exist in the demo (None: the open link, no invitations)."""
    if audience == Audience.VISITORS:
        return None
    if audience == Audience.COUNCIL_MEMBERS:
        people = db.session.scalars(
            select(Person).join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.edition_id == edition.id, Person.email != "").distinct().order_by(Person.id))
        return [Invitee(p.email, p.name, p.locale or "de") for p in people]
    if audience == Audience.REGISTRANTS:  # also those who did not come
        if edition.number < asked.REGISTRANTS_ASKED_FROM:
            return []
        registrations = db.session.scalars(
            select(Registration).where(Registration.edition_id == edition.id,
                                       Registration.confirmed_at.is_not(None)).order_by(Registration.id))
        return _unique(Invitee(r.email, r.name, registration_id=r.id) for r in registrations)
    # Partner institutions: the people who handed in or present the offers in the programme.
    offers = db.session.scalars(
        select(Submission).where(Submission.id.in_(
            select(Session.submission_id).where(Session.edition_id == edition.id)))
        .options(selectinload(Submission.co_presenters), selectinload(Submission.submitted_by))
        .order_by(Submission.id))
    people = []
    for offer in offers:
        if offer.submitted_by is not None:
            people.append(Invitee(offer.submitted_by.email, offer.submitted_by.name or ""))
        people += [Invitee(c.email, c.name) for c in offer.co_presenters if c.email]
    return _unique(people)


def _unique(invitees) -> list[Invitee]:
    seen, found = set(), []
    for invitee in invitees:
        if invitee.email.lower() not in seen:
            seen.add(invitee.email.lower())
            found.append(invitee)
    return found


# --- Action items --------------------------------------------------------------------------------------------

def seed_actions(today: date, organiser_id: int | None) -> None:
    """The action items of ``survey_answer_data.ACTIONS`` that are missing, dated after their source edition's
    survey (and never after today)."""
    editions = {e.number: e for e in db.session.scalars(select(Edition))}
    existing = set(db.session.execute(select(ActionItem.source_edition_id, ActionItem.title)).all())
    latest = from_local(today - timedelta(days=2), time(10))
    for source, target, key, metric, title, description, owner, status in trends.ACTIONS:
        if source not in editions or (editions[source].id, title) in existing:
            continue
        held = local(editions[source].ends_at).date()
        created = max(from_local(held + timedelta(days=1), time(10)),
                      min(from_local(held + timedelta(weeks=6), time(10)), latest))
        updated = created
        if status == "done" and target in editions:
            updated = max(created, editions[target].starts_at - timedelta(weeks=2))
        elif status == "in_progress":
            updated = max(created, min(created + timedelta(weeks=8), latest))
        db.session.add(ActionItem(
            source_edition_id=editions[source].id, target_edition_id=editions[target].id if target in editions
            else None, question_key=key, metric=metric, title=title, description=description, owner=owner,
            status=ActionStatus(status), created_by_id=organiser_id, created_at=created, updated_at=updated))
    db.session.flush()


# --- Frozen results --------------------------------------------------------------------------------------------

def freeze(editions: list[Edition], organiser_id: int | None) -> None:
    """Freeze the results of every edition in ``editions`` that has none yet."""
    try:
        from conference.surveys.results import freeze_results
    except ModuleNotFoundError as error:  # the results module is optional for the demo
        log.warning("seed-demo: frozen results skipped, %s", error)
        return
    frozen = set(db.session.scalars(select(EditionResult.edition_id).distinct()))
    for edition in editions:
        if edition.id not in frozen:
            freeze_results(edition, user_id=organiser_id)
