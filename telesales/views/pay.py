"""Pay statements (TEL-5): the month's figures per rep, and each line's records."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from telesales.forms import parse_month
from telesales.models import Grade
from telesales.selectors.pay import (
    month_first,
    month_next,
    pay_graded_prospects,
    pay_payments,
    pay_statement_for,
    pay_statements_for,
    pay_valid_calls,
)
from telesales.selectors.scope import (
    prospects_for,
    require,
    telesales_rep_get_for,
    telesales_reps_for,
)

PAGE_SIZE = 25
CALLS_PAGE_SIZE = 100
ROWS_SHOWN = 200  # A/B prospects and payments of a month: a few, listed in full up to this
SEES = "telesales.view_pay_statement"


def _month(value: str | None) -> dt.date:
    return parse_month(value) or month_first(timezone.localdate())


def _months(month: dt.date) -> dict:
    previous = month_first(month - dt.timedelta(days=1))
    following = month_next(month)
    current = month_first(timezone.localdate())
    return {
        "month": month,
        "previous_month": previous,
        "next_month": following if following <= current else None,
    }


@require_GET
def pay_list(request):
    """Every statement the user may see for a month; a rep goes straight to their own."""
    require(request.user, SEES)
    month = _month(request.GET.get("month"))
    reps = telesales_reps_for(user=request.user)
    if request.user.has_perm("telesales.add_call") and not request.user.has_perm(
        "telesales.add_callplan"
    ):
        return redirect("telesales:pay_statement", user_id=request.user.pk, month=month)
    page = Paginator(reps, PAGE_SIZE).get_page(request.GET.get("page"))
    statements = pay_statements_for(reps=list(page.object_list), month=month)
    return render(
        request,
        "telesales/pay/list.html",
        {"page": page, "statements": statements, **_months(month)},
    )


@require_GET
def pay_statement(request, user_id: int, month: dt.date):
    require(request.user, SEES)
    rep = telesales_rep_get_for(user=request.user, pk=user_id)
    month = month_first(month)
    statement = pay_statement_for(rep=rep, month=month)
    graded = list(pay_graded_prospects(rep_ids=[rep.pk], month=month)[:ROWS_SHOWN])
    payments = list(
        pay_payments(rep_ids=[rep.pk], month=month).select_related(
            "deal", "customer", "customer__telesales_prospect", "confirmed_by"
        )[:ROWS_SHOWN]
    )
    visible = set()
    if request.user.has_perm("telesales.view_prospect"):
        ids = [p.pk for p in graded] + [p.customer.telesales_prospect.pk for p in payments]
        visible = set(
            prospects_for(user=request.user).filter(pk__in=ids).values_list("pk", flat=True)
        )
    return render(
        request,
        "telesales/pay/statement.html",
        {
            "rep": rep,
            "statement": statement,
            "a_prospects": [p for p in graded if p.grade == Grade.A],
            "b_prospects": [p for p in graded if p.grade == Grade.B],
            "payments": payments,
            "visible": visible,
            "may_open_deals": request.user.has_perm("deals.confirm_payment")
            or request.user.has_perm("customers.view_all_customers"),
            **_months(month),
        },
    )


@require_GET
def pay_calls(request, user_id: int, month: dt.date):
    """The valid calls behind a statement's line, page by page."""
    require(request.user, SEES)
    rep = telesales_rep_get_for(user=request.user, pk=user_id)
    month = month_first(month)
    page = Paginator(pay_valid_calls(rep=rep, month=month), CALLS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "telesales/pay/calls.html",
        {"rep": rep, "month": month, "page": page},
    )
