"""Deal, payment and credit pages (DEAL-1…4). Thin: scoped lookup, form, one service call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import as_id, errors_onto
from crm.lib.lists import SortOption, capped_total, paging_links, sorted_page, sorting_from
from crm.lib.scoping import role_required
from crm.parameters import param
from customers.selectors.scope import customer_get_for
from deals import selectors, services
from deals.forms import (
    CreditOverrideForm,
    CreditReviewForm,
    DealFilterForm,
    DealForm,
    DealLineFormSet,
    PaymentForm,
    ReasonForm,
)
from deals.models import DealStatus, PaymentStatus

PAGE_SIZE = 25


def _customer_url(customer_id: int) -> str:
    return reverse("customers:customer_detail", args=[customer_id])


@role_required("deals.add_deal")
@require_http_methods(["GET", "POST"])
def deal_new(request):
    raw = request.GET.get("customer", "")
    if (customer_pk := as_id(raw)) is None:
        raise Http404
    customer = customer_get_for(user=request.user, pk=customer_pk)
    form = DealForm(request.POST or None, initial={"rep": request.user.pk})
    lines = DealLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        items = [
            services.LineInput(f["product"], f["quantity"], f["unit_price"])
            for f in (x.cleaned_data for x in lines.forms)
            if f and not f.get("DELETE")
        ]
        deal = services.deal_create(
            customer=customer,
            rep=form.cleaned_data["rep"],
            by=request.user,
            lines=items,
            note=form.cleaned_data["note"],
            now=timezone.now(),
        )
        messages.success(request, _("Deal recorded. Add the payment received."))
        return redirect("deals:deal_detail", pk=deal.pk)
    return render(
        request, "deals/deal_form.html", {"customer": customer, "form": form, "lines": lines}
    )


@login_required
def deal_detail(request, pk: int):
    deal = selectors.deal_get_for(user=request.user, pk=pk)
    may_pay = request.user.has_perm("deals.add_payment")
    return render(
        request,
        "deals/deal_detail.html",
        _deal_context(request, deal, payment_form=PaymentForm() if may_pay else None),
    )


def _may_cancel(user, deal) -> bool:
    """Finance, or whoever closed or recorded the deal; only while no money counts on it."""
    if deal.status != DealStatus.OPEN or deal.paid > 0:
        return False
    return user.has_perm("deals.confirm_payment") or (
        user.has_perm("deals.add_deal") and user.pk in (deal.rep_id, deal.created_by_id)
    )


def _deal_context(request, deal, **extra) -> dict:
    if deal.status != DealStatus.OPEN:
        extra["payment_form"] = None
    return {
        "deal": deal,
        "may_cancel": _may_cancel(request.user, deal),
        "balance": deal.total - deal.paid,
        "lines": selectors.deal_lines(deal=deal),
        "payments": selectors.deal_payments(deal=deal),
        "may_confirm": request.user.has_perm("deals.confirm_payment"),
        "reason_form": ReasonForm(),
        "Status": PaymentStatus,
        **extra,
    }


@role_required("deals.add_payment")
@require_POST
def payment_new(request, pk: int):
    deal = selectors.deal_get_for(user=request.user, pk=pk)
    now = timezone.now()
    form = PaymentForm(request.POST, today=timezone.localdate(now))
    if not form.is_valid():
        return render(
            request, "deals/deal_detail.html", _deal_context(request, deal, payment_form=form)
        )
    try:
        services.payment_record(deal=deal, by=request.user, now=now, **form.cleaned_data)
    except ValidationError as exc:
        errors_onto(form, exc)
        return render(
            request, "deals/deal_detail.html", _deal_context(request, deal, payment_form=form)
        )
    except services.DealStateError:
        messages.error(request, _("This deal is cancelled; it takes no payments."))
        return redirect("deals:deal_detail", pk=deal.pk)
    messages.success(request, _("Payment recorded; it counts once finance confirms it."))
    return redirect("deals:deal_detail", pk=deal.pk)


@login_required
@require_POST
def deal_cancel(request, pk: int):
    deal = selectors.deal_get_for(user=request.user, pk=pk)
    if not _may_cancel(request.user, deal):
        if deal.status == DealStatus.OPEN and deal.paid > 0:
            messages.error(
                request,
                _("Money received on this deal still counts: refund its payments first."),
            )
            return redirect("deals:deal_detail", pk=deal.pk)
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("deals:deal_detail", pk=deal.pk)
    try:
        services.deal_cancel(
            deal_id=deal.pk, by=request.user, now=timezone.now(), **form.cleaned_data
        )
    except services.DealStateError:
        messages.error(request, _("This deal cannot be cancelled any more."))
    else:
        messages.success(request, _("Deal cancelled."))
    return redirect("deals:deal_detail", pk=deal.pk)


# WORK-2: the list of deals and payments, sortable on its indexes (keyset paging).
DEAL_SORTS = (
    SortOption("created", gettext_lazy("Date"), ("created_at", "id"), descending=True),
    SortOption("total", gettext_lazy("Total"), ("total", "id"), descending=True),
)
DEAL_DEFAULT_SORT = "-created"


@require_GET
@role_required("deals.view_deal")
def deal_list(request):
    form = DealFilterForm(request.GET)
    filters = form.filters()
    qs = selectors.deal_list_for(user=request.user, **filters)
    sorting = sorting_from(request.GET, options=DEAL_SORTS, default=DEAL_DEFAULT_SORT)
    page = sorted_page(qs=qs, sorting=sorting, query=request.GET, size=PAGE_SIZE)
    return render(
        request,
        "deals/deal_list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "folded_filtered": any(v for k, v in filters.items() if k != "q"),
            "sorting": sorting,
            "total": capped_total(qs),
            **paging_links(page=page, query=request.GET),
            "may_filter_rep": request.user.has_perm("deals.confirm_payment")
            or request.user.has_perm("customers.view_all_customers"),
        },
    )


@role_required("deals.confirm_payment")
def payment_queue(request):
    page = Paginator(selectors.payments_pending(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "deals/payment_queue.html", {"page": page, "reason_form": ReasonForm()})


@role_required("deals.confirm_payment")
@require_POST
def payments_confirm_selected(request):
    """Confirm the payments ticked on the queue (the selection component, WORK-2)."""
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit() and len(v) < 19]
    if not ids:
        messages.error(request, _("Tick the payments to confirm first."))
        return redirect(_back(request, reverse("deals:payment_queue")))
    confirmed, skipped = services.payments_confirm(
        payment_ids=ids, by=request.user, now=timezone.now()
    )
    if confirmed:
        messages.success(
            request,
            ngettext("%(n)s payment confirmed.", "%(n)s payments confirmed.", len(confirmed))
            % {"n": len(confirmed)},
        )
    if skipped:
        messages.error(
            request,
            ngettext(
                "%(n)s payment was no longer pending; nothing was changed on it.",
                "%(n)s payments were no longer pending; nothing was changed on them.",
                len(skipped),
            )
            % {"n": len(skipped)},
        )
    return redirect(_back(request, reverse("deals:payment_queue")))


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else fallback


@role_required("deals.confirm_payment")
@require_POST
def payment_confirm(request, pk: int):
    try:
        services.payment_confirm(payment_id=pk, by=request.user, now=timezone.now())
    except services.Payment.DoesNotExist as exc:
        raise Http404 from exc
    except services.PaymentStateError:
        messages.error(request, _("This payment is no longer pending; nothing was changed."))
    else:
        messages.success(request, _("Payment confirmed."))
    return redirect(_back(request, reverse("deals:payment_queue")))


def _close(request, pk: int, service, done: str):
    get_object_or_404(services.Payment, pk=pk)  # a missing payment is a 404 (SEC-6)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect(_back(request, reverse("deals:payment_queue")))
    try:
        service(payment_id=pk, by=request.user, now=timezone.now(), **form.cleaned_data)
    except services.Payment.DoesNotExist as exc:
        raise Http404 from exc
    except services.PaymentStateError:
        messages.error(request, _("This payment cannot be changed that way any more."))
    else:
        messages.success(request, done)
    return redirect(_back(request, reverse("deals:payment_queue")))


@role_required("deals.confirm_payment")
@require_POST
def payment_refund(request, pk: int):
    return _close(request, pk, services.payment_refund, _("Payment refunded."))


@role_required("deals.confirm_payment")
@require_POST
def payment_cancel(request, pk: int):
    return _close(request, pk, services.payment_cancel, _("Payment cancelled."))


@role_required("deals.override_credit")
@require_http_methods(["GET", "POST"])
def credit_override(request, customer_pk: int):
    customer = customer_get_for(user=request.user, pk=customer_pk)
    form = CreditOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.credit_override(
            customer=customer, by=request.user, now=timezone.now(), **form.cleaned_data
        )
        messages.success(request, _("Credit grade saved."))
        return redirect(_customer_url(customer.pk))
    return render(
        request,
        "deals/credit_form.html",
        {"customer": customer, "form": form, "title": _("Override the credit grade")},
    )


@role_required("deals.override_credit")
def credit_reviews(request):
    today = timezone.localdate()
    qs = selectors.credit_reviews_due(user=request.user, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": today,
        "days_top": param("deal.review_days_top"),
        "days_other": param("deal.review_days_other"),
    }
    return render(request, "deals/credit_reviews.html", context)


@role_required("deals.override_credit")
@require_http_methods(["GET", "POST"])
def credit_review_new(request, customer_pk: int):
    customer = customer_get_for(user=request.user, pk=customer_pk)
    form = CreditReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = services.credit_review_record(
            customer=customer, by=request.user, now=timezone.now(), **form.cleaned_data
        )
        messages.success(
            request,
            _("Review recorded; next review on %(day)s.") % {"day": review.next_review_on},
        )
        return redirect("deals:credit_reviews")
    return render(
        request,
        "deals/credit_form.html",
        {"customer": customer, "form": form, "title": _("Record a credit review")},
    )
