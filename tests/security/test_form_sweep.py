"""Every POST form the app shows, found by following links, takes hostile input: no 5xx, nothing shown raw.

The form-by-form tests (tests/security/test_payloads.py, tests/test_hostile_input.py, tests/fuzz/) know what each
form is for; this sweep knows nothing about any of them. With the demo data seeded it crawls the site with
Flask's test client (each request in an application context of its own, as in production), breadth-first over
same-host links and search and filter forms (method GET: as they stand, and once for each option of each select),
without downloads and the language switch. It starts anonymously from ``/`` and from the links in participants'
mails (registration, surveys, RSVP, password reset), then signed in as administrator, reviewer and partner. A route
(the Flask endpoint and the names of the query parameters) gets a few pages: two, six for an edition's pages (they
differ by format and phase), twelve while none of its pages has shown a form of its own (a review still open may
come after thirty closed ones); links from a table are taken one per value of its status-like columns first.
Every GET must answer below 500.

It collects every ``<form method="post">`` as a browser would send it (hidden fields, the selected option,
checked boxes and radios, textareas, the submit button's ``name`` and ``formaction``), one per action endpoint and
set of field names (digits in names count as one: ``group-1-name`` and ``group-2-name`` are the same field), and
sends it with the client that found it, after opening its page again (what was sent before may have changed it):

- as it stands, with empty number, date and e-mail fields and unticked groups of checkboxes filled in sensibly;
- with every free-text field set to a script and SQL payload that carries a marker unique to the form (an e-mail
  field an address with the marker, a URL field a link with the payload; files as CSV, workbook and PDF with it);
- then once for each kind of hostile value, the free text still holding the payload (so that whatever these
  store carries the marker too): 20,000 characters and control characters in text and hidden fields; 20 digits,
  ``-1``, ``0``, ``1e309``, ``NaN`` and values that are no option, one number, hidden or choice field at a time;
  dates like 9999-12-31 one field at a time, and impossible dates and times (2026-02-30, 0000-00-00, 25:61) in
  all at once; the form sent empty; its first required field left out; every field twice; a file that is not
  what it says; the action's own query arguments beyond a database integer.

Every answer must be below 500 and none a 429 (the test configuration has rate limits off; this test turns the
account lockout off). A 400 from the database's refusal (conference/errorpages.py, ``data_error``) counts as a
failure as well: the input reached the database unchecked, and the message does not say what is wrong. Redirects
are not followed but counted; the page the payload's redirect leads to (its flash messages) and the first page a
form's redirect leads to (what it made) are opened once. Forms these answers show (a search's results, a new
survey's questions) join the sweep; a form refused every time is sent again from up to two other pages where it
was seen (another edition, another state). Forms that end the session or destroy things (signing out, deleting,
erasing, purging, deactivating, withdrawing, cancelling, status changes …) are sent after all the others; a client
whose session ended signs in again.

Then the site is crawled again as administrator, partner and anonymously (with the participant links, the pages
of the forms and where their redirects led): no HTML page, and no HTML answer to any request of the sweep, may
contain a payload's markup unescaped (``<script>sweep…``, ``<img src=x onerror=sweep…``); escaped is fine, and
must be seen. Lower bounds on the pages, forms and submissions, on the rows of any table whose text columns hold a
marker and the forms they came from, and on the pages showing a payload escaped make sure that the sweep gets
around and that the payloads go in. About a minute per backend."""

from __future__ import annotations

import io
import re
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from openpyxl import Workbook
from sqlalchemy import Enum, String, func, or_, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect

from tests.browser.participant_links import participant_links, seed_demo

HOST = "localhost"
PASSWORD = "demo"  # the demo accounts' password
ROLES = {  # who signs in, and where the crawl starts for them
    "admin": ("admin@example.org", "/manage/"),
    "reviewer": ("reviewer@example.org", "/manage/"),
    "provider": ("provider@example.org", "/partner/"),
}
# Registered by participant_links: a search for personal data or at the check-in desk finds her.
PARTICIPANT, PARTICIPANT_NAME = "clara@example.org", "Clara"
PER_ROUTE = 2
# Pages a route gets at most while none of its pages has shown a form of its own (see Sweep.crawl).
DEEPER = 12
# A form refused every time is sent again from up to this many other pages where the crawl saw it.
ALTERNATES = 2
# An edition's pages differ by format (council, open day) and phase (open, held, evaluated): the newest six.
PER_EDITION_ROUTE = 6
# Pages of these routes differ by state: a partner's offer can still be edited or not.
MORE_PER_ROUTE = {"submissions.show?": 6}
DOWNLOADS = (".ics", ".pdf", ".csv", ".xlsx", ".json", ".xml", ".zip", ".png", ".svg", ".mp4", ".webm", ".vtt",
             ".txt", ".jpg", ".ico")
