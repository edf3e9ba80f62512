"""PostgreSQL plans each statement for its parameters (conference/database.py, ``_postgres_custom_plans``).

A generic plan made while the bookings table was empty read every booking for each capacity count
once the table had grown (10.7 ms instead of 0.6 per registration in the rush benchmark)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from conference.extensions import db


@pytest.mark.backends("postgresql")
def test_every_pooled_postgres_connection_plans_for_its_parameters(app):
    db.engine.dispose()  # new connections: the setting comes from the connect hook, not from a test
    with db.engine.connect() as first, db.engine.connect() as second:
        modes = [conn.execute(text("SHOW plan_cache_mode")).scalar() for conn in (first, second)]
        first.rollback()  # a rolled-back transaction does not undo it: it was committed on connect
        modes.append(first.execute(text("SHOW plan_cache_mode")).scalar())
    assert modes == ["force_custom_plan"] * 3


@pytest.mark.backends("sqlite")
def test_sqlite_connections_are_left_alone(app):
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # the SQLite hook still ran
