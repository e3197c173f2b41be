from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.channels import all_channels
from crm.models import (
    Heartbeat,
    NoticeDefault,
    NoticeOutbox,
    Notification,
    Region,
    RobotChannel,
    RuleParameter,
    SmsMessage,
    StaffProfile,
    StaffStatus,
    Team,
    TeamRobot,
)
from crm.notices import all_notice_kinds, notice_label
from crm.parameters import PARAM_BY_KEY, all_params, param_forget
from crm.selectors import HEARTBEAT_STALE_AFTER, staff_deactivation_blockers

User = get_user_model()


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "leader", "region"]
    list_select_related = ["parent", "leader", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "leader", "region"]


class StaffProfileForm(forms.ModelForm):
    """HAND-1, CARD-10: the same check as the user page's, for the profile's own page."""

    class Meta:
        model = StaffProfile
        fields = ["user", "team", "region", "hire_date", "phone", "status", "commission_withheld"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == StaffStatus.LEFT and "status" in self.changed_data:
            blockers = staff_deactivation_blockers(user=self.instance.user)
            if blockers:
                self.add_error("status", blockers)
        return cleaned


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    form = StaffProfileForm
    list_display = ["user", "team", "region", "hire_date", "status"]
    list_filter = ["status", "team", "region"]
    list_select_related = ["user", "team", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "phone"]
    autocomplete_fields = ["user", "team", "region"]


class StaffProfileInlineFormSet(BaseInlineFormSet):
    """HAND-1, CARD-10: nobody is marked as left while they own customers or hold cards."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("status") == StaffStatus.LEFT and "status" in form.changed_data:
                blockers = staff_deactivation_blockers(user=self.instance)
                if blockers:
                    raise forms.ValidationError(blockers)


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    formset = StaffProfileInlineFormSet
    can_delete = False
    autocomplete_fields = ["team", "region"]


class StaffUserChangeForm(UserChangeForm):
    """HAND-1, CARD-10: a login is not deactivated while its owner still has something to
    hand over (the handover page lists what)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "is_active" in self.changed_data and not cleaned.get("is_active"):
            blockers = staff_deactivation_blockers(user=self.instance)
            if blockers:
                self.add_error("is_active", blockers)
        return cleaned


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin, SimpleHistoryAdmin):
    form = StaffUserChangeForm
    inlines = [StaffProfileInline]
    list_display = ["username", "last_name", "first_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser makes another superuser (issue 13, item 5)."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at", "alive"]
    readonly_fields = ["name", "beat_at"]

    @admin.display(boolean=True, description=_("alive"))
    def alive(self, obj: Heartbeat) -> bool:
        return timezone.now() - obj.beat_at <= HEARTBEAT_STALE_AFTER

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RuleParameterForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("parameter"), choices=())

    class Meta:
        model = RuleParameter
        fields = ["key", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (p.key, f"{p.key} ({p.rule}, {_('default')} {p.default}): {p.help}")
            for p in all_params()
        ]

    def clean(self):
        cleaned = super().clean()
        spec = PARAM_BY_KEY.get(cleaned.get("key", ""))
        if spec and cleaned.get("value") is not None:
            try:
                spec.parse(cleaned["value"])
            except (ValueError, ArithmeticError):
                self.add_error("value", _("Enter a value of the same kind as the default."))
        return cleaned


@admin.register(RuleParameter)
class RuleParameterAdmin(SimpleHistoryAdmin):
    form = RuleParameterForm
    list_display = ["key", "rule", "value", "default", "note"]
    search_fields = ["key", "note"]

    @admin.display(description=_("rule"))
    def rule(self, obj: RuleParameter) -> str:
        spec = PARAM_BY_KEY.get(obj.key)
        return spec.rule if spec else "?"

    @admin.display(description=_("default"))
    def default(self, obj: RuleParameter) -> str:
        spec = PARAM_BY_KEY.get(obj.key)
        return str(spec.default) if spec else "?"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        param_forget(obj.key)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        param_forget(obj.key)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists kept by the system: admins read them, nobody edits them here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    """The SMS outbox (HAND-3): every text, sent by the gateway or waiting to be sent."""

    list_display = ["created_at", "to_phone", "to_user", "purpose", "short_text", "sent_at"]
    list_filter = ["purpose", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["to_user"]
    search_fields = ["to_phone", "text"]
    date_hierarchy = "created_at"

    @admin.display(description=_("text"))
    def short_text(self, obj: SmsMessage) -> str:
        return obj.text[:60]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "text", "rule", "read_at"]
    list_filter = ["rule", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["text", "key", "user__username"]
    date_hierarchy = "created_at"


# Notice channels (API-4, crm/channels.py) -----------------------------------------------


class TeamRobotForm(forms.ModelForm):
    class Meta:
        model = TeamRobot
        fields = ["team", "channel", "url", "secret", "active"]

    def clean(self):
        data = super().clean()
        if data.get("secret") and data.get("channel") != RobotChannel.DINGTALK:
            self.add_error("secret", _("Only a DingTalk robot signs its messages."))
        if data.get("url") and not data["url"].startswith("https://"):
            self.add_error("url", _("A robot's webhook address starts with https://."))
        return data


@admin.register(TeamRobot)
class TeamRobotAdmin(admin.ModelAdmin):
    """Where a team's notices go in WeCom (企业微信) or DingTalk (钉钉)."""

    form = TeamRobotForm
    list_display = ["team", "channel", "active"]
    list_filter = ["channel", "active"]
    list_select_related = ["team"]
    search_fields = ["team__name"]
    autocomplete_fields = ["team"]


class NoticeDefaultForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind of notice"))
    channels = forms.MultipleChoiceField(
        label=_("notice channels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In the app is always on. People who chose for themselves keep their choice."),
    )

    class Meta:
        model = NoticeDefault
        fields = ["kind", "channels"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(
            ((kind, notice_label(kind)) for kind in all_notice_kinds()), key=lambda c: c[1]
        )
        self.fields["channels"].choices = [
            (c.key, c.label) for c in all_channels().values() if c.optional
        ]


@admin.register(NoticeDefault)
class NoticeDefaultAdmin(admin.ModelAdmin):
    """The channels of a kind of notice for everyone who has not chosen."""

    form = NoticeDefaultForm
    list_display = ["__str__", "channel_words"]

    @admin.display(description=_("notice channels"))
    def channel_words(self, obj: NoticeDefault) -> str:
        found = all_channels()
        return ", ".join(str(found[k].label) for k in obj.channels if k in found)


@admin.register(NoticeOutbox)
class NoticeOutboxAdmin(ReadOnlyAdmin):
    """Robot messages: kept here by the outbox transport, sent (or failed) by the HTTP one."""

    list_display = ["created_at", "channel", "user", "notice_kind", "sent_at", "error"]
    list_filter = ["channel", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "notice_kind"]
    date_hierarchy = "created_at"
    exclude = ["target"]  # the webhook address holds the robot's key
