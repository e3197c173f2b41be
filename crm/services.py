"""Writes of the shared base."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.models import Schedule
from django_q.tasks import async_task

from crm.channels import INAPP, admin_defaults, channels_for
from crm.models import Heartbeat, NoticeSettings, Notification, SavedView
from crm.schedules import RETIRED, SCHEDULES

WORKER_HEARTBEAT = "worker"
logger = logging.getLogger(__name__)


def heartbeat_record(*, now: dt.datetime) -> None:
    Heartbeat.objects.update_or_create(name=WORKER_HEARTBEAT, defaults={"beat_at": now})


def _next_run(*, at: str | None, now: dt.datetime) -> dt.datetime:
    if not at:
        return now
    hour, minute = (int(part) for part in at.split(":"))
    local = timezone.localtime(now)
    candidate = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += dt.timedelta(days=1)
    return candidate


@transaction.atomic
def schedules_sync(*, now: dt.datetime) -> list[str]:
    """Make the schedule table hold exactly one row per declared job, at its declared time,
    and none of the retired ones; return what changed."""
    changed = []
    for row in Schedule.objects.filter(name__in=RETIRED).order_by("pk"):
        row.delete()
        changed.append(f"removed {row.name} (retired)")
    for job in SCHEDULES:
        wanted = {
            "func": job.func,
            "schedule_type": job.schedule_type,
            "minutes": job.minutes,
            "repeats": -1,
        }
        rows = list(Schedule.objects.select_for_update().filter(name=job.name).order_by("pk"))
        if not rows:
            Schedule.objects.create(name=job.name, next_run=_next_run(at=job.at, now=now), **wanted)
            changed.append(f"created {job.name}")
            continue
        keep, *extra = rows
        for row in extra:
            row.delete()
            changed.append(f"removed a duplicate of {job.name}")
        retime = job.at and f"{timezone.localtime(keep.next_run):%H:%M}" != job.at
        if retime or any(getattr(keep, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(keep, field, value)
            if retime:
                keep.next_run = _next_run(at=job.at, now=now)
            keep.save()
            changed.append(f"updated {job.name}")
    return changed


def notify(
    *,
    user,
    key: str,
    now: dt.datetime,
    kind: str = "",
    text: str = "",
    url: str = "",
    rule: str = "",
    params: dict | None = None,
    email: bool = False,
) -> None:
    """A notice, once per (user, key): sending it again changes nothing.

    A notice stores its `kind`, `rule` and `params` and is worded when read (WORK-4,
    crm/notices.py); `text` is only for kinds not yet declared. A new notice also goes
    through the other channels chosen for its kind (API-4, crm/channels.py): the person's
    choice, else the admin's default, else the kind's own (plus e-mail with `email`). Each
    is a django-q2 task after the transaction commits, worded in the receiver's language.
    """
    notice = Notification(
        user=user,
        key=key,
        kind=kind,
        text=text,
        url=url,
        rule=rule,
        params=params or {},
        created_at=now,
    )
    if Notification.objects.filter(user=user, key=key).exists():
        return
    Notification.objects.bulk_create([notice], ignore_conflicts=True)
    for channel in channels_for(user=user, kind=kind, email=email):
        if channel != INAPP:
            _deliver_after_commit(user_id=user.pk, key=key, channel=channel)


def notify_many(notices: list[Notification], *, email: bool = False) -> int:
    """Many notices at once (a nightly job's): stores those not sent before and hands each
    new one to its other channels like notify(): a query per 2,000 keys, a bulk insert,
    and two queries for the channels chosen."""
    keys = sorted({n.key for n in notices})
    sent = set()
    for start in range(0, len(keys), 2000):
        found = Notification.objects.filter(key__in=keys[start : start + 2000])
        sent.update(found.values_list("user_id", "key"))
    new = [n for n in notices if (n.user_id, n.key) not in sent]
    Notification.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    users = {n.user_id for n in new}
    chosen = dict(NoticeSettings.objects.filter(user_id__in=users).values_list("user", "channels"))
    admin = admin_defaults() if new else {}
    for n in new:
        for channel in channels_for(
            user=None, kind=n.kind, email=email, chosen=chosen.get(n.user_id, {}), admin=admin
        ):
            if channel != INAPP:
                _deliver_after_commit(user_id=n.user_id, key=n.key, channel=channel)
    return len(new)


def _deliver_after_commit(*, user_id: int, key: str, channel: str) -> None:
    transaction.on_commit(lambda: async_task("crm.channels.notice_deliver", user_id, key, channel))


def notice_settings_save(
    *, user, language: str, channels: dict[str, list[str]], current: dict
) -> None:
    """Keep the person's language and, per kind of notice, the channels that differ from
    its default (a kind left at its default follows later changes of the default).

    `current` is what crm.selectors.notice_settings_for gave the page; a channel the person
    cannot use (no robot for their team, no e-mail address) is refused, nothing is kept."""
    errors = {}
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Choose one of the languages offered.")
    kept = {}
    for item in current["kinds"]:
        keys = [INAPP, *(k for k in channels.get(item["kind"], []) if k != INAPP)]
        refused = [k for k in keys if k not in current["available"]]
        if refused:
            errors[item["kind"]] = _("You cannot receive notices this way yet.")
        elif set(keys) != set(item["default"]):
            kept[item["kind"]] = keys
    if errors:
        raise ValidationError(errors)
    NoticeSettings.objects.update_or_create(
        user=user, defaults={"language": language, "channels": kept}
    )


def notifications_mark_read(*, user, now: dt.datetime, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=now)


# Saved views of lists (WORK-2) ----------------------------------------------------------

SHARES_VIEWS = "crm.share_savedview"


def saved_view_save(
    *, user, list_key: str, name: str, query: str, shared: bool, now: dt.datetime
) -> SavedView:
    """Keep a list's filters and sort as `name` (场景); the same name again replaces it.

    Only a manager (crm.share_savedview) shares a view with everyone opening the list.
    """
    if shared and not user.has_perm(SHARES_VIEWS):
        raise ValidationError({"shared": _("Only a manager may share a view.")})
    view = SavedView.objects.filter(owner=user, list_key=list_key, name=name.strip()).first()
    if view is None:
        view = SavedView(owner=user, list_key=list_key, name=name.strip(), created_at=now)
    view.query, view.shared = query, shared
    view.full_clean(validate_unique=False)
    view.save()
    return view


def saved_view_delete(*, user, pk: int) -> None:
    """Remove one of the user's own saved views (a shared one is its manager's to remove)."""
    deleted, _rows = SavedView.objects.filter(owner=user, pk=pk).delete()
    if not deleted:
        raise SavedView.DoesNotExist
