"""Sealed surveys, access requests, approvals and the read log (SEAL-1, INTAKE-6/7, CARD-9)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from customers.forms.sealing import (
    AccessDecisionForm,
    AccessRequestForm,
    ReadLogFilterForm,
    SealedSearchForm,
)
from customers.models import AccessRequest, AccessStatus
from customers.selectors.sealing import (
    access_request_state,
    access_requests_for,
    access_requests_on,
    access_requests_pending,
    active_grant_for,
    card_get_for_access,
    expired_grant_for,
    read_log_for,
    sealed_survey_get_for,
    sealed_surveys_for,
    survey_answers_for_display,
)
from customers.services.sealing import (
    access_request_create,
    access_request_decide,
    sealed_survey_read,
)

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- The sealed archive ---------------------------------------------------------------


@require_GET
@role_required("customers.keep_sealed_surveys")
def sealed_list(request):
    """INTAKE-6: the service manager's custody, metadata only ("store, not read")."""
    form = SealedSearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    page = _page(request, sealed_surveys_for(user=request.user, q=q))
    return render(request, "customers/sealing/sealed_list.html", {"page": page, "form": form})


@require_GET
def sealed_detail(request, pk: int):
    survey = sealed_survey_get_for(user=request.user, pk=pk)
    now = timezone.now()
    mine = list(access_requests_on(user=request.user, survey=survey)[:5])
    return render(
        request,
        "customers/sealing/sealed_detail.html",
        {
            "survey": survey,
            "grant": active_grant_for(user=request.user, survey=survey, now=now),
            "waiting": any(r.status == AccessStatus.PENDING for r in mine),
            "requests": [
                {"req": r, "state": access_request_state(access_request=r, now=now)} for r in mine
            ],
        },
    )


@never_cache  # the answers must not stay in a browser's or a proxy's cache
@require_GET
def sealed_read(request, pk: int):
    """SEAL-1: the answers, only under an approval in force; every read is logged."""
    survey = sealed_survey_get_for(user=request.user, pk=pk)
    now = timezone.now()
    log = sealed_survey_read(user=request.user, survey=survey, now=now)
    if log is None:
        waiting = access_requests_on(user=request.user, survey=survey).filter(
            status=AccessStatus.PENDING
        )
        return render(
            request,
            "customers/sealing/sealed_denied.html",
            {
                "survey": survey,
                "expired": expired_grant_for(user=request.user, survey=survey, now=now),
                "waiting": waiting.first(),
            },
            status=403,
        )
    return render(
        request,
        "customers/sealing/sealed_read.html",
        {
            "survey": survey,
            "rows": survey_answers_for_display(survey=survey),
            "grant": log.access_request,
            "log": log,
        },
    )


# --- Access requests ------------------------------------------------------------------


@require_GET
def access_list(request):
    """A user's own requests and where each one stands."""
    now = timezone.now()
    page = _page(request, access_requests_for(user=request.user))
    rows = [
        {"req": r, "state": access_request_state(access_request=r, now=now)}
        for r in page.object_list
    ]
    return render(request, "customers/sealing/access_list.html", {"page": page, "rows": rows})


def _record_from_query(request) -> dict:
    """?survey=<pk> or ?card=<pk>: the one record a request is about, or 404."""
    survey_pk, card_pk = request.GET.get("survey", ""), request.GET.get("card", "")
    if survey_pk.isdigit() and not card_pk:
        return {"survey": sealed_survey_get_for(user=request.user, pk=int(survey_pk))}
    if card_pk.isdigit() and not survey_pk:
        return {"card": card_get_for_access(user=request.user, pk=int(card_pk))}
    raise Http404


@require_http_methods(["GET", "POST"])
@role_required("customers.add_accessrequest")
def access_new(request):
    """Ask to read one sealed survey or one archive card, with a reason."""
    record = _record_from_query(request)
    form = AccessRequestForm(request.POST or None)
    if form.is_valid():
        try:
            access_request_create(
                user=request.user,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
                **record,
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(
                request, _("Your request was sent. A general manager will approve or reject it.")
            )
            return redirect("customers:access_list")
    return render(request, "customers/sealing/access_form.html", {"form": form, **record})


# --- Approval by a general manager ----------------------------------------------------


def _pending_page(request, *, bound: tuple[int, AccessDecisionForm] | None = None):
    page = _page(request, access_requests_pending())
    items = []
    for req in page.object_list:
        if bound and bound[0] == req.pk:
            form = bound[1]
        else:
            form = AccessDecisionForm(auto_id=f"r{req.pk}_%s")
        items.append({"req": req, "form": form, "own": req.requester_id == request.user.pk})
    return render(request, "customers/sealing/access_pending.html", {"page": page, "items": items})


@require_GET
@role_required("customers.approve_access")
def access_pending(request):
    return _pending_page(request)


@require_POST
@role_required("customers.approve_access")
def access_decide(request, pk: int):
    access_request = get_object_or_404(AccessRequest, pk=pk)
    form = AccessDecisionForm(request.POST, auto_id=f"r{pk}_%s")
    if form.is_valid():
        try:
            decided = access_request_decide(
                access_request=access_request,
                by=request.user,
                approve=form.approves,
                now=timezone.now(),
                hours=form.cleaned_data.get("hours"),
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Decided already, or one's own request: nothing to correct in the form.
                messages.error(request, " ".join(error.messages))
                return redirect("customers:access_pending")
            errors_onto(form, error)
        else:
            if decided.status == AccessStatus.APPROVED:
                messages.success(request, _("Approved. The requester may read the record."))
            else:
                messages.success(request, _("Rejected. The requester sees your note."))
            return redirect("customers:access_pending")
    return _pending_page(request, bound=(pk, form))


# --- The read log ---------------------------------------------------------------------


@require_GET
@role_required("customers.view_read_log")
def read_log(request):
    """SEAL-1: who read which sealed record when, under which approval."""
    form = ReadLogFilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        entries = read_log_for(
            reader=data.get("reader"), date_from=data.get("date_from"), date_to=data.get("date_to")
        )
    else:
        entries = read_log_for().none()
    page = _page(request, entries)
    return render(request, "customers/sealing/read_log.html", {"page": page, "form": form})
