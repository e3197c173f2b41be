"""Each analysis of REPORT-2 with the numbers a manager would check by hand (see conftest's
data set: ¥177,000 confirmed in the period, five customers recorded, three pool moves in)."""

import pytest
from django.urls import reverse

from tests.analysis.html import sections

pytestmark = pytest.mark.rule("REPORT-2")


def page(client, key, **params):
    response = client.get(reverse("analysis:page", args=[key]), params)
    assert response.status_code == 200
    return sections(response.content.decode()), response


def test_the_profile_counts_the_customers_recorded_in_the_period(shop, client_for):
    found, response = page(client_for(shop.gm), "profile")
    assert found["source"].labels == ["Event", "Media or web", "Not recorded", "Referral"]
    assert found["source"].column("Customers") == ["2", "1", "1", "1"]
    assert found["source"].totals == ["5", "100"]
    assert found["source"].row("Event") == {"Customers": "2", "Share": "40"}
    assert found["tier"].labels == ["Special VIP", "A", "C", "No tier (no deal yet)"]
    assert found["tier"].column("Customers") == ["1", "1", "1", "2"]
    assert found["kind"].row("Organisation")["Customers"] == "1"
    assert found["region"].row("北区")["Customers"] == "2"
    assert found["region"].row("No region")["Customers"] == "1"
    assert "Customers recorded" in response.content.decode()


def test_the_profile_follows_the_period_and_region_filters(shop, client_for):
    client = client_for(shop.gm)
    found, _response = page(client, "profile", start="2026-09", end="2026-10")
    assert found["source"].totals[0] == "2"
    north = shop.north.pk
    found, _response = page(client, "profile", region=north)
    # 北区 and the 北区一片 below it: c1, c3 and c6.
    assert found["source"].totals[0] == "3"
    assert set(found["region"].labels) == {"北区", "北区一片"}


def test_loyalty_tells_first_time_from_repeat_buyers(shop, client_for):
    found, response = page(client_for(shop.gm), "loyalty")
    buyers = found["buyers"]
    assert buyers.row("2026-10") == {
        "Buyers": "2",
        "First-time buyers": "1",
        "Returning buyers": "1",
    }
    assert buyers.row("2026-03") == {
        "Buyers": "1",
        "First-time buyers": "0",
        "Returning buyers": "1",
    }
    assert buyers.row("2026-08")["First-time buyers"] == "1"
    # Over the period: c1, c2, c3 and c5; c1, c2 and c3 bought for the first time; c1, c2
    # and c5 bought again after an earlier month.
    figures = response.context["report"].figures
    assert [(str(f.label), str(f.value)) for f in figures] == [
        ("Buyers", "4"),
        ("First-time buyers", "3"),
        ("Repeat buyers", "3"),
        ("Repeat rate", "75.0"),
    ]


def test_loyalty_counts_who_stopped_buying_or_returned_to_the_pool(shop, client_for):
    found, _response = page(client_for(shop.gm), "loyalty")
    churn = found["churn"]
    assert churn.row("2026-06")["Stopped buying"] == "1"
    assert churn.row("2026-07")["No first deal"] == "1"
    assert churn.row("2026-04")["Released by the owner"] == "1"
    assert churn.totals == ["1", "1", "1", "3"]


def test_profitability_ranks_customers_by_confirmed_amount_with_their_share(shop, client_for):
    found, response = page(client_for(shop.gm), "profitability")
    top = found["top"]
    assert top.labels == ["1. 丙客户", "2. 甲客户", "3. 乙客户", "4. 戊客户"]
    assert top.column("Confirmed amount") == ["100000", "60000", "15000", "2000"]
    assert top.column("Share of sales") == ["56.5", "33.9", "8.5", "1.1"]
    assert top.column("Cumulative share") == ["56.5", "90.4", "98.9", "100"]
    bands = found["bands"]
    assert bands.column("Buyers") == ["1", "1", "0", "2"]
    assert bands.column("Confirmed amount") == ["100000", "60000", "0", "17000"]
    assert bands.totals[:2] == ["4", "177000"]
    html = response.content.decode()
    assert reverse("customers:customer_detail", args=[shop.c3.pk]) in html
    # The ¥5,000 waiting for finance counts nowhere (DEAL-1); neither does c7's refund.
    assert "庚客户" not in html


def test_performance_splits_the_same_sales_by_product_channel_region_and_team(shop, client_for):
    found, response = page(client_for(shop.gm), "performance")
    trend = found["trend"]
    assert trend.row("2026-10") == {"Confirmed sales": "40000", "Confirmed payments": "2"}
    assert trend.totals == ["177000", "6"]
    assert found["product"].column("Confirmed sales") == ["140000", "35000", "2000"]
    assert found["product"].labels == ["理疗仪", "保健礼盒", "按摩椅"]
    assert found["channel"].labels == ["Media or web", "Event", "Referral", "Telesales"]
    assert found["channel"].column("Confirmed sales") == ["100000", "60000", "15000", "2000"]
    assert found["region"].labels == ["北区", "北区一片", "南区"]
    assert found["region"].column("Confirmed sales") == ["100000", "60000", "17000"]
    # A sale counts for the team of the rep who closed it: c5's ¥2,000 for 一组.
    assert found["team"].labels == ["三组", "一组", "二组"]
    assert found["team"].column("Confirmed sales") == ["100000", "62000", "15000"]
    for key in ("product", "channel", "region", "team"):
        assert found[key].totals[0] == "177000"


