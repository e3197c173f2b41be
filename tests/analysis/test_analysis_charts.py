"""Every chart says what its table says (REPORT-2): the SVG's numbers are the table's."""

import pytest
from django.urls import reverse

from analysis.charts import chart_for, nice_step
from analysis.selectors import PAGES
from analysis.tables import INT, MONEY, TEXT, Chart, Column, Table
from tests.analysis.html import sections

pytestmark = pytest.mark.rule("REPORT-2")


@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_every_chart_has_the_numbers_of_its_table(key, shop, client_for):
    response = client_for(shop.gm).get(reverse("analysis:page", args=[key]), {"by": "week"})
    report = response.context["report"]
    found = sections(response.content.decode())
    charted = 0
    for table in report.tables:
        section = found[table.key]
        if table.chart is None or not table.rows:
            assert not section.shapes
            continue
        charted += 1
        for index in table.chart.series:
            header = str(table.columns[index].label)
            assert section.series(header) == section.column(header), (key, table.key, header)
        labels = [s["label"] for s in section.shapes if s["series"] == section.shapes[0]["series"]]
        assert labels == section.labels
    assert charted


@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_every_chart_is_named_and_described_for_screen_readers(key, shop, client_for):
    response = client_for(shop.gm).get(reverse("analysis:page", args=[key]))
    for section in sections(response.content.decode()).values():
        if not section.svg:
            continue
        assert section.svg["role"] == "img"
        title_id, desc_id = section.svg["aria-labelledby"].split()
        assert title_id.endswith("-title")
        assert desc_id.endswith("-desc")
        assert section.svg_title
        assert "table below" in section.svg_desc


def test_a_bar_is_as_long_as_its_share_of_the_longest():
    table = Table(
        key="t",
        title="T",
        columns=[Column("Name", TEXT), Column("Sales", MONEY)],
        rows=[["a", 100], ["b", 50], ["c", 0]],
        chart=Chart("bars", (1,)),
    )
    chart = chart_for(table, description="d")
    widths = [float(shape.width.rstrip("%")) for shape in chart.shapes]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    assert [shape.text for shape in chart.shapes] == ["¥100.00", "¥50.00", "¥0.00"]
    assert chart.width == "100%"  # fits any screen: bars are laid out in percent


def test_columns_stack_to_the_rows_total_and_scroll_when_there_are_many():
    rows = [[f"2026-{m:02d}", m, 2 * m] for m in range(1, 13)]
    table = Table(
        key="t",
        title="T",
        columns=[Column("Month", TEXT), Column("A", INT), Column("B", INT)],
        rows=rows,
        chart=Chart("columns", (1, 2), stacked=True),
    )
    chart = chart_for(table, description="d")
    last = [s for s in chart.shapes if s.label == "2026-12"]
    assert sum(float(s.height) for s in last) == pytest.approx(36 / 40 * 180)
    assert int(chart.width) > 375  # wider than a phone: it scrolls inside its own box
    assert chart.ticks[-1]["text"] == "40"


def test_the_scale_ends_on_a_round_number():
    assert nice_step(0) == 1
    assert nice_step(7) == 2
    assert nice_step(177000) == 50000
    assert nice_step(39) == 10


def test_a_table_without_rows_has_no_chart():
    table = Table("t", "T", [Column("Name", TEXT), Column("N")], rows=[], chart=Chart("bars"))
    assert chart_for(table, description="d") is None


def test_a_long_label_is_cut_to_fit_a_phone_and_kept_whole_in_the_tooltip():
    long = "养老社区健康套餐（三年期，含上门服务）"
    table = Table(
        key="t",
        title="T",
        columns=[Column("Product", TEXT), Column("Sales", MONEY)],
        rows=[[long, 1], ["保健礼盒", 1]],
        chart=Chart("bars", (1,)),
    )
    first, second = chart_for(table, description="d").labels
    assert first["text"] == "养老社区健康套餐…"
    assert first["full"] == long
    assert second["text"] == "保健礼盒"