# Forms that end the session or destroy what other forms work on: sent after all the others.
DESTRUCTIVE = re.compile(r"logout|sign.?out|abmelden|delete|löschen|erase|purge|deactivat|withdraw|cancel|stornier"
                         r"|discard|remov|entfern|status|reject|ablehn|unassign|end_membership|retire|close|schließ"
                         r"|archiv|undo")
SESSION_ENDING = re.compile(r"logout|sign.?out|abmelden")

# The markup that must never come back unescaped; the number says which form's payload it is.
RAW_MARKUP = re.compile(r"<script>sweep(\d+)|<img src=x onerror=sweep(\d+)")
MARKER = re.compile(r"sweep(\d+)")
ESCAPED_MARKUP = re.compile(r"&lt;script&gt;sweep\d+|&lt;img src=x onerror=sweep\d+")
# The last line of defence (conference/errorpages.py, DataError): input that reached the database unchecked, with a
# message that does not say what is wrong. PostgreSQL refuses it there; SQLite stores it or fails with a 500.
UNCHECKED = re.compile(r"The input contains characters that cannot be stored|Die Eingabe enthält Zeichen, die nicht "
                       r"gespeichert werden können")


def payloads(n: int) -> list[str]:
    """Payloads for form ``n``, longest first: a field with a ``maxlength`` takes the longest that fits."""
    return [f"<script>sweep{n}()</script>'\"; DROP TABLE x;-- <img src=x onerror=sweep{n}>",
            f"<img src=x onerror=sweep{n}>'\";--", f"<script>sweep{n}", f"'<b>sweep{n}", f"sweep{n}"]


TEXT_KINDS = {"text", "search", "email", "url", "tel", "password", "textarea"}
LONG = "lang<>&'\"Ä" * 2000  # 20,000 characters
CONTROL = "Steuer\x00zeichen\x01\x08\x0b\x0c\x1b[2J\x7f\u0085\u2028\u202e\ufeff\U0010ffff"
BEYOND = "99999999999999999999"  # beyond a 64-bit integer
# Values each field of these kinds takes on its own, the rest of the form as it would pass.
ODD_VALUES = {"number": [BEYOND, "-1", "0", "1e309", "NaN"], "range": [BEYOND, "-1", "0", "1e309", "NaN"],
              "hidden": [BEYOND, "-1", "0"], "select": [BEYOND, "<keine Option>"], "radio": [BEYOND, "<keine Option>"],
              "checkbox": [BEYOND, "<keine Option>"], "date": ["9999-12-31", "0001-01-01"],
              "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"]}
DATES = {"date": ["2026-02-30", "0000-00-00", "99999-01-01"], "time": ["25:61", "24:00", "-1:00"],
         "datetime-local": ["2026-02-30T25:61", "0000-00-00T00:00", "99999-01-01T00:00"],
         "month": ["2026-13", "0000-00", "99999-01"], "week": ["2026-W54", "0000-W00", "99999-W01"]}
LATER = re.compile(r"end|clos|until")  # a field for the end of something: after the others

# What the sweep reaches today, a little lower: a sweep that stops getting around fails. Every run prints its counts
# (on 2026-11-25, on SQLite and PostgreSQL alike: 612 pages, 127 forms, 144-146 sent, 116 endpoints, about 1,700
# submissions, 116 rows from 39 forms stored, 431 pages crawled again, 256 of them showing a payload escaped).
MINIMUM = {"pages": 550, "forms": 115, "forms sent": 130, "endpoints": 105, "submissions": 1500, "stored rows": 100,
           "stored forms": 34, "pages crawled again": 380, "of them showing a payload escaped": 220}


# --- Reading pages -------------------------------------------------------------------------------------------

@dataclass
class Field:
    name: str
    kind: str  # an input's type, or select / textarea
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False
    maxlength: int | None = None
    minimum: str | None = None


@dataclass
class Button:
    name: str | None
    value: str
    formaction: str | None
    text: str = ""


@dataclass
class RawForm:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)


