"""Privacy pages: the visitor's own data behind the manage link (``public_bp``: access export, erasure), the
edition's privacy notice (public), and the staff pages under /manage/privacy/ and
/manage/editions/<id>/privacy/ (``bp``)."""

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from conference.accounts.access import guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.audit import services as audit
from conference.council.models import MembershipRole, RsvpStatus
from conference.database import utcnow
from conference.date_formats import format_datetime
from conference.editions import services as editions
from conference.editions.preview import public_edition
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.form_errors import attach_error
from conference.privacy import access, erasure, retention
from conference.privacy.forms import AddressForm, EraseForm, NoticeForm, SearchForm
from conference.privacy.models import ConsentKind
from conference.privacy.notice import RetentionSettings, has_own_notice, notice_version, save_settings
from conference.registration import services as registrations
from conference.registration.models import PARTICIPANT_ROLES, BookingStatus
from conference.submissions.models import SubmissionStatus

bp = Blueprint("privacy", __name__, url_prefix="/manage")
guard_area(bp, Role.ORGANISER)
public_bp = Blueprint("privacy_public", __name__)


def _private(response):
    """Personal data: never cached, never sent on as a referrer, never indexed."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


OUTBOX_LABELS = {"pending": _l("waiting to be sent"), "sent": _l("sent"), "failed": _l("could not be delivered")}


def _when(value: str | None) -> str:
    """An ISO time of the export, as the reader's language writes it."""
    if not value:
        return ""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return format_datetime(parsed, "short")


def _export_page(data: dict, *, back_url: str, staff: bool, json_url: str | None = None) -> str:
    return render_template(
        "privacy/my_data.html", data=data, back_url=back_url, staff=staff, json_url=json_url, when=_when,
        role_label=lambda code: str(PARTICIPANT_ROLES.get(code, code)),
        booking_label=lambda code: BookingStatus(code).label, consent_label=lambda code: ConsentKind(code).label,
        membership_label=lambda code: MembershipRole(code).label, rsvp_label=lambda code: RsvpStatus(code).label,
        offer_label=lambda code: SubmissionStatus(code).label,
        mail_label=lambda code: str(OUTBOX_LABELS.get(code, code)))


