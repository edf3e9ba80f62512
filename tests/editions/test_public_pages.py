from datetime import date

from conference.editions.models import EditionFormat, EditionStatus
from tests.factories import make_edition, make_venue


def test_home_lists_upcoming_and_past_editions_but_no_drafts(client, db):
    make_edition(title="Vergangene Ausgabe", day=date(2020, 9, 12), status=EditionStatus.ARCHIVED)
    make_edition(title="Kommende Ausgabe", day=date(2099, 5, 8), status=EditionStatus.REGISTRATION_OPEN)
    make_edition(title="Geheimer Entwurf", day=date(2099, 6, 8), status=EditionStatus.DRAFT)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert html.index("Kommende Ausgabe") < html.index("Vergangene Ausgabe")
    assert "Geheimer Entwurf" not in html


def test_edition_page_shows_theme_date_venues_and_format(client, db):
    edition = make_edition(format=EditionFormat.OPEN_DAY, theme="Bildung im digitalen Zeitalter",
                           day=date(2019, 9, 14))
    make_venue(edition, "Alte Kämmerei", rooms=[("Werkstatt", 16, False)])
    db.session.commit()
    html = client.get(f"/editions/{edition.id}").get_data(as_text=True)
    assert "Bildung im digitalen Zeitalter" in html
    assert "14. September 2019, 11:00–16:00" in html
    assert "Alte Kämmerei" in html
    assert "Tag der Bildung" in html


def test_drafts_are_hidden_from_the_public_but_visible_to_staff(client, db, login_as):
    edition = make_edition(status=EditionStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/editions/{edition.id}").status_code == 404
    login_as("organiser")
    assert client.get(f"/editions/{edition.id}").status_code == 200


def test_unknown_edition_is_404(client):
    assert client.get("/editions/424242").status_code == 404
