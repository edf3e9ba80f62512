"""Answering a survey: the page (fieldsets, progress, required marks, sessions to rate), saving every
question type, validation (422, nothing saved), the window, used links, unknown links, CSRF, and the
race of two answers with one personal link."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from conference.database import utcnow
from conference.editions.services import local
from conference.errors import ConflictError, DomainError
from conference.registration.models import BookingStatus
from conference.surveys.answering import sessions_to_rate, submit_response
from conference.surveys.models import (
    Audience,
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyParticipation,
    SurveyResponse,
)
from tests.factories import make_session
from tests.surveys.answer_setup import (
    book,
    every_type,
    make_question,
    make_registration,
    make_survey,
    open_day_with_sessions,
)


def counts(db) -> tuple[int, int, int]:
    return (db.session.scalar(select(func.count(SurveyResponse.id))),
            db.session.scalar(select(func.count(SurveyAnswer.id))),
            db.session.scalar(select(func.count()).select_from(SurveyParticipation)))


@pytest.fixture
def personal(db):
    """A registrants' survey with every question type; a registration that booked A and B (not C)."""
    edition, sessions, _hidden = open_day_with_sessions(3)
    survey = make_survey(edition, Audience.REGISTRANTS, every_type())
    registration = make_registration(edition, "ada@example.org", name="Ada")
    book(registration, sessions[0])
    book(registration, sessions[1])
    book(registration, sessions[2], BookingStatus.CANCELLED)
    invitation = SurveyInvitation(survey=survey, email="ada@example.org", name="Ada", registration_id=registration.id)
    db.session.add(invitation)
    db.session.commit()
    return survey, invitation, sessions


def ids(survey) -> list[int]:
    return [sq.id for sq in survey.questions]


def full_answers(survey, session) -> dict:
    q = ids(survey)
    return {f"q{q[0]}": "4", f"q{q[1]}": "9", f"q{q[2]}": "teacher", f"q{q[3]}": ["press", "school"],
            f"q{q[4]}": "yes", f"q{q[5]}": "  Sehr gut\x07 organisiert!  ", f"q{q[6]}_s{session.id}": "5"}


# --- The page -----------------------------------------------------------------------------------------

