"""The manage page's "Book more offers" form and the offer lists: submittable with one box ticked, a
refusal shown on the manage page itself (its only way in is the secret link), offers told apart by room."""

import re

from sqlalchemy import select

from conference.registration import services
from conference.registration.forms import AddSessionsForm, MultiCheckboxField, RegistrationForm
from conference.registration.models import Booking, BookingStatus
from tests.factories import make_open_day, make_session, make_slot


def manage_url(registration) -> str:
    return f"/registrations/{registration.manage_token}"


def registered(edition, session_ids, email="frida@example.org"):
    return services.register(edition, services.Visitor("Frida Gast", email), session_ids,
                             privacy_notice_version="test")


def checkboxes(html: str) -> list[str]:
    return re.findall(r'<input[^>]*type="checkbox"[^>]*>', html)


def test_offer_boxes_do_not_each_carry_required(client, db):
    """``required`` on every box of a group makes the browser demand all of them; "at least one" is the
    server's check, and the group's hint says so."""
    edition, (a, *_) = make_open_day(capacity=5, n_sessions=3)
    registration = registered(edition, [a.id])
    db.session.commit()
    for url in (f"/editions/{edition.id}/register", manage_url(registration)):
        html = client.get(url + "?lang=en").get_data(as_text=True)
        offers = [box for box in checkboxes(html) if 'name="session_ids"' in box]
        assert len(offers) >= 2, url
        assert not any(re.search(r"\brequired\b", box) for box in offers), url
        assert 'aria-describedby="session_ids-hint"' in html and "Choose at least one offer." in html, url
    assert re.search(r'action="/registrations/[^"]+/add" class="form-stack" novalidate>', html)


def test_no_group_of_checkboxes_carries_required(app):
    """The field's option widget is shared by every form with a group of boxes (offers, slots, topics …)."""
    from wtforms.validators import DataRequired

    from conference.form_filters import select_choices
    from conference.forms_base import BaseForm

    class Form(BaseForm):
        boxes = MultiCheckboxField("Boxes", choices=select_choices([("a", "A"), ("b", "B")]),
                                   validators=[DataRequired()])

    with app.test_request_context():
        for form in (Form(meta={"csrf": False}), RegistrationForm(meta={"csrf": False}),
                     AddSessionsForm(meta={"csrf": False})):
            field = getattr(form, "boxes", None) or form.session_ids
            field.choices = field.choices or select_choices([(1, "Eins"), (2, "Zwei")])
            assert field.flags.required  # the rule stays: the server checks "at least one"
            rendered = "".join(str(option()) for option in field) + str(field())
            assert "required" not in rendered


def test_booking_one_more_offer_from_the_manage_page(client, db):
    edition, (a, _, c) = make_open_day(capacity=5, n_sessions=3)
    registration = registered(edition, [a.id])
    db.session.commit()
    response = client.post(f"{manage_url(registration)}/add", data={"session_ids": [c.id]})
    assert response.status_code == 302 and response.headers["Location"] == manage_url(registration)
    assert {bk.session_id for bk in registration.bookings} == {a.id, c.id}


def test_an_overlapping_offer_is_refused_on_the_manage_page_with_the_choice_kept(client, db):
    edition, (a, b) = make_open_day(capacity=5, same_slot=True)
    later = make_session(edition, capacity=5, slot=make_slot(edition, a.slot.starts_at.time().replace(hour=15)))
    registration = registered(edition, [a.id])
    db.session.commit()
    response = client.post(f"{manage_url(registration)}/add?lang=en", data={"session_ids": [b.id, later.id]})
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"
    html = response.get_data(as_text=True)
    assert "My registration" in html  # the manage page, not a bare error page
    add_section = html[html.index('id="add-heading"'):]
    assert 'id="error-summary"' in add_section and 'href="#session_ids"' in add_section
    error = re.search(r'<p class="kern-error" id="session_ids-error">.*?</p>', add_section, re.S).group(0)
    assert "take place at the same time" in error
    assert 'aria-describedby="session_ids-hint session_ids-error"' in add_section
    for session in (b, later):
        box = next(box for box in checkboxes(add_section) if f'value="{session.id}"' in box)
        assert "checked" in box
    assert db.session.scalars(select(Booking.session_id).where(Booking.registration_id == registration.id)).all() \
        == [a.id]


def test_choosing_nothing_shows_the_manage_page_with_the_message(client, db):
    edition, (a, _) = make_open_day(capacity=5)
    registration = registered(edition, [a.id])
    db.session.commit()
    response = client.post(f"{manage_url(registration)}/add?lang=en", data={})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "My registration" in html and "Please choose at least one offer." in html


def test_offers_of_the_same_title_are_told_apart_by_their_room(client, db, english):
    edition, (a, b) = make_open_day(capacity=5, same_slot=True)
    a.title = b.title = "Achtsamkeit im Klassenzimmer"
    db.session.commit()
    html = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert ":45 · Achtsamkeit im Klassenzimmer · Rathaus, Raum A · 5 seats free</label>" in html
    assert ":45 · Achtsamkeit im Klassenzimmer · Rathaus, Raum B · 5 seats free</label>" in html
    response = client.post(f"/editions/{edition.id}/register", data={
        "name": "Frida Gast", "email": "frida@example.org", "consent": "y", "session_ids": [a.id, b.id]})
    assert response.status_code == 422
    assert ("“Achtsamkeit im Klassenzimmer” (Rathaus, Raum A) and “Achtsamkeit im Klassenzimmer” (Rathaus, Raum B) "
            "take place at the same time.") in response.get_data(as_text=True)


def test_the_add_form_names_the_room_too(client, db, english):
    edition, (a, *_) = make_open_day(capacity=5, n_sessions=3)
    registration = registered(edition, [a.id])
    db.session.commit()
    html = client.get(manage_url(registration)).get_data(as_text=True)
    add_section = html[html.index('id="add-heading"'):]
    assert "Workshop" in add_section and "Rathaus, Raum B" in add_section and "Rathaus, Raum A" in add_section
    assert registration.bookings[0].status == BookingStatus.BOOKED
