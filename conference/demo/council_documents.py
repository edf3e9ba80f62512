"""Small public PDFs on demo agenda items, written with reportlab and stored like uploads (the council area of
the upload folder, checked by content). Only called when an edition's agenda is created, so a second seed
writes no second file."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from werkzeug.datastructures import FileStorage

from conference.council.documents import AREA, PDF_ONLY
from conference.council.models import AgendaDocument, AgendaItem
from conference.editions.models import Edition
from conference.submissions import storage


def attach(item: AgendaItem, title: str, file_name: str, edition: Edition, day: date) -> AgendaDocument:
    """Write a PDF about ``item`` (its description, minutes and recommendations) and attach it, public."""
    paragraphs = [item.description, item.minutes]
    paragraphs += [f"{r.reference} – {r.title}: {r.text}" for r in item.recommendations]
    content = render(title, f"{edition.title} am {day:%d.%m.%Y} – {item.number} {item.title}", paragraphs)
    stored = storage.save(FileStorage(BytesIO(content), filename=f"{file_name}.pdf"), area=AREA, allowed=PDF_ONLY)
    document = AgendaDocument(title=title, file_key=stored.key, file_name=stored.name,
                              content_type=stored.content_type, size=stored.size, is_public=True,
                              created_at=item.created_at, updated_at=item.created_at)
    item.documents.append(document)
    return document


def render(title: str, subtitle: str, paragraphs: list[str]) -> bytes:
    """A one-page A4 PDF; ``invariant`` keeps the bytes the same for the same text."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Regionales Bildungsbüro",
                                 leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
                                 invariant=1, lang="de-DE")
    story = [Paragraph(escape(title), styles["Title"]), Paragraph(escape(subtitle), styles["Heading3"]),
             Spacer(1, 6 * mm)]
    story += [Paragraph(escape(text), styles["BodyText"]) for text in paragraphs if text]
    document.build(story)
    return buffer.getvalue()
