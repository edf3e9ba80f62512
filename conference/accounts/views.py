from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from conference.accounts import services
from conference.accounts.forms import EmptyForm, ForgotPasswordForm, LoginForm, ResetPasswordForm
from conference.accounts.lockout import AccountLockedError
from conference.errors import DomainError
from conference.extensions import limiter
from conference.links import external_url

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only follow local paths after login, never another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _home_for(user) -> str:
    if user.is_staff:
        return url_for("manage.dashboard")
    return url_for("partner.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except AccountLockedError as error:
            # 200, not 429: the failure that set the lock must be committed (the boundary rolls back 4xx).
            flash(error.message, "danger")
            return render_template("accounts/login.html", form=form), 200
        except DomainError as error:
            flash(error.message, "info")
            return render_template("accounts/login.html", form=form), 200
        if user is not None:
            session.clear()  # a fresh session at login: no fixation
            login_user(user, remember=form.remember.data)
            flash(gettext("You are signed in."), "success")
            return redirect(_safe_next(form.next.data) or _home_for(user))
        flash(gettext("E-mail address or password is incorrect."), "danger")
        return render_template("accounts/login.html", form=form), 200
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        session.clear()
        flash(gettext("You are signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORM_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, lambda token: external_url("accounts.reset_password", token=token)
        )
        flash(gettext("If an account exists for this address, we have sent a link to reset the password."),
              "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token:token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            form.password.errors.append(error.message)
        else:
            flash(gettext("Your password has been changed. You can now sign in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)
