"""Staff pages for one council edition's meeting: settings, invitations, reminders, RSVP dashboard."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.council import invitations
from conference.council.core import council_edition, meeting_of
from conference.council.invitation_dashboard import dashboard as build_dashboard
from conference.council.invitation_forms import MeetingSettingsForm
from conference.council.models import RsvpStatus
from conference.database import utcnow
from conference.errors import DomainError
from conference.form_errors import attach_error

bp = Blueprint("council_invitations", __name__, url_prefix="/manage/editions/<int:edition_id>/council")
guard_area(bp, *STAFF)


def _settings_form(meeting) -> MeetingSettingsForm:
    form = MeetingSettingsForm()
    if not form.is_submitted():
        form.rsvp_deadline.data = meeting.rsvp_deadline
        form.quorum_percent.data = round(meeting.quorum_share * 100)
        form.invitation_text.data = meeting.invitation_text
    return form


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def dashboard(edition_id: int):
    """The RSVP dashboard with the meeting settings form (POST saves the settings)."""
    edition = council_edition(edition_id)
    form = _settings_form(meeting_of(edition))
    if form.validate_on_submit():
        try:
            invitations.save_settings(
                edition, rsvp_deadline=form.rsvp_deadline.data,
                quorum_share=form.quorum_percent.data / 100, invitation_text=form.invitation_text.data or "")
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The meeting settings have been saved."), "success")
            return redirect(url_for(".dashboard", edition_id=edition.id))
    board = build_dashboard(edition, utcnow())
    return render_template("council/invitations/dashboard.html", edition=edition, board=board, form=form,
                           action_form=EmptyForm(), statuses=list(RsvpStatus)), 422 if form.errors else 200


def _refused(edition, error: DomainError):
    """Back to the dashboard with the reason; nothing was changed."""
    flash(error.message, "danger")
    return redirect(url_for(".dashboard", edition_id=edition.id))


def _unreachable_message(report) -> None:
    if report.unreachable:
        names = "; ".join(f"{u.seat.label} ({u.role.label}: {u.reason})" for u in report.unreachable)
        flash(gettext("Not mailed: %(list)s", list=names), "warning")


@bp.route("/generate", methods=["POST"])
@roles_required(Role.ORGANISER)
def generate(edition_id: int):
    edition = council_edition(edition_id)
    if EmptyForm().validate_on_submit():
        try:
            created = invitations.generate_invitations(edition)
        except DomainError as error:
            return _refused(edition, error)
        flash(ngettext("%(num)d invitation created.", "%(num)d invitations created.", len(created))
              if created else gettext("Every active seat has its invitation already."), "success")
    return redirect(url_for(".dashboard", edition_id=edition.id))


@bp.route("/send", methods=["POST"])
@roles_required(Role.ORGANISER)
def send(edition_id: int):
    edition = council_edition(edition_id)
    if EmptyForm().validate_on_submit():
        try:
            report = invitations.send_invitations(edition, utcnow())
        except DomainError as error:
            return _refused(edition, error)
        if report.invitations:
            flash(gettext("%(n)d invitations sent in %(mails)d mails. They go out in the next minutes.",
                          n=report.invitations, mails=report.mails), "success")
        else:
            flash(gettext("No invitation was waiting to be sent."), "info")
        _unreachable_message(report)
    return redirect(url_for(".dashboard", edition_id=edition.id))


@bp.route("/remind", methods=["POST"])
@roles_required(Role.ORGANISER)
def remind(edition_id: int):
    edition = council_edition(edition_id)
    if EmptyForm().validate_on_submit():
        try:
            report = invitations.send_reminders(edition, utcnow())
        except DomainError as error:
            return _refused(edition, error)
        flash(gettext("Reminders for %(n)d seats sent in %(mails)d mails.", n=report.invitations,
                      mails=report.mails), "success" if report.invitations else "info")
        if report.skipped:
            flash(gettext("%(n)d seats were reminded less than 24 hours ago and were left out.", n=report.skipped),
                  "info")
        _unreachable_message(report)
    return redirect(url_for(".dashboard", edition_id=edition.id))
