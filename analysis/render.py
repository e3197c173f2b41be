"""HTML of a chart (SVG) and of its table, written in Python.

A general manager's page may hold a table of 200 reps and a chart of 400 bars; the template
engine takes a few microseconds per tag, so these two pieces, the bulk of every page, are
written here with escaping done by hand (`escape`) and handed to the template as safe text.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from analysis.charts import Geometry
from analysis.tables import TEXT, Table, table_cells

NUM = ' class="num"'


def _attrs(**values) -> str:
    return "".join(f' {name.replace("_", "-")}="{escape(value)}"' for name, value in values.items())


def chart_svg(chart: Geometry) -> SafeString:
    """The chart as an SVG image with a title and a description (its table is the text
    alternative), each shape with its number in data-value and a tooltip."""
    parts = []
    scroll = ""
    if chart.kind == "columns":
        label = _("%(title)s (scrolls sideways)") % {"title": chart.title}
        scroll = _attrs(tabindex="0", role="group", aria_label=label)
    parts.append(f'<figure class="chart chart-{chart.kind}"><div class="chart-scroll"{scroll}>')
    parts.append(
        '<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg"'
        + _attrs(
            width=chart.width,
            height=chart.height,
            role="img",
            aria_labelledby=f"{chart.id}-title {chart.id}-desc",
            data_chart=chart.id,
        )
        + ">"
    )
    parts.append(f'<title id="{chart.id}-title">{escape(chart.title)}</title>')
    parts.append(f'<desc id="{chart.id}-desc">{escape(chart.description)}</desc>')
    if chart.kind == "bars":
        for label in chart.labels:
            parts.append(
                f'<text class="chart-label" x="0" y="{label["y"]}">{escape(label["text"])}'
                f"<title>{escape(label['full'])}</title></text>"
            )
    else:
        for tick in chart.ticks:
            parts.append(
                f'<line class="chart-grid" x1="{chart.axis}" x2="{chart.plot_right}" '
                f'y1="{tick["y"]}" y2="{tick["y"]}"/><text class="chart-tick" x="{chart.axis}" '
                f'dx="-6" y="{tick["y"]}" dy="4" text-anchor="end">{escape(tick["text"])}</text>'
            )
        for label in chart.labels:
            parts.append(
                f'<text class="chart-label" x="{label["x"]}" y="{label["y"]}" '
                f'text-anchor="middle">{escape(label["text"])}</text>'
            )
    for shape in chart.shapes:
        parts.append(
            f'<rect class="{shape.cls}"'
            + _attrs(
                x=shape.x,
                y=shape.y,
                width=shape.width,
                height=shape.height,
                data_label=shape.label,
                data_series=shape.series,
                data_value=shape.value,
            )
            + f"><title>{escape(shape.label)} · {escape(shape.series)}: {escape(shape.text)}"
            "</title></rect>"
        )
    if chart.kind == "bars":
        for value in chart.values:
            parts.append(
                f'<text class="chart-value" x="100%" y="{value["y"]}" text-anchor="end">'
                f"{escape(value['text'])}</text>"
            )
    else:
        parts.append(
            f'<line class="chart-axis" x1="{chart.axis}" x2="{chart.plot_right}" '
            f'y1="{chart.baseline}" y2="{chart.baseline}"/>'
        )
    parts.append("</svg></div>")
    if len(chart.legend) > 1:
        parts.append('<ul class="chart-legend" aria-hidden="true">')
        for item in chart.legend:
            parts.append(
                f'<li><span class="chart-swatch {item["cls"]}"></span>{escape(item["label"])}</li>'
            )
        parts.append("</ul>")
    parts.append("</figure>")
    return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)


def _row(table: Table, row: list, *, head: bool = False) -> str:
    cells = []
    for n, cell in enumerate(table_cells(table, row)):
        if n == 0:
            text = escape(cell["text"])
            if cell["url"] and not head:
                text = f'<a href="{escape(cell["url"])}">{text}</a>'
            cells.append(f'<th scope="row">{text}</th>')
        elif cell["kind"] == TEXT:
            cells.append(f"<td>{escape(cell['text'])}</td>")
        else:
            cells.append(
                f'<td class="num" data-value="{escape(cell["raw"])}">{escape(cell["text"])}</td>'
            )
    return "<tr>" + "".join(cells) + "</tr>"


def table_html(table: Table) -> SafeString:
    """The table of numbers: the accessible form of the chart, and what the .xlsx holds."""
    if not table.rows:
        empty = escape(_("Nothing in this period."))
        return mark_safe(f'<p class="empty">{empty}</p>')  # noqa: S308
    heads = "".join(
        f'<th scope="col"{"" if c.kind == TEXT else NUM}>{escape(c.label)}</th>'
        for c in table.columns
    )
    body = "".join(_row(table, row) for row in table.rows)
    foot = f"<tfoot>{_row(table, table.totals, head=True)}</tfoot>" if table.totals else ""
    title = escape(table.title)
    return mark_safe(  # noqa: S308  (every value is escaped)
        f'<div class="analysis-table-wrap" tabindex="0" role="group" aria-label="{title}">'
        f'<table class="analysis-table" data-table="{escape(table.key)}">'
        f'<caption class="visually-hidden">{title}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody>{foot}</table></div>"
    )
