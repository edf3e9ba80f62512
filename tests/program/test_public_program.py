from conference.registration import services as registrations
from tests.calendar.test_feed_versions import age
from tests.factories import make_open_day, make_session


def test_program_lists_sessions_with_free_seats_and_hides_drafts(client, db):
    edition, (a, b) = make_open_day(capacity=2)
    make_session(edition, title="Geheimer Entwurf", is_published=False)
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id], privacy_notice_version="v")
    db.session.commit()
    html = client.get(f"/editions/{edition.id}/program").get_data(as_text=True)
    assert a.title in html and b.title in html
    assert "Geheimer Entwurf" not in html
    assert "1 Plätze frei" in html or "1 Platz frei" in html
    page = client.get(f"/editions/{edition.id}/sessions/{a.id}").get_data(as_text=True)
    assert "(1 von 2 gebucht)" in page


def test_filters_narrow_the_list(client, db):
    edition, (a, b) = make_open_day(capacity=1)
    a.target_groups, b.target_groups = ["kita"], ["teachers"]
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [b.id], privacy_notice_version="v")
    db.session.commit()
    kita = client.get(f"/editions/{edition.id}/program?target_group=kita").get_data(as_text=True)
    assert a.title in kita and b.title not in kita
    free = client.get(f"/editions/{edition.id}/program?free_seats=y").get_data(as_text=True)
    assert a.title in free and b.title not in free
    by_slot = client.get(f"/editions/{edition.id}/program?slot={b.slot_id}").get_data(as_text=True)
    assert b.title in by_slot and a.title not in by_slot


def test_nonsense_filters_show_everything_instead_of_failing(client, db):
    edition, (a, _b) = make_open_day()
    db.session.commit()
    for query in ("venue=abc", "slot=99999999999999", "target_group=<script>", "topic=%00", "view=pie"):
        response = client.get(f"/editions/{edition.id}/program?{query}")
        assert response.status_code == 200, query
        assert a.title in response.get_data(as_text=True)


def test_grid_view_has_venues_as_columns(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    html = client.get(f"/editions/{edition.id}/program?view=grid").get_data(as_text=True)
    assert '<th scope="col" class="kern-table__header">Rathaus</th>' in html
    assert a.title in html


def test_conditional_get_answers_304_until_something_changes(client, db):
    edition, (a, _) = make_open_day(capacity=5)
    db.session.commit()
    age(db, edition)  # Last-Modified is sent once the second of the last change is over (conference.conditional)
    url = f"/editions/{edition.id}/program"
    first = client.get(url)
    assert first.headers["Cache-Control"] in ("public, max-age=15", "max-age=15, public")
    assert "Cookie" in first.headers["Vary"]
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    registrations.register(edition, registrations.Visitor("A", "a@example.org"), [a.id], privacy_notice_version="v")
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200  # a booking changes the free seats, so the page changes
    assert changed.headers["ETag"] != etag


def test_language_gives_a_different_etag(client, db):
    edition, _ = make_open_day()
    db.session.commit()
    german = client.get(f"/editions/{edition.id}/program").headers["ETag"]
    client.set_cookie("lang", "en")
    english = client.get(f"/editions/{edition.id}/program")
    assert english.headers["ETag"] != german
    assert "Programme" in english.get_data(as_text=True)


def test_unknown_or_draft_sessions_are_404(client, db):
    edition, _ = make_open_day()
    draft = make_session(edition, is_published=False)
    db.session.commit()
    assert client.get(f"/editions/{edition.id}/sessions/{draft.id}").status_code == 404
    assert client.get(f"/editions/{edition.id}/sessions/424242").status_code == 404


def test_program_query_count_does_not_grow_with_sessions(client, db, count_queries):
    edition, _ = make_open_day()
    db.session.commit()
    with count_queries() as few:
        client.get(f"/editions/{edition.id}/program")
    for _ in range(40):
        make_session(edition, slot=edition.time_slots[0], room=edition.venues[0].rooms[0])
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        client.get(f"/editions/{edition.id}/program")
    assert few.count == many.count
