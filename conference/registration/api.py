"""Registration endpoints of the JSON API (contract in issue 3; described in /api/v1/openapi.json)."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from conference.api import bp, errors_response, message_response
from conference.editions import services as editions
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.form_filters import is_db_id, select_choices
from conference.registration import services
from conference.registration.forms import RegistrationForm
from conference.registration.notifications import notify_registered
from conference.registration.views import register_from_form

TEXT_FIELDS = ("name", "email", "organisation", "role", "accessibility_needs")
BOOL_FIELDS = ("consent", "accessibility_consent")


def _type_errors(payload: dict) -> dict[str, list[str]]:
    """JSON types first: the form layer below expects strings, booleans and a list of ids."""
    errors: dict[str, list[str]] = {}
    for field in TEXT_FIELDS:
        if field in payload and payload[field] is not None and not isinstance(payload[field], str):
            errors[field] = [gettext("Must be a string.")]
    for field in BOOL_FIELDS:
        if field in payload and not isinstance(payload[field], bool):
            errors[field] = [gettext("Must be true or false.")]
    ids = payload.get("session_ids")
    # Ids fit a database integer (as in the URL converter): larger ones overflow the driver, not a lookup.
    if not isinstance(ids, list) or not all(is_db_id(i) for i in ids):
        errors["session_ids"] = [gettext("Must be a list of this edition's session ids.")]
    return errors


def _bookings_json(registration):
    return [
        {"session_id": b.session_id, "status": b.status.value, "waitlist_position": services.waitlist_position(b)}
        for b in registration.bookings if b.status != services.BookingStatus.CANCELLED
    ]


@bp.route("/editions/<int:edition_id>/registrations", methods=["POST"])
def create_registration(edition_id: int):
    edition = editions.get_edition(edition_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return message_response(gettext("The request body must be a JSON object."), 400)
    errors = _type_errors(payload)
    if errors:
        return errors_response(errors)
    formdata = MultiDict([(k, v) for k, v in payload.items() if k != "session_ids" and v is not None])
    formdata.setlist("session_ids", [str(i) for i in payload["session_ids"]])
    for field in BOOL_FIELDS:  # BooleanField reads form values; "false" means unchecked
        if field in payload:
            formdata[field] = "y" if payload[field] else ""
    form = RegistrationForm(formdata=formdata, meta={"csrf": False})
    # The ids themselves are checked by the service (this edition's bookable sessions, no overlaps).
    form.session_ids.choices = select_choices((i, "") for i in payload["session_ids"])
    if not form.validate():
        return errors_response({k: v for k, v in form.errors.items()})
    try:
        registration = register_from_form(edition, form)
    except ConflictError as error:
        return message_response(error.message, 409)
    except DomainError as error:
        return errors_response({error.field or "non_field_errors": [error.message]})
    notify_registered(registration)
    return jsonify({"registration_id": registration.id, "manage_token": registration.manage_token,
                    "bookings": _bookings_json(registration)}), 201


@bp.route("/registrations/<token:manage_token>", methods=["GET"])
def show_registration(manage_token: str):
    registration = services.get_by_manage_token(manage_token)
    return jsonify({"registration_id": registration.id, "bookings": _bookings_json(registration)})


@bp.route("/registrations/<token:manage_token>", methods=["DELETE"])
def delete_registration(manage_token: str):
    try:
        registration = services.get_by_manage_token(manage_token)
    except NotFoundError as error:
        return message_response(error.message, 404)
    services.cancel_registration(registration)
    return jsonify({"registration_id": registration.id, "bookings": _bookings_json(registration)})
