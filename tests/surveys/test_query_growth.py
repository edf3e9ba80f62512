"""The analytics pages cost the same SQL statements however much data there is (issue 9, analytics benchmark
in tests/benchmarks/analytics_bench.py): an edition's frozen results whatever the number of other editions
with results, and a survey's live analysis whatever its number of responses and questions. And the
statements over a survey's answers carry the survey's id in their text, so that PostgreSQL plans them for
that survey (a generic plan of a prepared statement scans every survey's answers)."""

from __future__ import annotations

from datetime import date

import pytest

from conference.editions.models import EditionFormat
from conference.extensions import db as database
from conference.surveys import analysis_display
from conference.surveys.models import QuestionType, SurveyAnswer
from tests.factories import make_edition
from tests.surveys import analysis_setup
from tests.surveys.results_setup import evaluated, frozen, scale_entry

KEY = "overall_satisfaction"


pytestmark = pytest.mark.usefixtures("english")


# --- Frozen results ------------------------------------------------------------------------------------------

def test_the_frozen_results_cost_the_same_queries_however_many_editions_have_results(client, db, login_as,
                                                                                     count_queries):
    login_as("analyst")
    earlier = evaluated(20, year=2020)
    frozen(earlier, [scale_entry(KEY, n=100, top2=0.5)])
    edition = evaluated(21, year=2021)
    frozen(edition, [scale_entry(KEY, n=100, top2=0.6)])
    db.session.commit()
    path = f"/manage/editions/{edition.id}/frozen-results/"
    with count_queries() as few:
        assert client.get(path).status_code == 200
    for number in range(1, 16):  # older open days and councils, each with results
        fmt = EditionFormat.COUNCIL if number % 3 == 0 else EditionFormat.OPEN_DAY
        frozen(evaluated(number, format=fmt, year=2000 + number), [scale_entry(KEY, n=50, top2=0.4)])
    db.session.commit()
    with count_queries() as many:
        page = client.get(path).get_data(as_text=True)
    assert many.count == few.count
    assert "Edition 20 (the edition of this format before, latest results)" in page


def test_the_frozen_results_compare_with_the_latest_version_of_the_same_formats_edition_before(client, db,
                                                                                               login_as):
    login_as("analyst")
    open_day = evaluated(18, year=2018)
    frozen(open_day, [scale_entry(KEY, n=100, top2=0.5)])
    frozen(open_day, [scale_entry(KEY, n=100, top2=0.55)], version=2)
    frozen(evaluated(19, format=EditionFormat.COUNCIL, year=2019), [scale_entry(KEY, n=30, top2=0.9)])
    later = evaluated(22, year=2022)  # after, not before
    frozen(later, [scale_entry(KEY, n=100, top2=0.1)])
    edition = evaluated(20, year=2020)
    frozen(edition, [scale_entry(KEY, n=100, top2=0.6)])
    db.session.commit()

    page = client.get(f"/manage/editions/{edition.id}/frozen-results/").get_data(as_text=True)

    assert "Edition 18 (the edition of this format before, latest results)" in page
    assert "top-2 share +5.0 percentage points" in page  # against version 2 of edition 18 (55 %), not 1


def test_the_first_edition_of_its_format_has_nothing_to_compare_with(client, db, login_as):
    login_as("analyst")
    frozen(evaluated(5, format=EditionFormat.COUNCIL, year=2005), [scale_entry(KEY, n=30, top2=0.9)])
    edition = evaluated(6, year=2006)
    frozen(edition, [scale_entry(KEY, n=100, top2=0.6)])
    db.session.commit()

    page = client.get(f"/manage/editions/{edition.id}/frozen-results/").get_data(as_text=True)

    assert "the edition of this format before" not in page


# --- The live analysis of a survey -----------------------------------------------------------------------------

def _survey_with(role, questions: int, responses: int):
    edition = make_edition()
    asked = [analysis_setup.question() for _ in range(questions)]
    survey = analysis_setup.survey(edition, [*asked, role])
    for question in asked:
        analysis_setup.bulk_respond(survey, question, [1 + i % 5 for i in range(responses)], group="teacher")
    database.session.commit()
    return f"/manage/editions/{edition.id}/results/surveys/{survey.id}/"


def test_the_live_analysis_costs_the_same_queries_for_more_questions_and_responses(client, db, login_as,
                                                                                   count_queries):
    login_as("analyst")
    role = analysis_setup.question("respondent_role", type=QuestionType.SINGLE_CHOICE)  # its labels name the groups
    small, large = _survey_with(role, questions=2, responses=6), _survey_with(role, questions=12, responses=300)
    with count_queries() as few:
        assert client.get(small).status_code == 200
    with count_queries() as many:
        assert client.get(large).status_code == 200
    assert many.count == few.count


def test_the_statements_over_a_surveys_answers_name_the_survey_in_their_text(db, app, count_queries):
    edition = make_edition()
    question = analysis_setup.question()
    comments = analysis_setup.question("comments", type=QuestionType.FREE_TEXT)
    survey = analysis_setup.survey(edition, [question, comments])
    analysis_setup.respond(survey, {question: 4, comments: "Gut"}, day=date(2027, 5, 8))
    database.session.commit()

    with app.test_request_context(), count_queries() as counter:
        analysis_display.survey_view(survey)

    over_answers = [s for s in counter.statements if "FROM survey_answer" in s]
    assert len(over_answers) >= 3  # the counts, the distributions, the free texts
    assert all(f"{SurveyAnswer.__tablename__}.survey_id = {survey.id}" in s for s in over_answers)


def test_the_ranking_counts_the_first_rating_question_only(db):
    from conference.surveys.aggregates import session_ranking
    from tests.factories import make_session

    edition = make_edition()
    session = make_session(edition, title="Robotik")
    first = analysis_setup.question("session_rating", type=QuestionType.SESSION_RATING)
    second = analysis_setup.question("session_rating_again", type=QuestionType.SESSION_RATING)
    survey = analysis_setup.survey(edition, [first, second])
    for _ in range(5):
        analysis_setup.respond(survey, {first: {session.id: 5}, second: {session.id: 1}})

    assert [(row["title"], row["n"], row["mean"]) for row in session_ranking(survey)] == [("Robotik", 5, 5.0)]


def test_the_live_analysis_costs_the_same_queries_however_many_wrote_something(client, db, login_as,
                                                                                count_queries):
    """The written answers come a page at a time: two statements, whether 6 people wrote or 300."""
    login_as("analyst")
    paths = []
    scale = analysis_setup.question()
    comments = analysis_setup.question("comments", type=QuestionType.FREE_TEXT)
    for responses in (6, 300):
        edition = make_edition()
        survey = analysis_setup.survey(edition, [scale, comments])
        for i in range(responses):
            analysis_setup.respond(survey, {scale: 1 + i % 5, comments: f"Anmerkung {i}"})
        paths.append(f"/manage/editions/{edition.id}/results/surveys/{survey.id}/")
    database.session.commit()
    with count_queries() as few:
        assert client.get(paths[0]).status_code == 200
    with count_queries() as many:
        page = client.get(paths[1]).get_data(as_text=True)
    assert many.count == few.count
    assert "Anmerkung 49<" in page and "Anmerkung 50<" not in page and "Page 1 of 6" in page
