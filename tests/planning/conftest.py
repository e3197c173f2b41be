"""An organisation for the plan and report tests.

销售部 (department, led by the sales manager 李娜)
├── 销售一组 (team, led by the supervisor 王芳): rep 张伟
└── 销售二组 (team, no supervisor): rep2 陈强
客服二部 (another department, led by manager2): rep3
"""

import pytest

from crm import roles
from tests.factories import TeamFactory
from tests.planning.factories import place


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="李", first_name="娜")


@pytest.fixture
def rep2(make_user):
    return make_user(roles.REP, username="rep2", last_name="陈", first_name="强")


@pytest.fixture
def manager2(make_user):
    return make_user(roles.SALES_MANAGER, username="manager2", last_name="赵", first_name="军")


@pytest.fixture
def rep3(make_user):
    return make_user(roles.REP, username="rep3", last_name="吴", first_name="磊")


@pytest.fixture
def gm(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


@pytest.fixture
def org(rep, rep2, rep3, supervisor, manager, manager2):
    department = TeamFactory(name="销售部", leader=manager)
    team1 = TeamFactory(name="销售一组", parent=department, leader=supervisor)
    team2 = TeamFactory(name="销售二组", parent=department)
    other = TeamFactory(name="客服二部", leader=manager2)
    place(manager, department)
    place(supervisor, team1)
    place(rep, team1)
    place(rep2, team2)
    place(manager2, other)
    place(rep3, other)
    return {"department": department, "team1": team1, "team2": team2, "other": other}
