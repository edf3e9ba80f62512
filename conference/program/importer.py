"""Bulk import of sessions from XLSX or CSV: every row is checked first, and only a file without a
single error is imported (in one transaction). The report names each row's problems."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import time

from flask_babel import gettext
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from conference.editions.models import Edition
from conference.editions.services import local
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.organisations.services import get_or_create_organisation
from conference.program.models import KIND_LABELS, TARGET_GROUPS, TOPICS, Session, SessionKind

MAX_ROWS = 2000
# Accepted column names, German and English (lower case).
COLUMNS = {
    "title": ("title", "titel"), "kind": ("kind", "art", "format"), "description": ("description", "beschreibung"),
    "organisation": ("organisation", "organization", "einrichtung", "anbieter"), "venue": ("venue", "ort"),
    "room": ("room", "raum"), "start": ("start", "beginn"), "end": ("end", "ende"),
    "capacity": ("capacity", "kapazität", "kapazitaet", "plätze"),
    "registration": ("registration_required", "registration", "anmeldung"),
    "target_groups": ("target_groups", "zielgruppen"), "topics": ("topics", "themen"),
}
REQUIRED = ("title", "kind")
YES, NO = {"1", "ja", "yes", "true", "x", "j", "y"}, {"", "0", "nein", "no", "false", "n"}


@dataclass
class RowReport:
    number: int
    title: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    imported: int = 0
    new_organisations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return [["" if v is None else (v.strftime("%H:%M") if isinstance(v, time) else str(v)).strip()
                 for v in row] for row in sheet.iter_rows(values_only=True)]
    text = data.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def _kind(value: str) -> SessionKind | None:
    value = value.strip().lower()
    for kind in SessionKind:
        if value in (kind.value, str(KIND_LABELS[kind]).lower(), kind.value.replace("_", "-")):
            return kind
    return None


def _codes(value: str, vocabulary: dict) -> tuple[list[str], list[str]]:
    items = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    labels = {str(label).lower(): code for code, label in vocabulary.items()}
    codes, unknown = [], []
    for item in items:
        code = item if item in vocabulary else labels.get(item.lower())
        (codes.append(code) if code else unknown.append(item))
    return codes, unknown


def _time(value: str) -> time | None:
    try:
        hours, minutes = value.replace(".", ":").split(":")[:2]
        return time(int(hours), int(minutes))
    except (ValueError, TypeError):
        return None


def import_sessions(edition: Edition, filename: str, data: bytes) -> ImportReport:
    report = ImportReport()
    if not filename.lower().endswith((".csv", ".xlsx")):
        report.file_errors.append(gettext("Please upload a .xlsx or .csv file."))
        return report
    try:
        rows = read_rows(filename, data)
    except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        # A corrupt workbook or a wrong encoding becomes a message, never a 500.
        report.file_errors.append(gettext("The file could not be read. Please save it as .xlsx or as UTF-8 .csv."))
        return report
    rows = [r for r in rows if any(r)]
    if not rows:
        report.file_errors.append(gettext("The file is empty."))
        return report
    header = [h.lower().strip() for h in rows[0]]
    index = {key: next((header.index(n) for n in names if n in header), None) for key, names in COLUMNS.items()}
    missing = [key for key in REQUIRED if index[key] is None]
    if missing:
        report.file_errors.append(gettext("Missing columns: %(names)s", names=", ".join(missing)))
        return report
    if len(rows) - 1 > MAX_ROWS:
        report.file_errors.append(gettext("At most %(n)d rows can be imported at once.", n=MAX_ROWS))
        return report

    rooms = {(r.venue.name.lower(), r.name.lower()): r for v in edition.venues for r in v.rooms}
    slots = {(local(s.starts_at).time().replace(tzinfo=None), local(s.ends_at).time().replace(tzinfo=None)): s
             for s in edition.time_slots}
    planned = []
    for number, row in enumerate(rows[1:], start=2):
        def cell(key, row=row):
            i = index[key]
            return row[i] if i is not None and i < len(row) else ""

        line = RowReport(number, cell("title"))
        errors = line.errors
        if not cell("title"):
            errors.append(gettext("The title is missing."))
        elif len(cell("title")) > 300:
            errors.append(gettext("The title is longer than 300 characters."))
        kind = _kind(cell("kind"))
        if kind is None:
            errors.append(gettext("Unknown kind “%(value)s”.", value=cell("kind")))
        room = None
        if cell("venue") or cell("room"):
            room = rooms.get((cell("venue").lower(), cell("room").lower()))
            if room is None:
                errors.append(gettext("There is no room “%(room)s” in “%(venue)s”.", room=cell("room"),
                                      venue=cell("venue")))
        slot = None
        if cell("start") or cell("end"):
            start, end = _time(cell("start")), _time(cell("end"))
            slot = slots.get((start, end)) if start and end else None
            if slot is None:
                errors.append(gettext("There is no time slot %(start)s–%(end)s.", start=cell("start"),
                                      end=cell("end")))
        capacity = None
        if cell("capacity"):
            try:
                capacity = int(float(cell("capacity")))
                if capacity < 0:
                    raise ValueError
            except ValueError:
                errors.append(gettext("The capacity must be a whole number of at least 0."))
        registration = cell("registration").lower()
        if registration not in YES | NO:
            errors.append(gettext("Registration must be “ja” or “nein”."))
        needs_registration = registration in YES
        if needs_registration and capacity is None:
            errors.append(gettext("Offers with registration need a capacity."))
        groups, unknown_groups = _codes(cell("target_groups"), TARGET_GROUPS)
        topics, unknown_topics = _codes(cell("topics"), TOPICS)
        for unknown in unknown_groups + unknown_topics:
            errors.append(gettext("Unknown target group or topic “%(value)s”.", value=unknown))
        report.rows.append(line)
        planned.append(dict(kind=kind, title=cell("title"), description=cell("description"), room=room, slot=slot,
                            capacity=capacity, registration_required=needs_registration, target_groups=groups,
                            topics=topics, organisation=cell("organisation")))
    if not report.ok:
        return report
    existing = set(db.session.scalars(select(Organisation.name)))
    for item in planned:
        name = item.pop("organisation").strip()
        if name and name not in existing:
            report.new_organisations.append(name)
            existing.add(name)
        organisation = get_or_create_organisation(name) if name else None
        db.session.add(Session(edition=edition, organisation=organisation, **item))
        report.imported += 1
    db.session.flush()
    return report
