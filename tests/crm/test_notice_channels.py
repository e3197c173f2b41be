"""Notices through pluggable channels (API-4): in-app, e-mail, WeCom and DingTalk group
robots. Robot messages land in the notice outbox: nothing leaves the machine in tests."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import base64
import datetime as dt
import hashlib
import hmac
import urllib.parse
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from crm.channels import HttpTransport, all_channels
from crm.models import NoticeDefault, NoticeOutbox, NoticeSettings, Notification, TeamRobot
from crm.services import notify
from pools.services import pool_expiry_warn
from tests.factories import TeamFactory
from tests.pools.factories_pool import owned_customer
from visits.services.reminders import visit_reminders_send

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
WARN_AT = dt.datetime(2026, 11, 23, 7, 0, tzinfo=SH)  # the warning a week before 28 Nov
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=test-token"

pytestmark = pytest.mark.rule("API-4")


@pytest.fixture
def team_rep(rep):
    """A rep in a team, at the time of the warning (the robot message is signed then)."""
    rep.staff.team = TeamFactory(name="华东一组")
    rep.staff.save()
    with time_machine.travel(WARN_AT, tick=False):
        yield rep


def warn(customer_name="王芳", *, owner):
    owned_customer(owner=owner, since=dt.datetime(2026, 9, 28, 10, tzinfo=SH), name=customer_name)
    pool_expiry_warn(now=WARN_AT)


def test_a_pool_warning_reaches_the_teams_wecom_robot_in_the_reps_words(
    team_rep, django_capture_on_commit_callbacks
):
    TeamRobot.objects.create(team=team_rep.staff.team, channel="wecom", url=WECOM)
    NoticeDefault.objects.create(kind="pools.expiry_warning", channels=["inapp", "wecom"])
    NoticeSettings.objects.create(user=team_rep, language="en")
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        warn(owner=team_rep)

    message = NoticeOutbox.objects.get()
    assert message.channel == "wecom"
    assert message.target == WECOM
    assert message.sent_at is None  # kept in the outbox, not sent
    assert message.payload["msgtype"] == "markdown"
    content = message.payload["markdown"]["content"]
    # Worded in the rep's language (English) though the job ran in Chinese.
    assert "王芳 returns to the pool after 28 Nov 2026" in content
    assert "**A customer of mine is about to return to the pool**" in content
    assert "张伟" in content  # whom in the team's group it is for
    assert "POOL-7" not in content
    assert "pools.expiry_warning" not in content
    # The in-app notice is kept as before: kind, rule and params, no sentence.
    notice = Notification.objects.get(user=team_rep)
    assert (notice.kind, notice.rule, notice.text) == ("pools.expiry_warning", "POOL-7", "")

    with django_capture_on_commit_callbacks(execute=True):
        warn("李雷", owner=team_rep)  # the same night again: only the new customer's
    assert NoticeOutbox.objects.count() == 2


def test_a_chinese_reader_gets_the_robot_message_in_chinese(
    team_rep, django_capture_on_commit_callbacks
):
    TeamRobot.objects.create(team=team_rep.staff.team, channel="wecom", url=WECOM)
    NoticeSettings.objects.create(
        user=team_rep, language="zh-hans", channels={"pools.expiry_warning": ["inapp", "wecom"]}
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        warn(owner=team_rep)
    content = NoticeOutbox.objects.get().payload["markdown"]["content"]
    assert "王芳 将在 2026年11月28日 之后回收至客户池" in content


def test_no_robot_for_the_team_no_message(team_rep, django_capture_on_commit_callbacks):
    NoticeDefault.objects.create(kind="pools.expiry_warning", channels=["inapp", "wecom"])
    with django_capture_on_commit_callbacks(execute=True):
        warn(owner=team_rep)
    assert NoticeOutbox.objects.count() == 0
    assert Notification.objects.filter(user=team_rep).count() == 1


def test_a_signed_dingtalk_robot_gets_a_signed_address(
    team_rep, django_capture_on_commit_callbacks
):
    secret = "SEC0123456789abcdef"
    TeamRobot.objects.create(
        team=team_rep.staff.team, channel="dingtalk", url=DINGTALK, secret=secret
    )
    NoticeDefault.objects.create(kind="pools.expiry_warning", channels=["inapp", "dingtalk"])
    NoticeSettings.objects.create(user=team_rep, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        warn(owner=team_rep)

    message = NoticeOutbox.objects.get()
    assert message.payload["msgtype"] == "markdown"
    assert message.payload["markdown"]["title"] == (
        "A customer of mine is about to return to the pool"
    )
    assert "王芳 returns to the pool after 28 Nov 2026" in message.payload["markdown"]["text"]
    address = urllib.parse.urlsplit(message.target)
    query = urllib.parse.parse_qs(address.query)
    assert query["access_token"] == ["test-token"]
    timestamp = query["timestamp"][0]
    assert timestamp == str(int(WARN_AT.timestamp() * 1000))
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]


def test_turning_e_mail_off_for_a_kind_keeps_the_in_app_notice(
    rep, client_for, frozen_now, django_capture_on_commit_callbacks
):
    from tests.visits.factories import VisitTaskFactory

    today = frozen_now.date()
    VisitTaskFactory(assignee=rep, due_on=today + dt.timedelta(days=1))
    VisitTaskFactory(assignee=rep, due_on=today - dt.timedelta(days=2))
    page = client_for(rep).get(reverse("notice_settings"))
    # Both reminders are mailed by default (as before).
    assert page.context["form"]["visits.due_tomorrow"].initial == ["email", "inapp"]
    answer = client_for(rep).post(
        reverse("notice_settings"),
        {"language": "zh-hans", "visits.overdue": ["email"]},  # due tomorrow: no e-mail
    )
    assert answer.status_code == 302
    assert NoticeSettings.objects.get(user=rep).channels == {"visits.due_tomorrow": ["inapp"]}

    with django_capture_on_commit_callbacks(execute=True):
        visit_reminders_send(now=frozen_now)
    assert set(Notification.objects.filter(user=rep).values_list("kind", flat=True)) == {
        "visits.due_tomorrow",
        "visits.overdue",
    }
    assert len(mail.outbox) == 1
    assert "overdue" in mail.outbox[0].subject or "逾期" in mail.outbox[0].subject


def test_the_settings_page_lists_kinds_in_plain_words_on_a_phone(
    rep, client_for, django_assert_max_num_queries
):
    client = client_for(rep)
    # Session, user, roles and permissions; the person's choice, the admin's defaults and
    # the team's robots: one query each, however many kinds and channels there are.
    with django_assert_max_num_queries(11):
        page = client.get(reverse("notice_settings"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200
    assert "客户即将退回客户池" in html  # pools.expiry_warning, in plain words
    assert "企业微信群机器人" in html
    assert "钉钉群机器人" in html
    assert "POOL-7" not in html
    assert "pools.expiry_warning</" not in html
    assert 'name="viewport"' in html
    # No robot for the rep's team yet: its boxes are shown but cannot be ticked.
    assert 'value="wecom" disabled' in html
    assert reverse("notice_settings") in client_for(rep).get("/").content.decode()


@pytest.mark.parametrize(
    "posted",
    [
        {"language": "xx", "pools.expiry_warning": ["email"]},
        {"language": "en", "pools.expiry_warning": ["pigeon"]},
        {"language": "en", "pools.expiry_warning": ["wecom"]},  # no robot for the team
    ],
)
def test_bad_input_on_the_settings_form_saves_nothing(rep, client_for, posted):
    answer = client_for(rep).post(reverse("notice_settings"), posted)
    assert answer.status_code == 400
    assert b'class="error"' in answer.content
    assert not NoticeSettings.objects.exists()


def test_a_robot_that_fails_is_logged_not_raised(
    team_rep, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OSError("network is unreachable")

    settings.NOTICE_TRANSPORT = "http"
    monkeypatch.setattr("urllib.request.urlopen", unreachable)
    TeamRobot.objects.create(team=team_rep.staff.team, channel="wecom", url=WECOM)
    NoticeSettings.objects.create(
        user=team_rep, language="en", channels={"planning.plan_approved": ["inapp", "wecom"]}
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=team_rep,
            key="plan:1",
            kind="planning.plan_approved",
            now=WARN_AT,
            params={"week": "2026-11-23"},
        )
    message = NoticeOutbox.objects.get()
    assert message.sent_at is None
    assert "unreachable" in message.error
    assert Notification.objects.filter(user=team_rep, key="plan:1").exists()


def test_the_http_transport_marks_a_message_sent(team_rep, monkeypatch):
    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b'{"errcode":0,"errmsg":"ok"}'

    posted = []
    monkeypatch.setattr(
        "urllib.request.urlopen", lambda request, timeout: posted.append(request) or Answer()
    )
    message = NoticeOutbox.objects.create(
        channel="wecom",
        target=WECOM,
        payload={"msgtype": "markdown", "markdown": {"content": "客户"}},
        created_at=WARN_AT,
    )
    HttpTransport().deliver(message)
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.error == ""
    assert posted[0].full_url == WECOM
    assert "客户".encode() in posted[0].data


def test_an_app_may_add_a_channel(monkeypatch):
    from crm import channels

    class Pigeon(channels.Channel):
        key, label = "pigeon", "Pigeon"

    monkeypatch.setattr(
        "crm.channels.from_apps", lambda module, attr: [Pigeon()] if module == "channels" else []
    )
    all_channels.cache_clear()
    try:
        assert list(all_channels()) == ["inapp", "email", "wecom", "dingtalk", "pigeon"]
    finally:
        all_channels.cache_clear()


def test_the_admin_sets_a_teams_robot_and_a_kinds_default(db, client_for):
    from tests.factories import UserFactory

    client = client_for(UserFactory(username="boss", is_staff=True, is_superuser=True))
    team = TeamFactory()
    for name in ("crm_teamrobot", "crm_noticedefault", "crm_noticeoutbox"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:crm_noticedefault_add"))
    assert "我的客户即将退回客户池" in page.content.decode()
    refused = client.post(
        reverse("admin:crm_teamrobot_add"),
        {"team": team.pk, "channel": "wecom", "url": WECOM, "secret": "SECx", "active": "on"},
    )
    assert refused.status_code == 200
    assert not TeamRobot.objects.exists()
    client.post(
        reverse("admin:crm_teamrobot_add"),
        {"team": team.pk, "channel": "dingtalk", "url": DINGTALK, "secret": "SECx", "active": "on"},
    )
    assert TeamRobot.objects.get().channel == "dingtalk"
    client.post(
        reverse("admin:crm_noticedefault_add"),
        {"kind": "pools.expiry_warning", "channels": ["dingtalk"]},
    )
    assert NoticeDefault.objects.get().channels == ["dingtalk"]
