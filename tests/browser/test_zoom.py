"""Zoom to 200 % (WCAG 1.4.4) and reflow at 320 CSS pixels (WCAG 1.4.10) on the pages people use most.

Playwright's ``device_scale_factor`` makes pixels sharper but leaves the CSS layout as it is, so it cannot stand
for browser zoom. What browser zoom does is shrink the CSS viewport: a 1280 px wide window at 200 % lays the page
out in 640 CSS pixels (and at 400 %, the case WCAG 1.4.10 names, in 320). So "1280 px at 200 %" is a 640 px
wide viewport with ``device_scale_factor=2``, and the reflow case is a 320 px wide one. Text-only zoom (a
browser's minimum font size, or a user style doubling the root font size) is the third case: the root font size
is set to 200 % at 1280 px, so everything sized in rem doubles while the viewport stays.

On each page: nothing scrolls sideways (``scrollWidth <= innerWidth``; wide tables may scroll inside their own
scroll box, which WCAG allows), and no text is clipped, i.e. no element with text sticks out of the viewport or
runs out of its own box (cut off by ``overflow: hidden``, or over its neighbours).

``tests/browser/test_pages.py::test_pages_reflow_on_a_phone`` already checks home, an edition, the accessibility
statement and the sign-in page at 320 px; here those four are checked at 200 % only, and the rest at both."""

from __future__ import annotations

import pytest

from tests.browser.participant_links import OPEN_DAY, participant_links, seed_demo

ZOOMS = {
    "200 % of 1280 px": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
    "400 % of 1280 px (320 px)": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2,
                                  "is_mobile": True, "has_touch": True},
    "text at 200 % in 1280 px": {"viewport": {"width": 1280, "height": 900}, "text_zoom": True},
}

CLIPPED = """() => {
  const width = window.innerWidth, found = [];
  const skip = '.table-scroll, .visually-hidden, .kern-sr-only, .skip-link, option, script';
  const ownText = el => Array.from(el.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  for (const el of document.body.querySelectorAll('*')) {
    if (!ownText(el) || el.closest(skip)) continue;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.display === 'none' || style.visibility === 'hidden' || box.width === 0) continue;
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${el.textContent.trim().slice(0, 40)}"`;
    if (box.right > width + 1 || box.left < -1) {
      found.push(`${name} sticks out (${Math.round(box.left)}–${Math.round(box.right)} of ${width} px)`);
    } else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !/auto|scroll/.test(style.overflowX)) {
      found.push(`${name} ${/hidden|clip/.test(style.overflowX) ? 'is cut off' : 'runs out of its box'}`);
    }
  }
  return found.slice(0, 10);
}"""


@pytest.fixture
def pages(db):
    """The pages to check, by name: the ones people use most, with the participants' pages from their mails."""
    editions = seed_demo(db)
    links = participant_links(db, editions)
    open_day = editions[OPEN_DAY].id
    return {
        "home": "/", "edition": f"/editions/{open_day}", "accessibility": "/barrierefreiheit", "login": "/login",
        "programme": f"/editions/{open_day}/program", "programme grid": f"/editions/{open_day}/program?view=grid",
        "session": links["session"], "registration form": f"/editions/{open_day}/register",
        "lost registration link": f"/editions/{open_day}/register/link",
        "my registration": links["registration"], "survey (open link)": links["open_survey"],
        "survey (personal link)": links["personal_survey"], "RSVP": links["rsvp"],
        "Leichte Sprache": "/leichte-sprache", "Leichte Sprache: registration": "/leichte-sprache/anmelden",
    }


CHECKED_AT_320_ELSEWHERE = {"home", "edition", "accessibility", "login"}  # test_pages.py


def check(browser, live_server, pages: dict[str, str], zoom: str) -> tuple[int, list[str]]:
    """Open every page at ``zoom``; return how many were checked and what was wrong."""
    settings = dict(ZOOMS[zoom])
    text_zoom = settings.pop("text_zoom", False)
    context = browser.new_context(base_url=live_server.url, locale="de-DE", **settings)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems, checked = [], 0
    for name, path in pages.items():
        if zoom.endswith("(320 px)") and name in CHECKED_AT_320_ELSEWHERE:
            continue
        response = page.goto(path)
        assert response.ok, f"{name} ({path}): HTTP {response.status}"
        if text_zoom:
            size = "parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)"
            before = page.evaluate(size)
            page.evaluate("document.documentElement.style.fontSize = '200%'")  # CSSOM: allowed by the CSP
            after = page.evaluate(size)
            assert after >= 1.9 * before, f"{name}: the text does not grow with the root font size ({before} → {after})"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{name} ({path}) scrolls sideways by {overflow} px")
        problems += [f"{name} ({path}): {problem}" for problem in page.evaluate(CLIPPED)]
        checked += 1
    context.close()
    return checked, problems


def test_key_pages_zoom_and_reflow_without_sideways_scrolling_or_clipped_text(browser, live_server, pages):
    found = {}
    for zoom in ZOOMS:
        checked, problems = check(browser, live_server, pages, zoom)
        assert checked >= 10, zoom
        if problems:
            found[zoom] = problems
    assert not found, "\n".join(f"{zoom}:\n  " + "\n  ".join(problems) for zoom, problems in found.items())
