"""Simplified Chinese first, English second; a switch on every page; money shown as ¥."""

from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from crm.templatetags.crm import yuan

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default_language(client):
    content = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in content
    assert "登录" in content


def test_the_switch_changes_the_language_and_remembers_it(client_for, rep):
    client = client_for(rep)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.url == "/"
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert "My day" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "我的一天" in client.get(reverse("dashboard")).content.decode()


def test_the_switch_is_on_every_page(client_for, supervisor, client):
    assert b'action="/i18n/setlang/"' in client.get(reverse("login")).content
    logged_in = client_for(supervisor)
    for name in ("dashboard", "team_list", "password_change"):
        assert b'action="/i18n/setlang/"' in logged_in.get(reverse(name)).content


def test_the_chinese_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    assert {e.msgid for e in catalogue.translated_entries()} <= {e.msgid for e in compiled}


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234567.5"), "¥1,234,567.50"),
        (Decimal("0.005"), "¥0.01"),
        (Decimal("-30000"), "-¥30,000.00"),
        ("99999.99", "¥99,999.99"),
        (None, ""),
    ],
)
def test_money_is_shown_in_yuan_with_fen(amount, shown):
    assert yuan(amount) == shown
