"""The call desk (TEL-1): log a call, see today's; the call history with its filters.

The desk works without JavaScript (post, redirect, the form comes back empty); with htmx
the form and today's list are swapped in place and the first field takes the focus.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from telesales.forms import CallForm, parse_day
from telesales.selectors.calls import (
    call_figures,
    call_figures_by_rep,
    call_list_for,
    calls_of_day,
)
from telesales.selectors.scope import (
    acts_as_telesales_rep,
    prospects_for,
    require,
    telesales_reps_for,
)
from telesales.services.calls import call_log, day_bounds

PAGE_SIZE = 50
HISTORY_DAYS = 30  # the call history shows the last 30 days unless told otherwise


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def visible_prospect_ids(*, user, calls) -> set[int]:
    """Which of the calls' prospects the user may open (one query)."""
    ids = {c.prospect_id for c in calls if c.prospect_id}
    if not ids:
        return set()
    return set(prospects_for(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def _desk_context(request, *, form: CallForm, today: dt.date, logged=None) -> dict:
    page = Paginator(calls_of_day(rep=request.user, day=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    start, end = day_bounds(today)
    return {
        "form": form,
        "page": page,
        "figures": call_figures(rep=request.user, start=start, end=end),
        "visible": visible_prospect_ids(user=request.user, calls=page.object_list),
        "today": today,
        "logged": logged,
    }


@require_http_methods(["GET", "POST"])
def call_desk(request):
    """TEL-1: the telesales rep's desk; leaders (and a superuser, who makes no calls) see
    today's figures of their reps."""
    require(request.user, "telesales.view_call")
    today = timezone.localdate()
    if not acts_as_telesales_rep(request.user, perm="telesales.add_call"):
        if request.method == "POST":
            return HttpResponse(status=405)
        return _team_today(request, today=today)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = call_log(rep=request.user, data=form.cleaned_data, now=timezone.now())
        if not _htmx(request):
            if call.is_valid:
                messages.success(request, _("Call logged: valid."))
            else:
                messages.warning(request, _("Call logged, but not valid."))
            return redirect("telesales:call_desk")
        context = _desk_context(request, form=CallForm(), today=today, logged=call)
        return render(request, "telesales/calls/_desk.html", context)
    if form.is_bound:
        form.focus_first_error()
    context = _desk_context(request, form=form, today=today)
    template = "telesales/calls/_desk.html" if _htmx(request) else "telesales/calls/desk.html"
    return render(request, template, context)


def _team_today(request, *, today: dt.date):
    reps = list(telesales_reps_for(user=request.user))
    start, end = day_bounds(today)
    figures = call_figures_by_rep(rep_ids=[r.pk for r in reps], start=start, end=end)
    empty = {"calls": 0, "valid": 0, "invalid": 0, "companies": 0}
    rows = [(rep, figures.get(rep.pk, empty)) for rep in reps]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "telesales/calls/team.html", {"page": page, "today": today})


@require_GET
def call_list(request):
    """Every call the user may see, by rep, days and validity: the records behind a report."""
    require(request.user, "telesales.view_call")
    reps = list(telesales_reps_for(user=request.user))
    rep = next((r for r in reps if str(r.pk) == request.GET.get("rep")), None)
    today = timezone.localdate()
    end = parse_day(request.GET.get("to")) or today
    start = parse_day(request.GET.get("from")) or end - dt.timedelta(days=HISTORY_DAYS - 1)
    valid = {"yes": True, "no": False}.get(request.GET.get("valid", ""))
    qs = call_list_for(user=request.user, rep=rep, start=start, end=end, valid=valid)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "telesales/calls/list.html",
        {
            "page": page,
            "reps": reps,
            "rep": rep,
            "start": start,
            "end": end,
            "valid": request.GET.get("valid", ""),
            "visible": visible_prospect_ids(user=request.user, calls=page.object_list),
        },
    )
