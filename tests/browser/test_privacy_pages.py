"""The privacy pages in Chromium, checked with axe-core (0 serious or critical), and the visitor's erasure
done with the keyboard only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from conference.registration import services as registrations
from conference.registration.models import Registration
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit
from tests.factories import make_open_day, make_user
from tests.privacy.builders import ended_open_day, filed_under, visitor


@pytest.fixture
def data(db):
    edition, (session, _) = make_open_day(capacity=3)
    guest = registrations.register(edition, registrations.Visitor(
        name="Ottilie Rabenstein", email="ottilie@example.net", accessibility_needs="Rampe",
        accessibility_consent=True), [session.id], privacy_notice_version="2026-11")
    guest.confirmed_at = guest.created_at
    past = ended_open_day()
    visitor(past, name="Ottilie Rabenstein", email="ottilie@example.net")
    filed_under("ottilie@example.net", "Ottilie", "Rabenstein")  # council, co-presenter, feedback: every section
    make_user("organiser", email="orga@example.org", password=PASSWORD)
    db.session.commit()
    return edition, guest, past


def test_the_visitors_privacy_pages_pass_axe_and_erasure_works_by_keyboard(sign_in, data, db):
    edition, guest, _ = data
    page = sign_in(None)
    for path in (f"/editions/{edition.id}/privacy", f"/registrations/{guest.manage_token}",
                 f"/registrations/{guest.manage_token}/my-data", f"/registrations/{guest.manage_token}/erase"):
        visit(page, path)
        assert_accessible(page)
    page.locator("#confirm").focus()
    page.keyboard.press("Space")
    follow(page, lambda: page.keyboard.press("Enter"))
    assert page.url.endswith("/privacy/erased")
    assert_accessible(page)
    db.session.expire_all()
    assert db.session.scalar(select(Registration.anonymised_at).where(Registration.id == guest.id)) is not None


def test_the_staff_privacy_pages_pass_axe(sign_in, data):
    edition, guest, past = data
    page = sign_in("orga@example.org")
    for path in (f"/manage/editions/{edition.id}/privacy/", f"/manage/editions/{past.id}/privacy/",
                 "/manage/privacy/", f"/manage/privacy/registrations/{guest.id}/export"):
        visit(page, path)
        assert_accessible(page)
    visit(page, "/manage/privacy/")
    page.locator("#email").fill("ottilie@example.net")
    follow(page, lambda: page.locator("#email").press("Enter"))
    assert page.locator("text=Ottilie Rabenstein").count() >= 2
    assert_accessible(page)
