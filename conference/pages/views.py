"""Public pages: home, imprint, privacy, accessibility statement with feedback form and DGS video,
Leichte Sprache, language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import force_locale, gettext

from conference.accounts.views import _safe_next
from conference.date_formats import format_date, format_time
from conference.editions import services as editions
from conference.editions.models import EditionFormat
from conference.extensions import limiter
from conference.i18n import LANGUAGE_COOKIE
from conference.links import external_url
from conference.pages import services, sign_language
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
    return render_template("pages/accessibility.html", form=form,
                           dgs_video=sign_language.configured_video()), status


@bp.route("/media/dgs/<path:filename>")
def sign_language_media(filename: str):
    """The DGS video and its captions from ``instance/dgs`` (ranges, so players can seek)."""
    return send_from_directory(sign_language.media_folder(), filename, max_age=3600)


def _next_open_day() -> dict | None:
    """The next Tag der Bildung, its day and hours written out in German (the Leichte Sprache pages are
    German in every interface language)."""
    edition = next((e for e in editions.public_overview().upcoming if e.format == EditionFormat.OPEN_DAY), None)
    if edition is None:
        return None
    with force_locale("de"):
        return {"edition": edition, "day": format_date(edition.starts_at, "EEEE, d. MMMM y"),
                "starts": format_time(edition.starts_at, "H:mm").removesuffix(":00"),
                "ends": format_time(edition.ends_at, "H:mm").removesuffix(":00"),
                "one_day": format_date(edition.starts_at, "short") == format_date(edition.ends_at, "short")}


@bp.route("/leichte-sprache")
def easy_language():
    """This website explained in Leichte Sprache (BITV NRW § 4); German only, by design."""
    return render_template("pages/easy_language.html", open_day=_next_open_day())


@bp.route("/leichte-sprache/anmelden")
def easy_language_registration():
    """How registering for an offer works, in Leichte Sprache, step by step."""
    return render_template("pages/easy_language_registration.html", open_day=_next_open_day(),
                           confirm_hours=current_app.config["REGISTRATION_CONFIRM_HOURS"])


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on their own (also for PDFs and other files): the site's icon, not a 404."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=7 * 24 * 3600)


@bp.route("/language/<code>")
def set_language(code: str):
    target = _safe_next(request.args.get("next")) or url_for(".home")
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response
