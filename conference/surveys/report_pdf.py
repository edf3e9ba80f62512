"""The results report of an edition as PDF (A4 portrait): a title page with every survey's response
count and rate, then per survey and question a bar chart and a table (n, distribution, mean and top-2
share with their 95 % intervals), the session ranking, and a note on suppressed small numbers.

It draws the same :class:`~conference.surveys.analysis_display.SurveyView` as the results page, in the
reader's language. Like the other PDFs it embeds DejaVu Sans (and Droid Sans Fallback for CJK): text prints as
typed in Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese and Korean script (see
:func:`conference.pdf.printable`). Free texts are not in the report.
"""

from __future__ import annotations

from io import BytesIO

from flask_babel import format_percent, get_locale, gettext, ngettext
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from conference.date_formats import format_date
from conference.editions.services import local
from conference.pdf import BOLD, FONT, graphic_strings, numbered_canvas, paragraph, pdf_metadata
from conference.surveys.analysis_display import QuestionView, SurveyView, interval, number, share

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
BLUE, INK, RULE = colors.HexColor("#0b5cad"), colors.HexColor("#1b1b1b"), colors.HexColor("#404565")



def _styles():
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=20, leading=25, spaceAfter=4 * mm),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=15, leading=19, spaceBefore=2 * mm, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=4 * mm, spaceAfter=1.5 * mm),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11, textColor=colors.white),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=8.5, leading=11, textColor=RULE, spaceBefore=2 * mm),
    }


def _chart(bars: list[tuple[str, float, str, tuple | None]]) -> Drawing:
    """Horizontal bars (label, share 0…1, printed value, optional interval drawn as a whisker)."""
    row, label_width, value_width = 13, 62 * mm, 32 * mm
    plot = WIDTH - label_width - value_width
    drawing = Drawing(WIDTH, row * len(bars) + 4)
    for i, (label, value, text, ci) in enumerate(bars):
        y = drawing.height - (i + 1) * row
        short = label if len(label) <= 40 else label[:39] + "…"
        drawing.add(graphic_strings(label_width - 4, y + 3, short, FONT, 8, anchor="end", fillColor=INK))
        end = label_width + plot * max(0.0, min(1.0, value or 0.0))
        drawing.add(Rect(label_width, y + 1.5, end - label_width, row - 4, fillColor=BLUE, strokeColor=None))
        if ci and None not in ci:
            lo, hi = (label_width + plot * c for c in ci)
            for colour, width in ((colors.white, 3), (INK, 1)):  # a white halo keeps it visible on the bar
                drawing.add(Line(lo, y + row / 2, hi, y + row / 2, strokeColor=colour, strokeWidth=width))
                drawing.add(Line(lo, y + 2.5, lo, y + row - 2.5, strokeColor=colour, strokeWidth=width))
                drawing.add(Line(hi, y + 2.5, hi, y + row - 2.5, strokeColor=colour, strokeWidth=width))
            end = max(end, hi)
        drawing.add(graphic_strings(end + 4, y + 3, text, FONT, 8, fillColor=INK))
    drawing.add(Line(label_width, 2, label_width, drawing.height, strokeColor=INK, strokeWidth=0.6))
    return drawing


