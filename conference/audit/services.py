"""Writing the audit log. ``record`` is called by the services that do the act, in the same transaction,
so an act and its entry are saved together or not at all."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from conference.audit.models import AuditEntry
from conference.extensions import db


def _current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(action: str, *, edition=None, edition_id: int | None = None, subject=None, subject_type: str = "",
           subject_id: int | None = None, summary: str = "", details: dict | None = None,
           actor_id: int | None = None) -> AuditEntry:
    """Log ``action`` (a code such as ``capacity.override``). The actor is the signed-in user unless given
    (None outside a request: a command). ``subject`` (a model instance) fills type and id. Never pass a
    visitor's name or address in ``summary`` or ``details``: ids, codes and counts only."""
    if subject is not None:
        subject_type = subject_type or subject.__tablename__
        subject_id = subject_id if subject_id is not None else subject.id
    entry = AuditEntry(action=action, actor_id=actor_id if actor_id is not None else _current_actor_id(),
                       edition_id=edition.id if edition is not None else edition_id, subject_type=subject_type,
                       subject_id=subject_id, summary=summary, details=details or {})
    db.session.add(entry)
    db.session.flush()
    return entry
