"""The OParl 1.1 endpoints: System → Body → external lists of every object type, one URL per object,
and the files themselves. Read-only, token-less and cookie-less; every response (errors included) is
JSON in UTF-8 with ``Access-Control-Allow-Origin: *``."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request, send_file
from flask_babel import gettext
from werkzeug.exceptions import HTTPException

from conference.council.documents import document_path
from conference.council.models import AgendaDocument
from conference.errorpages import ERROR_TEXTS
from conference.errors import DomainError, NotFoundError
from conference.extensions import csrf, db, limiter
from conference.oparl import lists, serializers

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")
csrf.exempt(bp)
# Clients walk the whole API to synchronise, so the limit is generous; it still stops a flood.
limiter.limit(lambda: current_app.config["OPARL_RATE_LIMIT"])(bp)

JSON_TYPE = "application/json; charset=utf-8"
# Headers that belong to the body: an error turned into JSON gets new ones, and keeps all others.
REPLACED_HEADERS = {"Content-Type", "Content-Length"}


def oparl_json(payload: dict, status: int = 200) -> Response:
    return current_app.response_class(json.dumps(payload, ensure_ascii=False), status=status, content_type=JSON_TYPE)


def error_json(status: int, message: str | None = None) -> Response:
    title, text = ERROR_TEXTS.get(status, ERROR_TEXTS[400 if status < 500 else 500])
    return oparl_json({"error": str(title), "message": str(message or text)}, status)


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    return error_json(error.status_code, error.message)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    response = error_json(error.code or 500)
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _is_oparl(path: str) -> bool:
    return path == bp.url_prefix or path.startswith(f"{bp.url_prefix}/")


@bp.after_app_request
def oparl_headers(response: Response) -> Response:
    """CORS on everything under /oparl/v1, and errors raised before routing reached this blueprint
    (unknown URL, wrong method, rate limit) as JSON too."""
    if not _is_oparl(request.path):
        return response
    if response.status_code >= 400 and response.mimetype != "application/json":
        replacement = error_json(response.status_code)
        for header, value in response.headers.items():
            if header not in REPLACED_HEADERS:
                replacement.headers[header] = value  # Allow, Retry-After and the security headers stay
        response = replacement
    elif response.mimetype == "application/json":
        response.content_type = JSON_TYPE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _list_request() -> lists.ListRequest:
    return lists.ListRequest.parse(request.args)


def _the_body(body_id: int) -> None:
    if body_id != 1:
        raise NotFoundError(gettext("This object does not exist or is not published."))


# --- Entry points ----------------------------------------------------------------------------------------

@bp.get("/system")
def system():
    return oparl_json(serializers.system())


@bp.get("/bodies")
def bodies():
    return oparl_json(lists.page_of("bodies", _list_request()))


@bp.get("/body/<int:body_id>")
def body(body_id: int):
    _the_body(body_id)
    return oparl_json(lists.one("bodies", body_id))


# --- External lists of the body ----------------------------------------------------------------------------

LIST_PATHS = {
    "organizations": "organizations", "people": "people", "memberships": "memberships", "meetings": "meetings",
    "agenda_items": "agenda-items", "consultations": "consultations", "papers": "papers", "files": "files",
    "locations": "locations", "legislative_terms": "legislative-terms",
}


def _list_view(name: str):
    def view(body_id: int):
        _the_body(body_id)
        return oparl_json(lists.page_of(name, _list_request(), body_id=body_id))

    view.__name__ = f"list_{name}"
    return view


for _name, _path in LIST_PATHS.items():
    bp.add_url_rule(f"/body/<int:body_id>/{_path}", endpoint=_name, view_func=_list_view(_name), methods=["GET"])


# --- Single objects ----------------------------------------------------------------------------------------

@bp.get("/organization/council")
def council():
    return oparl_json(lists.one("organizations", 0))


@bp.get("/organization/<int(min=1):organisation_id>")
def organization(organisation_id: int):
    return oparl_json(lists.one("organizations", organisation_id))


@bp.get("/person/<int:person_id>")
def person(person_id: int):
    return oparl_json(lists.one("people", person_id))


@bp.get("/membership/<int:membership_id>")
def membership(membership_id: int):
    return oparl_json(lists.one("memberships", membership_id))


@bp.get("/meeting/<int:meeting_id>")
def meeting(meeting_id: int):
    return oparl_json(lists.one("meetings", meeting_id))


@bp.get("/agenda-item/<int:agenda_item_id>")
def agenda_item(agenda_item_id: int):
    return oparl_json(lists.one("agenda_items", agenda_item_id))


@bp.get("/consultation/<int:consultation_id>")
def consultation(consultation_id: int):
    return oparl_json(lists.one("consultations", consultation_id))


@bp.get("/paper/<int:paper_id>")
def paper(paper_id: int):
    return oparl_json(lists.one("papers", paper_id))


@bp.get("/location/<int:location_id>")
def location(location_id: int):
    return oparl_json(lists.one("locations", location_id))


@bp.get("/file/<int:file_id>")
def file(file_id: int):
    return oparl_json(lists.one("files", file_id))


def _send_document(file_id: int, *, attachment: bool) -> Response:
    lists.require("files", file_id)
    document = db.session.get(AgendaDocument, file_id)
    path = document_path(document)
    if not path.is_file():
        raise NotFoundError(gettext("This document does not exist or is not public."))
    response = send_file(path, mimetype=document.content_type, as_attachment=attachment,
                         download_name=document.file_name or "dokument.pdf", max_age=300)
    # The site's policy would keep a browser's PDF viewer out; a file needs nothing but itself.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; sandbox" if attachment else "default-src 'none'; object-src 'self'")
    return response


@bp.get("/file/<int:file_id>/access")
def file_access(file_id: int):
    """The file for viewing: the spec forbids ``Content-Disposition: attachment`` here."""
    return _send_document(file_id, attachment=False)


@bp.get("/file/<int:file_id>/download")
def file_download(file_id: int):
    """The file for saving: ``Content-Disposition: attachment`` with its file name, as the spec asks."""
    return _send_document(file_id, attachment=True)
