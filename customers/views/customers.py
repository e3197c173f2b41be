"""Customer pages: the list, the profile (DEAL-5), create and edit, contacts and documents.

Every page starts from the user's scope (SEAL-2): another rep's customer, its contacts
and its documents answer 404. Documents are served by a view after that scoped lookup,
never from a public media URL (SEAL-3).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.services import document_download_log
from crm.lib.forms import errors_onto
from crm.lib.lists import (
    SortOption,
    capped_total,
    list_query,
    paging_links,
    sorted_page,
    sorting_from,
)
from crm.lib.scoping import role_required
from customers.forms.customers import (
    ContactForm,
    CustomerDocumentForm,
    CustomerFilterForm,
    CustomerForm,
    DuplicateConfirmForm,
    phone_masked,
)
from customers.models import CustomerKind
from customers.selectors.customers import (
    CUSTOMER_ORDER,
    customer_detail_for,
    customer_document_get_for,
    customer_duplicates,
    customer_list_for,
    customer_ownership,
)
from customers.selectors.scope import customer_get_for, customer_scope_for
from customers.services.customers import (
    contact_create,
    contact_delete,
    contact_update,
    customer_create,
    customer_document_add,
    customer_update,
)
from customers.tabs import customer_tabs_for
from pools.forms_owners import CustomerBulkForm
from pools.handover import handover_can_manage
from pools.masking import contact_hidden_from, mask_contacts, mask_history, mask_pool_rows
from pools.panel import customer_pool_context
from pools.protection import customer_ids_by_days_left, last_days_for, with_protection

LIST_PAGE_SIZE = 25
# The list sorted by the owner's last day (POOL-14), fewest days left first.
SORT_DAYS_LEFT = "days_left"
DUPLICATES_SHOWN = 5
# Who sells (reps, supervisors) owns the customers they enter, by first contact (POOL-1).
SELLS_PERMISSION = "customers.add_survey"


# WORK-2: the list's sortable columns, each served by an index of its own (keyset paging).
CUSTOMER_SORTS = (
    SortOption("added", gettext_lazy("Added"), CUSTOMER_ORDER, descending=True),
    SortOption("name", gettext_lazy("Name"), ("name", "id")),
)
CUSTOMER_DEFAULT_SORT = "-added"


@require_GET
def customer_list(request):
    form = CustomerFilterForm(request.GET)
    filters = form.filters()
    qs = with_protection(customer_list_for(user=request.user, **filters))  # POOL-14
    sorting = sorting_from(request.GET, options=CUSTOMER_SORTS, default=CUSTOMER_DEFAULT_SORT)
    # POOL-14's days left is not a column of an index: that order pages by number.
    by_days_left = request.GET.get("sort") == SORT_DAYS_LEFT
    if by_days_left:
        page, queries = _days_left_page(request, qs=qs)
    else:
        page = sorted_page(qs=qs, sorting=sorting, query=request.GET, size=LIST_PAGE_SIZE)
        queries = paging_links(page=page, query=request.GET)
    # POOL-12: pool customers' contact details masked; POOL-14: each owned row's last day.
    mask_pool_rows(page.rows)
    last_days = last_days_for(customers=page.rows, today=timezone.localdate())
    for customer in page.rows:
        customer.last_day = last_days.get(customer.pk)
    bulk_form = CustomerBulkForm() if handover_can_manage(user=request.user) else None
    return render(
        request,
        "customers/customers/list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "folded_filtered": any(v for k, v in filters.items() if k != "q"),
            "sorting": sorting,
            "total": capped_total(qs),
            **queries,
            "me": request.user,
            "by_days_left": by_days_left,
            "days_left_query": list_query(
                request.GET, sort=None if by_days_left else SORT_DAYS_LEFT
            ),
            # POOL-13: the manager's bulk transfer, assignment and return (WORK-2's selection).
            "bulk_form": bulk_form,
            "selection_form": "customers/includes/bulk_bar.html" if bulk_form else None,
            "back": request.get_full_path(),
        },
    )


@dataclass
class _ListPage:
    """A numbered page of the list sorted by days left (POOL-14), shaped as keyset_page's."""

    rows: list
    number: int
    has_previous: bool
    has_next: bool

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next


