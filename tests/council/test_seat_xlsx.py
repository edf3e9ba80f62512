"""Seats as XLSX: the export's layout, the import's preview and confirmation, and bad files."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from conference.council import seat_xlsx
from conference.council import seats as services
from conference.council.models import Membership, MembershipRole, Person, Seat, SeatGroup
from conference.organisations.models import Organisation
from tests.factories import make_organisation, make_person, make_seat

MEMBER, DEPUTY = MembershipRole.MEMBER, MembershipRole.DEPUTY
HEADER = ["Group", "Seat", "Institution", "Active",
          "Member: title", "Member: given name", "Member: family name", "Member: e-mail", "Member: since",
          "Member: name public",
          "Deputy: title", "Deputy: given name", "Deputy: family name", "Deputy: e-mail", "Deputy: since",
          "Deputy: name public"]


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def council(db):
    """Two seats with holders since 2024 (one with a formula-like label), one vacant and one inactive seat."""
    member = make_person("Meier", given_name="Eva", email="eva@example.org", consent=True, title="Dr.")
    deputy = make_person("Schulz", given_name="Tom", email="tom@example.org")
    grund = make_seat(group="Schulen", label="Grundschulen", organisation=make_organisation("Grundschule Nord"),
                      member=member, deputy=deputy)
    formula = make_seat(group="Schulen", label="=HYPERLINK(\"http://evil.example\")",
                        organisation=make_organisation("+Stiftung"))
    vacant = make_seat(group="Wirtschaft", label="IHK", organisation=make_organisation("IHK"), member=False,
                       deputy=False)
    old = make_seat(group="Wirtschaft", label="Alt", organisation=make_organisation("Alte Kammer"), is_active=False)
    db.session.commit()
    return {"grund": grund, "formula": formula, "vacant": vacant, "old": old, "member": member, "deputy": deputy}


def export(client) -> Workbook:
    response = client.get("/manage/council/seats.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="sitze-')
    return load_workbook(io.BytesIO(response.data))


def as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name="sitze.xlsx", valid_from=None):
    valid_from = valid_from or services.today()
    return client.post("/manage/council/seats/import", data={
        "file": (io.BytesIO(data), name), "valid_from": valid_from.isoformat()},
        content_type="multipart/form-data")


def confirm(client, preview_html: str):
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', preview_html) or re.search(
        r'name="payload" value="([^"]+)"', preview_html) or re.search(r'value="([^"]+)"[^>]*name="payload"',
                                                                     preview_html)
    assert payload, "no confirmation form in the preview"
    return client.post("/manage/council/seats/import/confirm", data={"payload": payload.group(1)})


def rows_by_label(sheet) -> dict[str, list]:
    return {row[1].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}


def membership_count(db) -> int:
    return db.session.scalar(select(func.count(Membership.id)))


# --- Export ---------------------------------------------------------------------------------------------

def test_the_export_has_one_row_per_seat_with_member_and_deputy(client, db, login_as, council):
    login_as("organiser")
    workbook = export(client)
    seats_sheet, history = workbook.worksheets
    assert [c.value for c in seats_sheet[1]] == HEADER
    rows = rows_by_label(seats_sheet)
    assert len(rows) == 4
    grund = rows["Grundschulen"]
    assert grund[:4] == ["Schulen", "Grundschulen", "Grundschule Nord", "yes"]
    assert grund[4:8] == ["Dr.", "Eva", "Meier", "eva@example.org"]
    assert grund[8].date() == date(2024, 1, 1) and grund[9] == "yes"
    assert grund[10:14] == [None, "Tom", "Schulz", "tom@example.org"] and grund[15] == "no"
    assert rows["IHK"][4:16] == [None] * 12
    assert rows["Alt"][3] == "no"
    # sheet 2: every term, with the role and its dates
    terms = [[c.value for c in row] for row in history.iter_rows(min_row=2)]
    assert [c.value for c in history[1]] == ["Group", "Seat", "Institution", "Role", "Person", "E-mail", "From", "To"]
    assert ["Schulen", "Grundschulen", "Grundschule Nord", "Member", "Dr. Eva Meier", "eva@example.org"] in [
        t[:6] for t in terms]
    assert len(terms) == membership_count(db)


def test_the_export_defuses_formulas_and_drops_control_characters(client, db, login_as, council):
    login_as("organiser")
    council["deputy"].given_name = "T\x07om"  # not from a form (they drop it): a worksheet cannot hold it
    db.session.commit()
    sheet = export(client).worksheets[0]
    assert rows_by_label(sheet)["Grundschulen"][11] == "Tom"
    cells = next(row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[1].value))
    assert cells[1].value == "'=HYPERLINK(\"http://evil.example\")" and cells[1].data_type == "s"
    assert cells[2].value == "'+Stiftung"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


# --- Import: preview and confirmation -------------------------------------------------------------------

def test_an_unchanged_export_imports_as_no_changes(client, db, login_as, council):
    login_as("organiser")
    before = membership_count(db)
    response = upload(client, as_bytes(export(client)))
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "No changes: the sheet matches the records (4 seats unchanged)" in html
    assert 'name="payload"' not in html
    assert membership_count(db) == before


def test_a_changed_member_ends_the_old_term_and_starts_the_new_one_after_confirmation(client, db, login_as,
                                                                                      council):
    login_as("organiser")
    workbook = export(client)
    sheet = workbook.worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Grundschulen")
    for cell, value in zip(row[4:10], ["", "Jana", "Roth", "jana@example.org", None, "no"], strict=True):
        cell.value = value
    valid_from = services.today() + timedelta(days=10)
    before = membership_count(db)
    response = upload(client, as_bytes(workbook), valid_from=valid_from)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "New members and deputies" in html and "Jana Roth" in html
    assert "Ended terms" in html and "Dr. Eva Meier" in html and "New people" in html
    assert "Unchanged seats: 3" in html
    # the preview writes nothing
    db.session.expire_all()
    assert membership_count(db) == before and db.session.scalar(select(Person).where(Person.family_name == "Roth")) \
        is None
    response = confirm(client, html)
    assert response.status_code == 302 and response.headers["Location"] == "/manage/council/"
    db.session.expire_all()
    seat = db.session.get(Seat, council["grund"].id)
    terms = sorted((m for m in seat.memberships if m.role == MEMBER), key=lambda m: m.starts_on)
    assert [(m.person.family_name, m.starts_on, m.ends_on) for m in terms] == [
        ("Meier", date(2024, 1, 1), valid_from - timedelta(days=1)), ("Roth", valid_from, None)]
    assert seat.holder(DEPUTY, valid_from).person.family_name == "Schulz"  # untouched
    assert membership_count(db) == before + 1  # nothing deleted
    # importing the same sheet again changes nothing more
    again = upload(client, as_bytes(workbook), valid_from=valid_from).get_data(as_text=True)
    assert "No changes" in again


def test_new_groups_seats_people_and_a_swap_of_member_and_deputy(client, db, login_as, council):
    login_as("organiser")
    workbook = export(client)
    sheet = workbook.worksheets[0]
    grund = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Grundschulen")
    member, deputy = [c.value for c in grund[4:10]], [c.value for c in grund[10:16]]
    for cell, value in zip(grund[4:16], deputy + member, strict=True):  # the deputy moves up
        cell.value = value
    sheet.append(["Hochschulen", "Universität", "Universität Musterstadt", "ja", "Prof. Dr.", "Ida", "Lang",
                  "lang@example.org", date(2023, 10, 1), "", "", "", "", "", "", ""])
    sheet.append(["Schulen", "Förderschulen", "Förderzentrum", "", "", "", "Meier", "EVA@example.org", None, "",
                  "", "", "", "", "", ""])
    valid_from = services.today()
    response = upload(client, as_bytes(workbook), valid_from=valid_from)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Hochschulen" in html and "Universität Musterstadt" in html and "Ida Lang" in html
    assert confirm(client, html).status_code == 302
    db.session.expire_all()
    seat = db.session.get(Seat, council["grund"].id)
    assert seat.holder(MEMBER, valid_from).person_id == council["deputy"].id
    assert seat.holder(DEPUTY, valid_from).person_id == council["member"].id
    uni = db.session.scalar(select(Seat).where(Seat.label == "Universität"))
    assert uni.group.name == "Hochschulen" and uni.organisation.name == "Universität Musterstadt"
    # the first holder of a new seat brings the real start of the term along
    assert [(m.person.name, m.starts_on) for m in uni.memberships] == [("Prof. Dr. Ida Lang", date(2023, 10, 1))]
    # found by e-mail (any case): no second Eva Meier
    assert db.session.scalar(select(func.count(Person.id)).where(Person.family_name == "Meier")) == 1
    foerder = db.session.scalar(select(Seat).where(Seat.label == "Förderschulen"))
    assert foerder.holder(MEMBER, valid_from).person_id == council["member"].id
    assert db.session.scalar(select(SeatGroup).where(SeatGroup.name == "Hochschulen")) is not None


def test_an_emptied_cell_ends_the_term_and_active_no_deactivates(client, db, login_as, council):
    login_as("organiser")
    workbook = export(client)
    sheet = workbook.worksheets[0]
    grund = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Grundschulen")
    for cell in grund[10:16]:
        cell.value = None
    vacant = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "IHK")
    vacant[3].value = "no"
    valid_from = services.today() + timedelta(days=1)
    html = upload(client, as_bytes(workbook), valid_from=valid_from).get_data(as_text=True)
    assert "Ended terms" in html and "Tom Schulz" in html and "IHK: inactive" in html
    assert confirm(client, html).status_code == 302
    db.session.expire_all()
    deputy_term = db.session.scalar(select(Membership).where(Membership.person_id == council["deputy"].id))
    assert deputy_term.ends_on == services.today()
    assert not db.session.get(Seat, council["vacant"].id).is_active


def test_rule_violations_are_listed_by_row_and_nothing_is_applied(client, db, login_as, council):
    login_as("organiser")
    workbook = export(client)
    sheet = workbook.worksheets[0]
    grund = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Grundschulen")
    grund[6].value, grund[7].value = "Neu", "neu@example.org"
    before = membership_count(db)
    # the current terms began in 2024: a change valid from 2023 would overlap them
    response = upload(client, as_bytes(workbook), valid_from=date(2023, 6, 1))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing can be applied" in html and f"Row {grund[0].row}" in html
    assert 'name="payload"' not in html
    db.session.expire_all()
    assert membership_count(db) == before
    assert db.session.scalar(select(Person).where(Person.email == "neu@example.org")) is None


def test_a_tampered_or_missing_confirmation_is_refused(client, db, login_as, council):
    login_as("organiser")
    response = client.post("/manage/council/seats/import/confirm", data={"payload": "eyJmYWtlIjoxfQ.abc.def"})
    assert response.status_code == 422 and "upload it again" in response.get_data(as_text=True)
    assert client.post("/manage/council/seats/import/confirm", data={}).status_code == 302


# --- Import: bad files ----------------------------------------------------------------------------------

def sheet_with(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return as_bytes(workbook)


def blank(**cells) -> list:
    row = [""] * len(HEADER)
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


@pytest.mark.parametrize(("name", "data", "message"), [
    ("sitze.xlsx", b"", "The file is empty"),
    ("bild.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Excel workbook"),
    ("sitze.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Excel workbook"),
    ("sitze.xlsx", b"PK\x03\x04 not really a zip", "could not be read"),
    ("sitze.csv", b"Group;Seat\n", "Excel workbook"),
])
def test_files_that_are_no_workbooks_get_a_message(client, db, login_as, name, data, message):
    login_as("organiser")
    response = upload(client, data, name=name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_zip_that_is_no_workbook_gets_a_message(client, db, login_as):
    login_as("organiser")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    response = upload(client, buffer.getvalue())
    assert response.status_code == 422 and "could not be read" in response.get_data(as_text=True)


def test_a_wrong_header_names_the_columns(client, db, login_as):
    login_as("organiser")
    header = ["Name", "Seat", "Institution", "Active"]
    response = upload(client, sheet_with([["a", "b", "c", "yes"]], header=header))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Row 1 does not hold the expected column names" in html
    assert "Column A should be “Group”, but is “Name”" in html and "Column E should be “Member: title”" in html


def test_empty_required_cells_are_listed_by_row(client, db, login_as):
    login_as("organiser")
    rows = [blank(Group="Schulen", Seat="Gut", Institution="Schule A"),
            blank(Group="Schulen", Institution="Schule B"),
            blank(Seat="Ohne Gruppe", Institution="Schule C", **{"Member: given name": "Nur Vorname"}),
            blank(Group="Schulen", Seat="Datum", Institution="Schule D", Active="vielleicht",
                  **{"Deputy: family name": "X", "Deputy: since": "gestern", "Deputy: e-mail": "kein at"}),
            blank(Group="schulen", Seat="GUT", Institution="Schule E")]
    response = upload(client, sheet_with(rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Row 3: the seat is missing." in html
    assert "Row 4: the group is missing." in html and "Row 4: Member: the family name is missing." in html
    assert "Row 5: “vielleicht” in the column “active” is neither yes nor no." in html
    assert "Row 5: Deputy: “since” is not a date" in html and "Row 5: Deputy: “kein at” is not an e-mail" in html
    assert "Row 6: the seat “GUT” in “schulen” is already in row 2." in html
    assert "Row 2:" not in html
    assert db.session.scalar(select(func.count(Seat.id))) == 0


def test_a_header_without_seats_and_too_many_rows_are_refused(client, db, login_as):
    login_as("organiser")
    response = upload(client, sheet_with([]))
    assert response.status_code == 422 and "no seats below the column names" in response.get_data(as_text=True)
    many = [blank(Group="G", Seat=f"S{i}", Institution="O") for i in range(501)]
    response = upload(client, sheet_with(many))
    assert response.status_code == 422 and "At most 500 seats" in response.get_data(as_text=True)


def test_a_file_over_2_mb_is_refused(client, db, login_as, monkeypatch):
    # A smaller limit keeps the upload in memory: the test client leaves its spooled temporary file open.
    monkeypatch.setattr(seat_xlsx, "MAX_BYTES", 4096)
    login_as("organiser")
    response = upload(client, b"PK\x03\x04" + b"0" * 5000)
    assert response.status_code == 413 and "larger than 2 MB" in response.get_data(as_text=True)


def test_keys_as_header_and_yes_no_words_are_accepted(client, db, login_as):
    login_as("organiser")
    from conference.council.seat_xlsx import column_keys

    rows = [["Kitas", "Träger (1)", "AWO", "x", "", "Anna", "Berg", "", "01.02.2025", "", "", "", "", "", "", ""],
            ["Kitas", "Träger (2)", "'=AWO", "nein", "", "", "", "", "", "", "", "", "", "", "", ""]]
    html = upload(client, sheet_with(rows, header=column_keys())).get_data(as_text=True)
    assert "New seats (2)" in html
    assert confirm(client, html).status_code == 302
    seat = db.session.scalar(select(Seat).where(Seat.label == "Träger (1)"))
    assert seat.is_active and seat.memberships[0].starts_on == date(2025, 2, 1)
    second = db.session.scalar(select(Seat).where(Seat.label == "Träger (2)"))
    assert second.organisation.name == "=AWO" and not second.is_active  # the apostrophe is the export's defence
    assert db.session.scalar(select(func.count(Organisation.id))) == 2


def test_only_organisers_import(client, db, login_as):
    login_as("analyst")
    assert client.post("/manage/council/seats/import/confirm", data={"payload": "x"}).status_code == 403
    assert upload(client, sheet_with([])).status_code == 403


def test_people_are_matched_by_address_then_by_name_but_never_given_another_address(client, db, login_as, council):
    login_as("organiser")
    rows = [blank(Group="Kitas", Seat="A", Institution="Kita A",
                  **{"Member: given name": "Tom", "Member: family name": "Schulz"}),  # no address: by name
            blank(Group="Kitas", Seat="B", Institution="Kita B",
                  **{"Member: given name": "Eva", "Member: family name": "Meier",
                     "Member: e-mail": "andere.eva@example.org"})]  # another address: a namesake
    html = upload(client, sheet_with(rows)).get_data(as_text=True)
    assert "New people (1)" in html and "andere.eva@example.org" in html
    assert confirm(client, html).status_code == 302
    db.session.expire_all()
    a = db.session.scalar(select(Seat).where(Seat.label == "A"))
    b = db.session.scalar(select(Seat).where(Seat.label == "B"))
    assert a.memberships[0].person_id == council["deputy"].id
    assert b.memberships[0].person_id != council["member"].id
    assert db.session.get(Person, council["member"].id).email == "eva@example.org"
    # two people of that name now: without an address the row is ambiguous
    rows = [blank(Group="Kitas", Seat="C", Institution="Kita C",
                  **{"Member: given name": "Eva", "Member: family name": "Meier"})]
    response = upload(client, sheet_with(rows))
    assert response.status_code == 422 and "several people called Eva Meier" in response.get_data(as_text=True)
