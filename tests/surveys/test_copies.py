"""The copies the analytics read instead of the originals, kept in step:

- ``survey_answer.survey_id`` is its response's survey on every way an answer is written (the answering
  service through the ORM, Core inserts naming it; the demo's generator is covered by tests/test_seed_surveys),
  and the database refuses any other value;
- a frozen result's header columns and per-question rows are its document's, are as immutable as the
  result, and the comparison read from them equals the comparison read from the documents;
- the migration fills both for the data already there, and takes them away again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, delete, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError

from conference import create_app
from conference.extensions import db as database
from conference.surveys.answering import submit_response
from conference.surveys.comparison import build_series, load_comparison
from conference.surveys.models import (
    EditionResult,
    EditionResultQuestion,
    QuestionType,
    SurveyAnswer,
    SurveyResponse,
)
from conference.surveys.results import ImmutableResultError, freeze_results, latest_results
from tests.factories import make_edition
from tests.surveys import analysis_setup
from tests.surveys.results_setup import evaluated, frozen, scale_entry, surveyed_edition

BEFORE = "2dbac7e78765"  # the revision before the copies


# --- survey_answer.survey_id --------------------------------------------------------------------------------

def _two_surveys():
    edition = make_edition()
    scale = analysis_setup.question()
    comments = analysis_setup.question("comments", type=QuestionType.FREE_TEXT)
    return edition, analysis_setup.survey(edition, [scale, comments]), \
        analysis_setup.survey(make_edition(), [scale]), scale, comments


def test_the_answering_service_names_the_responses_survey_on_every_answer(db):
    _, survey, _, scale, comments = _two_surveys()
    questions = {sq.question_id: sq.id for sq in survey.questions}
    response = submit_response(survey, {questions[scale.id]: 4, questions[comments.id]: "Schön"}, channel="open",
                               today=date(2027, 5, 8))
    db.session.commit()
    rows = db.session.execute(select(SurveyAnswer.survey_id, SurveyAnswer.response_id)).all()
    assert rows and all(row == (survey.id, response.id) for row in rows)


def test_a_core_insert_naming_the_survey_is_counted(db):
    _, survey, _, scale, _ = _two_surveys()
    analysis_setup.bulk_respond(survey, scale, [5, 5, 4, 4, 3, 1])
    from conference.surveys.aggregates import question_aggregates

    assert question_aggregates(survey)[0]["n"] == 6


def test_the_database_refuses_an_answer_naming_another_survey_than_its_response(db):
    _, survey, other, scale, _ = _two_surveys()
    response = analysis_setup.respond(survey, {scale: 4})
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(insert(SurveyAnswer), [{"response_id": response.id, "survey_id": other.id,
                                                   "question_id": scale.id, "value": 5}])
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(update(SurveyAnswer).where(SurveyAnswer.response_id == response.id)
                           .values(survey_id=other.id))
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 1


def test_deleting_a_response_still_deletes_its_answers(db):
    _, survey, _, scale, comments = _two_surveys()
    kept = analysis_setup.respond(survey, {scale: 3})
    gone = analysis_setup.respond(survey, {scale: 4, comments: "Weg damit"})
    db.session.commit()
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.id == gone.id))
    db.session.commit()
    assert db.session.execute(select(SurveyAnswer.response_id, SurveyAnswer.survey_id)).all() == [(kept.id, survey.id)]


# --- The frozen results' copies ---------------------------------------------------------------------------------

def test_a_frozen_result_carries_its_header_and_a_row_per_question(db):
    edition, _ = surveyed_edition([5, 4, 4, 3, 2, 5], number=31)
    result = freeze_results(edition)
    db.session.commit()
    db.session.expire_all()
    result = db.session.get(EditionResult, result.id)
    assert (result.edition_number, result.edition_format, result.edition_title) == \
        (31, "open_day", result.data["title"])
    assert [(row.position, row.key, row.data) for row in result.questions] == \
        [(i, q["key"], q) for i, q in enumerate(result.data["questions"])]


def test_the_question_rows_are_as_immutable_as_the_result(db):
    edition, _ = surveyed_edition([5, 4, 4, 3, 2, 5])
    freeze_results(edition)
    db.session.commit()
    row = db.session.scalars(select(EditionResultQuestion)).first()
    row.data = {**row.data, "n": 999}
    with pytest.raises(ImmutableResultError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(EditionResultQuestion)).first())
    with pytest.raises(ImmutableResultError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(ImmutableResultError):
        db.session.execute(update(EditionResultQuestion).values(key="other"))
    with pytest.raises(ImmutableResultError):
        db.session.execute(delete(EditionResultQuestion))
    db.session.rollback()


def _everything(comparison):
    return ({fmt: [(r.edition_id, r.number, r.title) for r in refs] for fmt, refs in comparison.editions.items()},
            [(s.format, s.key, s.audience, [(p.edition_id, p.number, p.title, p.question, p.change) for p in s.points])
             for s in comparison.series])


def test_the_comparison_from_the_copies_equals_the_comparison_from_the_documents(db):
    for number in (20, 21, 22):
        frozen(evaluated(number, year=2000 + number),
               [scale_entry("overall_satisfaction", n=100, top2=0.4 + number / 100),
                scale_entry("venue", n=50 + number, top2=0.7, audience="providers"),
                {"key": "comments", "type": "free_text", "n": 12, "audience": "visitors"}])
    second = evaluated(23, year=2023)
    frozen(second, [scale_entry("overall_satisfaction", n=80, top2=0.3)])
    frozen(second, [scale_entry("overall_satisfaction", n=90, top2=0.35, version=2, comparable=True)], version=2)
    frozen(evaluated(24, year=2024), [])  # results without questions still count as an edition with results
    edition, _ = surveyed_edition([5, 4, 4, 3, 2, 5], number=25)
    freeze_results(edition)
    db.session.commit()

    assert _everything(load_comparison()) == _everything(build_series(latest_results()))
    for fmt, key in (("open_day", "overall_satisfaction"), ("open_day", "venue"), ("council", "venue")):
        documents = build_series([r for r in latest_results() if r.data["format"] == fmt], key=key)
        assert _everything(load_comparison(format=fmt, key=key)) == _everything(documents)


def test_the_comparison_pages_never_read_the_documents(client, db, login_as, count_queries):
    """Not the whole JSON documents with their session rankings: only the header and the question rows."""
    frozen(evaluated(20, year=2020), [scale_entry("overall_satisfaction", n=100, top2=0.4)])
    db.session.commit()
    login_as("analyst")
    for path in ("/manage/comparison/", "/manage/comparison/open_day/overall_satisfaction",
                 "/manage/comparison/comparison.xlsx"):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        assert not [s for s in counter.statements if "edition_result.data" in s], path


# --- The migration ---------------------------------------------------------------------------------------------

def test_the_migration_fills_the_copies_of_the_data_there_and_takes_them_away_again(empty_database_url):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        edition = make_edition(number=40)
        scale = analysis_setup.question()
        surveys = [analysis_setup.survey(edition, [scale]), analysis_setup.survey(make_edition(), [scale])]
        responses = [SurveyResponse(survey_id=s.id, submitted_on=date(2027, 5, 8), channel="open")
                     for s in surveys for _ in range(2)]
        database.session.add_all(responses)
        database.session.flush()
        # The tables as they were: no survey_id on the answers, nothing but the document on the results.
        answers = Table("survey_answer", MetaData(), autoload_with=database.session.connection())
        database.session.execute(insert(answers), [{"response_id": r.id, "question_id": scale.id, "value": 4,
                                                    "is_hidden": False} for r in responses])
        results = Table("edition_result", MetaData(), autoload_with=database.session.connection())
        document = {"edition": 40, "format": "open_day", "title": "40. Tag", "sessions": [{"title": "x"}],
                    "questions": [scale_entry("overall_satisfaction", n=100, top2=0.4), {"key": "comments"}]}
        database.session.execute(insert(results).values(edition_id=edition.id, version=1, data=document,
                                                        frozen_at=datetime(2027, 6, 1, tzinfo=UTC)))
        database.session.commit()

        upgrade()
        rows = database.session.execute(select(SurveyAnswer.response_id, SurveyAnswer.survey_id)).all()
        assert sorted(rows) == sorted((r.id, r.survey_id) for r in responses)
        result = database.session.scalars(select(EditionResult)).one()
        assert (result.edition_number, result.edition_format, result.edition_title) == (40, "open_day", "40. Tag")
        assert [(q.position, q.key, q.data) for q in result.questions] == \
            [(0, "overall_satisfaction", document["questions"][0]), (1, "comments", {"key": "comments"})]
        database.session.commit()

        downgrade(revision=BEFORE)
        with database.engine.connect() as connection:  # nothing lost on the way down either
            assert connection.scalar(select(func.count()).select_from(answers)) == 4
            assert connection.scalar(select(results.c.data)) == document
        inspector = inspect(database.engine)
        assert "survey_id" not in {c["name"] for c in inspector.get_columns("survey_answer")}
        assert "edition_result_question" not in inspector.get_table_names()
        assert "edition_number" not in {c["name"] for c in inspector.get_columns("edition_result")}
        database.session.remove()
        database.engine.dispose()
