"""One address, one place per offer: a new registration that would book a session the address already
holds (booked or waiting, in any letter case) is refused, by the form (422 at the address) and the API
(409), and under the session lock, so two requests at the same moment cannot both pass."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conference.database import utcnow
from conference.errors import ConflictError
from conference.extensions import db as _db
from conference.registration import services
from conference.registration.models import Booking, Registration
from tests.factories import make_open_day
from tests.registration.at_once import at_once

MESSAGE = "This e-mail address is already registered for “{title}”."


def form(session_ids, email="zoe@example.net"):
    return {"name": "Zoë Gast", "email": email, "consent": "y", "session_ids": session_ids}


def register(edition, session_ids, email="zoe@example.net", now=None):
    return services.register(edition, services.Visitor("Zoë Gast", email), session_ids,
                             privacy_notice_version="test", now=now)


def registrations() -> int:
    return _db.session.scalar(select(func.count(Registration.id)))


def test_the_form_refuses_a_second_place_for_the_same_address_in_any_case(client, db, english):
    edition, (x, y) = make_open_day(capacity=5)
    db.session.commit()
    assert client.post(f"/editions/{edition.id}/register", data=form([x.id])).status_code == 302
    response = client.post(f"/editions/{edition.id}/register", data=form([y.id, x.id], email=" ZOE@example.net"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    error = html[html.index('id="email-error"'):]
    assert MESSAGE.format(title=x.title) in error[:error.index("</p>")]
    assert "confirmation e-mail" in error[:error.index("</p>")]
    assert 'href="#email"' in html  # the error summary leads to the field
    assert 'value=" ZOE@example.net"' in html or 'value="ZOE@example.net"' in html  # what was typed stays
    assert registrations() == 1


def test_the_api_answers_409_with_the_message(client, db, english):
    edition, (x, _) = make_open_day(capacity=5)
    db.session.commit()
    body = {"name": "Zoë Gast", "email": "zoe@example.net", "consent": True, "session_ids": [x.id]}
    assert client.post(f"/api/v1/editions/{edition.id}/registrations", json=body).status_code == 201
    again = client.post(f"/api/v1/editions/{edition.id}/registrations", json={**body, "email": "Zoe@Example.NET"})
    assert again.status_code == 409
    assert MESSAGE.format(title=x.title) in again.get_json()["error"]
    assert registrations() == 1


def test_a_waiting_list_place_counts_as_held(db):
    edition, (x, _) = make_open_day(capacity=1)
    register(edition, [x.id], email="erste@example.net")
    register(edition, [x.id])  # waiting list
    with pytest.raises(ConflictError) as refused:
        register(edition, [x.id], email="ZOE@EXAMPLE.NET")
    assert refused.value.field == "email" and refused.value.status_code == 409


def test_other_offers_and_other_addresses_stay_open(db):
    edition, (x, y) = make_open_day(capacity=5)
    register(edition, [x.id])
    register(edition, [y.id])  # the same address, another offer: a registration of its own
    register(edition, [x.id], email="zoe.kollegin@example.net")
    other, (z, _) = make_open_day(capacity=5)
    register(other, [z.id])  # another edition
    assert registrations() == 4


def test_a_cancelled_or_expired_registration_does_not_hold_the_place(db, app):
    edition, (x, y) = make_open_day(capacity=5)
    services.cancel_registration(register(edition, [x.id]))
    register(edition, [x.id])  # after cancelling: welcome again
    past = utcnow() - timedelta(hours=app.config["REGISTRATION_CONFIRM_HOURS"] + 1)
    register(edition, [y.id], now=past)  # never confirmed, expired: "Please register again"
    register(edition, [y.id])
    with pytest.raises(ConflictError):
        register(edition, [y.id])


def test_a_booking_checked_in_already_counts(db):
    edition, (x, _) = make_open_day(capacity=5)
    registration = register(edition, [x.id])
    registration.bookings[0].status = services.BookingStatus.ATTENDED
    _db.session.flush()
    with pytest.raises(ConflictError):
        register(edition, [x.id])


def test_two_requests_with_the_same_address_at_once_take_one_place(app, db, monkeypatch):
    """The check counts after the session lock: with a wide window between count and insert, the second
    request still sees the first one's booking."""
    edition, (x, _) = make_open_day(capacity=5)
    edition_id, session_id = edition.id, x.id  # the threads must not touch this thread's objects
    db.session.commit()
    real_count_held = services.count_held

    def count_slowly(session_ids, now, **kwargs):
        counts = real_count_held(session_ids, now, **kwargs)
        time.sleep(0.05)
        return counts

    monkeypatch.setattr(services, "count_held", count_slowly)
    n = 4

    def register_one(i, this_edition):
        register(this_edition, [session_id], email="Zoe@example.net" if i % 2 else "zoe@EXAMPLE.net")

    refused, other = at_once(app, edition_id, n, register_one, refused_by=ConflictError)
    assert other == []
    assert [error.field for error in refused] == ["email"] * (n - 1)
    _db.session.expire_all()
    assert _db.session.scalar(select(func.count(Booking.id)).where(Booking.session_id == session_id)) == 1
