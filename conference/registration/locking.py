"""Row locks for capacity: the one thing that must never break (ARCHITECTURE § 4).

PostgreSQL: ``SELECT … FOR UPDATE`` on the session rows, in id order (no deadlocks between two
visitors booking the same pair), at READ COMMITTED, so counts taken after the lock see every
committed booking.

SQLite has no row locks. The driver opens a transaction with the first write, and that write takes
the database's single write lock, so a no-op UPDATE of the sessions gives ``BEGIN IMMEDIATE``
semantics: from here to commit no other writer runs, and our counts stay true.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update

from conference.extensions import db
from conference.program.models import Session


def lock_sessions(session_ids: Iterable[int]) -> None:
    ids = sorted(set(session_ids))
    if not ids:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Session.id).where(Session.id.in_(ids)).order_by(Session.id).with_for_update())
    else:
        db.session.execute(
            update(Session).where(Session.id.in_(ids))
            .values(sequence=Session.sequence, updated_at=Session.updated_at)
            .execution_options(synchronize_session=False)
        )
