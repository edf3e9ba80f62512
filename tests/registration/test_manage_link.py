""""Lost the link?": the links to an address's registrations for an edition are mailed to that address again.
The page answers the same, and after the same padded time, whether or not the address is registered (nobody can
probe who is), an address gets at most one such mail every ten minutes and three a day whoever asks, and cancelled
or anonymised registrations get none."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from conference.database import utcnow
from conference.mail.models import OutboxMessage
from conference.registration import manage_links, services
from conference.registration.models import Registration
from tests.factories import make_open_day

SENT = "If this address is registered for {title}, we have sent it the link to the registration."


def register(edition, sessions, email="zoe@example.net", name="Zoë Gast", now=None):
    return services.register(edition, services.Visitor(name, email), [s.id for s in sessions],
                             privacy_notice_version="test", now=now)


def link_mails(db):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "registration_links")
                              .order_by(OutboxMessage.id)).all()


def ask(client, edition, email):
    return client.post(f"/editions/{edition.id}/register/link", data={"email": email}, follow_redirects=True)


def test_the_registered_address_gets_its_links_in_any_letter_case(client, db, english):
    edition, (x, y) = make_open_day(capacity=1)
    first = register(edition, [x])
    second = register(edition, [y], name="Zoë für die Kollegin")
    register(edition, [x], email="other@example.net")  # waits for x: another address, not mailed
    db.session.commit()
    response = ask(client, edition, "  ZOE@Example.NET ")
    assert response.status_code == 200
    assert SENT.format(title=edition.title) in response.get_data(as_text=True)
    (mail,) = link_mails(db)
    assert mail.recipient == "zoe@example.net" and mail.locale == "en"
    assert mail.subject == f"The link to your registration: {edition.title}"
    for registration in (first, second):
        assert f"/registrations/{registration.manage_token}" in mail.body_text
        assert f"/registrations/{registration.manage_token}" in mail.body_html
        # not confirmed yet and still in time: the confirmation link comes along
        assert f"/registrations/confirm/{registration.confirm_token}" in mail.body_text
    assert f"- {x.title}, 9 May 2099, 10:00: Booked" in mail.body_text
    other = db.session.scalar(select(Registration).where(Registration.email == "other@example.net"))
    assert other.manage_token not in mail.body_text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, english):
    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    known, unknown = ask(client, edition, "zoe@example.net"), ask(client, edition, "nobody@example.net")
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: re.sub(r'name="csrf_token"[^>]*>', "", html)  # noqa: E731
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    assert [m.recipient for m in link_mails(db)] == ["zoe@example.net"]


def test_cancelled_and_anonymised_registrations_are_not_sent(client, db, english):
    edition, (x, y) = make_open_day()
    cancelled = register(edition, [x])
    services.cancel_registration(cancelled)
    gone = register(edition, [y])
    gone.anonymised_at = utcnow()
    db.session.commit()
    assert SENT.format(title=edition.title) in ask(client, edition, "zoe@example.net").get_data(as_text=True)
    assert link_mails(db) == []


def test_an_expired_confirmation_sends_the_manage_link_without_the_confirmation_link(db, app):
    edition, (x, _) = make_open_day()
    long_ago = utcnow() - timedelta(days=30)
    registration = register(edition, [x], now=long_ago)
    db.session.commit()
    with app.test_request_context():
        assert manage_links.send_manage_links_again(edition, "zoe@example.net")
    (mail,) = link_mails(db)
    assert registration.manage_token in mail.body_text
    assert registration.confirm_token not in mail.body_text


def test_one_mail_per_address_every_ten_minutes_whoever_asks(db, app):
    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    now = utcnow()
    with app.test_request_context():
        assert manage_links.send_manage_links_again(edition, "zoe@example.net", now=now)
        assert not manage_links.send_manage_links_again(edition, "Zoe@example.net", now=now + timedelta(minutes=9))
        assert manage_links.send_manage_links_again(edition, "zoe@example.net", now=now + timedelta(minutes=11))
    assert len(link_mails(db)) == 2


def test_the_mail_is_in_german_by_default(client, db):
    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    response = ask(client, edition, "zoe@example.net")
    assert f"Falls diese Adresse für „{edition.title}“ angemeldet ist" in response.get_data(as_text=True)
    (mail,) = link_mails(db)
    assert mail.subject == f"Der Link zu Ihrer Anmeldung: {edition.title}"
    assert "Anmeldung ansehen, ändern oder stornieren" in mail.body_text


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 250 + "@example.net"])
def test_a_bad_address_is_a_422_with_the_message_at_the_field(client, db, email):
    edition, _ = make_open_day()
    db.session.commit()
    response = client.post(f"/editions/{edition.id}/register/link", data={"email": email})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html and 'href="#email"' in html
    assert link_mails(db) == []


def test_the_registration_page_links_to_it_even_when_registration_has_closed(client, db):
    from conference.editions.models import EditionStatus

    edition, _ = make_open_day()
    db.session.commit()
    path = f'href="/editions/{edition.id}/register/link"'
    assert path in client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    edition.status = EditionStatus.PUBLISHED
    db.session.commit()
    assert path in client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert client.get(f"/editions/{edition.id}/register/link").status_code == 200
    assert client.get("/editions/999999/register/link").status_code == 404


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_form_needs_its_csrf_token(client, db):
    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    assert client.post(f"/editions/{edition.id}/register/link", data={"email": "zoe@example.net"}).status_code == 400
    assert link_mails(db) == []


def test_at_most_three_mails_per_address_a_day(db, app):
    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    start = utcnow()
    with app.test_request_context():
        sent = [manage_links.send_manage_links_again(edition, "zoe@example.net", now=start + timedelta(minutes=11 * i))
                for i in range(5)]
        assert sent == [True, True, True, False, False]
        next_day = start + timedelta(hours=24, minutes=1)
        assert manage_links.send_manage_links_again(edition, "zoe@example.net", now=next_day)


@pytest.mark.config(MANAGE_LINK_ANSWER_SECONDS=0.3)
def test_the_answer_takes_the_same_padded_time_for_known_and_unknown_addresses(client, db):
    """Finding and mailing the links costs milliseconds that finding nothing does not; both answers come after
    the same fixed time, so the time does not tell who is registered (a lower bound: no timed assertion above)."""
    import time

    edition, (x, _) = make_open_day()
    register(edition, [x])
    db.session.commit()
    for email in ("zoe@example.net", "nobody@example.net"):
        started = time.monotonic()
        assert client.post(f"/editions/{edition.id}/register/link", data={"email": email}).status_code == 302
        assert time.monotonic() - started >= 0.3
    assert [m.recipient for m in link_mails(db)] == ["zoe@example.net"]
