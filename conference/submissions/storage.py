"""Attachments to offers: checked by content, stored outside ``static/`` under a random key.

The upload folder is ``UPLOAD_FOLDER`` (default: ``instance/uploads``). A file is saved as
``submissions/<key>``, where the key is random: the client's file name never reaches the file
system, so no path can be smuggled in. Files are served only through views that check access, as a
download (``Content-Disposition: attachment``) with the type found in the content."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import puremagic
from flask import current_app
from flask_babel import gettext
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from conference.errors import DomainError

ALLOWED_TYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    content_type: str
    size: int


def _folder(area: str = "submissions") -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"] or Path(current_app.instance_path) / "uploads") / area
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def detect_type(head: bytes, allowed=ALLOWED_TYPES) -> str | None:
    """The MIME type the content itself declares (magic numbers), if it is one of ``allowed``."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    for match in matches:
        if match.mime_type in allowed:
            return match.mime_type
    return None


def save(upload: FileStorage, *, area: str = "submissions", allowed: dict[str, str] = ALLOWED_TYPES,
         field: str = "attachment") -> StoredFile:
    """Check and store an upload under ``area`` (a folder of the upload folder); only the types in
    ``allowed`` (MIME type → extension) pass. A DomainError (for ``field``) says what is wrong."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(gettext("The file is larger than 10 MB."), field=field)
    if not data:
        raise DomainError(gettext("The file is empty."), field=field)
    content_type = detect_type(data[:8192], allowed)
    if content_type is None:
        if set(allowed) == {"application/pdf"}:
            message = gettext("Please upload a PDF file. The content of this file is not a PDF.")
        else:
            message = gettext("Please upload a PDF, PNG or JPEG file. The content of this file is none of these.")
        raise DomainError(message, field=field)
    key = secrets.token_hex(16)
    (_folder(area) / key).write_bytes(data)
    stem = Path(secure_filename(upload.filename or "")).stem[:150] or "anhang"
    return StoredFile(key=key, name=stem + allowed[content_type], content_type=content_type, size=len(data))


def path_of(key: str, area: str = "submissions") -> Path:
    if not key or not key.isalnum():  # keys are hex; anything else never came from save()
        raise DomainError(gettext("This file does not exist."))
    return _folder(area) / key


def delete(key: str | None, area: str = "submissions") -> None:
    if key:
        path_of(key, area).unlink(missing_ok=True)
