"""Answering a survey: finding the survey behind a link, the sessions a respondent may rate, and
writing one anonymous response.

A response is written without anything that points to the person: ``survey_response`` gets the
survey, the local date and the channel ("invited" or "open"), ``survey_answer`` the answers. For a
personal link, the only trace is a ``survey_participation`` row holding the invitation id, written in
the same transaction: it blocks a second answer and says nothing about which response was the
invitation's. The invitation row itself is never touched while answering (its ``updated_at`` would
otherwise record the moment of answering).

Services flush and never commit; the request boundary (or the caller) commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from conference.editions.models import TimeSlot
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.forms_base import drop_control_characters
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus
from conference.surveys.models import (
    Question,
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)

TEXT_MAX = 5000
CHANNELS = ("invited", "open")
YES_NO_MAYBE = ("yes", "no", "maybe")
# A single-choice question with this key also fills ``SurveyResponse.respondent_group``.
RESPONDENT_ROLE_KEY = "respondent_role"
# The lowest and the highest value of each scale type (a session rating is a Likert 5 per session).
SCALE_RANGES = {
    QuestionType.LIKERT_5: (1, 5),
    QuestionType.SCALE_0_10: (0, 10),
    QuestionType.SESSION_RATING: (1, 5),
}
GROUP_MAX = 40  # the width of survey_response.respondent_group


# --- Finding the survey -----------------------------------------------------------------------------------

def get_open_survey(open_key: str) -> Survey:
    """The survey behind an open link ``/s/<open_key>``; 404 when there is none or it has no open link."""
    survey = db.session.scalar(select(Survey).where(Survey.open_key == open_key)
                               .options(selectinload(Survey.edition)))
    if survey is None or not survey.is_open_link:
        raise NotFoundError(gettext("This survey link is not valid."))
    return survey


def get_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a personal link ``/survey/<token>``, with its survey; 404 otherwise."""
    invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.token == token)
                                   .options(selectinload(SurveyInvitation.survey).selectinload(Survey.edition)))
    if invitation is None:
        raise NotFoundError(gettext("This survey link is not valid. Please use the link from your latest mail."))
    return invitation


def has_answered(invitation: SurveyInvitation) -> bool:
    return db.session.scalar(select(exists().where(SurveyParticipation.invitation_id == invitation.id))) or False


def window_state(survey: Survey, now: datetime) -> str:
    """"open", "not_yet" (no window yet, or before it) or "closed"."""
    if survey.is_open(now):
        return "open"
    if survey.closes_at is not None and now >= survey.closes_at:
        return "closed"
    return "not_yet"


def survey_questions(survey: Survey) -> list[SurveyQuestion]:
    """The survey's questions in order, each with its question version loaded."""
    return list(db.session.scalars(
        select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
        .options(selectinload(SurveyQuestion.question))
        .order_by(SurveyQuestion.position, SurveyQuestion.id)))


def option_codes(question: Question) -> list[str]:
    """The codes a choice question accepts."""
    if question.type == QuestionType.YES_NO_MAYBE:
        return list(YES_NO_MAYBE)
    return [str(option["value"]) for option in question.options or [] if "value" in option]


def _published_sessions(edition_id: int) -> list[Session]:
    return list(db.session.scalars(
        select(Session).outerjoin(TimeSlot, TimeSlot.id == Session.slot_id)
        .where(Session.edition_id == edition_id, Session.is_published.is_(True))
        .options(selectinload(Session.slot), selectinload(Session.room))
        .order_by(TimeSlot.starts_at.is_(None), TimeSlot.starts_at, Session.title, Session.id)))


