"""The page cache for anonymous visitors (conference/program/views.py, PageCache; docs/benchmarks.md)."""

import pytest

from conference.program import views
from conference.registration import services as registrations
from tests.factories import make_open_day

pytestmark = pytest.mark.config(PROGRAM_CACHE_SECONDS=60)


@pytest.fixture
def clock(monkeypatch):
    """The cache's clock, moved by hand."""

    class Clock:
        now = 1000.0

    monkeypatch.setattr(views.time, "monotonic", lambda: Clock.now)
    return Clock


def book(edition, session, n):
    registrations.register(edition, registrations.Visitor(f"V{n}", f"v{n}@example.org"), [session.id],
                           privacy_notice_version="v")


def test_a_repeated_page_comes_from_memory_without_queries(client, db, count_queries, clock):
    edition, (a, _) = make_open_day(capacity=5)
    db.session.commit()
    url, session_url = f"/editions/{edition.id}/program", f"/editions/{edition.id}/sessions/{a.id}"
    first = client.get(url)
    with count_queries() as counter:
        again = client.get(url)
        not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        session_page = client.get(session_url)
    assert again.status_code == 200 and again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] in ("public, max-age=15", "max-age=15, public")
    assert not_modified.status_code == 304
    assert session_page.status_code == 200
    assert counter.count > 0  # the session page was not cached yet: it was rendered
    with count_queries() as counter:
        client.get(url)
        client.get(session_url)
    assert counter.count == 0, counter.statements


def test_a_change_shows_once_the_period_is_over(client, db, clock):
    edition, (a, _) = make_open_day(capacity=5)
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    before = client.get(url)
    book(edition, a, 1)
    db.session.commit()
    assert client.get(url).get_data() == before.get_data()  # within the period: as it was
    clock.now += 61
    after = client.get(url)
    assert after.get_data() != before.get_data()
    assert after.headers["ETag"] != before.headers["ETag"]


def test_languages_and_filters_are_kept_apart(client, db, clock):
    edition, _ = make_open_day()
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    german = client.get(url).get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = client.get(url).get_data(as_text=True)
    assert german != english and "Programme" in english
    assert client.get(url + "?view=grid").get_data() != english.encode()


def test_signed_in_users_always_get_a_fresh_page(client, db, login_as, count_queries, clock):
    edition, _ = make_open_day(capacity=5)
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    client.get(url)
    login_as("organiser")
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200 and counter.count > 0
    assert "private" in response.headers["Cache-Control"]


def test_revalidations_alone_are_answered_from_memory(app, client, db, count_queries, clock):
    edition, _ = make_open_day()
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    etag = client.get(url).headers["ETag"]
    app.extensions["program_page_cache"].pages.clear()  # e.g. a new worker: it has never rendered the page
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    with count_queries() as counter:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert counter.count == 0
    with count_queries() as counter:
        full = client.get(url)  # only the version is known: a full request renders
    assert full.status_code == 200 and full.headers["ETag"] == etag
    assert counter.count > 0


def test_an_unchanged_page_is_not_rendered_again_when_its_period_is_over(client, db, count_queries, clock,
                                                                          monkeypatch):
    edition, _ = make_open_day(capacity=5)
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    with count_queries() as rendering:
        first = client.get(url)
    clock.now += 61

    def not_again(*args, **kwargs):
        raise AssertionError("the programme was loaded and rendered again")

    monkeypatch.setattr(views.services, "load_program", not_again)
    with count_queries() as checking:
        again = client.get(url)  # the version is checked; the kept copy is still that version
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert 0 < checking.count < rendering.count
    with count_queries() as counter:
        client.get(url)  # and it is fresh for another period
        clock.now += 61
        client.get(url, headers={"If-None-Match": first.headers["ETag"]})  # a revalidation keeps the copy
        clock.now += 1
        client.get(url)
    assert counter.count == checking.count


def test_while_one_thread_refreshes_a_page_the_others_answer_with_the_previous_copy(app, client, db,
                                                                                      count_queries, clock):
    edition, (a, _) = make_open_day(capacity=5)
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    before = client.get(url)
    book(edition, a, 1)
    db.session.commit()
    clock.now += 61
    cache = app.extensions["program_page_cache"]
    key = next(iter(cache.pages))
    assert cache.claim(key)  # another thread is rendering the changed page
    with count_queries() as counter:
        meanwhile = client.get(url)
    assert counter.count == 0 and meanwhile.get_data() == before.get_data()
    clock.now += 60  # a refresh that takes longer than another period is not waited for
    assert client.get(url).get_data() != before.get_data()
    cache.release(key)
    assert client.get(url).get_data() != before.get_data()


@pytest.mark.config(PROGRAM_CACHE_SECONDS=0)
def test_zero_turns_the_cache_off(client, db, count_queries):
    edition, _ = make_open_day()
    db.session.commit()
    url = f"/editions/{edition.id}/program"
    client.get(url)
    with count_queries() as counter:
        client.get(url)
    assert counter.count > 0


def test_places_times_and_institutions_are_part_of_the_version(client, db, clock):
    """What the programme shows besides sessions and bookings: a room's step-free access, a time slot's
    label, the offering institution's name. A change there is a new version (ETag), so neither the page
    cache nor a browser's copy keeps the old one."""
    from conference.editions import venues
    from tests.factories import make_organisation

    edition, (a, _) = make_open_day()
    a.organisation = make_organisation("Volkshochschule")
    db.session.commit()
    url = f"/editions/{edition.id}/program"

    def page():
        clock.now += 61
        response = client.get(url)
        return response.headers["ETag"], response.get_data(as_text=True)

    etag, html = page()
    assert "nicht stufenlos" not in html and "Volkshochschule" in html and "Runde 1" in html
    room = a.room
    venues.save_room(room.venue, room, name=room.name, capacity=room.capacity, is_step_free=False, equipment=[])
    db.session.commit()
    previous = etag
    etag, html = page()
    assert etag != previous and "nicht stufenlos" in html
    venues.save_slot(edition, a.slot, label="Morgenrunde", starts_at=a.slot.starts_at, ends_at=a.slot.ends_at)
    db.session.commit()
    previous = etag
    etag, html = page()
    assert etag != previous and "Morgenrunde" in html
    a.organisation.name = "Stadtbibliothek"
    db.session.commit()
    previous = etag
    etag, html = page()
    assert etag != previous and "Stadtbibliothek" in html and "Volkshochschule" not in html


def test_a_page_that_has_gone_is_not_served_from_memory(app, client, db, clock):
    edition, (a, _) = make_open_day()
    db.session.commit()
    url = f"/editions/{edition.id}/sessions/{a.id}"
    assert client.get(url).status_code == 200
    a.is_published = False
    db.session.commit()
    clock.now += 61
    assert client.get(url).status_code == 404
    assert not app.extensions["program_page_cache"].pages  # no other thread answers with the old copy
