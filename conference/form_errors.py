"""Showing a service's domain error next to the form field it concerns."""

from flask import flash

from conference.errors import DomainError


def attach_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


def flash_form_errors(form) -> None:
    """All of a form's messages as one flash, for small forms that redirect instead of re-rendering."""
    flash(" ".join(str(m) for messages in form.errors.values() for m in messages), "danger")
