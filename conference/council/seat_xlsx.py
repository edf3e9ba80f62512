"""The seats and their holders as an XLSX workbook, and reading such a workbook back.

Sheet 1 holds one row per seat (header in row 1): group, seat, institution, active, then title, given
name, family name, e-mail, "since" and "name public" of the member, and the same of the deputy.
Sheet 2 holds every term of every seat (the history). The import reads sheet 1 in the same layout;
the header may be in German or English. Text that a spreadsheet would run as a formula (=, +, -, @)
is written with a leading apostrophe, which the import removes again.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import asdict, dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, gettext, pgettext
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from conference.council.core import SeatHolders
from conference.council.models import Membership, MembershipRole, Seat
from conference.council.seats import MAX_EMAIL, MAX_LABEL, MAX_NAME, MAX_TITLE
from conference.editions.forms import FIRST_YEAR, LAST_YEAR
from conference.errors import DomainError
from conference.forms_base import drop_control_characters
from conference.spreadsheets import FORMULA_START, defuse, workbook_bytes, write_sheet

MAX_MB = 2
MAX_BYTES = MAX_MB * 1024 * 1024
# A workbook is a zip: refuse one that would unpack to far more than a seat list ever needs.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 500
# Blank but formatted rows are rows too: read this far at most (a longer sheet is refused).
MAX_SHEET_ROWS = 4 * MAX_ROWS
MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PERSON_COLUMNS = (("title", _l("title")), ("given_name", _l("given name")), ("family_name", _l("family name")),
                  ("email", _l("e-mail")), ("since", _l("since")), ("public", _l("name public")))
ROLE_PREFIX = {MembershipRole.MEMBER: _l("Member"), MembershipRole.DEPUTY: _l("Deputy")}
SEAT_COLUMNS = (("group", _l("Group")), ("label", _l("Seat")), ("organisation", _l("Institution")),
                ("active", _l("Active")))
HISTORY_COLUMNS = (_l("Group"), _l("Seat"), _l("Institution"), _l("Role"), _l("Person"), _l("E-mail"), _l("From"),
                   _l("To"))
YES = {"yes", "ja", "j", "y", "x", "1", "true", "wahr"}
NO = {"no", "nein", "n", "0", "false", "falsch"}


def column_keys() -> list[str]:
    keys = [key for key, _label in SEAT_COLUMNS]
    for role in MembershipRole:
        keys += [f"{role.value}_{key}" for key, _label in PERSON_COLUMNS]
    return keys


def header() -> list[str]:
    """Row 1 of the seat sheet in the current language."""
    names = [str(label) for _key, label in SEAT_COLUMNS]
    for role in MembershipRole:
        names += [f"{ROLE_PREFIX[role]}: {label}" for _key, label in PERSON_COLUMNS]
    return names


def _accepted_headers() -> list[set[str]]:
    """For each column, the names the import accepts: the header in every language, and the key."""
    accepted = [{key} for key in column_keys()]
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            for names, name in zip(accepted, header(), strict=True):
                names.add(name.casefold())
    return accepted


# --- Export ---------------------------------------------------------------------------------------------

def _safe(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe (formula injection);
    control characters, which a worksheet cannot hold, are dropped."""
    if not isinstance(value, str):
        return value
    return defuse(ILLEGAL_CHARACTERS_RE.sub("", value))


def _yes_no(flag: bool) -> str:
    return gettext("yes") if flag else gettext("no")


def _person_cells(membership: Membership | None) -> list:
    if membership is None:
        return ["", "", "", "", None, ""]
    person = membership.person
    return [person.title, person.given_name, person.family_name, person.email, membership.starts_on,
            _yes_no(person.is_name_public)]


def seat_rows(holders: list[SeatHolders]) -> list[list]:
    return [[h.seat.group.name, h.seat.label, h.seat.organisation.name, _yes_no(h.seat.is_active),
             *_person_cells(h.member), *_person_cells(h.deputy)] for h in holders]


def history_rows(seats: list[Seat]) -> list[list]:
    """Every term of every seat (``memberships`` and their people loaded), seat by seat, oldest first."""
    return [[seat.group.name, seat.label, seat.organisation.name, str(m.role.label), m.person.name, m.person.email,
             m.starts_on, m.ends_on] for seat in seats for m in seat.memberships]


