"""The JSON API under /api/v1: token-less and cookie-less, so exempt from CSRF; rate limited.

Routes live in the domains (``editions/api.py``, ``registration/api.py``) and call the same services
as the HTML pages."""

from flask import Blueprint, current_app, jsonify

from conference.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)


def errors_response(errors: dict[str, list[str]], status: int = 422):
    return jsonify({"errors": {field: [str(m) for m in messages] for field, messages in errors.items()}}), status


def message_response(message: str, status: int):
    return jsonify({"error": str(message)}), status


@bp.route("/openapi.json")
def openapi():
    from conference.api.openapi import document

    return jsonify(document())


from conference.editions import api as _editions_api  # noqa: E402, F401  (registers routes)
from conference.registration import api as _registration_api  # noqa: E402, F401
