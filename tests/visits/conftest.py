import pytest
from django.core.cache import cache

from crm import roles
from tests.factories import UserFactory
from visits.defaults import default_rules_ensure
from visits.models import VisitRule


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def fresh_parameters():
    """Rule parameters an admin set in one test are not cached into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_rules(request):
    """The default rules of the data migration (a flushed live database has lost them)."""
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_db"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    default_rules_ensure(VisitRule)


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="陈", first_name="医生")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="经理")


@pytest.fixture
def rep2(make_user):
    return UserFactory(username="rep2", last_name="李", first_name="娜", roles=[roles.REP])
