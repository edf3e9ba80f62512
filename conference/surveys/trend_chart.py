"""The geometry of a trend chart (a line per measure over the editions, with 95 % interval whiskers,
marks for changes beyond the noise, breaks between incomparable question versions and the editions
that action items targeted). Pure: the template ``surveys/results/_trend_chart.html`` draws it as SVG
with presentation attributes only (the CSP forbids inline styles and scripts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from conference.surveys.comparison import SCALE_RANGES, Series

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 36, 44
INSET = 28  # keeps the first and last whiskers off the axes
# Colours with at least 4.5:1 contrast on white, and a dash pattern each, so lines differ without colour.
PALETTE = ("#004b87", "#a3360a", "#2e6b30", "#6a1b9a", "#00695c", "#ad1457", "#5d4037", "#37474f")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "12 4", "4 2 1 2", "1 3", "14 3")
MEASURES = ("top2", "mean", "shares")


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    low: float | None  # the whisker's ends (None: no interval)
    high: float | None
    moved: bool  # changed beyond the noise since the point before
    value: float


@dataclass
class Line:
    label: str
    colour: str
    dash: str
    segments: list[str] = field(default_factory=list)  # "x,y x,y …" for <polyline points>
    markers: list[Marker] = field(default_factory=list)


@dataclass
class Chart:
    measure: str
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    top: int
    bottom: int  # y of the plot's bottom edge
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    lines: list[Line]
    breaks: list[float]  # x of a break: the question changed and is not comparable
    actions: list[tuple[float, int]]  # x of an edition targeted by action items, and how many


def _axis(series: Series, measure: str) -> tuple[float, float, list[tuple[float, str]]]:
    if measure == "mean":
        low, high = SCALE_RANGES.get(series.type, (0, 10))
        step = 2 if high - low > 5 else 1
        return low, high, [(v, str(v)) for v in range(low, high + 1, step)]
    return 0.0, 1.0, [(v / 100, f"{v} %") for v in (0, 25, 50, 75, 100)]


def _values(series: Series, measure: str) -> list[tuple[str, list]]:
    """(label, [(value, interval, moved) or None per point]) for each line of the chart."""
    if measure == "shares":
        lines = []
        for choice in series.options:
            values = []
            for point in series.points:
                if not point.has_statistics:
                    values.append(None)
                    continue
                moved = point.change is not None and choice in point.change.moved_shares
                values.append(((point.question.get("shares") or {}).get(choice, 0.0),
                               point.share_interval(choice), moved))
            lines.append((choice, values))
        return lines
    value_key, interval_key, moved_attr = (("mean", "mean_ci", "mean_moved") if measure == "mean"
                                           else ("top2_share", "top2_ci", "top2_moved"))
    values = []
    for point in series.points:
        value = point.question.get(value_key)
        if not point.has_statistics or value is None:
            values.append(None)
            continue
        moved = point.change is not None and getattr(point.change, moved_attr)
        values.append((value, point.question.get(interval_key), moved))
    return [(measure, values)]


def trend_chart(series: Series, measure: str = "top2", labels: dict[str, str] | None = None) -> Chart:
    """The chart of ``series`` for ``measure``: "top2" or "mean" (scale questions) or "shares" (one
    line per choice). ``labels`` names the lines (a choice's text); the measure's name by default."""
    labels = labels or {}
    low, high, ticks = _axis(series, measure)
    plot_right, plot_bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    count = len(series.points)
    first_x, last_x = LEFT + INSET, plot_right - INSET
    step = (last_x - first_x) / max(count - 1, 1)

    def x_of(index: int) -> float:
        return round(first_x + index * step if count > 1 else (first_x + last_x) / 2, 1)

    def y_of(value: float) -> float:
        clamped = min(max(value, low), high)
        return round(plot_bottom - (clamped - low) / (high - low) * (plot_bottom - TOP), 1)

    lines = []
    for number, (name, values) in enumerate(_values(series, measure)):
        line = Line(labels.get(name, name), PALETTE[number % len(PALETTE)], DASHES[number % len(DASHES)])
        current: list[str] = []
        for index, (point, entry) in enumerate(zip(series.points, values, strict=True)):
            if point.is_break or entry is None:  # never draw a line across a break or a gap
                if len(current) > 1:
                    line.segments.append(" ".join(current))
                current = []
            if entry is None:
                continue
            value, interval, moved = entry
            x, y = x_of(index), y_of(value)
            current.append(f"{x},{y}")
            has_interval = bool(interval) and None not in interval
            line.markers.append(Marker(x, y, y_of(interval[0]) if has_interval else None,
                                       y_of(interval[1]) if has_interval else None, bool(moved), value))
        if len(current) > 1:
            line.segments.append(" ".join(current))
        lines.append(line)
    breaks = [round((x_of(i - 1) + x_of(i)) / 2, 1) for i, p in enumerate(series.points) if p.is_break]
    actions = [(x_of(i), len(p.actions)) for i, p in enumerate(series.points) if p.actions]
    return Chart(measure, WIDTH, HEIGHT, LEFT, plot_right, TOP, plot_bottom,
                 [(x_of(i), str(p.number)) for i, p in enumerate(series.points)],
                 [(y_of(v), label) for v, label in ticks], lines, breaks, actions)
