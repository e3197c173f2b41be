"""Logging calls (TEL-1): judge each call's validity and link it to its one prospect."""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.parameters import param
from customers.names import normalize_phone
from telesales.models import UNREACHED_OUTCOMES, Call, Prospect

# TEL-1: what a valid call records, in the order the page names what is missing.
REQUIRED_FIELDS = (
    ("organisation", _("organisation")),
    ("contact_surname", _("contact's surname")),
    ("department", _("department")),
    ("title", _("title")),
    ("phone", _("phone")),
    ("headcount", _("headcount")),
    ("it_status", _("IT status")),
)
# Codes stored in Call.invalid_reasons besides the missing field names.
UNREACHED = "unreached"
REPEAT = "repeat"
# The archive fields a call fills on its prospect when it records them.
ARCHIVE_FROM_CALL = (
    "contact_surname",
    "department",
    "title",
    "phone",
    "headcount",
    "it_status",
)


def org_key(organisation: str) -> str:
    """How organisation names are matched: "ＡＢＣ 科技 " and "abc科技" are the same."""
    folded = unicodedata.normalize("NFKC", organisation or "").casefold()
    return "".join(folded.split())[:200]


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as [start, end) aware datetimes."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def call_invalid_reasons(*, call: Call) -> list[str]:
    """TEL-1: the fields the call did not record, and "unreached" when nobody answered."""
    reasons = [name for name, _label in REQUIRED_FIELDS if getattr(call, name) in (None, "")]
    if call.outcome in UNREACHED_OUTCOMES:
        reasons.append(UNREACHED)
    return reasons


def prospect_match(*, organisation: str, phone: str) -> Prospect | None:
    """The prospect a call belongs to: same organisation name first, then same phone.

    The phone is looked up on the prospects and on earlier calls, so a prospect found
    under a switchboard number is found again by the direct line a later call recorded.
    """
    key = org_key(organisation)
    if key:
        found = Prospect.objects.filter(org_key=key).first()
        if found is not None:
            return found
    digits = normalize_phone(phone)
    if len(digits) >= 7:
        found = Prospect.objects.filter(phone=digits).order_by("pk").first()
        if found is not None:
            return found
        called = (
            Call.objects.filter(phone=digits, prospect__isnull=False)
            .order_by("called_at", "pk")
            .values_list("prospect_id", flat=True)
            .first()
        )
        if called is not None:
            return Prospect.objects.get(pk=called)
    return None


def _prospect_create(*, call: Call, now: dt.datetime) -> tuple[Prospect, bool]:
    prospect = Prospect(
        owner=call.rep,
        organisation=call.organisation,
        org_key=org_key(call.organisation),
        created_at=now,
        updated_at=now,
        last_called_at=now,
    )
    for field in ARCHIVE_FROM_CALL:
        setattr(prospect, field, getattr(call, field))
    prospect._history_user = call.rep
    prospect._history_date = now
    try:
        # A savepoint: another rep may log the same organisation at the same moment.
        with transaction.atomic():
            prospect.save()
    except IntegrityError:
        return Prospect.objects.get(org_key=prospect.org_key), False
    return prospect, True


def _prospect_note_call(*, prospect: Prospect, call: Call, now: dt.datetime) -> None:
    """The call's recorded details become the prospect's archive (latest wins)."""
    for field in ARCHIVE_FROM_CALL:
        value = getattr(call, field)
        if value not in (None, ""):
            setattr(prospect, field, value)
    prospect.last_called_at = now
    prospect.updated_at = now
    prospect._history_user = call.rep
    prospect._history_date = now
    prospect.save()


@transaction.atomic
def call_log(*, rep, data: dict, now: dt.datetime) -> Call:
    """Record a call from validated form data; judge it (TEL-1) and link its prospect.

    A new organisation becomes a prospect of the calling rep; a known one (by name or
    phone, whoever found it) gets the call and the details it recorded.
    """
    call = Call(rep=rep, called_at=now, **data)
    call.organisation = " ".join((call.organisation or "").split())
    call.phone = normalize_phone(call.phone)
    for field in ("contact_surname", "department", "title", "notes"):
        setattr(call, field, (getattr(call, field) or "").strip())
    reasons = call_invalid_reasons(call=call)
    prospect = prospect_match(organisation=call.organisation, phone=call.phone)
    created = False
    if prospect is None and call.organisation:
        prospect, created = _prospect_create(call=call, now=now)
    if prospect is not None and not created:
        prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
        if not reasons and param("telesales.valid_once_a_day"):
            start, end = day_bounds(timezone.localdate(now))
            if Call.objects.filter(
                prospect=prospect, rep=rep, is_valid=True, called_at__gte=start, called_at__lt=end
            ).exists():
                reasons.append(REPEAT)
        _prospect_note_call(prospect=prospect, call=call, now=now)
    call.prospect = prospect
    call.invalid_reasons = reasons
    call.is_valid = not reasons
    call._history_user = rep
    call._history_date = now
    call.full_clean()
    call.save()
    return call
