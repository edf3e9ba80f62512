"""Error pages in the visitor's language, and domain errors turned into 4xx responses."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge, SecurityError

from conference.errors import DomainError

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check your input and try again.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has been moved.")),
    405: (_l("Method not allowed"), _l("This page cannot be used in this way.")),
    409: (_l("Conflict"), _l("The request conflicts with the current state.")),
    413: (_l("Upload too large"), _l("The file or form you sent is too large.")),
    422: (_l("Invalid input"), _l("Please check your input and try again.")),
    429: (_l("Too many requests"), _l("You have sent too many requests. Please wait a moment and try again.")),
    500: (_l("Server error"),
          _l("Something went wrong on our side and your last input was not saved. Please try again later.")),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"
    )


def render_error(status: int, detail: str | None = None):
    title, text = ERROR_TEXTS.get(status, ERROR_TEXTS[400 if status < 500 else 500])
    if wants_json():
        return jsonify({"error": str(title), "message": str(detail or text)}), status
    return render_template("errors/error.html", status=status, title=title, text=text, detail=detail,
                           kept=kept_form() if status == 429 else None), status


def kept_form() -> dict | None:
    """What an HTML form posted, for a 429 page to send again with one button, so that nothing typed is lost
    (a long survey, a registration) when a shared network hit the limit. Passwords are never written back
    into a page. None when nothing was posted from a form."""
    from conference.forms_base import SECRET_FIELD_NAMES

    if request.method != "POST" or request.mimetype not in ("application/x-www-form-urlencoded",
                                                            "multipart/form-data"):
        return None
    try:
        posted, files = request.form, request.files
    except RequestEntityTooLarge:  # too large or too many parts: nothing to keep, the 429 stands
        return None
    secret = [name for name in posted if name in SECRET_FIELD_NAMES or "password" in name.lower()]
    fields = [(name, value) for name, values in posted.lists() for value in values if name not in secret]
    if not fields:
        return None
    query = request.query_string.decode("latin-1")
    # script_root: behind a proxy that mounts the site under a prefix (X-Forwarded-Prefix), as url_for does
    return {"action": request.script_root + request.path + (f"?{query}" if query else ""), "fields": fields,
            "files_dropped": any(f.filename for f in files), "secrets_dropped": bool(secret)}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, str(_l("The form has expired or was not sent from this site. "
                                         "Please reload the page and submit it again.")))

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # Raised before routing (TRUSTED_HOSTS): no URL can be built for this host, so no page template.
        return "Bad Request: untrusted host", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(DataError)
    def data_error(error):
        # The last line of defence: input the database cannot store (forms and URL converters clean
        # and check it first) is the client's error, not a server failure.
        from conference.extensions import db

        db.session.rollback()
        return render_error(400, str(_l("The input contains characters that cannot be stored.")))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status_code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code)
        if error.code == 405 and getattr(error, "valid_methods", None):
            body, status = response
            return body, status, {"Allow": ", ".join(error.valid_methods)}
        if error.code == 429:
            body, status = response
            retry = getattr(error, "retry_after", None)
            headers = {"Retry-After": str(retry)} if retry else {}
            if request.method == "POST":  # the page may hold what was typed
                headers["Cache-Control"] = "no-store"
            return body, status, headers
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error):
        # Flask has logged the exception already (app.logger → JSON on stderr). The failed transaction
        # must go before the error page itself touches the database (current_user, for instance).
        from conference.extensions import db

        db.session.rollback()
        return render_error(500)
