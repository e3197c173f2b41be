import pytest


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""
