"""The base of every form: text input is cleaned of control characters before validation.

PostgreSQL refuses NUL bytes in text columns (a 500 for a pasted binary string), and no field of
ours has use for other control characters either; tabs and line breaks stay."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, PasswordField
from wtforms.fields.core import UnboundField

from conference.form_messages import FormTranslations, load_form_translations

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control_characters(value):
    return CONTROL.sub("", value) if isinstance(value, str) else value


@lru_cache(maxsize=8)
def wtforms_translations(locale: str) -> FormTranslations:
    """WTForms' own messages ("Not a valid choice.") in ``locale``, read once per process.

    Flask-WTF reads the catalogue from disk for every request that builds a form, which costs a
    registration rush about 0.5 ms per request."""
    return load_form_translations(locale)


def unless_posted(obj):
    """The object an edit form is filled from, on GET only. A posted form holds exactly what was posted:
    a field left out is empty and fails its required check, instead of silently keeping the stored value
    (WTForms falls back to the object for any field missing from the form data)."""
    if has_request_context() and request.method in SUBMIT_METHODS:
        return None
    return obj


SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# The names of every password field of our forms: a page that shows posted data back (the 429 page's "send
# again" form, conference/errorpages.py) leaves them out, whatever they are called ("password", "confirm").
SECRET_FIELD_NAMES: set[str] = set()


class BaseForm(FlaskForm):
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        SECRET_FIELD_NAMES.update(name for name, value in vars(cls).items()
                                  if isinstance(value, UnboundField) and issubclass(value.field_class, PasswordField))

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return None
            return wtforms_translations(str(get_locale()))

        def wrap_formdata(self, form, formdata):
            """Posted fields and files only. Flask-WTF would read a JSON body as the form, and fail with a 500 on
            any JSON that is not an object of strings (``0``, ``[1]``); the JSON API passes its own formdata."""
            if has_request_context() and request.is_json and not hasattr(formdata, "getlist"):
                return None
            return super().wrap_formdata(form, formdata)

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, FieldList | FormField):  # their inner fields filter
                return unbound_field.bind(form=form, **options)
            own = unbound_field.kwargs.get("filters", ())  # the field's own filters (e.g. strip) stay
            options["filters"] = (drop_control_characters, *own)
            return unbound_field.bind(form=form, **options)