class PageParser(HTMLParser):
    """The links and the forms of a page (what a browser would send: no disabled fields)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []  # (href, has a download attribute)
        self.forms: list[RawForm] = []
        self.rows: list[list[str]] = []  # the text of each table cell, by row
        self.row_of: dict[int, int] = {}  # link (index) → its table row
        self._cell: list[str] | None = None
        self._in_row = False
        self._form: RawForm | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None
        self._button: Button | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.rows.append([])
            self._in_row = True
        elif tag in ("td", "th") and self._in_row:
            self._cell = []
        if tag == "a" and a.get("href") is not None:
            if self._in_row:
                self.row_of[len(self.links)] = len(self.rows) - 1
            self.links.append((a["href"], "download" in a))
        elif tag == "form":
            self._form = RawForm(action=a.get("action") or "", method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or ("disabled" in a and tag != "option"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self._form.buttons.append(Button(a.get("name"), a.get("value") or "", a.get("formaction"),
                                                 a.get("value") or ""))
            elif kind not in ("button", "reset") and a.get("name"):
                value = a.get("value")
                if value is None:
                    value = "on" if kind in ("checkbox", "radio") else ""
                self._form.fields.append(Field(
                    a["name"], kind, value,
                    checked="checked" in a, required="required" in a, maxlength=_int(a.get("maxlength")),
                    minimum=a.get("min")))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            self._button = Button(a.get("name"), a.get("value") or "", a.get("formaction"))
            self._form.buttons.append(self._button)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", required="required" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", required="required" in a,
                                   maxlength=_int(a.get("maxlength")))
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option["text"] += data
        if self._button is not None:
            self._button.text += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._in_row = False
        elif tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
            self._select.options.append(value)
            if self._option["selected"] and not self._select.checked:
                self._select.value, self._select.checked = value, True
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\r").removeprefix("\n")
            self._textarea = None
        elif tag == "button":
            self._button = None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def spread(items: list) -> list:
    """The items in an order that samples the whole list early: first, last, middle, then the quarters and so on.
    Lists are sorted by status or date, so the first few pages of a route would all be in the same state (36
    accepted offers before the first one still in review)."""
    order = dict.fromkeys(sorted({0, len(items) - 1})) if items else {}  # an ordered set of indexes
    step = len(items)
    while step > 1:
        step = (step + 1) // 2
        order.update(dict.fromkeys(range(0, len(items), step)))
    return [items[i] for i in order]


def diverse(links: list[tuple[str, int | None]], rows: list[list[str]]) -> list[str]:
    """Links of one route in the order the crawl takes them: from a table, first one link for each value of its two
    most telling columns (those with the fewest different values, at most half as many as rows: a status, an
    edition), so that each state is seen early; then the rest in ``spread`` order."""
    tables: dict[int, list[int]] = {}  # rows with links of this route, grouped by their number of cells
    for _, row in links:
        if row is not None:
            tables.setdefault(len(rows[row]), []).append(row)
    first: dict[str, None] = {}
    for width, members in tables.items():
        values = [(len({rows[r][c] for r in members}), c) for c in range(width)]
        telling = [(count, c) for count, c in values if 2 <= count <= len(members) / 2]
        for _, column in sorted(telling)[:2]:
            shown: set[str] = set()
            for address, row in links:
                if row is not None and len(rows[row]) == width and rows[row][column] not in shown:
                    shown.add(rows[row][column])
                    first.setdefault(address)
    return [*first, *spread([address for address, _ in links if address not in first])]


def filters(form: RawForm) -> list[list[tuple[str, str]]]:
    """The queries a search or filter form (method GET) sends: as it stands (``baseline``: a search field with
    the demo participant's name), then with each option of each of its selects."""
    base = [(f.name, v) for f, v in baseline(form.fields, None)]
    queries = [base]
    for f in form.fields:
        if f.kind == "select":
            queries += [[(name, option if name == f.name else v) for name, v in base] for option in f.options]
    return queries


def sensible(f: Field) -> str:
    """A value for an empty number or date field that its form should take."""
    later = bool(LATER.search(f.name))
    day = date.today() + timedelta(days=1 if later else 0)
    hour = "12:00" if later else "10:00"
    return {"number": f.minimum or "1", "range": f.minimum or "1", "date": day.isoformat(), "time": hour,
            "datetime-local": f"{day.isoformat()}T{hour}", "month": day.strftime("%Y-%m"),
            "week": day.strftime("%G-W%V"), "email": PARTICIPANT, "search": PARTICIPANT_NAME}.get(f.kind, "")


def baseline(fields: list[Field], button: Button | None) -> list[tuple[Field, str]]:
    """What a browser sends for the form as it stands, with these differences, so that submissions get further:
    an empty number, date or e-mail field gets a sensible value (see ``sensible``); a select with nothing selected
    takes its first option that is not empty (the second select with the same options the second one, and so on:
    rankings want different choices); a group of radio buttons or checkboxes with none checked, its first."""
    pairs: list[tuple[Field, str]] = []
    groups: dict[str, list[Field]] = {}
    for f in fields:
        if f.kind in ("radio", "checkbox"):
            groups.setdefault(f.name, []).append(f)
    done: set[str] = set()
    same_options: Counter = Counter()
    for f in fields:
        if f.kind in ("radio", "checkbox"):
            if f.name not in done:
                done.add(f.name)
                chosen = [g for g in groups[f.name] if g.checked] or groups[f.name][:1]
                pairs += [(g, g.value) for g in chosen]
        elif f.kind == "select":
            filled = [o for o in f.options if o] or f.options
            if f.checked or not filled:
                pairs.append((f, f.value))
            else:
                nth = same_options[tuple(f.options)]
                same_options[tuple(f.options)] += 1
                pairs.append((f, filled[nth % len(filled)]))
        elif f.kind != "file":
            pairs.append((f, f.value or sensible(f)))
    if button and button.name:
        pairs.append((Field(button.name, "submit"), button.value))
    return pairs


# --- The forms as sent ---------------------------------------------------------------------------------------

@dataclass
class Form:
    role: str  # the client that found it and sends it
    page: str
    action: str  # path and query
    endpoint: str
    fields: list[Field]
    button: Button | None
    number: int = 0

    @property
    def key(self) -> tuple:
        names = {f.name for f in self.fields} | ({self.button.name} if self.button and self.button.name else set())
        return self.endpoint, tuple(sorted({re.sub(r"\d+", "#", name) for name in names}))

    @property
    def button_text(self) -> str:
        return " ".join(self.button.text.split()) if self.button else ""

    @property
    def destructive(self) -> bool:
        return bool(DESTRUCTIVE.search(f"{self.endpoint} {self.action} {self.button_text}".lower()))

    @property
    def ends_session(self) -> bool:
        return bool(SESSION_ENDING.search(f"{self.endpoint} {self.button_text}".lower()))

    @property
    def order(self) -> tuple:
        return self.destructive, self.ends_session, self.number

    def baseline(self) -> list[tuple[Field, str]]:
        return baseline(self.fields, self.button)


def form_data(pairs: list[tuple[Field, str]], files: dict[str, tuple[bytes, str]] | None = None) -> MultiDict:
    data = MultiDict([(f.name, value) for f, value in pairs])
    for name, (content, filename) in (files or {}).items():
        data.add(name, (io.BytesIO(content), filename))
    return data


def with_payloads(form: Form) -> list[tuple[Field, str]]:
    """``baseline`` with every free-text field set to a payload with the form's marker: an e-mail field to an
    address that carries the marker, a URL field to a link that carries the payload, a field with a
    ``maxlength`` to the longest payload that fits."""
    n = form.number

    def text(f: Field) -> str:
        if f.kind == "email":
            return f"o'sweep{n}&x=1@example.org"
        if f.kind == "url":
            return f"https://example.org/{payloads(n)[0]}"
        return next((p for p in payloads(n) if f.maxlength is None or len(p) <= f.maxlength),
                    f"sweep{n}"[:f.maxlength])

    return [(f, text(f) if f.kind in TEXT_KINDS else v) for f, v in form.baseline()]


def payload_submissions(form: Form) -> list[MultiDict]:
    """The form with its payloads (``with_payloads``). A form with a file field is sent three times, with the
    payload in a CSV file, a workbook and a PDF."""
    pairs = with_payloads(form)
    files = [f.name for f in form.fields if f.kind == "file"]
    if not files:
        return [form_data(pairs)]
    return [form_data(pairs, dict.fromkeys(files, document)) for document in documents(form.number)]


def hostile_variants(form: Form) -> list[tuple[str, MultiDict]]:
    """The form's submissions with hostile values, one kind at a time (numbers and extreme dates one field at a
    time); every other field as in ``with_payloads``, so that whatever a variant stores carries the marker too."""
    n = form.number
    base = with_payloads(form)
    fields = [f for f, _ in base if f.name != "csrf_token" and f.kind != "submit"]
    kinds = {f.kind for f in fields}
    variants: list[tuple[str, MultiDict]] = []

    def each(choose) -> MultiDict:
        return form_data([(f, v if f.name == "csrf_token" or f.kind == "submit" else choose(f, v)) for f, v in base])

    def only(name: str, value: str) -> MultiDict:
        """Every value of the field ``name`` (a group of checkboxes too) replaced by one ``value``."""
        at = next(i for i, (f, _) in enumerate(base) if f.name == name)
        rest = [(f, v) for f, v in base if f.name != name]
        return form_data([*rest[:at], (base[at][0], value), *rest[at:]])

    if kinds & (TEXT_KINDS | {"hidden"}):
        long = (payloads(n)[0] + " " + LONG)[:len(LONG)]
        variants.append(("20,000 characters", each(lambda f, v: long if f.kind in TEXT_KINDS | {"hidden"} else v)))
    control = f"<script>sweep{n}()</script>{CONTROL}"
    variants.append(("control characters", each(lambda f, v: control if f.kind in TEXT_KINDS else v + "\x00\x1b")))
    for f in {f.name: f for f in fields}.values():
        for value in ODD_VALUES.get(f.kind, ()):
            variants.append((f"{f.name}={value}", only(f.name, value)))
    for which in range(3 if kinds & set(DATES) else 0):
        variants.append((f"impossible dates and times #{which + 1}",
                         each(lambda f, v, which=which: DATES[f.kind][which] if f.kind in DATES else v)))
    variants.append(("sent empty", form_data([(f, v) for f, v in base if f.name == "csrf_token"])))
    left_out = next((f for f in fields if f.required), None) or next(
        (f for f in fields if f.kind != "hidden"), None)
    if left_out is not None:
        variants.append((f"{left_out.name} left out", form_data([(f, v) for f, v in base if f is not left_out])))
    variants.append(("every field twice", form_data(base + base)))
    files = [f.name for f in form.fields if f.kind == "file"]
    if files:
        junk = (b"%PDF-1.7\n\x00\xff<script>" * 500, "../../etc/passwd\x00.pdf")
        variants.append(("a file that is not what it says", form_data(base, dict.fromkeys(files, junk))))
    return variants


def documents(n: int) -> list[tuple[bytes, str]]:
    """A CSV file, a workbook and a PDF, each with the payload as its name and inside."""
    payload = payloads(n)[0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"sweep{n}"
    for _ in range(3):
        sheet.append([payload] * 12)
    buffer = io.BytesIO()
    workbook.save(buffer)
    pdf = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 "
           b">> endobj\n% " + payload.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return [(f"{payload};{payload}\n".encode() * 3, f"{payloads(n)[2]}.csv"),
            (buffer.getvalue(), f"{payloads(n)[2]}.xlsx"), (pdf, f"{payloads(n)[2]}.pdf")]


# --- The sweep -----------------------------------------------------------------------------------------------

class Sweep:
    def __init__(self, app):
        self.app = app
        self.adapter = app.url_map.bind(HOST)
        self.clients: dict[str, object] = {}
        self.failures: list[str] = []
        self.raw: list[str] = []  # where a payload's markup came back unescaped
        self.escaped = 0  # HTML answers that show a payload's markup, escaped
        self.followed: dict[str, list[str]] = {}  # role → the pages redirects after its submissions led to
        self.public_routes: set[str] = set()  # the routes the anonymous crawl has seen
        self.page_forms: set[tuple] = set()  # the keys of the forms on the page collected last
        self.statuses: Counter = Counter()
        self.pages: dict[str, str] = {}  # "role address" → route
        self.forms: dict[tuple, Form] = {}
        self.pending: list[Form] = []
        self.alternates: dict[tuple, list[Form]] = {}  # key → the same form on other pages
        self.sent_alternates: list[Form] = []
        self.actions: dict[tuple, set[str]] = {}  # key → the paths of its form and alternates
        self.accepted: set[int] = set()  # forms with a submission answered below 400
        self.numbers = 0
        self.submissions = 0
        self.redirects = 0
        self.signed_in_again: list[str] = []
        self.outcomes: dict[int, str] = {}  # form number → the answer to its payload

    # clients and requests

    def client(self, role: str):
        if role not in self.clients:
            self.clients[role] = self.app.test_client()
            if role in ROLES:
                assert self.sign_in(role), f"{role} could not sign in"
        return self.clients[role]

    def open(self, role: str, method: str, address: str, data=None):
        """One request in an application context of its own, as in production: ``g`` (with the signed-in user)
        and the database session last one request, not the whole test."""
        client = self.client(role)
        with self.app.app_context():
            response = client.open(address, method=method, data=data)
            response.get_data()
            response.close()
        return response

    def sign_in(self, role: str) -> bool:
        response = self.open(role, "POST", "/login", {"email": ROLES[role][0], "password": PASSWORD})
        return response.status_code == 302 and not response.headers["Location"].startswith("/login")

    def signed_in(self, role: str) -> bool:
        return self.open(role, "GET", ROLES[role][1]).status_code == 200

    def request(self, role: str, method: str, address: str, what: str, data=None, collect: bool = False):
        """The answer, checked: below 500, no 429, no payload markup unescaped; its forms join the sweep."""
        try:
            response = self.open(role, method, address, data)
        except Exception as error:  # TESTING propagates the app's exceptions: each is a server error
            frames = [f for f in traceback.extract_tb(error.__traceback__) if "/conference/" in f.filename]
            where = f" at conference/{frames[-1].filename.split('/conference/')[-1]}:{frames[-1].lineno}" \
                if frames else ""
            self.failures.append(f"{method} {address} as {role} [{what}]: {type(error).__name__}: "
                                 f"{str(error)[:300]}{where}")
            self.statuses["exception"] += 1
            return None
        self.statuses[response.status_code] += 1
        if response.status_code >= 500 or response.status_code == 429:
            self.failures.append(f"{method} {address} as {role} [{what}]: HTTP {response.status_code}")
        if response.mimetype == "text/html":
            body = response.get_data(as_text=True)
            self.raw += [f"{method} {address} as {role} [{what}]: {m.group(0)!r}" for m in RAW_MARKUP.finditer(body)]
            self.escaped += bool(ESCAPED_MARKUP.search(body))
            if response.status_code == 400 and UNCHECKED.search(body):
                self.failures.append(f"{method} {address} as {role} [{what}]: HTTP 400 from the database's refusal "
                                     "(conference/errorpages.py data_error): the input was not checked before")
            if collect:
                parser = PageParser()
                parser.feed(body)
                parser.close()
                self.collect(role, address, parser.forms)
        return response

    # crawling

    def route(self, path: str, query: str) -> tuple[str, int]:
        """The route of an address (endpoint and names of the query parameters), and its number of pages."""
        try:
            endpoint, args = self.adapter.match(path, method="GET")
        except RequestRedirect as redirect:
            return self.route(urlsplit(redirect.new_url).path, query)
        except HTTPException:
            endpoint, args = "unknown:" + path, {}
        route = endpoint + "?" + "&".join(sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)}))
        return route, MORE_PER_ROUTE.get(route, PER_EDITION_ROUTE if "edition_id" in args else PER_ROUTE)

    def action_endpoint(self, path: str) -> str:
        try:
            endpoint, _ = self.adapter.match(path, method="POST")
        except RequestRedirect as redirect:
            return self.action_endpoint(urlsplit(redirect.new_url).path)
        except MethodNotAllowed:
            return "no POST:" + path
        except HTTPException:
            return "unknown:" + path
        return endpoint

    def local(self, base: str, href: str) -> str | None:
        """The link's path and query on this host; None for other hosts and schemes and the language switch."""
        parts = urlsplit(urljoin(f"http://{HOST}{base}", href))
        if parts.scheme not in ("http", "https") or parts.netloc != HOST or parts.path.startswith("/language/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def crawl(self, role: str, starts: list[str], collect: bool) -> int:
        """Breadth-first from ``starts``, a few pages per route. While collecting forms, a route none of whose
        pages has shown a form of its own yet gets up to ``DEEPER`` pages: the state that shows one (a review
        still open) may be further down the list. Signed in, the public pages the anonymous crawl has seen get
        ``PER_ROUTE`` pages."""
        queue, seen, per, visited = deque(starts), set(starts), Counter(), 0
        with_forms: set[str] = set()  # routes with a page that showed a form of its own
        everywhere: set[tuple] | None = None  # the forms of the first page (signing out): not a route's own
        while queue:
            address = queue.popleft()
            parts = urlsplit(address)
            route, limit = self.route(parts.path, parts.query)
            if role != "anonymous" and route in self.public_routes:
                limit = PER_ROUTE
            elif collect and route not in with_forms:
                limit = max(limit, DEEPER)
            if per[route] >= limit and address not in starts:
                continue
            per[route] += 1
            self.page_forms = set()
            response = self.request(role, "GET", address, "crawl", collect=collect)
            if response is None:
                continue
            visited += 1
            everywhere = self.page_forms if everywhere is None else everywhere
            if self.page_forms - everywhere:
                with_forms.add(route)
            if role == "anonymous":
                self.public_routes.add(route)
            targets: list[tuple[str, bool]] = []
            parser = PageParser()
            if 300 <= response.status_code < 400 and "Location" in response.headers:
                targets.append((response.headers["Location"], False))
            elif response.mimetype == "text/html":
                self.pages[f"{role} {address}"] = route
                parser.feed(response.get_data(as_text=True))
                parser.close()
                targets += parser.links
                for form in parser.forms:  # a search or a filter: sent as it stands, and once for each option
                    if form.method == "get":
                        targets += [((urlsplit(form.action).path or parts.path) + f"?{urlencode(query)}", False)
                                    for query in filters(form)]
            new: dict[str, list[tuple[str, int | None]]] = {}  # route → its new addresses here, with their rows
            for index, (href, download) in enumerate(targets):
                target = self.local(address, href)
                if target is None or target in seen:
                    continue
                seen.add(target)
                if not download and not urlsplit(target).path.lower().endswith(DOWNLOADS):
                    route_of = self.route(*urlsplit(target)[2:4])[0]
                    new.setdefault(route_of, []).append((target, parser.row_of.get(index)))
            for links in new.values():
                queue.extend(diverse(links, parser.rows))
        return visited

    def collect(self, role: str, page: str, raw_forms: list[RawForm]) -> None:
        for raw in raw_forms:
            if raw.method != "post":
                continue
            # Each submit button that sends something of its own (a name, another action) is a form of its own.
            buttons = [b for b in raw.buttons if b.name or b.formaction] or raw.buttons[:1] or [None]
            for button in buttons:
                target = button.formaction if button and button.formaction else raw.action
                action = self.local(page, target or page)
                if action is None:
                    continue
                form = Form(role, page, action, self.action_endpoint(urlsplit(action).path), raw.fields, button)
                self.page_forms.add(form.key)
                path = urlsplit(action).path
                if form.key not in self.forms:
                    form.number = self.next_number()
                    self.forms[form.key] = form
                    self.pending.append(form)
                    self.alternates[form.key] = []
                    self.actions[form.key] = {path}
                elif len(self.actions[form.key]) <= ALTERNATES and path not in self.actions[form.key]:
                    self.alternates[form.key].append(form)
                    self.actions[form.key].add(path)

    def next_number(self) -> int:
        self.numbers += 1
        return self.numbers

    # sending

    def send_all(self) -> None:
        """Every form found, and every form their answers show, the destructive and session-ending ones last."""
        while self.pending:
            form = min(self.pending, key=lambda f: f.order)
            self.pending.remove(form)
            self.send(form)
            # Refused every time (an offer already decided, a run already published): the same form on another
            # page, in another state, if the crawl saw one.
            while form.number not in self.accepted and self.alternates[form.key]:
                form = self.alternates[form.key].pop(0)
                form.number = self.next_number()
                self.sent_alternates.append(form)
                self.send(form)

    def refresh(self, form: Form) -> None:
        """The form as its page shows it now: what was sent before may have changed it (a new review criterion
        is one more score to give)."""
        response = self.request(form.role, "GET", form.page, f"before {form.endpoint}")
        if response is None or response.mimetype != "text/html":
            return
        parser = PageParser()
        parser.feed(response.get_data(as_text=True))
        parser.close()
        for raw in parser.forms:
            for button in raw.buttons or [None]:
                target = button.formaction if button and button.formaction else raw.action
                again = Form(form.role, form.page, self.local(form.page, target or form.page) or "", form.endpoint,
                             raw.fields, button)
                if again.action == form.action and again.key == form.key:
                    form.fields, form.button = again.fields, again.button
                    return

    def send(self, form: Form) -> None:
        self.refresh(form)
        self.submit(form, "as it stands", form_data(form.baseline()))  # a search for the demo's participant
        for data in payload_submissions(form):
            response = self.submit(form, "payload", data)
        self.after_payload(form, response)
        for what, data in hostile_variants(form):
            self.submit(form, what, data)
        query = parse_qsl(urlsplit(form.action).query, keep_blank_values=True)
        if query:  # the action's own query arguments (a session chosen beforehand)
            action = urlsplit(form.action).path + "?" + urlencode([(name, BEYOND) for name, _ in query])
            self.submit(form, "query arguments beyond a database integer", form_data(with_payloads(form)), action)

    def after_payload(self, form: Form, response) -> None:
        """Note what the payload got back, and open the page its redirect leads to (flash messages show there)."""
        if response is None:
            return
        errors = re.findall(r'class="kern-error"[^>]*>(.*?)</p>|kern-alert--danger.*?kern-title">(.*?)</',
                            response.get_data(as_text=True), re.S)
        errors = [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for pair in errors for text in pair if text]
        self.outcomes[form.number] = f"{response.status_code} {response.headers.get('Location', '')} {errors[:3]}"
        if 300 <= response.status_code < 400:
            self.follow(form, response, "payload")

    def follow(self, form: Form, response, what: str) -> None:
        """Open the page a redirect leads to: its flash messages, and the forms of what was just made."""
        target = self.local(form.action, response.headers["Location"])
        if target is not None and not urlsplit(target).path.lower().endswith(DOWNLOADS):
            self.request(form.role, "GET", target, f"after {what} to {form.endpoint}", collect=True)
            self.followed.setdefault(form.role, []).append(target)

    def submit(self, form: Form, what: str, data: MultiDict, action: str | None = None):
        self.submissions += 1
        response = self.request(form.role, "POST", action or form.action, f"{form.endpoint}: {what}", data,
                                collect=True)
        if response is not None and 300 <= response.status_code < 400:
            self.redirects += 1
            if form.number not in self.accepted and what != "payload":  # the first one the form took
                self.follow(form, response, what)
        if response is not None and response.status_code < 400:
            self.accepted.add(form.number)
        to_login = response is not None and 300 <= response.status_code < 400 and urlsplit(
            response.headers["Location"]).path == "/login"
        if (form.destructive or to_login) and form.role in ROLES and not self.signed_in(form.role):
            signed_in = self.sign_in(form.role)  # False: an administrator form switched this account off
            self.signed_in_again.append(f"{form.role} after {form.endpoint} [{what}]{'' if signed_in else ': no'}")
        return response


def stored_payloads(db) -> tuple[int, set[int]]:
    """Rows of any table with a marker in a text column, and the numbers of the forms whose marker is stored."""
    rows, forms = 0, set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String) and not isinstance(c.type, Enum)]
        if not columns:
            continue
        condition = or_(*(c.like("%sweep%") for c in columns))
        rows += db.session.scalar(select(func.count()).select_from(table).where(condition))
        for row in db.session.execute(select(*columns).where(condition)):
            forms |= {int(n) for value in row if isinstance(value, str) for n in MARKER.findall(value)}
    db.session.rollback()  # no transaction left open beside the app's (SQLite would keep its read lock)
    return rows, forms


