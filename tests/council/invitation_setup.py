"""Builders shared by the invitation, RSVP and dashboard tests."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from conference.council.documents import document_path
from conference.council.models import AgendaDocument, AgendaItem, Invitation
from conference.extensions import db
from tests.factories import make_council, make_seat

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def council_with_seats(n: int = 3, **fields):
    """A council edition and ``n`` active seats (each with a member and a deputy)."""
    edition = make_council(**fields)
    seats = [make_seat(group="Schulen" if i % 2 == 0 else "Kitas") for i in range(n)]
    return edition, seats


def add_item(edition, title="Bericht", number="TOP 1", is_public=True, position=0, description=""):
    item = AgendaItem(edition=edition, title=title, number=number, is_public=is_public, position=position,
                      description=description)
    db.session.add(item)
    db.session.flush()
    return item


def add_document(item, title="Vorlage", is_public=True, content=PDF):
    document = AgendaDocument(agenda_item=item, title=title, file_key=secrets.token_hex(16),
                              file_name="vorlage.pdf", content_type="application/pdf", size=len(content),
                              is_public=is_public)
    db.session.add(document)
    db.session.flush()
    document_path(document).write_bytes(content)
    return document


def invitation_of(edition, seat) -> Invitation:
    return db.session.scalar(select(Invitation).where(Invitation.edition_id == edition.id,
                                                      Invitation.seat_id == seat.id))
