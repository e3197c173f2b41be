"""The shared base: regions, teams, staff profiles and the worker heartbeat."""

import simple_history
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Region(models.Model):
    """A sales region. Regions nest (province → city → district) so "nearest" can be found."""

    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of reps led by a supervisor, or a department (a team of teams) led by a manager."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The department this team belongs to; empty for a department itself."),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
        help_text=_("The supervisor of a team, the manager of a department."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        permissions = [
            ("view_team_members", _("Can see the members of the teams they lead")),
            ("view_all_teams", _("Can see every team and its members")),
        ]

    def __str__(self) -> str:
        return self.name


class StaffStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEAVING = "leaving", _("Leaving")
    LEFT = "left", _("Left")


class StaffProfile(models.Model):
    """What the company knows of an employee beyond the login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=StaffStatus.choices, default=StaffStatus.ACTIVE
    )
    # HAND-1: a leaver's commission is withheld until every customer and card is handed over.
    commission_withheld = models.BooleanField(_("commission withheld"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user)


class Heartbeat(models.Model):
    """The last time a scheduled task ran: proves the task worker is alive."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name


# Logins change too (roles, activation): keep their history beside the profiles'.
simple_history.register(get_user_model(), app="crm", excluded_fields=["password", "last_login"])


class RuleParameter(models.Model):
    """An admin's value for one of the numbers in the rules (crm/parameters.py)."""

    key = models.CharField(_("parameter"), max_length=80, unique=True)
    value = models.CharField(_("value"), max_length=200)
    note = models.CharField(_("why it was changed"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Notification(models.Model):
    """An in-app notice to one person (a warning before expiry, a task due...).

    `key` makes a notice idempotent: a job that runs twice finds the notice it made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("key"), max_length=120)
    # WORK-4: what happened, worded at read time from `rule` and `params` (crm/notices.py).
    kind = models.CharField(_("kind"), max_length=80, blank=True)
    # Only notices made before kinds existed keep a sentence; new ones leave it empty.
    text = models.CharField(_("text"), max_length=500, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    rule = models.CharField(_("rule ID"), max_length=20, blank=True)
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notif_inbox_idx")]

    def __str__(self) -> str:
        return self.words

    @property
    def words(self) -> str:
        """The notice in the active language (WORK-4)."""
        from crm.notices import notice_words  # deferred: notices read the app registry

        return notice_words(kind=self.kind, params=self.params, fallback=self.text)


class SmsMessage(models.Model):
    """An outgoing text message: the database outbox behind the pluggable SMS gateway."""

    to_phone = models.CharField(_("to"), max_length=30)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text"))
    purpose = models.CharField(_("purpose"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    gateway = models.CharField(_("gateway"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.to_phone}: {self.text[:30]}"


class SavedView(models.Model):
    """WORK-2: a list's filters and sort kept under a name (场景): the owner's own, or
    shared by a manager with everyone who opens that list. `list_key` is the list's URL
    name ("customers:customer_list"), `query` its query string without paging cursors."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    list_key = models.CharField(_("list"), max_length=80)
    name = models.CharField(_("name"), max_length=40)
    query = models.CharField(_("filters and sort"), max_length=1000, blank=True)
    shared = models.BooleanField(
        _("shared"), default=False, help_text=_("Shown to everyone who opens this list.")
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["list_key", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_key", "name"], name="saved_view_name_once_per_list"
            )
        ]
        indexes = [
            models.Index(fields=["list_key", "owner"], name="saved_view_list_idx"),
            models.Index(
                fields=["list_key"], name="saved_view_shared_idx", condition=models.Q(shared=True)
            ),
        ]
        permissions = [("share_savedview", _("Can share a saved view of a list with everyone"))]

    def __str__(self) -> str:
        return f"{self.list_key}: {self.name}"


# Notice channels (API-4, crm/channels.py) -----------------------------------------------


class RobotChannel(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class TeamRobot(models.Model):
    """A team's group robot in WeCom (企业微信) or DingTalk (钉钉): where its notices go."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="robots"
    )
    channel = models.CharField(_("notice channel"), max_length=20, choices=RobotChannel.choices)
    url = models.URLField(
        _("webhook address"),
        max_length=500,
        help_text=_("The robot's webhook address, copied from the group's robot settings."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("DingTalk only: the secret of a robot that signs its messages (SEC…)."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team robot")
        verbose_name_plural = _("team robots")
        ordering = ["team", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["team", "channel"], name="team_robot_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_channel_display()}"


class NoticeDefault(models.Model):
    """The channels an admin chose for a kind of notice, for everyone who has not chosen."""

    kind = models.CharField(_("kind of notice"), max_length=80, unique=True)
    channels = models.JSONField(_("notice channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("default channels of a notice")
        verbose_name_plural = _("default channels of notices")
        ordering = ["kind"]

    def __str__(self) -> str:
        from crm.notices import notice_label  # deferred: notices read the app registry

        return notice_label(self.kind)


class NoticeSettings(models.Model):
    """One person's choice of channels per kind of notice, and the language they read in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notice_settings",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # {kind: [channel keys]}; a kind not listed follows its default.
    channels = models.JSONField(_("notice channels"), default=dict, blank=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self) -> str:
        return str(self.user)


class NoticeOutbox(models.Model):
    """A message for a robot channel: kept here, and sent only by the HTTP transport."""

    channel = models.CharField(_("notice channel"), max_length=20)
    target = models.CharField(_("target"), max_length=600)
    payload = models.JSONField(_("message"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_kind = models.CharField(_("kind of notice"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice outbox message")
        verbose_name_plural = _("notice outbox")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.created_at:%Y-%m-%d %H:%M}"
