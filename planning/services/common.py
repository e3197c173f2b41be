"""What the services of plans and reports share."""

from __future__ import annotations

import datetime as dt

from django.utils import formats

from pools.models import Ownership


def _day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _owns(*, rep, customer_ids) -> set[int]:
    return set(
        Ownership.objects.filter(owner=rep, customer_id__in=customer_ids).values_list(
            "customer_id", flat=True
        )
    )
