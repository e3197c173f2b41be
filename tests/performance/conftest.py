"""Fixtures of the points and commission tests: a department with two teams, finance."""

import pytest

from crm import roles
from tests.factories import TeamFactory


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


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