def to_xlsx(holders: list[SeatHolders]) -> bytes:
    """The workbook: the seats with today's holders (sheet 1) and the history of every seat (sheet 2)."""
    workbook = Workbook()
    seats_sheet = workbook.active
    seats_sheet.title = pgettext("council", "Seats")[:31]
    write_sheet(seats_sheet, header(), seat_rows(holders), cell=_safe)
    write_sheet(workbook.create_sheet(gettext("History")[:31]), [str(n) for n in HISTORY_COLUMNS],
                history_rows([h.seat for h in holders]), cell=_safe)
    return workbook_bytes(workbook)


# --- Import: reading the sheet --------------------------------------------------------------------------

class SeatFileError(DomainError):
    """The file cannot be imported; ``problems`` lists every reason (with row numbers)."""

    def __init__(self, problems: list[str], status_code: int = 422):
        super().__init__(" ".join(problems))
        self.problems = problems
        self.status_code = status_code


@dataclass(frozen=True)
class PersonCells:
    title: str
    given_name: str
    family_name: str
    email: str
    since: date | None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)


@dataclass(frozen=True)
class SheetRow:
    number: int
    group: str
    label: str
    organisation: str
    is_active: bool
    member: PersonCells | None
    deputy: PersonCells | None

    def holder(self, role: MembershipRole) -> PersonCells | None:
        return self.member if role == MembershipRole.MEMBER else self.deputy

    def to_json(self) -> dict:
        data = asdict(self)
        for role in ("member", "deputy"):
            if data[role] and data[role]["since"]:
                data[role]["since"] = data[role]["since"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> SheetRow:
        people = {}
        for role in ("member", "deputy"):
            cells = data[role]
            people[role] = None if cells is None else PersonCells(
                **{**cells, "since": date.fromisoformat(cells["since"]) if cells["since"] else None})
        return cls(**{**data, **people})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    # Workbooks can carry control characters (as _x0000_ escapes); no column of ours takes them.
    text = drop_control_characters(str(value)).strip()
    # The export's defence against formula injection, undone.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_START:
        text = text[1:]
    return text


def _date(value) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = _text(value)
        if not text:
            return None
        for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
            try:
                value = parse(text)
                break
            except ValueError:
                continue
        else:
            raise ValueError(text)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(value)
    return value


def _workbook_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValueError("unpacks too large")
    with warnings.catch_warnings():
        # Workbooks from Excel carry extensions openpyxl does not read (data validation, …) and says so;
        # the cell values are all we need.
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(min_row=1, max_row=MAX_SHEET_ROWS + 1,
                                                         max_col=len(column_keys()), values_only=True))
        finally:
            workbook.close()


def read_seat_sheet(filename: str, data: bytes) -> list[SheetRow]:
    """The seat rows of an uploaded workbook, checked cell by cell; SeatFileError names every problem."""
    if len(data) > MAX_BYTES:
        raise SeatFileError([gettext("The file is larger than %(n)d MB.", n=MAX_MB)], 413)
    if not data:
        raise SeatFileError([gettext("The file is empty.")])
    if not filename.lower().endswith(".xlsx") or not data.startswith(b"PK\x03\x04"):
        raise SeatFileError([gettext("Please upload an Excel workbook (.xlsx), for example the one from the "
                                     "export.")])
    try:
        raw = _workbook_rows(data)
    except Exception:  # openpyxl raises many kinds of errors on broken files; all mean "unreadable"
        raise SeatFileError([gettext("The file could not be read as an Excel workbook (.xlsx).")]) from None
    if not raw or not any(v is not None for v in raw[0]):
        raise SeatFileError([gettext("The first sheet is empty: row 1 must hold the column names.")])
    problems = _check_header(raw[0])
    if problems:
        raise SeatFileError(problems)
    body = [(number, row) for number, row in enumerate(raw[1:], start=2) if any(_text(v) for v in row)]
    if len(body) > MAX_ROWS or len(raw) > MAX_SHEET_ROWS:
        raise SeatFileError([gettext("At most %(n)d seats can be imported at once.", n=MAX_ROWS)])
    if not body:
        raise SeatFileError([gettext("The sheet has no seats below the column names.")])
    rows, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in body:
        row, row_problems = _read_row(number, list(cells) + [None] * (len(column_keys()) - len(cells)))
        problems += [gettext("Row %(n)d: %(problem)s", n=number, problem=p) for p in row_problems]
        if row is not None:
            key = (row.group.casefold(), row.label.casefold())
            if key in seen:
                problems.append(gettext("Row %(n)d: the seat “%(label)s” in “%(group)s” is already in row %(first)d.",
                                        n=number, label=row.label, group=row.group, first=seen[key]))
            seen.setdefault(key, number)
            rows.append(row)
    if problems:
        raise SeatFileError(problems)
    return rows


