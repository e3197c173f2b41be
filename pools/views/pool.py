"""The pool pages (POOL-4…7): the pool with its claim button, release, referral, notes,
and "expiring this week" for managers. Thin: scoped lookup → form → one service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.lists import SortOption, capped_total, paging_links, sorted_page, sorting_from
from crm.lib.scoping import role_required
from customers.selectors.scope import customer_get_for
from pools.forms import PoolFilterForm, PoolMoveForm, ReferralForm, ReleaseForm, ReleaseNoteForm
from pools.masking import mask_pool_rows
from pools.models import Ownership, Pool
from pools.periods import pool_rules_on
from pools.selectors import (
    POOL_ORDER,
    pool_claims_left,
    pool_expiring,
    pool_expiring_rows,
    pool_list_for,
    pools_for,
    release_note_get_for,
    release_notes_pending_for,
)
from pools.services import (
    pool_claim,
    pool_move,
    pool_refer,
    pool_release,
    release_note_complete,
)

PAGE_SIZE = 25
SELECTED_KEY = "pool_selected"  # as pools/views/owners.py keeps it
SELLS = "customers.add_survey"
MANAGES = "customers.view_all_customers"
# Referring a pool customer to a rep is a write (POOL-4): it takes the permission of those
# who assign customers to reps (INTAKE-5), not the read of every customer the GM has too.
REFERS = "customers.assign_survey"


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
    pools = list(pools_for(user=request.user))
    form = PoolFilterForm(request.GET, pools=pools)
    filters = form.filters()
    qs = pool_list_for(user=request.user, now=now, **filters)
    sorting = sorting_from(request.GET, options=POOL_SORTS, default=POOL_DEFAULT_SORT)
    page = sorted_page(qs=qs, sorting=sorting, query=request.GET, size=PAGE_SIZE)
    may_claim = request.user.has_perm(SELLS)
    mask_pool_rows(page.rows)  # POOL-12
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
            "may_refer": request.user.has_perm(REFERS),
            "may_see_expiring": request.user.has_perm(MANAGES),
            "claims_left": pool_claims_left(user=request.user, now=now) if may_claim else None,
            "back": request.get_full_path(),
            "pools": pools,
            "pool_names": {p.pk: p.name for p in pools},
            "default_pool": next((p.pk for p in pools if p.is_default), None),
            "default_pool_name": next((p.name for p in pools if p.is_default), ""),
            "may_move": {p.pk for p in pools if p.administered} if len(pools) > 1 else set(),
            # POOL-13: a refused bulk claim keeps its selection for this view of the page.
            "selected": set(request.session.pop(SELECTED_KEY, [])) if may_claim else set(),
        },
    )


@require_POST
@role_required(SELLS)
def pool_claim_view(request, pk: int):
    # The scoped lookup (item 9 of issue 12): a customer another rep owns answers 404 exactly
    # as a missing id does, so a claim cannot tell that the id exists and is owned. Only a
    # claim racing another one past this lookup reads why it was refused (POOL-5).
    customer = customer_get_for(user=request.user, pk=pk)
    try:
        pool_claim(customer=customer, user=request.user, now=timezone.now())
    except ValidationError as exc:
        if exc.code == "pool":  # POOL-9: not in the rep's pools, as if it did not exist
            raise Http404 from exc
        messages.error(request, _refusal(exc))
        back = request.POST.get("next", "")
        if back.startswith("/pool/"):
            return redirect(back)
        return redirect("pools:pool_list")
    messages.success(
        request,
        _("You now own %(name)s. Close a deal within the period or it returns.")
        % {"name": customer.name},
    )
    return redirect("customers:customer_detail", pk=customer.pk)


@require_http_methods(["GET", "POST"])
@role_required(SELLS)
def pool_release_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    owned = Ownership.objects.filter(customer=customer, owner=request.user).exists()
    form = ReleaseForm(request.POST or None, pools=list(pools_for(user=request.user)))
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
@role_required(REFERS)
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
                _("%(name)s was referred to the rep.") % {"name": customer.name},
            )
            return redirect("customers:customer_detail", pk=customer.pk)
    return render(request, "pools/pool/refer.html", {"customer": customer, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(SELLS, MANAGES)
def pool_move_view(request, pk: int):
    """POOL-9: a pool admin moves a customer of their pool to another pool."""
    customer = customer_get_for(user=request.user, pk=pk)
    pools = list(pools_for(user=request.user))
    ownership = Ownership.objects.filter(customer=customer, owner__isnull=True).first()
    if ownership is None:
        raise Http404
    current = ownership.pool_id or next((p.pk for p in pools if p.is_default), None)
    if current not in {p.pk for p in pools if p.administered}:
        raise Http404
    targets = list(Pool.objects.exclude(pk=current).order_by("-is_default", "name"))
    form = PoolMoveForm(request.POST or None, pools=targets)
    if request.method == "POST" and form.is_valid():
        try:
            pool_move(
                customers=[customer],
                pool=form.cleaned_data["pool"],
                by=request.user,
                now=timezone.now(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now in the pool %(pool)s.")
                % {"name": customer.name, "pool": form.cleaned_data["pool"].name},
            )
            return redirect("pools:pool_list")
    return render(
        request,
        "pools/pool/move.html",
        {"customer": customer, "form": form, "current": {p.pk: p for p in pools}.get(current)},
    )


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
    rules = pool_rules_on(day=timezone.localdate(now))
    qs = pool_expiring(now=now, rules=rules).select_related("customer", "owner")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pools/pool/expiring.html",
        {"page": page, "rows": pool_expiring_rows(ownerships=page.object_list, rules=rules)},
    )