def sessions_to_rate(survey: Survey, invitation: SurveyInvitation | None = None) -> list[Session]:
    """The sessions a respondent may rate.

    Open link (no invitation): every published session of the edition, which the respondent picks from.
    Personal link with a registration: the sessions that registration attended; when the edition has no
    attendance recorded at all, the sessions it had booked. Personal link without a registration
    (partner institutions, council members): none."""
    if invitation is None:
        return _published_sessions(survey.edition_id)
    if invitation.registration_id is None:
        return []
    attended_recorded = db.session.scalar(select(exists().where(
        Booking.session_id == Session.id, Session.edition_id == survey.edition_id,
        Booking.status == BookingStatus.ATTENDED))) or False
    status = BookingStatus.ATTENDED if attended_recorded else BookingStatus.BOOKED
    sessions = db.session.scalars(
        select(Session).join(Booking, Booking.session_id == Session.id)
        .where(Booking.registration_id == invitation.registration_id, Booking.status == status,
               Session.edition_id == survey.edition_id)
        .options(selectinload(Session.slot), selectinload(Session.room)))
    # Ordered in Python: by time, then title (sessions without a slot last).
    return sorted(set(sessions), key=lambda s: (s.slot is None, s.slot.starts_at if s.slot else None, s.title, s.id))


def respondent_role_question(questions: Iterable[SurveyQuestion]) -> SurveyQuestion | None:
    """The single-choice question whose answer is the respondent group, if the survey has one."""
    return next((sq for sq in questions if sq.question.key == RESPONDENT_ROLE_KEY
                 and sq.question.type == QuestionType.SINGLE_CHOICE), None)


# --- Validating ------------------------------------------------------------------------------------------

def _error(sq: SurveyQuestion, message: str) -> DomainError:
    return DomainError(message, field=f"q{sq.id}")


def _int(value, sq: SurveyQuestion) -> int:
    if isinstance(value, bool):
        raise _error(sq, gettext("Please choose one of the values offered."))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _error(sq, gettext("Please choose one of the values offered.")) from None


def _scale_value(value, sq: SurveyQuestion, kind: QuestionType) -> int:
    number = _int(value, sq)
    low, high = SCALE_RANGES[kind]
    if not low <= number <= high:
        raise _error(sq, gettext("Please choose a value from %(low)d to %(high)d.", low=low, high=high))
    return number


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | set | dict) and not value)


def _rows_for(sq: SurveyQuestion, value, session_ids: set[int]) -> list[SurveyAnswer]:
    """The answer rows for one question's value (empty: not answered); DomainError for a bad value."""
    question = sq.question
    kind = question.type
    if kind in (QuestionType.LIKERT_5, QuestionType.SCALE_0_10):
        if _is_empty(value):
            return []
        return [SurveyAnswer(question_id=question.id, value=_scale_value(value, sq, kind))]
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.YES_NO_MAYBE):
        if _is_empty(value):
            return []
        if not isinstance(value, str) or value not in option_codes(question):
            raise _error(sq, gettext("Please choose one of the answers offered."))
        return [SurveyAnswer(question_id=question.id, choice=value)]
    if kind == QuestionType.MULTIPLE_CHOICE:
        codes = [value] if isinstance(value, str) else list(value or [])
        known = option_codes(question)
        chosen = []
        for code in codes:
            if not isinstance(code, str) or code not in known:
                raise _error(sq, gettext("Please choose only answers offered."))
            if code not in chosen:
                chosen.append(code)
        return [SurveyAnswer(question_id=question.id, choice=code) for code in chosen]
    if kind == QuestionType.FREE_TEXT:
        if value is None:
            return []
        if not isinstance(value, str):
            raise _error(sq, gettext("Please enter a text."))
        text = drop_control_characters(value).strip()
        if len(text) > TEXT_MAX:
            raise _error(sq, gettext("Please shorten your answer to %(n)d characters.", n=TEXT_MAX))
        return [SurveyAnswer(question_id=question.id, text=text)] if text else []
    if kind == QuestionType.SESSION_RATING:
        if _is_empty(value):
            return []
        if not isinstance(value, Mapping):
            raise _error(sq, gettext("Please rate the sessions with the values offered."))
        rows = []
        for key, rating in value.items():
            if _is_empty(rating):
                continue
            session_id = _int(key, sq)
            if session_id not in session_ids:
                raise _error(sq, gettext("Only the sessions listed can be rated."))
            rows.append(SurveyAnswer(question_id=question.id, session_id=session_id,
                                     value=_scale_value(rating, sq, kind)))
        return sorted(rows, key=lambda r: r.session_id)
    raise _error(sq, gettext("This question cannot be answered."))  # pragma: no cover - every type is handled


