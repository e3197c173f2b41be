"""The roles of RULES.md exist as groups, made by migration, with their permissions."""

import pytest
from django.contrib.auth.models import Group

from crm import roles
from crm.roles import ROLES, all_roles, sync_roles
from crm.selectors import user_roles

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.code for r in ROLES}
    assert {r.code for r in ROLES} == {
        "rep",
        "telesales",
        "supervisor",
        "sales_manager",
        "service_doctor",
        "service_manager",
        "finance",
        "general_manager",
        "admin",
    }


def test_each_group_holds_exactly_its_declared_permissions():
    for role in all_roles():
        group = Group.objects.get(name=role.code)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(role.permissions), role.code


def test_syncing_roles_twice_changes_nothing():
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    sync_roles()
    sync_roles()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after


def test_a_person_may_hold_several_roles(make_user):
    user = make_user(roles.SUPERVISOR, roles.SERVICE_DOCTOR)
    assert user_roles(user=user) == [roles.SUPERVISOR, roles.SERVICE_DOCTOR]


def test_a_superuser_counts_as_admin(make_user):
    user = make_user(is_superuser=True, is_staff=True)
    assert user_roles(user=user) == [roles.ADMIN]


def test_a_rep_cannot_see_team_members_but_a_supervisor_can(rep, supervisor):
    assert not rep.has_perm("crm.view_team_members")
    assert supervisor.has_perm("crm.view_team_members")
