"""Registration pages: the form, the confirmation link and the tokenised manage page (no login)."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.accounts.forms import EmptyForm
from conference.date_formats import format_time
from conference.editions import services as editions
from conference.editions.models import Room
from conference.errors import DomainError
from conference.extensions import db, limiter
from conference.form_errors import attach_error, flash_form_errors
from conference.form_filters import select_choices
from conference.privacy.notice import notice_version
from conference.program.models import Session
from conference.registration import manage_links, preferences, services
from conference.registration.forms import (
    AddSessionsForm,
    ChangeRankingForm,
    ManageLinkForm,
    RankingRegistrationForm,
    RegistrationForm,
    ranking_form,
)
from conference.registration.models import BookingStatus
from conference.registration.notifications import notify_registered

bp = Blueprint("registration", __name__)


def bookable(edition) -> list[Session]:
    query = select(Session).where(Session.edition_id == edition.id, Session.is_published.is_(True),
                                  Session.registration_required.is_(True))
    if services.preference_pending(edition):
        query = query.where(Session.workshop_key.is_(None))
    return list(db.session.scalars(
        query
        .options(selectinload(Session.slot), selectinload(Session.room).selectinload(Room.venue))
        .order_by(Session.slot_id, Session.title)
    ))


def bookable_choices(edition) -> list[tuple[int, str]]:
    """``(session_id, label)`` for every bookable session, with its time, room and free seats (the room
    tells apart two offers of the same title)."""
    sessions = bookable(edition)
    counts = services.seat_counts([s.id for s in sessions])
    choices = []
    for s in sessions:
        when = f"{format_time(s.starts_at, 'HH:mm')}–{format_time(s.ends_at, 'HH:mm')}" if s.slot else ""
        free = None if s.capacity is None else max(s.capacity - counts[s.id]["booked"], 0)
        seats = (gettext("%(n)d seats free", n=free) if free else gettext("full – waiting list")) \
            if free is not None else ""
        where = s.room.label if s.room else ""
        choices.append((s.id, " · ".join(part for part in (when, s.title, where, seats) if part)))
    return choices


def register_from_form(edition, form: RegistrationForm):
    """The registration a validated form asks for; shared by the page and the JSON API."""
    visitor = services.Visitor(
        name=form.name.data, email=form.email.data, organisation=form.organisation.data or "",
        role=form.role.data or "", accessibility_needs=form.accessibility_needs.data or "",
        accessibility_consent=form.accessibility_consent.data)
    return services.register(edition, visitor, form.session_ids.data,
                             privacy_notice_version=notice_version(edition))


def _private(response):
    """Manage pages carry a secret in the URL: never cache them, never send them as a referrer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _register_by_ranking(edition, found):
    """Preference mode, choice window open: the visitor ranks workshops; seats come with the allocation."""
    form = ranking_form(RankingRegistrationForm, found, preferences.ranks_required(found))().for_edition(edition)
    if form.validate_on_submit():
        visitor = services.Visitor(
            name=form.name.data, email=form.email.data, organisation=form.organisation.data or "",
            role=form.role.data or "", accessibility_needs=form.accessibility_needs.data or "",
            accessibility_consent=form.accessibility_consent.data)
        try:
            registration = preferences.register_ranking(
                edition, visitor, form.ranked_keys(),
                privacy_notice_version=notice_version(edition))
        except DomainError as error:
            attach_error(form, error)
        else:
            notify_registered(registration)
            flash(gettext("Your ranking has been saved. Please confirm your e-mail address with the link we have "
                          "just sent you. You will hear which workshops you got after the choice window closes."),
                  "success")
            return redirect(url_for(".manage", token=registration.manage_token))
    return render_template("registration/rank.html", edition=edition, form=form, workshops=found,
                           required=preferences.ranks_required(found)), 422 if form.errors else 200