def validate_answers(questions: list[SurveyQuestion], answers: Mapping[int, object],
                     session_ids: set[int]) -> dict[int, list[SurveyAnswer]]:
    """The answer rows per SurveyQuestion id; DomainError (``field`` = ``q<id>``) for the first bad or
    missing answer. A required session rating is required only when there is a session to rate."""
    known = {sq.id: sq for sq in questions}
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise DomainError(gettext("The answers do not belong to this survey's questions."))
    rows: dict[int, list[SurveyAnswer]] = {}
    for sq in questions:
        found = _rows_for(sq, answers.get(sq.id), session_ids)
        ratable = sq.question.type != QuestionType.SESSION_RATING or session_ids
        if sq.is_required and ratable and not found:
            raise _error(sq, gettext("Please answer this question."))
        rows[sq.id] = found
    return rows


# --- Writing ---------------------------------------------------------------------------------------------

def _claim(invitation: SurveyInvitation) -> None:
    """Record that the invitation has answered. The primary key makes a second claim fail, also when two
    answers with the same link arrive at the same moment (the later insert waits for the first
    transaction and then conflicts)."""
    try:
        with db.session.begin_nested():
            # Core insert: nothing is loaded into the session, and the invitation row stays untouched.
            db.session.execute(insert(SurveyParticipation).values(invitation_id=invitation.id))
    except IntegrityError:
        raise ConflictError(gettext("This link has been used to answer the survey already. Each invitation "
                                    "can answer once.")) from None


def submit_response(survey: Survey, answers: dict[int, object], *, invitation: SurveyInvitation | None = None,
                    respondent_group: str = "", channel: str, today: date) -> SurveyResponse:
    """Write one anonymous response with its answers and, for a personal link, the participation marker,
    all in the caller's transaction (flushed, not committed).

    ``answers`` maps SurveyQuestion.id to an int (scales), a code (single choice, yes/no/maybe: "yes",
    "no", "maybe"), a list of codes (multiple choice: one row each), a text (free text: control
    characters dropped, at most 5000 characters) or ``{session_id: int}`` (session ratings: one row per
    session, only sessions from :func:`sessions_to_rate`). Empty values mean "not answered".
    ``today`` is the local date; only the date is stored. The respondent group is ``respondent_group``
    or else the answer to the ``respondent_role`` question.

    Raises DomainError for a missing required answer or a bad value, and ConflictError when the
    invitation has answered already; nothing is written then."""
    if channel not in CHANNELS:
        raise DomainError(gettext("Unknown channel."))
    if invitation is not None and (invitation.survey_id != survey.id or channel != "invited"):
        raise DomainError(gettext("This invitation does not belong to this survey."))
    questions = survey_questions(survey)
    if invitation is None and channel == "invited":
        # Responses entered without an invitation (imports, the demo) may rate any session of the edition.
        session_ids = {s.id for s in _published_sessions(survey.edition_id)}
    else:
        session_ids = {s.id for s in sessions_to_rate(survey, invitation)}
    rows = validate_answers(questions, answers, session_ids)
    group = respondent_group
    role_question = respondent_role_question(questions)
    if not group and role_question is not None and rows[role_question.id]:
        group = rows[role_question.id][0].choice or ""
    if invitation is not None:
        _claim(invitation)
    # Only the date: a time of day could be matched against mail or server logs.
    day = date(today.year, today.month, today.day)
    response = SurveyResponse(survey_id=survey.id, submitted_on=day, respondent_group=group[:GROUP_MAX],
                              channel=channel)
    response.answers = [row for sq in questions for row in rows[sq.id]]
    db.session.add(response)
    db.session.flush()
    return response
