"""Who sees what in telesales; the menu, the dashboard panel, the admin and the demo."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from crm import roles
from telesales.models import Call, CallPlan, CallReport, Grade, Prospect
from telesales.selectors.scope import calls_for, prospects_for
from tests.telesales.factories import log

pytestmark = pytest.mark.django_db

PAGES = (
    "telesales:call_desk",
    "telesales:call_list",
    "telesales:prospect_list",
    "telesales:report_list",
    "telesales:plan_list",
    "telesales:pay_list",
)


@pytest.mark.rule("SEAL-2", "TEL-1")
def test_a_rep_sees_own_calls_a_supervisor_the_teams_managers_all(
    seller, other_seller, supervisor, other_supervisor, manager, make_user, frozen_now
):
    mine = log(seller)
    theirs = log(other_seller, organisation="别人的公司", phone="01082318888")
    gm = make_user(roles.GENERAL_MANAGER)
    assert list(calls_for(user=seller)) == [mine]
    assert list(calls_for(user=supervisor)) == [mine]
    assert list(calls_for(user=other_supervisor)) == [theirs]
    assert set(calls_for(user=manager)) == {mine, theirs}
    assert set(calls_for(user=gm)) == {mine, theirs}


@pytest.mark.rule("SEAL-2", "TEL-4")
def test_another_reps_prospect_answers_404(client_for, seller, other_seller, rep, frozen_now):
    prospect = log(seller).prospect
    url = reverse("telesales:prospect_detail", args=[prospect.pk])
    assert client_for(seller).get(url).status_code == 200
    assert client_for(other_seller).get(url).status_code == 404
    assert client_for(rep).get(url).status_code == 404  # a field rep not asked to visit
    assert prospects_for(user=other_seller).count() == 0


@pytest.mark.parametrize("role", [roles.SERVICE_DOCTOR, roles.SERVICE_MANAGER, roles.REP])
def test_roles_outside_telesales_get_404_on_its_pages(client_for, make_user, role):
    client = client_for(make_user(role))
    for name in PAGES:
        if role == roles.REP and name == "telesales:prospect_list":
            continue  # field reps see the prospects they are asked to visit
        assert client.get(reverse(name)).status_code == 404, name


def test_leaders_open_every_page(client_for, supervisor, manager, make_user, frozen_now):
    gm = make_user(roles.GENERAL_MANAGER)
    for user in (supervisor, manager, gm):
        client = client_for(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 200, (user, name)


def test_the_menu_has_the_telesales_entries_for_those_who_use_them(
    client_for, seller, rep, make_user
):
    def keys(user):
        response = client_for(user).get(reverse("dashboard"))
        return [item["key"] for item in response.context["nav_items"]]

    assert {"telesales", "prospects"} <= set(keys(seller))
    assert "telesales" not in keys(rep)
    assert "prospects" in keys(rep)
    doctor = keys(make_user(roles.SERVICE_DOCTOR))
    assert "telesales" not in doctor
    assert "prospects" not in doctor


@pytest.mark.rule("TEL-1")
def test_the_dashboard_shows_todays_calls_and_valid_calls_in_two_queries(
    client_for, seller, frozen_now, django_assert_max_num_queries
):
    from crm.dashboard import all_panels

    log(seller)
    log(seller, organisation="顺达物流", phone="01082310002", headcount=None)
    log(seller, organisation="昨天", phone="01082310003", now=frozen_now - dt.timedelta(days=1))
    panel = next(p for p in all_panels() if p.key == "calls")
    with django_assert_max_num_queries(1):
        figures = panel.figures(user=seller, now=frozen_now)
    assert (figures["count"], figures["valid"]) == (2, 1)
    page = client_for(seller).get(reverse("dashboard")).content.decode()
    assert 'data-panel="calls"' in page
    assert "1 valid call" in page


def test_the_admin_lists_telesales_records_read_only(client_for, make_user, seller, frozen_now):
    log(seller)
    admin = make_user(roles.ADMIN, is_staff=True)
    client = client_for(admin)
    for model in ("prospect", "call", "callreport", "callplan"):
        assert client.get(reverse(f"admin:telesales_{model}_changelist")).status_code == 200
    call = Call.objects.get()
    page = client.get(reverse("admin:telesales_call_change", args=[call.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_the_demo_gives_the_telesales_user_a_few_days_of_calls_and_loads_once(frozen_now):
    call_command("load_demo")
    counts = (
        Call.objects.count(),
        Prospect.objects.count(),
        CallReport.objects.count(),
        CallPlan.objects.count(),
    )
    days = {c.called_at.date() for c in Call.objects.filter(rep__username="telesales")}
    assert len(days) >= 3
    assert Call.objects.filter(is_valid=False).exists()
    assert Prospect.objects.filter(grade=Grade.A, customer__isnull=False).exists()
    assert CallPlan.objects.filter(reviewed_at__isnull=False).exists()
    call_command("load_demo")
    assert (
        Call.objects.count(),
        Prospect.objects.count(),
        CallReport.objects.count(),
        CallPlan.objects.count(),
    ) == counts
