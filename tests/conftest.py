import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.utils import translation

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from tests.factories import PASSWORD, TeamFactory, UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# Tests that need "now" pin it here: a Monday morning in Shanghai.
CURRENT_TIME = dt.datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def frozen_now():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield CURRENT_TIME


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_user(db):
    def make(*role_codes: str, **kwargs):
        return UserFactory(roles=list(role_codes), **kwargs)

    return make


@pytest.fixture
def rep(make_user):
    return make_user(roles.REP, username="rep", last_name="张", first_name="伟")


@pytest.fixture
def supervisor(make_user):
    return make_user(roles.SUPERVISOR, username="supervisor", last_name="王", first_name="芳")


@pytest.fixture
def admin_user(make_user):
    return make_user(roles.ADMIN, username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def finance(make_user):
    return make_user(roles.FINANCE, username="finance", last_name="郑", first_name="洁")


@pytest.fixture
def set_param():
    """set_param("pool.max_owned", 3): an admin's value of a rule parameter for one test."""
    keys = []

    def set_value(key: str, value) -> None:
        RuleParameter.objects.update_or_create(key=key, defaults={"value": str(value)})
        param_forget(key)
        keys.append(key)

    yield set_value
    for key in keys:
        param_forget(key)


@pytest.fixture
def english_messages(settings):
    """Messages in English for a folder whose tests read them so (its conftest makes this
    autouse); the Chinese catalogue is checked in tests/crm."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def team(supervisor, rep):
    team = TeamFactory(name="销售一组", leader=supervisor)
    for member in (supervisor, rep):
        member.staff.team = team
        member.staff.save()
    return team


@pytest.fixture
def client_for(client):
    """Log the test client in as a user: client_for(rep)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rule parameters cached by one test (for 60 s)
    are not read by the next, whose database no longer has them, and pinned query counts
    do not depend on the order the tests ran in."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(request, monkeypatch):
    """SEC-5 for the suite: `client.force_login` skips the login page, so it skips the
    second step too; the session counts as confirmed with a test device, as after a real
    code. The tests of the second step log in through the pages (or mark themselves
    `second_factor_unverified` to get a session that still owes the code)."""
    if request.node.get_closest_marker("second_factor_unverified"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from tests.second_factor import mark_verified  # deferred: needs the app registry

        mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL features run in the PostgreSQL leg of CI, not on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
