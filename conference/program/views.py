"""The public programme: list and grid, filters, a page per session. Conditional GET throughout."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request
from flask_babel import format_time, get_locale
from flask_login import current_user

from conference.editions import services as editions
from conference.program import services
from conference.program.forms import ProgramFilterForm

bp = Blueprint("program", __name__, url_prefix="/editions/<int:edition_id>")


def _slot_label(slot) -> str:
    return f"{format_time(slot.starts_at, 'HH:mm')}–{format_time(slot.ends_at, 'HH:mm')}" + (
        f" ({slot.label})" if slot.label else "")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and len(value) < 10 else None


def _conditional(render, edition):
    """304 when the programme is unchanged since the client's copy; otherwise render it.

    Public caches may keep the page briefly; anything a signed-in user sees stays private."""
    etag, last_modified = services.program_version(edition, str(get_locale()), request.full_path,
                                                   str(current_user.get_id()))
    response = make_response()
    response.set_etag(etag, weak=True)
    response.last_modified = last_modified
    response.cache_control.max_age = 15
    if current_user.is_authenticated:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.vary.add("Cookie")
    if request.if_none_match.contains_weak(etag) or (
        not request.if_none_match and request.if_modified_since
        and request.if_modified_since >= last_modified.replace(microsecond=0)
    ):
        response.status_code = 304
        return response
    response.set_data(render())
    return response


@bp.route("/program")
def program(edition_id: int):
    edition = editions.get_edition(edition_id, with_layout=True)
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
def session(edition_id: int, session_id: int):
    edition = editions.get_edition(edition_id)
    entry = services.get_session(edition, session_id)
    return _conditional(lambda: render_template("program/session.html", edition=edition, entry=entry), edition)
