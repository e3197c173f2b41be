"""Reads of calls (TEL-1): today's calls, the call history, a day's figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from crm.lib.words import word_list
from telesales.models import Call, CallOutcome
from telesales.selectors.scope import calls_for
from telesales.services.calls import REPEAT, REQUIRED_FIELDS, UNREACHED, day_bounds

_LABELS = dict(REQUIRED_FIELDS)


def call_reasons(*, call: Call) -> list[str]:
    """Why a call is not valid, as the page says it (TEL-1)."""
    texts = []
    missing = [str(_LABELS[code]) for code in call.invalid_reasons if code in _LABELS]
    if missing:
        texts.append(_("not recorded: %(fields)s") % {"fields": word_list(missing)})
    if UNREACHED in call.invalid_reasons:
        texts.append(_("nobody was reached"))
    if REPEAT in call.invalid_reasons:
        texts.append(_("this organisation already had a valid call from you today"))
    return texts


def calls_of_day(*, rep, day: dt.date) -> QuerySet[Call]:
    """A rep's calls of one local day, newest first, with what the list shows."""
    start, end = day_bounds(day)
    return (
        Call.objects.filter(rep=rep, called_at__gte=start, called_at__lt=end)
        .select_related("prospect", "prospect__owner")
        .order_by("-called_at", "-pk")
    )


def call_list_for(
    *,
    user,
    rep=None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    valid: bool | None = None,
    prospect=None,
) -> QuerySet[Call]:
    """The calls `user` may see, filtered: by rep, days [start, end], validity, prospect."""
    qs = calls_for(user=user)
    if rep is not None:
        qs = qs.filter(rep=rep)
    if start is not None:
        qs = qs.filter(called_at__gte=day_bounds(start)[0])
    if end is not None:
        qs = qs.filter(called_at__lt=day_bounds(end)[1])
    if valid is not None:
        qs = qs.filter(is_valid=valid)
    if prospect is not None:
        qs = qs.filter(prospect=prospect)
    return qs.select_related("rep", "prospect", "prospect__owner").order_by("-called_at", "-pk")


def _figures_aggregates() -> dict:
    aggregates = {
        "calls": Count("pk"),
        "valid": Count("pk", filter=Q(is_valid=True)),
        "companies": Count("prospect", distinct=True),
    }
    for outcome in CallOutcome.values:
        aggregates[f"outcome_{outcome}"] = Count("pk", filter=Q(outcome=outcome))
    return aggregates


def _shape(row: dict) -> dict:
    return {
        "calls": row["calls"],
        "valid": row["valid"],
        "invalid": row["calls"] - row["valid"],
        "companies": row["companies"],
        "by_outcome": {o: row[f"outcome_{o}"] for o in CallOutcome.values},
    }


def call_figures(*, rep, start: dt.datetime, end: dt.datetime) -> dict:
    """Calls, valid calls, companies called and calls by outcome, in one query."""
    row = Call.objects.filter(rep=rep, called_at__gte=start, called_at__lt=end).aggregate(
        **_figures_aggregates()
    )
    return _shape(row)


def call_figures_by_rep(
    *, rep_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, dict]:
    """call_figures for several reps at once (one grouped query); absent reps have none."""
    rows = (
        Call.objects.filter(rep_id__in=list(rep_ids), called_at__gte=start, called_at__lt=end)
        .order_by()
        .values("rep_id")
        .annotate(**_figures_aggregates())
    )
    return {row["rep_id"]: _shape(row) for row in rows}


def outcome_rows(*, figures: dict) -> list[tuple[str, int]]:
    """(label, count) per outcome in the order of the form."""
    return [(label, figures["by_outcome"].get(code, 0)) for code, label in CallOutcome.choices]


def calls_today_counts(*, user, today: dt.date) -> dict:
    """The dashboard panel: the user's calls and valid calls today, one query."""
    start, end = day_bounds(today)
    return Call.objects.filter(rep=user, called_at__gte=start, called_at__lt=end).aggregate(
        calls=Count("pk"), valid=Count("pk", filter=Q(is_valid=True))
    )