def test_the_page_groups_each_question_in_a_fieldset_with_progress_and_marks(english, personal):
    survey, invitation, (a, b, c) = personal
    response = english.get(f"/survey/{invitation.token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    q = ids(survey)
    assert f'<fieldset class="kern-fieldset" id="q{q[0]}"' in html
    assert "How satisfied were you overall?" in html and "<strong>(required)</strong>" in html
    assert "Question 1 of 7" in html and "Question 7 of 7" in html
    assert '<progress id="survey-progress" max="7" value="0">' in html
    assert "Answered: <span data-progress-count>0</span> of 7 questions" in html
    assert "4 – rather agree" in html and "0 – not at all" in html and "10 – gladly" in html
    assert f'<label class="kern-label" for="q{q[5]}">' in html  # the free text has a label
    assert f'aria-describedby="q{q[0]}-hint"' in html and "Think of the whole day." in html
    # Only the sessions this registration booked, each with "no rating" preselected.
    assert a.title in html and b.title in html and c.title not in html and "Entwurf" not in html
    assert f'<input checked class="kern-form-check__radio" id="q{q[6]}_s{a.id}-0" name="q{q[6]}_s{a.id}" ' \
           'type="radio" value="">' in html
    assert "js/survey.js" in html and 'name="robots" content="noindex' in html
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"


def test_attended_sessions_are_offered_once_attendance_is_recorded(db, personal):
    survey, invitation, (a, b, c) = personal
    assert [s.id for s in sessions_to_rate(survey, invitation)] == [a.id, b.id]
    other = make_registration(survey.edition)
    book(other, c, BookingStatus.ATTENDED)  # someone's attendance recorded: from now on only attended count
    assert sessions_to_rate(survey, invitation) == []
    registration = db.session.get(type(other), invitation.registration_id)
    registration.bookings[1].status = BookingStatus.ATTENDED
    db.session.flush()
    assert [s.id for s in sessions_to_rate(survey, invitation)] == [b.id]


def test_the_open_link_offers_every_published_session_by_time_slot(english, db):
    edition, sessions, _hidden = open_day_with_sessions(3)
    survey = make_survey(edition, Audience.VISITORS, [make_question(QuestionType.SESSION_RATING)], is_open_link=True)
    db.session.commit()
    html = english.get(f"/s/{survey.open_key}").get_data(as_text=True)
    assert all(s.title in html for s in sessions) and "Entwurf" not in html
    assert html.count('<details class="kern-accordion">') == 2  # one per time slot, collapsed
    assert "Runde 1 (11:00–11:45)" in html and "Runde 2 (13:00–13:45)" in html


def test_a_session_rating_without_sessions_is_left_out(english, db):
    edition, _, _ = open_day_with_sessions(1)
    survey = make_survey(edition, Audience.PROVIDERS, [make_question(QuestionType.LIKERT_5),
                                                       (make_question(QuestionType.SESSION_RATING), True)])
    invitation = SurveyInvitation(survey=survey, email="partner@example.org")  # no registration: nothing to rate
    db.session.add(invitation)
    db.session.commit()
    html = english.get(f"/survey/{invitation.token}").get_data(as_text=True)
    assert "Question 1 of 1" in html and "Question 2 of" not in html
    response = english.post(f"/survey/{invitation.token}", data={f"q{survey.questions[0].id}": "3"})
    assert response.status_code == 303  # the required rating cannot be required without a session


# --- Saving -------------------------------------------------------------------------------------------

def test_a_personal_link_saves_every_question_type_anonymously(english, db, personal):
    survey, invitation, (a, _b, _c) = personal
    response = english.post(f"/survey/{invitation.token}", data=full_answers(survey, a))
    assert response.status_code == 303 and response.headers["Location"] == f"/survey/{invitation.token}"
    (saved,) = db.session.scalars(select(SurveyResponse)).all()
    assert saved.channel == "invited" and saved.respondent_group == "teacher"
    assert saved.submitted_on == local(utcnow()).date() and type(saved.submitted_on) is date
    q = ids(survey)
    rows = {(r.question_id, r.session_id, r.value, r.choice, r.text) for r in saved.answers}
    question = {sq.id: sq.question_id for sq in survey.questions}
    assert rows == {(question[q[0]], None, 4, None, None), (question[q[1]], None, 9, None, None),
                    (question[q[2]], None, None, "teacher", None), (question[q[3]], None, None, "press", None),
                    (question[q[3]], None, None, "school", None), (question[q[4]], None, None, "yes", None),
                    (question[q[5]], None, None, None, "Sehr gut organisiert!"),
                    (question[q[6]], a.id, 5, None, None)}
    assert db.session.get(SurveyParticipation, invitation.id) is not None
    page = english.get(f"/survey/{invitation.token}")
    assert page.status_code == 200 and "You have answered already" in page.get_data(as_text=True)
    assert "Thank you! Your answers have been saved." in page.get_data(as_text=True)


def test_optional_questions_may_stay_empty(english, db, personal):
    survey, invitation, _ = personal
    response = english.post(f"/survey/{invitation.token}", data={f"q{ids(survey)[0]}": "2"})
    assert response.status_code == 303
    (saved,) = db.session.scalars(select(SurveyResponse)).all()
    assert [(a.value, a.choice, a.text) for a in saved.answers] == [(2, None, None)]
    assert saved.respondent_group == ""


def test_the_open_link_saves_ratings_of_picked_sessions(english, db):
    edition, sessions, _hidden = open_day_with_sessions(3)
    rating = make_question(QuestionType.SESSION_RATING)
    survey = make_survey(edition, Audience.VISITORS, [rating], is_open_link=True)
    db.session.commit()
    sq = survey.questions[0].id
    response = english.post(f"/s/{survey.open_key}", data={f"q{sq}_s{sessions[0].id}": "2",
                                                           f"q{sq}_s{sessions[2].id}": "5",
                                                           f"q{sq}_s{sessions[1].id}": ""})
    assert response.status_code == 303
    (saved,) = db.session.scalars(select(SurveyResponse)).all()
    assert saved.channel == "open"
    assert sorted((a.session_id, a.value) for a in saved.answers) == [(sessions[0].id, 2), (sessions[2].id, 5)]
    assert counts(db)[2] == 0  # no participation marker for the open link


# --- Validation: 422, messages, nothing saved ---------------------------------------------------------------

def _bad(personal, change):
    survey, _invitation, (a, b, c) = personal
    data = full_answers(survey, a)
    q = ids(survey)
    change(data, q, (a, b, c))
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d, q, s: d.pop(f"q{q[0]}"), "Please answer this question."),
    (lambda d, q, s: d.update({f"q{q[0]}": "7"}), "Not a valid choice."),
    (lambda d, q, s: d.update({f"q{q[1]}": "11"}), "Not a valid choice."),
    (lambda d, q, s: d.update({f"q{q[2]}": "pupil"}), "Not a valid choice."),
    (lambda d, q, s: d.update({f"q{q[3]}": ["press", "tv"]}), "is not a valid choice"),
    (lambda d, q, s: d.update({f"q{q[4]}": "perhaps"}), "Not a valid choice."),
    (lambda d, q, s: d.update({f"q{q[5]}": "x" * 5001}), "5000"),
    (lambda d, q, s: d.update({f"q{q[6]}_s{s[0].id}": "6"}), "Not a valid choice."),
])
def test_bad_answers_are_refused_with_a_summary_and_nothing_is_saved(english, db, personal, change, message):
    _survey, invitation, _ = personal
    response = english.post(f"/survey/{invitation.token}", data=_bad(personal, change))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html and message in html and "Nothing has been saved yet." in html
    assert counts(db) == (0, 0, 0)


