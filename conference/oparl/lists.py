"""External object lists: the filters of OParl 1.1 (``created_since``, ``created_until``,
``modified_since``, ``modified_until``), ``omit_internal``, paging with ``page`` and ``limit``, and the
``data``/``pagination``/``links`` envelope whose links keep every filter.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.sql import Select

from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.oparl import published, render
from conference.oparl.serializers import link

DEFAULT_LIMIT = 20
# The spec recommends paging lists longer than 100; a client may ask for less, never for more.
MAX_LIMIT = 100
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
# "2014-01-01T00:00:00 01:00": a "+" sent unencoded arrives as a space.
_UNENCODED_PLUS = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


class BadRequest(DomainError):
    status_code = 400


@dataclass(frozen=True)
class Kind:
    """One object type: its published rows and how to render them."""

    rows: Callable[[], Select]
    render: Callable[[list[int], render.Stamps, bool], list[dict]]


KINDS = {
    "bodies": Kind(published.bodies, render.render_bodies),
    "organizations": Kind(published.organizations, render.render_organizations),
    "people": Kind(published.people, render.render_people),
    "memberships": Kind(published.memberships, render.render_memberships),
    "meetings": Kind(published.meetings, render.render_meetings),
    "agenda_items": Kind(published.agenda_items, render.render_agenda_items),
    "consultations": Kind(published.consultations, render.render_consultations),
    "papers": Kind(published.papers, render.render_papers),
    "files": Kind(published.files, render.render_files),
    "locations": Kind(published.locations, render.render_locations),
    "legislative_terms": Kind(published.legislative_terms, render.render_nothing),
}


def parse_moment(name: str, value: str) -> datetime:
    """A full ISO 8601 date-time with a time zone offset, or BadRequest saying what is wrong."""
    value = _UNENCODED_PLUS.sub(r"\1+\2", value.strip())
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or "T" not in value.upper() or moment.tzinfo is None:
        raise BadRequest(gettext("%(name)s must be a date and time with a time zone offset, "
                                 "e.g. 2026-01-01T00:00:00+01:00.", name=name))
    return moment


def _positive(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdecimal() or len(value) > 9 or int(value) < 1:
        raise BadRequest(gettext("%(name)s must be a whole number of at least 1.", name=name))
    return int(value)


@dataclass(frozen=True)
class ListRequest:
    """What a client asked of a list: filters (as sent, for the links, and parsed), page and page size."""

    raw_filters: dict[str, str]
    moments: dict[str, datetime]
    page: int
    limit: int
    omit_internal: bool

    @classmethod
    def parse(cls, args) -> ListRequest:
        raw = {name: args[name] for name in FILTERS if args.get(name)}
        omit = (args.get("omit_internal") or "").lower()
        if omit not in ("", "true", "false"):
            raise BadRequest(gettext("omit_internal must be true or false."))
        return cls(raw_filters=raw, moments={name: parse_moment(name, value) for name, value in raw.items()},
                   page=_positive("page", args.get("page"), 1),
                   limit=min(_positive("limit", args.get("limit"), DEFAULT_LIMIT), MAX_LIMIT),
                   omit_internal=omit == "true")

    def link_args(self, page: int) -> dict:
        args = dict(self.raw_filters)
        if self.limit != DEFAULT_LIMIT:
            args["limit"] = self.limit
        if self.omit_internal:
            args["omit_internal"] = "true"
        if page > 1:
            args["page"] = page
        return args


def filtered(kind: Kind, request: ListRequest):
    """The kind's published rows narrowed by the request's filters, and the subquery they come from."""
    rows = kind.rows().subquery()
    bounds = {"created_since": (rows.c.created, operator.ge), "created_until": (rows.c.created, operator.le),
              "modified_since": (rows.c.modified, operator.ge), "modified_until": (rows.c.modified, operator.le)}
    query = select(rows.c.id, rows.c.created, rows.c.modified).where(
        *(compare(column, request.moments[name]) for name, (column, compare) in bounds.items()
          if name in request.moments))
    return query, rows


def page_of(name: str, request: ListRequest, body_id: int | None = None) -> dict:
    """One page of the external list ``name`` (a key of KINDS), ordered by id, as the spec's envelope."""
    kind = KINDS[name]
    query, rows = filtered(kind, request)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // request.limit))
    if request.page > pages:
        raise NotFoundError(gettext("This list has only %(pages)d pages.", pages=pages))
    stamps = {row.id: (row.created, row.modified) for row in db.session.execute(
        query.order_by(rows.c.id).limit(request.limit).offset((request.page - 1) * request.limit))}
    ids = list(stamps)

    def page_link(page: int) -> str:
        values = {"body_id": body_id} if body_id is not None else {}
        return link(name, **values, **request.link_args(page))

    links = {"first": page_link(1), "self": page_link(request.page), "last": page_link(pages)}
    if request.page > 1:
        links["prev"] = page_link(request.page - 1)
    if request.page < pages:
        links["next"] = page_link(request.page + 1)
    return {
        "data": kind.render(ids, stamps, request.omit_internal),
        "pagination": {"totalElements": total, "elementsPerPage": request.limit, "currentPage": request.page,
                       "totalPages": pages},
        "links": links,
    }


def one(name: str, object_id: int) -> dict:
    """The published object ``object_id`` of the type listed as ``name``, or NotFoundError (404)."""
    kind = KINDS[name]
    rows = kind.rows().subquery()
    row = db.session.execute(select(rows.c.id, rows.c.created, rows.c.modified).where(rows.c.id == object_id)).first()
    if row is None:
        raise NotFoundError(gettext("This object does not exist or is not published."))
    return kind.render([row.id], {row.id: (row.created, row.modified)}, False)[0]


def require(name: str, object_id: int) -> None:
    """NotFoundError (404) unless ``object_id`` is a published object of the type listed as ``name``."""
    rows = KINDS[name].rows().subquery()
    if db.session.scalar(select(rows.c.id).where(rows.c.id == object_id)) is None:
        raise NotFoundError(gettext("This object does not exist or is not published."))
