"""A small council with everything the OParl API must publish or hide, for the tests in this folder."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from flask import current_app

from conference.council.core import meeting_of
from conference.council.models import (
    AgendaDocument,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Decision,
    FollowUp,
    FollowUpStatus,
    Membership,
    MembershipRole,
    Person,
    Recommendation,
)
from conference.database import utcnow
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.extensions import db
from tests.factories import make_council, make_edition, make_organisation, make_person, make_seat

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_document(item: AgendaItem, title: str, *, public: bool = True) -> AgendaDocument:
    """A PDF stored where the council keeps its documents."""
    key = secrets.token_hex(16)
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "council"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(PDF)
    document = AgendaDocument(agenda_item=item, title=title, file_key=key, file_name=f"{title.lower()}.pdf",
                              content_type="application/pdf", size=len(PDF), is_public=public)
    db.session.add(document)
    db.session.flush()
    return document


def add_item(edition: Edition, title: str, *, position: int, public: bool = True, number: str = "",
             **fields) -> AgendaItem:
    item = AgendaItem(edition_id=edition.id, title=title, position=position, is_public=public,
                      number=number or f"TOP {position}", **fields)
    db.session.add(item)
    db.session.flush()
    return item


def add_recommendation(item: AgendaItem, reference: str, decision: Decision, **fields) -> Recommendation:
    recommendation = Recommendation(edition_id=item.edition_id, agenda_item_id=item.id, reference=reference,
                                    title=fields.pop("title", f"Empfehlung {reference}"),
                                    text=fields.pop("text", f"Text der Empfehlung {reference}."),
                                    decision=decision, **fields)
    db.session.add(recommendation)
    db.session.flush()
    return recommendation


@dataclass
class Council:
    held: Edition
    upcoming: Edition
    draft: Edition
    open_day: Edition
    consenting: Person
    refusing: Person
    former: Person
    items: dict[str, AgendaItem]
    documents: dict[str, AgendaDocument]
    papers: dict[str, Recommendation]


def build_council() -> Council:
    """Two seats' worth of people across a held, an upcoming and a draft council edition:

    - ``consenting`` (Dr. Erika Beispiel) sits for the Grundschule as member and attended the held meeting;
    - ``refusing`` is the Grundschule's deputy without consent, and attended too;
    - ``former`` consented, was the Jugendamt's member until 2025 and was replaced by someone without consent;
    - the held edition has a public item (with a public and a non-public document and recommendations
      adopted, not adopted, deferred and pending) and a non-public item (with an adopted recommendation);
    - the upcoming edition carries the adopted recommendation as a follow-up item, invitations sent;
    - a draft council edition and an open day have items that must never appear.
    """
    school = make_organisation("Grundschule Lindenweg", kind="school", website="https://gs-lindenweg.example.org")
    office = make_organisation("Jugendamt der Stadt", kind="public")
    make_organisation("Partner ohne Sitz")  # holds no seat: not an OParl organization

    consenting = make_person("Beispiel", "Erika", title="Dr.", consent=True, email="erika@example.org")
    refusing = make_person("Geheim", "Gerd", email="gerd@example.org")
    former = make_person("Vorher", "Vera", consent=True)
    school_seat = make_seat("Schulen", organisation=school, label="Grundschulen (1)", member=consenting,
                            deputy=refusing, starts_on=date(2024, 1, 1))
    office_seat = make_seat("Jugendhilfe", organisation=office, label="Öffentliche Jugendhilfe", member=False,
                            deputy=False)
    successor = make_person("Nachfolger", "Nils")
    db.session.add_all([
        Membership(seat=office_seat, person=former, role=MembershipRole.MEMBER, starts_on=date(2022, 1, 1),
                   ends_on=date(2025, 6, 30)),
        Membership(seat=office_seat, person=successor, role=MembershipRole.MEMBER, starts_on=date(2025, 7, 1)),
    ])

    held = make_council(number=28, status=EditionStatus.HELD, day=date(2026, 10, 14), theme="Übergänge gestalten")
    upcoming = make_council(number=29, status=EditionStatus.REGISTRATION_OPEN, day=date(2027, 3, 10))
    draft = make_council(number=30, status=EditionStatus.DRAFT, day=date(2027, 10, 6))
    open_day = make_edition(number=31, format=EditionFormat.OPEN_DAY)
    meeting_of(upcoming).invitations_sent_at = utcnow()

    items = {
        "public": add_item(held, "Übergang Kita – Grundschule", position=1),
        "closed": add_item(held, "Personalangelegenheiten", position=2, public=False),
        "second": add_item(held, "Verschiedenes", position=3),
        "draft": add_item(draft, "Entwurf", position=1),
        "open_day": add_item(open_day, "Tag der Bildung", position=1),
    }
    papers = {
        "adopted": add_recommendation(items["public"], "BK 28/1", Decision.ADOPTED, decided_on=date(2026, 10, 14),
                                      addressees=["school_authority", "kita_providers"]),
        "rejected": add_recommendation(items["public"], "BK 28/2", Decision.NOT_ADOPTED,
                                       decided_on=date(2026, 10, 14)),
        "deferred": add_recommendation(items["public"], "BK 28/3", Decision.DEFERRED),
        "pending": add_recommendation(items["second"], "BK 28/4", Decision.PENDING),
        "closed": add_recommendation(items["closed"], "BK 28/5", Decision.ADOPTED, decided_on=date(2026, 10, 14)),
        "draft": add_recommendation(items["draft"], "BK 30/1", Decision.ADOPTED, decided_on=date(2027, 10, 6)),
    }
    db.session.add_all([
        FollowUp(recommendation=papers["adopted"], status=FollowUpStatus.IN_PROGRESS, reported_on=date(2027, 1, 15),
                 text="Arbeitsgruppe eingerichtet."),
        FollowUp(recommendation=papers["adopted"], edition_id=draft.id, status=FollowUpStatus.IMPLEMENTED,
                 reported_on=date(2027, 2, 20), text="Leitfaden veröffentlicht."),
    ])
    items["follow_up"] = add_item(upcoming, "Nachverfolgung BK 28/1", position=1, kind=AgendaItemKind.FOLLOW_UP,
                                  follow_up_of_id=papers["adopted"].id)
    documents = {
        "public": add_document(items["public"], "Leitfaden"),
        "internal": add_document(items["public"], "Interner Vermerk", public=False),
        "closed": add_document(items["closed"], "Vertraulich"),
        "draft": add_document(items["draft"], "Entwurfspapier"),
    }
    db.session.add_all([
        Attendance(edition_id=held.id, seat_id=school_seat.id, person_id=consenting.id, role=AttendanceRole.MEMBER),
        Attendance(edition_id=held.id, seat_id=school_seat.id, person_id=refusing.id, role=AttendanceRole.DEPUTY),
        Attendance(edition_id=held.id, seat_id=office_seat.id, role=AttendanceRole.SUBSTITUTE,
                   substitute_name="Sabine Spontan"),
    ])
    db.session.commit()
    return Council(held=held, upcoming=upcoming, draft=draft, open_day=open_day, consenting=consenting,
                   refusing=refusing, former=former, items=items, documents=documents, papers=papers)


_numbers = itertools.count(1000)


def add_meetings(count: int, start: date = date(2020, 3, 1)) -> list[Edition]:
    """``count`` held council editions, each with a public agenda item, a document, an adopted
    recommendation and a new seat whose consenting member took part."""
    editions = []
    for n in range(count):
        number = next(_numbers)
        edition = make_council(number=number, status=EditionStatus.HELD, day=start + timedelta(days=7 * n))
        item = add_item(edition, f"Thema {number}", position=1)
        add_document(item, f"Vorlage {number}")
        add_recommendation(item, f"BK {number}/1", Decision.ADOPTED, decided_on=start + timedelta(days=7 * n))
        seat = make_seat("Weitere", member=make_person(consent=True), deputy=False)
        db.session.add(Attendance(edition_id=edition.id, seat_id=seat.id, person_id=seat.memberships[0].person_id,
                                  role=AttendanceRole.MEMBER))
        editions.append(edition)
    db.session.commit()
    return editions
