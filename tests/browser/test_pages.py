"""Every page so far, opened in Chromium and checked with axe-core (0 serious or critical)."""

from datetime import date

import pytest
from sqlalchemy import select

from conference.demo.seed import seed
from conference.editions.models import Edition
from tests.browser.conftest import assert_accessible

PUBLIC_PAGES = ["/", "/impressum", "/datenschutz", "/barrierefreiheit", "/login", "/password/forgot",
                "/does-not-exist"]


@pytest.fixture
def demo(db):
    seed(date(2026, 11, 22))
    db.session.commit()
    return {e.number: e.id for e in db.session.scalars(select(Edition))}


def sign_in(page, email, password="demo"):
    page.goto("/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def test_public_pages_pass_axe(page, demo):
    for path in [*PUBLIC_PAGES, f"/editions/{demo[31]}", f"/editions/{demo[16]}"]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "de"
        assert_accessible(page)


def test_english_pages_pass_axe(page, demo):
    page.goto("/language/en?next=/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.goto("/barrierefreiheit")
    assert_accessible(page)


def test_forms_with_errors_pass_axe_and_focus_the_summary(page, demo):
    page.goto("/barrierefreiheit")
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#message").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_organiser_pages_pass_axe(page, demo):
    sign_in(page, "organiser@example.org")
    edition = demo[27]
    paths = ["/manage/", "/manage/editions/", "/manage/editions/new", f"/manage/editions/{edition}",
             f"/manage/editions/{edition}/edit", f"/manage/editions/{edition}/next",
             f"/manage/editions/{edition}/venues/new", f"/manage/editions/{edition}/slots/new",
             "/manage/outbox/", "/manage/feedback"]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(f"/manage/editions/{edition}")
    with page.expect_navigation():
        page.get_by_role("link", name="Raum Ratssaal bearbeiten").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Raum bearbeiten"
    assert_accessible(page)


def test_admin_pages_pass_axe(page, demo):
    """The administrator's own pages, with the demo's locked account on them."""
    sign_in(page, "admin@example.org")
    for path in ["/manage/", "/manage/accounts/", "/manage/accounts/?status=locked"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    assert "locked@example.org" in page.get_by_role("table").inner_text()


def test_partner_page_passes_axe(page, demo):
    sign_in(page, "provider@example.org")
    assert page.url.endswith("/partner/")
    assert_accessible(page)


def test_pages_reflow_on_a_phone(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640},
                                  is_mobile=True)
    page = context.new_page()
    # The long German compounds of the privacy pages ("Datenschutzerklärung") once made them 337 px wide.
    for path in ["/", f"/editions/{demo[31]}", "/barrierefreiheit", "/login", "/datenschutz",
                 f"/editions/{demo[31]}/privacy"]:
        page.goto(path)
        # Against 320, not window.innerWidth: a mobile browser widens its layout viewport to the content.
        overflow = page.evaluate("document.documentElement.scrollWidth") - 320
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