# No lockout: the sign-in form gets the demo participant's address and hostile passwords over and over. A schedule
# proposal is asked for a dozen times: each may take the solver a second, not five.
@pytest.mark.config(LOGIN_LOCKOUT_THRESHOLD=0, SCHEDULE_TIME_LIMIT=1.0)
def test_every_post_form_takes_hostile_input_without_a_server_error_and_shows_it_escaped(app, db):
    assert not app.config["RATELIMIT_ENABLED"], "the sweep would measure the rate limits instead of the forms"
    started = time.monotonic()
    links = participant_links(db, seed_demo(db))
    db.session.remove()
    anonymous = ["/", *links.values()]

    sweep = Sweep(app)
    pages = sweep.crawl("anonymous", anonymous, collect=True)
    for role, (_, start) in ROLES.items():
        pages += sweep.crawl(role, [start], collect=True)
    crawled = time.monotonic()
    sweep.send_all()
    sent = time.monotonic()

    rows, stored = stored_payloads(db)
    for role in ("admin", "provider"):
        if not sweep.signed_in(role):
            assert sweep.sign_in(role), f"{role} cannot sign in after the sweep"
    escaped_before = sweep.escaped
    again = 0
    for role, starts in (("admin", ["/manage/"]), ("provider", ["/partner/"]), ("anonymous", anonymous)):
        # where the forms were, and where they led: the payloads show there if anywhere
        shown = [f.page for f in sweep.forms.values() if f.role == role] + sweep.followed.get(role, [])
        again += sweep.crawl(role, list(dict.fromkeys([*starts, *shown])), collect=False)
    escaped = sweep.escaped - escaped_before
    finished = time.monotonic()

    forms = sorted([*sweep.forms.values(), *sweep.sent_alternates], key=lambda f: f.order)
    endpoints = sorted({f.endpoint for f in forms})
    counts = {"pages": pages, "forms": len(sweep.forms), "forms sent": len(forms), "endpoints": len(endpoints),
              "submissions": sweep.submissions, "stored rows": rows, "stored forms": len(stored),
              "pages crawled again": again, "of them showing a payload escaped": escaped}
    print(f"\n{counts}\nseeding and crawling {crawled - started:.1f} s, sending {sent - crawled:.1f} s, crawling "
          f"{again} pages again {finished - sent:.1f} s; {sweep.redirects} redirects; statuses "
          f"{dict(sorted(sweep.statuses.items(), key=str))}; signed in again: {sweep.signed_in_again}")
    print("forms (S: its payload is stored, D: sent last):\n  " + "\n  ".join(
        f"{'S' if f.number in stored else ' '}{'D' if f.destructive else ' '} {f.number:3} {f.endpoint} {f.action} "
        f"as {f.role} -> {sweep.outcomes.get(f.number)}" for f in forms))
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    print("POST endpoints without a form found:", sorted(posts - set(endpoints)))
    assert not sweep.failures, "\n".join(sweep.failures)
    assert not sweep.raw, "payload markup shown unescaped:\n" + "\n".join(sweep.raw)
    assert all(counts[name] >= MINIMUM[name] for name in MINIMUM), (counts, MINIMUM)
