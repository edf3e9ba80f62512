"""Responses that carry personal data or a secret link: never stored by a shared cache or the browser,
never sent on as a referrer, never indexed; optionally a download with a file name."""

from __future__ import annotations

from flask import current_app


def private(response, *, filename: str | None = None):
    """Mark ``response`` (anything a view may return) as private; with ``filename`` as an attachment."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    if filename is not None:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
