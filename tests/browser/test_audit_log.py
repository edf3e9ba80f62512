"""The audit log in Chromium: axe-core finds nothing serious, with entries and with a refused filter, and
the filters work by keyboard."""

from __future__ import annotations

from datetime import UTC, datetime

from conference.audit.services import record
from tests.browser.conftest import PASSWORD, assert_accessible, follow
from tests.factories import make_edition, make_user


def test_the_audit_log_passes_axe_and_filters_by_keyboard(db, sign_in):
    organiser = make_user("organiser", email="olga@example.org", password=PASSWORD, name="Olga")
    edition = make_edition()
    record("capacity.override", edition=edition, subject_type="session", subject_id=3, actor_id=organiser.id,
           details={"old_capacity": 20, "new_capacity": 18})
    record("privacy.purge", details={"registrations": 12}).at = datetime(2026, 1, 5, 3, tzinfo=UTC)
    db.session.commit()
    page = sign_in("olga@example.org")
    page.goto("/manage/audit/")
    assert page.get_by_role("table").locator("tbody tr").count() == 2
    assert_accessible(page)

    page.locator("#action").select_option("privacy.purge")
    follow(page, lambda: page.locator("#until").press("Enter"))
    assert page.get_by_role("table").locator("tbody tr").count() == 1
    assert "action=privacy.purge" in page.url

    page.locator("#since").fill("2026-02-01")
    page.locator("#until").fill("2026-01-01")
    with page.expect_navigation():
        page.locator("#until").press("Enter")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#until").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
