"""Every analysis downloads as .xlsx with the numbers of its tables (REPORT-2, SEAL-2)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analysis.selectors import PAGES
from customers.models import ExportLog
from tests.deals.factories import grant

pytestmark = pytest.mark.rule("REPORT-2")


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def rows_after_header(sheet, header: str) -> list[tuple]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == header)
    return rows[start:]


def test_the_performance_workbook_has_a_sheet_per_table_with_the_same_numbers(shop, client_for):
    response = client_for(shop.gm).get(reverse("analysis:download", args=["performance"]))
    assert 'filename="analysis-performance-202512-202611.xlsx"' in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == [
        "Confirmed sales over time",
        "By product",
        "By channel (information source)",
        "By region",
        "By team",
    ]
    channel = rows_after_header(book["By channel (information source)"], "Information source")
    assert channel[0] == ("Information source", "Confirmed sales", "Share")
    assert channel[1][:2] == ("Media or web", 100000)
    assert channel[1][2] == pytest.approx(0.565)  # 56.5 %, a percentage cell
    assert channel[-1][:2] == ("Total", 177000)
    trend = rows_after_header(book["Confirmed sales over time"], "Period")
    assert ("2026-10", 40000, 2) in trend
    header = list(book["By region"].iter_rows(values_only=True))
    assert ("Period", "2025-12 – 2026-11") in [row[:2] for row in header]


def test_the_workbook_follows_the_filters(shop, client_for):
    response = client_for(shop.gm).get(
        reverse("analysis:download", args=["performance"]), {"team": shop.team1.pk}
    )
    book = workbook(response)
    trend = rows_after_header(book["Confirmed sales over time"], "Period")
    assert trend[-1] == ("Total", 62000, 3)
    assert ("Team", "一组") in [row[:2] for row in book["By team"].iter_rows(values_only=True)]


def test_a_manager_downloads_only_their_department(shop, client_for):
    book = workbook(client_for(shop.manager).get(reverse("analysis:download", args=["pool"])))
    trend = rows_after_header(book["In, out and claimed"], "Period")
    assert trend[-1] == ("Total", 2, 1, 1)


@pytest.mark.parametrize("key", [page.key for page in PAGES if page.key != "profitability"])
def test_every_analysis_downloads(key, shop, client_for):
    book = workbook(client_for(shop.gm).get(reverse("analysis:download", args=[key])))
    assert book.sheetnames


def test_names_are_written_as_text_never_as_formulas(shop, client_for):
    from deals.models import DealLine

    DealLine.objects.filter(product="按摩椅").update(product="=HYPERLINK(1)")
    from analysis.services import analysis_refresh

    analysis_refresh(now=shop.run.started_at)
    book = workbook(client_for(shop.gm).get(reverse("analysis:download", args=["products"])))
    cells = [c for row in book["Share of each product"].iter_rows() for c in row]
    formula = next(c for c in cells if c.value == "=HYPERLINK(1)")
    assert formula.data_type == "s"


@pytest.mark.rule("REPORT-2", "SEAL-2")
def test_the_top_customers_download_is_a_logged_export_that_needs_permission(
    shop, client_for, make_user
):
    book = workbook(client_for(shop.gm).get(reverse("analysis:download", args=["profitability"])))
    top = rows_after_header(book[book.sheetnames[0]], "Customer")
    assert top[1][:2] == ("1. 丙客户", 100000)
    assert top[1][2:] == (pytest.approx(0.565), pytest.approx(0.565))
    log = ExportLog.objects.get()
    assert log.user == shop.gm
    assert log.filters["analysis"] == "profitability"
    assert log.row_count == 8  # four customers and four bands

    # A supervisor sees the table on the page (their team's customers) but may not export.
    client = client_for(shop.supervisor)
    page = client.get(reverse("analysis:page", args=["profitability"])).content.decode()
    assert "甲客户" in page
    assert reverse("analysis:download", args=["profitability"]) not in page
    assert client.get(reverse("analysis:download", args=["profitability"])).status_code == 403
    assert ExportLog.objects.count() == 1
    grant(shop.supervisor, "customers.export_customers")
    assert client.get(reverse("analysis:download", args=["profitability"])).status_code == 200
    assert ExportLog.objects.count() == 2
