"""Staff check-in on the event day, under /manage/editions/<id>/check-in/.

An open day is checked in per booking: pick the time slot, find the person (name, e-mail, ticket code, or a
scanned QR code that opens their ticket page) and tap "Checked in". A council edition has its own check-in
per seat; its address here leads there, so staff need one link for both formats.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from conference.accounts.access import guard_area, roles_required
from conference.accounts.models import Role
from conference.checkin import services
from conference.checkin.forms import BookingActionForm
from conference.database import utcnow
from conference.editions import services as editions
from conference.editions.models import EditionFormat
from conference.errors import DomainError, NotFoundError
from conference.private_responses import private
from conference.registration.models import BookingStatus

bp = Blueprint("checkin", __name__, url_prefix="/manage/editions/<int:edition_id>/check-in")
guard_area(bp, Role.ORGANISER)


def _edition(edition_id: int):
    return editions.get_edition(edition_id, include_drafts=True)


def _council(edition) -> bool:
    return edition.format == EditionFormat.COUNCIL


def _page(template: str, **context):
    edition = context["edition"]
    return private(render_template(
        template, form=BookingActionForm(formdata=None), statuses=BookingStatus,
        closed=edition.status in services.CLOSED_STATUSES, search_min=services.SEARCH_MIN,
        search_max=services.SEARCH_MAX, refusal_of=services.refusal, bookings_in=services.bookings_in, **context))


@bp.route("/")
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = _edition(edition_id)
    if _council(edition):
        return redirect(url_for("council_checkin.index", edition_id=edition.id))
    choices = services.slot_choices(edition)
    choice = services.choose_slot(choices, request.args.get("slot"), utcnow())
    result = services.search(edition, request.args.get("q", ""))
    return _page("checkin/index.html", edition=edition, choices=choices, choice=choice, result=result,
                 figures=services.figures(edition, choice))


@bp.route("/ticket/<string(maxlength=40):code>")
@roles_required(Role.ORGANISER)
def ticket(edition_id: int, code: str):
    edition = _edition(edition_id)
    if _council(edition):
        return redirect(url_for("council_checkin.index", edition_id=edition.id))
    try:
        registration = services.find_ticket(edition, code)
    except NotFoundError as error:  # after a bad scan: say so, and offer the scanner and the search again
        response = _page("checkin/unknown_ticket.html", edition=edition, message=error.message)
        response.status_code = 404
        return response
    if registration.ticket_code != code:  # typed loosely: show the one address of this ticket
        return redirect(url_for(".ticket", edition_id=edition.id, code=registration.ticket_code))
    return _page("checkin/ticket.html", edition=edition, registration=registration,
                 bookings=services.day_bookings(registration), refusal=services.refusal(registration))


def _form() -> BookingActionForm:
    form = BookingActionForm()
    if not form.validate_on_submit():
        raise DomainError(" ".join(str(m) for messages in form.errors.values() for m in messages)
                          or gettext("The form has expired. Please submit it again."))
    return form


def _back(edition, booking, form: BookingActionForm):
    if form.back.data == "ticket":
        return redirect(url_for(".ticket", edition_id=edition.id, code=booking.registration.ticket_code,
                                _anchor=f"booking-{booking.id}"))
    return redirect(url_for(".index", edition_id=edition.id, slot=form.slot.data or None, q=form.q.data or None,
                            _anchor=f"booking-{booking.id}"))


@bp.route("/bookings/<int:booking_id>", methods=["POST"])
@roles_required(Role.ORGANISER)
def check_in(edition_id: int, booking_id: int):
    edition = _edition(edition_id)
    form = _form()
    booking = services.check_in(edition, booking_id, now=utcnow())
    flash(gettext("%(name)s is checked in for “%(title)s”.", name=booking.registration.name,
                  title=booking.session.title), "success")
    return _back(edition, booking, form)


@bp.route("/bookings/<int:booking_id>/undo", methods=["POST"])
@roles_required(Role.ORGANISER)
def undo(edition_id: int, booking_id: int):
    edition = _edition(edition_id)
    form = _form()
    booking = services.undo_check_in(edition, booking_id, now=utcnow())
    flash(gettext("The check-in of %(name)s for “%(title)s” was undone.", name=booking.registration.name,
                  title=booking.session.title), "success")
    return _back(edition, booking, form)
