"""Events, archive cards, custody, check-outs and incidents (CARD-1…10).

Thin views: a scoped lookup, a form that validates, one service call, a redirect with a
message. A card's content is shown only when CARD-9 gives the reader a basis.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from crm.selectors import person_name
from customers.forms.cards import (
    AttendanceForm,
    CardForm,
    CheckOutForm,
    CustodySearchForm,
    CustomerSearchForm,
    EventForm,
    FineForm,
    HandOverForm,
    IncidentFilterForm,
    IncidentForm,
)
from customers.models import CardStatus, IncidentKind
from customers.selectors.cards import (
    COLLECTOR_PERMISSION,
    CUSTODIAN_PERMISSION,
    INCIDENTS_ALL,
    INCIDENTS_OPEN,
    MY_CARD_TABS,
    TAB_FILL,
    TAB_HELD,
    TAB_SUBMITTED,
    card_checkouts,
    card_content_rows,
    card_current_holder,
    card_custodian_choices,
    card_get_for,
    card_holder_choices,
    card_incident_holder_choices,
    card_incidents,
    card_late_notes,
    card_missing_fields,
    card_rep_choices,
    cards_held_by,
    cards_in_custody_of,
    cards_submitted_by,
    cards_to_fill_for,
    cards_waiting_for_handover,
    checkout_get_for_custodian,
    checkouts_held_by,
    event_attendances_for,
    event_customer_candidates,
    event_get_for,
    event_hidden_attendee_count,
    events_for,
    incident_get_for,
    incidents_for,
    my_card_counts,
    overdue_checkouts_for,
    staff_cards_person_for,
)
from customers.selectors.scope import customer_scope_for
from customers.services.cards import (
    attendance_add,
    card_check_out,
    card_return,
    card_save,
    cards_hand_over,
    event_create,
    event_update,
    incident_mark_restored,
    incident_report,
    incident_set_fine,
)
from customers.services.sealing import sealed_card_read

PAGE_SIZE = 25
CANDIDATES_SHOWN = 10
HISTORY_SHOWN = 20


def _page(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _access_request_url(card) -> str:
    """The sealing work's request page for this card; its plain path if not yet routed."""
    try:
        base = reverse("customers:access_new")
    except NoReverseMatch:
        base = "/access/new/"
    return f"{base}?card={card.pk}"


# Events (CARD-1) ---------------------------------------------------------------------


