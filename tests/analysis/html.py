"""Read an analysis page as a person would: each section's chart and table, by its key."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Section:
    key: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # data-value of each row's cells
    labels: list[str] = field(default_factory=list)  # each row's heading
    totals: list[str] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)  # the chart's rects: series, label, value
    svg: dict = field(default_factory=dict)  # the svg element's attributes
    svg_title: str = ""
    svg_desc: str = ""

    def column(self, header: str) -> list[str]:
        index = self.headers.index(header)
        return [row[index - 1] for row in self.rows]

    def series(self, header: str) -> list[str]:
        return [s["value"] for s in self.shapes if s["series"] == header]

    def row(self, label: str) -> dict[str, str]:
        values = self.rows[self.labels.index(label)]
        return dict(zip(self.headers[1:], values, strict=True))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections: dict[str, Section] = {}
        self.current: Section | None = None
        self.part = ""  # thead, tbody, tfoot
        self.text_into: list | None = None
        self.buffer: list[str] = []
        self.svg_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "analysis-section" in (a.get("class") or ""):
            self.current = self.sections.setdefault(a["id"], Section(a["id"]))
            return
        if self.current is None:
            return
        if tag == "svg":
            self.current.svg = a
        elif tag in ("title", "desc") and self.current.svg and not self.current.shapes:
            self.svg_text, self.buffer = tag, []
        elif tag == "rect":
            self.current.shapes.append(
                {
                    "series": a.get("data-series"),
                    "label": a.get("data-label"),
                    "value": a.get("data-value"),
                }
            )
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr" and self.part == "tbody":
            self.current.rows.append([])
        elif tag == "th":
            self.buffer, self.text_into = [], ["th"]
        elif tag == "td":
            target = self.current.rows[-1] if self.part == "tbody" else self.current.totals
            target.append(a.get("data-value", ""))

    def handle_data(self, data):
        if self.text_into is not None or self.svg_text:
            self.buffer.append(data)

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "section":
            self.current = None
        elif tag in ("title", "desc") and self.svg_text == tag:
            text = "".join(self.buffer).strip()
            if tag == "title" and not self.current.svg_title:
                self.current.svg_title = text
            elif tag == "desc" and not self.current.svg_desc:
                self.current.svg_desc = text
            self.svg_text = ""
        elif tag == "th" and self.text_into is not None:
            text = "".join(self.buffer).strip()
            if self.part == "thead":
                self.current.headers.append(text)
            elif self.part == "tbody":
                self.current.labels.append(text)
            self.text_into = None
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = ""


def sections(html: str) -> dict[str, Section]:
    parser = _Parser()
    parser.feed(html)
    return parser.sections
