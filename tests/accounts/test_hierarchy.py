"""Issue 13, item 5: who may manage whom. A manager manages the people of their department
below them; nobody but an admin touches the general manager or an admin; marking someone
leaving or left, and handing over what they hold, need both the write permission and that
place in the hierarchy, and a person outside it answers 404 like a missing one."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from crm import roles
from crm.models import StaffStatus
from crm.selectors import staff_managed_by, staff_may_manage
from pools.handover import handover_mark_leaving, handover_mark_left
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_user):
    """销售部 (manager) ⊃ 销售一组 (supervisor, rep) and 销售二组 (rep2); 客服部 (service
    manager, doctor); a finance officer, the general manager and an admin outside them."""
    people = {
        "manager": make_user(roles.SALES_MANAGER, username="m"),
        "supervisor": make_user(roles.SUPERVISOR, username="s"),
        "rep": make_user(roles.REP, username="r1"),
        "rep2": make_user(roles.REP, username="r2"),
        "service": make_user(roles.SERVICE_MANAGER, username="sv"),
        "doctor": make_user(roles.SERVICE_DOCTOR, username="d"),
        "finance": make_user(roles.FINANCE, username="f"),
        "gm": make_user(roles.GENERAL_MANAGER, username="gm"),
        "admin": make_user(roles.ADMIN, username="a", is_staff=True),
        "other_manager": make_user(roles.SALES_MANAGER, username="m2"),
    }
    sales = TeamFactory(name="销售部", leader=people["manager"])
    one = TeamFactory(name="销售一组", parent=sales, leader=people["supervisor"])
    two = TeamFactory(name="销售二组", parent=sales)
    care = TeamFactory(name="客服部", leader=people["service"])
    other = TeamFactory(name="销售三部", leader=people["other_manager"])
    for name, team in (
        ("manager", sales),
        ("supervisor", one),
        ("rep", one),
        ("rep2", two),
        ("service", care),
        ("doctor", care),
        ("other_manager", other),
    ):
        people[name].staff.team = team
        people[name].staff.save()
    return people


EXPECTED = {
    "manager": {"supervisor", "rep", "rep2"},
    "supervisor": {"rep"},
    "service": {"doctor"},
    "other_manager": set(),
    "rep": set(),
    "finance": set(),
    "gm": {"manager", "supervisor", "rep", "rep2", "service", "doctor", "finance", "other_manager"},
    "admin": {
        "manager",
        "supervisor",
        "rep",
        "rep2",
        "service",
        "doctor",
        "finance",
        "gm",
        "other_manager",
    },
}


@pytest.mark.parametrize("actor", list(EXPECTED))
def test_who_manages_whom(org, actor):
    names = {user.pk: name for name, user in org.items()}
    managed = {
        names[pk]
        for pk in staff_managed_by(actor=org[actor]).values_list("pk", flat=True)
        if pk in names
    }
    assert managed == EXPECTED[actor]
    for name, user in org.items():
        assert staff_may_manage(actor=org[actor], target=user) == (name in EXPECTED[actor])


def test_a_manager_cannot_mark_the_general_manager_or_finance_leaving(org, frozen_now):
    for target in ("gm", "finance", "service", "admin", "other_manager"):
        with pytest.raises(PermissionDenied):
            handover_mark_leaving(user=org[target], by=org["manager"], now=frozen_now)
        with pytest.raises(PermissionDenied):
            handover_mark_left(user=org[target], by=org["manager"], now=frozen_now)
    handover_mark_leaving(user=org["rep2"], by=org["manager"], now=frozen_now)
    org["rep2"].staff.refresh_from_db()
    assert org["rep2"].staff.status == StaffStatus.LEAVING


def test_the_pages_answer_404_above_or_beside_the_manager(org, client_for):
    client = client_for(org["manager"])
    missing = 999_999
    for target in ("gm", "finance", "service", "admin", "other_manager"):
        pk = org[target].pk
        for name in ("handover_leaving", "handover_left"):
            assert client.post(reverse(f"pools:{name}", args=[pk])).status_code == 404
            assert client.post(reverse(f"pools:{name}", args=[missing])).status_code == 404
        assert client.get(reverse("pools:handover_detail", args=[pk])).status_code == 404
    org["gm"].refresh_from_db()
    assert org["gm"].is_active
    assert org["gm"].staff.status == StaffStatus.ACTIVE
    assert client.post(reverse("pools:handover_leaving", args=[org["rep"].pk])).status_code == 302
    assert client.post(reverse("pools:handover_left", args=[org["rep"].pk])).status_code == 302
    org["rep"].refresh_from_db()
    assert not org["rep"].is_active


def test_the_leavers_list_shows_only_the_managers_people(org, client_for):
    for name in ("rep2", "doctor", "finance"):
        org[name].staff.status = StaffStatus.LEAVING
        org[name].staff.save()
    page = client_for(org["manager"]).get(reverse("pools:handover_list"))
    shown = {row.pk for row in page.context["page"].object_list}
    assert shown == {org["rep2"].pk}
