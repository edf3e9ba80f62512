"""Keyboard-only use: skip link first, visible focus, sign-in and the next-edition flow without a mouse."""

from datetime import date

from sqlalchemy import select

from conference.demo.seed import seed
from conference.editions.models import Edition


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_and_create_the_next_edition_by_keyboard(page, db):
    seed(date(2026, 11, 22))
    db.session.commit()
    source = db.session.scalar(select(Edition).where(Edition.number == 27))
    page.goto("/login")
    page.locator("#email").focus()
    page.keyboard.type("organiser@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/manage/")
    page.goto(f"/manage/editions/{source.id}/next")
    page.locator("#starts_on").focus()
    page.keyboard.type("08052027")  # Chromium's date input takes the digits in the locale's order
    page.locator("#title").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("32. Tag der Bildung")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".kern-error, .kern-alert--danger").all_inner_texts()
    assert page.get_by_role("heading", level=1).inner_text() == "32. Tag der Bildung", errors
    created = db.session.scalar(select(Edition).where(Edition.title == "32. Tag der Bildung"))
    assert created.previous_edition_id == source.id
