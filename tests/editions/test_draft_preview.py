"""Staff preview a draft edition's public pages (the edition, its programme and sessions, its call, its privacy
notice): the pages say they are a preview and are never cached; anyone else gets 404 as before."""

import pytest

from conference.editions.models import EditionStatus
from tests.factories import make_call, make_open_day

pytestmark = pytest.mark.config(PROGRAM_CACHE_SECONDS=60)  # the page cache for anonymous visitors is on

NOTE = "Preview of a draft: this page is not public yet. Only staff can see it."


def draft_open_day(db):
    edition, (session, _) = make_open_day()
    edition.status = EditionStatus.DRAFT
    make_call(edition)
    db.session.commit()
    base = f"/editions/{edition.id}"
    return edition, [base, f"{base}/program", f"{base}/sessions/{session.id}", f"{base}/call", f"{base}/privacy"]


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_staff_preview_every_public_page_of_a_draft_linked_from_their_views(client, db, login_as, english, role):
    edition, pages = draft_open_day(db)
    login_as(role)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert NOTE in response.get_data(as_text=True), url
        assert response.headers["Cache-Control"] == "private, no-store", url
    # the links that led to 404 before
    assert f'href="/editions/{edition.id}/program"' in client.get(pages[0]).get_data(as_text=True)
    settings = client.get(f"/manage/editions/{edition.id}/privacy/").get_data(as_text=True)
    assert f'href="/editions/{edition.id}/privacy"' in settings


def test_visitors_get_404_for_a_draft_even_right_after_a_staff_preview(app, client, db, login_as):
    _, pages = draft_open_day(db)
    login_as("organiser")
    assert all(client.get(url).status_code == 200 for url in pages)
    client.post("/logout")
    client.delete_cookie("session")
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert not app.extensions.get("program_page_cache") or not app.extensions["program_page_cache"].pages


def test_a_published_edition_has_no_preview_note_and_stays_cacheable(client, db, login_as, english):
    edition, _ = make_open_day()
    db.session.commit()
    response = client.get(f"/editions/{edition.id}/program")
    assert NOTE not in response.get_data(as_text=True)
    assert "public" in response.headers["Cache-Control"] and "no-store" not in response.headers["Cache-Control"]
    login_as("organiser")
    signed_in = client.get(f"/editions/{edition.id}/program")
    assert NOTE not in signed_in.get_data(as_text=True) and "private" in signed_in.headers["Cache-Control"]
