"""Issue 7, point 5 in Chromium: answering is accessible and mobile-first.

A visitor answers the open-link survey on a 320 px wide phone with the keyboard alone: every question type,
the progress indicator counting along, and a rating of a session she picks. A registrant opens his personal
link on a 375 px phone. axe-core checks each page; no page scrolls sideways (WCAG 1.4.10 reflow)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from conference.registration.models import BookingStatus
from conference.surveys.models import Audience, SurveyAnswer, SurveyInvitation, SurveyResponse
from tests.browser.conftest import assert_accessible
from tests.surveys.answer_setup import book, every_type, make_registration, make_survey, open_day_with_sessions

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def _open(width: int):
        context = browser.new_context(base_url=live_server.url, locale="de-DE", is_mobile=True, has_touch=True,
                                      viewport={"width": width, "height": 700}, device_scale_factor=2)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def progress(page) -> str:
    return page.locator("[data-progress-count]").inner_text()


def press_until_focused(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_open_link_survey_is_answered_by_keyboard_on_a_320_px_phone(db, phone):
    edition, sessions, _ = open_day_with_sessions(3)
    survey = make_survey(edition, Audience.VISITORS, every_type(), is_open_link=True)
    db.session.commit()
    likert, scale, role, heard, again, comments, rating = (sq.id for sq in survey.questions)
    page = phone(320)

    response = page.goto(f"/s/{survey.open_key}")
    assert response.ok
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the survey scrolls sideways at 320 px"
    assert_accessible(page)
    assert progress(page) == "0"

    # Likert (required): Tab into the group, Space picks the first point, arrows move to the fourth.
    press_until_focused(page, f"input[name='q{likert}']")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.locator(f"input[name='q{likert}']:checked").get_attribute("value") == "4"
    assert progress(page) == "1"
    # 0–10: the eleven points fit the phone; pick 9 with the arrows.
    press_until_focused(page, f"input[name='q{scale}']")
    page.keyboard.press("Space")
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    assert page.locator(f"input[name='q{scale}']:checked").get_attribute("value") == "9"
    # Multiple choice: Space ticks a box.
    press_until_focused(page, f"input[name='q{heard}']")
    page.keyboard.press("Space")
    # Free text.
    press_until_focused(page, f"textarea[name='q{comments}']")
    page.keyboard.type("Schöner Tag, aber zu wenig Sitzplätze.")
    assert progress(page) == "4"
    # A session she picks (open link: every published session is offered): Workshop A, rated 5.
    workshop = sessions[0]
    name = f"q{rating}_s{workshop.id}"
    slot = page.locator(f"details:has(input[name='{name}'])")  # sessions wait, per time slot, behind a summary
    assert slot.get_attribute("open") is None
    press_until_focused(page, "summary")
    page.keyboard.press("Enter")
    assert slot.get_attribute("open") is not None
    press_until_focused(page, f"input[name='{name}']")
    page.keyboard.press("Space")
    while page.locator(f"input[name='{name}']:checked").get_attribute("value") != "5":
        page.keyboard.press("ArrowRight")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)

    press_until_focused(page, "form[data-survey-form] button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#survey-state").get_attribute("data-state") == "answered"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(page)

    db.session.expire_all()
    stored = db.session.scalars(select(SurveyResponse)).one()
    answers = {(a.question_id, a.session_id): a for a in db.session.scalars(
        select(SurveyAnswer).where(SurveyAnswer.response_id == stored.id))}
    by_question = {sq.id: sq.question_id for sq in survey.questions}
    assert answers[(by_question[likert], None)].value == 4
    assert answers[(by_question[scale], None)].value == 9
    assert answers[(by_question[comments], None)].text == "Schöner Tag, aber zu wenig Sitzplätze."
    assert answers[(by_question[rating], workshop.id)].value == 5
    assert (by_question[role], None) not in answers and (by_question[again], None) not in answers


def test_the_personal_link_offers_the_attended_sessions_on_a_375_px_phone(db, phone):
    edition, sessions, _ = open_day_with_sessions(3)
    survey = make_survey(edition, Audience.REGISTRANTS, every_type())
    registration = make_registration(edition, "ben@example.org")
    book(registration, sessions[1], BookingStatus.ATTENDED)
    invitation = SurveyInvitation(survey=survey, email=registration.email, name="Ben",
                                  registration_id=registration.id)
    db.session.add(invitation)
    db.session.commit()
    page = phone(375)

    assert page.goto(f"/survey/{invitation.token}").ok
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the survey scrolls sideways at 375 px"
    assert_accessible(page)
    rating = next(sq.id for sq in survey.questions if sq.question.key == "session_rating")
    offered = page.locator(f"input[name^='q{rating}_s']").evaluate_all(
        "els => [...new Set(els.map(el => el.name))]")
    assert offered == [f"q{rating}_s{sessions[1].id}"]  # only the session he attended
