"""Issue 7 in Chromium – the learning loop's "Done when": an analyst sees one edition's results and the
trend of a key across editions, exports them and creates an action item; the organiser evaluates the
edition and sees the findings, the open action items and the open recommendations while creating the next
edition from it.

The story: the 25th and 26th Tag der Bildung are evaluated; most visitors were satisfied. At the 27th (held,
not yet evaluated) satisfaction fell. The analyst looks at the 27th's results, at the trend of
``overall_satisfaction`` over the three editions, downloads the raw responses, the comparison and the PDF
report, and creates an action item for the key. The organiser marks the 27th as evaluated (which freezes
its results) and opens "Create the next edition": the fall is a notable finding, the analyst's action is
open, the council's recommendation is not implemented yet. She creates the 28th with the sessions as
drafts; the action item now aims at the 28th.

Elements are found by id, name or address; where words are compared, the app is asked what it shows in
German. axe-core checks every page on the way."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from sqlalchemy import select

from conference.council import agenda, recommendations
from conference.council.models import Decision
from conference.editions import services as editions
from conference.editions.models import Edition, EditionStatus
from conference.program.models import Session
from conference.surveys.models import ActionItem, EditionResult
from tests import factories
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit
from tests.surveys.results_setup import question, respond, survey

ANALYST = "ana@example.org"
ORGANISER = "olga@example.org"
KEY = "overall_satisfaction"
ACTION = "Mehr Sitzplätze und kürzere Wege zwischen den Räumen"
RECOMMENDATION = "Ganztag und Jugendhilfe gemeinsam planen"


def in_german(message: str, /, **params) -> str:
    with force_locale("de"):
        return gettext(message, **params)


def answers(top2: int, n: int = 40) -> list[int]:
    """``n`` Likert answers, ``top2`` of them 4 or 5, the rest 2 or 3."""
    return [5 if i % 2 else 4 for i in range(top2)] + [3 if i % 2 else 2 for i in range(n - top2)]


@pytest.fixture
def loop(db):
    factories.make_user("analyst", email=ANALYST, name="Ana Lyse", password=PASSWORD)
    factories.make_user("organiser", email=ORGANISER, name="Olga Orga", password=PASSWORD)
    satisfaction = question(KEY, text_de="Wie zufrieden waren Sie insgesamt?", text_en="How satisfied were you?")
    days = {}
    for number, year, top2 in ((25, 2024, 33), (26, 2025, 32), (27, 2026, 14)):
        edition = factories.make_edition(number=number, status=EditionStatus.HELD, day=date(year, 5, 9),
                                         title=f"{number}. Tag der Bildung", previous_edition=days.get(number - 1))
        visitors = survey(edition, [satisfaction])
        for value in answers(top2):
            respond(visitors, {satisfaction: value})
        days[number] = edition
    factories.make_session(days[27], "Robotik in der Kita", capacity=12)
    for number in (25, 26):
        editions.change_status(days[number], EditionStatus.EVALUATED)
    council = factories.make_council(number=24, status=EditionStatus.HELD, day=date(2026, 3, 11))
    item = agenda.add_item(council, title="Ganztag", number="TOP 3")
    recommendations.decide(recommendations.draft(item, title=RECOMMENDATION, text="Die Konferenz empfiehlt …",
                                                 addressees=["youth_services"]), Decision.ADOPTED)
    db.session.commit()
    return days


def download(page, action) -> bytes:
    with page.expect_download() as info:
        action()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def test_analyst_finds_and_acts_and_the_organiser_sees_it_when_creating_the_next_edition(db, loop, sign_in):
    edition = loop[27]

    # The analyst: one edition's results, the trend of the key, the exports, an action item.
    analyst = sign_in(ANALYST)
    visit(analyst, f"/manage/editions/{edition.id}/results/")
    assert_accessible(analyst)
    question_section = analyst.locator("section.survey-question").first
    assert "Wie zufrieden waren Sie insgesamt?" in question_section.inner_text()
    assert question_section.locator("figure svg, svg").count() >= 1  # the chart …
    assert question_section.locator("table caption").count() == 1  # … and its data table
    raw = download(analyst, lambda: analyst.locator("a[href$='/responses.csv']").first.click())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))  # Excel in German
    assert KEY in rows[0] and len(rows) == 41
    report = download(analyst, lambda: analyst.locator("a[href$='/report.pdf']").first.click())
    assert report.startswith(b"%PDF")

    visit(analyst, f"/manage/comparison/open_day/{KEY}")
    assert_accessible(analyst)
    table = analyst.locator("table").first.inner_text()
    assert "25" in table and "26" in table  # the evaluated editions; the 27th is not frozen yet
    visit(analyst, "/manage/comparison/")
    assert_accessible(analyst)
    workbook = load_workbook(io.BytesIO(download(
        analyst, lambda: analyst.locator("a[href$='comparison.xlsx']").first.click())), read_only=True)
    assert any(KEY in str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)

    visit(analyst, f"/manage/comparison/open_day/{KEY}")
    follow(analyst, lambda: analyst.locator("a[href*='/manage/actions/new']").first.click())
    assert analyst.locator("#question_key").input_value() == KEY
    analyst.locator("#source_edition_id").select_option(str(edition.id))
    analyst.locator("#title").fill(ACTION)
    analyst.locator("#owner").fill("Bildungsbüro")
    assert_accessible(analyst)
    follow(analyst, lambda: analyst.locator("#title").press("Enter"))
    assert ACTION in analyst.locator(".kern-alert").first.inner_text()
    action = db.session.scalars(select(ActionItem).where(ActionItem.title == ACTION)).one()
    assert (action.source_edition_id, action.question_key, action.target_edition_id) == (edition.id, KEY, None)

    # The organiser: evaluate the 27th, then create the 28th from it and see what to take up.
    organiser = sign_in(ORGANISER)
    visit(organiser, f"/manage/editions/{edition.id}")
    evaluate = organiser.locator("form:has(input[name='target'][value='evaluated']) button")
    follow(organiser, lambda: evaluate.click())
    db.session.expire_all()
    assert db.session.scalars(select(EditionResult).where(EditionResult.edition_id == edition.id)).one()

    follow(organiser, lambda: organiser.locator(f"a[href$='/manage/editions/{edition.id}/next']").first.click())
    assert_accessible(organiser)
    take_up = organiser.locator("section[aria-labelledby='take-up']")
    notable = take_up.locator("section[aria-labelledby='notable']").inner_text()
    assert "Wie zufrieden waren Sie insgesamt?" in notable and KEY in notable
    assert in_german("worse, beyond the noise") in notable
    assert ACTION in take_up.locator("section[aria-labelledby='open-actions']").inner_text()
    assert RECOMMENDATION in take_up.locator("section[aria-labelledby='open-recommendations']").inner_text()

    organiser.locator("#starts_on").fill("2027-05-08")
    organiser.locator("#title").fill("28. Tag der Bildung")
    organiser.locator("#copy_sessions").check()
    follow(organiser, lambda: organiser.locator("#title").press("Enter"))
    db.session.expire_all()
    new = db.session.scalars(select(Edition).where(Edition.title == "28. Tag der Bildung")).one()
    assert organiser.url.endswith(f"/manage/editions/{new.id}")
    assert [(s.title, s.is_published) for s in db.session.scalars(
        select(Session).where(Session.edition_id == new.id))] == [("Robotik in der Kita", False)]
    assert db.session.get(ActionItem, action.id).target_edition_id == new.id
