"""Issue 4, provider view after the event: a partner sees, per past edition, their sessions' registrations,
attendance, walk-ins and the visitors' ratings – from closed surveys only, and only from 5 ratings on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.extensions import db as database
from conference.registration.models import BookingStatus
from conference.surveys.models import QuestionType, ScaleDirection, SurveyAnswer, SurveyResponse
from conference.surveys.session_feedback import session_feedback
from tests.factories import make_edition, make_organisation, make_session
from tests.surveys.answer_setup import book, make_question, make_registration, make_survey

RATING = QuestionType.SESSION_RATING


pytestmark = pytest.mark.usefixtures("english")


def rate(survey, question, session, values, comment_question=None):
    """One anonymous response per value, rating ``session``."""
    for value in values:
        response = SurveyResponse(survey_id=survey.id, submitted_on=date(2026, 5, 10), channel="open")
        database.session.add(response)
        database.session.flush()
        database.session.add(SurveyAnswer(response_id=response.id, survey_id=survey.id, question_id=question.id,
                                          session_id=session.id, value=value))
        if comment_question is not None:
            database.session.add(SurveyAnswer(response_id=response.id, survey_id=survey.id,
                                              question_id=comment_question.id, text=f"Kommentar zu {session.title}"))
        database.session.flush()


@pytest.fixture
def held(db):
    """A held open day: the partner's two sessions and another partner's; a closed visitor survey."""
    edition = make_edition(number=27, status=EditionStatus.HELD, day=date(2026, 5, 9), title="27. Tag der Bildung")
    own, other = make_organisation("Kita Sonnenschein"), make_organisation("Musikschule")
    robotik = make_session(edition, "Robotik für Kitas", organisation=own, walk_in_count=7)
    lesen = make_session(edition, "Lesekoffer", organisation=own)
    geige = make_session(edition, "Geige ausprobieren", organisation=other)
    for index in range(3):
        registration = make_registration(edition, f"r{index}@example.org")
        book(registration, robotik, BookingStatus.ATTENDED if index < 2 else BookingStatus.BOOKED)
    question = make_question(RATING, key="session_rating")
    comments = make_question(QuestionType.FREE_TEXT, key="comments")
    survey = make_survey(edition, questions=[question, comments], state="closed", is_open_link=True)
    rate(survey, question, robotik, [5, 5, 4, 4, 3, 5], comment_question=comments)
    rate(survey, question, lesen, [5, 1, 2])
    rate(survey, question, geige, [1, 1, 1, 2, 2])
    db.session.commit()
    return {"edition": edition, "own": own, "robotik": robotik, "lesen": lesen, "geige": geige, "survey": survey,
            "question": question}


def test_ratings_of_a_closed_survey_per_session_with_small_groups_suppressed(held):
    feedback = session_feedback([held["edition"].id], [held["robotik"].id, held["lesen"].id])[held["edition"].id]
    robotik = feedback.sessions[held["robotik"].id]
    assert (robotik.n, robotik.mean, robotik.top2_share) == (6, 4.33, pytest.approx(5 / 6, abs=1e-4))
    assert robotik.top2_ci[0] < 5 / 6 < robotik.top2_ci[1]
    lesen = feedback.sessions[held["lesen"].id]
    assert lesen.suppressed and lesen.mean is None and lesen.top2_share is None
    assert held["geige"].id not in feedback.sessions  # not asked for
    assert feedback.edition.n == 14 and feedback.edition.mean == pytest.approx((26 + 8 + 7) / 14, abs=0.01)
    assert feedback.pending_until is None


def test_ratings_count_only_once_the_survey_has_closed(db, held):
    closes = utcnow() + timedelta(days=3)
    held["survey"].closes_at = closes
    db.session.commit()
    feedback = session_feedback([held["edition"].id], [held["robotik"].id])[held["edition"].id]
    assert feedback.sessions == {} and feedback.edition.n == 0 and feedback.pending_until == closes
    later = session_feedback([held["edition"].id], [held["robotik"].id], now=closes)[held["edition"].id]
    assert later.sessions[held["robotik"].id].n == 6 and later.pending_until is None


def test_a_rating_that_runs_the_other_way_is_turned_so_that_5_is_best(db):
    edition = make_edition(status=EditionStatus.HELD, day=date(2026, 5, 9))
    session = make_session(edition, "Noten")
    grades = make_question(RATING, key="session_grade", direction=ScaleDirection.LOWER_IS_BETTER)
    survey = make_survey(edition, questions=[grades], state="closed", is_open_link=True)
    rate(survey, grades, session, [1, 1, 2, 2, 5])  # German grades: 1 is best
    db.session.commit()
    rating = session_feedback([edition.id], [session.id])[edition.id].sessions[session.id]
    assert rating.mean == pytest.approx((5 + 5 + 4 + 4 + 1) / 5) and rating.top2_share == pytest.approx(0.8)


def test_the_partner_area_shows_turnout_and_ratings_of_their_own_sessions_only(client, db, login_as, held):
    login_as("provider", organisation_id=held["own"].id)

    page = client.get("/partner/").get_data(as_text=True)

    turnout = page.split('id="turnout-heading"')[1]
    robotik = turnout.split("Robotik für Kitas")[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in robotik.split("<td")[1:]]
    assert cells[:5] == ["3", "2", "7", "6", "4.3"]  # registered, attended, walk-ins, ratings, mean
    assert "83.3 %" in cells[5]
    lesen = turnout.split("Lesekoffer")[1].split("</tr>")[0]
    assert "fewer than 5" in lesen and "not shown (too few ratings)" in lesen and "33" not in lesen
    assert "Geige" not in page and "Kommentar" not in page
    assert "All offers of this edition: mean rating 2.9, rated 4 or 5: 42.9 % (14 ratings)." in turnout


def test_while_the_survey_is_open_the_partner_is_told_when_ratings_come(client, db, login_as, held):
    held["survey"].closes_at = utcnow() + timedelta(days=3)
    db.session.commit()
    login_as("provider", organisation_id=held["own"].id)
    turnout = client.get("/partner/").get_data(as_text=True).split('id="turnout-heading"')[1]
    assert "The feedback survey is open until" in turnout
    robotik = turnout.split("Robotik für Kitas")[1].split("</tr>")[0]
    assert "4.3" not in robotik and "All offers of this edition" not in turnout


def test_nothing_is_shown_before_the_event(client, db, login_as):
    edition = make_edition(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9))
    own = make_organisation("Kita")
    make_session(edition, "Zukunftswerkstatt", organisation=own)
    login_as("provider", organisation_id=own.id)
    turnout = client.get("/partner/").get_data(as_text=True).split('id="turnout-heading"')[1]
    assert "Zukunftswerkstatt" not in turnout and "After an edition has taken place" in turnout
