"""Writes of commission statements: finance marks a closed month's statement paid."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from crm.models import StaffProfile
from crm.selectors import person_name
from performance.models import CommissionStatement
from performance.selectors.commission import PAY_PERMISSION


@transaction.atomic
def commission_statement_pay(*, statement_id: int, by, now: dt.datetime) -> CommissionStatement:
    """Finance records that a closed statement was paid (or a negative one recovered).

    Refused while the rep's commission is withheld (HAND-1). The rep's profile is locked
    so marking them as leaving at the same moment cannot slip past the check.
    """
    if not by.has_perm(PAY_PERMISSION):
        raise PermissionDenied
    rep_id = CommissionStatement.objects.values_list("rep_id", flat=True).get(pk=statement_id)
    profile = StaffProfile.objects.select_for_update().filter(user_id=rep_id).first()
    statement = (
        CommissionStatement.objects.select_for_update().select_related("rep").get(pk=statement_id)
    )
    if statement.paid_at is not None:
        raise ValidationError(
            _("This statement was already marked paid on %(date)s.")
            % {"date": formats.date_format(statement.paid_at, "DATE_FORMAT")}
        )
    if profile is not None and profile.commission_withheld:
        raise ValidationError(
            _(
                "The commission of %(name)s is withheld until their handover is complete; "
                "it cannot be paid yet."
            )
            % {"name": person_name(statement.rep)}
        )
    if statement.commission == 0:
        raise ValidationError(_("There is nothing to pay on this statement."))
    statement.paid_at = now
    statement.paid_by = by
    statement._history_user = by
    statement._change_reason = "paid"
    statement.save(update_fields=["paid_at", "paid_by"])
    return statement
