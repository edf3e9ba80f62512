"""Issue 9, point 5: every public and participant page, found by following links from ``/``, passes axe-core.

The crawl starts at ``/`` with the demo data seeded and follows every link on this host breadth-first, in German
and then in English. Participant pages are reached the way people reach them: from the links in their mails
(a registration's confirmation link, which leads to its manage page; a survey's open link and personal link; a
council member's RSVP link; a password reset link), and from there by their own links again. The open-link
survey is also sent once, for the page that follows it. Every page must answer 200 and have no
serious or critical axe-core violation.

It stays bounded: pages of one route (the Flask endpoint, with the names of its query parameters) are visited
a few times at most, so that 37 recommendations or 458 sessions cost two visits, not hundreds. Downloads
(calendar files, PDFs, spreadsheets, JSON, images, anything with a ``download`` attribute) are not opened as
pages: each is fetched once through the page's request context and must answer 200. The language switch is
left to the crawl's own change of language (visited once, through its route); signing in is not part of it."""

from __future__ import annotations

from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.browser.conftest import axe_violations
from tests.browser.participant_links import participant_links, seed_demo

DOWNLOADS = (".ics", ".pdf", ".csv", ".xlsx", ".json", ".xml", ".zip", ".png", ".svg", ".mp4", ".webm", ".vtt")
# Pages of one route visited at most this often: two in German (an open day and a council edition, say), one
# more in English, where the words change but not the markup.
PER_ROUTE = {"de": 2, "en": 1}
# An edition's page differs by format and phase (upcoming council and open day, the council just held, the last
# open day with its results): the German crawl takes the first five the home page lists.
MORE_PER_ROUTE = {"de": {"editions.show?": 5}, "en": {}}
# The crawl must really get around (it finds about 37 German and 26 English pages today).
MINIMUM_PAGES = {"de": 32, "en": 24}

LINKS = """() => Array.from(document.querySelectorAll('a[href]'),
    a => ({href: a.href, download: a.hasAttribute('download')}))"""


@pytest.fixture
def demo(db):
    return seed_demo(db)


class Crawl:
    """A breadth-first walk over one host's links in one browser page, with axe-core on every page."""

    def __init__(self, app, page, base_url: str, check=None):
        """``check(page)`` lists a page's problems: axe-core's serious and critical violations by default."""
        self.check = check or axe_violations
        self.adapter = app.url_map.bind(urlsplit(base_url).netloc)
        self.page, self.host = page, urlsplit(base_url).netloc
        self.pages: dict[str, str] = {}  # address → route
        self.downloads: dict[str, int] = {}  # address → status
        self.failures: list[str] = []

    def route(self, path: str, query: str) -> str:
        try:
            endpoint, _ = self.adapter.match(path, method="GET")
        except RequestRedirect as redirect:
            return self.route(urlsplit(redirect.new_url).path, query)
        except HTTPException:
            endpoint = "unknown:" + path
        return endpoint + "?" + "&".join(sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)}))

    def address(self, href: str) -> str | None:
        """The link's path and query on this host, or None for other hosts, other schemes and the language switch."""
        parts = urlsplit(href)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host or parts.path.startswith("/language/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def run(self, starts: list[str], language: str, per_route: int, more: dict[str, int]) -> None:
        queue, seen, per = deque(starts), set(starts), {}
        while queue:
            address = queue.popleft()
            parts = urlsplit(address)
            route = self.route(parts.path, parts.query)
            if per.get(route, 0) >= more.get(route, per_route) and address not in starts:
                continue
            per[route] = per.get(route, 0) + 1
            try:
                response = self.page.goto(address)
            except PlaywrightError as error:  # a download without an extension or attribute (a PDF by id)
                if "Download is starting" not in str(error):
                    raise
                self.download(address)
                continue
            if response is None or not response.ok:
                self.failures.append(f"{address}: HTTP {response.status if response else '–'}")
                continue
            if not response.header_value("content-type").startswith("text/html"):  # a feed shown by the browser
                self.downloads[address] = response.status
                continue
            if self.page.locator("html").get_attribute("lang") != language:
                self.failures.append(f"{address}: <html lang> is not {language}")
            if not self.page.locator("footer a[href='/leichte-sprache/anmelden']").count():
                self.failures.append(f"{address}: no link to the Leichte Sprache pages")
            for violation in self.check(self.page):
                self.failures.append(f"{address}: {violation}")
            self.pages[f"{language} {address}"] = route
            for link in self.page.evaluate(LINKS):
                target = self.address(link["href"])
                if target is None or target in seen:
                    continue
                seen.add(target)
                if link["download"] or urlsplit(target).path.lower().endswith(DOWNLOADS):
                    self.download(target)
                else:
                    queue.append(target)

    def download(self, address: str) -> None:
        if address in self.downloads:
            return
        response = self.page.request.get(address, max_redirects=0)
        self.downloads[address] = response.status
        if response.status != 200:
            self.failures.append(f"download {address}: HTTP {response.status}")
        response.dispose()


def test_every_page_reachable_from_home_passes_axe_in_german_and_english(app, db, demo, page, live_server):
    links = participant_links(db, demo)
    starts = ["/", *(links[name] for name in ("registration", "open_survey", "personal_survey", "rsvp",
                                               "password_reset"))]
    crawl = Crawl(app, page, live_server.url)

    crawl.run(starts, "de", PER_ROUTE["de"], MORE_PER_ROUTE["de"])
    # A follow-on page no link leads to: the open-link survey sent as it stands (its errors, or the thanks).
    page.goto(links["open_survey"])
    with page.expect_navigation():
        page.locator("form[data-survey-form] button[type=submit]").click()
    crawl.failures += [f"{page.url} (survey sent): {violation}" for violation in axe_violations(page)]
    crawl.pages[f"de {links['open_survey']} (sent)"] = "survey.open_link (sent)"
    german = sum(1 for key in crawl.pages if key.startswith("de "))
    page.goto("/language/en?next=/")  # the switch itself, once, through its route
    crawl.run(starts, "en", PER_ROUTE["en"], MORE_PER_ROUTE["en"])
    english = len(crawl.pages) - german

    routes = sorted(set(crawl.pages.values()))
    print(f"\ncrawled {german} German and {english} English pages over {len(routes)} routes; "
          f"fetched {len(crawl.downloads)} downloads:\n  " + "\n  ".join(routes))
    assert not crawl.failures, "\n".join(crawl.failures)
    assert german >= MINIMUM_PAGES["de"] and english >= MINIMUM_PAGES["en"], routes
    # The participant pages were really reached, not just their starting links.
    for route in ("registration.manage?", "survey.open_link?", "survey.personal?", "privacy_public.my_data?",
                  "accounts.reset_password?",
                  "rsvp.invitation?", "pages.easy_language?", "pages.easy_language_registration?",
                  "program.session?", "registration.register?session", "registration.manage_link?"):
        assert route in routes, route
    assert any(address.endswith(".ics") for address in crawl.downloads)
