"""A form sent past the rate limit, in Chromium: the 429 page keeps what was typed (a multi-line answer too),
passes axe, and its one button sends it again, with the form's CSRF token, once the limit allows."""

import pytest
from sqlalchemy import select

from conference.extensions import limiter
from conference.registration.models import Registration
from tests.browser.conftest import assert_accessible
from tests.factories import make_open_day


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="1 per minute", WTF_CSRF_ENABLED=True)
def test_a_limited_registration_is_sent_again_with_one_button(page, db, live_server):
    edition, (workshop, _) = make_open_day(capacity=5)
    db.session.commit()
    page.goto(f"/editions/{edition.id}/register")  # the one registration this minute allows from this network
    page.locator(f"input[name=session_ids][value='{workshop.id}']").check()
    page.locator("#name").fill("Kollegin")
    page.locator("#email").fill("kollegin@example.net")
    page.locator("#consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()

    page.goto(f"/editions/{edition.id}/register")
    page.locator(f"input[name=session_ids][value='{workshop.id}']").check()
    page.locator("#name").fill("Zoë Gast")
    page.locator("#email").fill("zoe@example.net")
    page.locator("#accessibility_needs").fill("Rollstuhl\nund Gebärdensprache")
    page.locator("#accessibility_consent").check()
    page.locator("#consent").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    assert "Zu viele Anfragen" in page.content()
    assert_accessible(page)

    limiter.reset()  # a minute later
    with page.expect_navigation():
        page.get_by_role("button", name="Noch einmal senden").click()
    assert page.url.startswith(f"{live_server.url}/registrations/")
    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.email == "zoe@example.net"))
    assert registration.name == "Zoë Gast"
    assert registration.accessibility_needs.splitlines() == ["Rollstuhl", "und Gebärdensprache"]
    assert [b.session_id for b in registration.bookings] == [workshop.id]
