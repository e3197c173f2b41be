"""Server-drawn SVG charts: the geometry of a table's chart, for templates/analysis.

No JavaScript and no chart library: Python places the shapes, a template writes them.
Horizontal bars (categories) are laid out in percentages of the chart's width, so they fit
a 375 px phone and a 1280 px screen with text at its normal size; columns (periods) have a
fixed width per period and scroll sideways when there are more than the screen holds.
Every shape carries the number of its table cell (data-value), so tests can prove that the
chart and the table say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from analysis.tables import INT, MONEY, PERCENT, Table, display, raw

SERIES_CLASSES = 6
# Horizontal bars: label | bar | value, in % of the width.
BAR_START = 34
BAR_SPAN = 38
LINE = 18  # px per bar line
BAR_HEIGHT = 13
ROW_PAD = 8
LABEL_CHARS = 17  # half-width units that fit a third of a phone's width
# Columns, in px.
AXIS = 78
TOP = 14
PLOT = 180
BOTTOM = 26
RIGHT = 12


def _px(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Shape:
    x: str
    y: str
    width: str
    height: str
    cls: str
    label: str
    series: str
    value: str
    text: str


@dataclass
class Geometry:
    id: str
    kind: str
    title: str
    description: str
    width: str = "100%"  # "100%" (bars) or px (columns)
    height: str = "0"
    shapes: list[Shape] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)  # category or period labels
    values: list[dict] = field(default_factory=list)  # value texts beside the bars
    ticks: list[dict] = field(default_factory=list)  # gridlines with their values
    legend: list[dict] = field(default_factory=list)
    axis: str = _px(AXIS)
    plot_right: str = "0"
    baseline: str = "0"


def _width(char: str) -> int:
    """Half-width units: a Chinese character is about twice as wide as a Latin letter."""
    return 2 if ord(char) > 0x2E7F else 1


def _short(text: str, limit: int) -> str:
    """`text` cut to `limit` half-width units, with an ellipsis when cut."""
    if sum(map(_width, text)) <= limit:
        return text
    kept, used = [], 1
    for char in text:
        used += _width(char)
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + "…"


def nice_step(peak: float) -> float:
    """The gridline step: 1, 2 or 5 times a power of ten (at least 1), four steps ≥ `peak`."""
    needed = max(peak / 4, 1)
    base = 10 ** (len(str(int(needed))) - 1)
    for step in (1, 2, 5, 10):
        if needed <= step * base:
            return step * base
    return 10 * base


def _number(value) -> float:
    return float(value or 0)


def _bars(table: Table, geometry: Geometry) -> None:
    series = table.chart.series
    top = max((_number(row[i]) for row in table.rows for i in series), default=0) or 1
    y = 0.0
    for row in table.rows:
        label = str(row[0])
        height = ROW_PAD + LINE * len(series)
        geometry.labels.append(
            {"y": _px(y + height / 2 + 4), "text": _short(label, LABEL_CHARS), "full": label}
        )
        for n, index in enumerate(series):
            column, value = table.columns[index], row[index] or 0
            line_y = y + ROW_PAD / 2 + n * LINE
            text = display(value, column.kind)
            geometry.shapes.append(
                Shape(
                    x=f"{BAR_START}%",
                    y=_px(line_y + (LINE - BAR_HEIGHT) / 2),
                    width=f"{max(_number(value), 0) / top * BAR_SPAN:.3f}%",
                    height=_px(BAR_HEIGHT),
                    cls=f"series-{n % SERIES_CLASSES}",
                    label=label,
                    series=column.label,
                    value=raw(value),
                    text=text,
                )
            )
            geometry.values.append({"y": _px(line_y + LINE / 2 + 4), "text": text})
        y += height
    geometry.height = _px(max(y, LINE))


def _columns(table: Table, geometry: Geometry) -> None:
    series, stacked, rows = table.chart.series, table.chart.stacked, table.rows
    if stacked:
        peak = max((sum(_number(row[i]) for i in series) for row in rows), default=0)
    else:
        peak = max((_number(row[i]) for row in rows for i in series), default=0)
    kind = table.columns[series[0]].kind
    # A percentage runs to 100 %; other scales end on a round gridline above the peak.
    step_size = 25 if kind == PERCENT and peak <= 100 else nice_step(peak)
    top = step_size * 4
    longest = max((len(str(row[0])) for row in rows), default=4)
    slot = max(40, 7 * longest + 10, (10 if stacked else 12 * len(series)) + 16)
    for step in range(5):
        tick = Decimal(step_size) * step
        if kind == PERCENT:
            text = display(tick, INT) + "%"
        elif kind == MONEY:
            text = f"¥{int(tick):,}"  # whole yuan on the axis; the table has the fen
        else:
            text = display(tick, INT)
        geometry.ticks.append({"y": _px(TOP + PLOT - PLOT * step / 4), "text": text})
    for p, row in enumerate(rows):
        left = AXIS + p * slot
        label = str(row[0])
        geometry.labels.append(
            {"x": _px(left + slot / 2), "y": _px(TOP + PLOT + 16), "text": label}
        )
        group = slot - 14
        width = group if stacked else group / len(series)
        base = TOP + PLOT
        for n, index in enumerate(series):
            column, value = table.columns[index], row[index] or 0
            height = max(_number(value), 0) / top * PLOT
            if stacked:
                x, y = left + 7, base - height
                base -= height
            else:
                x, y = left + 7 + n * width, TOP + PLOT - height
            geometry.shapes.append(
                Shape(
                    x=_px(x),
                    y=_px(y),
                    width=_px(max(width - (0 if stacked else 2), 1)),
                    height=_px(height),
                    cls=f"series-{n % SERIES_CLASSES}",
                    label=label,
                    series=column.label,
                    value=raw(value),
                    text=display(value, column.kind),
                )
            )
    right = AXIS + len(rows) * slot
    geometry.plot_right = _px(right)
    geometry.baseline = _px(TOP + PLOT)
    geometry.width = _px(right + RIGHT)
    geometry.height = _px(TOP + PLOT + BOTTOM)


def chart_for(table: Table, *, description: str) -> Geometry | None:
    """The geometry of `table`'s chart (None when it has none or no rows)."""
    if table.chart is None or not table.rows:
        return None
    geometry = Geometry(
        id=f"chart-{table.key}",
        kind=table.chart.kind,
        title=table.title,
        description=description,
        legend=[
            {"label": table.columns[i].label, "cls": f"series-{n % SERIES_CLASSES}"}
            for n, i in enumerate(table.chart.series)
        ],
    )
    if table.chart.kind == "bars":
        _bars(table, geometry)
    else:
        _columns(table, geometry)
    return geometry
