"""Languages: German by default, English second. The choice is kept in a cookie."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_request_context, request, url_for
from werkzeug.exceptions import HTTPException

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def in_language(german: str, english: str | None, locale) -> str:
    """A text kept in both languages: the English one for an English reader when there is one, else the
    German one (German is always there)."""
    return english if str(locale) == "en" and english else german


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and workers: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if choice in languages:
        return choice
    # German is the default whatever the browser asks for: the conference is a German one.
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _answers_get(path: str) -> bool:
    """Whether ``path`` (without query) is a page of this site that a GET can open."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(path, method="GET")
    except HTTPException as error:  # NotFound, MethodNotAllowed; RequestRedirect only adds a slash
        return getattr(error, "code", None) == 308
    return True


def switch_target() -> str:
    """The page the language switch returns to: the current one, or, after a POST (a form shown again with
    its errors) or on an error page, a page a GET can open, never a POST-only URL, which would answer 405.
    In that order: the page a view named (``g.language_switch_next``), the current URL if it also answers GET,
    the page the form was on (the Referer, if it is on this site), the nearest parent path, the home page."""
    if request.method in ("GET", "HEAD") and request.url_rule is not None:
        return request.full_path.rstrip("?")
    named = g.get("language_switch_next")
    if named:
        return named
    if _answers_get(request.path):
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.path.startswith("/") and referrer.netloc in ("", request.host) and _answers_get(referrer.path):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    parts = request.path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        parent = "/".join(parts) or "/"
        if _answers_get(parent):
            return parent
    return url_for("pages.home")


def register_babel(app: Flask, babel) -> None:
    from pathlib import Path

    from flask_babel import refresh

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    # Flask-Babel caches the locale on the app context; choose afresh for every request.
    app.before_request(refresh)
