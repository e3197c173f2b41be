import pytest

from tests.analysis.factories import build_people, build_shop


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture(autouse=True)
def fresh_cache():
    """Reports are cached per run of the nightly job; every test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(make_user):
    return build_people(make_user)


@pytest.fixture
def shop(people, frozen_now):
    return build_shop(people, now=frozen_now)
