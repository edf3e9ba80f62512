"""The public programme: list and grid, filters, a page per session. Conditional GET throughout."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import NamedTuple

from flask import Blueprint, current_app, g, make_response, render_template, request
from flask import session as cookie_session
from flask_babel import get_locale
from flask_login import current_user

from conference import conditional
from conference.date_formats import format_time
from conference.editions.preview import public_edition
from conference.program import services
from conference.program.forms import ProgramFilterForm

bp = Blueprint("program", __name__, url_prefix="/editions/<int:edition_id>")


def _slot_label(slot) -> str:
    return f"{format_time(slot.starts_at, 'HH:mm')}–{format_time(slot.ends_at, 'HH:mm')}" + (
        f" ({slot.label})" if slot.label else "")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 10 else None


class Page(NamedTuple):
    expires: float
    etag: str
    last_modified: object
    body: bytes | None  # None: only the version is known (the page was answered 304)


class PageCache:
    """Rendered public pages for anonymous visitors, kept for ``PROGRAM_CACHE_SECONDS`` per worker.

    During a rush thousands of visitors reload the programme; each worker then renders a page at most once
    per period instead of once per request, and answers the rest from memory without touching the database.
    What a visitor sees may be that many seconds old, as it may from any public cache (the pages allow 15 s).
    Pages for signed-in users and pages with a pending flash message are never kept.

    When a page's period is over, one thread of the worker checks its version (see
    ``services.program_version``) and renders it again only if it changed; meanwhile, for at most one more
    period, the worker's other threads keep answering with the previous copy instead of all rendering the
    same page at once. A page that has gone (404) is dropped at once."""

    def __init__(self, size: int = 512):
        self.size = size
        self.lock = threading.Lock()
        self.pages: OrderedDict[tuple, Page] = OrderedDict()
        self.refreshing: set[tuple] = set()

    def get(self, key: tuple) -> Page | None:
        """The page kept under ``key``, fresh or not (see :attr:`Page.expires`)."""
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, seconds: float, etag: str, last_modified, body: bytes | None) -> None:
        with self.lock:
            self.pages[key] = Page(time.monotonic() + seconds, etag, last_modified, body)
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def drop(self, key: tuple) -> None:
        with self.lock:
            self.pages.pop(key, None)

    def claim(self, key: tuple) -> bool:
        """True for the one thread that may refresh ``key`` now; False while another one does."""
        with self.lock:
            if key in self.refreshing:
                return False
            self.refreshing.add(key)
            return True

    def release(self, key: tuple) -> None:
        with self.lock:
            self.refreshing.discard(key)


def _page_cache() -> PageCache:
    return current_app.extensions.setdefault("program_page_cache", PageCache())


def _answer(etag: str, last_modified, body_or_render) -> object:
    response = make_response()
    conditional.set_validators(response, etag, last_modified)
    g.version_last_modified = last_modified  # for the page cache: the header may leave it out (see conditional)
    response.cache_control.max_age = 15
    if current_user.is_authenticated:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.vary.add("Cookie")
    if conditional.client_has(etag, last_modified):
        response.status_code = 304
        return response
    if callable(body_or_render):
        # an expired copy of this very version is as good as a new rendering
        previous = g.get("previous_page")
        body = previous.body if previous and previous.etag == etag and previous.body else body_or_render()
    else:
        body = body_or_render
    response.set_data(body)
    return response


def _from_page(page: Page):
    """The answer from a kept page, or None if it cannot answer this request (a full GET of a page of
    which only the version is known)."""
    if page.body is not None or request.if_none_match.contains_weak(page.etag):
        return _answer(page.etag, page.last_modified, page.body)
    return None


def _cached(view):
    """Serve an anonymous visitor's page from the worker's page cache (see PageCache)."""

    def wrapper(**kwargs):
        seconds = current_app.config["PROGRAM_CACHE_SECONDS"]
        if seconds <= 0 or current_user.is_authenticated or cookie_session.get("_flashes"):
            return view(**kwargs)
        cache = _page_cache()
        key = (request.endpoint, str(get_locale()), request.full_path)
        page = cache.get(key)
        now = time.monotonic()
        if page is not None and page.expires >= now and (answer := _from_page(page)) is not None:
            return answer
        claimed = cache.claim(key)
        if (not claimed and page is not None and now - page.expires < seconds
                and (answer := _from_page(page)) is not None):
            return answer  # another thread is refreshing this page
        try:
            g.previous_page = page
            try:
                response = view(**kwargs)
            except Exception:
                cache.drop(key)  # e.g. the session or edition has gone (404)
                raise
            etag = response.get_etag()[0]
            if response.status_code in (200, 304) and etag and not cookie_session.get("_flashes"):
                # a 304 carries no body: keep the previous one if it is this version, else only the version
                body = response.get_data() if response.status_code == 200 else None
                if body is None and page is not None and page.etag == etag:
                    body = page.body
                cache.put(key, seconds, etag, g.get("version_last_modified"), body)
            else:
                cache.drop(key)
            return response
        finally:
            if claimed:
                cache.release(key)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _conditional(render, edition):
    """304 when the programme is unchanged since the client's copy; otherwise render it.

    Public caches may keep the page briefly; anything a signed-in user sees stays private."""
    etag, last_modified = services.program_version(edition, str(get_locale()), request.full_path,
                                                   str(current_user.get_id()))
    return _answer(etag, last_modified, render)


@bp.route("/program")
@_cached
def program(edition_id: int):
    edition = public_edition(edition_id, with_layout=True)
    form = ProgramFilterForm(request.args)
    form.set_choices(edition, _slot_label)
    form.validate()  # unknown values fall back to "all" below
    filters = services.ProgramFilter(
        target_group=form.target_group.data if not form.target_group.errors else "",
        topic=form.topic.data if not form.topic.errors else "",
        venue_id=_int(form.venue.data) if not form.venue.errors else None,
        slot_id=_int(form.slot.data) if not form.slot.errors else None,
        registration_required=bool(form.registration_required.data), free_seats=bool(form.free_seats.data),
    )
    view = "grid" if request.args.get("view") == "grid" else "list"

    def render():
        program = services.load_program(edition, filters)
        return render_template("program/program.html", edition=edition, program=program, form=form, view=view,
                               filters=filters, slot_label=_slot_label)

    return _conditional(render, edition)


@bp.route("/sessions/<int:session_id>")
@_cached
def session(edition_id: int, session_id: int):
    edition = public_edition(edition_id)
    entry = services.get_session(edition, session_id)
    return _conditional(lambda: render_template("program/session.html", edition=edition, entry=entry), edition)