def _check_header(cells: tuple) -> list[str]:
    from openpyxl.utils import get_column_letter

    problems = []
    expected = header()
    for index, (names, wanted) in enumerate(zip(_accepted_headers(), expected, strict=True)):
        found = _text(cells[index]) if index < len(cells) else ""
        if found.casefold() not in names:
            problems.append(gettext("Column %(letter)s should be “%(wanted)s”, but is “%(found)s”.",
                                    letter=get_column_letter(index + 1), wanted=wanted, found=found or "–"))
    if problems:
        problems.insert(0, gettext("Row 1 does not hold the expected column names (use the export as a template)."))
    return problems


def _read_row(number: int, cells: list) -> tuple[SheetRow | None, list[str]]:
    values = dict(zip(column_keys(), cells, strict=True))
    problems = []
    text = {key: _text(value) for key, value in values.items() if not key.endswith("since")}
    for key, what, limit in (("group", gettext("group"), MAX_LABEL), ("label", gettext("seat"), MAX_LABEL),
                             ("organisation", gettext("institution"), MAX_LABEL)):
        if not text[key]:
            problems.append(gettext("the %(what)s is missing.", what=what))
        elif len(text[key]) > limit:
            problems.append(gettext("the %(what)s is longer than %(n)d characters.", what=what, n=limit))
    active = _flag(text["active"])
    if active is None:
        problems.append(gettext("“%(value)s” in the column “active” is neither yes nor no.", value=text["active"]))
    people = {}
    for role in MembershipRole:
        people[role] = _read_person(role, values, text, problems)
    if problems:
        return None, problems
    return SheetRow(number=number, group=text["group"], label=text["label"], organisation=text["organisation"],
                    is_active=active,
                    member=people[MembershipRole.MEMBER], deputy=people[MembershipRole.DEPUTY]), []


def _flag(value: str) -> bool | None:
    """yes/no in either language (or 1/0, x, true/false); an empty cell means yes, anything else None."""
    value = value.casefold()
    if not value:
        return True
    yes, no = set(YES), set(NO)
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            yes.add(gettext("yes").casefold())
            no.add(gettext("no").casefold())
    return True if value in yes else False if value in no else None


def _read_person(role: MembershipRole, values: dict, text: dict, problems: list[str]) -> PersonCells | None:
    prefix = role.value + "_"
    cells = {key: text[prefix + key] for key in ("title", "given_name", "family_name", "email")}
    who = role.label
    try:
        since = _date(values[prefix + "since"])
    except ValueError:
        problems.append(gettext("%(role)s: “since” is not a date between %(first)d and %(last)d (use YYYY-MM-DD).",
                                role=who, first=FIRST_YEAR, last=LAST_YEAR))
        since = None
    if not any(cells.values()):
        return None
    if not cells["family_name"]:
        problems.append(gettext("%(role)s: the family name is missing.", role=who))
    for key, what, limit in (("title", gettext("title"), MAX_TITLE), ("given_name", gettext("given name"), MAX_NAME),
                             ("family_name", gettext("family name"), MAX_NAME),
                             ("email", gettext("e-mail address"), MAX_EMAIL)):
        if len(cells[key]) > limit:
            problems.append(gettext("%(role)s: the %(what)s is longer than %(n)d characters.", role=who, what=what,
                                    n=limit))
    email = cells["email"]
    if email and ("@" not in email.strip("@") or any(c.isspace() for c in email)):
        problems.append(gettext("%(role)s: “%(email)s” is not an e-mail address.", role=who, email=email))
    return PersonCells(since=since, **cells)
