"""Notices are stored as a kind with its rule and parameters, and worded when read (WORK-4).

A notice never keeps a finished sentence: the job or service that raises it stores its
`kind`, its `rule` and the `params` that caused it, and the page words it in the reader's
language when it is shown. Each app declares the kinds it raises in its `notices.py`:

    NOTICES = (
        NoticeKind("pools.expiry_warning", lambda p: _("%(customer)s returns to the pool "
                   "after %(last_day)s") % p, rule="POOL-7"),
    )

`label` names the kind in plain words on the person's notice settings page, and `channels`
are the channels it goes through until someone chooses (crm/channels.py, API-4).

`words` gets the stored params (plain JSON values: names, ISO dates, numbers) and is called
with the reader's language active, so gettext inside it translates for the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NoticeKind:
    kind: str  # "<app>.<what>", e.g. "pools.expiry_warning"
    words: Callable[[dict], str]
    rule: str = ""
    # What the kind is about, in plain words (lazy), for the notice settings page (API-4).
    label: str = ""
    # Where it goes when neither the person nor an admin chose (crm/channels.py keys).
    channels: tuple[str, ...] = ("inapp",)


def day(value: str) -> str:
    """A stored ISO date in the reader's words ("2026年11月23日", "23 Nov 2026")."""
    return formats.date_format(parse_date(value), "DATE_FORMAT")


def moment(value: str) -> str:
    """A stored ISO date and time, in the reader's words and the local time zone."""
    return formats.date_format(timezone.localtime(parse_datetime(value)), "DATETIME_FORMAT")


@cache
def all_notice_kinds() -> dict[str, NoticeKind]:
    """Every app's `notices.NOTICES` by kind (see crm/plugins.py)."""
    from crm.plugins import from_apps  # deferred: app registry must be ready

    kinds: dict[str, NoticeKind] = {}
    for notice_kind in from_apps("notices", "NOTICES"):
        if notice_kind.kind in kinds:
            raise LookupError(f"notice kind {notice_kind.kind} is declared twice")
        kinds[notice_kind.kind] = notice_kind
    return kinds


def notice_label(kind: str) -> str:
    """What a kind of notice is about, in the active language (never its code)."""
    found = all_notice_kinds().get(kind)
    return str(found.label) if found is not None and found.label else _("Other notices")


def notice_words(*, kind: str, params: dict | None, fallback: str = "") -> str:
    """The notice in the active language; `fallback` (an old stored text) for an unknown kind."""
    found = all_notice_kinds().get(kind)
    if found is None:
        return fallback or _("A notice")
    try:
        return str(found.words(params or {}))
    except (KeyError, TypeError, ValueError, AttributeError):
        # Params written by an older version of the kind: say something rather than fail.
        return fallback or _("A notice")
