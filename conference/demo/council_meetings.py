"""Every demo council edition's meeting: settings, one invitation per seat held on the day with its answer,
attendance for the meetings held, the agenda (regular items and the follow-up items carried over from
earlier editions), recommendations and the status reports given on them at later editions.

An upcoming edition gets its invitations as sent (``sent_at``) without queueing mail, so nothing goes to
the demo addresses; about half of them are answered. Idempotent: a council edition that has invitations or
agenda items already is left alone, and recommendations are found by their reference."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from conference.council.core import meeting_day
from conference.council.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    CouncilMeeting,
    Decision,
    FollowUp,
    FollowUpStatus,
    Invitation,
    Membership,
    MembershipRole,
    Recommendation,
    RsvpStatus,
    Seat,
)
from conference.database import new_token
from conference.demo import council_agenda_data as agendas
from conference.demo import council_documents
from conference.demo import council_meeting_data as data
from conference.demo import council_seat_data as seat_data
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.editions.services import from_local
from conference.extensions import db

HELD = (EditionStatus.HELD, EditionStatus.EVALUATED, EditionStatus.ARCHIVED)
# Of the seats that meant to come: how many sent the deputy instead of the member.
DEPUTY_SHARE = 0.1
# Of the seats that did not come: how many never answered.
SILENT_SHARE = 0.22


def seed(seats: list[Seat], today: date, organiser_id: int | None) -> None:
    """Give every council edition of the demo its meeting, one edition (and one flush) at a time."""
    editions = list(db.session.scalars(select(Edition).where(Edition.format == EditionFormat.COUNCIL)
                                       .order_by(Edition.starts_at)))
    done = set(db.session.scalars(select(Invitation.edition_id).distinct()))
    done |= set(db.session.scalars(select(AgendaItem.edition_id).distinct()))
    recommendations = {r.reference: r for r in db.session.scalars(select(Recommendation))}
    shares = _shares(seats)
    for index, edition in enumerate(editions):
        spec = agendas.MEETINGS.get(edition.number)
        if spec is None or edition.id in done:
            continue
        following = editions[index + 1] if index + 1 < len(editions) else None
        _Meeting(edition, spec, seats, shares, recommendations, following, today, organiser_id).run()
        db.session.flush()


def status_before(reference: str, number: int) -> str | None:
    """The status last reported on ``reference`` at an edition before ``number`` (None: nothing yet)."""
    reports = [status for at, status, _ in REPORTS.get(reference, ()) if at < number]
    return reports[-1] if reports else None


def _reports() -> dict[str, list[tuple[int, str, str]]]:
    reports = {}
    for number, spec in agendas.MEETINGS.items():
        for n, recommendation in enumerate(spec["recommendations"], start=1):
            reports[f"BK {number}/{n}"] = sorted(recommendation.get("reports", ()))
    return reports


REPORTS = _reports()


def _shares(seats: list[Seat]) -> dict[int, float]:
    """How likely each seat is represented: its group's rate, give or take a little per seat."""
    rates = {name: rate for name, rate, _ in seat_data.SEAT_GROUPS}
    return {seat.id: rates.get(seat.group.name, 0.6) + random.Random(f"seat-{seat.label}").uniform(-0.12, 0.12)
            for seat in seats}


