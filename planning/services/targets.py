"""Monthly targets (REPORT-1), set by a supervisor or sales manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.lib.dates import month_start
from planning.models import MonthlyTarget
from planning.selectors import SETS_TARGETS, reps_for


@dataclass(frozen=True)
class TargetInput:
    new_customers: int
    sales_amount: Decimal
    visits: int


@transaction.atomic
def target_set(*, rep, month: dt.date, values: TargetInput, by, now: dt.datetime):
    """REPORT-1: a supervisor or manager sets a rep's targets for a month (not their own)."""
    if not by.has_perm(SETS_TARGETS) or rep.pk == by.pk:
        raise PermissionDenied
    if not reps_for(user=by).filter(pk=rep.pk).exists():
        raise PermissionDenied
    errors = {}
    if values.new_customers < 0:
        errors["new_customers"] = _("Enter zero or more.")
    if values.visits < 0:
        errors["visits"] = _("Enter zero or more.")
    if values.sales_amount < 0:
        errors["sales_amount"] = _("Enter zero or more.")
    if errors:
        raise ValidationError(errors)
    target, created = MonthlyTarget.objects.select_for_update().get_or_create(
        rep=rep,
        month=month_start(month),
        defaults={
            "new_customers": values.new_customers,
            "sales_amount": values.sales_amount,
            "visits": values.visits,
            "set_by": by,
            "set_at": now,
        },
    )
    if not created:
        target.new_customers = values.new_customers
        target.sales_amount = values.sales_amount
        target.visits = values.visits
        target.set_by = by
        target.set_at = now
        target.full_clean()
        target.save()
    return target
