"""Builders for the distribution, answering and anonymity tests: questions, surveys, registrations and
bookings, made directly with the models (independent of the survey builder)."""

from __future__ import annotations

import itertools
from datetime import time, timedelta

from conference.database import utcnow
from conference.editions.models import EditionFormat
from conference.extensions import db
from conference.registration.models import Booking, BookingStatus, Registration
from conference.surveys.models import Audience, Question, QuestionType, ScaleDirection, Survey, SurveyQuestion
from tests.factories import make_edition, make_session, make_slot, make_venue

_seq = itertools.count(1)

LIKERT_LABELS = [{"de": "trifft nicht zu", "en": "disagree"}, {"de": "trifft eher nicht zu", "en": "rather disagree"},
                 {"de": "teils, teils", "en": "neutral"}, {"de": "trifft eher zu", "en": "rather agree"},
                 {"de": "trifft zu", "en": "agree"}]
ROLE_OPTIONS = [{"value": "teacher", "de": "Lehrkraft", "en": "Teacher"},
                {"value": "parent", "de": "Elternteil", "en": "Parent"},
                {"value": "other", "de": "Andere", "en": "Other"}]
HEARD_OPTIONS = [{"value": "press", "de": "Presse", "en": "Press"},
                 {"value": "school", "de": "Schule", "en": "School"},
                 {"value": "friends", "de": "Freunde", "en": "Friends"}]


def make_question(type=QuestionType.LIKERT_5, key=None, text_en=None, **fields) -> Question:
    n = next(_seq)
    question = Question(key=key or f"question_{n}", version=fields.pop("version", 1), type=QuestionType(type),
                        text_de=fields.pop("text_de", f"Frage {n}"), text_en=text_en or f"Question {n}",
                        direction=fields.pop("direction", ScaleDirection.HIGHER_IS_BETTER), **fields)
    db.session.add(question)
    db.session.flush()
    return question


def make_survey(edition, audience=Audience.REGISTRANTS, questions=(), *, state="open", is_open_link=False,
                **fields) -> Survey:
    """A survey of ``edition`` with ``questions`` (Question or (Question, is_required)) in order. ``state``:
    "open" (the window runs now), "not_yet", "closed" or "unset" (no window)."""
    now = utcnow()
    window = {"open": (now - timedelta(days=1), now + timedelta(days=7)),
              "not_yet": (now + timedelta(days=1), now + timedelta(days=8)),
              "closed": (now - timedelta(days=8), now - timedelta(days=1)),
              "unset": (None, None)}[state]
    survey = Survey(edition=edition, audience=Audience(audience), title=fields.pop("title", "Ihre Meinung"),
                    intro=fields.pop("intro", "Bitte sagen Sie uns, wie es war."), opens_at=window[0],
                    closes_at=window[1], is_open_link=is_open_link, **fields)
    db.session.add(survey)
    for position, entry in enumerate(questions):
        question, required = entry if isinstance(entry, tuple) else (entry, False)
        survey.questions.append(SurveyQuestion(question=question, position=position, is_required=required))
    db.session.flush()
    return survey


def every_type(*, required_likert=True) -> list:
    """One question of each type (Likert required), in the order the page shows them."""
    return [
        (make_question(QuestionType.LIKERT_5, key="overall_satisfaction", scale_labels=LIKERT_LABELS,
                       text_en="How satisfied were you overall?", help_en="Think of the whole day."),
         required_likert),
        make_question(QuestionType.SCALE_0_10, key="recommend", text_en="Would you recommend it?",
                      scale_labels=[{"de": "auf keinen Fall", "en": "not at all"},
                                    {"de": "sehr gern", "en": "gladly"}]),
        make_question(QuestionType.SINGLE_CHOICE, key="respondent_role", text_en="You are …", options=ROLE_OPTIONS),
        make_question(QuestionType.MULTIPLE_CHOICE, key="heard_from", text_en="How did you hear of it?",
                      options=HEARD_OPTIONS),
        make_question(QuestionType.YES_NO_MAYBE, key="come_again", text_en="Will you come again?"),
        make_question(QuestionType.FREE_TEXT, key="comments", text_en="Anything else?"),
        make_question(QuestionType.SESSION_RATING, key="session_rating", text_en="How were the sessions?",
                      scale_labels=LIKERT_LABELS),
    ]


def make_registration(edition, email=None, *, name=None, confirmed=True, cancelled=False) -> Registration:
    n = next(_seq)
    now = utcnow()
    registration = Registration(edition=edition, name=name or f"Besucherin {n}",
                                email=email or f"visitor{n}@example.org", privacy_notice_version="2026-11",
                                confirm_by=now + timedelta(days=2),
                                confirmed_at=now if confirmed else None, cancelled_at=now if cancelled else None)
    db.session.add(registration)
    db.session.flush()
    return registration


def book(registration, session, status=BookingStatus.BOOKED) -> Booking:
    booking = Booking(registration=registration, session=session, status=BookingStatus(status))
    db.session.add(booking)
    db.session.flush()
    return booking


def open_day_with_sessions(n=3):
    """An open day with a venue, two slots and ``n`` published sessions (the last one in the second slot)
    plus one unpublished session."""
    edition = make_edition(format=EditionFormat.OPEN_DAY)
    venue = make_venue(edition, name="Rathaus", rooms=[("Ratssaal", 100, True)])
    first, second = make_slot(edition, label="Runde 1"), make_slot(edition, label="Runde 2", start=time(13))
    sessions = [make_session(edition, title=f"Workshop {chr(65 + i)}", slot=first if i < n - 1 else second,
                             room=venue.rooms[0]) for i in range(n)]
    hidden = make_session(edition, title="Entwurf", slot=first, is_published=False)
    return edition, sessions, hidden
