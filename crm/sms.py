"""Text messages through a pluggable gateway (HAND-3).

`sms_send` records every message in the database outbox (SmsMessage, viewable by admins)
and hands it to the gateway named by settings.SMS_GATEWAY. The default gateway only keeps
the outbox; a real provider's gateway is a class with `send(message) -> bool`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.module_loading import import_string

from crm.models import SmsMessage


class OutboxGateway:
    """Keeps messages in the outbox for someone to send by hand; sends nothing."""

    def send(self, message: SmsMessage) -> bool:
        return False


def sms_gateway():
    return import_string(getattr(settings, "SMS_GATEWAY", "crm.sms.OutboxGateway"))()


def sms_send(*, to_phone: str, text: str, now: dt.datetime, purpose: str = "", to_user=None):
    message = SmsMessage.objects.create(
        to_phone=to_phone, text=text, purpose=purpose, to_user=to_user, created_at=now
    )
    gateway = sms_gateway()
    if gateway.send(message):
        message.sent_at = now
        message.gateway = type(gateway).__name__
        message.save(update_fields=["sent_at", "gateway"])
    return message
