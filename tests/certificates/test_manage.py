"""The organisers' certificates page: the rule and signature settings, the list of registrations with their
attendance, the bulk ZIP (audited), and who may open it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from flask import g
from sqlalchemy import select

from conference.audit.models import AuditEntry
from conference.editions.models import EditionStatus
from tests.certificates.setup import open_day, visitor
from tests.council.test_signature_pdf import pdf_pages
from tests.factories import make_council, make_user
from tests.test_csrf import csrf_token


def page_url(edition) -> str:
    return f"/manage/editions/{edition.id}/certificates/"


def zip_url(edition) -> str:
    return f"/manage/editions/{edition.id}/certificates/certificates.zip"


def audit_entries() -> list[AuditEntry]:
    from conference.extensions import db

    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export.certificates")).all()


@pytest.fixture
def day(db):
    day = open_day()
    visitor(day, attended=[day.reading, day.garden], missed=[day.maths], name="Änne Öztürk")
    visitor(day, attended=[day.reading], missed=[day.garden], name="Bernd Brösel")  # 1/3 of the time
    visitor(day, attended=[day.maths], name="Carla Çelik")
    visitor(day, attended=[day.reading], name="Dora Dunst", cancelled=True)
    db.session.commit()
    return day


def test_the_page_lists_every_registration_with_its_attendance(client, login_as, day):
    login_as("organiser")
    response = client.get(page_url(day.edition) + "?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 of 4 registrations get a certificate." in page
    assert "Änne Öztürk" in page and "2 of 3" in page and "2.25 of 3.25" in page and "69.2 %" in page
    assert "Bernd Brösel" in page and "Below the minimum share" in page and "33.3 %" in page
    assert "Dora Dunst" in page and "Cancelled" in page
    assert page.index("Änne Öztürk") < page.index("Bernd Brösel") < page.index("Carla Çelik")
    assert f'href="{zip_url(day.edition)}"' in page
    assert '<caption class="visually-hidden">' in page and 'scope="col"' in page
    assert 'id="min_share"' in page and 'for="min_share"' in page and 'value="50"' in page


def test_before_the_event_the_page_says_so_and_offers_no_zip(client, login_as, db):
    day = open_day(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9))
    visitor(day, missed=[day.reading])
    db.session.commit()
    login_as("organiser")
    page = client.get(page_url(day.edition) + "?lang=en").get_data(as_text=True)
    assert "Certificates are issued after the event" in page
    assert "Event not over yet" in page
    assert "certificates.zip" not in page


def test_the_settings_are_saved(client, login_as, day, db):
    login_as("organiser")
    response = client.post(page_url(day.edition), data={
        "min_share": "30", "signatory": "  Prof. Dr. Müller  ", "signatory_role": "Dezernentin für Bildung"})
    assert response.status_code == 302
    db.session.refresh(day.edition)
    assert day.edition.certificate_min_share == pytest.approx(0.3)
    assert day.edition.certificate_signatory == "Prof. Dr. Müller"
    assert day.edition.certificate_signatory_role == "Dezernentin für Bildung"
    page = client.get(page_url(day.edition) + "?lang=en").get_data(as_text=True)
    assert "3 of 4 registrations get a certificate." in page  # Bernd's third now suffices


@pytest.mark.parametrize(("data", "message"), [
    ({"min_share": "101"}, "Number must be between 0 and 100."),
    ({"min_share": "-1"}, "Number must be between 0 and 100."),
    ({"min_share": "fünfzig"}, "Not a valid integer value."),
    ({"min_share": ""}, "This field is required."),
    ({"min_share": "50", "signatory": "x" * 201}, "Field cannot be longer than 200 characters."),
])
def test_invalid_settings_are_refused_with_a_message(client, login_as, day, db, data, message):
    login_as("organiser")
    response = client.post(page_url(day.edition) + "?lang=en", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and 'id="error-summary"' in page and 'aria-invalid="true"' in page
    db.session.refresh(day.edition)
    assert day.edition.certificate_min_share == 0.5


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_settings_form_needs_its_csrf_token(client, day, db):
    make_user("organiser", email="o@example.org")
    db.session.commit()
    client.post("/login", data={"email": "o@example.org", "password": "secret",
                                "csrf_token": csrf_token(client, "/login")})
    assert client.post(page_url(day.edition), data={"min_share": "10"}).status_code == 400
    db.session.refresh(day.edition)
    assert day.edition.certificate_min_share == 0.5
    # The tests' app context outlives requests, and Flask-WTF caches the token in ``g``: drop the one made
    # before the login cleared the session, so the page makes a token for the signed-in session.
    g.pop("csrf_token", None)
    token = csrf_token(client, page_url(day.edition))
    assert client.post(page_url(day.edition), data={"min_share": "10", "csrf_token": token}).status_code == 302
    db.session.refresh(day.edition)
    assert day.edition.certificate_min_share == pytest.approx(0.1)


def test_the_zip_holds_every_issued_certificate_and_is_audited(client, login_as, day, db):
    user = login_as("organiser")
    response = client.get(zip_url(day.edition))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    number = day.edition.number
    assert response.headers["Content-Disposition"] == f'attachment; filename="teilnahmebescheinigungen-{number}.zip"'
    assert response.headers["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = sorted(archive.namelist())
        texts = {name: "\n".join(pdf_pages(archive.read(name))) for name in names}
    assert len(names) == 2
    assert all(name.isascii() and name.startswith(f"bescheinigung-{number}-") and name.endswith(".pdf")
               for name in names)
    people = sorted(next(n for n in ("Änne Öztürk", "Carla Çelik") if n in text) for text in texts.values())
    assert people == ["Carla Çelik", "Änne Öztürk"]
    [entry] = audit_entries()
    assert entry.details == {"count": 2} and entry.edition_id == day.edition.id and entry.actor_id == user.id
    stored = json.dumps([entry.summary, entry.details, entry.subject_type])
    assert "Öztürk" not in stored and "Çelik" not in stored and "@" not in stored


def test_without_issued_certificates_the_zip_is_409_and_not_audited(client, login_as, db):
    day = open_day(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9))
    visitor(day, missed=[day.reading])
    db.session.commit()
    login_as("organiser")
    response = client.get(zip_url(day.edition) + "?lang=en")
    assert response.status_code == 409
    assert "nothing to download" in response.get_data(as_text=True)
    assert audit_entries() == []


def test_a_council_edition_has_no_certificates(client, login_as, db):
    edition = make_council(status=EditionStatus.HELD, day=date(2025, 3, 12))
    db.session.commit()
    login_as("organiser")
    for url in (page_url(edition), zip_url(edition)):
        response = client.get(url + "?lang=en")
        assert response.status_code == 404
        assert "issued for open days only" in response.get_data(as_text=True)
    assert client.post(page_url(edition), data={"min_share": "10"}).status_code == 404


def test_an_unknown_edition_is_404(client, login_as, db):
    login_as("organiser")
    assert client.get("/manage/editions/999/certificates/").status_code == 404


@pytest.mark.parametrize("role", ["provider", "analyst", "reviewer"])
def test_only_organisers_may_enter(client, login_as, day, role):
    login_as(role)
    assert client.get(page_url(day.edition)).status_code == 403
    assert client.get(zip_url(day.edition)).status_code == 403
    assert client.post(page_url(day.edition), data={"min_share": "10"}).status_code == 403
    assert audit_entries() == []


def test_anonymous_visitors_are_sent_to_sign_in(client, day):
    for response in (client.get(page_url(day.edition)), client.get(zip_url(day.edition)),
                     client.post(page_url(day.edition), data={"min_share": "10"})):
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_admins_may_enter(client, login_as, day):
    login_as("admin")
    assert client.get(page_url(day.edition)).status_code == 200


def test_the_list_takes_the_same_number_of_queries_for_1_and_for_30_registrations(client, login_as, db,
                                                                                   count_queries):
    day = open_day()
    visitor(day, attended=[day.reading], missed=[day.garden])
    db.session.commit()
    login_as("organiser")
    with count_queries() as one:
        assert client.get(page_url(day.edition)).status_code == 200
    for n in range(29):
        visitor(day, attended=[day.reading, day.stand], missed=[day.maths], name=f"Person {n}")
    db.session.commit()
    with count_queries() as many:
        assert client.get(page_url(day.edition)).status_code == 200
    assert many.count == one.count


def test_the_edition_page_links_to_certificates_for_open_days_only(client, login_as, day, db):
    council = make_council()
    db.session.commit()
    login_as("organiser")
    assert page_url(day.edition) in client.get(f"/manage/editions/{day.edition.id}").get_data(as_text=True)
    assert "/certificates/" not in client.get(f"/manage/editions/{council.id}").get_data(as_text=True)
