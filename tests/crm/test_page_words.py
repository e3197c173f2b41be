"""WORK-4: no English on a Chinese page and no Chinese on an English one.

One crawl over every menu page of every demo role, in both languages, replaces spot checks:
the demo data fill the pages, and any run of the other script in what a user reads (text,
and the placeholder/title/alt/aria-label/value a user meets) fails, except:

- data: the names in the database (people, customers, organisations, teams, regions, events,
  products, ...), which are what they are in either language;
- ALLOWED: a small, documented list of codes, units and brand words.

One test, one demo load: the whole crawl stays within a few dozen seconds per database.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import translation

from crm.demo import USERS
from crm.navigation import nav_for

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.]*")

# Words that read the same on a Chinese page: tiers, codes, units and file formats. A rule
# ID is not among them: it belongs in the "why" detail (WORK-4), whose <code> is not read.
ALLOWED_LATIN = {
    *("VIP", "A", "B", "C"),  # tiers and prospect grades
    *("Excel", "xlsx", "csv", "CSV", "UTF", "GB", "MB"),  # files, encodings, sizes
    *("Enter", "Tab", "IT"),  # keys on the keyboard; the loanword IT
}
# Signs both languages use.
ALLOWED_HAN = {"¥"}
VISIBLE_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label"}
# Columns whose values are data (names, notes people wrote) in whatever language they were
# written; codes and what the application itself stores are read, never hidden.
NOT_DATA_FIELDS = {"rule", "key", "kind", "history_change_reason"}
NOT_DATA_MODELS = {"crm.notification"}


# The account menu's pages, which every role has.
ACCOUNT_PAGES = (
    *("notification_list", "notice_settings"),
    *("customers:access_list", "password_change"),
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Reader(HTMLParser):
    """The text a user reads: body text and visible attributes; no script, style, code
    (the rule ID in a "why" detail), nor what is marked as another language (`lang`)."""

    SKIP = {"script", "style", "code", "template"}

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self._open: list[bool] = []  # per open element: does it hide its content?

    @property
    def _skipping(self) -> bool:
        return any(self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        other = attributes.get("lang") not in (None, self.language) and tag != "html"
        if tag not in VOID:
            self._open.append(tag in self.SKIP or other)
        if self._skipping or other:
            return
        for name in VISIBLE_ATTRIBUTES & attributes.keys():
            self.parts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag not in VOID and self._open:
            self._open.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def readable_text(html: str, language: str = "zh-hans") -> str:
    reader = _Reader(language)
    reader.feed(html)
    return "\n".join(part for part in reader.parts if part.strip())


def data_names() -> list[str]:
    """Every name-like value in the database, longest first (so a name hides whole)."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and f.name not in NOT_DATA_FIELDS
            and not f.choices
        ]
        if not fields or model._meta.label_lower in NOT_DATA_MODELS:
            continue
        if model._meta.app_label in {"admin", "contenttypes", "sessions", "django_q", "auth"}:
            continue
        for row in model._default_manager.values_list(*fields):
            names.update(value for value in row if value)
    return sorted(names, key=len, reverse=True)


def around(text: str, run: str) -> str:
    """A few words either side of `run`, to find it in the template."""
    at = text.find(run)
    return " ".join(text[max(0, at - 25) : at + len(run) + 25].split())


def other_script(text: str, *, language: str, names: list[str]) -> list[str]:
    if names:
        # Leftmost first, then longest: "人事行政部" hides whole beside a name "行政部 经理".
        text = re.compile("|".join(map(re.escape, names))).sub(" ", text)
    if language == "en":
        return [run for run in HAN.findall(text) if run not in ALLOWED_HAN]
    return [word for word in LATIN_WORD.findall(text) if word.strip(".'’") not in ALLOWED_LATIN]


def test_other_script_finds_english_on_a_chinese_page_and_chinese_on_an_english_one():
    assert other_script("客户 Pool 列表 VIP", language="zh-hans", names=[]) == ["Pool"]
    assert other_script("首次购买后 3 天（VISIT-12）", language="zh-hans", names=[]) == ["VISIT"]
    assert other_script("Customers 客户池 of 王秀英", language="en", names=["王秀英"]) == ["客户池"]
    html = (
        '<p title="提示">Hi<script>var 变量;</script><br></p><code>规则</code><b lang="en">EN</b>'
    )
    assert readable_text(html).split("\n") == ["提示", "Hi"]


@pytest.mark.rule("WORK-4")
def test_every_menu_page_of_every_role_speaks_only_its_language(client):
    call_command("load_demo", verbosity=0)
    names = data_names()
    User = get_user_model()
    found: dict[str, dict[str, str]] = {}
    for demo in USERS:
        user = User.objects.get(username=demo.username)
        client.force_login(user)
        urls = [item["url"] for item in nav_for(user=user) if item["key"] != "admin"]
        urls += [reverse(name) for name in ACCOUNT_PAGES]
        for language in ("zh-hans", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            with translation.override(language):
                for url in urls:
                    response = client.get(url, follow=True)
                    assert response.status_code == 200, (demo.username, url)
                    html = response.content.decode()
                    assert f'lang="{language}"' in html, (demo.username, url, language)
                    text = readable_text(html, language)
                    for run in other_script(text, language=language, names=names):
                        found.setdefault(f"{language} {url}", {}).setdefault(run, around(text, run))
    report = "\n".join(
        f"{page}: " + " | ".join(f"{run} «{where}»" for run, where in list(runs.items())[:8])
        for page, runs in found.items()
    )
    assert not found, f"{len(found)} pages speak the other language:\n{report}"