@bp.route("/editions/<int:edition_id>/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def register(edition_id: int):
    edition = editions.get_edition(edition_id)
    found = preferences.workshops(edition) if preferences.choice_open(edition) else []
    if found:
        return _register_by_ranking(edition, found)
    form = RegistrationForm().for_edition(edition)
    form.session_ids.choices = select_choices(bookable_choices(edition))
    session_arg = request.args.get("session", "")
    if not form.is_submitted() and session_arg.isdecimal() and len(session_arg) < 10:
        form.session_ids.data = [int(session_arg)]  # coming from a session's page
    if form.validate_on_submit():
        try:
            registration = register_from_form(edition, form)
        except DomainError as error:
            attach_error(form, error)
            if error.status_code == 409 and not error.field:  # the edition's state, not the visitor's input
                return render_template("registration/register.html", edition=edition, form=form,
                                       ranking_later=services.preference_pending(edition)), 409
        else:
            notify_registered(registration)
            flash(gettext("Your places are held. Please confirm your e-mail address with the link we have just "
                          "sent you."), "success")
            return redirect(url_for(".manage", token=registration.manage_token))
    return render_template("registration/register.html", edition=edition, form=form,
                           ranking_later=services.preference_pending(edition)), 422 if form.errors else 200


@bp.route("/editions/<int:edition_id>/register/link", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def manage_link(edition_id: int):
    """"Lost the link?": the links to an address's registrations are mailed to that address again."""
    started = time.monotonic()
    edition = editions.get_edition(edition_id)
    form = ManageLinkForm()
    if form.validate_on_submit():
        manage_links.send_manage_links_again(edition, form.email.data)
        # Committed here, inside the padded time: writing the mail (and its commit) takes longer than finding
        # nothing, and the answer must take the same time for every address.
        db.session.commit()
        time.sleep(max(0.0, current_app.config["MANAGE_LINK_ANSWER_SECONDS"] - (time.monotonic() - started)))
        flash(gettext("If this address is registered for %(title)s, we have sent it the link to the registration. "
                      "It may take a few minutes; please also look in your spam folder.", title=edition.title),
              "success")
        return redirect(url_for(".manage_link", edition_id=edition.id))
    return render_template("registration/manage_link.html", edition=edition, form=form), 422 if form.errors else 200


@bp.route("/registrations/confirm/<token:token>")
def confirm(token: str):
    registration = services.confirm(token)
    flash(gettext("Thank you, your registration is confirmed."), "success")
    return redirect(url_for(".manage", token=registration.manage_token))


def _add_form(registration) -> AddSessionsForm:
    """The form to book more offers: the bookable ones not held yet (data from the request, if posted)."""
    form = AddSessionsForm()
    held = {b.session_id for b in registration.bookings if b.status != BookingStatus.CANCELLED}
    form.session_ids.choices = select_choices(c for c in bookable_choices(registration.edition) if c[0] not in held)
    return form


def _render_manage(registration, add_form: AddSessionsForm, status: int = 200):
    positions = {b.id: services.waitlist_position(b) for b in registration.bookings}
    return _private(current_app.make_response((render_template(
        "registration/manage.html", registration=registration, positions=positions, add_form=add_form,
        cancel_form=EmptyForm(), ranking=_ranking_form(registration)), status)))


@bp.route("/registrations/<token:token>")
def manage(token: str):
    registration = services.get_by_manage_token(token)
    return _render_manage(registration, _add_form(registration))


def _ranking_form(registration, formdata=None):
    """The form to change one's ranking while the choice window is open (None otherwise)."""
    if not registration.rankings or registration.cancelled_at or not preferences.choice_open(registration.edition):
        return None
    found = preferences.workshops(registration.edition)
    form_class = ranking_form(ChangeRankingForm, found, preferences.ranks_required(found), with_person=False)
    data = {f"choice_{r.rank}": r.workshop_key for r in registration.rankings}
    return form_class(formdata=formdata, data=data) if formdata is not None else form_class(formdata=None, data=data)


@bp.route("/registrations/<token:token>/ranking", methods=["POST"])
def change_ranking(token: str):
    registration = services.get_by_manage_token(token)
    form = _ranking_form(registration, formdata=request.form)
    if form is None:
        flash(gettext("The choice window is not open."), "danger")
    elif form.validate():
        try:
            preferences.change_ranking(registration, form.ranked_keys())
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(gettext("Your ranking has been saved."), "success")
    else:
        flash_form_errors(form)
    return _private(redirect(url_for(".manage", token=token)))


@bp.route("/registrations/<token:token>/add", methods=["POST"])
def add(token: str):
    """Book more offers. A refusal (none chosen, an overlap, a closed window) shows the manage page
    again, the message at the form and the boxes as ticked: the page is reachable only by its link."""
    registration = services.get_by_manage_token(token)
    form = _add_form(registration)
    if form.validate_on_submit():
        try:
            services.add_sessions(registration, form.session_ids.data)
        except DomainError as error:
            attach_error(form, error)
            return _render_manage(registration, form, error.status_code)
        flash(gettext("Your bookings have been updated."), "success")
        return _private(redirect(url_for(".manage", token=token)))
    return _render_manage(registration, form, 422)  # the error summary above the form names an expired form too


@bp.route("/registrations/<token:token>/sessions/<int:session_id>/cancel", methods=["POST"])
def cancel_one(token: str, session_id: int):
    registration = services.get_by_manage_token(token)
    if EmptyForm().validate_on_submit():
        services.cancel_booking(registration, session_id)
        flash(gettext("The booking has been cancelled."), "success")
    return _private(redirect(url_for(".manage", token=token)))


@bp.route("/registrations/<token:token>/cancel", methods=["POST"])
def cancel_all(token: str):
    registration = services.get_by_manage_token(token)
    if EmptyForm().validate_on_submit():
        services.cancel_registration(registration)
        flash(gettext("Your registration has been cancelled. Thank you for letting us know."), "success")
    return _private(redirect(url_for(".manage", token=token)))
