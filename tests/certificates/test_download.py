"""The visitor's certificate behind the manage link: the download, 404 for an unknown link, 409 with the
reason when there is none, and the manage page's section that explains it."""

from __future__ import annotations

from datetime import date

import pytest

from conference.database import utcnow
from conference.editions.models import EditionStatus
from tests.certificates.setup import open_day, visitor
from tests.council.test_signature_pdf import pdf_pages


def url(registration) -> str:
    return f"/registrations/{registration.manage_token}/certificate.pdf"


def test_the_visitor_downloads_the_certificate(client, db):
    day = open_day()
    registration = visitor(day, attended=[day.reading, day.garden], missed=[day.maths])
    db.session.commit()
    response = client.get(url(registration))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    number = f"{day.edition.number}-{registration.id}"
    assert response.headers["Content-Disposition"] == f'attachment; filename="bescheinigung-{number}.pdf"'
    assert response.headers["Cache-Control"] == "private, no-store"
    text = "\n".join(pdf_pages(response.data))
    assert "Jürgen Weiß" in text and "Ökologie im Schulgarten" in text and number in text
    assert "Samstag, 13. September 2025" in text  # German, whatever the page's language


def test_the_visitor_can_have_it_in_english(client, db):
    day = open_day(theme="Lernen vor Ort")
    registration = visitor(day, attended=[day.reading, day.garden], missed=[day.maths])
    db.session.commit()
    response = client.get(url(registration) + "?language=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    number = f"{day.edition.number}-{registration.id}"
    assert response.headers["Content-Disposition"] == f'attachment; filename="certificate-{number}.pdf"'
    text = "\n".join(pdf_pages(response.data))
    assert "Certificate of attendance" in text and "This is to certify that" in text
    assert "Saturday, 13 September 2025" in text and "“Lernen vor Ort”" in text  # British order, as on the pages
    assert "Note: Attended 2 of 3 booked sessions (2.25 of 3.25 hours)." in text
    german = "\n".join(pdf_pages(client.get(url(registration)).data))
    assert "Teilnahmebescheinigung" in german and "„Lernen vor Ort“" in german


@pytest.mark.parametrize("language", ["fr", "", "EN", "de-DE"])
def test_another_language_is_404_with_a_message(client, db, language):
    day = open_day()
    registration = visitor(day, attended=[day.reading])
    db.session.commit()
    response = client.get(url(registration) + f"?language={language}", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    assert "Diese Bescheinigung gibt es nicht in dieser Sprache" in response.get_data(as_text=True)


def test_an_unknown_link_is_404(client, db):
    open_day()
    db.session.commit()
    assert client.get("/registrations/no-such-token-at-all/certificate.pdf").status_code == 404


@pytest.mark.parametrize(("setup", "reason"), [
    ("before", "can be downloaded here after the event"),
    ("cancelled", "was cancelled"),
    ("unconfirmed", "never confirmed"),
    ("absent", "No attendance was recorded"),
    ("below", "at least 50 % of the booked time; you attended 33.3 % (0.75 of 2.25 hours)"),
])
def test_without_a_certificate_the_answer_is_409_with_the_reason(client, db, setup, reason):
    future = {"status": EditionStatus.REGISTRATION_CLOSED, "day": date(2099, 5, 9)}
    day = open_day(**(future if setup == "before" else {}))
    attended = {"absent": [], "below": [day.reading]}.get(setup, [day.reading, day.garden])
    missed = [day.garden] if setup in ("absent", "below") else []
    registration = visitor(day, attended=attended, missed=missed, cancelled=setup == "cancelled",
                           confirmed=setup != "unconfirmed")
    db.session.commit()
    response = client.get(url(registration) + "?lang=en")
    assert response.status_code == 409
    assert response.mimetype == "text/html"
    assert reason in response.get_data(as_text=True)


def test_an_anonymised_registration_gets_none(client, db):
    day = open_day()
    registration = visitor(day, attended=[day.reading])
    registration.anonymised_at = utcnow()
    db.session.commit()
    assert client.get(url(registration)).status_code == 409


def test_the_end_having_passed_is_enough_even_before_the_edition_is_marked_held(client, db):
    day = open_day(status=EditionStatus.REGISTRATION_CLOSED, day=date(2025, 9, 13))
    registration = visitor(day, attended=[day.reading])
    db.session.commit()
    assert client.get(url(registration)).status_code == 200


def test_the_manage_page_offers_the_download_and_notes_a_shortfall(client, db):
    day = open_day()
    registration = visitor(day, attended=[day.reading, day.garden], missed=[day.maths])
    db.session.commit()
    page = client.get(f"/registrations/{registration.manage_token}?lang=en").get_data(as_text=True)
    assert '<h2 id="certificate-heading"' in page
    assert f'href="{url(registration)}" hreflang="de" download>Download my certificate of attendance in German' in page
    assert f'href="{url(registration)}?language=en" hreflang="en" download>Download it in English (PDF)' in page
    assert "at least 50 % of the time they booked" in page
    assert "The certificate notes: Attended 2 of 3 booked sessions (2.25 of 3.25 hours)." in page


def test_the_manage_page_says_why_there_is_no_certificate(client, db):
    day = open_day(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9), certificate_min_share=0.75)
    registration = visitor(day, missed=[day.reading])
    db.session.commit()
    page = client.get(f"/registrations/{registration.manage_token}?lang=en").get_data(as_text=True)
    assert "at least 75 % of the time they booked" in page
    assert "can be downloaded here after the event" in page
    assert "certificate.pdf" not in page


def test_the_manage_page_of_an_anonymised_registration_has_no_certificate_section(client, db):
    day = open_day()
    registration = visitor(day, attended=[day.reading])
    registration.anonymised_at = utcnow()
    db.session.commit()
    page = client.get(f"/registrations/{registration.manage_token}?lang=en").get_data(as_text=True)
    assert "certificate-heading" not in page


def test_without_any_time_slot_the_reason_counts_sessions(client, db):
    from tests.factories import make_session

    day = open_day(certificate_min_share=0.75)
    other_stand = make_session(day.edition, "Stand des Jugendamts", registration_required=False)
    registration = visitor(day, attended=[day.stand], missed=[other_stand])
    db.session.commit()
    response = client.get(url(registration) + "?lang=en")
    assert response.status_code == 409
    assert "at least 75 % of the booked sessions; you attended 50 % (1 of 2)" in response.get_data(as_text=True)


def test_the_manage_page_of_a_cancelled_registration_says_there_is_none_before_the_event(client, db):
    """Not "after the event you can download it here": a cancelled registration never gets one."""
    day = open_day(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9))
    registration = visitor(day, missed=[day.reading], cancelled=True)
    db.session.commit()
    page = client.get(f"/registrations/{registration.manage_token}?lang=en").get_data(as_text=True)
    start = page.index('<h2 id="certificate-heading"')
    section = page[start:page.index("</section>", start)]
    assert "This registration was cancelled, so there is no certificate for it." in section
    assert "after the event" not in section and "certificate.pdf" not in section
    german = client.get(f"/registrations/{registration.manage_token}?lang=de").get_data(as_text=True)
    assert "nach der Veranstaltung hier herunterladen" not in german
