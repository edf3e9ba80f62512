from datetime import date, time

import pytest
from sqlalchemy import select

from conference.editions.models import EditionFormat, EditionStatus
from conference.editions.services import create_next_edition, local
from conference.errors import DomainError
from tests.factories import make_edition, make_slot, make_venue


@pytest.fixture
def source(db):
    edition = make_edition(number=27, day=date(2025, 9, 13), status=EditionStatus.EVALUATED)
    make_venue(edition, "Rathaus", rooms=[("Ratssaal", 120, True), ("Foyer", 60, True)])
    make_venue(edition, "Alte Kämmerei", rooms=[("Werkstatt", 16, False)])
    make_slot(edition, time(11), label="Runde 1")
    make_slot(edition, time(12), label="Runde 2")
    return edition


def test_next_edition_copies_venues_rooms_and_slots_to_the_new_date(db, source):
    new = create_next_edition(source, starts_on=date(2027, 3, 6), title="31. Tag der Bildung")
    assert new.number == 28
    assert new.previous_edition is source
    assert new.status == EditionStatus.DRAFT
    assert [v.name for v in new.venues] == ["Rathaus", "Alte Kämmerei"]
    assert [(r.name, r.capacity, r.is_step_free) for r in new.venues[1].rooms] == [("Werkstatt", 16, False)]
    assert {r.id for v in new.venues for r in v.rooms}.isdisjoint({r.id for v in source.venues for r in v.rooms})
    assert [s.label for s in new.time_slots] == ["Runde 1", "Runde 2"]


def test_times_of_day_survive_a_daylight_saving_change(db, source):
    # September is summer time (UTC+2), March 6 is winter time (UTC+1): 11:00 must stay 11:00.
    new = create_next_edition(source, starts_on=date(2027, 3, 6), title="Next")
    assert local(new.starts_at).time() == time(11)
    assert local(new.ends_at).time() == time(16)
    assert local(new.starts_at).date() == date(2027, 3, 6)
    assert [local(s.starts_at).time() for s in new.time_slots] == [time(11), time(12)]
    assert all(local(s.starts_at).date() == date(2027, 3, 6) for s in new.time_slots)


def test_number_sequence_continues_after_the_highest_number(db, source):
    make_edition(number=30)
    new = create_next_edition(source, starts_on=date(2027, 3, 6), title="Next")
    assert new.number == 31


def test_format_can_change(db, source):
    new = create_next_edition(source, starts_on=date(2026, 3, 11), title="Next", format=EditionFormat.COUNCIL)
    assert new.format == EditionFormat.COUNCIL


def test_next_edition_must_start_later(db, source):
    with pytest.raises(DomainError):
        create_next_edition(source, starts_on=date(2025, 9, 1), title="Earlier")


def test_next_edition_through_the_organiser_page(client, login_as, db, source):
    login_as("organiser")
    db.session.commit()
    page = client.get(f"/manage/editions/{source.id}/next")
    assert page.status_code == 200
    response = client.post(f"/manage/editions/{source.id}/next", data={
        "starts_on": "2027-05-08", "title": "31. Tag der Bildung", "theme": "Bildung gemeinsam gestalten",
        "format": "open_day", "number": "",
    })
    assert response.status_code == 302
    new_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "31. Tag der Bildung" in new_page
    assert "Werkstatt" in new_page


def test_next_edition_with_bad_input_is_a_422_with_messages(client, login_as, db, source):
    login_as("organiser")
    db.session.commit()
    response = client.post(f"/manage/editions/{source.id}/next", data={
        "starts_on": "not a date", "title": "", "format": "open_day"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_sessions_come_along_as_unpublished_drafts_in_the_copied_room_and_slot(db, source):
    from conference.program.models import Session
    from tests.factories import make_organisation, make_session

    room, slot = source.venues[1].rooms[0], source.time_slots[1]
    make_session(source, "Robotik für Kitas", capacity=14, room=room, slot=slot, target_groups=["kita"],
                 topics=["MINT"], organisation=make_organisation("Kita Sonnenschein"), walk_in_count=9,
                 is_pinned=True, workshop_key="robotik", sequence=3)
    make_session(source, "Unplatziert", capacity=None, registration_required=False, kind="stand")

    new = create_next_edition(source, starts_on=date(2027, 3, 6), title="Next", copy_sessions=True)

    copies = {s.title: s for s in db.session.scalars(select(Session).where(Session.edition_id == new.id))}
    assert set(copies) == {"Robotik für Kitas", "Unplatziert"}
    robotik = copies["Robotik für Kitas"]
    assert not robotik.is_published and not robotik.is_pinned
    assert (robotik.room.name, robotik.room.venue.edition_id) == ("Werkstatt", new.id)
    assert (robotik.slot.label, robotik.slot.edition_id) == ("Runde 2", new.id)
    assert local(robotik.slot.starts_at).date() == date(2027, 3, 6)
    assert (robotik.capacity, robotik.target_groups, robotik.topics, robotik.organisation.name,
            robotik.workshop_key) == (14, ["kita"], ["MINT"], "Kita Sonnenschein", "robotik")
    assert (robotik.walk_in_count, robotik.sequence, robotik.submission_id) == (0, 0, None)
    assert copies["Unplatziert"].room is None and copies["Unplatziert"].slot is None
    assert len(db.session.scalars(select(Session).where(Session.edition_id == source.id)).all()) == 2


def test_sessions_stay_behind_unless_asked_for(db, source):
    from conference.program.models import Session
    from tests.factories import make_session

    make_session(source, "Robotik")
    new = create_next_edition(source, starts_on=date(2027, 3, 6), title="Next")
    assert db.session.scalars(select(Session).where(Session.edition_id == new.id)).all() == []


def test_the_form_offers_to_copy_the_sessions_and_does(client, login_as, db, source):
    from conference.program.models import Session
    from tests.factories import make_session

    make_session(source, "Robotik")
    login_as("organiser")
    db.session.commit()
    page = client.get(f"/manage/editions/{source.id}/next").get_data(as_text=True)
    assert 'name="copy_sessions"' in page
    response = client.post(f"/manage/editions/{source.id}/next", data={
        "starts_on": "2027-05-08", "title": "31. Tag der Bildung", "format": "open_day", "copy_sessions": "y"})
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert [s.title for s in db.session.scalars(select(Session).where(Session.edition_id == new_id))] == ["Robotik"]
