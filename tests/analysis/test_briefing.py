"""The sales briefing (WORK-3) heading the manager's and the general manager's dashboard.

Time is frozen on Monday 2026-11-23 09:30: this month is November, last month October. The
nightly figures are computed at 01:00; what finance confirms after that is added live.
"""

import re

import pytest
from django.urls import reverse

from analysis.selectors.briefing import briefing_view_data
from analysis.services import analysis_refresh
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.analysis.factories import at, customer, sell

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-3")]

DASHBOARD = reverse("dashboard")
BRIEFING = reverse("analysis:briefing")


def figures(html: str) -> dict[str, tuple[str, str]]:
    """{figure key: (current, previous)} as the page's data attributes carry them."""
    return {
        key: (now, before)
        for key, now, before in re.findall(
            r'data-figure="(\w+)" data-current="([^"]*)" data-previous="([^"]*)"', html
        )
    }


@pytest.fixture
def month(people, frozen_now):
    p = people
    c1 = customer("甲客户", created="2026-09-01", owner=p.rep, first_collector=p.rep)
    c2 = customer("乙客户", created="2026-11-02", owner=p.rep2, first_collector=p.rep2)
    c3 = customer("丙客户", created="2026-11-03", owner=p.rep3, first_collector=p.rep3)
    sell(
        customer=c1,
        rep=p.rep,
        finance=p.finance,
        lines=[("理疗仪", 1, "13000")],
        payments=[("10000", "2026-10-20"), ("3000", "2026-11-05")],
    )
    sell(
        customer=c3,
        rep=p.rep3,
        finance=p.finance,
        lines=[("理疗仪", 1, "50000")],
        payments=[("50000", "2026-11-10")],
    )
    # A deal of September, unpaid (finance has not confirmed its ¥2,000): due in October.
    sell(
        customer=c2,
        rep=p.rep2,
        finance=p.finance,
        lines=[("按摩椅", 1, "8000")],
        payments=[],
        pending=[("2000", "2026-09-15")],
    )
    ownership_set(customer=c1, owner=None, reason=OwnershipReason.RELEASE, now=at("2026-10-12"))
    ownership_set(customer=c1, owner=p.rep, reason=OwnershipReason.CLAIM, now=at("2026-11-04"))
    analysis_refresh(now=at("2026-11-23", 1))
    # After the nightly run: rep2's ¥2,000 received and confirmed this morning.
    sell(
        customer=c2,
        rep=p.rep2,
        finance=p.finance,
        lines=[("保健礼盒", 1, "2000")],
        payments=[("2000", "2026-11-23")],
    )
    return p


def test_the_briefing_heads_the_managers_dashboard_with_this_month_beside_last(client_for, month):
    html = client_for(month.manager).get(DASHBOARD).content.decode()
    first_panel = re.search(r'data-panel="(\w+)"', html).group(1)
    assert first_panel == "briefing"
    shown = figures(html)
    # The department (一组 and 二组): ¥3,000 + ¥2,000 confirmed since the night; not 三组.
    assert shown["sales"] == ("5000.00", "10000.00")
    assert shown["new_customers"] == ("1", "0")
    assert shown["pool_in"] == ("0", "1")
    assert shown["pool_out"] == ("1", "0")
    # rep2's deal of September: ¥8,000 owed (its ¥2,000 awaits finance), due in October.
    assert shown["receivables_overdue"] == ("8000.00", "8000.00")
    assert shown["receivables_due"] == ("0.00", "8000.00")
    assert "Confirmed sales" in html
    assert "last month" in html


def test_a_payment_confirmed_after_the_nightly_run_counts_at_once(month):
    data = briefing_view_data(user=month.manager, now=at("2026-11-23", 10), scope="department")
    sales = next(f for f in data["figures"] if f.key == "sales")
    assert (sales.current, sales.previous) == (5000, 10000)
    assert sales.trend == "worse"
    assert data["run"] is not None


def test_the_scope_selector_narrows_and_widens_the_figures(client_for, month):
    manager = client_for(month.manager)
    own = figures(manager.get(BRIEFING, {"scope": "own"}).content.decode())
    assert own["sales"] == ("0.00", "0.00")
    # A scope the user may not choose falls back to their widest.
    assert figures(manager.get(BRIEFING, {"scope": "all"}).content.decode())["sales"][0] == (
        "5000.00"
    )
    gm = figures(client_for(month.gm).get(BRIEFING, {"scope": "all"}).content.decode())
    assert gm["sales"] == ("55000.00", "10000.00")


def test_the_supervisor_sees_their_team_and_the_rep_own_figures(month):
    team = briefing_view_data(user=month.supervisor, now=at("2026-11-23", 10), scope="team")
    assert team["scope"] == "team"
    assert next(f for f in team["figures"] if f.key == "sales").current == 3000
    rep_own = briefing_view_data(user=month.rep2, now=at("2026-11-23", 10), scope="own")
    assert rep_own is None  # reps have no analysis, hence no briefing


def test_the_briefing_answers_htmx_with_the_panel_alone(client_for, month):
    response = client_for(month.manager).get(BRIEFING, {"scope": "own"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="briefing"' in html
    assert re.search(r'data-scope="own" class="is-current" aria-current="true"', html)


def test_a_rep_has_no_briefing(client_for, month):
    client = client_for(month.rep)
    assert client.get(BRIEFING).status_code == 403
    assert 'data-panel="briefing"' not in client.get(DASHBOARD).content.decode()


def test_the_chart_draws_the_sales_of_six_months(client_for, month):
    html = client_for(month.gm).get(DASHBOARD).content.decode()
    assert 'data-chart="chart-briefing-sales"' in html
    assert 'data-value="¥55,000.00"' in html or "55,000" in html


def test_the_dashboard_with_the_briefing_takes_few_queries(
    client_for, month, django_assert_max_num_queries
):
    client = client_for(month.manager)
    # The briefing: about forty small sums over the nightly figures and today's records.
    with django_assert_max_num_queries(65):
        client.get(DASHBOARD)
