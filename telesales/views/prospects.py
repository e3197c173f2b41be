"""Prospect pages: the list, the archive, the field rep's visit, grading, conversion."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import errors_onto
from crm.lib.paging import keyset_page
from customers.names import normalize_phone
from telesales.forms import GradeForm, ProspectForm, VisitRequestForm, VisitSignForm
from telesales.models import Grade, Prospect
from telesales.selectors.calls import call_list_for
from telesales.selectors.scope import prospect_get_for, prospects_for, require
from telesales.services.prospects import (
    prospect_archive_missing,
    prospect_convert,
    prospect_grade,
    prospect_grade_blockers,
    prospect_update,
    prospect_visit_request,
    prospect_visit_sign,
)

PAGE_SIZE = 25
# The list's keyset (crm.lib.paging), newest first: the columns of prospect_newest_idx.
PROSPECT_ORDER = ("created_at", "id")
CALLS_SHOWN = 20
SEES = ("telesales.view_prospect", "telesales.sign_prospect_visit")


def _refuse(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _detail(prospect: Prospect):
    return redirect("telesales:prospect_detail", pk=prospect.pk)


@require_GET
def prospect_list(request):
    require(request.user, *SEES)
    user = request.user
    qs = prospects_for(user=user).select_related("owner", "visit_rep")
    q = " ".join(request.GET.get("q", "").split())[:100]
    if q:
        match = Q(organisation__icontains=q) | Q(contact_surname__startswith=q)
        digits = normalize_phone(q)
        if len(digits) >= 3 and digits == q.replace("-", "").replace(" ", ""):
            match |= Q(phone__contains=digits)
        qs = qs.filter(match)
    grade = request.GET.get("grade", "")
    if grade in Grade.values:
        qs = qs.filter(grade=grade)
    elif grade == "none":
        qs = qs.filter(grade="")
    to_visit = request.GET.get("visit") == "mine" or not user.has_perm("telesales.view_prospect")
    if to_visit:
        qs = qs.filter(visit_rep=user, signed_at__isnull=True)
    page = keyset_page(
        qs=qs,
        size=PAGE_SIZE,
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
        order=PROSPECT_ORDER,
    )
    kept = {k: v for k, v in request.GET.items() if k not in {"after", "before"} and v}
    return render(
        request,
        "telesales/prospects/list.html",
        {
            "page": page,
            "q": q,
            "grade": grade,
            "grades": Grade.choices,
            "to_visit": to_visit,
            "filtered": bool(q or grade),
            "next_query": urlencode({**kept, "after": page.next_cursor or ""}),
            "previous_query": urlencode({**kept, "before": page.previous_cursor or ""}),
            "first_query": urlencode(kept),
        },
    )


@require_GET
def prospect_detail(request, pk: int):
    require(request.user, *SEES)
    user = request.user
    prospect = prospect_get_for(user=user, pk=pk)
    leads = user.has_perm("telesales.view_prospect")
    calls = list(call_list_for(user=user, prospect=prospect)[:CALLS_SHOWN]) if leads else []
    signer = prospect.visit_rep_id == user.pk and prospect.signed_at is None
    context = {
        "prospect": prospect,
        "missing": prospect_archive_missing(prospect=prospect),
        "blockers": prospect_grade_blockers(prospect=prospect),
        "calls": calls,
        "may_edit": user.has_perm("telesales.change_prospect"),
        "may_grade": user.has_perm("telesales.grade_prospect"),
        "may_convert": (
            user.has_perm("telesales.convert_prospect")
            and prospect.customer_id is None
            and prospect.grade in (Grade.A, Grade.B)
        ),
        "may_sign": signer and user.has_perm("telesales.sign_prospect_visit"),
    }
    if context["may_edit"] and prospect.signed_at is None:
        context["visit_form"] = VisitRequestForm(initial={"field_rep": prospect.visit_rep_id})
    if context["may_sign"]:
        context["sign_form"] = VisitSignForm(initial={"visited_on": timezone.localdate()})
    if context["may_grade"]:
        context["grade_form"] = GradeForm(initial={"grade": prospect.grade})
    return render(request, "telesales/prospects/detail.html", context)


@require_http_methods(["GET", "POST"])
def prospect_edit(request, pk: int):
    require(request.user, "telesales.change_prospect")
    prospect = prospect_get_for(user=request.user, pk=pk)
    form = ProspectForm(request.POST or None, instance=Prospect.objects.get(pk=prospect.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            prospect_update(prospect=prospect, data=data, by=request.user, now=timezone.now())
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The archive is saved."))
            return _detail(prospect)
    return render(request, "telesales/prospects/edit.html", {"prospect": prospect, "form": form})


@require_POST
def prospect_visit(request, pk: int):
    require(request.user, "telesales.change_prospect")
    prospect = prospect_get_for(user=request.user, pk=pk)
    form = VisitRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the field rep who will visit."))
        return _detail(prospect)
    try:
        prospect_visit_request(
            prospect=prospect,
            field_rep=form.cleaned_data["field_rep"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("The field rep is asked to visit and sign."))
    return _detail(prospect)


@require_http_methods(["GET", "POST"])
def prospect_sign(request, pk: int):
    require(request.user, "telesales.sign_prospect_visit")
    prospect = prospect_get_for(user=request.user, pk=pk)
    if prospect.visit_rep_id != request.user.pk:
        raise PermissionDenied
    form = VisitSignForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            prospect_visit_sign(
                prospect=prospect,
                by=request.user,
                visited_on=form.cleaned_data["visited_on"],
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Visit signed."))
            return _detail(prospect)
    return render(
        request,
        "telesales/prospects/sign.html",
        {
            "prospect": prospect,
            "form": form,
            "missing": prospect_archive_missing(prospect=prospect),
        },
    )


@require_POST
def prospect_grade_view(request, pk: int):
    require(request.user, "telesales.grade_prospect")
    prospect = prospect_get_for(user=request.user, pk=pk)
    form = GradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a grade."))
        return _detail(prospect)
    try:
        prospect_grade(
            prospect=prospect,
            grade=form.cleaned_data["grade"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("The grade is saved."))
    return _detail(prospect)


@require_POST
def prospect_convert_view(request, pk: int):
    require(request.user, "telesales.convert_prospect")
    prospect = prospect_get_for(user=request.user, pk=pk)
    try:
        customer = prospect_convert(prospect=prospect, by=request.user, now=timezone.now())
    except ValidationError as exc:
        _refuse(request, exc)
        return _detail(prospect)
    messages.success(
        request,
        _("%(name)s is now a customer (source: telesales).") % {"name": customer.name},
    )
    return _detail(prospect)
