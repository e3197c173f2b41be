"""The pool pages (POOL-4…7): the pool with its claim button, release, referral, notes,
and "expiring this week" for managers. Thin: scoped lookup → form → one service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.lists import SortOption, capped_total, paging_links, sorted_page, sorting_from
from crm.lib.scoping import role_required
from customers.models import Customer
from customers.selectors.scope import customer_get_for
from pools.forms import PoolFilterForm, ReferralForm, ReleaseNoteForm
from pools.models import Ownership
from pools.selectors import (
    POOL_ORDER,
    pool_claims_left,
    pool_expiring,
    pool_expiring_rows,
    pool_list_for,
    release_note_get_for,
    release_notes_pending_for,
)
from pools.services import pool_claim, pool_refer, pool_release, release_note_complete

PAGE_SIZE = 25
SELLS = "customers.add_survey"
MANAGES = "customers.view_all_customers"


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# WORK-2: the pool's sortable columns, each the keyset of an index (newest in the pool
# first: the partial index of ownerless rows; by name: customer_name_idx).
POOL_SORTS = (
    SortOption("since", gettext_lazy("In the pool since"), POOL_ORDER, descending=True),
    SortOption("name", gettext_lazy("Name"), ("name", "id")),
)
POOL_DEFAULT_SORT = "-since"


@require_GET
@role_required(SELLS, MANAGES)
def pool_list(request):
    now = timezone.now()
    form = PoolFilterForm(request.GET)
    filters = form.filters()
    qs = pool_list_for(user=request.user, now=now, **filters)
    sorting = sorting_from(request.GET, options=POOL_SORTS, default=POOL_DEFAULT_SORT)
    page = sorted_page(qs=qs, sorting=sorting, query=request.GET, size=PAGE_SIZE)
    may_claim = request.user.has_perm(SELLS)
    return render(
        request,
        "pools/pool/list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "folded_filtered": any(v for k, v in filters.items() if k != "q"),
            "sorting": sorting,
            "total": capped_total(qs),
            **paging_links(page=page, query=request.GET),
            "may_claim": may_claim,
            "may_refer": request.user.has_perm(MANAGES),
            "claims_left": pool_claims_left(user=request.user, now=now) if may_claim else None,
            "back": request.get_full_path(),
        },
    )


@require_POST
@role_required(SELLS)
def pool_claim_view(request, pk: int):
    # Not the scoped lookup: a customer another rep claimed a moment ago has left this rep's
    # scope, and the slower rep must read why (POOL-5), not a 404. Nothing of it is shown
    # unless the claim succeeds.
    customer = get_object_or_404(Customer, pk=pk)
    try:
        pool_claim(customer=customer, user=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
        back = request.POST.get("next", "")
        if back.startswith("/pool/"):
            return redirect(back)
        return redirect("pools:pool_list")
    messages.success(
        request,
        _("You now own %(name)s (POOL-5). Close a deal within the period or it returns.")
        % {"name": customer.name},
    )
    return redirect("customers:customer_detail", pk=customer.pk)


@require_http_methods(["GET", "POST"])
@role_required(SELLS)
def pool_release_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    owned = Ownership.objects.filter(customer=customer, owner=request.user).exists()
    form = ReleaseNoteForm(request.POST or None)
    if request.method == "POST" and owned and form.is_valid():
        try:
            pool_release(
                customer=customer, user=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is back in the pool with your note.") % {"name": customer.name},
            )
            return redirect("pools:pool_list")
    return render(
        request,
        "pools/pool/release.html",
        {"customer": customer, "form": form, "owned": owned},
    )


@require_http_methods(["GET", "POST"])
@role_required(MANAGES)
def pool_refer_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pool_refer(
                customer=customer,
                rep=form.cleaned_data["rep"],
                by=request.user,
                now=timezone.now(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s was referred to the rep (POOL-4).") % {"name": customer.name},
            )
            return redirect("customers:customer_detail", pk=customer.pk)
    return render(request, "pools/pool/refer.html", {"customer": customer, "form": form})


@require_GET
def release_note_list(request):
    notes = release_notes_pending_for(user=request.user)
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pools/pool/notes.html",
        {"page": page, "all_reps": request.user.has_perm(MANAGES)},
    )


@require_http_methods(["GET", "POST"])
def release_note_edit(request, pk: int):
    note = release_note_get_for(user=request.user, pk=pk)
    mine = note.owner_id == request.user.pk and note.is_pending
    form = ReleaseNoteForm(
        request.POST or None,
        initial={
            "status": note.status,
            "contact_details": note.contact_details,
            "progress": note.progress,
        },
    )
    if request.method == "POST" and mine and form.is_valid():
        try:
            release_note_complete(
                note=note, user=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Thank you: the release note is complete."))
            return redirect("pools:release_notes")
    return render(request, "pools/pool/note.html", {"note": note, "form": form, "mine": mine})


@require_GET
@role_required(MANAGES)
def pool_expiring_view(request):
    now = timezone.now()
    qs = pool_expiring(now=now).select_related("customer", "owner")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pools/pool/expiring.html",
        {"page": page, "rows": pool_expiring_rows(ownerships=page.object_list)},
    )
