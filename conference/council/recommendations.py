"""Recommendations: drafted under an agenda item with a reference ("BK 28/2"), corrected, decided by the
council, and – when deferred – carried to a later council edition as a new draft."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from conference.audit import services as audit
from conference.council.core import HELD_STATUSES, in_record_language, meeting_day
from conference.council.models import (
    ADDRESSEES,
    AgendaItem,
    Decision,
    Recommendation,
)
from conference.editions.models import Edition, EditionFormat
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db


def running_number(reference: str) -> int:
    """The running number of "BK 28/2" (2); 0 for a reference in another shape."""
    match = re.search(r"/(\d+)$", reference or "")
    return int(match.group(1)) if match else 0


def _reference_for(edition: Edition) -> str:
    """The next free "BK <edition number>/<n>": n counts on from the edition's highest so far."""
    # Serialise drafting within one edition (PostgreSQL; SQLite has a single writer anyway), so two
    # organisers drafting at once do not both take the same running number.
    db.session.execute(select(Edition.id).where(Edition.id == edition.id).with_for_update())
    taken = db.session.scalars(select(Recommendation.reference).where(Recommendation.edition_id == edition.id))
    n = max((running_number(r) for r in taken), default=0) + 1
    while True:  # the edition's number may have changed since earlier drafts; references stay unique
        reference = f"BK {edition.number}/{n}"
        if db.session.scalar(select(Recommendation.id).where(Recommendation.reference == reference)) is None:
            return reference
        n += 1


def _addressees(codes) -> list[str]:
    codes = list(dict.fromkeys(codes or []))
    unknown = [c for c in codes if c not in ADDRESSEES]
    if unknown:
        raise DomainError(gettext("Unknown addressee: %(codes)s", codes=", ".join(unknown)), field="addressees")
    return codes


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise DomainError(gettext("Please enter a title."), field="title")
    return title


def get_recommendation(recommendation_id: int, edition: Edition | None = None) -> Recommendation:
    """The recommendation ``recommendation_id`` (of ``edition``, when given), or NotFoundError."""
    recommendation = db.session.get(Recommendation, recommendation_id)
    if recommendation is None or (edition is not None and recommendation.edition_id != edition.id):
        raise NotFoundError(gettext("This recommendation does not exist."))
    return recommendation


def draft(item: AgendaItem, *, title: str, text: str = "", addressees=()) -> Recommendation:
    """A new draft under ``item``, with the edition's next reference."""
    recommendation = Recommendation(edition_id=item.edition_id, agenda_item=item, title=_title(title),
                                    text=(text or "").strip(), addressees=_addressees(addressees),
                                    reference=_reference_for(item.edition))
    db.session.add(recommendation)
    db.session.flush()
    return recommendation


def update(recommendation: Recommendation, *, title: str, text: str = "", addressees=()) -> Recommendation:
    """Correct title, text and addressees; allowed after the decision too (the decision stays)."""
    recommendation.title = _title(title)
    recommendation.text = (text or "").strip()
    recommendation.addressees = _addressees(addressees)
    db.session.flush()
    return recommendation


def decide(recommendation: Recommendation, decision: Decision | str, decided_on: date | None = None) -> Recommendation:
    """Record the council's decision, dated ``decided_on`` (default: the meeting day). Back to
    "pending" clears the date. An adopted recommendation with status reports stays adopted: the
    reports would lose their meaning."""
    decision = Decision(decision)
    if (recommendation.decision == Decision.ADOPTED and decision != Decision.ADOPTED
            and recommendation.follow_ups):
        raise ConflictError(gettext("This recommendation has status reports, so it stays adopted. "
                                    "Delete the reports first if the decision was recorded by mistake."))
    previous = recommendation.decision
    recommendation.decision = decision
    if decision == Decision.PENDING:
        recommendation.decided_on = None
    else:
        recommendation.decided_on = decided_on or meeting_day(recommendation.edition)
    db.session.flush()
    audit.record("recommendation.decision", edition_id=recommendation.edition_id, subject=recommendation,
                 details={"decision": decision.value, "previous_decision": previous.value if previous else None,
                          "reference": recommendation.reference,
                          "decided_on": recommendation.decided_on.isoformat() if recommendation.decided_on else None})
    from conference.council import follow_up  # follow_up imports this module

    follow_up.sync_upcoming()
    return recommendation


def delete(recommendation: Recommendation) -> None:
    """Delete a draft; decided recommendations are the council's record and stay."""
    if recommendation.decision != Decision.PENDING:
        raise ConflictError(gettext("Only draft recommendations can be deleted. "
                                    "Set the decision back to draft first if it was recorded by mistake."))
    item = recommendation.agenda_item
    db.session.delete(recommendation)
    db.session.flush()
    db.session.expire(item, ["recommendations"])


def carry_targets(recommendation: Recommendation) -> list[Edition]:
    """Later council editions that have not met yet: where a deferred recommendation can go."""
    source = recommendation.edition
    return [e for e in db.session.scalars(
        select(Edition).where(Edition.format == EditionFormat.COUNCIL, Edition.starts_at > source.starts_at,
                              Edition.status.not_in(HELD_STATUSES)).order_by(Edition.starts_at))]


def _mentions(text: str, reference: str) -> bool:
    # "BK 28/2" must not match "BK 28/20".
    return re.search(re.escape(reference) + r"(?!\d)", text or "") is not None


def carry_deferred(recommendation: Recommendation, target: Edition) -> Recommendation:
    """Put a deferred recommendation on the agenda of a later council edition: a new regular agenda
    item with a new draft under it whose text names the original reference. Once per target."""
    from conference.council import agenda

    if recommendation.decision != Decision.DEFERRED:
        raise ConflictError(gettext("Only a deferred recommendation can be carried to a later meeting."))
    if target not in carry_targets(recommendation):
        raise DomainError(gettext("Please choose a later council meeting that has not taken place yet."),
                          field="target")
    existing = db.session.scalars(select(Recommendation).where(Recommendation.edition_id == target.id))
    if any(_mentions(r.text, recommendation.reference) for r in existing):
        raise ConflictError(gettext("This recommendation is already on the agenda of %(title)s.",
                                    title=target.title))
    source = recommendation.edition
    with in_record_language():
        note = gettext("Deferred at the %(number)d. meeting (%(reference)s).", number=source.number,
                       reference=recommendation.reference)
    item = agenda.add_item(target, title=recommendation.title, number=agenda.suggested_number(target),
                           description=note, is_public=recommendation.agenda_item.is_public)
    return draft(item, title=recommendation.title, text=f"{note}\n\n{recommendation.text}".strip(),
                 addressees=recommendation.addressees)
