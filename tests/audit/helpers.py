"""Reading the audit log in tests."""

from __future__ import annotations

from sqlalchemy import select, text

from conference.audit.models import AuditEntry
from conference.extensions import db


def entries(action: str | None = None) -> list[AuditEntry]:
    """The entries (of ``action``), oldest first, read afresh from the database."""
    db.session.expire_all()
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def the_entry(action: str) -> AuditEntry:
    """The one entry of ``action`` (and the one entry in the log at all)."""
    found = entries()
    assert [e.action for e in found] == [action], [e.action for e in found]
    return found[0]


def raw_audit_rows() -> list[str]:
    """Every column of every audit entry as text, straight from the table (what a dump would show)."""
    rows = db.session.execute(text("SELECT * FROM audit_entry")).all()
    return [str(value) for row in rows for value in row]
