import pytest

from conference import create_app
from config import DevelopmentConfig, ProductionConfig, normalise_database_url, settings_from_env


def test_environment_overrides_are_typed():
    settings = settings_from_env(DevelopmentConfig, {
        "CONFERENCE_RATELIMIT_ENABLED": "0", "CONFERENCE_MAIL_PORT": "2525",
        "CONFERENCE_FEEDBACK_RECIPIENTS": "a@example.org, b@example.org", "CONFERENCE_SITE_NAME": "BiKo",
    })
    assert settings["RATELIMIT_ENABLED"] is False
    assert settings["MAIL_PORT"] == 2525
    assert settings["FEEDBACK_RECIPIENTS"] == ("a@example.org", "b@example.org")
    assert settings["SITE_NAME"] == "BiKo"


def test_bad_boolean_in_environment_is_refused():
    with pytest.raises(ValueError, match="boolean"):
        settings_from_env(DevelopmentConfig, {"CONFERENCE_OUTBOX_UI": "maybe"})


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
])
def test_database_url_forms_are_accepted(given, expected):
    assert normalise_database_url(given) == expected


def test_database_url_from_environment():
    settings = settings_from_env(DevelopmentConfig, {"DATABASE_URL": "postgres://u@h/db"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("CONFERENCE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("CONFERENCE_SECRET_KEY", "x" * 32)
    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["OUTBOX_UI"] is False


def test_production_says_at_start_which_addresses_are_still_the_development_defaults(monkeypatch, capsys):
    """Links in mails come from PUBLIC_BASE_URL, never from a request: left at its default, every mail of a real
    site would link to 127.0.0.1. The app says so when it starts (and not once it is set)."""
    monkeypatch.setenv("CONFERENCE_SECRET_KEY", "x" * 32)
    monkeypatch.delenv("CONFERENCE_PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("CONFERENCE_TRUSTED_HOSTS", raising=False)
    create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    logged = capsys.readouterr().err
    assert "CONFERENCE_PUBLIC_BASE_URL is not set" in logged and "CONFERENCE_TRUSTED_HOSTS is not set" in logged
    monkeypatch.setenv("CONFERENCE_PUBLIC_BASE_URL", "https://bildung.stadt.example")
    monkeypatch.setenv("CONFERENCE_TRUSTED_HOSTS", "bildung.stadt.example")
    create_app("production", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "is not set" not in capsys.readouterr().err


def test_trusted_hosts_from_the_environment(monkeypatch):
    monkeypatch.setenv("CONFERENCE_TRUSTED_HOSTS", "bildung.example.org, www.bildung.example.org")
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["TRUSTED_HOSTS"] == ["bildung.example.org", "www.bildung.example.org"]
    assert app.test_client().get("/impressum", headers={"Host": "evil.example"}).status_code == 400


def test_bench_endpoint_exists_only_when_switched_on():
    off = create_app("test")
    on = create_app("test", {"BENCH_ENDPOINTS": True})
    assert "/api/v1/_bench/insert" not in {r.rule for r in off.url_map.iter_rules()}
    assert "/api/v1/_bench/insert" in {r.rule for r in on.url_map.iter_rules()}
