"""Staff pages for distributing one survey: personal invitations, sending, reminders, the open link and
its QR posters. Organisers only: the invitation list holds names and e-mail addresses, which analysts
never see."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.database import utcnow
from conference.editions.models import Venue
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.surveys import distribution, poster
from conference.surveys.models import Audience

bp = Blueprint("surveys_distribution", __name__,
               url_prefix="/manage/editions/<int:edition_id>/surveys/<int:survey_id>/distribution")
guard_area(bp, *STAFF)


def _back(survey):
    return redirect(url_for(".index", edition_id=survey.edition_id, survey_id=survey.id))


@bp.route("/")
@roles_required(Role.ORGANISER)
def index(edition_id: int, survey_id: int):
    """The survey's distribution: window, open link and posters, invitations and their counts."""
    survey = distribution.get_survey(edition_id, survey_id)
    now = utcnow()
    found = distribution.overview(survey, now)
    venues = db.session.scalars(select(Venue).where(Venue.edition_id == survey.edition_id)
                                .order_by(Venue.position, Venue.id)).all()
    return render_template(
        "surveys/distribution/index.html", survey=survey, edition=survey.edition, overview=found, venues=venues,
        open_url=distribution.open_url(survey) if survey.is_open_link else None,
        invites=survey.audience != Audience.VISITORS, is_open=survey.is_open(now),
        unsent=sum(1 for i in found.invitations if i.sent_at is None), action_form=EmptyForm())


@bp.route("/invite", methods=["POST"])
@roles_required(Role.ORGANISER)
def invite(edition_id: int, survey_id: int):
    survey = distribution.get_survey(edition_id, survey_id)
    if EmptyForm().validate_on_submit():
        try:
            created = distribution.invite(survey)
        except DomainError as error:
            flash(error.message, "danger")
            return _back(survey)
        flash(ngettext("%(num)d invitation created.", "%(num)d invitations created.", created) if created
              else gettext("Everyone in the audience has an invitation already."), "success")
    return _back(survey)


@bp.route("/send", methods=["POST"])
@roles_required(Role.ORGANISER)
def send(edition_id: int, survey_id: int):
    survey = distribution.get_survey(edition_id, survey_id)
    if EmptyForm().validate_on_submit():
        try:
            report = distribution.send_invitations(survey, utcnow())
        except DomainError as error:
            flash(error.message, "danger")
            return _back(survey)
        flash(ngettext("%(num)d invitation sent. It goes out in the next minutes.",
                       "%(num)d invitations sent. They go out in the next minutes.", report.mails)
              if report.mails else gettext("No invitation was waiting to be sent."),
              "success" if report.mails else "info")
    return _back(survey)


@bp.route("/remind", methods=["POST"])
@roles_required(Role.ORGANISER)
def remind(edition_id: int, survey_id: int):
    survey = distribution.get_survey(edition_id, survey_id)
    if EmptyForm().validate_on_submit():
        try:
            report = distribution.send_reminders(survey, utcnow())
        except DomainError as error:
            flash(error.message, "danger")
            return _back(survey)
        flash(ngettext("%(num)d reminder sent.", "%(num)d reminders sent.", report.mails),
              "success" if report.mails else "info")
        if report.skipped:
            flash(gettext("%(n)d people were mailed less than 24 hours ago and were left out.", n=report.skipped),
                  "info")
    return _back(survey)


def _open_link_survey(edition_id: int, survey_id: int):
    survey = distribution.get_survey(edition_id, survey_id)
    if not survey.is_open_link:
        raise NotFoundError(gettext("This survey has no open link."))
    return survey


@bp.route("/poster/<int:venue_id>.pdf")
@roles_required(Role.ORGANISER)
def poster_pdf(edition_id: int, survey_id: int, venue_id: int):
    """The printable A4 QR poster of the open link for one venue of the survey's edition."""
    survey = _open_link_survey(edition_id, survey_id)
    venue = db.session.get(Venue, venue_id)
    if venue is None or venue.edition_id != survey.edition_id:
        abort(404)
    pdf = poster.poster_pdf(url=distribution.open_url(survey), survey_title=survey.title,
                            edition_title=survey.edition.title, venue_name=venue.name,
                            office=f"{current_app.config['OFFICE_NAME']} · {current_app.config['CITY_NAME']}")
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="umfrage-{survey.id}-plakat-{venue.id}.pdf"'
    return response


@bp.route("/qr.svg")
@roles_required(Role.ORGANISER)
def qr_svg(edition_id: int, survey_id: int):
    """The QR code of the open link as SVG."""
    survey = _open_link_survey(edition_id, survey_id)
    response = make_response(poster.qr_svg(distribution.open_url(survey), survey.title))
    response.headers["Content-Type"] = "image/svg+xml"
    return response
