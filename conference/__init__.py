"""The Bildungskonferenz application. ``create_app()`` is the WSGI factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from conference import boundary, errorpages, i18n, logging_setup, security
from conference.extensions import babel, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: str | type | None = None, overrides: dict | None = None) -> Flask:
    """Build the app. ``config`` is a config name ("development", "test", "production") or a
    config class; by default ``CONFERENCE_ENV`` decides. ``overrides`` is applied last."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config, overrides or {})
    register_url_converters(app)
    logging_setup.register_logging(app)
    warn_about_unset_production_settings(app)
    register_extensions(app)
    register_blueprints(app)
    boundary.register_request_boundary(app)
    errorpages.register_error_handlers(app)
    security.register_security_headers(app)
    register_template_context(app)
    register_cli(app)
    return app


def load_config(app: Flask, config, overrides: dict) -> None:
    import os

    from config import CONFIGS, settings_from_env

    if config is None:
        config = os.environ.get("CONFERENCE_ENV", "development")
    if isinstance(config, str):
        try:
            config = CONFIGS[config]
        except KeyError:
            raise RuntimeError(f"unknown CONFERENCE_ENV {config!r}; use one of {sorted(CONFIGS)}") from None
    settings = settings_from_env(config) if config.ENV_NAME != "test" else {
        k: getattr(config, k) for k in dir(config) if k.isupper()
    }
    if config.ENV_NAME == "test":
        # Tests choose their database explicitly; nothing else leaks in from the shell.
        settings["SQLALCHEMY_DATABASE_URI"] = config.SQLALCHEMY_DATABASE_URI
    settings.update(overrides)
    app.config.from_mapping(settings)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "conference.sqlite3")
    # Flask wants a list or None; the environment gives a comma-separated tuple (see config._coerce).
    app.config["TRUSTED_HOSTS"] = list(app.config["TRUSTED_HOSTS"]) or None
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("CONFERENCE_SECRET_KEY must be set in production")
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)


def warn_about_unset_production_settings(app: Flask) -> None:
    """Settings whose development default silently does the wrong thing in production: logged at start."""
    from config import Config

    if app.config.get("ENV_NAME") != "production":
        return
    if app.config["PUBLIC_BASE_URL"] == Config.PUBLIC_BASE_URL:
        app.logger.error("CONFERENCE_PUBLIC_BASE_URL is not set: links in mails, ticket QR codes, OParl ids and "
                         "schedule.xml point to %s; set it to the site's address, e.g. https://bildung.stadt.example",
                         Config.PUBLIC_BASE_URL)
    if not app.config.get("TRUSTED_HOSTS"):
        app.logger.warning("CONFERENCE_TRUSTED_HOSTS is not set: the app answers to any Host header")


def register_url_converters(app: Flask) -> None:
    """Ids in URLs fit a database integer: /editions/99999999999999999999 is a 404, not an overflow."""
    from werkzeug.routing import BaseConverter, IntegerConverter

    from conference.form_filters import DB_ID_MAX

    class DatabaseIdConverter(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", DB_ID_MAX)
            super().__init__(map, *args, **kwargs)

    class TokenConverter(BaseConverter):
        """Secret tokens in URLs are URL-safe base64: anything else is a 404 before any query."""

        regex = r"[A-Za-z0-9_.\-]{1,512}"

    app.url_map.converters["int"] = DatabaseIdConverter
    app.url_map.converters["token"] = TokenConverter


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.register_babel(app, babel)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    from conference.accounts import passwords
    from conference.accounts.services import load_user

    passwords.configure(app.config["PASSWORD_HASH_TIME_COST"], app.config["PASSWORD_HASH_MEMORY_KIB"])

    login_manager.user_loader(load_user)
    # Import every model module so that metadata is complete for migrations.
    from conference import models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from conference.accounts.manage_views import bp as accounts_manage_bp
    from conference.accounts.views import bp as accounts_bp
    from conference.api import bp as api_bp
    from conference.audit.views import bp as audit_bp
    from conference.calendar.views import bp as calendar_bp
    from conference.certificates.views import bp as certificates_bp
    from conference.certificates.views import public_bp as certificate_bp
    from conference.checkin.ticket_views import bp as ticket_bp
    from conference.checkin.views import bp as checkin_bp
    from conference.council import agenda_views, checkin_views, invitation_views, public_views, rsvp_views, seat_views
    from conference.editions.manage_views import bp as editions_manage_bp
    from conference.editions.views import bp as editions_bp
    from conference.mail.views import bp as mail_bp
    from conference.manage import bp as manage_bp
    from conference.oparl.views import bp as oparl_bp
    from conference.pages.views import bp as pages_bp
    from conference.partners.manage_views import bp as partners_manage_bp
    from conference.partners.signup_views import bp as signup_bp
    from conference.partners.views import bp as partner_bp
    from conference.privacy.views import bp as privacy_bp
    from conference.privacy.views import public_bp as privacy_public_bp
    from conference.program.manage_views import bp as program_manage_bp
    from conference.program.schedule_views import bp as schedule_bp
    from conference.program.views import bp as program_bp
    from conference.registration.allocation_views import bp as allocation_bp
    from conference.registration.views import bp as registration_bp
    from conference.submissions.manage_views import bp as submissions_manage_bp
    from conference.submissions.review_views import bp as reviews_bp
    from conference.submissions.views import bp as submissions_bp
    from conference.submissions.views import public_bp as call_bp
    from conference.surveys.analysis_views import bp as surveys_analysis_bp
    from conference.surveys.answer_views import bp as survey_answer_bp
    from conference.surveys.distribution_views import bp as surveys_distribution_bp
    from conference.surveys.manage_views import bp as surveys_manage_bp
    from conference.surveys.results_views import bp as surveys_results_bp

    for blueprint in (pages_bp, editions_bp, accounts_bp, manage_bp, editions_manage_bp, mail_bp, partner_bp,
                      registration_bp, program_bp, program_manage_bp, calendar_bp, api_bp, signup_bp,
                      partners_manage_bp, submissions_bp, call_bp, submissions_manage_bp, reviews_bp, schedule_bp,
                      allocation_bp, seat_views.bp, invitation_views.bp, rsvp_views.bp, checkin_views.bp,
                      agenda_views.bp, agenda_views.follow_up_bp, public_views.bp, oparl_bp, surveys_manage_bp,
                      surveys_analysis_bp, surveys_results_bp, survey_answer_bp,
                      surveys_distribution_bp, audit_bp, checkin_bp, ticket_bp, certificates_bp, certificate_bp,
                      privacy_bp, privacy_public_bp, accounts_manage_bp):
        app.register_blueprint(blueprint)
    if app.config["BENCH_ENDPOINTS"]:
        from conference.api.bench import bp as bench_bp

        app.register_blueprint(bench_bp)


def register_template_context(app: Flask) -> None:
    from conference import template_helpers

    template_helpers.register(app)


def register_cli(app: Flask) -> None:
    from conference.cli import register_commands

    register_commands(app)
