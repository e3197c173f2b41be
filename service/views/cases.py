"""Case pages (SVC-1): log a case, my cases, the case with its timeline, answer, route,
the department queue and the managers' overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import as_id, errors_onto
from crm.lib.scoping import role_required
from customers.selectors.scope import customer_get_for, customer_scope_for
from service.forms import CaseAnswerForm, CaseLogForm, CaseRouteForm
from service.models import CaseStatus
from service.selectors.cases import (
    ALL_CASES,
    MINE_ALL,
    MINE_CUSTOMERS,
    MINE_OPEN,
    MINE_ROUTED,
    MINE_SHOWS,
    case_act_refusal,
    case_can_act,
    case_customer_choices,
    case_customer_visible,
    case_expected_latest,
    case_expected_note,
    case_get_for,
    case_holder,
    case_is_overdue,
    case_queue,
    case_timeline,
    cases_mine,
    cases_named_for,
    cases_overdue,
    departments_for_queue,
    products_known,
    user_department_ids,
)
from service.selectors.complaints import complaint_of_case
from service.services.cases import case_answer, case_log, case_route
from service.views import PAGE_SIZE

LOG_FIELDS = (
    "channel",
    "kind",
    "customer",
    "caller_name",
    "caller_phone",
    "subject",
    "description",
    "product",
    "answer",
)


def _customer_results(request, *, query: str, selected_pk: int | None) -> list:
    results = case_customer_choices(user=request.user, q=query)
    if selected_pk and all(c.pk != selected_pk for c in results):
        chosen = customer_scope_for(user=request.user).filter(pk=selected_pk).first()
        if chosen is not None:
            results.insert(0, chosen)
    return results


@require_http_methods(["GET", "POST"])
@role_required("service.add_case")
def case_new(request):
    user = request.user
    scope = customer_scope_for(user=user)
    initial = {}
    raw = request.GET.get("customer", "")
    if (pk := as_id(raw)) is not None:  # "Log a case" from a customer's page
        initial["customer"] = customer_get_for(user=user, pk=pk).pk
    searching = request.method == "POST" and "search" in request.POST
    if request.method == "POST" and not searching:
        form = CaseLogForm(request.POST, customers=scope)
        if form.is_valid():
            data = {name: form.cleaned_data.get(name) for name in LOG_FIELDS}
            try:
                case = case_log(by=user, now=timezone.now(), **data)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                if case.status == CaseStatus.CLOSED:
                    messages.success(
                        request, _("Case #%(number)s logged and answered.") % {"number": case.pk}
                    )
                else:
                    messages.success(
                        request,
                        _("Case #%(number)s logged. It is yours until you answer it or route it.")
                        % {"number": case.pk},
                    )
                return redirect("service:case_detail", pk=case.pk)
    else:
        # A search without JavaScript posts the form back: keep what was typed, no errors.
        form = CaseLogForm(initial=request.POST.dict() if searching else initial, customers=scope)
    source = request.POST if request.method == "POST" else {}
    query = source.get("customer_query", "")
    chosen = str(source.get("customer", "") or initial.get("customer", ""))
    selected_pk = as_id(chosen)
    return render(
        request,
        "service/case_new.html",
        {
            "form": form,
            "customer_results": _customer_results(request, query=query, selected_pk=selected_pk),
            "selected_pk": selected_pk,
            "searched": bool(query.strip()),
            "products": products_known(),
        },
    )


@require_GET
@role_required("service.add_case")
def case_customer_search(request):
    """The customers matching a search, as choices for the log form (htmx)."""
    query = request.GET.get("customer_query", "")
    return render(
        request,
        "service/_customer_results.html",
        {
            "customer_results": case_customer_choices(user=request.user, q=query),
            "searched": bool(query.strip()),
        },
    )


def _detail_context(request, case, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    can_act = case_can_act(user=user, case=case)
    complaint = complaint_of_case(case=case)
    return {
        "case": case,
        "timeline": case_timeline(case=case),
        "can_act": can_act,
        "holder": case_holder(case=case),
        "expected_note": case_expected_note(case=case),
        "overdue": case_is_overdue(case=case, today=today),
        "today": today,
        "expected_latest": case_expected_latest(today=today),
        "answer_form": forms.get("answer_form") or CaseAnswerForm(),
        "route_form": forms.get("route_form") or CaseRouteForm(),
        "route_open": "route_form" in forms,
        "complaint": complaint,
        "may_open_complaint": complaint is None and user.has_perm("service.add_complaint"),
        "customer_visible": case_customer_visible(user=user, case=case),
    }


@require_GET
def case_detail(request, pk: int):
    case = case_get_for(user=request.user, pk=pk)
    return render(request, "service/case_detail.html", _detail_context(request, case))


@require_POST
def case_answer_view(request, pk: int):
    case = case_get_for(user=request.user, pk=pk)
    if refusal := case_act_refusal(user=request.user, case=case):
        messages.error(request, refusal)
        return redirect("service:case_detail", pk=case.pk)
    form = CaseAnswerForm(request.POST)
    if form.is_valid():
        try:
            case_answer(
                case=case, by=request.user, answer=form.cleaned_data["answer"], now=timezone.now()
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Case #%(number)s is answered.") % {"number": case.pk})
            return redirect("service:case_detail", pk=case.pk)
    return render(
        request, "service/case_detail.html", _detail_context(request, case, answer_form=form)
    )


@require_POST
def case_route_view(request, pk: int):
    case = case_get_for(user=request.user, pk=pk)
    if refusal := case_act_refusal(user=request.user, case=case):
        messages.error(request, refusal)
        return redirect("service:case_detail", pk=case.pk)
    form = CaseRouteForm(request.POST)
    if form.is_valid():
        try:
            case = case_route(case=case, by=request.user, now=timezone.now(), **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("Case #%(number)s is routed to %(department)s, due %(date)s.")
                % {
                    "number": case.pk,
                    "department": case.department,
                    "date": date_format(case.expected_on, "DATE_FORMAT"),
                },
            )
            return redirect("service:case_detail", pk=case.pk)
    return render(
        request, "service/case_detail.html", _detail_context(request, case, route_form=form)
    )


# Lists ---------------------------------------------------------------------------------


@require_GET
@role_required("service.add_case")
def case_mine(request):
    show = request.GET.get("show", MINE_OPEN)
    if show not in MINE_SHOWS:
        show = MINE_OPEN
    qs = cases_mine(user=request.user, show=show)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = cases_named_for(user=request.user, cases=page.object_list)
    today = timezone.localdate()
    tabs = [
        (MINE_OPEN, _("Waiting for me")),
        (MINE_ROUTED, _("Routed by me")),
        (MINE_CUSTOMERS, _("On my customers")),
        (MINE_ALL, _("All I can see")),
    ]
    return render(
        request,
        "service/case_list.html",
        {"page": page, "show": show, "tabs": tabs, "today": today},
    )


@require_GET
def department_queue(request):
    departments = departments_for_queue(user=request.user)
    if not departments:
        return render(request, "service/queue.html", {"departments": [], "department": None})
    wanted = request.GET.get("department", "")
    own = user_department_ids(user=request.user)
    department = next(
        (d for d in departments if d.code == wanted),
        next((d for d in departments if d.pk in own), departments[0]),
    )
    page = Paginator(case_queue(department=department), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = cases_named_for(user=request.user, cases=page.object_list)
    return render(
        request,
        "service/queue.html",
        {
            "departments": departments,
            "department": department,
            "page": page,
            "today": timezone.localdate(),
        },
    )


@require_GET
@role_required(ALL_CASES)
def cases_overdue_view(request):
    today = timezone.localdate()
    page = Paginator(cases_overdue(today=today), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = cases_named_for(user=request.user, cases=page.object_list)
    return render(request, "service/overdue.html", {"page": page, "today": today})