@require_GET
@role_required("customers.view_event")
def event_list(request):
    page = _page(request, events_for(user=request.user))
    return render(request, "customers/cards/event_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@role_required("customers.add_event")
def event_new(request):
    form = EventForm(request.POST or None)
    if form.is_valid():
        try:
            event = event_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Event saved. Now add the customers who attended."))
            return redirect("customers:event_detail", event.pk)
    return render(request, "customers/cards/event_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@role_required("customers.change_event")
def event_edit(request, pk: int):
    event = event_get_for(user=request.user, pk=pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_update(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("customers:event_detail", event.pk)
    return render(request, "customers/cards/event_form.html", {"form": form, "event": event})


def _event_page(request, event, *, bound: tuple[int, AttendanceForm] | None = None, status=200):
    user = request.user
    may_add = user.has_perm("customers.change_event")
    search = CustomerSearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    candidates = []
    if may_add and (q or bound):
        reps = card_rep_choices()
        found = list(event_customer_candidates(user=user, event=event, q=q)[:CANDIDATES_SHOWN])
        if bound and bound[0] not in {c.pk for c in found}:
            found = [
                *customer_scope_for(user=user)
                .filter(pk=bound[0])
                .select_related("ownership__owner"),
                *found,
            ]
        rep_ids = set(reps.values_list("pk", flat=True))
        for customer in found:
            if bound and bound[0] == customer.pk:
                form = bound[1]
            else:
                owner = getattr(getattr(customer, "ownership", None), "owner_id", None)
                form = AttendanceForm(
                    initial={"customer": customer.pk, "rep": owner if owner in rep_ids else None},
                    customers=customer_scope_for(user=user),
                    reps=reps,
                    auto_id=f"c{customer.pk}_%s",
                )
            candidates.append({"customer": customer, "form": form})
    page = _page(request, event_attendances_for(user=user, event=event))
    context = {
        "event": event,
        "page": page,
        "hidden": event_hidden_attendee_count(user=user, event=event),
        "may_add": may_add,
        "search": search,
        "q": q,
        "candidates": candidates,
    }
    return render(request, "customers/cards/event_detail.html", context, status=status)


@require_GET
@role_required("customers.view_event")
def event_detail(request, pk: int):
    event = event_get_for(user=request.user, pk=pk)
    return _event_page(request, event)


@require_POST
@role_required("customers.change_event")
def event_attend(request, pk: int):
    """Add a customer to the event; the card is made at once (CARD-1)."""
    event = event_get_for(user=request.user, pk=pk)
    customer_pk = request.POST.get("customer", "")
    form = AttendanceForm(
        request.POST,
        customers=customer_scope_for(user=request.user),
        reps=card_rep_choices(),
        auto_id=f"c{customer_pk}_%s" if customer_pk.isdigit() else "id_%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            attendance_add(
                event=event,
                customer=data["customer"],
                rep=data["rep"],
                bought=data["bought"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                _("%(customer)s added. A card was made for %(rep)s to fill.")
                % {"customer": data["customer"].name, "rep": person_name(data["rep"])},
            )
            return redirect("customers:event_detail", event.pk)
    if not customer_pk.isdigit() or "customer" in form.errors:
        # No row to show the errors next to: the customer is out of scope or listed already.
        messages.error(
            request, " ".join(form.errors.get("customer", [])) or _("Choose a customer.")
        )
        return redirect("customers:event_detail", event.pk)
    return _event_page(request, event, bound=(int(customer_pk), form), status=400)


# A rep's cards (CARD-2…5) ------------------------------------------------------------


@require_GET
def card_list(request):
    """My cards: to fill, submitted, and those I hold on check-out."""
    user = request.user
    tab = request.GET.get("tab", TAB_FILL)
    if tab not in MY_CARD_TABS:
        tab = TAB_FILL
    if tab == TAB_HELD:
        qs = checkouts_held_by(user=user)
    elif tab == TAB_SUBMITTED:
        qs = cards_submitted_by(user=user)
    else:
        qs = cards_to_fill_for(user=user)
    return render(
        request,
        "customers/cards/card_list.html",
        {
            "tab": tab,
            "page": _page(request, qs),
            "counts": my_card_counts(user=user),
            "today": timezone.localdate(),
        },
    )


@never_cache  # a card's content must not stay in a browser's or a proxy's cache
@require_GET
def card_detail(request, pk: int):
    """The card's metadata for everyone who may see it; its content only with a basis
    (CARD-9). A read during a visit or under an approval is logged."""
    user = request.user
    card = card_get_for(user=user, pk=pk)
    now = timezone.now()
    basis, log = sealed_card_read(user=user, card=card, now=now)
    incidents = list(card_incidents(card=card))
    may_report = user.has_perm("customers.add_cardincident") and (
        user.has_perm(COLLECTOR_PERMISSION) or card.custodian_id == user.pk
    )
    may_restore = user.has_perm("customers.change_cardincident") or (
        user.has_perm("customers.add_cardincident") and card.custodian_id == user.pk
    )
    checkouts = list(card_checkouts(card=card)[:HISTORY_SHOWN])
    open_checkout = next((c for c in checkouts if c.returned_at is None), None)
    is_custodian = card.custodian_id == user.pk and card.status == CardStatus.IN_CUSTODY
    return render(
        request,
        "customers/cards/card_detail.html",
        {
            "card": card,
            "event": card.attendance.event,
            "basis": basis,
            "log": log,
            "content": card_content_rows(card=card) if basis else [],
            "late_notes": card_late_notes(card=card),
            "missing": card_missing_fields(card=card) if basis else [],
            "may_fill": card.rep_id == user.pk and card.status == CardStatus.DRAFT,
            "is_custodian": is_custodian,
            "checkouts": checkouts,
            "open_checkout": open_checkout,
            "incidents": incidents,
            # CARD-8: a lost card not restored yet is lost, not in anyone's custody.
            "lost": any(i.kind == IncidentKind.LOST and i.restored_at is None for i in incidents),
            "may_report": may_report,
            "may_fine": user.has_perm("customers.change_cardincident"),
            "may_restore": may_restore,
            "access_url": _access_request_url(card),
            "today": timezone.localdate(now),
        },
    )


@require_http_methods(["GET", "POST"])
def card_fill(request, pk: int):
    """The rep fills the card (CARD-2): save as a draft any time, submit when complete."""
    card = card_get_for(user=request.user, pk=pk)
    if card.rep_id != request.user.pk or not request.user.has_perm("customers.change_archivecard"):
        raise Http404
    if card.status != CardStatus.DRAFT:
        messages.info(request, _("This card has been submitted; it can no longer be changed."))
        return redirect("customers:card_detail", card.pk)
    form = CardForm(request.POST or None, instance=card, buyer=card.buyer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = card_save(
                card=card,
                by=request.user,
                values=form.values(),
                submit=form.submits,
                now=timezone.now(),
            )
        except ValidationError as error:
            errors_onto(form, error)
            if form.submits:
                messages.error(
                    request,
                    _("The card is not complete. Fill in the fields marked below."),
                )
        else:
            if saved.status == CardStatus.SUBMITTED:
                messages.success(request, _("Card submitted to the sales manager."))
                return redirect("customers:card_detail", saved.pk)
            messages.success(request, _("Draft saved."))
            return redirect("customers:card_fill", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "customers/cards/card_fill.html",
        {"card": card, "event": card.attendance.event, "form": form},
        status=status,
    )


# The sales manager's collection (CARD-6) ---------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(COLLECTOR_PERMISSION)
def cards_submitted(request):
    """Submitted cards: select several and hand them to a service doctor."""
    page = _page(request, cards_waiting_for_handover())
    doctors = card_custodian_choices()
    form = HandOverForm(
        request.POST or None,
        doctors=doctors,
        cards=cards_waiting_for_handover(),
    )
    if request.method == "POST" and form.is_valid():
        doctor = form.cleaned_data["doctor"]
        try:
            count = cards_hand_over(
                card_ids=[card.pk for card in form.cleaned_data["cards"]],
                doctor=doctor,
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s card handed to %(doctor)s.",
                    "%(count)s cards handed to %(doctor)s.",
                    count,
                )
                % {"count": count, "doctor": person_name(doctor)},
            )
            return redirect("customers:cards_submitted")
    selected = {str(v) for v in form["cards"].value() or []} if form.is_bound else set()
    return render(
        request,
        "customers/cards/cards_submitted.html",
        {"page": page, "form": form, "selected": selected, "doctors": doctors},
        status=400 if form.is_bound else 200,
    )


# A doctor's custody (CARD-6, CARD-7) -------------------------------------------------


@require_GET
@role_required(CUSTODIAN_PERMISSION)
def cards_custody(request):
    search = CustodySearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = _page(request, cards_in_custody_of(user=request.user, q=q))
    return render(
        request,
        "customers/cards/cards_custody.html",
        {"page": page, "search": search, "q": q, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@role_required(CUSTODIAN_PERMISSION)
def card_check_out_view(request, pk: int):
    """CARD-7: lend a card in one's custody to a rep for a visit, due back the same day."""
    card = card_get_for(user=request.user, pk=pk)
    if card.custodian_id != request.user.pk or card.status != CardStatus.IN_CUSTODY:
        raise Http404
    form = CheckOutForm(request.POST or None, holders=card_holder_choices(card=card))
    if request.method == "POST" and form.is_valid():
        try:
            checkout = card_check_out(
                card=card,
                holder=form.cleaned_data["holder"],
                purpose=form.cleaned_data["purpose"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                _("Card checked out to %(holder)s, due back %(due)s.")
                % {
                    "holder": person_name(checkout.holder),
                    "due": date_format(checkout.due_on, "DATE_FORMAT"),
                },
            )
            return redirect("customers:cards_custody")
    open_checkout = next((c for c in card_checkouts(card=card)[:1] if c.returned_at is None), None)
    return render(
        request,
        "customers/cards/card_check_out.html",
        {"card": card, "form": form, "open_checkout": open_checkout},
        status=400 if form.is_bound else 200,
    )


RETURN_TO = {
    "custody": "customers:cards_custody",
    "overdue": "customers:cards_overdue",
}


@require_POST
@role_required(CUSTODIAN_PERMISSION)
def checkout_return(request, pk: int):
    """The doctor records that a checked-out card came back."""
    checkout = checkout_get_for_custodian(user=request.user, pk=pk)
    try:
        card_return(checkout=checkout, by=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Return recorded: %(customer)s's card is back from %(holder)s.")
            % {"customer": checkout.card.customer.name, "holder": person_name(checkout.holder)},
        )
    back = RETURN_TO.get(request.POST.get("back", ""))
    if back:
        return redirect(back)
    return redirect("customers:card_detail", checkout.card_id)


@require_GET
@role_required(CUSTODIAN_PERMISSION, COLLECTOR_PERMISSION)
def cards_overdue(request):
    """CARD-7: open check-outs not returned by their due day, for doctors and the manager."""
    user = request.user
    today = timezone.localdate()
    page = _page(request, overdue_checkouts_for(user=user, today=today))
    rows = [{"checkout": c, "days": (today - c.due_on).days} for c in page.object_list]
    return render(
        request,
        "customers/cards/cards_overdue.html",
        {"page": page, "rows": rows, "today": today},
    )


# Incidents (CARD-8) ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required("customers.add_cardincident")
def card_incident_new(request, pk: int):
    user = request.user
    card = card_get_for(user=user, pk=pk)
    if not (user.has_perm(COLLECTOR_PERMISSION) or card.custodian_id == user.pk):
        raise Http404
    with_fine = user.has_perm("customers.change_cardincident")
    holder = card_current_holder(card=card)
    form = IncidentForm(
        request.POST or None,
        holders=card_incident_holder_choices(card=card),
        with_fine=with_fine,
        initial={"holder": holder.pk if holder else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident_report(
                card=card,
                kind=data["kind"],
                holder=data["holder"],
                description=data["description"],
                fine=data.get("fine"),
                by=user,
                now=timezone.now(),
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            if with_fine:
                messages.success(request, _("Incident recorded with the fine."))
            else:
                messages.success(
                    request, _("Incident recorded. The sales manager will set the fine.")
                )
            return redirect("customers:card_detail", card.pk)
    return render(
        request,
        "customers/cards/incident_form.html",
        {"card": card, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
@role_required("customers.change_cardincident")
def card_incidents_list(request):
    form = IncidentFilterForm(request.GET)
    show = form.cleaned_data.get("show") if form.is_valid() else INCIDENTS_OPEN
    show = show if show in (INCIDENTS_OPEN, INCIDENTS_ALL) else INCIDENTS_OPEN
    page = _page(request, incidents_for(user=request.user, show=show))
    return render(
        request, "customers/cards/incident_list.html", {"page": page, "form": form, "show": show}
    )


@require_http_methods(["GET", "POST"])
@role_required("customers.change_cardincident")
def incident_fine(request, pk: int):
    incident = incident_get_for(user=request.user, pk=pk)
    form = FineForm(
        request.POST or None, initial={"fine": incident.fine if incident.fine else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident_set_fine(incident=incident, fine=form.cleaned_data["fine"], by=request.user)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request,
                _("Fine set for %(holder)s.") % {"holder": person_name(incident.holder)},
            )
            return redirect("customers:card_detail", incident.card_id)
    return render(
        request,
        "customers/cards/incident_fine.html",
        {"incident": incident, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def incident_restored(request, pk: int):
    incident = incident_get_for(user=request.user, pk=pk)
    user = request.user
    if not (
        user.has_perm("customers.change_cardincident") or incident.card.custodian_id == user.pk
    ):
        raise Http404
    try:
        incident_mark_restored(incident=incident, by=user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The card is marked as restored."))
    return redirect("customers:card_detail", incident.card_id)


# The cards a person holds (CARD-10) --------------------------------------------------


@require_GET
def staff_cards(request, user_id: int):
    person = staff_cards_person_for(viewer=request.user, user_id=user_id)
    page = _page(request, cards_held_by(user=person))
    return render(
        request,
        "customers/cards/staff_cards.html",
        {"person": person, "page": page, "today": timezone.localdate()},
    )
