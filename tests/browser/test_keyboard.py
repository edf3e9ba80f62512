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


def test_a_table_that_scrolls_sideways_takes_the_focus_and_the_arrow_keys(browser, live_server, db):
    """The programme grid is wider than a phone: its scroll box becomes a named region in the tab order, and the
    arrow keys scroll it. At 1280 px the same table fits and takes no tab stop."""
    seed(date(2026, 11, 22))
    db.session.commit()
    open_day = db.session.scalar(select(Edition).where(Edition.number == 31))
    path = f"/editions/{open_day.id}/program?view=grid"
    for width, scrolls in ((320, True), (1280, False)):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 700},
                                      locale="de-DE")
        page = context.new_page()
        page.goto(path)
        box = page.locator(".table-scroll").first
        assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1") is scrolls
        if scrolls:
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
            assert box.get_attribute("aria-label").endswith("(Tabelle, seitlich scrollbar)")
            for _ in range(80):  # Tab along the page until the box has the focus
                page.keyboard.press("Tab")
                if box.evaluate("b => b === document.activeElement"):
                    break
            assert box.evaluate("b => b === document.activeElement"), "Tab never reached the table's box"
            assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
            page.keyboard.press("ArrowRight")
            for _ in range(40):  # scrolling may be smooth: give it up to two seconds
                if box.evaluate("b => b.scrollLeft") > 0:
                    break
                page.wait_for_timeout(50)
            assert box.evaluate("b => b.scrollLeft") > 0, "the arrow key did not scroll the table"
        else:
            assert box.get_attribute("tabindex") is None and box.get_attribute("role") is None
        context.close()
