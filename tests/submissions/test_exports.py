"""Exports of an edition's offers: XLSX (openpyxl) and CSV, header in row 1, status codes for filtering."""

import csv
import io

import pytest
from openpyxl import load_workbook

from conference.submissions import decisions, reviews
from conference.submissions.models import SubmissionStatus
from tests.factories import make_call, make_edition, make_offer, make_provider, make_user


@pytest.fixture
def offers(db):
    call = make_call(make_edition(number=77))
    accepted = make_offer(call.edition, make_provider(), title="Robotik")
    reviewer = make_user("reviewer")
    reviews.save_review(reviews.assign(accepted, reviewer), call, {c.id: 4 for c in call.criteria}, "")
    decisions.decide(accepted, call, SubmissionStatus.ACCEPTED, notify=False)
    hostile = make_offer(call.edition, make_provider(), title='=HYPERLINK("http://evil.example","klick")')
    draft = make_offer(call.edition, make_provider(), title="Entwurf", submit=False)
    db.session.commit()
    return call, [accepted, hostile, draft]


def test_xlsx_has_the_header_in_row_1_and_one_row_per_offer_with_codes(client, login_as, offers):
    call, (accepted, hostile, draft) = offers
    login_as("organiser")
    response = client.get(f"/manage/editions/{call.edition_id}/submissions.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="angebote-77.xlsx"'
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["ID", "Titel", "Partnereinrichtung", "Art (Code)", "Art", "Status (Code)", "Status",
                           "Mittlere Punktzahl", "Streuung (SD)", "Bewertungen"]
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {accepted.id, hostile.id, draft.id}
    assert rows[accepted.id][2] == accepted.organisation.name
    assert rows[accepted.id][3:10] == ["workshop", "Workshop", "accepted", "Angenommen", 4.0, None, 1]
    assert rows[draft.id][5] == "draft"
    assert {rows[i][5] for i in rows} <= {s.value for s in SubmissionStatus}
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == hostile.id)
    assert cell.data_type == "s" and cell.value == hostile.title  # text, never a formula


def test_csv_matches_and_defuses_formulas(client, login_as, offers):
    call, (accepted, hostile, _) = offers
    login_as("organiser")
    response = client.get(f"/manage/editions/{call.edition_id}/submissions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert table[0][5] == "Status (Code)" and len(table) == 4
    by_id = {row[0]: row for row in table[1:]}
    assert by_id[str(accepted.id)][5] == "accepted" and by_id[str(accepted.id)][7] == "4"
    assert client.get(f"/manage/editions/{call.edition_id}/submissions.csv?lang=en").status_code == 200
    assert by_id[str(hostile.id)][1] == "'" + hostile.title


def test_exports_are_for_organisers_only(client, login_as, offers):
    call, _ = offers
    login_as("analyst")
    assert client.get(f"/manage/editions/{call.edition_id}/submissions.xlsx").status_code == 403
    assert client.get(f"/manage/editions/{call.edition_id}/submissions.csv").status_code == 403