def _json(data: dict, filename: str):
    response = current_app.response_class(access.dumps(data), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


# --- Public: the edition's notice -------------------------------------------------------------------------------

@public_bp.route("/editions/<int:edition_id>/privacy")
def notice(edition_id: int):
    edition = public_edition(edition_id)
    return render_template("privacy/notice.html", edition=edition, own=has_own_notice(edition),
                           version=notice_version(edition), special_due=retention.special_due_at(edition),
                           personal_due=retention.personal_due_at(edition))


# --- Public: the visitor's own data, behind the manage link -----------------------------------------------------

def _own_export(registration) -> dict:
    # The address's other data (survey invitations, mails, a council record) only once the visitor has proved
    # the address is theirs: anyone can register with someone else's address.
    registration = access.load_registration(registration.id)
    return access.document([registration], registration.email if registration.confirmed_at else None)


@public_bp.route("/registrations/<token:token>/my-data")
def my_data(token: str):
    registration = registrations.get_by_manage_token(token)
    return _private(_export_page(_own_export(registration), back_url=url_for("registration.manage", token=token),
                                 staff=False, json_url=url_for(".my_data_json", token=token)))


@public_bp.route("/registrations/<token:token>/my-data.json")
def my_data_json(token: str):
    registration = registrations.get_by_manage_token(token)
    return _json(_own_export(registration), f"my-data-{registration.edition.number}.json")


@public_bp.route("/registrations/<token:token>/erase", methods=["GET", "POST"])
def erase(token: str):
    registration = registrations.get_by_manage_token(token)
    form = EraseForm()
    if form.validate_on_submit():
        erasure.erase_registration(registration, via="manage_link", now=utcnow())
        return _private(redirect(url_for(".erased")))
    page = render_template("privacy/erase.html", registration=registration, form=form,
                           has_ended=registration.edition.ends_at < utcnow())
    return _private((page, 422 if form.errors else 200))


@public_bp.route("/privacy/erased")
def erased():
    return _private(render_template("privacy/erased.html"))


# --- Staff: an edition's notice, retention and purge ------------------------------------------------------------

def _edition(edition_id: int):
    return editions.get_edition(edition_id, include_drafts=True)


@bp.route("/editions/<int:edition_id>/privacy/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edition_settings(edition_id: int):
    edition = _edition(edition_id)
    form = NoticeForm(obj=edition)
    if form.validate_on_submit():
        try:
            save_settings(edition, RetentionSettings(
                notice=form.privacy_notice.data or "", version=form.privacy_notice_version.data or "",
                retention_months=form.retention_months.data,
                special_retention_months=form.special_retention_months.data))
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The privacy settings have been saved."), "success")
            return redirect(url_for(".edition_settings", edition_id=edition.id))
    page = render_template("privacy/edition.html", edition=edition, form=form, purge_form=EmptyForm(),
                           preview=retention.preview(edition), version=notice_version(edition))
    return page, 422 if form.errors else 200


@bp.route("/editions/<int:edition_id>/privacy/purge", methods=["POST"])
@roles_required(Role.ORGANISER)
def purge_now(edition_id: int):
    edition = _edition(edition_id)
    if not EmptyForm().validate_on_submit():
        raise DomainError(gettext("The form has expired. Please submit it again."))
    now = utcnow()
    if edition.ends_at >= now:
        raise ConflictError(gettext("The personal data of an edition can be purged only after its event has ended."))
    result = retention.purge_edition(edition, retention.ALL, now=now)
    retention.log_result(result, dry_run=False)
    flash(gettext("The personal data of this edition has been purged: %(n)d registrations anonymised, %(m)d other "
                  "records changed.", n=result.counts.registrations,
                  m=result.counts.total - result.counts.registrations), "success")
    return redirect(url_for(".edition_settings", edition_id=edition.id))


# --- Staff: subject access and erasure by e-mail address ---------------------------------------------------------

@bp.route("/privacy/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def search():
    # POST, not GET: an address in a query string would end up in proxy logs and browser histories.
    form = SearchForm()
    found = access.find(form.email.data) if form.validate_on_submit() else None
    page = render_template("privacy/search.html", form=form, found=found, erase_form=EmptyForm(),
                           address_form=AddressForm(formdata=None, data={"email": found.email} if found else {}))
    return _private((page, 422 if form.errors else 200))


def _registration(registration_id: int):
    registration = access.load_registration(registration_id)
    if registration is None:
        raise NotFoundError(gettext("This registration does not exist."))
    return registration


def _staff_export(data: dict, fmt: str, *, registration=None):
    audit.record("export.subject_access", edition_id=registration.edition_id if registration else None,
                 subject=registration, subject_type="" if registration else "address",
                 details={"format": fmt, **access.counts_of(data)})
    if fmt == "json":
        name = f"subject-access-registration-{registration.id}.json" if registration else "subject-access.json"
        return _json(data, name)
    return _private(_export_page(data, back_url=url_for(".search"), staff=True))


@bp.route("/privacy/registrations/<int:registration_id>/export.json")
@roles_required(Role.ORGANISER)
def export_registration_json(registration_id: int):
    registration = _registration(registration_id)
    return _staff_export(access.document([registration], registration.email or None), "json",
                         registration=registration)


@bp.route("/privacy/registrations/<int:registration_id>/export")
@roles_required(Role.ORGANISER)
def export_registration(registration_id: int):
    registration = _registration(registration_id)
    return _staff_export(access.document([registration], registration.email or None), "html",
                         registration=registration)


def _address_export(fmt: str):
    form = AddressForm()
    if not form.validate_on_submit():
        raise DomainError(gettext("Please search for a valid e-mail address first."))
    found = access.find(form.email.data)
    registrations_found = [access.load_registration(r.id) for r in found.registrations]
    return _staff_export(access.document(registrations_found, found.email), fmt)


@bp.route("/privacy/address/export.json", methods=["POST"])
@roles_required(Role.ORGANISER)
def export_address_json():
    return _address_export("json")


@bp.route("/privacy/address/export", methods=["POST"])
@roles_required(Role.ORGANISER)
def export_address():
    return _address_export("html")


@bp.route("/privacy/registrations/<int:registration_id>/erase", methods=["POST"])
@roles_required(Role.ORGANISER)
def erase_registration(registration_id: int):
    registration = _registration(registration_id)
    if not EmptyForm().validate_on_submit():
        raise DomainError(gettext("The form has expired. Please submit it again."))
    if registration.anonymised_at is not None:
        flash(gettext("This registration had already been erased."), "info")
    else:
        counts = erasure.erase_registration(registration, via="staff", now=utcnow())
        flash(gettext("Registration %(id)d has been erased (%(n)d survey invitations, %(m)d mails).",
                      id=registration.id, n=counts.survey_invitations, m=counts.outbox_messages), "success")
    return redirect(url_for(".search"))


@bp.route("/privacy/address/erase", methods=["POST"])
@roles_required(Role.ORGANISER)
def erase_address():
    form = AddressForm()
    if not form.validate_on_submit():
        raise DomainError(gettext("Please search for a valid e-mail address first."))
    counts = erasure.erase_address(form.email.data, now=utcnow())
    if counts.total:
        flash(gettext("Erased: %(r)d registrations, %(n)d survey invitations, %(c)d co-presenter entries, "
                      "%(f)d accessibility feedback messages, %(m)d mails.", r=counts.registrations,
                      n=counts.survey_invitations, c=counts.co_presenters, f=counts.accessibility_feedback,
                      m=counts.outbox_messages), "success")
    else:
        flash(gettext("Nothing was left to erase under this address."), "info")
    return redirect(url_for(".search"))
