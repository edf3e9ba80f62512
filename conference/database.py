"""The declarative base, its naming convention and column types shared by every domain."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime, stored in UTC on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so the value is stored as naive
    UTC and made aware again on load. Naive values are refused: they are always a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use a timezone-aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_cls, name: str, length: int = 24) -> Enum:
    """A string enum column: the members' values stored as VARCHAR (no native type, so adding a member
    needs no ALTER TYPE), and unknown strings refused before they reach the database."""
    return Enum(enum_cls, name=name, native_enum=False, length=length, validate_strings=True,
                values_callable=lambda e: [m.value for m in e])


def new_token() -> str:
    """A secret for a link (manage, RSVP, survey): 24 random bytes, URL-safe."""
    return secrets.token_urlsafe(24)


class Timestamps:
    """``created_at`` and ``updated_at`` for a model (the OParl API publishes both, for instance)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL for concurrent readers, enforced foreign keys and a busy timeout on SQLite."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # SQLite's own lower() folds ASCII only, so ILIKE and lower() comparisons missed "Übergang" for
    # "übergang". Python's str.lower folds as PostgreSQL does. (No index uses lower(), so nothing stored
    # depends on the built-in.)
    dbapi_connection.create_function("lower", 1, lambda value: value.lower() if isinstance(value, str) else value,
                                     deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
    if mode not in ("memory",):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "connect")
def _postgres_custom_plans(dbapi_connection, connection_record):
    """Plan every statement for its own parameters on PostgreSQL (``plan_cache_mode = force_custom_plan``).

    psycopg prepares a statement on the server after five runs, and PostgreSQL then settles on a generic plan
    when it costs no more than the custom ones so far. Chosen while a table is still small (a new edition's
    bookings when registration opens), that plan stays with the pooled connection while the table grows:
    the capacity count under the session lock kept a plan that read every booking, 10.7 ms per registration
    after 3,000 of them instead of 0.6 (docs/benchmarks.md, registration rush), and the survey counts got
    a plan made for the average survey. Custom plans cost a little planning per statement; prepared
    statements still save the parsing."""
    if type(dbapi_connection).__module__.partition(".")[0] != "psycopg":  # psycopg 3 (not psycopg2, not SQLite)
        return
    dbapi_connection.execute("SET plan_cache_mode = force_custom_plan")
    dbapi_connection.commit()