def _days_left_page(request, *, qs) -> tuple[_ListPage, dict]:
    ids = customer_ids_by_days_left(customers=qs, today=timezone.localdate())
    paginator = Paginator(ids, LIST_PAGE_SIZE)
    numbered = paginator.get_page(request.GET.get("page"))
    found = qs.in_bulk(list(numbered.object_list))
    page = _ListPage(
        rows=[found[pk] for pk in numbered.object_list if pk in found],
        number=numbered.number,
        has_previous=numbered.has_previous(),
        has_next=numbered.has_next(),
    )
    queries = {
        "next_query": list_query(request.GET, page=numbered.number + 1),
        "previous_query": list_query(request.GET, page=numbered.number - 1),
        "first_query": list_query(request.GET),
    }
    return page, queries


@require_GET
def customer_detail(request, pk: int):
    customer = customer_detail_for(user=request.user, pk=pk)
    return _detail_response(request, customer, tab=request.GET.get("tab", ""))


def _detail_response(request, customer, *, tab: str, status: int = 200, **forms):
    """The page with `tab` open; only the tabs and that panel when htmx asks (WORK-1)."""
    context = _detail_context(request, customer, tab=tab, **forms)
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "customers/customers/_tabs.html" if partial else "customers/customers/detail.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail_context(request, customer, *, tab: str = "", **forms) -> dict:
    user = request.user
    is_org = customer.kind == CustomerKind.ORGANISATION
    may_change = user.has_perm("customers.change_customer")
    may_upload = user.has_perm("customers.add_customerdocument")
    ownership = customer_ownership(customer=customer)
    owner_id = ownership.owner_id if ownership else None
    # POOL-11, 12, 14, 17: protection, masking (in place, before anything shows), last day.
    pool_context = customer_pool_context(
        customer=customer, ownership=ownership, user=user, now=timezone.now()
    )
    masked = pool_context["contact_masked"]
    tabs = customer_tabs_for(user=user, customer=customer, active=tab)
    active = next((shown for shown in tabs if shown.active), None)
    context = {
        **pool_context,
        "customer": customer,
        "ownership": ownership,
        # POOL-5/6/4: what the user may do with the ownership from here.
        "may_release": owner_id is not None and owner_id == user.pk,
        "may_claim": owner_id is None and user.has_perm("customers.add_survey"),
        "may_refer": owner_id is None and user.has_perm("customers.assign_survey"),
        # A customer in the pool is called once claimed (its phone is for its owner).
        "may_call": bool(customer.phone)
        and not masked
        and (owner_id is not None or user.has_perm("customers.view_all_customers")),
        "may_log_visit": user.has_perm("visits.add_visitrecord"),
        "is_org": is_org,
        # POOL-12: the forms would show the masked details; claim (or reveal) first.
        "may_change": may_change and not masked,
        "may_upload": may_upload,
        "may_transfer": handover_can_manage(user=user),
        "contact_form": forms.get("contact_form")
        or (ContactForm() if may_change and not masked else None),
        "document_form": forms.get("document_form")
        or (CustomerDocumentForm() if may_upload else None),
        "today": timezone.localdate(),
        "tabs": tabs,
        "active_tab": active,
    }
    context["main_actions"] = any(
        context[k] for k in ("may_call", "may_log_visit", "may_claim", "may_release")
    )
    if active is not None:
        context |= active.tab.context(request=request, customer=customer)
    if masked:  # POOL-12: what the open tab lists of contacts and changes, masked too
        mask_contacts(context.get("contacts") or ())
        if "history" in context:
            context["history"] = mask_history(context["history"])
    return context


def _duplicates_step(request, form, *, exclude_pk=None):
    """INTAKE-9: the matches to show before saving, and whether the user confirmed them."""
    matches = customer_duplicates(**form.duplicate_keys())
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    matches = list(matches[:DUPLICATES_SHOWN])
    if not matches:
        return [], None, True
    confirm = DuplicateConfirmForm(request.POST, prefix="dup")
    confirmed = "dup-seen" in request.POST and confirm.confirmed(matches=matches)
    confirm = DuplicateConfirmForm(
        prefix="dup", initial={"seen": ",".join(str(c.pk) for c in matches)}
    )
    visible = set(
        customer_scope_for(user=request.user)
        .filter(pk__in=[c.pk for c in matches])
        .values_list("pk", flat=True)
    )
    shown = [
        {
            "customer": c,
            "masked_phone": phone_masked(c.phone),
            "collector": c.first_collector,
            "visible": c.pk in visible,
        }
        for c in matches
    ]
    return shown, confirm, confirmed


