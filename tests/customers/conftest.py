import pytest


@pytest.fixture
def english(client):
    """The pages in English for the test client (the language cookie a user's switch sets)."""
    client.cookies["django_language"] = "en"
