"""Survey factories for every survey test: questions through the bank's service, surveys with a window
that is open now (or already closed), and bare responses (for "this survey has responses" states)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from conference.database import utcnow
from conference.extensions import db
from conference.surveys import builder
from conference.surveys import questions as bank
from conference.surveys.models import (
    FORMAT_AUDIENCES,
    Audience,
    Question,
    QuestionType,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)

_seq = itertools.count(1)

LIKERT_LABELS = [{"de": f"Stufe {i}", "en": f"Level {i}"} for i in range(1, 6)]


def make_question(key: str | None = None, type: QuestionType | str = QuestionType.LIKERT_5, text_de: str | None = None,
                  **fields) -> Question:
    """Version 1 of a new key (``q1``, ``q2``, … unless given). Choice types get three options
    (``a``, ``b``, ``c``) unless ``options`` is given."""
    type = QuestionType(type)
    if type in bank.CHOICE_TYPES:
        fields.setdefault("options", [{"value": code, "de": f"Option {code}", "en": f"Option {code}"}
                                      for code in ("a", "b", "c")])
    return bank.create_question(key=key or f"q{next(_seq)}", type=type,
                                text_de=text_de or "Wie zufrieden sind Sie?", **fields)


def window(open: bool = True):
    """``(opens_at, closes_at)``: open now, or closed a month ago."""
    now = utcnow()
    return (now - timedelta(days=1), now + timedelta(days=27)) if open else (now - timedelta(days=60),
                                                                              now - timedelta(days=30))


def make_survey(edition, audience: Audience | str | None = None, questions=None, open: bool = True,
                **fields) -> Survey:
    """The survey of ``audience`` (default: the format's first) at ``edition``. ``questions``: Question
    versions or ``(question, required)`` pairs in order; None builds it from the format's template.
    ``open``: the window is open now, otherwise it closed a month ago."""
    audience = Audience(audience or FORMAT_AUDIENCES[edition.format][0])
    opens_at, closes_at = window(open)
    if questions is None:
        survey = builder.create_survey(edition, audience, from_previous=False, opens_at=opens_at,
                                       closes_at=closes_at, is_open_link=fields.pop("is_open_link", None))
        for name, value in fields.items():
            setattr(survey, name, value)
        db.session.flush()
        return survey
    survey = Survey(edition=edition, audience=audience, title=fields.pop("title", "Ihre Meinung"),
                    opens_at=opens_at, closes_at=closes_at,
                    is_open_link=fields.pop("is_open_link", audience == Audience.VISITORS), **fields)
    for position, entry in enumerate(questions):
        question, required = entry if isinstance(entry, tuple) else (entry, False)
        survey.questions.append(SurveyQuestion(question=question, position=position, is_required=required))
    db.session.add(survey)
    db.session.flush()
    return survey


def add_response(survey: Survey, *, group: str = "", channel: str = "open", on: date | None = None) -> SurveyResponse:
    """A bare anonymous response (no answers): enough to lock the survey's questions."""
    response = SurveyResponse(survey_id=survey.id, submitted_on=on or utcnow().date(), respondent_group=group,
                         channel=channel)
    db.session.add(response)
    db.session.flush()
    return response
