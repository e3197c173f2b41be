"""WORK-4: dates, lists and Django's own words read naturally in the reader's language."""

import datetime as dt

import pytest
from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation
from django_q.models import Schedule

from crm.lib.dates import time_ago, time_span
from crm.lib.words import word_list
from tests.conftest import CURRENT_TIME
from tests.customers.factories import ArchiveCardFactory

pytestmark = pytest.mark.rule("WORK-4")
NOW = CURRENT_TIME


@pytest.mark.parametrize(
    ("before", "zh", "en"),
    [
        (dt.timedelta(seconds=20), "刚刚", "just now"),
        (dt.timedelta(minutes=5), "5分钟前", "5 minutes ago"),
        (dt.timedelta(days=26), "3周5天前", "3 weeks, 5 days ago"),
        (dt.timedelta(days=1, hours=2), "1天2小时前", "1 day, 2 hours ago"),
        (dt.timedelta(days=400), "1年1个月前", "1 year, 1 month ago"),
    ],
)
def test_how_long_ago_reads_naturally_in_both_languages(before, zh, en):
    with translation.override("zh-hans"):
        assert time_ago(NOW - before, NOW) == zh
    with translation.override("en"):
        assert time_ago(NOW - before, NOW) == en


def test_a_span_has_no_words_under_a_minute_and_at_most_two_units():
    assert time_span(NOW, NOW) == ""
    with translation.override("en"):
        assert time_span(NOW - dt.timedelta(days=9, hours=3, minutes=4), NOW) == "1 week, 2 days"


def test_dates_are_chinese_in_chinese_and_one_format_in_english():
    day = dt.date(2026, 12, 3)
    moment = dt.datetime(2026, 12, 3, 11, 8)
    with translation.override("zh-hans"):
        assert formats.date_format(day, "DATE_FORMAT") == "2026年12月3日"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026年12月3日"
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "3 Dec 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "3 Dec 2026"
        # 24-hour times: no "a.m." to run into a sentence's full stop ("a.m..").
        assert formats.date_format(moment, "DATETIME_FORMAT") == "3 Dec 2026, 11:08"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "3 Dec 2026, 11:08"


def test_a_list_is_joined_the_readers_way():
    with translation.override("zh-hans"):
        assert word_list(["电话", "部门"]) == "电话、部门"
    with translation.override("en"):
        assert word_list(["phone", "department"]) == "phone, department"


def test_the_ago_filter_words_a_moment_for_the_page(frozen_now):
    template = Template("{% load crm %}{{ when|ago }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"when": frozen_now})) == "刚刚"


def test_djangos_empty_choice_is_translated():
    class Choose(forms.Form):
        tier = forms.ChoiceField(choices=[("", BLANK_CHOICE_LABEL), ("a", "A")])

    with translation.override("zh-hans"):
        assert "- 请选择 -" in str(Choose()["tier"])
    with translation.override("en"):
        assert "- Select an option -" in str(Choose()["tier"])


@pytest.mark.django_db
def test_the_survey_form_has_no_dashes_for_its_empty_choices(client_for, rep):
    page = client_for(rep).get(reverse("customers:survey_new")).content.decode()
    assert "---------" not in page


@pytest.mark.django_db
def test_the_chinese_admin_names_the_site_and_the_task_queue_in_chinese(client_for, admin_user):
    Schedule.objects.create(name="nightly", func="crm.tasks.heartbeat")
    client = client_for(admin_user)
    index = client.get(reverse("admin:index")).content.decode()
    assert "销售制度客户管理系统" in index
    assert "Sales Rules CRM" not in index
    schedules = client.get(reverse("admin:django_q_schedule_changelist")).content.decode()
    assert "函数" in schedules
    assert ">Function<" not in schedules


@pytest.mark.django_db
def test_a_cards_history_in_admin_says_why_it_is_not_shown(client_for, admin_user):
    card = ArchiveCardFactory()
    url = reverse("admin:customers_archivecard_history", args=[card.pk])
    response = client_for(admin_user).get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "档案卡的历史记录不在此显示" in page
    assert '<code class="why-rule">CARD-9</code>' in page


@pytest.mark.django_db
def test_a_refused_page_is_a_page_in_the_readers_language(client_for, rep):
    response = client_for(rep).get(reverse("team_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert '<html lang="zh-hans">' in page


@pytest.mark.django_db
def test_one_archive_card_is_one_card(rep):
    from customers.models import ArchiveCard, CardStatus
    from pools.handover import deactivation_blockers

    card = ArchiveCardFactory()
    ArchiveCard.objects.filter(pk=card.pk).update(custodian=rep, status=CardStatus.IN_CUSTODY)
    with translation.override("en"):
        reasons = deactivation_blockers(user=rep)
    assert any("still holds 1 archive card; it must be returned." in r for r in reasons)
