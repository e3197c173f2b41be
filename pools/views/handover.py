"""Handover pages (HAND-1…3, CARD-10): the list of leavers, a leaver's page, redistribution,
single transfers, moving cards in custody, and marking someone as leaving or left."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from crm.lib.forms import next_path
from crm.models import StaffStatus
from crm.selectors import person_name
from customers.models import ArchiveCard, CardStatus
from customers.selectors.cards import cards_held_by
from customers.selectors.scope import customer_get_for
from pools.forms_handover import CardsMoveForm, ReceiversForm, RedistributeForm, TransferForm
from pools.handover import (
    cards_custody_move,
    customer_transfer,
    handover_can_manage,
    handover_can_view,
    handover_custodians,
    handover_customers,
    handover_mark_leaving,
    handover_mark_left,
    handover_people,
    handover_person_get,
    handover_receivables,
    handover_receivers,
    handover_redistribute,
    handover_split_proposal,
)
from pools.models import Ownership

LIST_PAGE_SIZE = 25
CUSTOMERS_PAGE_SIZE = 50
CARDS_PAGE_SIZE = 50


def _viewer(request):
    if not handover_can_view(user=request.user):
        raise PermissionDenied


def _manager(request):
    if not handover_can_manage(user=request.user):
        raise PermissionDenied


def _errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _detail(person) -> str:
    return reverse("pools:handover_detail", args=[person.pk])


def handover_list(request):
    _viewer(request)
    page = Paginator(handover_people(by=request.user), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "pools/handover/list.html", {"page": page})


def handover_detail(request, user_id: int):
    _viewer(request)
    person = handover_person_get(pk=user_id, by=request.user)
    customers = Paginator(handover_customers(user=person), CUSTOMERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    owed = handover_receivables(customer_ids=[row.customer_id for row in customers])
    for row in customers:
        row.receivable = owed.get(row.customer_id)
    cards = list(cards_held_by(user=person)[: CARDS_PAGE_SIZE + 1])
    can_manage = handover_can_manage(user=request.user)
    context = {
        "person": person,
        "profile": getattr(person, "staff", None),
        "customers": customers,
        "cards": cards[:CARDS_PAGE_SIZE],
        "more_cards": len(cards) > CARDS_PAGE_SIZE,
        "can_manage": can_manage,
        "is_leaving": getattr(getattr(person, "staff", None), "status", "") == StaffStatus.LEAVING,
    }
    if can_manage:
        custody = [card for card in context["cards"] if card.held_as == "custody"]
        context["nothing_left"] = customers.paginator.count == 0 and not cards
        context["receivers_form"] = ReceiversForm(receivers_qs=handover_receivers(exclude=person))
        if custody:
            context["cards_form"] = CardsMoveForm(
                cards_qs=ArchiveCard.objects.none(), doctors_qs=handover_custodians(exclude=person)
            )
            context["custody_cards"] = custody
    return render(request, "pools/handover/detail.html", context)


@require_POST
def handover_leaving(request, user_id: int):
    _manager(request)
    person = handover_person_get(pk=user_id, by=request.user)
    try:
        handover_mark_leaving(user=person, by=request.user, now=timezone.now())
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is marked as leaving; their commission is withheld.")
            % {"name": person_name(person)},
        )
    return redirect(_detail(person))


@require_POST
def handover_left(request, user_id: int):
    _manager(request)
    person = handover_person_get(pk=user_id, by=request.user)
    try:
        handover_mark_left(user=person, by=request.user, now=timezone.now())
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s has left: login closed, withheld commission released.")
            % {"name": person_name(person)},
        )
    return redirect(_detail(person))


@require_http_methods(["GET", "POST"])
def handover_redistribute_view(request, user_id: int):
    """HAND-3: pick the receivers (GET), adjust the proposed split and confirm (POST)."""
    _manager(request)
    person = handover_person_get(pk=user_id, by=request.user)
    receivers_qs = handover_receivers(exclude=person)
    data = request.POST if request.method == "POST" else request.GET
    picked = ReceiversForm(data, receivers_qs=receivers_qs)
    if not picked.is_valid():
        for text in picked.errors.get("receivers", []):
            messages.error(request, text)
        return redirect(_detail(person))
    receivers = list(picked.cleaned_data["receivers"])
    ownerships = list(handover_customers(user=person))
    owed = handover_receivables(customer_ids=[row.customer_id for row in ownerships])
    for row in ownerships:
        row.receivable = owed.get(row.customer_id)
    proposal = handover_split_proposal(
        customer_ids=[row.customer_id for row in ownerships], receivers=receivers
    )
    form = RedistributeForm(
        request.POST if request.method == "POST" else None,
        receivers_qs=receivers_qs,
        ownerships=ownerships,
        receivers=receivers,
        proposal=proposal,
        initial={"receivers": receivers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = handover_redistribute(
                leaver=person,
                assignments=form.cleaned_data["assignments"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s customer handed over; each new owner got a text to tell the "
                    "customer.",
                    "%(count)s customers handed over; each new owner got a text to tell the "
                    "customer.",
                    moved,
                )
                % {"count": moved},
            )
            return redirect(_detail(person))
    shares = {r.pk: 0 for r in receivers}
    for receiver_id in proposal.values():
        shares[receiver_id] += 1
    return render(
        request,
        "pools/handover/redistribute.html",
        {
            "person": person,
            "form": form,
            "receivers": [(r, shares[r.pk]) for r in receivers],
        },
    )


def _safe_next(request, fallback: str) -> str:
    return next_path(request, fallback)


@require_http_methods(["GET", "POST"])
def handover_transfer(request, customer_id: int):
    """HAND-2: move one customer to another rep, with the reason."""
    _manager(request)
    customer = customer_get_for(user=request.user, pk=customer_id)
    ownership = Ownership.objects.select_related("owner").filter(customer=customer).first()
    owner = ownership.owner if ownership else None
    receivers_qs = handover_receivers(exclude=owner)
    form = TransferForm(request.POST or None, receivers_qs=receivers_qs)
    fallback = reverse("customers:customer_detail", args=[customer.pk])
    if request.method == "POST" and form.is_valid():
        try:
            customer_transfer(
                customer=customer,
                to=form.cleaned_data["to"],
                by=request.user,
                now=timezone.now(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("to", error)
        else:
            messages.success(
                request,
                _("%(customer)s now belongs to %(name)s.")
                % {"customer": customer.name, "name": person_name(form.cleaned_data["to"])},
            )
            return redirect(_safe_next(request, fallback))
    receivable = handover_receivables(customer_ids=[customer.pk])[customer.pk]
    return render(
        request,
        "pools/handover/transfer.html",
        {
            "customer": customer,
            "owner": owner,
            "receivable": receivable,
            "form": form,
            "next": _safe_next(request, fallback),
        },
    )


@require_POST
def handover_cards_move(request, user_id: int):
    """CARD-10: cards in the leaver's custody go to another doctor."""
    _manager(request)
    person = handover_person_get(pk=user_id, by=request.user)
    cards_qs = ArchiveCard.objects.filter(custodian=person, status=CardStatus.IN_CUSTODY)
    form = CardsMoveForm(
        request.POST, cards_qs=cards_qs, doctors_qs=handover_custodians(exclude=person)
    )
    if form.is_valid():
        try:
            moved = cards_custody_move(
                from_doctor=person,
                card_ids=[card.pk for card in form.cleaned_data["cards"]],
                to_doctor=form.cleaned_data["to"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s card moved into the custody of %(name)s.",
                    "%(count)s cards moved into the custody of %(name)s.",
                    moved,
                )
                % {"count": moved, "name": person_name(form.cleaned_data["to"])},
            )
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(_detail(person) + "#cards")
