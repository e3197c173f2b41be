"""Fixtures of the telesales tests: a telesales rep in the supervisor's team, others."""

import pytest

from crm import roles
from tests.factories import TeamFactory


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture
def seller(make_user, team):
    """孙丽, telesales rep of 销售一组 (led by the `supervisor` fixture)."""
    user = make_user(roles.TELESALES, username="sunli", last_name="孙", first_name="丽")
    user.staff.team = team
    user.staff.save()
    return user


@pytest.fixture
def other_seller(make_user):
    """A telesales rep of another team, with a supervisor of their own."""
    boss = make_user(roles.SUPERVISOR, username="boss2", last_name="钱", first_name="进")
    other_team = TeamFactory(name="电销二组", leader=boss)
    user = make_user(roles.TELESALES, username="zhouqi", last_name="周", first_name="琪")
    user.staff.team = other_team
    user.staff.save()
    for member in (boss,):
        member.staff.team = other_team
        member.staff.save()
    return user


@pytest.fixture
def other_supervisor(other_seller):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="boss2")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")
