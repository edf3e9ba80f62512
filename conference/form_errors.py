"""Showing a service's domain error next to the form field it concerns."""

from flask import flash

from conference.errors import DomainError


def attach_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")
