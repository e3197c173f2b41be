import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read messages in English; the Chinese catalogue is checked in tests/crm."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
