"""conference/row_locks.py: taking a lock changes nothing, on either database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from conference.program.models import Session
from conference.row_locks import lock_rows
from tests.factories import make_open_day

EARLIER = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_lock_leaves_the_rows_and_their_update_times_as_they_were(db):
    edition, (first, second) = make_open_day()
    first.updated_at = second.updated_at = EARLIER
    db.session.commit()
    lock_rows(Session, Session.id.in_([first.id, second.id]))  # SQLite: a no-op UPDATE with an onupdate column
    db.session.commit()
    db.session.expire_all()
    assert set(db.session.scalars(select(Session.updated_at).where(Session.edition_id == edition.id))) == {EARLIER}
