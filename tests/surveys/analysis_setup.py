"""Test data for the analysis tests, built directly with the models (no question-bank or answering
service): questions, a survey with them in order, invitations, and responses with their answers."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import insert

from conference.extensions import db
from conference.surveys.models import (
    Audience,
    Question,
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from tests.factories import make_edition

_seq = itertools.count(1)
OPTIONS = [{"value": "press", "de": "Presse", "en": "Press"}, {"value": "friends", "de": "Freunde", "en": "Friends"},
           {"value": "web", "de": "Internet", "en": "Web"}]


def question(key=None, type=QuestionType.LIKERT_5, text_de=None, **fields) -> Question:
    type = QuestionType(type)
    if type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        fields.setdefault("options", OPTIONS)
    if type in (QuestionType.LIKERT_5, QuestionType.SESSION_RATING):
        fields.setdefault("scale_labels", [{"de": d, "en": e} for d, e in (
            ("gar nicht zufrieden", "not at all satisfied"), ("eher nicht", "rather not"), ("teils", "partly"),
            ("eher zufrieden", "rather satisfied"), ("sehr zufrieden", "very satisfied"))])
    q = Question(key=key or f"key_{next(_seq)}", version=fields.pop("version", 1), type=type,
                 text_de=text_de or f"Frage {next(_seq)} über Zufriedenheit", text_en=fields.pop("text_en", ""),
                 **fields)
    db.session.add(q)
    db.session.flush()
    return q


def survey(edition=None, questions=(), audience=Audience.VISITORS, is_open_link=True, **fields) -> Survey:
    edition = edition or make_edition()
    s = Survey(edition=edition, audience=audience, title=fields.pop("title", f"Umfrage {audience.value}"),
               is_open_link=is_open_link, **fields)
    for position, q in enumerate(questions):
        s.questions.append(SurveyQuestion(question=q, position=position))
    db.session.add(s)
    db.session.flush()
    return s


def invite(s: Survey, count: int) -> None:
    db.session.add_all(SurveyInvitation(survey_id=s.id, email=f"person{next(_seq)}@example.org",
                                        name="Erika Mustermann") for _ in range(count))
    db.session.flush()


def respond(s: Survey, answers: dict, group: str = "", day: date = date(2027, 5, 8),
            channel: str = "open") -> SurveyResponse:
    """One response. ``answers`` maps a Question to an int (scale), a code (single choice, yes/no/maybe),
    a list of codes (multiple choice), a text (free text) or ``{session_id: int}`` (session rating)."""
    response = SurveyResponse(survey_id=s.id, submitted_on=day, respondent_group=group, channel=channel)
    db.session.add(response)
    db.session.flush()
    db.session.add_all(SurveyAnswer(response_id=response.id, survey_id=s.id, question_id=q.id, **fields)
                       for q, value in answers.items() for fields in _answer_fields(q, value))
    db.session.flush()
    return response


def _answer_fields(q: Question, value) -> list[dict]:
    if q.type == QuestionType.SESSION_RATING:
        return [{"session_id": session_id, "value": rating} for session_id, rating in value.items()]
    if q.type == QuestionType.MULTIPLE_CHOICE:
        return [{"choice": code} for code in value]
    if q.type == QuestionType.FREE_TEXT:
        return [{"text": value}]
    if isinstance(value, str):
        return [{"choice": value}]
    return [{"value": value}]


def bulk_respond(s: Survey, q: Question, values, group: str = "") -> None:
    """Many single-answer responses fast (for the query-count guard): one response per value."""
    first = (db.session.execute(insert(SurveyResponse).returning(SurveyResponse.id), [
        {"survey_id": s.id, "submitted_on": date(2027, 5, 8), "respondent_group": group, "channel": "open"}
        for _ in values]).scalars().all())
    db.session.execute(insert(SurveyAnswer), [{"response_id": rid, "survey_id": s.id, "question_id": q.id, "value": v}
                                             for rid, v in zip(first, values, strict=True)])
    db.session.flush()

