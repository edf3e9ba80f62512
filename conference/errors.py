"""Domain errors: raised by services and models, turned into 4xx responses at the edge."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain was broken. ``message`` is meant for people and is translated."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(DomainError):
    status_code = 404


class ConflictError(DomainError):
    status_code = 409


class InvalidTransitionError(ConflictError):
    """An edition (or another stateful object) was asked for a state change its lifecycle forbids."""