def test_a_session_the_respondent_did_not_book_is_refused_by_the_service(db, personal):
    survey, invitation, (_a, _b, c) = personal
    q = ids(survey)
    with pytest.raises(DomainError) as error:
        submit_response(survey, {q[0]: 3, q[6]: {c.id: 4}}, invitation=invitation, channel="invited",
                        today=date(2027, 5, 9))
    assert error.value.field == f"q{q[6]}"
    assert counts(db) == (0, 0, 0)


def test_a_posted_rating_of_an_unoffered_session_is_ignored_by_the_form(english, db, personal):
    survey, invitation, (a, _b, c) = personal
    data = full_answers(survey, a) | {f"q{ids(survey)[6]}_s{c.id}": "1"}  # not a field of this page
    assert english.post(f"/survey/{invitation.token}", data=data).status_code == 303
    (saved,) = db.session.scalars(select(SurveyResponse)).all()
    assert {a.session_id for a in saved.answers} == {None, a.id}


@pytest.mark.parametrize(("answers", "field"), [
    ({"likert": 0}, "likert"), ({"likert": True}, "likert"), ({"scale": -1}, "scale"),
    ({"choice": "nobody"}, "choice"), ({"multi": ["press", 3]}, "multi"), ({"text": 5}, "text"),
    ({"text": "y" * 5001}, "text"), ({"rating": {"abc": 3}}, "rating"), ({"rating": [1]}, "rating"),
])
def test_the_service_checks_every_value(db, personal, answers, field):
    survey, _invitation, (_a, _b, _c) = personal
    q = dict(zip(("likert", "scale", "choice", "multi", "yesno", "text", "rating"), ids(survey), strict=True))
    with pytest.raises(DomainError) as error:
        submit_response(survey, {q["likert"]: 3} | {q[k]: v for k, v in answers.items()}, channel="open",
                        today=date(2027, 5, 9))
    assert error.value.field == f"q{q[field]}"
    assert counts(db) == (0, 0, 0)


def test_the_service_refuses_foreign_questions_channels_and_invitations(db, personal):
    survey, invitation, _ = personal
    other = make_survey(survey.edition, Audience.PROVIDERS, [make_question()])
    with pytest.raises(DomainError):
        submit_response(survey, {other.questions[0].id: 3}, channel="open", today=date(2027, 5, 9))
    with pytest.raises(DomainError):
        submit_response(survey, {}, channel="web", today=date(2027, 5, 9))
    with pytest.raises(DomainError):
        submit_response(other, {}, invitation=invitation, channel="invited", today=date(2027, 5, 9))
    with pytest.raises(DomainError):
        submit_response(survey, {}, invitation=invitation, channel="open", today=date(2027, 5, 9))
    assert counts(db) == (0, 0, 0)


def test_the_service_stores_only_the_date_and_an_explicit_group(db, personal):
    survey, _, _ = personal
    response = submit_response(survey, {ids(survey)[0]: 5}, respondent_group="imported", channel="invited",
                               today=utcnow())
    assert type(response.submitted_on) is date and response.respondent_group == "imported"


# --- The window, used links, unknown links ---------------------------------------------------------------------

@pytest.mark.parametrize(("state", "text"), [("not_yet", "This survey is not open yet"),
                                             ("closed", "This survey has closed"),
                                             ("unset", "This survey is not open yet")])
def test_outside_the_window_the_page_says_so_and_answers_are_refused(english, db, state, text):
    edition, _, _ = open_day_with_sessions(1)
    likert = make_question()
    survey = make_survey(edition, Audience.VISITORS, [likert], state=state, is_open_link=True)
    invited = make_survey(edition, Audience.REGISTRANTS, [make_question()], state=state)
    invitation = SurveyInvitation(survey=invited, email="a@example.org")
    db.session.add(invitation)
    db.session.commit()
    for url in (f"/s/{survey.open_key}", f"/survey/{invitation.token}"):
        page = english.get(url)
        assert page.status_code == 200 and text in page.get_data(as_text=True) and "<form" not in \
            page.get_data(as_text=True).split("<main")[1]
        assert english.post(url, data={f"q{survey.questions[0].id}": "3"}).status_code == 409
    assert counts(db) == (0, 0, 0)