def test_performance_by_week_puts_each_payment_in_its_monday_week(shop, client_for):
    found, _response = page(client_for(shop.gm), "performance", by="week")
    trend = found["trend"]
    assert trend.row("2026-10-05")["Confirmed sales"] == "10000"
    assert trend.row("2026-10-19")["Confirmed sales"] == "30000"
    assert trend.labels[0] == "2025-12-01"
    assert trend.totals[0] == "177000"


def test_prospecting_counts_new_customers_and_surveys_for_the_collectors_team(shop, client_for):
    found, _response = page(client_for(shop.gm), "prospecting")
    trend = found["trend"]
    assert trend.row("2026-01") == {"New customers": "1", "Surveys collected": "1"}
    assert trend.row("2026-11") == {"New customers": "1", "Surveys collected": "0"}
    assert trend.totals == ["5", "4"]
    teams = found["teams"]
    assert teams.row("一组") == {"New customers": "2", "Surveys collected": "2"}
    # c4 was recorded by the manager, who belongs to the department itself.
    assert teams.row("销售部") == {"New customers": "1", "Surveys collected": "0"}


def test_the_product_mix_gives_each_products_share_and_moves_by_month(shop, client_for):
    found, response = page(client_for(shop.gm), "products")
    assert found["mix"].column("Share") == ["79.1", "19.8", "1.1"]
    assert found["monthly"].row("2026-10") == {
        "理疗仪": "25000",
        "保健礼盒": "15000",
        "按摩椅": "0",
    }


def test_promotion_shows_what_each_campaign_and_event_brought(shop, client_for):
    found, _response = page(client_for(shop.gm), "promotion")
    campaigns = found["campaigns"]
    love, talk = str(shop.love), str(shop.talk)
    assert campaigns.labels == sorted([love, talk])
    assert campaigns.row(love) == {
        "Surveys collected": "2",
        "New customers": "2",
        "Buyers": "2",
        "Confirmed sales": "75000",
    }
    assert campaigns.row(talk)["Confirmed sales"] == "100000"
    events = found["events"]
    # Within 30 days of 2026-09-10: c1's ¥30,000 of 09-15 and c2's ¥10,000 of 10-08, not
    # c1's ¥30,000 of 10-20.
    assert events.row("秋季联谊会 (2026-09-10)") == {
        "Attendees": "2",
        "Bought at the event": "1",
        "Confirmed sales": "40000",
    }


def test_the_event_window_is_a_parameter(shop, client_for, frozen_now):
    from analysis.services import analysis_refresh
    from crm.models import RuleParameter
    from crm.parameters import param_forget

    RuleParameter.objects.create(key="analysis.event_sales_days", value="60")
    param_forget("analysis.event_sales_days")
    analysis_refresh(now=frozen_now)
    found, _response = page(client_for(shop.gm), "promotion")
    # Now also c1's ¥30,000 of 10-20 and c2's ¥5,000 of 11-02.
    assert found["events"].column("Confirmed sales") == ["75000"]
    param_forget("analysis.event_sales_days")


def test_pool_flows_count_in_out_and_claimed_per_period(shop, client_for):
    found, response = page(client_for(shop.gm), "pool")
    trend = found["trend"]
    assert trend.row("2026-07") == {"Into the pool": "1", "Out of the pool": "1", "Claimed": "1"}
    assert trend.row("2026-05") == {"Into the pool": "0", "Out of the pool": "1", "Claimed": "0"}
    assert trend.totals == ["3", "2", "1"]
    reasons = found["reasons"]
    assert reasons.row("Released to the pool")["Customers"] == "1"
    assert reasons.row("Claimed from the pool")["Customers"] == "1"
    assert reasons.row("Referral")["Customers"] == "1"
    # A new customer's first owner is not a move out of the pool.
    assert reasons.row("Assigned by the sales manager")["Customers"] == "0"
    assert response.context["report"].table("reasons").rows[0][1] == "Into the pool"


def test_tier_movements_count_up_down_and_first_tiers(shop, client_for):
    found, _response = page(client_for(shop.gm), "tiers")
    trend = found["trend"]
    assert trend.row("2026-10") == {"Moved up": "1", "Moved down": "0", "First tier": "1"}
    # c7's refund took it from B back to C.
    assert trend.row("2026-02") == {"Moved up": "0", "Moved down": "1", "First tier": "0"}
    assert trend.totals == ["1", "1", "3"]
    matrix = found["matrix"]
    assert matrix.row("B") == {"VIP": "0", "Special VIP": "0", "A": "1", "B": "0", "C": "1"}
    assert matrix.row("No tier yet")["Special VIP"] == "1"


def test_figures_before_the_period_stay_out(shop, client_for):
    """c5's ¥8,000 of October 2025 and c7's first tier are older than the period."""
    found, _response = page(client_for(shop.gm), "performance", start="2025-10", end="2025-11")
    assert found["trend"].totals == ["8000", "1"]
    found, _response = page(client_for(shop.gm), "tiers", start="2025-10", end="2025-11")
    assert found["trend"].totals == ["0", "0", "2"]
