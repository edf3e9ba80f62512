"""Agenda documents: PDFs stored outside ``static/`` under ``<UPLOAD_FOLDER>/council/<random key>``."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext
from werkzeug.datastructures import FileStorage

from conference.council.models import AgendaDocument, AgendaItem
from conference.editions.models import Edition
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.submissions import storage

AREA = "council"
PDF_ONLY = {"application/pdf": ".pdf"}


def document_path(document: AgendaDocument) -> Path:
    """Where the document's bytes are; serve it only after checking access, as a download."""
    return storage.path_of(document.file_key, AREA)


def add_document(item: AgendaItem, upload: FileStorage | None, *, title: str, is_public: bool = True,
                 field: str = "file") -> AgendaDocument:
    """Store a PDF (checked by its content, at most 10 MB) and attach it to ``item``. A DomainError for
    ``field`` says what is wrong; nothing is stored then."""
    title = (title or "").strip()
    if not title:
        raise DomainError(gettext("Please enter a title."), field="title")
    if upload is None or not upload.filename:
        raise DomainError(gettext("Please choose a PDF file."), field=field)
    stored = storage.save(upload, area=AREA, allowed=PDF_ONLY, field=field)
    document = AgendaDocument(agenda_item=item, title=title[:300], file_key=stored.key, file_name=stored.name,
                              content_type=stored.content_type, size=stored.size, is_public=is_public)
    db.session.add(document)
    try:
        db.session.flush()
    except Exception:
        delete_file(stored.key)  # no orphaned file when the row cannot be written
        raise
    return document


def get_document(edition: Edition, document_id: int) -> AgendaDocument:
    """The document ``document_id`` of an agenda item of ``edition``, or NotFoundError."""
    document = db.session.get(AgendaDocument, document_id)
    if document is None or document.agenda_item.edition_id != edition.id:
        raise NotFoundError(gettext("This document does not exist."))
    return document


def delete_document(document: AgendaDocument) -> None:
    """Remove the document and its file."""
    key = document.file_key
    document.agenda_item.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    delete_file(key)


def delete_file(key: str | None) -> None:
    storage.delete(key, AREA)
