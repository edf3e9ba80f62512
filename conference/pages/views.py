"""Public pages: home, imprint, privacy, accessibility statement with feedback form, language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from conference.accounts.views import _safe_next
from conference.editions import services as editions
from conference.extensions import limiter
from conference.i18n import LANGUAGE_COOKIE
from conference.links import external_url
from conference.pages import services
from conference.pages.forms import AccessibilityFeedbackForm

bp = Blueprint("pages", __name__)


@bp.route("/")
def home():
    return render_template("pages/home.html", overview=editions.public_overview())


@bp.route("/impressum")
def imprint():
    return render_template("pages/imprint.html")


@bp.route("/datenschutz")
def privacy():
    return render_template("pages/privacy.html")


@bp.route("/barrierefreiheit", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def accessibility():
    form = AccessibilityFeedbackForm()
    if form.validate_on_submit():
        services.submit_feedback(
            message=form.message.data, page_url=form.page_url.data or "", name=form.name.data or "",
            email=form.email.data or "", manage_url=external_url("manage.feedback"),
        )
        flash(gettext("Thank you. Your feedback has been sent to the accessibility team."), "success")
        return redirect(url_for(".accessibility"))  # the confirmation shows at the top of the page
    status = 422 if form.errors else 200
    return render_template("pages/accessibility.html", form=form), status


@bp.route("/language/<code>")
def set_language(code: str):
    target = _safe_next(request.args.get("next")) or url_for(".home")
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response