@require_http_methods(["GET", "POST"])
@role_required("customers.add_customer")
def customer_new(request):
    form = CustomerForm(request.POST or None)
    duplicates, confirm = [], None
    if request.method == "POST" and form.is_valid():
        duplicates, confirm, confirmed = _duplicates_step(request, form)
        if confirmed:
            owner = request.user if request.user.has_perm(SELLS_PERMISSION) else None
            try:
                customer = customer_create(
                    data=form.cleaned_data, by=request.user, now=timezone.now(), owner=owner
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                if owner is not None:
                    messages.success(
                        request,
                        _("%(name)s was added. You own this customer by first contact.")
                        % {"name": customer.name},
                    )
                else:
                    messages.success(
                        request,
                        _("%(name)s was added to the customer pool.") % {"name": customer.name},
                    )
                return redirect("customers:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/customers/form.html",
        {"form": form, "customer": None, "duplicates": duplicates, "confirm": confirm},
    )


@require_http_methods(["GET", "POST"])
@role_required("customers.change_customer")
def customer_edit(request, pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    if contact_hidden_from(customer=customer, user=request.user, now=timezone.now()):
        return _masked_refusal(request, customer)
    before = {"phone": customer.phone, "organisation": customer.organisation}
    form = CustomerForm(request.POST or None, instance=customer)
    duplicates, confirm = [], None
    if request.method == "POST" and form.is_valid():
        keys = form.duplicate_keys()
        confirmed = True
        if keys["phone"] != before["phone"] or keys["organisation"] != before["organisation"]:
            duplicates, confirm, confirmed = _duplicates_step(request, form, exclude_pk=pk)
        if confirmed:
            try:
                customer_update(customer=customer, data=form.cleaned_data, by=request.user)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("The profile was saved."))
                return redirect("customers:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/customers/form.html",
        {"form": form, "customer": customer, "duplicates": duplicates, "confirm": confirm},
    )


def _masked_refusal(request, customer):
    """POOL-12: a pool customer's forms would show its hidden contact details."""
    messages.error(request, _("Claim this customer from the pool before you edit it."))
    return redirect("customers:customer_detail", pk=customer.pk)


# Contacts ------------------------------------------------------------------------------


@require_POST
@role_required("customers.change_customer")
def contact_new(request, pk: int):
    customer = customer_detail_for(user=request.user, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact = contact_create(customer=customer, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # about the customer, not the form
                messages.error(request, " ".join(exc.messages))
                return redirect(customer_detail_url(customer))
            errors_onto(form, exc)
        else:
            messages.success(request, _("Contact %(name)s added.") % {"name": contact.name})
            return redirect(customer_detail_url(customer) + "?tab=profile#contacts")
    return _detail_response(request, customer, tab="profile", status=400, contact_form=form)


@require_http_methods(["GET", "POST"])
@role_required("customers.change_customer")
def contact_edit(request, pk: int, contact_pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    if contact_hidden_from(customer=customer, user=request.user, now=timezone.now()):
        return _masked_refusal(request, customer)
    contact = get_object_or_404(customer.contacts, pk=contact_pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(contact=contact, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Contact %(name)s saved.") % {"name": contact.name})
            return redirect(customer_detail_url(customer) + "?tab=profile#contacts")
    return render(
        request,
        "customers/customers/contact_form.html",
        {"form": form, "customer": customer, "contact": contact},
    )


@require_POST
@role_required("customers.change_customer")
def contact_remove(request, pk: int, contact_pk: int):
    customer = customer_get_for(user=request.user, pk=pk)
    contact = get_object_or_404(customer.contacts, pk=contact_pk)
    name = contact.name
    contact_delete(contact=contact, by=request.user)
    messages.success(request, _("Contact %(name)s removed.") % {"name": name})
    return redirect(customer_detail_url(customer) + "?tab=profile#contacts")


# Documents -----------------------------------------------------------------------------


@require_POST
@role_required("customers.add_customerdocument")
def document_new(request, pk: int):
    customer = customer_detail_for(user=request.user, pk=pk)
    form = CustomerDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = customer_document_add(
                customer=customer,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                content_type=form.cleaned_data["content_type"],
                extension=form.cleaned_data["extension"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request, _("%(name)s was uploaded.") % {"name": document.original_name}
            )
            return redirect(customer_detail_url(customer) + "?tab=documents#documents")
    return _detail_response(request, customer, tab="documents", status=400, document_form=form)


@require_GET
def document_download(request, pk: int, document_pk: int):
    """The file, after the scoped lookup; sent as an attachment under its original name."""
    document = customer_document_get_for(user=request.user, customer_pk=pk, pk=document_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    document_download_log(
        user=request.user,
        document=document,
        name=document.original_name,
        customer_id=pk,
        address=request.META.get("REMOTE_ADDR", ""),
        now=timezone.now(),
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def customer_detail_url(customer) -> str:
    return reverse("customers:customer_detail", args=[customer.pk])
