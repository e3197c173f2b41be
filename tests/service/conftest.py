import pytest

from crm import roles


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture
def rep2(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


@pytest.fixture
def service_manager(make_user):
    return make_user(roles.SERVICE_MANAGER, username="service", last_name="吴", first_name="涛")


@pytest.fixture
def sales_manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def general_manager(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="静")
