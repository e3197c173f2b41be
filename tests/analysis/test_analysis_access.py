"""Who opens the analysis (REPORT-2, SEAL-2): managers their department, supervisors their
team, the general manager and admins everything; nobody else."""

import pytest
from django.urls import reverse

from crm import roles
from crm.navigation import nav_for
from tests.analysis.html import sections

pytestmark = pytest.mark.rule("REPORT-2", "SEAL-2")
OVERVIEW = reverse("analysis:overview")


def performance(client, **params):
    response = client.get(reverse("analysis:page", args=["performance"]), params)
    assert response.status_code == 200
    return sections(response.content.decode())


@pytest.mark.parametrize(
    "role", [roles.REP, roles.TELESALES, roles.SERVICE_DOCTOR, roles.SERVICE_MANAGER, roles.FINANCE]
)
def test_who_does_not_manage_cannot_open_the_analysis(role, make_user, client_for):
    client = client_for(make_user(role, username=f"no-{role}"))
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(reverse("analysis:page", args=["performance"])).status_code == 403
    assert client.get(reverse("analysis:download", args=["performance"])).status_code == 403


def test_a_rep_has_no_analysis_in_the_menu_and_a_manager_has(people):
    assert "analysis" not in {item["key"] for item in nav_for(user=people.rep)}
    assert "analysis" in {item["key"] for item in nav_for(user=people.manager)}


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in(client, db):
    response = client.get(OVERVIEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_analysis_is_not_found(people, client_for):
    assert client_for(people.gm).get("/analysis/nothing/").status_code == 404


def test_the_general_manager_sees_every_team(shop, client_for):
    found = performance(client_for(shop.gm))
    assert found["trend"].totals[0] == "177000"


def test_a_sales_manager_sees_only_their_department(shop, client_for):
    client = client_for(shop.manager)
    found = performance(client)
    # 一组 and 二组 closed ¥62,000 and ¥15,000; 三组 of the other department ¥100,000.
    assert found["trend"].totals[0] == "77000"
    assert found["team"].labels == ["一组", "二组"]
    page = client.get(reverse("analysis:page", args=["profitability"])).content.decode()
    assert "丙客户" not in page
    options = client.get(OVERVIEW).context["form"].fields["team"].choices
    assert [label.strip("\u00a0") for _value, label in options[1:]] == ["销售部", "一组", "二组"]


def test_the_other_department_sees_its_own_figures(shop, client_for):
    found = performance(client_for(shop.other_manager))
    assert found["trend"].totals[0] == "100000"


def test_a_supervisor_sees_only_the_team_they_lead(shop, client_for):
    client = client_for(shop.supervisor)
    found = performance(client)
    assert found["trend"].totals[0] == "62000"
    profile = sections(client.get(reverse("analysis:page", args=["profile"])).content.decode())
    assert profile["source"].totals[0] == "1"


def test_a_manager_cannot_choose_a_team_outside_the_department(shop, client_for):
    client = client_for(shop.manager)
    response = client.get(reverse("analysis:page", args=["performance"]), {"team": shop.team3.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["team"]
    assert response.context["report"] is None
    assert "Select a valid choice" in response.content.decode()


def test_a_manager_narrows_the_department_to_one_team(shop, client_for):
    found = performance(client_for(shop.manager), team=shop.team2.pk)
    assert found["trend"].totals[0] == "15000"


def test_choosing_a_department_includes_its_teams(shop, client_for):
    found = performance(client_for(shop.gm), team=shop.department.pk)
    assert found["trend"].totals[0] == "77000"


def test_a_manager_who_leads_no_team_is_told_so(make_user, client_for, db):
    manager = make_user(roles.SALES_MANAGER, username="lonely")
    response = client_for(manager).get(reverse("analysis:page", args=["profile"]))
    assert response.status_code == 200
    assert "You lead no team yet" in response.content.decode()
    assert response.context["report"] is None


def test_an_admin_sees_everything_and_may_recompute(shop, client_for, admin_user):
    client = client_for(admin_user)
    assert performance(client)["trend"].totals[0] == "177000"
    response = client.post(reverse("analysis:refresh"), follow=True)
    assert response.status_code == 200
    assert "being recomputed" in response.content.decode()


def test_a_manager_may_not_recompute(shop, client_for):
    assert client_for(shop.manager).post(reverse("analysis:refresh")).status_code == 403
