from datetime import time

from icalendar import Calendar

from conference.registration import services as registrations
from tests.factories import make_open_day, make_session, make_slot


def test_program_feed_has_one_event_per_timed_session_read_correctly_by_thunderbird(client, db, thunderbird):
    edition, (a, _b) = make_open_day()
    make_session(edition, title="Stand ohne Zeit", registration_required=False, capacity=None)
    make_session(edition, title="Entwurf", is_published=False, slot=a.slot)
    db.session.commit()
    response = client.get(f"/editions/{edition.id}/program.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    api = client.get(f"/api/v1/editions/{edition.id}/sessions").get_json()
    timed = {s["id"] for s in api if s["starts_at"]}
    parsed = thunderbird(response.data)
    assert parsed["method"] == "PUBLISH"
    assert parsed["name"] == edition.title
    assert {e["uid"] for e in parsed["events"]} == {f"session-{i}@conference.example.org" for i in timed}
    first = next(e for e in parsed["events"] if e["uid"].startswith(f"session-{a.id}@"))
    assert first["zone"] == "Europe/Berlin"  # not floating: the VTIMEZONE is there
    assert first["start_utc"] == "2099-05-09T09:00:00.000Z"  # 11:00 summer time in Berlin
    assert first["location"] == "Rathaus, Raum A"
    assert first["url"] == f"http://localhost/editions/{edition.id}/sessions/{a.id}"


def test_uids_are_stable_and_vtimezone_uses_the_iana_name(client, db):
    edition, _ = make_open_day()
    db.session.commit()
    one = client.get(f"/editions/{edition.id}/program.ics").data
    two = client.get(f"/editions/{edition.id}/program.ics").data
    assert one == two
    calendar = Calendar.from_ical(one)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert all(e["DTSTART"].params["TZID"] == "Europe/Berlin" for e in calendar.walk("VEVENT"))


def test_sequence_rises_when_time_or_place_changes(client, db, thunderbird):
    from conference.program.manage_services import update_session_placement

    edition, (a, b) = make_open_day()
    db.session.commit()

    def sequence():
        events = thunderbird(client.get(f"/editions/{edition.id}/sessions/{a.id}.ics").data)["events"]
        return events[0]["sequence"]

    assert sequence() == 0
    later = make_slot(edition, time(15), label="Runde 5")
    update_session_placement(a, slot=later, room=a.room)
    db.session.commit()
    assert sequence() == 1
    update_session_placement(a, slot=later, room=b.room)
    db.session.commit()
    assert sequence() == 2
    update_session_placement(a, slot=later, room=b.room)  # no change, no new sequence
    db.session.commit()
    assert sequence() == 2


def test_moving_a_time_slot_raises_the_sequence_of_its_sessions(client, db):
    from conference.editions import venues

    edition, (a, _) = make_open_day()
    db.session.commit()
    venues.save_slot(edition, a.slot, label="Runde 1", starts_at=a.slot.starts_at, ends_at=a.slot.ends_at)
    assert a.sequence == 0
    venues.save_slot(edition, a.slot, label="Runde 1", starts_at=a.slot.starts_at,
                     ends_at=a.slot.ends_at.replace(minute=50))
    assert a.sequence == 1


def test_personal_feed_follows_the_bookings(client, db, thunderbird):
    edition, (a, b) = make_open_day(capacity=1)
    holder = registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id],
                                    privacy_notice_version="v")
    guest = registrations.register(edition, registrations.Visitor("B", "b@example.org"), [a.id, b.id],
                                   privacy_notice_version="v")
    db.session.commit()
    feed = f"/registrations/{guest.manage_token}/calendar.ics"
    response = client.get(feed)
    assert response.headers["Cache-Control"] == "no-store"
    statuses = {e["uid"].split("@")[0]: e["status"] for e in thunderbird(response.data)["events"]}
    assert statuses == {f"session-{a.id}": "TENTATIVE", f"session-{b.id}": "CONFIRMED"}
    registrations.cancel_booking(holder, a.id)
    registrations.cancel_booking(guest, b.id)
    db.session.commit()
    statuses = {e["uid"].split("@")[0]: e["status"] for e in thunderbird(client.get(feed).data)["events"]}
    assert statuses == {f"session-{a.id}": "CONFIRMED"}


def test_calendar_for_unknown_things_is_404(client, db):
    assert client.get("/editions/999/program.ics").status_code == 404
    assert client.get("/registrations/nope/calendar.ics").status_code == 404


def test_feeds_ask_subscribers_to_refresh_them_hourly_from_their_own_address(client, db, thunderbird):
    """Calendar apps poll a subscription at their own pace unless the feed says how often:
    RFC 7986's REFRESH-INTERVAL (a duration, so it needs VALUE=DURATION) and SOURCE, and Outlook's
    X-PUBLISHED-TTL. A single offer's .ics is a download, not a subscription."""
    edition, (a, _) = make_open_day()
    guest = registrations.register(edition, registrations.Visitor("B", "b@example.org"), [a.id],
                                   privacy_notice_version="v")
    db.session.commit()
    for path in (f"/editions/{edition.id}/program.ics", f"/registrations/{guest.manage_token}/calendar.ics"):
        parsed = thunderbird(client.get(path).data)
        assert parsed["refresh"] == {"type": "duration", "value": "PT1H"}, path
        assert parsed["published_ttl"] == "PT1H", path
        assert parsed["source"] == f"http://localhost{path}", path
    download = thunderbird(client.get(f"/editions/{edition.id}/sessions/{a.id}.ics").data)
    assert download["refresh"] is None and download["source"] is None
