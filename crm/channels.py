"""Channels a notice goes through (API-4): in-app, e-mail, WeCom and DingTalk group robots.

A channel is a small class with a `key`, a `label` and `send(*, user, notice, now)`. The
in-app notice is the stored Notification itself (the record every other channel reads);
e-mail goes to the person's address; a robot channel posts a markdown message to the group
robot an admin set for the person's team (TeamRobot, in the admin).

Robot messages go through the transport named by settings.NOTICE_TRANSPORT: "outbox" (the
default) keeps each message as a NoticeOutbox row and sends nothing, so tests and the demo
never reach the internet; "http" posts it and marks the row sent (or keeps the error). A
dotted path names any other class with `deliver(message) -> None`.

An app adds a channel by declaring `CHANNELS` (instances) in its own `channels.py`
(crm/plugins.py). `notify()` (crm/services.py) stores the notice, then hands every other
chosen channel to a django-q2 task after the transaction commits; the task words the notice
in the receiver's language and logs a failure instead of raising it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.parse
import urllib.request
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from crm.lib.words import person_name
from crm.models import (
    NoticeDefault,
    NoticeOutbox,
    NoticeSettings,
    Notification,
    RobotChannel,
    TeamRobot,
)
from crm.notices import all_notice_kinds, notice_label
from crm.plugins import from_apps

logger = logging.getLogger(__name__)

INAPP = "inapp"
EMAIL = "email"


class Channel:
    key: str = ""
    label = ""
    # False: always on (the in-app notice is the record the others are made from).
    optional: bool = True

    def available(self, *, user, robots: set[str]) -> bool:
        """Whether the person can receive through it now (a robot needs their team's)."""
        return True

    def send(self, *, user, notice: Notification, now: dt.datetime) -> None:
        raise NotImplementedError


class InAppChannel(Channel):
    key, label, optional = INAPP, gettext_lazy("In the app"), False

    def send(self, *, user, notice, now) -> None:
        """Nothing to do: notify() stored the notice, the notifications page shows it."""


class EmailChannel(Channel):
    key, label = EMAIL, pgettext_lazy("notice channel", "E-mail")

    def available(self, *, user, robots) -> bool:
        return bool(user.email)

    def send(self, *, user, notice, now) -> None:
        if not user.email:
            return
        text = notice.words
        url = absolute(notice.url)
        body = f"{text}\n\n{url}" if url else text
        try:
            send_mail(text[:120], body, None, [user.email])
        except OSError:  # the notice is kept in the app; a mail server down must not fail
            logger.exception("could not mail notice to user %s", user.pk)


class RobotChannelBase(Channel):
    """A group robot: one webhook per team, set by an admin (TeamRobot)."""

    def available(self, *, user, robots) -> bool:
        return self.key in robots

    def send(self, *, user, notice, now) -> None:
        team_id = getattr(getattr(user, "staff", None), "team_id", None)
        robot = TeamRobot.objects.filter(team_id=team_id, channel=self.key, active=True).first()
        if robot is None:
            return
        title = notice_label(notice.kind)
        name = person_name(user)
        text = f"**{title}**\n\n{name}: {notice.words}"
        url = absolute(notice.url)
        if url:
            text += f"\n\n[{_('Open')}]({url})"
        message = NoticeOutbox.objects.create(
            channel=self.key,
            target=self.target(robot, now=now),
            payload=self.payload(title=title, text=text),
            user=user,
            notice_kind=notice.kind,
            created_at=now,
        )
        notice_transport().deliver(message)

    def target(self, robot: TeamRobot, *, now: dt.datetime) -> str:
        return robot.url

    def payload(self, *, title: str, text: str) -> dict:
        raise NotImplementedError


class WeComChannel(RobotChannelBase):
    key, label = RobotChannel.WECOM.value, gettext_lazy("WeCom group robot")

    def payload(self, *, title, text) -> dict:
        # WeCom takes at most 4096 bytes of markdown content.
        content = text.encode()[:4096].decode(errors="ignore")
        return {"msgtype": "markdown", "markdown": {"content": content}}


class DingTalkChannel(RobotChannelBase):
    key, label = RobotChannel.DINGTALK.value, gettext_lazy("DingTalk group robot")

    def target(self, robot, *, now) -> str:
        return dingtalk_signed_url(robot.url, robot.secret, now=now) if robot.secret else robot.url

    def payload(self, *, title, text) -> dict:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_signed_url(url: str, secret: str, *, now: dt.datetime) -> str:
    """DingTalk's signed webhook: timestamp (ms) and base64 HMAC-SHA256 of "ts\\nsecret"."""
    timestamp = str(int(now.timestamp() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


def absolute(path: str) -> str:
    """A notice's link as an address outside the app (SITE_URL), or "" without one."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{base}{path}" if base else ""


# Transports of robot messages ------------------------------------------------------------


class OutboxTransport:
    """Keeps the message in the outbox (admin: notice outbox); sends nothing."""

    def deliver(self, message: NoticeOutbox) -> None:
        return None


class HttpTransport:
    """Posts the message to the robot's webhook; marks it sent or keeps the error."""

    timeout = 5

    def deliver(self, message: NoticeOutbox) -> None:
        request = urllib.request.Request(
            message.target,
            data=json.dumps(message.payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (OSError, ValueError) as error:
            message.error = str(error)[:300]
        else:
            if answer.get("errcode", 0) == 0:
                message.sent_at = timezone.now()
            else:
                message.error = f"{answer.get('errcode')}: {answer.get('errmsg', '')}"[:300]
        message.save(update_fields=["sent_at", "error"])
        if message.error:
            logger.warning("robot message %s not sent: %s", message.pk, message.error)


TRANSPORTS = {"outbox": OutboxTransport, "http": HttpTransport}


def notice_transport():
    name = getattr(settings, "NOTICE_TRANSPORT", "outbox")
    return (TRANSPORTS.get(name) or import_string(name))()


# The registry and the choice per person -------------------------------------------------


@cache
def all_channels() -> dict[str, Channel]:
    """The shell's channels, then every app's `channels.CHANNELS` (crm/plugins.py)."""
    found: dict[str, Channel] = {}
    for channel in (
        InAppChannel(),
        EmailChannel(),
        WeComChannel(),
        DingTalkChannel(),
        *from_apps("channels", "CHANNELS"),
    ):
        if channel.key in found:
            raise LookupError(f"notice channel {channel.key} is declared twice")
        found[channel.key] = channel
    return found


def kind_defaults(kind: str, *, email: bool = False, admin: dict | None = None) -> list[str]:
    """The channels of a kind for anyone who has not chosen: the admin's, else the kind's.

    `admin` is {kind: channels} of every NoticeDefault when the caller read them already."""
    if admin is None:
        chosen = NoticeDefault.objects.filter(kind=kind).values_list("channels", flat=True).first()
    else:
        chosen = admin.get(kind)
    if chosen is not None:
        keys = list(chosen)
    else:
        declared = all_notice_kinds().get(kind)
        keys = list(declared.channels if declared else (INAPP,))
        if email and EMAIL not in keys:
            keys.append(EMAIL)
    return keys


def admin_defaults() -> dict[str, list[str]]:
    return dict(NoticeDefault.objects.values_list("kind", "channels"))


def team_robots(*, user) -> set[str]:
    """The robot channels of the person's team that an admin set and left active."""
    return set(
        TeamRobot.objects.filter(team__members__user=user, active=True).values_list(
            "channel", flat=True
        )
    )


def channels_for(
    *, user, kind: str, email: bool = False, chosen: dict | None = None, admin: dict | None = None
) -> list[str]:
    """The channels a notice of `kind` goes through for `user` (in-app always first).

    `chosen` (the person's NoticeSettings.channels) and `admin` (admin_defaults()) spare
    the queries when the caller read them already for many notices."""
    if chosen is None:
        row = NoticeSettings.objects.filter(user=user).values_list("channels", flat=True)
        chosen = row.first() or {}
    keys = chosen[kind] if kind in chosen else kind_defaults(kind, email=email, admin=admin)
    known = all_channels()
    return [INAPP] + [key for key in dict.fromkeys(keys) if key in known and key != INAPP]


def receiver_language(user) -> str:
    language = NoticeSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


def notice_deliver(user_id: int, key: str, channel_key: str) -> None:
    """The django-q2 task: send one stored notice through one channel, in the receiver's
    words at sending time (WORK-4). A failure is logged, never raised to anyone."""
    try:
        user = get_user_model().objects.select_related("staff").get(pk=user_id)
        notice = Notification.objects.get(user=user, key=key)
        channel = all_channels()[channel_key]
        with translation.override(receiver_language(user)):
            channel.send(user=user, notice=notice, now=timezone.now())
    except Exception:
        logger.exception("notice %s for user %s not sent through %s", key, user_id, channel_key)
