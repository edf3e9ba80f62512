"""Conflicts of the schedule in words, for organisers."""

from __future__ import annotations

from flask_babel import gettext

from conference import scheduling
from conference.program.models import TARGET_GROUPS
from conference.submissions.models import EQUIPMENT


def describe(conflict: scheduling.Conflict, sessions: dict) -> str:
    titles = [f"„{sessions[i].title}“" if i in sessions else f"#{i}" for i in conflict.item_ids]
    names = ", ".join(titles)
    detail = conflict.detail or {}
    kind = conflict.kind
    if kind == scheduling.ROOM_DOUBLE_BOOKED:
        return gettext("Room booked twice: %(names)s.", names=names)
    if kind == scheduling.PERSON_OVERLAP:
        return gettext("The same presenter in two places at once: %(names)s.", names=names)
    if kind == scheduling.ORGANISATION_OVERLAP:
        return gettext("The same institution in two places at once: %(names)s.", names=names)
    if kind == scheduling.OVER_CAPACITY:
        return gettext("More people expected than the room holds: %(names)s.", names=names)
    if kind == scheduling.STEP_FREE:
        return gettext("Needs step-free access, the room has none: %(names)s.", names=names)
    if kind == scheduling.EQUIPMENT:
        missing = ", ".join(str(EQUIPMENT.get(e, e)) for e in detail.get("missing", ()))
        return gettext("Equipment missing (%(missing)s): %(names)s.", missing=missing or "?", names=names)
    if kind == scheduling.UNAVAILABLE:
        return gettext("Outside the provider's availability: %(names)s.", names=names)
    if kind == scheduling.TARGET_GROUP_CROWDED:
        group = detail.get("target_group", "")
        return gettext("Too many offers for one target group in one slot (%(group)s): %(names)s.",
                       group=TARGET_GROUPS.get(group, group), names=names)
    return f"{kind}: {names}"


def reason_text(reason: str) -> str:
    """Why the proposal leaves an offer out, in words."""
    texts = {
        scheduling.NO_SUITABLE_ROOM: gettext("no room has the seats, step-free access and equipment it needs"),
        scheduling.NO_AVAILABLE_SLOT: gettext("none of its possible time slots exists"),
        scheduling.NO_FEASIBLE_PLACE: gettext("suitable rooms and possible slots never come together"),
        scheduling.BLOCKED_BY_PINNED: gettext("every suitable place is taken by a pinned offer"),
        scheduling.NOT_CHOSEN: gettext("left out so that more offers fit; it stays where it is"),
    }
    return texts.get(reason, reason)
