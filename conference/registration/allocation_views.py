"""Organiser pages for booking by preference: the mode and choice window, the workshops and their
rankings, running the allocation, its report next to first come, first served, and publishing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired, Optional

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.editions.forms import DT_FORMAT, LocalDateTimeField, plausible_year
from conference.editions.models import BOOKING_MODE_LABELS, BookingMode
from conference.errors import DomainError
from conference.extensions import db
from conference.form_errors import attach_error
from conference.form_filters import select_choices
from conference.forms_base import BaseForm
from conference.program.manage_views import slot_label
from conference.registration import preferences
from conference.registration.models import AllocationStatus, Ranking, Registration

bp = Blueprint("allocation", __name__, url_prefix="/manage/editions/<int:edition_id>/allocation")
guard_area(bp, *STAFF)


class BookingModeForm(BaseForm):
    booking_mode = SelectField(_l("Booking mode"), validators=[DataRequired()])
    choice_opens_at = LocalDateTimeField(_l("Choice window opens (local time)"), format=DT_FORMAT,
                                         validators=[Optional(), plausible_year])
    choice_closes_at = LocalDateTimeField(_l("Choice window closes (local time)"), format=DT_FORMAT,
                                          validators=[Optional(), plausible_year])
    submit = SubmitField(_l("Save"))


def _edition(edition_id):
    return editions.get_edition(edition_id, include_drafts=True, with_layout=True)


def _settings_form(edition, formdata=None) -> BookingModeForm:
    form = BookingModeForm(formdata=formdata)
    form.booking_mode.choices = select_choices((m.value, label) for m, label in BOOKING_MODE_LABELS.items())
    if formdata is None:
        form.booking_mode.data = edition.booking_mode.value
        form.choice_opens_at.data, form.choice_closes_at.data = edition.choice_opens_at, edition.choice_closes_at
    return form


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = _edition(edition_id)
    form = _settings_form(edition, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        try:
            preferences.save_settings(edition, mode=BookingMode(form.booking_mode.data),
                                      opens_at=form.choice_opens_at.data, closes_at=form.choice_closes_at.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".index", edition_id=edition.id))
    return _page(edition, form), 422 if form.errors else 200


def _page(edition, form):
    found = preferences.workshops(edition)
    ranked = dict(db.session.execute(
        select(Ranking.workshop_key, func.count(Ranking.id)).join(Registration)
        .where(Registration.edition_id == edition.id, Registration.cancelled_at.is_(None))
        .group_by(Ranking.workshop_key)).all())
    participants = db.session.scalar(select(func.count(func.distinct(Ranking.registration_id))).join(Registration)
                                     .where(Registration.edition_id == edition.id,
                                            Registration.cancelled_at.is_(None))) or 0
    return render_template("registration/allocation/index.html", edition=edition, form=form, workshops=found,
                           ranked=ranked, participants=participants, rounds=len(preferences.rounds(found)),
                           required=preferences.ranks_required(found) if found else 0,
                           choice_open=preferences.choice_open(edition), latest=preferences.latest_run(edition),
                           run_form=EmptyForm(), slot_label=slot_label)


@bp.route("/run", methods=["POST"])
@roles_required(Role.ORGANISER)
def run(edition_id: int):
    edition = _edition(edition_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".index", edition_id=edition.id))
    try:
        record = preferences.run(edition, current_user.id)
    except DomainError as error:
        flash(error.message, "danger")
        return _page(edition, _settings_form(edition)), 409  # the allocation page, with the reason on it
    flash(gettext("Allocation done in %(seconds).1f s.", seconds=record.seconds), "success")
    return redirect(url_for(".report", edition_id=edition.id, run_id=record.id))


@bp.route("/runs/<int:run_id>")
@roles_required(Role.ORGANISER)
def report(edition_id: int, run_id: int):
    edition = _edition(edition_id)
    record = preferences.get_run(edition, run_id)
    sessions = {str(s.id): s for w in preferences.workshops(edition) for s in w.sessions}
    return render_template("registration/allocation/report.html", edition=edition, run=record, sessions=sessions,
                           form=EmptyForm(), slot_label=slot_label, can_publish=record.status == AllocationStatus.DONE)


@bp.route("/runs/<int:run_id>/publish", methods=["POST"])
@roles_required(Role.ORGANISER)
def publish(edition_id: int, run_id: int):
    edition = _edition(edition_id)
    record = preferences.get_run(edition, run_id)
    if EmptyForm().validate_on_submit():
        try:
            made = preferences.publish(record)
        except DomainError as error:
            flash(error.message, "danger")
            return report(edition.id, record.id), 409  # the report, with the reason on it
        flash(gettext("Published: %(n)d bookings made, and every participant has been mailed.", n=made), "success")
    return redirect(url_for(".report", edition_id=edition.id, run_id=record.id))
