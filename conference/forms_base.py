"""The base of every form: text input is cleaned of control characters before validation.

PostgreSQL refuses NUL bytes in text columns (a 500 for a pasted binary string), and no field of
ours has use for other control characters either; tabs and line breaks stay."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(value):
    return CONTROL.sub("", value) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            own = unbound_field.kwargs.get("filters", ())  # the field's own filters (e.g. strip) stay
            options["filters"] = (drop_control_characters, *own)
            return unbound_field.bind(form=form, **options)
