"""Conditional GET for the public feeds that calendar apps and conference apps poll (program.ics, one
session's .ics, schedule.json, schedule.xml): 304 while the programme is unchanged, the new feed as soon as
a session, an institution, a room or the edition changes (also when a session is deleted), and bookings,
which no feed shows, leave their version alone."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from conference.database import utcnow
from conference.organisations.models import Organisation
from conference.program.manage_services import delete_session
from conference.program.models import Session
from conference.registration import services as registrations
from tests.factories import make_open_day, make_session

FEEDS = ("program.ics", "schedule.json", "schedule.xml", "sessions/{a}.ics")


def age(db, edition, seconds: int = 60) -> None:
    """Date the edition's programme ``seconds`` back, as data that has stood for a while."""
    earlier = utcnow() - timedelta(seconds=seconds)
    db.session.execute(update(Session).where(Session.edition_id == edition.id).values(updated_at=earlier))
    db.session.execute(update(Organisation).values(updated_at=earlier))
    edition.updated_at = earlier
    db.session.commit()


@pytest.fixture
def open_day(db):
    edition, (a, b) = make_open_day(capacity=1)
    db.session.commit()
    age(db, edition)
    return edition, a, b


def url(edition, feed: str, a) -> str:
    return f"/editions/{edition.id}/" + feed.format(a=a.id)


@pytest.mark.parametrize("feed", FEEDS)
def test_an_unchanged_feed_is_answered_304(client, db, open_day, feed):
    edition, a, _ = open_day
    first = client.get(url(edition, feed, a))
    assert first.status_code == 200 and first.data
    assert first.headers["ETag"].startswith('W/"')
    assert first.headers["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    for headers in ({"If-None-Match": first.headers["ETag"]}, {"If-Modified-Since": first.headers["Last-Modified"]}):
        again = client.get(url(edition, feed, a), headers=headers)
        assert again.status_code == 304, headers
        assert again.data == b""
        assert again.headers["ETag"] == first.headers["ETag"]
    # A copy of another version is not current, whichever validator the client sends.
    assert client.get(url(edition, feed, a), headers={"If-None-Match": 'W/"other"'}).status_code == 200
    old = {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    assert client.get(url(edition, feed, a), headers=old).status_code == 200


@pytest.mark.parametrize("feed", FEEDS)
def test_bookings_leave_the_feed_alone(client, db, open_day, feed):
    edition, a, b = open_day
    first = client.get(url(edition, feed, a))
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id, b.id],
                           privacy_notice_version="v")
    db.session.commit()
    assert client.get(url(edition, feed, a), headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get(url(edition, feed, a),
                      headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("change", ["session", "institution", "deleted session", "new session"])
def test_a_change_of_the_programme_gives_the_new_feed(client, db, open_day, feed, change):
    edition, a, b = open_day
    first = client.get(url(edition, feed, a))
    if change == "session":
        b.title = "Neuer Titel"
    elif change == "institution":
        organisation = Organisation(name="Stadtbibliothek")
        db.session.add(organisation)
        b.organisation = organisation
        db.session.flush()
        age(db, edition)  # the session's own stamp is old again: only the institution is new
        organisation.name = "Stadtbücherei"
    elif change == "deleted session":
        delete_session(b)
    else:
        make_session(edition, title="Spät gemeldet")
    db.session.commit()
    for headers in ({"If-None-Match": first.headers["ETag"]}, {"If-Modified-Since": first.headers["Last-Modified"]}):
        changed = client.get(url(edition, feed, a), headers=headers)
        assert changed.status_code == 200, headers
        assert changed.headers["ETag"] != first.headers["ETag"]


def test_a_deleted_session_moves_the_programme_page_on(client, db, open_day):
    """Deleting leaves no newer timestamp behind: the page revalidated by date alone must not stay 304."""
    edition, _, b = open_day
    first = client.get(f"/editions/{edition.id}/program")
    assert b.title in first.get_data(as_text=True)
    delete_session(b)
    db.session.commit()
    changed = client.get(f"/editions/{edition.id}/program",
                         headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert changed.status_code == 200
    assert b.title not in changed.get_data(as_text=True)


def test_the_schedule_version_follows_the_programme(client, db, open_day):
    """Conference apps show the schedule's version and tell their users when it changed."""
    edition, _, b = open_day

    def versions():
        as_json = json.loads(client.get(f"/editions/{edition.id}/schedule.json").data)["schedule"]["version"]
        as_xml = re.search(r"<version>([^<]+)</version>", client.get(f"/editions/{edition.id}/schedule.xml").text)[1]
        return as_json, as_xml

    before = versions()
    assert before[0] == before[1]
    b.title = "Verschoben und umbenannt"
    db.session.commit()
    after = versions()
    assert after[0] == after[1] != before[0]
    assert after[0].startswith(f"{edition.number}-")
