"""Local date and time input (Europe/Berlin): the skipped spring hour, the doubled autumn hour, fields left
out of a posted edit form, and the round trip of a stored time through an edit form."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from conference.database import utcnow
from conference.editions.models import Edition, TimeSlot
from conference.editions.services import LOCAL_TZ, NonexistentLocalTime, from_local, local_time_exists
from conference.errors import DomainError
from tests.factories import make_call, make_edition, make_slot, make_venue

SPRING = {"starts_at": "2027-03-28T02:30", "ends_at": "2027-03-28T03:30"}  # 02:00–02:59 does not exist
SKIPPED = "This time does not exist on that day: the clocks go forward from 02:00 to 03:00."


def edition_data(**changes):
    return {"number": "", "format": "open_day", "title": "Tag der Bildung", "theme": "", "description": "",
            **changes}


# --- the pure rules ---------------------------------------------------------------------------------------------

def test_a_skipped_time_raises_instead_of_becoming_another_instant():
    with pytest.raises(NonexistentLocalTime):
        from_local(date(2027, 3, 28), time(2, 30))
    assert not local_time_exists(datetime(2027, 3, 28, 2, 0))
    assert local_time_exists(datetime(2027, 3, 28, 3, 0)) and local_time_exists(datetime(2027, 3, 28, 1, 59))
    assert from_local(date(2027, 3, 28), time(3, 0)).astimezone(UTC) == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def test_a_doubled_autumn_time_means_its_first_occurrence_in_summer_time():
    first = from_local(date(2027, 10, 31), time(2, 30))
    assert first.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert first.utcoffset() == timedelta(hours=2)
    # a fold given is ignored (compared in UTC: Python never finds a time in the fold equal to another zone's)
    assert from_local(date(2027, 10, 31), time(2, 30, fold=1)).astimezone(UTC) == first.astimezone(UTC)


def test_start_before_end_is_checked_on_the_instants_not_on_the_wall_clock(db):
    """02:30 in winter time (01:30 UTC) comes after 02:45 in summer time (00:45 UTC), though the clock
    says otherwise: Python compares two times of one zone by the clock alone."""
    from conference.editions import services, venues

    late = datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=LOCAL_TZ)
    early = datetime(2027, 10, 31, 2, 45, fold=0, tzinfo=LOCAL_TZ)
    assert early > late  # the trap
    with pytest.raises(DomainError):
        services.create_edition(format="open_day", title="X", starts_at=late, ends_at=early)
    with pytest.raises(DomainError):
        venues.save_slot(make_edition(), None, label="", starts_at=late, ends_at=early)


# --- the spring gap at every form -------------------------------------------------------------------------------

def test_creating_an_edition_in_the_spring_gap_is_a_422_at_the_field_with_the_input_kept(client, login_as, db,
                                                                                         english):
    login_as("organiser")
    response = client.post("/manage/editions/new", data=edition_data(**SPRING))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'value="2027-03-28T02:30"' in html and 'value="2027-03-28T03:30"' in html
    assert html.count(SKIPPED) == 2  # at the start (03:30 exists) and in the summary above the form
    assert db.session.scalar(db.select(db.func.count(Edition.id))) == 0


def test_the_spring_gap_is_refused_in_german_too(client, login_as, db):
    login_as("organiser")
    response = client.post("/manage/editions/new", data=edition_data(**SPRING))
    assert response.status_code == 422 and '<html lang="de">' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Edition.id))) == 0


@pytest.mark.parametrize("path", ["/edit", "/slots/new"])
def test_editing_and_slots_refuse_the_spring_gap_too(client, login_as, db, english, path):
    login_as("organiser")
    edition = make_edition(number=3, day=date(2027, 3, 28))
    db.session.commit()
    before = (edition.starts_at, edition.ends_at)
    response = client.post(f"/manage/editions/{edition.id}{path}", data=edition_data(number="3", **SPRING))
    assert response.status_code == 422 and SKIPPED in response.get_data(as_text=True)
    db.session.refresh(edition)
    assert (edition.starts_at, edition.ends_at) == before
    assert db.session.scalar(db.select(db.func.count(TimeSlot.id))) == 0


def test_the_other_local_time_forms_refuse_the_spring_gap(client, login_as, db, english):
    login_as("organiser")
    edition = make_edition(number=4)
    make_call(edition)
    db.session.commit()
    base = f"/manage/editions/{edition.id}"
    call = client.post(f"{base}/call", data={
        "opens_at": "2027-03-28T02:15", "closes_at": "2027-04-28T10:00", "kinds": ["workshop"], "score_max": "5",
        "reviews_per_offer": "2"})
    allocation = client.post(f"{base}/allocation/", data={
        "booking_mode": "preference", "choice_opens_at": "2027-03-28T02:15", "choice_closes_at": "2027-04-28T10:00"})
    for response in (call, allocation):
        assert response.status_code == 422 and SKIPPED in response.get_data(as_text=True)


def test_a_time_in_the_autumn_fold_is_saved_as_summer_time(client, login_as, db):
    login_as("organiser")
    response = client.post("/manage/editions/new", data=edition_data(
        starts_at="2027-10-31T02:30", ends_at="2027-10-31T03:00"))
    assert response.status_code == 302
    edition = db.session.scalar(db.select(Edition))
    assert edition.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert edition.ends_at - edition.starts_at == timedelta(hours=1, minutes=30)
    form = client.get(f"/manage/editions/{edition.id}/edit").get_data(as_text=True)
    assert 'value="2027-10-31T02:30"' in form


def test_a_stored_time_in_the_second_autumn_occurrence_survives_saving_its_form_again(english, client, login_as,
                                                                                     db):
    """02:30 winter time (01:30 UTC, e.g. from the API) is shown as 02:30 with a hint and carried in the page: saving
    the form unchanged keeps it, and neither the re-shown form after an error nor a changed time loses the rule."""
    login_as("organiser")
    edition = make_edition(number=9)
    edition.starts_at = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # the second 02:30
    edition.ends_at = datetime(2027, 10, 31, 5, 0, tzinfo=UTC)
    db.session.commit()
    path = f"/manage/editions/{edition.id}/edit"
    form = client.get(path).get_data(as_text=True)
    assert 'value="2027-10-31T02:30"' in form and "Winter time: the second time" in form
    assert '<input type="hidden" name="starts_at-fold" value="2027-10-31T02:30">' in form
    assert 'name="ends_at-fold"' not in form  # 06:00 happens once
    posted = edition_data(number="9", starts_at="2027-10-31T02:30", ends_at="2027-10-31T06:00",
                          **{"starts_at-fold": "2027-10-31T02:30"})
    # an error elsewhere: the re-shown form still carries the winter time
    again = client.post(path, data={**posted, "title": ""})
    assert again.status_code == 422 and 'name="starts_at-fold" value="2027-10-31T02:30"' in again.get_data(True)
    assert client.post(path, data=posted).status_code == 302
    db.session.expire_all()
    assert db.session.get(Edition, edition.id).starts_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    # without the companion (a time typed anew) 02:30 is the first occurrence, in summer time
    assert client.post(path, data={**posted, "starts_at-fold": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Edition, edition.id).starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    # the companion names another value than the one posted: it does not apply
    client.post(path, data={**posted, "starts_at": "2027-10-31T02:45"})
    db.session.expire_all()
    assert db.session.get(Edition, edition.id).starts_at == datetime(2027, 10, 31, 0, 45, tzinfo=UTC)


# --- fields left out of a posted edit form ----------------------------------------------------------------------

def test_an_edit_post_without_fields_is_refused_and_changes_nothing(client, login_as, db):
    login_as("organiser")
    edition = make_edition(number=8, start=time(10), end=time(16))
    slot = make_slot(edition, start=time(10))
    db.session.commit()
    before = (edition.title, edition.starts_at, edition.ends_at, slot.starts_at, slot.ends_at)
    for path in (f"/manage/editions/{edition.id}/edit", f"/manage/editions/{edition.id}/slots/{slot.id}/edit"):
        for _ in range(2):
            response = client.post(path, data={"csrf_token": "x"})
            assert response.status_code == 422, path
            html = response.get_data(as_text=True)
            assert "wurde gespeichert" not in html and html.count("Dieses Feld wird benötigt.") >= 2 * 2
    db.session.expire_all()
    edition, slot = db.session.get(Edition, edition.id), db.session.get(TimeSlot, slot.id)
    assert (edition.title, edition.starts_at, edition.ends_at, slot.starts_at, slot.ends_at) == before


def test_venue_and_room_edits_without_fields_are_refused(client, login_as, db):
    from conference.editions.models import Room

    login_as("organiser")
    edition = make_edition()
    venue = make_venue(edition)
    room = Room(venue=venue, name="Aula", capacity=30)
    db.session.add(room)
    db.session.commit()
    base = f"/manage/editions/{edition.id}"
    assert client.post(f"{base}/venues/{venue.id}/edit", data={}).status_code == 422
    assert client.post(f"{base}/rooms/{room.id}/edit", data={}).status_code == 422


def test_saving_an_edit_form_unchanged_keeps_the_times(client, login_as, db):
    """What the form shows is local time and is read back as local time: no drift however often it is saved."""
    import re

    login_as("organiser")
    edition = make_edition(number=9, start=time(10), end=time(16))
    slot = make_slot(edition, start=time(10))
    db.session.commit()
    before = (edition.starts_at, edition.ends_at, slot.starts_at, slot.ends_at)
    for path in (f"/manage/editions/{edition.id}/edit", f"/manage/editions/{edition.id}/slots/{slot.id}/edit"):
        for _ in range(3):
            html = client.get(path).get_data(as_text=True)
            data = dict(re.findall(r'name="(\w+)"[^>]*?value="([^"]*)"', html))
            data.update(format="open_day", title=data.get("title", "T"))
            assert data["starts_at"] == "2027-05-08T10:00"
            assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    edition, slot = db.session.get(Edition, edition.id), db.session.get(TimeSlot, slot.id)
    assert (edition.starts_at, edition.ends_at, slot.starts_at, slot.ends_at) == before


def test_a_missing_optional_window_is_empty_not_the_old_value_shifted(client, login_as, db):
    """The choice window is optional: left out, it is cleared, never kept and moved by the UTC offset."""
    login_as("organiser")
    edition = make_edition(number=10)
    edition.choice_opens_at = utcnow() + timedelta(days=1)
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/allocation/", data={"booking_mode": "first_come"})
    assert response.status_code in (302, 422)
    db.session.refresh(edition)
    assert edition.choice_opens_at is None or edition.choice_opens_at > utcnow()
