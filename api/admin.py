from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from api.models import (
    SUBSCRIBABLE,
    ApiCall,
    ApiToken,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Webhook,
    WebhookEvent,
)
from api.services import webhook_create, webhook_test


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "prefix", "secret_hash", "created_at", "last_used_at")
    fields = (
        "user",
        "name",
        "prefix",
        "secret_hash",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )

    def has_add_permission(self, request):
        return False  # a token is made by its owner, who alone sees the secret


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "method", "path", "status", "duration_ms", "user", "token")
    list_select_related = ("user", "token")
    list_filter = ("status", "method")
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Webhooks (API-2) --------------------------------------------------------------------------


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events to send"),
        choices=[(str(e), e.label) for e in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ("url", "events", "is_active")


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("number", "at", "status_code", "error", "duration_ms")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "events_shown", "is_active", "created_by", "created_at")
    list_select_related = ("created_by",)
    list_filter = ("is_active",)
    actions = ("send_test_event",)

    @admin.display(description=_("events to send"))
    def events_shown(self, obj):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels.get(e, e)) for e in obj.events or [])

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        hook = webhook_create(
            url=obj.url,
            events=form.cleaned_data["events"],
            by=request.user,
            now=timezone.now(),
        )
        Webhook.objects.filter(pk=hook.pk).update(is_active=obj.is_active)
        obj.pk, obj.secret = hook.pk, hook.secret
        messages.warning(
            request,
            format_html(
                gettext(
                    "The signing secret of this webhook is {secret}. Copy it now: it is shown "
                    "only this once."
                ),
                secret=hook.secret,
            ),
        )

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request, queryset):
        for hook in queryset:
            delivery = webhook_test(webhook=hook, by=request.user, now=timezone.now())
            if delivery.status == DeliveryStatus.DELIVERED:
                self.message_user(
                    request,
                    gettext("%(url)s answered %(code)s: the test event was delivered.")
                    % {"url": hook.url, "code": delivery.last_status_code},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("%(url)s did not take the test event: %(error)s.")
                    % {"url": hook.url, "error": delivery.last_error},
                    messages.ERROR,
                )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "event",
        "webhook",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    )
    list_select_related = ("webhook",)
    list_filter = ("status", "event")
    search_fields = ("event_id",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = (
        "webhook",
        "event",
        "event_id",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    )
    exclude = ("locked_until",)
    inlines = (DeliveryAttemptInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
