"""The exports of the results: anonymous raw responses as CSV (BOM, semicolons) and XLSX with question keys
as columns, formulas defused, nothing about persons; and the PDF results report per edition."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from conference.surveys.models import Audience, QuestionType
from tests.council.test_signature_pdf import pdf_pages
from tests.factories import make_edition, make_session
from tests.surveys.analysis_setup import invite, question, respond, survey


@pytest.fixture
def data(db):
    edition = make_edition(title="13. Tag der Bildung")
    robotics, reading = make_session(edition, title="Robotik"), make_session(edition, title="Lesen")
    scale = question("overall_satisfaction", text_de="Wie gefällt Ihnen der Tag? Größe, Maß und Übersicht")
    single = question("heard_of", type=QuestionType.SINGLE_CHOICE)
    multi = question("channels", type=QuestionType.MULTIPLE_CHOICE)
    text = question("comments", type=QuestionType.FREE_TEXT)
    rating = question("session_rating", type=QuestionType.SESSION_RATING)
    rare = question("rarely_answered", text_de="Selten beantwortet")
    s = survey(edition, [scale, single, multi, text, rating, rare], is_open_link=False, title="Besucherbefragung",
               audience=Audience.REGISTRANTS)
    invite(s, 9)
    respond(s, {scale: 5, single: "press", multi: ["press", "web"], text: "=HYPERLINK(\"http://x\")",
                rating: {robotics.id: 5, reading.id: 2}, rare: 1}, group="teacher")
    respond(s, {scale: 4, single: "web", text: "Sehr schön; „gut“", rating: {robotics.id: 4}})
    hidden = respond(s, {scale: 2, multi: ["friends"], text: "Geheimer Name", rating: {robotics.id: 5}})
    for answer in hidden.answers:
        if answer.text:
            answer.is_hidden = True
    for v in (3, 4, 5, 4, 3):
        respond(s, {scale: v, rating: {robotics.id: 4, reading.id: 3}}, group="parent")
    db.session.commit()
    return {"edition": edition, "survey": s, "robotics": robotics, "reading": reading}


def path(data, suffix):
    return f"/manage/editions/{data['edition'].id}/results/surveys/{data['survey'].id}/responses.{suffix}"


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_has_keys_as_columns_and_one_row_per_response(client, login_as, data):
    login_as("analyst")
    response = client.get(path(data, "csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert rows[0] == ["submitted_on", "respondent_group", "overall_satisfaction", "heard_of", "channels:press",
                       "channels:friends", "channels:web", "comments", "rarely_answered"]
    assert len(rows) == 1 + 8
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first == {"submitted_on": "2027-05-08", "respondent_group": "", "overall_satisfaction": "5",
                     "heard_of": "press", "channels:press": "1", "channels:friends": "0", "channels:web": "1",
                     "comments": "'=HYPERLINK(\"http://x\")", "rarely_answered": "1"}
    second = dict(zip(rows[0], rows[2], strict=True))
    # Skipped questions stay empty (multiple choice too), texts keep their characters.
    assert second["channels:press"] == "" and second["comments"] == "Sehr schön; „gut“"
    third = dict(zip(rows[0], rows[3], strict=True))
    assert third["comments"] == "" and third["channels:friends"] == "1"  # the hidden text is left out
    assert b"Geheimer Name" not in response.data


def test_ratings_per_session_and_groups_below_5_are_left_out(client, login_as, data):
    """The sessions one response rated are that person's bookings, and a group of one is a person: the
    raw rows carry neither (session ratings are aggregates only, small groups are blanked)."""
    login_as("analyst")
    rows = read_csv(client.get(path(data, "csv")).data)
    assert not any(name.startswith("session_rating") for name in rows[0])
    groups = [row[1] for row in rows[1:]]
    assert groups.count("parent") == 5 and "teacher" not in groups  # 5 parents, 1 teacher
    legend = load_workbook(io.BytesIO(client.get(path(data, "xlsx")).data)).worksheets[1]
    assert "session_rating" not in [row[0] for row in legend.iter_rows(values_only=True)]


def test_the_raw_export_holds_nothing_about_persons(client, login_as, data):
    login_as("organiser")
    body = client.get(path(data, "csv")).data.decode("utf-8-sig")
    header = body.splitlines()[0].split(";")
    assert not {"id", "email", "name", "token", "invitation", "registration", "channel"} & set(header)
    assert "@example.org" not in body and "Mustermann" not in body


def test_the_xlsx_is_readable_and_keeps_formulas_as_text(client, login_as, data):
    login_as("analyst")
    response = client.get(path(data, "xlsx"))
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["submitted_on", "respondent_group", "overall_satisfaction", "heard_of"]
    assert len(rows) == 9
    assert rows[1][2] == 5 and rows[1][4] == 1 and rows[1][7] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=8).data_type == "s"  # text, never a formula
    legend = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert legend[1][:3] == ["overall_satisfaction", 1, "likert_5"]
    assert "Geheimer Name" not in repr(rows)


def test_the_pdf_report_has_every_question_with_german_characters(client, login_as, data):
    login_as("analyst")
    response = client.get(f"/manage/editions/{data['edition'].id}/results/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = "\n".join(pdf_pages(response.data))
    assert "Wie gefällt Ihnen der Tag? Größe, Maß und Übersicht" in text
    assert "13. Tag der Bildung" in text and "Robotik" in text
    assert "Selten beantwortet" in text and "Geheimer Name" not in text
    assert "3,75" in text  # the mean of 5, 4, 2, 3, 4, 5, 4, 3 in German
    assert "88,9 %" in text  # the response rate: 8 of 9 invited


def test_the_pdf_report_in_english_uses_english_numbers(client, login_as, data):
    login_as("organiser")
    response = client.get(f"/manage/editions/{data['edition'].id}/results/report.pdf?lang=en")
    text = "\n".join(pdf_pages(response.data))
    assert "3.75" in text and "Fewer than 5 answers" in text and "suppressed" in text


def test_an_edition_without_surveys_still_gets_a_report(client, login_as, db):
    edition = make_edition()
    db.session.commit()
    login_as("analyst")
    response = client.get(f"/manage/editions/{edition.id}/results/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


@pytest.mark.parametrize("role", ["reviewer", "provider"])
def test_only_analysts_and_organisers_export(client, login_as, data, role):
    login_as(role)
    for suffix in ("csv", "xlsx"):
        assert client.get(path(data, suffix)).status_code == 403
    assert client.get(f"/manage/editions/{data['edition'].id}/results/report.pdf").status_code == 403


def test_an_export_of_a_survey_of_another_edition_is_a_404(client, login_as, data, db):
    other = make_edition()
    db.session.commit()
    login_as("analyst")
    assert client.get(f"/manage/editions/{other.id}/results/surveys/{data['survey'].id}/responses.csv"
                      ).status_code == 404
