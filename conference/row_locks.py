"""Row locks on both of our databases, for the few places where two requests must not interleave (seats,
administrators, accounts).

PostgreSQL locks rows: ``SELECT … FOR UPDATE``, in id order so that two transactions locking the same rows
cannot deadlock. SQLite has no row locks; its driver opens a transaction with the first write, and that write
takes the database's single write lock, so a no-op UPDATE of the rows gives ``BEGIN IMMEDIATE`` semantics:
from there to the commit no other writer runs.
"""

from __future__ import annotations

from sqlalchemy import select, update

from conference.extensions import db


def is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def lock_rows(model, *where) -> None:
    """Hold the rows of ``model`` that match ``where`` until the transaction ends. On SQLite the no-op UPDATE
    sets the key, and every column with an ``onupdate`` default, to itself, so that nothing changes."""
    if is_postgres():
        db.session.execute(select(model.id).where(*where).order_by(model.id).with_for_update())
        return
    table = model.__table__
    unchanged = {column: column for column in table.columns if column.primary_key or column.onupdate is not None}
    db.session.execute(update(model).where(*where).values(unchanged).execution_options(synchronize_session=False))
