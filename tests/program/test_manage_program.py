import io

from openpyxl import Workbook
from sqlalchemy import func, select

from conference.program.models import Session
from conference.registration import services as registrations
from conference.registration.models import CapacityChange
from tests.factories import make_open_day, make_organisation

HEADER = "Titel;Art;Beschreibung;Einrichtung;Ort;Raum;Beginn;Ende;Kapazität;Anmeldung;Zielgruppen;Themen\n"


def count_sessions(db):
    return db.session.scalar(select(func.count(Session.id)))


def test_organiser_creates_and_edits_an_offer(client, db, login_as):
    login_as("organiser")
    edition, (a, _) = make_open_day()
    organisation = make_organisation("Stadtbibliothek")
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/sessions/new", data={
        "kind": "talk", "title": "Lesen macht stark", "organisation_id": organisation.id,
        "room_id": a.room_id, "slot_id": a.slot_id, "capacity": "30", "registration_required": "y",
        "is_published": "y", "target_groups": ["parents"], "topics": ["language"]})
    assert response.status_code == 302
    created = db.session.scalar(select(Session).where(Session.title == "Lesen macht stark"))
    assert (created.capacity, created.topics, created.organisation.name) == (30, ["language"], "Stadtbibliothek")
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lesen macht stark" in detail


def test_registration_without_capacity_is_refused(client, db, login_as):
    login_as("organiser")
    edition, _ = make_open_day()
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/sessions/new", data={
        "kind": "workshop", "title": "Ohne Kapazität", "registration_required": "y", "is_published": "y"})
    assert response.status_code == 422
    assert "brauchen eine Kapazität" in response.get_data(as_text=True)


def test_capacity_below_bookings_needs_the_override_form(client, db, login_as):
    organiser = login_as("organiser")
    edition, (a, _) = make_open_day(capacity=2)
    for n in range(2):
        registrations.register(edition, registrations.Visitor(f"G{n}", f"g{n}@example.org"), [a.id],
                               privacy_notice_version="v")
    db.session.commit()
    base = {"kind": "workshop", "title": a.title, "room_id": a.room_id, "slot_id": a.slot_id,
            "registration_required": "y", "is_published": "y", "capacity": "1"}
    refused = client.post(f"/manage/editions/{edition.id}/sessions/{a.id}/edit", data=base)
    assert refused.status_code == 422
    accepted = client.post(f"/manage/editions/{edition.id}/sessions/{a.id}/edit",
                           data={**base, "override": "y", "reason": "Raumwechsel"})
    assert accepted.status_code == 302
    change = db.session.scalar(select(CapacityChange))
    assert (change.new_capacity, change.is_override, change.user_id, change.reason) == (1, True, organiser.id,
                                                                                        "Raumwechsel")


def test_waitlisted_visitor_gets_a_seat_by_recorded_override(client, db, login_as):
    login_as("organiser")
    edition, (a, _) = make_open_day(capacity=1)
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id], privacy_notice_version="v")
    waiting = registrations.register(edition, registrations.Visitor("B", "b@example.org"), [a.id],
                                     privacy_notice_version="v")
    db.session.commit()
    booking_id = waiting.bookings[0].id
    assert client.post(f"/manage/editions/{edition.id}/bookings/{booking_id}/override",
                       data={"reason": ""}).status_code == 302
    assert registrations.seats_taken(a.id) == 1
    client.post(f"/manage/editions/{edition.id}/bookings/{booking_id}/override", data={"reason": "Presse"})
    assert registrations.seats_taken(a.id) == 2


def test_a_session_with_bookings_cannot_be_deleted(client, db, login_as):
    login_as("organiser")
    edition, (a, b) = make_open_day()
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id], privacy_notice_version="v")
    db.session.commit()
    assert client.post(f"/manage/editions/{edition.id}/sessions/{a.id}/delete").status_code == 409
    assert client.post(f"/manage/editions/{edition.id}/sessions/{b.id}/delete").status_code == 302
    assert count_sessions(db) == 1


