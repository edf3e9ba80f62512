"""The public RSVP page, reached by the tokenised link in the invitation mail (no login).

The token stands for one seat's invitation: the page shows that seat only, and documents are served
only when they belong to the invitation's own edition."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext

from conference.council import forums, invitations
from conference.council.core import meeting_day, meeting_of
from conference.council.documents import document_path
from conference.council.invitation_forms import RsvpForm, forum_ranking_form
from conference.council.invitation_ics import meeting_location
from conference.council.models import MembershipRole, RsvpStatus
from conference.database import utcnow
from conference.errors import DomainError, NotFoundError
from conference.extensions import limiter
from conference.form_errors import attach_error
from conference.registration import preferences
from conference.registration.models import SEAT_HOLDING

bp = Blueprint("rsvp", __name__, url_prefix="/rsvp")


def _private(response):
    """The page's address is the key to the seat's answer: never cache it, never send it as a referrer,
    never index it."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page(invitation, form, status=200, forum_form=None):
    edition = invitation.edition
    meeting = meeting_of(edition)
    seat = invitation.seat
    day = meeting_day(edition)
    # Only this seat's holders: the seat's memberships, nobody else's.
    member, deputy = seat.holder(MembershipRole.MEMBER, day), seat.holder(MembershipRole.DEPUTY, day)
    html = render_template(
        "council/rsvp/invitation.html", invitation=invitation, edition=edition, meeting=meeting, seat=seat,
        member=member.person if member else None, deputy=deputy.person if deputy else None,
        agenda=invitations.agenda_of(edition), location=meeting_location(edition),
        deadline=invitations.answer_deadline(edition, meeting),
        is_open=invitations.answers_open(edition, meeting, utcnow()), form=form,
        forums=_forums(invitation, forum_form))
    return _private(current_app.make_response((html, status)))


def _forums(invitation, form=None) -> dict | None:
    """What the page shows of the parallel forums: the ranking form while the choice window is open and
    someone is coming, the ranking given, and the forums booked once the allocation is published."""
    if not forums.offers_forums(invitation):
        return None
    edition = invitation.edition
    found = preferences.workshops(edition)
    registration = forums.active_registration(invitation)
    coming = forums.expected_person(invitation)
    ranking = None
    if coming is not None and preferences.choice_open(edition):
        form_class = forum_ranking_form(found)
        data = {f"choice_{r.rank}": r.workshop_key for r in registration.rankings} if registration else {}
        ranking = form or form_class(formdata=None, data=data)
    booked = [b for b in registration.bookings if b.status in SEAT_HOLDING] if registration else []
    return {"form": ranking, "coming": coming, "registration": registration, "booked": booked,
            "titles": {w.key: w.title for w in found}, "closes_at": edition.choice_closes_at,
            "is_open": preferences.choice_open(edition)}


@bp.route("/<token:token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def invitation(token: str):
    """GET shows the invitation and the current answer; POST records or changes the answer."""
    found = invitations.get_by_token(token)
    form = RsvpForm()
    if not form.is_submitted() and found.status != RsvpStatus.PENDING:
        form.status.data, form.note.data = found.status.value, found.note
    if form.is_submitted():
        if not invitations.answers_open(found.edition, meeting_of(found.edition), utcnow()):
            flash(gettext("The deadline for answers has passed: your answer was not changed. Please contact the "
                          "organisers if something has changed."), "danger")
            return _page(found, RsvpForm(formdata=None), 409)
        if form.validate():
            try:
                invitations.answer(found, form.status.data, form.note.data or "", utcnow())
            except DomainError as error:
                attach_error(form, error)
            else:
                flash(gettext("Thank you, your answer has been saved: %(answer)s.", answer=found.status.label),
                      "success")
                return _private(redirect(url_for(".invitation", token=token), 303))
        return _page(found, form, 422)
    return _page(found, form)


@bp.route("/<token:token>/documents/<int:document_id>")
def document(token: str, document_id: int):
    """A document of the invitation's edition, as a download (never rendered inline)."""
    found = invitations.get_by_token(token)
    doc = invitations.document_for(found, document_id)
    path = document_path(doc)
    if not path.is_file():
        raise NotFoundError(gettext("This document does not exist."))
    response = send_file(path, mimetype=doc.content_type, as_attachment=True, download_name=doc.file_name, max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


@bp.route("/<token:token>/forums", methods=["POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"])
def rank_forums(token: str):
    """The person coming for the seat ranks the parallel forums (during the choice window)."""
    found = invitations.get_by_token(token)
    if not forums.offers_forums(found) or forums.expected_person(found) is None \
            or not preferences.choice_open(found.edition):
        flash(gettext("Forums can be ranked only during the choice window, once you have said who comes for the "
                      "seat."), "danger")
        return _page(found, RsvpForm(formdata=None), 409)
    workshops = preferences.workshops(found.edition)
    form = forum_ranking_form(workshops)()
    if form.validate():
        try:
            forums.rank_forums(found, form.ranked_keys(), utcnow())
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Your ranking of the forums has been saved."), "success")
            return _private(redirect(url_for(".invitation", token=token, _anchor="forums-heading"), 303))
    return _page(found, RsvpForm(formdata=None), 422, forum_form=form)