def _table(head: list[str], rows: list[list], widths: list[float], styles, numeric_from: int = 1) -> Table:
    data = [[paragraph(h, styles["head"]) for h in head]] + [[paragraph(c, styles["cell"]) for c in r] for r in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # for plain-string cells; reportlab's default is Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0f2c5c")),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _statistics(question: QuestionView) -> list[list]:
    aggregate = question.aggregate
    rows = [[gettext("Answers (n)"), aggregate["n"]]]
    if question.is_scale:
        rows.append([gettext("Mean (95 % CI)"),
                     f"{number(aggregate['mean'])} ({interval(aggregate['mean_ci'])})"])
        low, high = question.top2
        rows.append([gettext("Top-2 share: %(low)d and %(high)d (95 %% CI)", low=low, high=high),
                     f"{share(aggregate['top2_share'])} ({interval(aggregate['top2_ci'], share)})"])
    if aggregate.get("ratings") is not None:
        rows.append([gettext("Ratings"), aggregate["ratings"]])
    return rows


def _question(question: QuestionView, styles) -> list:
    aggregate = question.aggregate
    parts = [paragraph(question.text, styles["h2"])]
    if aggregate["suppressed"]:
        n = aggregate["n"]
        parts.append(paragraph(
            gettext("Fewer than 5 answers (n = %(n)s): not shown.*", n=n if n is not None else "< 5"), styles["body"]))
        return [KeepTogether(parts)]
    if question.is_free_text:
        parts.append(paragraph(
            gettext("%(n)d written answers (the texts are not part of this report).", n=aggregate["n"]),
            styles["body"]))
        return [KeepTogether(parts)]
    if question.rows:
        parts.append(_chart([(r.label, r.share, f"{share(r.share)} ({r.count})", None) for r in question.rows]))
        parts.append(Spacer(1, 2 * mm))
        parts.append(_table([gettext("Answer"), gettext("Count"), gettext("Share")],
                            [[r.label, r.count, share(r.share)] for r in question.rows], [90, 25, 30], styles))
        parts.append(Spacer(1, 2 * mm))
    parts.append(_table([gettext("Statistic"), gettext("Value")], _statistics(question), [90, 55], styles))
    return [KeepTogether(parts)]


def _ranking(view: SurveyView, styles) -> list:
    if not view.ranking and not view.ranking_rest:
        return []
    parts = [paragraph(gettext("Ranking of the sessions"), styles["h2"])]
    if view.ranking:
        parts.append(_chart([(r["title"], r["top2_share"], share(r["top2_share"]), tuple(r["top2_ci"]))
                             for r in view.ranking]))
        parts.append(Spacer(1, 2 * mm))
        rows = [[i, r["title"], r["n"], f"{number(r['mean'])} ({interval(r['mean_ci'])})",
                 f"{share(r['top2_share'])} ({interval(r['top2_ci'], share)})"]
                for i, r in enumerate(view.ranking, start=1)]
        parts.append(_table([gettext("Rank"), gettext("Session"), gettext("Ratings"), gettext("Mean (95 % CI)"),
                             gettext("Top-2 share (95 % CI)")], rows, [12, 62, 18, 40, 42], styles, numeric_from=2))
    if view.ranking_rest:
        parts += [Spacer(1, 2 * mm), paragraph(ngettext("%(num)d session with fewer than 5 ratings is not ranked.*",
                                                 "%(num)d sessions with fewer than 5 ratings are not ranked.*",
                                                 view.ranking_rest), styles["body"])]
    return parts


def _summary_line(view: SurveyView) -> str:
    summary = view.summary
    if summary["response_rate"] is not None:
        return gettext("%(responses)d responses of %(invited)d invited (response rate %(rate)s)",
                       responses=summary["responses"], invited=summary["invited"], rate=share(summary["response_rate"]))
    return gettext("%(responses)d responses", responses=summary["responses"])


def results_report(edition, views: list[SurveyView]) -> bytes:
    """The PDF results report of ``edition`` from its surveys' views, as bytes."""
    styles = _styles()
    title = gettext("Survey results")
    story = [Spacer(1, 40 * mm), paragraph(title, styles["title"]), paragraph(edition.title, styles["h1"]),
             paragraph(gettext("No. %(n)d", n=edition.number), styles["body"]),
             paragraph(format_date(local(edition.starts_at), "long"), styles["body"]), Spacer(1, 10 * mm)]
    if views:
        story.append(_table([gettext("Survey"), gettext("Audience"), gettext("Responses")],
                            [[v.survey.title_in(str(get_locale())), v.audience_label, _summary_line(v)] for v in views],
                            [60, 45, 65], styles, numeric_from=3))
    else:
        story.append(paragraph(gettext("This edition has no surveys."), styles["body"]))
    story.append(paragraph(method_note(), styles["note"]))
    for view in views:
        story += [PageBreak(), paragraph(view.survey.title_in(str(get_locale())), styles["h1"]),
                  paragraph(f"{view.audience_label} · {_summary_line(view)}", styles["body"])]
        for question in view.questions:
            story += _question(question, styles)
        story += _ranking(view, styles)
        story.append(paragraph(method_note(), styles["note"]))
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=pdf_metadata(f"{title}: {edition.title}"), author="",
                                 creator="conference")
    document.build(story, canvasmaker=numbered_canvas(f"{title} · {edition.title}", page_width=A4[0], margin=MARGIN))
    return buffer.getvalue()


def method_note() -> str:
    return gettext("* Numbers from fewer than 5 answers are suppressed to protect the respondents' anonymity. "
                   "Intervals are %(level)s confidence intervals: t intervals for means, Wilson intervals for "
                   "shares. The top-2 share is the share of answers on the scale's two best points.",
                   level=format_percent(0.95))