def upload(client, edition, filename, content):
    return client.post(f"/manage/editions/{edition.id}/sessions/import",
                       data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def test_csv_import_with_a_bad_row_imports_nothing_and_reports_each_row(client, db, login_as):
    login_as("organiser")
    edition, _ = make_open_day()
    db.session.commit()
    before = count_sessions(db)
    csv = HEADER + ("Gute Zeile;Workshop;;Neue Schule;Rathaus;Raum A;11:00;11:45;20;ja;kita;digital\n"
                    "Schlechte Zeile;Tanzen;;;Rathaus;Keller;09:00;09:30;-3;vielleicht;Astronauten;\n")
    response = upload(client, edition, "angebote.csv", csv.encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Zeile 3" in html and "Tanzen" in html and "Keller" in html and "Astronauten" in html
    assert "Zeile 2" not in html
    assert count_sessions(db) == before


def test_csv_and_xlsx_imports_create_every_row(client, db, login_as):
    login_as("organiser")
    edition, _ = make_open_day()
    db.session.commit()
    before = count_sessions(db)
    csv = HEADER + "Gute Zeile;Workshop;Text;Neue Schule;Rathaus;Raum A;11:00;11:45;20;ja;Eltern;MINT\n"
    assert upload(client, edition, "angebote.csv", ("\ufeff" + csv).encode()).status_code == 302
    imported = db.session.scalar(select(Session).where(Session.title == "Gute Zeile"))
    assert (imported.capacity, imported.target_groups, imported.topics) == (20, ["parents"], ["stem"])
    assert imported.organisation.name == "Neue Schule" and imported.slot_id is not None
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "kind", "venue", "room", "start", "end", "capacity", "registration"])
    sheet.append(["Aus Excel", "talk", "Rathaus", "Raum B", "12:00", "12:45", 40, "nein"])
    sheet.append(["Stand", "Stand", None, None, None, None, None, None])
    data = io.BytesIO()
    workbook.save(data)
    assert upload(client, edition, "angebote.xlsx", data.getvalue()).status_code == 302
    assert count_sessions(db) == before + 3


def test_broken_or_foreign_files_get_a_message(client, db, login_as):
    login_as("organiser")
    edition, _ = make_open_day()
    db.session.commit()
    files = (("kaputt.xlsx", b"not a zip"), ("leer.csv", b""), ("latin1.csv", "Titel;Art\nÄ;talk".encode("latin-1")),
             ("ohne_spalten.csv", b"Name;Zeit\nx;y\n"), ("bild.png", b"\x89PNG"))
    for name, content in files:
        response = upload(client, edition, name, content)
        assert response.status_code == 422, name
    assert client.post(f"/manage/editions/{edition.id}/sessions/import").status_code == 422


def test_walk_ins_count_up_and_down_but_never_below_zero(client, db, login_as):
    login_as("analyst")
    edition, (a, _) = make_open_day()
    db.session.commit()
    url = f"/manage/editions/{edition.id}/sessions/{a.id}/walk-in"
    for delta in ("1", "1", "1", "-1"):
        assert client.post(url, data={"delta": delta}).status_code == 302
    db.session.refresh(a)
    assert a.walk_in_count == 2
    for _ in range(5):
        client.post(url, data={"delta": "-1"})
    db.session.refresh(a)
    assert a.walk_in_count == 0
    assert "Gesamt: 0" in client.get(f"/manage/editions/{edition.id}/walk-ins").get_data(as_text=True)


def test_partners_count_walk_ins_at_their_own_offers_only(client, db, login_as):
    edition, (a, b) = make_open_day()
    own = make_organisation("Eigene Einrichtung")
    a.organisation = own
    login_as("provider", organisation_id=own.id)
    db.session.commit()
    page = client.get(f"/partner/editions/{edition.id}/walk-ins").get_data(as_text=True)
    assert a.title in page and b.title not in page
    base = f"/partner/editions/{edition.id}/sessions"
    assert client.post(f"{base}/{a.id}/walk-in", data={"delta": "1"}).status_code == 302
    assert client.post(f"{base}/{b.id}/walk-in", data={"delta": "1"}).status_code == 404
    db.session.refresh(a)
    assert a.walk_in_count == 1


def test_only_organisers_change_the_programme(client, db, login_as):
    login_as("analyst")
    edition, _ = make_open_day()
    db.session.commit()
    assert client.get(f"/manage/editions/{edition.id}/sessions/").status_code == 200
    assert client.get(f"/manage/editions/{edition.id}/sessions/new").status_code == 403
    assert client.post(f"/manage/editions/{edition.id}/sessions/import").status_code == 403
