"""Mails about registrations, written to the outbox in the caller's transaction."""

from __future__ import annotations

from flask_babel import gettext

from conference.checkin import tickets
from conference.links import external_url
from conference.mail.deferred import context_builder, renderer
from conference.mail.services import queue_mail
from conference.registration.models import Booking, Registration


@renderer("registration_ics")
def registration_ics(registration_id: int) -> str | None:
    """The registration's calendar as it stands when the mail is sent."""
    from conference.calendar.views import personal_calendar
    from conference.extensions import db

    registration = db.session.get(Registration, registration_id)
    return personal_calendar(registration).decode() if registration is not None else None


@context_builder("registration_confirm")
def registration_confirm_context(registration_id: int) -> dict | None:
    """The confirmation mail, rendered by the mail worker: the bookings as they stand when it is sent."""
    from conference.extensions import db

    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return None
    return {"registration": registration,
            "confirm_url": external_url("registration.confirm", token=registration.confirm_token),
            "manage_url": external_url("registration.manage", token=registration.manage_token),
            "ticket_file": tickets.attachment_filename(registration) if tickets.mail_ticket(registration) else None}


def notify_registered(registration: Registration) -> None:
    """Queue the confirmation mail. Its body and .ics are rendered at send time, which keeps
    templating off the request in a registration rush."""
    args = {"registration_id": registration.id}
    ics = {"filename": "anmeldung.ics", "content_type": "text/calendar", "render": "registration_ics", "args": args}
    queue_mail(registration.email, "registration_confirm", attachments=[ics, tickets.ticket_attachment(registration)],
               render_args=args,
               subject=gettext("Please confirm your registration: %(title)s", title=registration.edition.title))


def notify_promoted(booking: Booking) -> None:
    registration = booking.registration
    queue_mail(
        registration.email, "booking_promoted",
        subject=gettext("You have a seat: %(title)s", title=booking.session.title),
        registration=registration, booking=booking,
        manage_url=external_url("registration.manage", token=registration.manage_token),
    )


@context_builder("allocation_result")
def allocation_result_context(registration_id: int) -> dict | None:
    from conference.extensions import db

    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return None
    return {"registration": registration,
            "manage_url": external_url("registration.manage", token=registration.manage_token),
            "ticket_file": tickets.attachment_filename(registration) if tickets.mail_ticket(registration) else None}


def notify_allocated(registration: Registration) -> None:
    """The participant's workshops after the allocation (rendered at send time, with their calendar)."""
    args = {"registration_id": registration.id}
    ics = {"filename": "workshops.ics", "content_type": "text/calendar", "render": "registration_ics", "args": args}
    queue_mail(registration.email, "allocation_result", attachments=[ics, tickets.ticket_attachment(registration)],
               render_args=args,
               subject=gettext("Your workshops: %(title)s", title=registration.edition.title))