def test_a_used_personal_link_cannot_answer_again(english, db, personal):
    survey, invitation, (a, _, _) = personal
    assert english.post(f"/survey/{invitation.token}", data=full_answers(survey, a)).status_code == 303
    again = english.post(f"/survey/{invitation.token}", data=full_answers(survey, a))
    assert again.status_code == 409 and "You have answered already" in again.get_data(as_text=True)
    assert counts(db) == (1, 8, 1)


def test_unknown_links_are_404(client, db):
    edition, _, _ = open_day_with_sessions(1)
    closed_link = make_survey(edition, Audience.REGISTRANTS, [make_question()], is_open_link=False)
    db.session.commit()
    assert client.get("/survey/not-a-token").status_code == 404
    assert client.post("/survey/not-a-token", data={}).status_code == 404
    assert client.get("/s/not-a-key").status_code == 404
    assert client.get(f"/s/{closed_link.open_key}").status_code == 404  # no open link for this survey
    assert client.get("/survey/bad%20token!").status_code == 404


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_answers_need_the_csrf_token(english, db, personal):
    survey, invitation, (a, _, _) = personal
    assert english.post(f"/survey/{invitation.token}", data=full_answers(survey, a)).status_code == 400
    assert counts(db) == (0, 0, 0)
    page = english.get(f"/survey/{invitation.token}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = full_answers(survey, a) | {"csrf_token": token}
    assert english.post(f"/survey/{invitation.token}", data=data).status_code == 303


# --- One answer per invitation, also under a race ---------------------------------------------------------

def test_a_participation_written_meanwhile_makes_the_answer_conflict(db, personal):
    """The marker is the lock: if another answer with the same link got in first (between loading the
    page and sending it), the primary key refuses the second and nothing of it is written."""
    survey, invitation, (_a, _, _) = personal
    db.session.add(SurveyParticipation(invitation_id=invitation.id))
    db.session.commit()
    with pytest.raises(ConflictError):
        submit_response(survey, {ids(survey)[0]: 3}, invitation=invitation, channel="invited", today=date(2027, 5, 9))
    db.session.rollback()
    assert counts(db) == (0, 0, 1)


@pytest.mark.backends("postgresql")
def test_two_answers_with_one_link_at_the_same_moment_give_one_response(app, db, personal):
    survey, invitation, _ = personal
    survey_id, invitation_id, first_question = survey.id, invitation.id, ids(survey)[0]
    db.session.remove()
    ready = threading.Barrier(2)
    results: list[str] = []

    def answer():
        with app.app_context():
            found_survey = db.session.get(Survey, survey_id)
            found_invitation = db.session.get(SurveyInvitation, invitation_id)
            ready.wait()
            try:
                submit_response(found_survey, {first_question: 4}, invitation=found_invitation, channel="invited",
                                today=date(2027, 5, 9))
                time.sleep(0.3)  # hold the transaction open: the other insert must wait for it
                db.session.commit()
                results.append("saved")
            except ConflictError:
                db.session.rollback()
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == ["conflict", "saved"]
    assert counts(db) == (1, 1, 1)


def test_sessions_of_another_edition_are_never_offered(db, personal):
    survey, invitation, _ = personal
    elsewhere = make_session(open_day_with_sessions(1)[0], title="Anderswo")
    registration = db.session.get(type(make_registration(survey.edition)), invitation.registration_id)
    book(registration, elsewhere)
    assert "Anderswo" not in {s.title for s in sessions_to_rate(survey, invitation)}
    assert "Anderswo" not in {s.title for s in sessions_to_rate(survey)}


def test_the_language_of_the_mailed_link_stays_through_the_post(client, db, personal):
    survey, invitation, _ = personal
    survey.title_en, survey.intro_en = "Your view", "Please tell us how it was."
    db.session.commit()
    url = f"/survey/{invitation.token}?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert f'action="{url}"' in page and "How satisfied were you overall?" in page
    assert "<h1 class=\"kern-heading-x-large\">Your view</h1>" in page and "Please tell us how it was." in page
    assert survey.title not in page and survey.intro not in page
    german = client.get(f"/survey/{invitation.token}?lang=de").get_data(as_text=True)
    assert survey.title in german and "Your view" not in german
    again = client.post(url, data={})
    assert again.status_code == 422 and "Please answer this question." in again.get_data(as_text=True)
    assert client.post(url, data={f"q{ids(survey)[0]}": "3"}).headers["Location"] == url
