"""Pages for what owners and managers do beyond a single claim or release: protect a
customer (POOL-11), reveal a pool customer's contact details (POOL-12), bulk actions
(POOL-13), the flagged hand-offs (POOL-16) and rulings (POOL-17). Thin: scoped lookup →
form → one service call → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import as_id, errors_onto
from crm.lib.scoping import role_required
from customers.selectors.scope import customer_get_for
from pools.bulk import customers_bulk_change, pool_claim_many
from pools.fairplay import (
    flagged_pairs,
    ruling_decide,
    ruling_get_for,
    rulings_decided,
    rulings_open,
)
from pools.forms_owners import CustomerBulkForm, ProtectForm, RulingForm
from pools.masking import contact_reveal
from pools.protection import protection_end, protection_start

SELLS = "customers.add_survey"
MANAGES = "customers.view_all_customers"
PAGE_SIZE = 25
# The pool page keeps a refused selection for the next view of it (POOL-13).
SELECTED_KEY = "pool_selected"


def _detail(customer):
    return redirect("customers:customer_detail", pk=customer.pk)


def _refused(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@role_required(SELLS)
def protect_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    form = ProtectForm(request.POST)
    if not form.is_valid():
        _refused(request, ValidationError(form.errors["days"]))
        return _detail(customer)
    try:
        protection = protection_start(
            customer=customer, user=request.user, now=timezone.now(), days=form.cleaned_data["days"]
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is protected until %(date)s: it does not return to the pool before.")
            % {"name": customer.name, "date": protection.ends_on.isoformat()},
        )
    return _detail(customer)


@require_POST
@role_required(SELLS)
def unprotect_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    try:
        protection_end(customer=customer, user=request.user, now=timezone.now())
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The protection of %(name)s ended.") % {"name": customer.name})
    return _detail(customer)


@require_POST
def reveal_view(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    try:
        contact_reveal(customer=customer, user=request.user, now=timezone.now())
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.info(request, _("Contact details shown for 15 minutes; this was logged."))
    return _detail(customer)


@require_POST
@role_required(SELLS)
def pool_claim_many_view(request):
    # What is not an id a table holds counts as a missing customer: nothing is claimed.
    ids = request.POST.getlist("ids")
    try:
        claimed = pool_claim_many(customer_ids=ids, user=request.user, now=timezone.now())
    except ValidationError as exc:
        _refused(request, exc)
        request.session[SELECTED_KEY] = [pk for pk in map(as_id, ids[:100]) if pk]
        back = request.POST.get("next", "")
        return redirect(back if back.startswith("/pool/") else "pools:pool_list")
    messages.success(
        request,
        ngettext(
            "You now own %(count)s customer: %(names)s.",
            "You now own %(count)s customers: %(names)s.",
            len(claimed),
        )
        % {"count": len(claimed), "names": "、".join(c.name for c in claimed)},
    )
    return redirect("/customers/?owner=mine&sort=days_left")


@require_POST
@role_required(MANAGES)
def customers_bulk_view(request):
    form = CustomerBulkForm(request.POST)
    back = request.POST.get("next", "")
    back = back if back.startswith("/customers/") else "/customers/"
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(back)
    data = form.cleaned_data
    try:
        count = customers_bulk_change(
            customer_ids=data["ids"],
            action=data["action"],
            to=data.get("to"),
            by=request.user,
            now=timezone.now(),
            reason=data["reason"],
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        _refused(request, exc)
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)s customer changed; each change is in its ownership timeline.",
            "%(count)s customers changed; each change is in its ownership timeline.",
            count,
        )
        % {"count": count},
    )
    return redirect(back)


@require_GET
@role_required(MANAGES)
def flagged_pairs_view(request):
    pairs = flagged_pairs(now=timezone.now())
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pools/owners/flagged.html", {"page": page})


@require_GET
@role_required(MANAGES)
def rulings_view(request):
    page = Paginator(rulings_open(), PAGE_SIZE).get_page(request.GET.get("page"))
    decided = list(rulings_decided()[:10])
    return render(request, "pools/owners/rulings.html", {"page": page, "decided": decided})


@require_http_methods(["GET", "POST"])
@role_required(MANAGES)
def ruling_view(request, pk: int):
    ruling = ruling_get_for(user=request.user, pk=pk)
    form = RulingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ruling_decide(
                ruling=ruling,
                by=request.user,
                now=timezone.now(),
                confirm=form.cleaned_data["decision"] == RulingForm.CONFIRM,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The ruling is recorded and both reps were told."))
            return redirect("pools:rulings")
    return render(request, "pools/owners/ruling.html", {"ruling": ruling, "form": form})