class _Meeting:
    def __init__(self, edition, spec, seats, shares, recommendations, following, today, organiser_id):
        self.edition, self.spec, self.shares = edition, spec, shares
        self.recommendations: dict[str, Recommendation] = recommendations
        self.day = meeting_day(edition)
        self.next_day = meeting_day(following) if following else None
        self.held = edition.status in HELD
        self.rng = random.Random(f"council-{edition.number}")
        self.organiser_id = organiser_id
        self.holders = [(seat, seat.holder(MembershipRole.MEMBER, self.day), seat.holder(MembershipRole.DEPUTY,
                                                                                            self.day))
                        for seat in seats]
        self.holders = [(seat, member, deputy) for seat, member, deputy in self.holders if member or deputy]
        self.sent = from_local(self.day - timedelta(weeks=3), time(10))
        self.deadline = from_local(self.day - timedelta(weeks=1), time(23, 59))
        # An upcoming meeting's invitations went out a week ago at the latest, answers came in until yesterday.
        self.now = from_local(today, time(0))
        if not self.held:
            self.sent = min(self.sent, from_local(today - timedelta(weeks=1), time(10)))
        self.answers_until = self.deadline if self.held else min(self.deadline, self.now)

    def run(self) -> None:
        self._settings()
        invitations = self._invite()
        present = self._check_in(invitations) if self.held else 0
        self._agenda(present)

    # --- settings, invitations, attendance --------------------------------------------------------------

    def _settings(self) -> None:
        meeting = db.session.scalar(select(CouncilMeeting).where(CouncilMeeting.edition_id == self.edition.id))
        if meeting is None:
            meeting = CouncilMeeting(edition_id=self.edition.id, created_at=self.sent - timedelta(weeks=2))
            db.session.add(meeting)
        meeting.rsvp_deadline, meeting.quorum_share = self.deadline, data.QUORUM_SHARE
        meeting.invitations_sent_at, meeting.updated_at = self.sent, self.sent
        meeting.invitation_text = data.INVITATION_TEXT.format(
            number=self.edition.number, theme=self.edition.theme, deadline=f"{self.deadline:%d.%m.%Y}")

    def _invite(self) -> list[tuple[dict, Membership | None, Membership | None]]:
        """One invitation per seat held on the day, inserted in bulk; returns the rows with the holders."""
        rng, reminded_at = self.rng, from_local(self.deadline.date() - timedelta(days=3), time(9))
        invitations = []
        for seat, member, deputy in self.holders:
            if rng.random() < self.shares.get(seat.id, 0.6):
                wants_deputy = deputy is not None and (member is None or rng.random() < DEPUTY_SHARE)
                status = RsvpStatus.DEPUTY_ATTENDS if wants_deputy else RsvpStatus.ATTENDING
            else:
                status = RsvpStatus.PENDING if rng.random() < SILENT_SHARE else RsvpStatus.DECLINED
            if not self.held and rng.random() < 0.5:  # half of an upcoming meeting's seats have not answered yet
                status = RsvpStatus.PENDING
            note = rng.choice(data.DECLINE_NOTES) if status == RsvpStatus.DECLINED and rng.random() < 0.5 else ""
            responded = None
            if status != RsvpStatus.PENDING:
                window = (self.answers_until - self.sent).total_seconds()
                responded = self.sent + timedelta(seconds=rng.uniform(0.02, 0.98) * window)
            reminded = self.held and (responded is None or responded > reminded_at)
            invitations.append(({
                "edition_id": self.edition.id, "seat_id": seat.id, "token": new_token(), "status": status,
                "note": note, "responded_at": responded, "sent_at": self.sent,
                "last_reminded_at": reminded_at if reminded else None, "reminder_count": int(reminded),
                "created_at": self.sent, "updated_at": responded or self.sent,
            }, member, deputy))
        db.session.execute(insert(Invitation), [row for row, _, _ in invitations])
        return invitations

    def _check_in(self, invitations) -> int:
        """Attendance that mostly follows the answers: a few no-shows, a few who came unannounced, now and
        then a substitute. Returns the number of seats represented."""
        rng, rows = self.rng, []
        for invitation, member, deputy in invitations:
            came, r, status = None, rng.random(), invitation["status"]
            if status == RsvpStatus.ATTENDING:
                came = member if r < 0.93 else (deputy or member) if r < 0.96 else None
            elif status == RsvpStatus.DEPUTY_ATTENDS:
                came = deputy if r < 0.92 else None
            elif status == RsvpStatus.PENDING:
                came = member if r < 0.35 else None
            elif r < 0.06:
                rows.append(self._attendance(invitation["seat_id"], None, AttendanceRole.SUBSTITUTE,
                                             substitute_name=rng.choice(data.SUBSTITUTES)))
            elif r < 0.1:
                came = deputy
            if came is not None:
                role = AttendanceRole.MEMBER if came.role == MembershipRole.MEMBER else AttendanceRole.DEPUTY
                rows.append(self._attendance(invitation["seat_id"], came.person_id, role))
        if rows:
            db.session.execute(insert(Attendance), rows)
        return len({row["seat_id"] for row in rows})

    def _attendance(self, seat_id, person_id, role, substitute_name="") -> dict:
        at = from_local(self.day, time(14, 30)) + timedelta(minutes=self.rng.randint(0, 45))
        return {"edition_id": self.edition.id, "seat_id": seat_id, "person_id": person_id, "role": role,
                "substitute_name": substitute_name, "checked_in_at": at, "checked_in_by_id": self.organiser_id,
                "created_at": at, "updated_at": at}

    # --- agenda, recommendations, follow-up ------------------------------------------------------------

    def _agenda(self, present: int) -> None:
        spec, items = self.spec, _Items(self)
        quorate = present >= data.QUORUM_SHARE * len(self.holders)
        items.add(*data.WELCOME, data.WELCOME_MINUTES.format(
            online=data.ONLINE if spec.get("online") else "", present=present, seats=len(self.holders),
            quorate="beschlussfähig" if quorate else "nicht beschlussfähig"))
        report = items.add(data.REPORT_TITLE, *spec["report"])
        for title, description, minutes in spec["items"]:
            items.add(title, description, minutes)
        decided = items.add(*data.RECOMMENDATIONS, "")
        minutes = self._recommend(decided)
        if self.held:
            decided.minutes = minutes
        if spec.get("closed"):
            items.add(*spec["closed"], is_public=False)
        extra = self.rng.choice(data.MISC_EXTRA)
        items.add(*data.MISC, data.MISC_MINUTES.format(next=f"{self.next_day:%d.%m.%Y}", extra=extra)
                  if self.next_day else extra)
        # After the regular items, numbered F1, F2, …: where the carry-over (council.follow_up) puts them.
        for n, recommendation in enumerate(self._carried_over(), start=1):
            items.follow_up(f"F{n}", recommendation)
        self._report()
        db.session.flush()
        named = {"report": report, "recommendations": decided}
        for which, title, file_name in agendas.DOCUMENTS.get(self.edition.number, ()):
            council_documents.attach(named[which], title, file_name, self.edition, self.day)

    def _carried_over(self) -> list[Recommendation]:
        """Adopted recommendations of earlier editions still open or in progress before this meeting."""
        found = []
        for number, spec in sorted(agendas.MEETINGS.items()):
            if number >= self.edition.number:
                break
            for n, recommendation in enumerate(spec["recommendations"], start=1):
                reference = f"BK {number}/{n}"
                status = status_before(reference, self.edition.number)
                if (recommendation.get("decision", "adopted") == "adopted" and reference in self.recommendations
                        and not (status and FollowUpStatus(status).is_final)):
                    found.append(self.recommendations[reference])
        return found

    def _recommend(self, item: AgendaItem) -> str:
        """This edition's recommendations under ``item``; returns the minutes of their decision."""
        decisions: dict[str, list[str]] = defaultdict(list)
        reasons = []
        for n, spec in enumerate(self.spec["recommendations"], start=1):
            reference, decision = f"BK {self.edition.number}/{n}", Decision(spec.get("decision", "adopted"))
            decisions[decision.value].append(reference)
            if spec.get("reason"):
                reasons.append(spec["reason"])
            if reference in self.recommendations:
                continue
            drafted = self.sent - timedelta(days=2)
            self.recommendations[reference] = recommendation = Recommendation(
                edition_id=self.edition.id, agenda_item=item, reference=reference, title=spec["title"],
                text=spec["text"], addressees=list(spec["to"]), decision=decision,
                decided_on=self.day if decision != Decision.PENDING else None, created_at=drafted,
                updated_at=from_local(self.day, time(18)) if self.held else drafted)
            db.session.add(recommendation)
        return " ".join([data.DECISION_MINUTES[d].format(references=", ".join(refs))
                         for d, refs in decisions.items() if d in data.DECISION_MINUTES] + reasons)

    def _report(self) -> None:
        """The status reports given at this meeting on recommendations of earlier editions."""
        at = from_local(self.day, time(18))
        for reference, reports in REPORTS.items():
            recommendation = self.recommendations.get(reference)
            for number, status, text in reports:
                if number == self.edition.number and recommendation is not None:
                    db.session.add(FollowUp(
                        recommendation=recommendation, edition_id=self.edition.id, status=FollowUpStatus(status),
                        reported_on=self.day, text=text, created_by_id=self.organiser_id, created_at=at,
                        updated_at=at))


