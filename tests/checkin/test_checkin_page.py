"""The staff check-in page of an open day: finding people, checking bookings in and out, the refusals, who
may use it, and the figures."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest
from flask_babel import force_locale

from conference.checkin import services
from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.errors import ConflictError, NotFoundError
from conference.registration.models import Booking, BookingStatus
from tests.checkin.day_setup import in_german, open_day
from tests.factories import make_council, make_edition, make_session, make_slot
from tests.surveys.answer_setup import book, make_registration


def status_of(db, booking) -> tuple[BookingStatus, datetime | None]:
    db.session.expire_all()
    found = db.session.get(Booking, booking.id)
    return found.status, found.checked_in_at


# --- Finding people --------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["Müller", "müller", "MÜLLER", "jana.mueller@EXAMPLE", "A  MÜ"])
def test_search_by_name_or_email_ignores_case_in_any_script(db, query):
    day = open_day()
    found = services.search(day.edition, query).registrations
    assert day.jana in found
    assert day.deniz not in found


def test_search_for_oeztuerk_in_capitals_finds_her(db):
    day = open_day()
    assert services.search(day.edition, "ÖZTÜRK").registrations == [day.deniz]


def test_search_by_ticket_code_with_or_without_dash_and_in_lower_case(db):
    day = open_day()
    code = day.jana.ticket_code
    for typed in (code, code.lower(), code.replace("-", ""), code.replace("-", " "), code[:4]):
        assert day.jana in services.search(day.edition, typed).registrations, typed


def test_search_needs_two_characters_escapes_wildcards_and_stays_in_its_edition(db):
    day = open_day()
    other = make_edition()
    make_registration(other, "jana.other@example.org", name="Jana Müller")
    assert services.search(day.edition, "J").registrations == []
    assert services.search(day.edition, "%%").registrations == []
    assert services.search(day.edition, "__").registrations == []
    assert services.search(day.edition, "Jana").registrations == [day.jana]


def test_anonymised_registrations_are_never_found(db):
    day = open_day()
    day.jana.anonymised_at = utcnow()
    code = day.jana.ticket_code
    db.session.flush()
    assert services.search(day.edition, "Jana").registrations == []
    with pytest.raises(NotFoundError):
        services.find_ticket(day.edition, code)


def test_the_results_stop_at_the_limit_and_say_there_are_more(db):
    day = open_day()
    for n in range(services.RESULT_LIMIT + 1):
        make_registration(day.edition, f"gast{n}@example.org", name=f"Gast {n:02d}")
    result = services.search(day.edition, "Gast")
    assert len(result.registrations) == services.RESULT_LIMIT and result.has_more
    assert [r.name for r in result.registrations][:2] == ["Gast 00", "Gast 01"]


def test_the_default_slot_is_the_one_running_now_or_the_next(db):
    day = open_day()
    choices = services.slot_choices(day.edition)
    first, second = (c for c in choices if c.slot)
    assert services.choose_slot(choices, None, first.slot.starts_at.replace(hour=5)).key == first.key
    assert services.choose_slot(choices, None, first.slot.starts_at).key == first.key
    assert services.choose_slot(choices, None, first.slot.ends_at).key == second.key  # between: the next one
    assert services.choose_slot(choices, None, second.slot.ends_at).key == second.key  # the day is over: the last
    assert services.choose_slot(choices, second.key, first.slot.starts_at).key == second.key
    assert services.choose_slot(choices, "99999", first.slot.starts_at).key == first.key


# --- The page --------------------------------------------------------------------------------------

def test_searching_shows_the_person_and_the_bookings_of_the_chosen_slot(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    slot = day.morning.slot_id
    response = client.get(day.url(f"/?slot={slot}&q=jana"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert "Jana Müller" in html and day.jana.ticket_code in html
    assert f'id="booking-{day.jana_morning.id}"' in html
    assert f'id="booking-{day.jana_afternoon.id}"' not in html  # the other slot's booking is not in the list
    assert f'action="/manage/editions/{day.edition.id}/check-in/bookings/{day.jana_morning.id}"' in html
    afternoon = client.get(day.url(f"/?slot={day.afternoon.slot_id}&q=jana")).get_data(as_text=True)
    assert f'id="booking-{day.jana_afternoon.id}"' in afternoon


def test_nobody_found_and_too_short_queries_say_so(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    assert in_german("Nobody found for “%(q)s”.", q="Zebra") in client.get(day.url("/?q=Zebra")).get_data(
        as_text=True)
    assert in_german("Please type at least %(n)d characters.", n=2) in client.get(day.url("/?q=J")).get_data(
        as_text=True)


def test_check_in_and_undo_from_the_search(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    slot = day.morning.slot_id
    response = client.post(day.url(f"/bookings/{day.jana_morning.id}"), data={"q": "jana", "slot": str(slot)})
    assert response.status_code == 302
    assert response.headers["Location"] == day.url(f"/?slot={slot}&q=jana#booking-{day.jana_morning.id}")
    status, at = status_of(db, day.jana_morning)
    assert status == BookingStatus.ATTENDED and at is not None
    assert status_of(db, day.jana_afternoon) == (BookingStatus.BOOKED, None)  # only the booking tapped
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert in_german("%(name)s is checked in for “%(title)s”.", name="Jana Müller", title="Lesen mit Bildern") in html
    assert f'action="/manage/editions/{day.edition.id}/check-in/bookings/{day.jana_morning.id}/undo"' in html

    # Tapping again (a second phone, a double tap) changes nothing.
    assert client.post(day.url(f"/bookings/{day.jana_morning.id}"), data={}).status_code == 302
    assert status_of(db, day.jana_morning) == (BookingStatus.ATTENDED, at)

    response = client.post(day.url(f"/bookings/{day.jana_morning.id}/undo"), data={"back": "ticket"})
    assert response.headers["Location"] == day.url(f"/ticket/{day.jana.ticket_code}#booking-{day.jana_morning.id}")
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)


def test_the_ticket_page_after_a_scan_shows_the_bookings_of_the_day(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    response = client.get(day.url(f"/ticket/{day.jana.ticket_code}"))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert "Jana Müller" in html
    assert html.index(f'id="booking-{day.jana_morning.id}"') < html.index(f'id="booking-{day.jana_afternoon.id}"')
    assert html.count('name="back" value="ticket"') == 2
    # A code typed loosely leads to the ticket's own address.
    loose = client.get(day.url(f"/ticket/{day.jana.ticket_code.replace('-', '').lower()}"))
    assert loose.status_code == 302 and loose.headers["Location"] == day.url(f"/ticket/{day.jana.ticket_code}")


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ", "not-a-code", "0000-0000"])
def test_an_unknown_ticket_is_a_404_page_that_says_so_and_offers_the_search(client, db, login_as, code):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    response = client.get(day.url(f"/ticket/{code}"))
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert in_german("Unknown ticket") in html
    assert f'href="{day.url("/")}"' in html


def test_a_ticket_of_another_edition_is_unknown_here(client, db, login_as):
    day, other = open_day(), open_day(day=datetime(2028, 5, 6).date())
    db.session.commit()
    login_as("organiser")
    assert client.get(day.url(f"/ticket/{other.jana.ticket_code}")).status_code == 404
    assert client.post(day.url(f"/bookings/{other.jana_morning.id}")).status_code == 404
    assert status_of(db, other.jana_morning) == (BookingStatus.BOOKED, None)


def test_cancelled_and_unconfirmed_registrations_are_shown_as_such_and_refused(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    for registration, booking, message in (
            (day.kim, day.kim_morning, "This registration was cancelled: it cannot be checked in."),
            (day.lea, day.lea_morning, "This registration was never confirmed (the e-mail link was not used): it "
                                       "cannot be checked in. Count the person as a walk-in if there is room.")):
        page = client.get(day.url(f"/ticket/{registration.ticket_code}"))
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert in_german(message) in html
        assert "/check-in/bookings/" not in html  # no button
        response = client.post(day.url(f"/bookings/{booking.id}"))
        assert response.status_code == 409
        assert in_german(message) in response.get_data(as_text=True)
    assert status_of(db, day.lea_morning) == (BookingStatus.BOOKED, None)


def test_a_waitlisted_or_cancelled_booking_cannot_be_checked_in(db):
    day = open_day()
    waiting = book(day.deniz, day.afternoon, BookingStatus.WAITLISTED)
    cancelled = book(day.jana, day.forum, BookingStatus.CANCELLED)
    with force_locale("en"), pytest.raises(ConflictError, match="waiting list"):
        services.check_in(day.edition, waiting.id, now=utcnow())
    with force_locale("en"), pytest.raises(ConflictError, match="cancelled"):
        services.check_in(day.edition, cancelled.id, now=utcnow())
    assert (waiting.status, cancelled.status) == (BookingStatus.WAITLISTED, BookingStatus.CANCELLED)


def test_a_booking_cancelled_meanwhile_is_not_checked_in(db):
    """The visitor cancels while the page is open: the stale button must not revive the booking."""
    day = open_day()
    db.session.execute(Booking.__table__.update().where(Booking.id == day.jana_morning.id)
                       .values(status=BookingStatus.CANCELLED.value))
    with pytest.raises(ConflictError):
        services.check_in(day.edition, day.jana_morning.id, now=utcnow())
    assert status_of(db, day.jana_morning)[0] == BookingStatus.CANCELLED


@pytest.mark.parametrize("status", [EditionStatus.DRAFT, EditionStatus.ARCHIVED])
def test_check_in_is_refused_for_a_draft_or_archived_edition(client, db, login_as, status):
    day = open_day()
    day.edition.status = status
    db.session.commit()
    login_as("organiser")
    assert client.post(day.url(f"/bookings/{day.jana_morning.id}")).status_code == 409
    assert client.post(day.url(f"/bookings/{day.deniz_morning.id}/undo")).status_code == 409
    html = client.get(day.url("/?q=jana")).get_data(as_text=True)
    assert "/check-in/bookings/" not in html
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)


def test_a_tampered_form_is_refused_with_422(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    assert client.post(day.url(f"/bookings/{day.jana_morning.id}"), data={"back": "elsewhere"}).status_code == 422
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_buttons_need_the_csrf_token(client, db):
    from flask import g

    from tests.factories import make_user
    from tests.test_csrf import csrf_token

    day = open_day()
    make_user("organiser", email="o@example.org")
    db.session.commit()
    client.post("/login", data={"email": "o@example.org", "password": "secret", "csrf_token": csrf_token(client,
                                                                                                       "/login")})
    assert client.post(day.url(f"/bookings/{day.jana_morning.id}")).status_code == 400
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)
    # The test's app context (and so ``g``) outlives each request: drop the token cached before the login.
    g.pop("csrf_token", None)
    token = csrf_token(client, day.url("/?q=jana"))
    r = client.post(day.url(f"/bookings/{day.jana_morning.id}"), data={"csrf_token": token})
    assert r.status_code == 302, r.get_data(as_text=True)
    assert status_of(db, day.jana_morning)[0] == BookingStatus.ATTENDED


# --- Who may use it --------------------------------------------------------------------------------

def routes(day) -> list[tuple[str, str]]:
    return [("GET", day.url("/")), ("GET", day.url(f"/ticket/{day.jana.ticket_code}")),
            ("POST", day.url(f"/bookings/{day.jana_morning.id}")),
            ("POST", day.url(f"/bookings/{day.deniz_morning.id}/undo"))]


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    day = open_day()
    db.session.commit()
    for method, url in routes(day):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    # A phone camera that opened a ticket's QR code comes back to the ticket after signing in.
    ticket = client.get(day.url(f"/ticket/{day.jana.ticket_code}")).headers["Location"]
    assert ticket == "/login?next=" + quote(day.url(f"/ticket/{day.jana.ticket_code}"), safe="")
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)


@pytest.mark.parametrize("role", ["provider", "analyst", "reviewer"])
def test_other_roles_are_refused(client, db, login_as, role):
    day = open_day()
    db.session.commit()
    if role == "provider":
        from tests.factories import make_organisation

        login_as(role, organisation_id=make_organisation().id)
    else:
        login_as(role)
    for method, url in routes(day):
        assert client.open(url, method=method).status_code == 403, url
    assert status_of(db, day.jana_morning) == (BookingStatus.BOOKED, None)


def test_admins_may_check_in(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("admin")
    assert client.post(day.url(f"/bookings/{day.jana_morning.id}")).status_code == 302
    assert status_of(db, day.jana_morning)[0] == BookingStatus.ATTENDED


def test_a_council_edition_leads_to_the_council_check_in(client, db, login_as):
    council = make_council()
    db.session.commit()
    login_as("organiser")
    response = client.get(f"/manage/editions/{council.id}/check-in/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/manage/editions/{council.id}/council/checkin/"
    assert client.get(response.headers["Location"]).status_code == 200


def test_the_edition_page_links_to_the_check_in(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    assert f'href="{day.url("/")}"' in client.get(f"/manage/editions/{day.edition.id}").get_data(as_text=True)


# --- Figures ---------------------------------------------------------------------------------------

def test_figures_per_offer_slot_and_day(db):
    day = open_day()
    choice = services.choose_slot(services.slot_choices(day.edition), str(day.morning.slot_id), utcnow())
    table = services.figures(day.edition, choice)
    rows = {row.label: (row.booked, row.checked_in, row.not_checked_in, row.walk_ins) for row in table.sessions}
    # Morning: Jana and Lea booked, Deniz checked in; Kim's cancelled booking counts nowhere.
    assert rows == {"Forum Übergang": (0, 0, 0, 7), "Lesen mit Bildern": (3, 1, 2, 0)}
    slot, whole = table.slot_total, table.day_total
    assert (slot.booked, slot.checked_in, slot.not_checked_in, slot.walk_ins) == (3, 1, 2, 7)
    assert (whole.booked, whole.checked_in, whole.not_checked_in, whole.walk_ins) == (4, 1, 3, 7)
    services.check_in(day.edition, day.jana_afternoon.id, now=utcnow())
    whole = services.figures(day.edition, choice).day_total
    assert (whole.booked, whole.checked_in, whole.not_checked_in) == (4, 2, 2)


def test_the_page_shows_the_figures_and_they_change_with_a_check_in(client, db, login_as):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    url = day.url(f"/?slot={day.morning.slot_id}")

    def slot_row():
        html = client.get(url).get_data(as_text=True)
        row = html[html.index('id="figures-slot"'):]
        return [cell.split(">")[-1] for cell in row[:row.index("</tr>")].split("</td>")[:-1]]

    assert slot_row() == ["3", "1", "2", "7"]
    client.post(day.url(f"/bookings/{day.jana_morning.id}"))
    assert slot_row() == ["3", "2", "1", "7"]


def test_an_edition_without_slots_checks_in_all_day(client, db, login_as):
    edition = make_edition(status=EditionStatus.REGISTRATION_CLOSED)

    stand = make_session(edition, title="Stand der Bibliothek", slot=None)
    registration = make_registration(edition, "ali@example.org", name="Ali Kaya")
    booking = book(registration, stand)
    db.session.commit()
    login_as("organiser")
    html = client.get(f"/manage/editions/{edition.id}/check-in/?q=Kaya").get_data(as_text=True)
    assert f'id="booking-{booking.id}"' in html
    assert f'value="{services.ALL_DAY}" selected' in html


def test_the_search_page_needs_the_same_queries_for_one_or_many_people(client, db, login_as, count_queries):
    day = open_day()
    db.session.commit()
    login_as("organiser")
    url = day.url(f"/?slot={day.morning.slot_id}&q=example.org")
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(15):
        registration = make_registration(day.edition, f"viele{n}@example.org", name=f"Viele {n}")
        book(registration, day.afternoon if n % 2 else day.morning)
    db.session.commit()
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert "Viele 14" in html
    assert many.count == few.count


def test_the_all_day_choice_is_offered_only_for_offers_without_a_slot(db):
    edition = make_edition(status=EditionStatus.REGISTRATION_CLOSED)
    only = make_slot(edition)

    make_session(edition, slot=only)
    assert [c.key for c in services.slot_choices(edition)] == [str(only.id)]
    make_session(edition, slot=None, title="Stand")
    assert [c.key for c in services.slot_choices(edition)] == [str(only.id), services.ALL_DAY]
