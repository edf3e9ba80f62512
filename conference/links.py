"""Absolute links for mails and feeds, always built from ``PUBLIC_BASE_URL``.

Never from the request's Host header: an attacker could otherwise send a password-reset request with
``Host: evil.example`` and have the mailed link point at their own site."""

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context(base_url=base):
        return base + url_for(endpoint, **values)
