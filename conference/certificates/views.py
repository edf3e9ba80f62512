"""Certificates: the visitor's download behind the manage link (``public_bp``), and the organisers' settings
and bulk ZIP under /manage/editions/<id>/certificates/ (``bp``)."""

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from conference.accounts.access import guard_area, roles_required
from conference.accounts.models import Role
from conference.certificates import services
from conference.certificates.forms import CertificateSettingsForm
from conference.certificates.pdf import certificate_pdf
from conference.errors import DomainError, NotFoundError
from conference.form_errors import attach_error
from conference.private_responses import private
from conference.registration import services as registrations

bp = Blueprint("certificates", __name__, url_prefix="/manage/editions/<int:edition_id>/certificates")
guard_area(bp, Role.ORGANISER)
public_bp = Blueprint("certificate", __name__)


@public_bp.app_template_global("certificate_status")
def certificate_status(registration) -> dict:
    """What the manage page's certificate section shows: the decision, its explanation and the rule."""
    decision = services.decide(registration)
    return {"decision": decision, "issued": decision.issued, "reason": services.reason_text(decision),
            "rule": services.rule_text(registration.edition), "shortfall": services.shortfall_text(decision.attendance),
            "number": services.certificate_number(registration)}


@public_bp.route("/registrations/<token:token>/certificate.pdf")
def certificate(token: str):
    """The visitor's own certificate, in German (the default: for German employers and authorities) or, with
    ``?language=en``, in English; 404 for an unknown link or language, 409 with the reason when there is none."""
    registration = registrations.get_by_manage_token(token)
    language = request.args.get("language", services.certificate_locale(registration))
    if language not in current_app.config["LANGUAGES"]:
        raise NotFoundError(gettext("There is no certificate in this language. It comes in German and in English."))
    decision = services.require_certificate(registration)
    number = services.certificate_number(registration)
    return private(Response(certificate_pdf(registration, decision, locale=language), mimetype="application/pdf"),
                   filename=services.zip_name(number, language))


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = services.open_day_edition(edition_id)
    form = CertificateSettingsForm(data={
        "min_share": round(edition.certificate_min_share * 100), "signatory": edition.certificate_signatory,
        "signatory_role": edition.certificate_signatory_role})
    if form.validate_on_submit():
        try:
            services.save_settings(edition, min_share_percent=form.min_share.data, signatory=form.signatory.data or "",
                                   signatory_role=form.signatory_role.data or "")
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".index", edition_id=edition.id))
    rows = services.overview(edition)
    return render_template("certificates/index.html", edition=edition, form=form, rows=rows,
                           issued=sum(1 for row in rows if row.decision.issued), rule=services.rule_text(edition),
                           percent=services.percent_text, hours=services.hours_text,
                           event_over=services.event_is_over(edition)), 422 if form.errors else 200


@bp.route("/certificates.zip")
@roles_required(Role.ORGANISER)
def bulk(edition_id: int):
    edition = services.open_day_edition(edition_id)
    body, _count = services.bulk_zip(edition)
    return private(Response(body, mimetype="application/zip"),
                   filename=f"teilnahmebescheinigungen-{edition.number}.zip")
