"""The visitor's ticket (QR code) behind the registration's manage link: no login, the token is the key."""

from __future__ import annotations

from flask import Blueprint, Response
from flask_babel import gettext

from conference.checkin import tickets
from conference.errors import NotFoundError
from conference.private_responses import private
from conference.registration import services as registrations

bp = Blueprint("ticket", __name__)
bp.add_app_template_global(tickets.has_ticket, "has_ticket")


def _registration(token: str):
    """The registration of a manage link that has a ticket to show; 404 otherwise (cancelled, not yet
    confirmed, anonymised, or nothing booked)."""
    registration = registrations.get_by_manage_token(token)
    if not tickets.has_ticket(registration):
        raise NotFoundError(gettext("This registration has no ticket (yet): it needs a confirmed e-mail address "
                                    "and at least one booking."))
    return registration


@bp.route("/registrations/<token:token>/ticket.svg")
def svg(token: str):
    registration = _registration(token)
    return private(Response(tickets.ticket_svg(registration), mimetype="image/svg+xml"))


@bp.route("/registrations/<token:token>/ticket.png")
def png(token: str):
    registration = _registration(token)
    return private(Response(tickets.ticket_png(registration), mimetype="image/png"),
                   filename=tickets.attachment_filename(registration))
