"""The visitor's path in Chromium, by keyboard where it matters:
programme → register → confirm → manage → cancel, with axe-core on every page."""

import re
from datetime import date

from sqlalchemy import select

from conference.demo.seed import seed
from conference.editions.models import Edition
from conference.mail.models import OutboxMessage
from conference.mail.services import body_of
from conference.registration.models import BookingStatus, Registration
from conference.registration.views import bookable
from tests.browser.conftest import assert_accessible


def test_program_register_confirm_manage_cancel(page, db, live_server):
    seed(date(2026, 11, 22))
    db.session.commit()
    edition = db.session.scalar(select(Edition).where(Edition.number == 31))

    page.goto(f"/editions/{edition.id}/program")
    assert_accessible(page)
    page.goto(f"/editions/{edition.id}/program?view=grid")
    assert_accessible(page)
    page.goto(f"/editions/{edition.id}/program?registration_required=y&free_seats=y")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(".program-entry a.kern-link").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Für dieses Angebot anmelden").click()
    assert page.locator("input[name=session_ids]:checked").count() == 1  # preselected from the offer page
    assert_accessible(page)

    page.locator("#name").fill("Frida Gast")
    page.locator("#email").fill("frida@example.org")
    page.locator("#consent").check()
    page.locator("#consent").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{live_server.url}/registrations/")
    assert "Ihre Plätze sind reserviert" in page.content()
    assert_accessible(page)

    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "frida@example.org"))
    confirm = re.search(r"http://[^/]+(/registrations/confirm/\S+)", body_of(mail)[0]).group(1)
    page.goto(confirm)
    assert "Ihre Anmeldung ist bestätigt" in page.content()
    registration = db.session.scalar(select(Registration).where(Registration.email == "frida@example.org"))
    assert registration.confirmed_at is not None

    # "Weitere Angebote buchen": one box ticked out of many is enough (no `required` on each box).
    held = registration.bookings[0].session
    more = next(s for s in bookable(edition) if s.id != held.id and not s.overlaps(held))
    add_form = page.locator("form[action$='/add']")
    assert add_form.locator("input[name=session_ids]").count() > 1
    add_form.locator(f"input[name=session_ids][value='{more.id}']").check()
    with page.expect_navigation():
        add_form.get_by_role("button", name="Buchen").click()
    assert "Ihre Buchungen wurden aktualisiert" in page.content()
    db.session.expire_all()
    assert {b.session_id for b in registration.bookings} == {held.id, more.id}

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Meine Anmeldung stornieren").click()
    assert "Diese Anmeldung wurde storniert" in page.content()
    assert_accessible(page)
    db.session.expire_all()
    assert {b.status for b in registration.bookings} == {BookingStatus.CANCELLED}


def test_organiser_programme_pages_pass_axe(page, db):
    seed(date(2026, 11, 22))
    db.session.commit()
    edition = db.session.scalar(select(Edition).where(Edition.number == 31))
    page.goto("/login")
    page.locator("#email").fill("organiser@example.org")
    page.locator("#password").fill("demo")
    with page.expect_navigation():
        page.locator("#password").press("Enter")
    for path in ("sessions/", "sessions/new", "sessions/import", "walk-ins"):
        response = page.goto(f"/manage/editions/{edition.id}/{path}")
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(f"/manage/editions/{edition.id}/sessions/")
    with page.expect_navigation():
        page.locator("table a.kern-link").first.click()
    assert_accessible(page)
