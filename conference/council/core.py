"""What every part of the council domain needs: loading a council edition, its meeting settings,
the seats with the people who hold them on a given day, the seats a meeting counts and its quorum."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.council.models import CouncilMeeting, Membership, MembershipRole, Seat, SeatGroup
from conference.editions import services as editions
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.editions.services import local
from conference.errors import NotFoundError
from conference.extensions import db

# A council edition in one of these states has met: its figures and its agenda are the record.
HELD_STATUSES = frozenset({EditionStatus.HELD, EditionStatus.EVALUATED, EditionStatus.ARCHIVED})


def is_held(edition: Edition) -> bool:
    return edition.status in HELD_STATUSES


# The council meets by invitation: where an open day says "registration open", the public reads these.
COUNCIL_STATUS_LABELS = {
    EditionStatus.REGISTRATION_OPEN: _l("By invitation: invitations sent"),
    EditionStatus.REGISTRATION_CLOSED: _l("By invitation: replies closed"),
}


def public_status_label(edition: Edition) -> str:
    """The status shown to the public: the edition's own, except for a council edition, which is by
    invitation and has no registration anyone could open or join."""
    if edition.format == EditionFormat.COUNCIL and edition.status in COUNCIL_STATUS_LABELS:
        return COUNCIL_STATUS_LABELS[edition.status]
    return edition.status.label


def in_record_language():
    """A context in which text stored in the council's record (titles and notes the application writes
    into agenda items and recommendations) is translated into the site's default language, whatever the
    language of the organiser whose request writes it: public pages and OParl show it as stored."""
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def council_edition(edition_id: int, *, include_drafts: bool = True) -> Edition:
    """The council edition ``edition_id``, or NotFoundError (404) for a missing or open-day edition."""
    edition = editions.get_edition(edition_id, include_drafts=include_drafts)
    if edition.format != EditionFormat.COUNCIL:
        raise NotFoundError(gettext("This edition is not a council meeting."))
    return edition


def meeting_of(edition: Edition) -> CouncilMeeting:
    """The edition's meeting settings, created with defaults on first use (flushed, not committed)."""
    meeting = db.session.scalar(select(CouncilMeeting).where(CouncilMeeting.edition_id == edition.id))
    if meeting is None:
        meeting = CouncilMeeting(edition=edition)
        db.session.add(meeting)
        db.session.flush()
    return meeting


def meeting_day(edition: Edition) -> date:
    """The meeting's date in local time: memberships are counted on that day."""
    return local(edition.starts_at).date()


@dataclass(frozen=True)
class SeatHolders:
    seat: Seat
    member: Membership | None
    deputy: Membership | None


def seats_with_holders(on: date, *, active_only: bool = True) -> list[SeatHolders]:
    """Every seat (by group, then position) with its member and deputy on ``on``; three queries."""
    query = (select(Seat).join(Seat.group)
             .options(selectinload(Seat.group), selectinload(Seat.organisation),
                      selectinload(Seat.memberships).selectinload(Membership.person))
             .order_by(SeatGroup.position, SeatGroup.id, Seat.position, Seat.id))
    if active_only:
        query = query.where(Seat.is_active.is_(True))
    return [SeatHolders(seat, seat.holder(MembershipRole.MEMBER, on), seat.holder(MembershipRole.DEPUTY, on))
            for seat in db.session.scalars(query)]


def meeting_seats(edition: Edition, invited: Collection[int], attended: Collection[int] = ()) -> list[SeatHolders]:
    """The seats a meeting counts, with their holders on the meeting day: the active seats until it is
    held; once held, the seats it invited (a seat abolished or added since must not change its figures).
    A seat someone was checked in for always counts. The dashboard, the check-in list and its summary
    all count these seats, so they agree on active seats, expected seats and the quorum."""
    only_invited = is_held(edition) and bool(invited)
    return [h for h in seats_with_holders(meeting_day(edition), active_only=False)
            if h.seat.id in attended or (h.seat.id in invited if only_invited else h.seat.is_active)]


def quorum_needed(seats: int, share: float) -> int:
    """The least number of represented seats whose share of ``seats`` reaches ``share`` (0 without seats)."""
    # Rounded first, so 0.3 × 10 = 3.0000000000000004 needs 3 seats, not 4.
    return max(1, math.ceil(round(share * seats, 9))) if seats else 0