class _Items:
    """Numbers and positions the agenda items as they are added."""

    def __init__(self, meeting: _Meeting):
        self.meeting = meeting
        self.position = self.top = 0
        self.created = meeting.sent - timedelta(days=2)
        self.minuted: datetime = from_local(meeting.day, time(19)) if meeting.held else self.created

    def add(self, title: str, description: str, minutes: str, *, is_public: bool = True) -> AgendaItem:
        self.top += 1
        return self._item(f"TOP {self.top}", title, description, minutes, is_public=is_public)

    def follow_up(self, number: str, recommendation: Recommendation) -> AgendaItem:
        meeting = self.meeting
        status = status_before(recommendation.reference, meeting.edition.number)
        news = [(s, text) for at, s, text in REPORTS.get(recommendation.reference, ())
                if at == meeting.edition.number]
        minutes = (f"Sachstand „{data.STATUS_DE[news[-1][0]]}“: {news[-1][1]}" if news
                   else data.FOLLOW_UP_NO_NEWS)
        description = data.FOLLOW_UP_ITEM_TEXT.format(
            date=f"{recommendation.decided_on:%d.%m.%Y}", status=data.STATUS_DE[status],
            addressees=", ".join(data.ADDRESSEES_DE.get(a, a) for a in recommendation.addressees))
        return self._item(number, data.FOLLOW_UP_ITEM.format(reference=recommendation.reference,
                                                             title=recommendation.title),
                          description, minutes, kind=AgendaItemKind.FOLLOW_UP, follow_up_of=recommendation)

    def _item(self, number, title, description, minutes, *, is_public=True, kind=AgendaItemKind.REGULAR,
              follow_up_of=None) -> AgendaItem:
        self.position += 1
        meeting = self.meeting
        item = AgendaItem(edition_id=meeting.edition.id, position=self.position, number=number, title=title,
                          description=description, minutes=minutes if meeting.held else "", is_public=is_public,
                          kind=kind, follow_up_of=follow_up_of, created_at=self.created, updated_at=self.minuted)
        db.session.add(item)
        return item
