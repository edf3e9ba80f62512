"""Filters and globals for templates: dates in Europe/Berlin, labels, the language switch."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, has_request_context, url_for
from flask_babel import format_decimal, format_percent, get_locale
from markupsafe import Markup

from conference.date_formats import format_date, format_datetime, format_time
from conference.i18n import LANGUAGE_NAMES, in_language, switch_target


def _date(value: datetime | None, fmt: str = "long") -> str:
    return format_date(value, fmt) if value else ""


def _datetime(value: datetime | None, fmt: str = "medium") -> str:
    return format_datetime(value, fmt) if value else ""


def _time(value: datetime | None) -> str:
    return format_time(value, "HH:mm") if value else ""


def _date_range(starts: datetime, ends: datetime) -> str:
    """'14. September 2019, 11:00–16:00' on one day, both dates otherwise."""
    if format_date(starts, "short") == format_date(ends, "short"):
        return f"{format_date(starts, 'long')}, {_time(starts)}–{_time(ends)}"
    return f"{format_datetime(starts, 'medium')} – {format_datetime(ends, 'medium')}"


def _filesize(size: int | None) -> str:
    """A file size in the page's language: whole kB below 1 MB (at least 1), MB with one decimal above
    ("14 kB", "1,3 MB")."""
    size = size or 0
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} kB"
    return f"{format_decimal(round(size / (1024 * 1024), 1))} MB"


def _percent(value: float | None) -> str:
    """A share as the language writes it ("78,3 %" in German); a dash for none."""
    return format_percent(value, "#,##0.0 %") if value is not None else "–"


def _decimal(value: float | None, places: int = 1) -> str:
    return format_decimal(value, "#,##0." + "0" * places) if value is not None else "–"


def _paragraphs(text: str | None) -> Markup:
    """Plain text with blank lines as paragraphs and line breaks kept; everything else escaped."""
    parts = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(p.split("\n"))) for p in parts)


def _labeller(mapping: dict):
    """A filter that shows a code's translated label (the code itself if unknown)."""
    return lambda code: str(mapping.get(code, code))


def _form_errors(form) -> list[tuple[str, str, list[str]]]:
    """``(anchor id, label, messages)`` for every field with errors, rows of a FieldList included
    (their label says which row), for the error summary at the top of a form."""
    items = []
    for field in form:
        if not field.errors:
            continue
        if field.type == "FieldList":
            for number, entry in enumerate(field, start=1):
                for sub in getattr(entry, "form", [entry]):
                    if sub.errors:
                        items.append((sub.id, f"{field.label.text} {number}, {sub.label.text}", list(sub.errors)))
        else:
            items.append((field.id, str(field.label.text), [str(m) for m in field.errors]))
    return items


def _csrf_field(form) -> Markup:
    """The form's CSRF token as a hidden input without an id: several forms on one page would
    otherwise repeat ``id="csrf_token"``. Empty where CSRF is off (some tests)."""
    field = getattr(form, "csrf_token", None)
    return field(id=False) if field is not None else Markup("")  # the widget returns Markup already


def register(app: Flask) -> None:
    from conference.database import utcnow

    app.add_template_global(utcnow, "now")
    from conference.registration.preferences import workshop_titles

    app.add_template_global(workshop_titles, "workshop_titles")
    app.add_template_global(_csrf_field, "csrf_field")
    app.add_template_global(_form_errors, "form_errors")
    app.add_template_global(in_language, "in_language")
    app.add_template_filter(_paragraphs, "paragraphs")
    app.add_template_filter(_filesize, "filesize")
    app.add_template_filter(_percent, "percent")
    app.add_template_filter(_decimal, "decimal")
    from conference.program.models import TARGET_GROUPS, TOPICS
    from conference.submissions.models import EQUIPMENT

    app.add_template_filter(_labeller(TARGET_GROUPS), "target_group_label")
    app.add_template_filter(_labeller(TOPICS), "topic_label")
    app.add_template_filter(_labeller(EQUIPMENT), "equipment_label")
    app.add_template_filter(_date, "date")
    app.add_template_filter(_datetime, "datetime")
    app.add_template_filter(_time, "time")
    app.add_template_global(_date_range, "date_range")
    from conference.council.core import public_status_label

    app.add_template_global(public_status_label, "public_status")

    @app.context_processor
    def inject_globals():
        current = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])

        def language_switch() -> list[dict]:
            """Built only when a page asks for it (mails never do, and they are rendered in the rush)."""
            if not has_request_context():
                return []
            path = switch_target()
            return [
                {"code": code, "name": name, "url": url_for("pages.set_language", code=code, next=path),
                 "current": code == current}
                for code, name in LANGUAGE_NAMES.items()
            ]

        return {
            "current_locale": current,
            "language_switch": language_switch,
            "site_name": current_app.config["SITE_NAME"],
            "city_name": current_app.config["CITY_NAME"],
            "office_name": current_app.config["OFFICE_NAME"],
            "contact_email": current_app.config["CONTACT_EMAIL"],
            "outbox_ui": current_app.config["OUTBOX_UI"],
        }
