"""Two departments, each with a team, a rep and its own pool (POOL-9), beside the default."""

import pytest

from crm import roles
from pools.models import Pool
from tests.factories import TeamFactory


@pytest.fixture
def east(make_user):
    department = TeamFactory(name="华东事业部")
    team = TeamFactory(name="华东一组", parent=department)
    rep = make_user(roles.REP, username="east", last_name="王", first_name="东")
    rep.staff.team = team
    rep.staff.save()
    pool = Pool.objects.create(name="华东客户池", department=department)
    pool.member_teams.add(department)
    return pool, rep


@pytest.fixture
def west(make_user):
    department = TeamFactory(name="华西事业部")
    team = TeamFactory(name="华西一组", parent=department)
    rep = make_user(roles.REP, username="west", last_name="李", first_name="西")
    rep.staff.team = team
    rep.staff.save()
    pool = Pool.objects.create(name="华西客户池", department=department)
    pool.member_teams.add(team)
    return pool, rep


@pytest.fixture
def default_pool():
    return Pool.objects.get(is_default=True)
