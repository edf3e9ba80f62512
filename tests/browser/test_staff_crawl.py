"""Every page a signed-in role reaches by following links passes axe-core (0 serious or critical) and answers 200.

The crawl of tests/browser/test_crawl.py covers the public and participant pages; this one the staff and partner
pages behind the sign-in: each demo account (password ``demo``) signs in and the crawl follows every link on this
host breadth-first from where the sign-in leads, in German, a few pages per route. Links only lead to pages and
downloads (every change is a form sent with POST), so following all of them changes nothing; the sign-out is a
form too. Downloads (spreadsheets, PDFs, calendar files, JSON) are fetched once and must answer 200.

On a 320 px phone the administrator's crawl checks reflow instead: no page may scroll sideways (wide tables
scroll in their own box)."""

from __future__ import annotations

import pytest

from tests.browser.participant_links import seed_demo
from tests.browser.test_crawl import Crawl
from tests.browser.test_pages import sign_in as sign_in_with_demo_password

# The roles, where their sign-in leads, and how many pages the crawl must reach at least (it finds more today:
# the lower bounds catch a crawl that stopped getting around, not a page more or less).
ROLES = {
    "admin@example.org": ("/manage/", 60),
    "organiser@example.org": ("/manage/", 60),
    "analyst@example.org": ("/manage/", 15),
    "reviewer@example.org": ("/manage/", 5),
    "provider@example.org": ("/partner/", 3),
}
PER_ROUTE = 1
# An edition's management pages differ by format (council or open day) and phase: take a few of them.
MORE_PER_ROUTE = {"editions_manage.show?": 5, "surveys_analysis.overview?": 3, "surveys_manage.edition_surveys?": 3,
                  "schedule.grid?": 3, "program_manage.sessions?": 2, "submissions_manage.index?": 2}


@pytest.fixture
def demo(db):
    return seed_demo(db)


@pytest.mark.parametrize("email", list(ROLES))
def test_every_page_a_role_reaches_passes_axe_and_answers(app, db, demo, sign_in, live_server, email):
    start, minimum = ROLES[email]
    page = sign_in(None)
    sign_in_with_demo_password(page, email)
    assert "/login" not in page.url, f"{email} could not sign in"
    crawl = Crawl(app, page, live_server.url)
    crawl.run([start], "de", PER_ROUTE, MORE_PER_ROUTE)
    routes = sorted(set(crawl.pages.values()))
    print(f"\n{email}: crawled {len(crawl.pages)} pages over {len(routes)} routes; fetched {len(crawl.downloads)} "
          "downloads:\n  " + "\n  ".join(routes))
    assert not crawl.failures, "\n".join(crawl.failures)
    assert len(crawl.pages) >= minimum, routes
    assert "/login" not in page.url  # still signed in: no link signed out


def scrolls_sideways(page) -> list[str]:
    """The page's problem on a 320 px screen: a document wider than the screen (WCAG 1.4.10)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return [f"the page is {width} px wide"] if width > 320 else []


def test_every_page_behind_the_sign_in_reflows_on_a_phone(app, db, demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640}, is_mobile=True,
                                  locale="de-DE")
    page = context.new_page()
    sign_in_with_demo_password(page, "admin@example.org")
    crawl = Crawl(app, page, live_server.url, check=scrolls_sideways)
    crawl.run(["/manage/"], "de", PER_ROUTE, {})
    context.close()
    assert not crawl.failures, "\n".join(crawl.failures)
    assert len(crawl.pages) >= ROLES["admin@example.org"][1]
