"""Dates and times in the page's (or mail's) language, shown in Europe/Berlin.

Use these instead of Flask-Babel's ``format_date``/``format_datetime``/``format_time``. German output is
Babel's German. English follows British conventions (day before month, the 24-hour clock), as fits a German
city's site, and the short forms name the month: "8 May 2027, 13:00", never the US "5/8/27, 1:00 PM".
Explicit patterns (``"HH:mm"``) are used as given, in every language."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale, dates
from flask import current_app
from flask_babel import get_locale, get_timezone, to_user_timezone

# The locale whose conventions format a language's dates, where it is not the language itself.
FORMAT_LOCALES = {"en": "en_GB"}
# Named formats replaced by a pattern in one language: en_GB's short forms are "08/05/2027", which
# a reader from elsewhere may take for 5 August.
PATTERNS = {
    ("en", "date", "short"): "d MMM y",
    ("en", "datetime", "short"): "d MMM y, HH:mm",
}
DEFAULTS = {"date": "medium", "datetime": "medium", "time": "medium"}


@lru_cache(maxsize=16)
def _format_locale(language: str, locale: str) -> Locale:
    """The locale that formats ``language``'s dates, parsed once per process: a page formats hundreds of
    times (the programme), and each parse costs about 5 µs."""
    return Locale.parse(FORMAT_LOCALES.get(language, locale))


def _locale_and_pattern(kind: str, fmt: str | None) -> tuple[Locale, str]:
    locale = get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])
    fmt = fmt or DEFAULTS[kind]
    pattern = PATTERNS.get((locale.language, kind, fmt), fmt)
    return _format_locale(locale.language, str(locale)), pattern


def format_date(value: date | datetime, fmt: str | None = None) -> str:
    """The date of ``value`` (a datetime is first moved to Europe/Berlin)."""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    locale, pattern = _locale_and_pattern("date", fmt)
    return dates.format_date(value, pattern, locale=locale)


def format_datetime(value: datetime, fmt: str | None = None) -> str:
    locale, pattern = _locale_and_pattern("datetime", fmt)
    return dates.format_datetime(value, pattern, tzinfo=get_timezone(), locale=locale)


def format_time(value: datetime | time, fmt: str | None = None) -> str:
    locale, pattern = _locale_and_pattern("time", fmt)
    return dates.format_time(value, pattern, tzinfo=get_timezone(), locale=locale)
