"""Languages: German by default, English second. The choice is kept in a cookie."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and workers: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if choice in languages:
        return choice
    # German is the default whatever the browser asks for: the conference is a German one.
    return current_app.config["BABEL_DEFAULT_LOCALE"]


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
