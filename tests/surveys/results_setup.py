"""Test data for frozen results, comparison and action items: questions, surveys and responses built
directly with the models, and frozen results written as crafted data (comparison reads nothing else)."""

from __future__ import annotations

import itertools
from datetime import date

from conference.editions.models import EditionFormat, EditionStatus
from conference.extensions import db
from conference.surveys.models import (
    Audience,
    EditionResult,
    Question,
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from tests.factories import make_edition

_seq = itertools.count(1)
OPTIONS = [{"value": "press", "de": "Presse", "en": "Press"}, {"value": "web", "de": "Internet", "en": "Web"}]


def question(key=None, type=QuestionType.LIKERT_5, **fields) -> Question:
    type = QuestionType(type)
    if type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        fields.setdefault("options", OPTIONS)
    q = Question(key=key or f"key_{next(_seq)}", version=fields.pop("version", 1), type=type,
                 text_de=fields.pop("text_de", "Wie zufrieden waren Sie?"),
                 text_en=fields.pop("text_en", "How satisfied were you?"), **fields)
    db.session.add(q)
    db.session.flush()
    return q


def survey(edition, questions=(), audience=Audience.VISITORS, is_open_link=True) -> Survey:
    s = Survey(edition=edition, audience=audience, title=f"Umfrage {audience.value}", is_open_link=is_open_link)
    for position, q in enumerate(questions):
        s.questions.append(SurveyQuestion(question=q, position=position))
    db.session.add(s)
    db.session.flush()
    return s


def respond(s: Survey, answers: dict) -> SurveyResponse:
    """One anonymous response; ``answers`` maps a Question to an int (scale) or a code (single choice)."""
    response = SurveyResponse(survey_id=s.id, submitted_on=date(2027, 5, 8), channel="open")
    db.session.add(response)
    db.session.flush()
    for q, value in answers.items():
        fields = {"choice": value} if isinstance(value, str) else {"value": value}
        db.session.add(SurveyAnswer(response_id=response.id, survey_id=s.id, question_id=q.id, **fields))
    db.session.flush()
    return response


def surveyed_edition(values, *, number=None, key="overall_satisfaction", status=EditionStatus.HELD,
                     day=date(2027, 5, 8), q=None):
    """An open day whose visitor survey asks one Likert question, answered once with each of ``values``."""
    edition = make_edition(number=number, status=status, day=day)
    q = q or question(key)
    s = survey(edition, [q])
    for value in values:
        respond(s, {q: value})
    return edition, q


def scale_entry(key, *, n, top2, mean=None, mean_ci=None, top2_ci=None, version=1, comparable=True,
                audience="visitors", type="likert_5", direction="higher_is_better", **extra) -> dict:
    """A question's frozen aggregates as aggregates.question_aggregates gives them."""
    mean = mean if mean is not None else round(1 + 4 * top2, 2)
    return {"key": key, "version": version, "type": type, "text_de": f"Frage {key}", "text_en": f"Question {key}",
            "direction": direction, "comparable_with_previous": comparable, "audience": audience, "n": n,
            "suppressed": n < 5, "distribution": {}, "mean": mean,
            "mean_ci": mean_ci or [round(mean - 0.2, 4), round(mean + 0.2, 4)], "top2_share": top2,
            "top2_ci": top2_ci or [max(0.0, round(top2 - 0.1, 4)), min(1.0, round(top2 + 0.1, 4))],
            "shares": {}, **extra}


def frozen(edition, questions, *, metrics=None, version=1) -> EditionResult:
    """A crafted frozen result of ``edition`` (written as freeze_results would store it)."""
    result = EditionResult(edition_id=edition.id, version=version, data={
        "edition": edition.number, "format": edition.format.value, "title": edition.title, "theme": "",
        "starts_on": edition.starts_at.date().isoformat(), "metrics": metrics or {}, "surveys": [],
        "questions": questions, "sessions": []})
    db.session.add(result)
    db.session.flush()
    return result


def evaluated(number, *, format=EditionFormat.OPEN_DAY, year=2020) -> object:
    return make_edition(number=number, format=format, status=EditionStatus.EVALUATED,
                        day=date(year, 5, 8), title=f"{number}. Ausgabe")
