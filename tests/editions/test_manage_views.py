from conference.editions.models import Edition, EditionStatus, Room, TimeSlot, Venue
from tests.factories import make_edition, make_organisation, make_slot, make_venue


def test_create_an_edition(client, login_as, db):
    login_as("organiser")
    form = client.get("/manage/editions/new").get_data(as_text=True)
    assert 'name="number"' in form
    response = client.post("/manage/editions/new", data={
        "number": "", "format": "council", "title": "32. Regionale Bildungskonferenz", "theme": "Ganztag",
        "description": "", "starts_at": "2027-10-13T15:00", "ends_at": "2027-10-13T18:00",
    })
    assert response.status_code == 302
    edition = db.session.scalar(db.select(Edition))
    assert edition.number == 1
    assert edition.status == EditionStatus.DRAFT
    assert edition.starts_at.isoformat() == "2027-10-13T13:00:00+00:00"  # 15:00 in Berlin (summer time)


def test_create_refuses_end_before_start_and_taken_numbers(client, login_as, db):
    login_as("organiser")
    make_edition(number=5)
    db.session.commit()
    data = {"number": "5", "format": "council", "title": "X", "starts_at": "2027-10-13T15:00",
            "ends_at": "2027-10-13T18:00"}
    response = client.post("/manage/editions/new", data=data)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Edition.id))) == 1
    data.update(number="6", ends_at="2027-10-13T14:00")
    assert client.post("/manage/editions/new", data=data).status_code == 422


def test_edit_an_edition_keeps_local_times(client, login_as, db):
    login_as("organiser")
    edition = make_edition(number=7)
    db.session.commit()
    form = client.get(f"/manage/editions/{edition.id}/edit").get_data(as_text=True)
    assert 'value="2027-05-08T11:00"' in form
    response = client.post(f"/manage/editions/{edition.id}/edit", data={
        "number": "7", "format": "open_day", "title": "Neuer Titel", "theme": "T", "description": "D",
        "starts_at": "2027-05-08T10:00", "ends_at": "2027-05-08T17:00"})
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.title == "Neuer Titel"
    assert edition.starts_at.isoformat() == "2027-05-08T08:00:00+00:00"


def test_venues_rooms_and_slots_can_be_managed(client, login_as, db):
    login_as("organiser")
    edition = make_edition()
    db.session.commit()
    base = f"/manage/editions/{edition.id}"
    assert client.post(f"{base}/venues/new", data={"name": "Marktplatz", "address": "Markt"}).status_code == 302
    venue = db.session.scalar(db.select(Venue))
    assert client.post(f"{base}/venues/{venue.id}/rooms/new", data={
        "name": "Zelt A", "capacity": "50", "is_step_free": "y", "equipment": "Strom, Stellwände,"}).status_code == 302
    room = db.session.scalar(db.select(Room))
    assert (room.capacity, room.is_step_free, room.equipment) == (50, True, ["Stellwände", "Strom"])
    assert client.post(f"{base}/rooms/{room.id}/edit", data={"name": "Zelt A", "capacity": "60"}).status_code == 302
    db.session.refresh(room)
    assert (room.capacity, room.is_step_free) == (60, False)
    assert client.post(f"{base}/slots/new", data={
        "label": "Runde 1", "starts_at": "2027-05-08T11:00", "ends_at": "2027-05-08T11:45"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(TimeSlot.id))) == 1
    assert client.post(f"{base}/rooms/{room.id}/delete").status_code == 302
    assert client.post(f"{base}/venues/{venue.id}/delete").status_code == 302
    assert db.session.scalar(db.select(db.func.count(Venue.id))) == 0


def test_negative_capacity_is_refused(client, login_as, db):
    login_as("organiser")
    edition = make_edition()
    venue = make_venue(edition)
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/venues/{venue.id}/rooms/new",
                           data={"name": "X", "capacity": "-3"})
    assert response.status_code == 422


def test_a_room_with_sessions_cannot_be_deleted(client, login_as, db):
    from conference.program.models import Session, SessionKind

    login_as("organiser")
    edition = make_edition()
    venue = make_venue(edition)
    slot = make_slot(edition)
    db.session.add(Session(edition=edition, kind=SessionKind.TALK, title="T", room=venue.rooms[0], slot=slot,
                           organisation=make_organisation()))
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/rooms/{venue.rooms[0].id}/delete")
    assert response.status_code == 409
    assert db.session.get(Room, venue.rooms[0].id) is not None


def test_a_room_of_another_edition_is_not_found(client, login_as, db):
    login_as("organiser")
    first, second = make_edition(), make_edition()
    venue = make_venue(second)
    db.session.commit()
    assert client.get(f"/manage/editions/{first.id}/rooms/{venue.rooms[0].id}/edit").status_code == 404
    assert client.get("/manage/editions/99999").status_code == 404


def test_edition_list_query_count_does_not_grow_with_rows(client, login_as, db, count_queries):
    login_as("organiser")
    make_edition()
    db.session.commit()
    with count_queries() as one:
        assert client.get("/manage/editions/").status_code == 200
    for _ in range(49):
        make_edition()
    db.session.commit()
    with count_queries() as fifty:
        assert client.get("/manage/editions/").get_data(as_text=True).count("/manage/editions/") >= 50
    assert one.count == fifty.count


def test_home_page_query_count_does_not_grow_with_rows(client, db, count_queries):
    make_edition()
    db.session.commit()
    with count_queries() as one:
        client.get("/")
    for _ in range(49):
        make_edition()
    db.session.commit()
    with count_queries() as fifty:
        client.get("/")
    assert one.count == fifty.count


def test_edition_pages_query_count_does_not_grow_with_venues(client, login_as, db, count_queries):
    login_as("organiser")
    edition = make_edition()
    make_venue(edition, "V0", rooms=[("R", 10, True)])
    make_slot(edition)
    db.session.commit()
    paths = [f"/editions/{edition.id}", f"/manage/editions/{edition.id}"]
    counts_one = []
    for path in paths:
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts_one.append(counter.count)
    for i in range(1, 12):
        make_venue(edition, f"V{i}", rooms=[("R1", 10, True), ("R2", 20, False)])
    db.session.commit()
    counts_many = []
    for path in paths:
        db.session.expire_all()
        with count_queries() as counter:
            assert "V11" in client.get(path).get_data(as_text=True)
        counts_many.append(counter.count)
    assert counts_one == counts_many


def test_dates_outside_2000_to_2100_are_a_form_error_not_a_500(client, login_as, db):
    login_as("organiser")
    edition = make_edition()
    db.session.commit()
    data = {"format": "council", "title": "X", "starts_at": "0001-01-01T00:10", "ends_at": "0001-01-01T02:00"}
    assert client.post("/manage/editions/new", data=data).status_code == 422
    assert client.post(f"/manage/editions/{edition.id}/slots/new", data=data).status_code == 422


def test_room_equipment_is_listed_in_the_readers_language(client, login_as, db):
    """Known equipment has a label in each language; what an organiser typed freely stays as typed."""
    login_as("organiser")
    edition = make_edition()
    venue = make_venue(edition)
    venue.rooms[0].equipment = ["Beamer", "Stellwände", "Strom"]
    db.session.commit()
    english = client.get(f"/manage/editions/{edition.id}?lang=en").get_data(as_text=True)
    assert "Projector, Display boards, Strom" in english
    german = client.get(f"/manage/editions/{edition.id}?lang=de").get_data(as_text=True)
    assert "Beamer, Stellwände, Strom" in german
