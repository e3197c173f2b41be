"""Commission pages (DEAL-1, HAND-1): my commission, a statement with the payments behind
it, finance's list of a month, and marking a statement paid."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.lib.forms import next_path
from crm.lib.scoping import role_required
from crm.selectors import person_name
from performance.forms import CommissionFilterForm
from performance.models import CommissionStatement
from performance.months import current_month, month_add
from performance.selectors.commission import (
    ALL_PERMISSION,
    OWN_PERMISSION,
    PAY_PERMISSION,
    Status,
    commission_live_rows,
    commission_rep_get_for,
    commission_statement_for,
    commission_statements_of_month,
    commission_statements_past,
    commission_status,
    commission_withheld,
)
from performance.selectors.points import month_is_closed, previous_open_month
from performance.services.commission import commission_statement_pay
from performance.views import month_or_404
from pools.handover import handover_remaining

PAGE_SIZE = 12
LIST_PAGE_SIZE = 30


@require_GET
@role_required(OWN_PERMISSION)
def my_commission(request):
    now = timezone.now()
    me = request.user
    previous = previous_open_month(now=now)
    page = Paginator(commission_statements_past(rep=me), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    withheld = commission_withheld(rep=me)
    return render(
        request,
        "performance/commission_mine.html",
        {
            "current": commission_statement_for(rep=me, month=current_month(now)),
            "last_month": commission_statement_for(rep=me, month=previous) if previous else None,
            "page": page,
            "withheld": withheld,
            "rows": [
                (
                    s,
                    commission_status(
                        closed=True,
                        paid=s.paid_at is not None,
                        withheld=withheld,
                        commission=s.commission,
                    ),
                )
                for s in page.object_list
            ],
        },
    )


@require_GET
def commission_statement(request, user_id: int, year: int, month: int):
    now = timezone.now()
    rep = commission_rep_get_for(user=request.user, pk=user_id)
    day = month_or_404(year, month, now=now)
    view = commission_statement_for(rep=rep, month=day)
    remaining = None
    if view.withheld:
        remaining = handover_remaining(user=rep)
    return render(
        request,
        "performance/commission_statement.html",
        {
            "view": view,
            "remaining": remaining,
            "mine": rep.pk == request.user.pk,
            "may_mark": request.user.has_perm(PAY_PERMISSION)
            and view.statement is not None
            and view.status in (Status.PAYABLE, Status.RECOVER),
            "back": reverse("performance:commission_list") + f"?month={day:%Y-%m}"
            if request.user.has_perm(ALL_PERMISSION)
            else reverse("performance:my_commission"),
        },
    )


@require_GET
@role_required(ALL_PERMISSION)
def commission_list(request):
    now = timezone.now()
    form = CommissionFilterForm(request.GET)
    # By default the month to pay: the last one closed (last month once the job has run).
    month = form.month_or(month_add(current_month(now), -1))
    month = min(month, current_month(now))
    status = form.status_value()
    closed = month_is_closed(month=month)
    if closed:
        statements = commission_statements_of_month(month=month, status=status)
    else:
        statements = commission_live_rows(month=month)
    page = Paginator(statements, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (
            row,
            commission_status(
                closed=closed,
                paid=row.paid_at is not None,
                withheld=row.withheld,
                commission=row.commission,
            ),
        )
        for row in page.object_list
    ]
    return render(
        request,
        "performance/commission_list.html",
        {
            "form": form,
            "month": month,
            "closed": closed,
            "status": status,
            "page": page,
            "rows": rows,
            "may_pay": request.user.has_perm(PAY_PERMISSION),
            "previous_month": month_add(month, -1),
            "next_month": month_add(month, 1) if month < current_month(now) else None,
        },
    )


@require_POST
@role_required(PAY_PERMISSION)
def commission_pay(request, pk: int):
    statement = get_object_or_404(CommissionStatement.objects.select_related("rep"), pk=pk)
    try:
        commission_statement_pay(statement_id=statement.pk, by=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The commission of %(name)s for %(month)s is marked paid.")
            % {"name": person_name(statement.rep), "month": f"{statement.month:%Y-%m}"},
        )
    fallback = reverse("performance:commission_list") + f"?month={statement.month:%Y-%m}"
    return redirect(next_path(request, fallback))
