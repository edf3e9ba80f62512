"""Last-Modified has whole seconds (conference/conditional.py): a response sent while the second of the last
change still runs carries only its ETag, so that a client revalidating by date cannot miss a second change
made later in that same second."""

from datetime import UTC, datetime

from conference.conditional import last_modified_header

CHANGED = datetime(2026, 11, 25, 10, 0, 5, 300_000, tzinfo=UTC)


def test_no_last_modified_while_the_second_of_the_change_runs():
    assert last_modified_header(CHANGED, now=CHANGED) is None
    assert last_modified_header(CHANGED, now=CHANGED.replace(microsecond=999_999)) is None


def test_whole_seconds_once_that_second_is_over():
    later = datetime(2026, 11, 25, 10, 0, 6, tzinfo=UTC)
    assert last_modified_header(CHANGED, now=later) == CHANGED.replace(microsecond=0)
    assert last_modified_header(None, now=later) is None


def test_a_page_sent_in_the_second_of_its_change_has_only_its_etag(client, db):
    """Stamped half a minute ahead, the programme's last change has not had its second yet."""
    from tests.calendar.test_feed_versions import age
    from tests.factories import make_open_day

    edition, _ = make_open_day()
    db.session.commit()
    age(db, edition, seconds=-30)
    for path in ("program", "program.ics", "schedule.json"):
        response = client.get(f"/editions/{edition.id}/{path}")
        assert response.status_code == 200 and response.headers["ETag"], path
        assert "Last-Modified" not in response.headers, path
    age(db, edition, seconds=30)
    for path in ("program", "program.ics", "schedule.json"):
        assert "Last-Modified" in client.get(f"/editions/{edition.id}/{path}").headers, path
