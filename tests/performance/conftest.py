"""Fixtures of the points and commission tests: a department with two teams, finance."""

import pytest
from django.utils import translation

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from tests.factories import TeamFactory


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read messages in English; the Chinese catalogue is checked in tests/crm."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def department(manager, team):
    """销售部, led by the sales manager, holding the supervisor's team and another one."""
    dept = TeamFactory(name="销售部", leader=manager)
    team.parent = dept
    team.save()
    manager.staff.team = dept
    manager.staff.save()
    return dept


@pytest.fixture
def rep2(make_user, department):
    """A rep of the department's second team (no supervisor)."""
    other = TeamFactory(name="销售二组", parent=department)
    user = make_user(roles.REP, username="rep2", last_name="李", first_name="强")
    user.staff.team = other
    user.staff.save()
    return user


@pytest.fixture
def outsider(make_user):
    """A rep in a team of another department."""
    user = make_user(roles.REP, username="outsider", last_name="赵", first_name="六")
    user.staff.team = TeamFactory(name="外地组")
    user.staff.save()
    return user


@pytest.fixture
def finance(make_user):
    return make_user(roles.FINANCE, username="finance", last_name="郑", first_name="洁")


@pytest.fixture
def set_param():
    """set_param("performance.bonus_above", 110): an admin's value for one test."""
    keys = []

    def set_value(key: str, value) -> None:
        RuleParameter.objects.update_or_create(key=key, defaults={"value": str(value)})
        param_forget(key)
        keys.append(key)

    yield set_value
    for key in keys:
        param_forget(key)
