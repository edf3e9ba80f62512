from datetime import date, time

import pytest

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
