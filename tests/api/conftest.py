import pytest
from django.utils import timezone

from api.services import token_create


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


@pytest.fixture
def api_for(client):
    """api_for(user) -> a client whose calls carry a fresh personal token of `user`."""

    def make(user, *, days: int = 30):
        _token, secret = token_create(user=user, name="test", now=timezone.now(), days=days)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client

    return make
