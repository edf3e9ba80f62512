"""Configuration classes.

Every setting can also be set from the environment with the ``CONFERENCE_`` prefix
(``CONFERENCE_MAIL_SERVER=smtp.example.org``). ``DATABASE_URL`` is accepted as well, because
most hosting platforms set it. Values from the environment are converted to the type of the
default (bool, int, float, list of strings for tuples), so ``CONFERENCE_RATELIMIT_ENABLED=0`` works.
"""

from __future__ import annotations

import os
from datetime import timedelta

ENV_PREFIX = "CONFERENCE_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Config:
    ENV_NAME = "base"
    SECRET_KEY: str | None = None
    SITE_NAME = "Bildungskonferenz"
    CITY_NAME = "Musterstadt"
    OFFICE_NAME = "Regionales Bildungsbüro"
    CONTACT_EMAIL = "bildungsbuero@example.org"
    # The host name used in iCalendar UIDs and Message-IDs; stable across deployments.
    SERVER_HOST = "conference.example.org"
    # Where the site is reachable; used for links in mails sent outside a request (workers, cron).
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # Host names the app answers to (Flask's TRUSTED_HOSTS); set it in production, e.g. "bildung.stadt.de".
    TRUSTED_HOSTS: tuple[str, ...] = ()
    # The reference endpoint of `make bench` (POST /api/v1/_bench/insert); never on in production use.
    BENCH_ENDPOINTS = False

    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a 10 MB attachment plus the rest of the form
    # Where offers' attachments are kept (outside static/); empty: instance/uploads.
    UPLOAD_FOLDER = ""
    # Partner contacts must confirm their address within this many hours of signing up.
    SIGNUP_CONFIRM_HOURS = 72
    # Schedule proposals: the solver's time limit (seconds), and whether it runs beside the request.
    SCHEDULE_TIME_LIMIT = 30.0
    SCHEDULE_IN_BACKGROUND = True
    # CP-SAT threads for a proposal: 1 leaves a core to the web server (2 find slightly better schedules).
    SCHEDULE_SOLVER_WORKERS = 1

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # While the shared storage (Redis) cannot be reached, each worker counts in its own memory with the same
    # limits instead of failing every request; it goes back to the storage once it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # A Redis that accepts connections but does not answer must not hold requests for long before the
    # fallback takes over (redis-py waits forever by default); a healthy Redis answers in well under 1 ms.
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    LOGIN_RATE_LIMIT = "10 per minute"
    # Account lockout: after this many failed sign-ins in a row (0: never), the account is locked for the
    # base delay, doubled with every further failure up to the maximum (seconds).
    LOGIN_LOCKOUT_THRESHOLD = 5
    LOGIN_LOCKOUT_BASE_SECONDS = 60
    LOGIN_LOCKOUT_MAX_SECONDS = 3600
    # Public forms that write (registration, partner sign-up, accessibility feedback, RSVP, password reset) per
    # client address. Schools and venues send a whole staff room from one address, so it is generous; the
    # hourly cap stops a script.
    FORM_RATE_LIMIT = "20 per minute; 200 per hour"
    # Survey answers per client (POST only; the client is counted by a keyed hash, no address is stored).
    SURVEY_RATE_LIMIT = "10 per minute; 100 per hour"
    # The OParl API (/oparl/v1): requests per client, and what the System object says. The licence of the
    # published data is the city's choice (a URL, e.g. of CC BY 4.0); empty: not stated.
    OPARL_RATE_LIMIT = "600 per minute"
    OPARL_LICENSE = ""
    OPARL_VENDOR = "https://example.org/bildungskonferenz"
    OPARL_PRODUCT = "https://example.org/bildungskonferenz/conference.git"

    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_TIMEOUT = 30
    MAIL_SENDER = "Bildungskonferenz <bildungsbuero@example.org>"
    MAIL_MAX_ATTEMPTS = 5
    # Staff who receive accessibility feedback; empty means every admin and organiser.
    FEEDBACK_RECIPIENTS: tuple[str, ...] = ()
    # Months after which a feedback message loses its sender's name and address (flask purge-personal-data).
    ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS = 12
    # Months after the end of their last term after which a former council member's address and language are
    # removed (for a person who never held a seat: after the record was made; flask purge-personal-data).
    COUNCIL_MEMBER_RETENTION_MONTHS = 12
    # The video in German Sign Language on the accessibility page: a path on this site, e.g.
    # /static/dgs/erklaerung.mp4 or /media/dgs/erklaerung.mp4 (a file in instance/dgs/); a .vtt of the same
    # name beside it is its captions. Empty: the page says the video is in preparation.
    DGS_VIDEO_URL = ""
    # The organiser page that lists the outbox; meant for development.
    OUTBOX_UI = False

    # Hours a visitor has to confirm the e-mail address before held seats are released.
    REGISTRATION_CONFIRM_HOURS = 48
    # "Lost the link?" answers no sooner than this (seconds), whether or not the address is registered, so that
    # the time it takes to find and mail the links does not tell who is registered.
    MANAGE_LINK_ANSWER_SECONDS = 0.3
    PRIVACY_NOTICE_VERSION = "2026-11"
    API_RATE_LIMIT = "60 per minute"
    # Seconds a worker keeps a rendered programme or session page for anonymous visitors (0: never).
    PROGRAM_CACHE_SECONDS = 2.0
    # Surveys (and respondent groups) whose raw answer counts a worker keeps for the live analysis, checked
    # against the survey's responses on every request (conference/surveys/count_cache.py; 0: none).
    SURVEY_COUNTS_CACHE_SIZE = 64
    PASSWORD_RESET_MAX_AGE = 3600
    # Argon2id cost (argon2-cffi defaults: RFC 9106 low-memory profile).
    PASSWORD_HASH_TIME_COST = 3
    PASSWORD_HASH_MEMORY_KIB = 65536
    PASSWORD_MIN_LENGTH = 10
    # Number of proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_FIX = 0
    LOG_LEVEL = "INFO"


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - development only; production must set its own
    OUTBOX_UI = True
    LOG_LEVEL = "INFO"


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False  # tests that check CSRF turn it back on
    RATELIMIT_ENABLED = False
    OUTBOX_UI = True
    PASSWORD_MIN_LENGTH = 4
    PASSWORD_HASH_TIME_COST = 1  # fast hashing keeps the suite quick; production keeps the defaults
    PASSWORD_HASH_MEMORY_KIB = 1024
    MANAGE_LINK_ANSWER_SECONDS = 0.0  # tests/registration/test_manage_link.py checks the real padding
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"
    LOG_LEVEL = "WARNING"
    SCHEDULE_IN_BACKGROUND = False  # tests wait for the proposal
    PROGRAM_CACHE_SECONDS = 0.0  # tests change the programme and look again at once; tests/program turn it on
    SCHEDULE_TIME_LIMIT = 5.0


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {c.ENV_NAME: c for c in (DevelopmentConfig, TestConfig, ProductionConfig)}


def _coerce(raw: str, default):
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"expected a boolean, got {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, tuple | list):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    return raw


def normalise_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def settings_from_env(base: type[Config], environ=None) -> dict:
    """Return the settings of ``base`` overridden by ``CONFERENCE_*`` and ``DATABASE_URL``."""
    environ = os.environ if environ is None else environ
    settings = {key: getattr(base, key) for key in dir(base) if key.isupper()}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        key = name[len(ENV_PREFIX):]
        if key == "ENV":
            continue
        default = settings.get(key)
        settings[key] = raw if default is None else _coerce(raw, default)
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if environ.get(ENV_PREFIX + "DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = environ[ENV_PREFIX + "DATABASE_URL"]
    if settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(settings["SQLALCHEMY_DATABASE_URI"])
    return settings
