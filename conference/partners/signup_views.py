"""Public sign-up for partner institutions' contacts: /signup/partner."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from conference.errors import DomainError
from conference.extensions import limiter
from conference.form_errors import attach_error
from conference.partners import services
from conference.partners.forms import SignupForm

bp = Blueprint("signup", __name__, url_prefix="/signup/partner")


@bp.route("", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.sign_up(name=form.name.data, email=form.email.data, password=form.password.data,
                             organisation_name=form.organisation_name.data,
                             organisation_kind=form.organisation_kind.data or "", website=form.website.data or "",
                             locale=str(get_locale() or "de"))
        except DomainError as error:
            attach_error(form, error)
        else:
            return redirect(url_for(".sent"))
    return render_template("partners/signup.html", form=form), 422 if form.errors else 200


@bp.route("/sent")
def sent():
    return render_template("partners/sent.html")


@bp.route("/confirm/<token:token>")
def confirm(token: str):
    try:
        services.confirm_email(token)
    except DomainError as error:
        if error.status_code == 404:
            raise
        flash(error.message, "danger")
        return redirect(url_for(".signup"))
    flash(gettext("Thank you, your address is confirmed. The organisers will check your account; we will let you "
                  "know by e-mail."), "success")
    return redirect(url_for("pages.home"))
