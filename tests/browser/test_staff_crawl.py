"""Every page a signed-in role reaches by following links passes axe-core (0 serious or critical) and answers 200.

The crawl of tests/browser/test_crawl.py covers the public and participant pages; this one the staff and partner
pages behind the sign-in: each demo account (password ``demo``) signs in and the crawl follows every link on this
host breadth-first from where the sign-in leads, in German, a few pages per route. Links only lead to pages and
downloads (every change is a form sent with POST), so following all of them changes nothing; the sign-out is a
form too. Downloads (spreadsheets, PDFs, calendar files, JSON) are fetched once and must answer 200."""

from __future__ import annotations

import pytest

from tests.browser.participant_links import seed_demo
from tests.browser.test_crawl import Crawl

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
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    with page.expect_navigation():
        page.locator("#password").press("Enter")
    assert "/login" not in page.url, f"{email} could not sign in"
    crawl = Crawl(app, page, live_server.url)
    crawl.run([start], "de", PER_ROUTE, MORE_PER_ROUTE)
    routes = sorted(set(crawl.pages.values()))
    print(f"\n{email}: crawled {len(crawl.pages)} pages over {len(routes)} routes; fetched {len(crawl.downloads)} "
          "downloads:\n  " + "\n  ".join(routes))
    assert not crawl.failures, "\n".join(crawl.failures)
    assert len(crawl.pages) >= minimum, routes
    assert "/login" not in page.url  # still signed in: no link signed out
