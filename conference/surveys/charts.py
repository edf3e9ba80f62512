"""Server-rendered SVG charts for the results pages: no script, no inline style (the CSP forbids both).

A chart is an image for sighted readers (``role="img"``, named by a caption the page supplies through
``aria-labelledby``); the same numbers always stand in a data table beside it, which is what screen
readers and keyboard users read. Colours are presentation attributes with enough contrast on white:
bars #0b5cad (6.6:1, above the 3:1 that WCAG 1.4.11 asks of graphics) and text and whiskers #1b1b1b;
a whisker has a white halo so that it stays visible where it crosses its bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 640
LABEL_WIDTH = 190        # room for the category labels, right-aligned against the axis
PLOT_WIDTH = 330         # the bars; what is left on the right holds the printed values
ROW = 28
BAR = 18
TOP = 6
AXIS = 22                # room below the bars for tick labels
LABEL_CHARS = 30         # longer labels are shortened (the table has them in full)
BAR_COLOUR, INK = "#0b5cad", "#1b1b1b"


@dataclass(frozen=True)
class Bar:
    """One bar: its ``label``, where it ends (``value`` on 0…maximum), the ``text`` printed beside it
    (already formatted for the reader's language) and an optional interval drawn as a whisker."""

    label: str
    value: float
    text: str
    ci: tuple[float, float] | None = None


def _x(value: float, maximum: float) -> float:
    share = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
    return round(LABEL_WIDTH + share * PLOT_WIDTH, 1)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(bars: Sequence[Bar], *, labelledby: str, maximum: float = 1.0,
              ticks: Sequence[tuple[float, str]] = ()) -> Markup:
    """A horizontal bar chart as an inline ``<svg>`` element, one row per bar, named by the element
    with the id ``labelledby``. ``ticks`` are ``(value, printed label)`` pairs under the axis."""
    if not bars:
        return Markup("")
    height = TOP + len(bars) * ROW + (AXIS if ticks else 4)
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img" focusable="false" '
                    'aria-labelledby="{}" viewBox="0 0 {} {}" width="{}" height="{}" font-size="13" '
                    'font-family="sans-serif">').format(labelledby, WIDTH, height, WIDTH, height)]
    for i, bar in enumerate(bars):
        top = TOP + i * ROW
        middle = top + ROW / 2
        label = _short(bar.label)
        title = Markup("<title>{}</title>").format(bar.label) if label != bar.label else Markup("")
        parts.append(Markup('<text class="chart__label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle" '
                            'fill="{}">{}{}</text>').format(LABEL_WIDTH - 8, middle, INK, title, label))
        end = _x(bar.value, maximum)
        parts.append(Markup('<rect class="chart__bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>')
                     .format(LABEL_WIDTH, top + (ROW - BAR) / 2, round(end - LABEL_WIDTH, 1), BAR, BAR_COLOUR))
        text_at = end
        if bar.ci is not None and None not in bar.ci:
            lo, hi = _x(bar.ci[0], maximum), _x(bar.ci[1], maximum)
            cap_top, cap_bottom = middle - 6, middle + 6
            path = f"M{lo} {middle}H{hi}M{lo} {cap_top}V{cap_bottom}M{hi} {cap_top}V{cap_bottom}"
            parts.append(Markup('<path class="chart__whisker-halo" d="{}" stroke="#ffffff" stroke-width="5" '
                                'fill="none"/><path class="chart__whisker" d="{}" stroke="{}" stroke-width="2" '
                                'fill="none"/>').format(path, path, INK))
            text_at = max(text_at, hi)
        parts.append(Markup('<text class="chart__value" x="{}" y="{}" dominant-baseline="middle" fill="{}">{}</text>')
                     .format(text_at + 8, middle, INK, bar.text))
    bottom = TOP + len(bars) * ROW
    parts.append(Markup('<path class="chart__axis" d="M{} {}V{}" stroke="{}" stroke-width="1"/>')
                 .format(LABEL_WIDTH, TOP, bottom, INK))
    for value, text in ticks:
        x = _x(value, maximum)
        parts.append(Markup('<path d="M{} {}v4" stroke="{}"/><text class="chart__tick" x="{}" y="{}" '
                            'text-anchor="middle" fill="{}" font-size="11">{}</text>')
                     .format(x, bottom, INK, x, bottom + 16, INK, text))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
