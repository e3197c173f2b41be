"""The analysis pages as a manager uses them: overview, filters, bad input, query counts."""

import pytest
from django.urls import reverse

from analysis.selectors import PAGES
from tests.analysis.html import sections

pytestmark = pytest.mark.rule("REPORT-2")
OVERVIEW = reverse("analysis:overview")


def test_a_manager_opens_the_analysis_and_sees_charts_that_match_the_tables(shop, client_for):
    """The issue's acceptance: from the menu to the overview to a page with charts."""
    client = client_for(shop.manager)
    overview = client.get(OVERVIEW)
    html = overview.content.decode()
    for page in PAGES:
        assert reverse("analysis:page", args=[page.key]) in html
    assert overview.context["figures"]["sales"] == 77000
    response = client.get(reverse("analysis:page", args=["performance"]))
    page = response.content.decode()
    assert page.count("<svg") == 5
    found = sections(page)
    assert found["channel"].series("Confirmed sales") == found["channel"].column("Confirmed sales")
    assert found["channel"].column("Confirmed sales") == ["60000", "15000", "2000"]
    assert "Figures computed" in page


def test_the_page_says_the_figures_are_from_last_night(shop, client_for):
    page = client_for(shop.gm).get(reverse("analysis:page", args=["profile"])).content.decode()
    assert "They are recomputed every night" in page
    assert "23 Nov 2026, 09:30" in page


def test_before_the_first_run_the_page_says_so(people, client_for):
    response = client_for(people.gm).get(reverse("analysis:page", args=["performance"]))
    page = response.content.decode()
    assert "have not been computed yet" in page
    assert sections(page)["trend"].totals == ["0", "0"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-11", "end": "2026-01"}, "end", "cannot be before the first"),
        ({"start": "2023-01", "end": "2026-11"}, "start", "at most 36 months"),
        ({"start": "last year"}, "start", "Enter a month as YYYY-MM"),
        ({"by": "day"}, "by", "Select a valid choice"),
        ({"region": "999999"}, "region", "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_next_to_the_field(params, field, message, shop, client_for):
    response = client_for(shop.gm).get(reverse("analysis:page", args=["performance"]), params)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert response.context["report"] is None
    download = client_for(shop.gm).get(reverse("analysis:download", args=["performance"]), params)
    assert download.status_code == 400


def test_the_filters_are_kept_in_the_links_between_pages(shop, client_for):
    response = client_for(shop.gm).get(
        reverse("analysis:page", args=["pool"]),
        {"start": "2026-01", "end": "2026-06", "by": "week"},
    )
    html = response.content.decode()
    assert "/analysis/tiers/?start=2026-01&amp;end=2026-06&amp;by=week" in html
    assert "/analysis/pool/xlsx/?start=2026-01&amp;end=2026-06&amp;by=week" in html


# Session, user, permissions, teams, regions, the last run, the menu's roles, and the
# page's own queries over the figures (at most four). On PostgreSQL a query over every
# buyer first gives itself memory (SET LOCAL work_mem), in a savepoint within a test: three
# statements more.
PAGE_QUERIES = 12
BUYERS_QUERY_EXTRA = 3


@pytest.mark.parametrize("key", [page.key for page in PAGES])
def test_every_page_has_a_pinned_query_count(key, shop, client_for, django_assert_max_num_queries):
    from django.db import connection

    client = client_for(shop.manager)
    client.get(reverse("analysis:page", args=[key]))  # warm the parameter cache
    extra = BUYERS_QUERY_EXTRA if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(PAGE_QUERIES + extra):
        response = client.get(reverse("analysis:page", args=[key]), {"by": "week"})
    assert response.status_code == 200


def test_the_overview_has_a_pinned_query_count(shop, client_for, django_assert_max_num_queries):
    client = client_for(shop.gm)
    # (the general manager's session carries its second factor: one query for it, SEC-5)
    with django_assert_max_num_queries(11):
        assert client.get(OVERVIEW).status_code == 200


def test_the_figures_stay_as_computed_until_the_next_run(shop, client_for, frozen_now):
    """Today's payments appear after the nightly job, not before (the page says so)."""
    from analysis.services import analysis_refresh
    from tests.analysis.factories import sell

    client = client_for(shop.gm)
    url = reverse("analysis:page", args=["performance"])
    assert sections(client.get(url).content.decode())["trend"].totals[0] == "177000"
    sell(
        customer=shop.c2,
        rep=shop.rep2,
        finance=shop.finance,
        lines=[("保健礼盒", 1, "1000")],
        payments=[("1000", "2026-11-23")],
    )
    assert sections(client.get(url).content.decode())["trend"].totals[0] == "177000"
    analysis_refresh(now=frozen_now)
    assert sections(client.get(url).content.decode())["trend"].totals[0] == "178000"
