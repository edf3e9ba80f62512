"""Dates and times in both languages: German as Babel writes it, English with the day before the month and the
24-hour clock (a German city's site), never the US "5/8/27, 1:00 PM". Mails render under ``force_locale``."""

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from conference.date_formats import format_date, format_datetime, format_time
from conference.editions.services import LOCAL_TZ

MOMENT = datetime(2027, 5, 8, 11, 0, tzinfo=UTC)  # 13:00 in Berlin
TEMPLATE = ('{{ m|datetime("short") }} | {{ m|datetime }} | {{ m|date }} | {{ m|date("medium") }} | '
            '{{ m|date("full") }} | {{ m|time }} | {{ date_range(m, m) }}')


@pytest.mark.parametrize(("locale", "expected"), [
    ("de", "08.05.27, 13:00 | 08.05.2027, 13:00:00 | 8. Mai 2027 | 08.05.2027 | Samstag, 8. Mai 2027 | 13:00 | "
           "8. Mai 2027, 13:00–13:00"),
    ("en", "8 May 2027, 13:00 | 8 May 2027, 13:00:00 | 8 May 2027 | 8 May 2027 | Saturday, 8 May 2027 | 13:00 | "
           "8 May 2027, 13:00–13:00"),
])
def test_the_template_filters_in_both_languages(app, locale, expected):
    with app.test_request_context(), force_locale(locale):  # as a mail is rendered in its recipient's language
        assert app.jinja_env.from_string(TEMPLATE).render(m=MOMENT) == expected


def test_english_never_uses_the_us_short_forms_or_the_12_hour_clock(app):
    evening = datetime(2026, 11, 26, 18, 22, tzinfo=UTC)  # 19:22 in Berlin (winter time)
    with app.test_request_context(), force_locale("en"):
        assert format_datetime(evening, "short") == "26 Nov 2026, 19:22"
        assert format_date(evening, "short") == "26 Nov 2026"
        assert format_date(date(2027, 5, 8), "long") == "8 May 2027"
        assert format_time(evening, "short") == "19:22"
        assert format_datetime(evening, "yyyy-MM-dd HH:mm") == "2026-11-26 19:22"  # explicit patterns as given
        for text in (format_datetime(evening, f) for f in ("short", "medium", "long")):
            assert "PM" not in text and "/" not in text


def test_german_is_unchanged(app):
    with app.test_request_context():
        assert format_datetime(MOMENT, "short") == "08.05.27, 13:00"
        assert format_date(MOMENT, "short") == "08.05.27"
        assert format_time(MOMENT, "short") == "13:00"


def test_an_english_page_shows_the_british_form(app, client, db, english):
    from tests.factories import make_call, make_edition

    edition = make_edition()
    call = make_call(edition, closes_days=30)
    db.session.commit()
    html = client.get(f"/editions/{edition.id}").get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        closes = format_datetime(call.closes_at, "short")
    assert f"submit offers until {closes}" in html
    assert closes.endswith(f"{call.closes_at.astimezone(LOCAL_TZ):%Y, %H:%M}")


def test_no_module_formats_dates_with_flask_babel_directly():
    """Flask-Babel's named formats are American in English ("September 13, 2025", "1:00 PM"): every date in a
    page, mail or PDF goes through conference.date_formats (certificates, the signature list and the decision
    mail once did not)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "conference"
    direct = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                direct += [f"{path.relative_to(root)}: {alias.name}" for alias in node.names
                           if alias.name in {"format_date", "format_datetime", "format_time"}]
    assert direct == []
