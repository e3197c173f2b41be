"""WORK-4: a notice stores its kind, rule and parameters and is worded when read, in the
reader's language; its rule sits in a small "why" detail."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from crm import notices, rules
from crm.models import Notification
from crm.notices import NoticeKind
from crm.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared_kind(monkeypatch):
    kind = NoticeKind("crm.test_notice", lambda p: f"{_('Notifications')}: {p['count']}", "POOL-7")
    monkeypatch.setattr(notices, "all_notice_kinds", lambda: {kind.kind: kind})
    return kind


@pytest.mark.rule("WORK-4")
def test_a_notice_keeps_no_sentence_and_reads_in_the_readers_language(
    declared_kind, rep, frozen_now
):
    notify(user=rep, key="k", kind="crm.test_notice", params={"count": 3}, now=frozen_now)
    notice = Notification.objects.get(user=rep)
    assert notice.text == ""
    assert notice.params == {"count": 3}
    with translation.override("en"):
        assert notice.words == "Notifications: 3"
    with translation.override("zh-hans"):
        assert notice.words == "通知: 3"


@pytest.mark.rule("WORK-4")
def test_the_list_words_the_notice_and_folds_its_rule_into_a_detail(
    declared_kind, client_for, rep, frozen_now
):
    notify(
        user=rep,
        key="k",
        kind="crm.test_notice",
        params={"count": 2},
        rule="POOL-7",
        now=frozen_now,
    )
    content = client_for(rep).get(reverse("notification_list")).content.decode()
    assert "通知: 2" in content  # the default language of the teams
    assert '<details class="why">' in content
    assert '<code class="why-rule">POOL-7</code>' in content


def test_an_unknown_kind_shows_its_old_text_or_a_plain_notice(rep, frozen_now):
    notify(user=rep, key="old", text="旧提醒", now=frozen_now)
    notify(user=rep, key="gone", kind="nobody.declares_this", now=frozen_now)
    with translation.override("en"):
        words = {n.key: n.words for n in Notification.objects.filter(user=rep)}
    assert words == {"old": "旧提醒", "gone": "A notice"}


@pytest.mark.rule("WORK-4")
def test_the_why_tag_gives_the_rules_words_and_its_id(monkeypatch):
    monkeypatch.setattr(
        rules, "all_rule_words", lambda: {"POOL-1": lambda p: f"no deal in {p['months']}"}
    )
    html = Template("{% load crm %}{% why rule params %}").render(
        Context({"rule": "POOL-1", "params": {"months": 2}})
    )
    assert '<span class="why-words">no deal in 2</span>' in html
    assert "POOL-1" in html
    assert Template("{% load crm %}{% why '' %}").render(Context()).strip() == ""
