"""Survey pages: fill one on a phone, my surveys, the sales manager's assignment queue.

No page here shows a survey's answers: once submitted they are the sealing work's
(INTAKE-6, SEAL-1).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.forms import as_id, errors_onto
from crm.lib.scoping import role_required
from crm.selectors import person_name
from customers.forms.surveys import (
    EXISTING,
    NEW,
    AnswersForm,
    AssignForm,
    DuplicateDecisionForm,
    NewCustomerForm,
    SurveyForm,
)
from customers.models import AssignmentPrinciple, Survey, SurveyStatus
from customers.selectors.customers import customer_duplicates, customer_search
from customers.selectors.scope import customer_scope_for
from customers.selectors.surveys import (
    assignment_context,
    assignment_proposal,
    survey_custodian_pick,
    survey_questions,
    survey_templates_active,
    surveys_collected_by,
    surveys_waiting,
    surveys_waiting_for_custodian,
)
from customers.services.surveys import survey_assign, survey_submit, surveys_seal_waiting
from pools.masking import mask_pool_rows

LIST_PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 20
SEARCH_RESULTS = 10
DUPLICATES_SHOWN = 5


# Filling a survey (INTAKE-1…4, 7, 8, 9)


def _template_chosen(request):
    """The template asked for (a switch or the posted form), else the default one."""
    templates = survey_templates_active()
    wanted = request.POST.get("template") or request.GET.get("template")
    chosen = templates.filter(pk=as_id(wanted)).first() if as_id(wanted) else None
    return chosen or templates.first()


def _customer_choices(*, user, query: str, selected) -> list:
    """The scoped customers to choose from: the chosen one first, then the matches."""
    found = []
    if query.strip():
        scope = customer_scope_for(user=user)
        found = list(
            customer_search(qs=scope, q=query)
            .select_related("ownership")
            .order_by("name", "pk")[:SEARCH_RESULTS]
        )
        mask_pool_rows(found)  # POOL-12: a pool customer's phone stays masked in results
    if selected is not None and selected not in found:
        found.insert(0, selected)
    return found


def _duplicates_check(data, new_customer: dict):
    """INTAKE-9: existing customers matching the new one, and the collector's decision.

    The decision form is bound only when the collector decided on exactly the matches
    they were shown: never a blind "create anyway" about other customers.
    """
    duplicates = list(
        customer_duplicates(
            phone=new_customer["phone"], organisation=new_customer.get("organisation", "")
        )[:DUPLICATES_SHOWN]
    )
    if not duplicates:
        return [], None
    decided = data.get("dup-seen") == ",".join(str(c.pk) for c in duplicates)
    form = DuplicateDecisionForm(data if decided else None, duplicates=duplicates, prefix="dup")
    return duplicates, form


def _submitted_message(survey, *, scope) -> str:
    if scope.filter(pk=survey.customer_id).exists():
        return _("Survey of %(customer)s submitted to the sales manager.") % {
            "customer": survey.customer.name
        }
    # INTAKE-9: attached to another rep's customer; name its first collector, nothing more.
    collector = survey.customer.first_collector
    return _(
        "Survey submitted to the sales manager. It was attached to the existing customer "
        "first collected by %(name)s."
    ) % {"name": person_name(collector) if collector else "—"}


@require_http_methods(["GET", "POST"])
@role_required("customers.add_survey")
def survey_new(request):
    template = _template_chosen(request)
    if template is None:
        return render(request, "customers/surveys/survey_new.html", {"template": None})
    user = request.user
    scope = customer_scope_for(user=user)
    data = request.POST if request.method == "POST" else None
    initial = {"template": template, "campaign": None, "customer_mode": NEW}
    preselected = None
    if data is None and str(request.GET.get("customer", "")).isdigit():
        preselected = scope.filter(pk=request.GET["customer"]).first()
        if preselected is not None:
            initial.update(customer_mode=EXISTING, customer=preselected)
    survey_form = SurveyForm(data, collector=user, customers=scope, initial=initial)
    if data is None:
        campaigns = list(survey_form.fields["campaign"].queryset[:2])
        if len(campaigns) == 1:
            survey_form.initial["campaign"] = campaigns[0]
    customer_form = NewCustomerForm(data, prefix="new")
    answers_form = AnswersForm(data, questions=survey_questions(template=template), prefix="a")
    decision_form = None
    duplicates = []
    searching = data is not None and "search" in data
    if searching:
        # A search without JavaScript, not a submission: keep what was typed, judge nothing.
        for form in (survey_form, customer_form, answers_form):
            form._errors = ErrorDict()

    if data is not None and not searching:
        valid = survey_form.is_valid()
        valid = answers_form.is_valid() and valid
        mode = survey_form.cleaned_data.get("customer_mode", data.get("customer_mode"))
        if mode == NEW:
            valid = customer_form.is_valid() and valid
        if mode == NEW and customer_form.is_valid():
            duplicates, decision_form = _duplicates_check(data, customer_form.cleaned_data)
            if decision_form is not None:
                valid = decision_form.is_bound and decision_form.is_valid() and valid
        if valid:
            existing = decision_form.existing() if decision_form else None
            chosen = survey_form.cleaned_data.get("customer") if mode == EXISTING else existing
            try:
                survey = survey_submit(
                    collector=user,
                    template=survey_form.cleaned_data["template"],
                    campaign=survey_form.cleaned_data.get("campaign"),
                    answers=answers_form.answers(),
                    now=timezone.now(),
                    customer=chosen,
                    new_customer=customer_form.cleaned_data if chosen is None else None,
                    allow_duplicate=decision_form is not None and existing is None,
                    filled_on_behalf=survey_form.cleaned_data["filled_on_behalf"],
                    paper_serial=survey_form.cleaned_data["paper_serial"],
                )
            except ValidationError as exc:
                errors_onto(survey_form, exc, answers_form)
            else:
                messages.success(request, _submitted_message(survey, scope=scope))
                return redirect("customers:survey_list")

    scope_ids = set(scope.filter(pk__in=[c.pk for c in duplicates]).values_list("pk", flat=True))
    query = str(survey_form["customer_query"].value() or "")
    selected = survey_form["customer"].value() if data is not None else preselected
    if selected and not hasattr(selected, "pk"):
        selected = scope.filter(pk=as_id(selected)).first() if as_id(selected) else None
    return render(
        request,
        "customers/surveys/survey_new.html",
        {
            "template": template,
            "templates": survey_templates_active(),
            "form": survey_form,
            "customer_form": customer_form,
            "answers_form": answers_form,
            "decision_form": decision_form,
            "duplicates": [
                {"customer": c, "visible": c.pk in scope_ids, "value": f"existing:{c.pk}"}
                for c in duplicates
            ],
            "duplicates_seen": ",".join(str(c.pk) for c in duplicates),
            "customer_results": _customer_choices(user=user, query=query, selected=selected),
            "searched": bool(query.strip()),
            "selected_pk": getattr(selected, "pk", None),
        },
    )


@require_GET
@role_required("customers.add_survey")
def survey_customer_search(request):
    """The customers matching a search, as choices for the survey form (htmx)."""
    return render(
        request,
        "customers/surveys/_customer_results.html",
        {
            "customer_results": _customer_choices(
                user=request.user, query=request.GET.get("customer_query", ""), selected=None
            ),
            "searched": bool(request.GET.get("customer_query", "").strip()),
        },
    )


# My surveys


@require_GET
@role_required("customers.add_survey")
def survey_list(request):
    page = Paginator(surveys_collected_by(user=request.user), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    surveys = list(page.object_list)
    # A survey attached to another rep's customer names neither the customer nor more.
    visible = set(
        customer_scope_for(user=request.user)
        .filter(pk__in={s.customer_id for s in surveys})
        .values_list("pk", flat=True)
    )
    rows = [{"survey": s, "customer_visible": s.customer_id in visible} for s in surveys]
    return render(request, "customers/surveys/survey_list.html", {"page": page, "rows": rows})


# The assignment queue (INTAKE-5, INTAKE-6)


@require_GET
@role_required("customers.assign_survey")
def assignment_queue(request):
    page = Paginator(surveys_waiting(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = assignment_context()
    today = timezone.localdate()
    rows = []
    for survey in page.object_list:
        user, principle, params = assignment_proposal(survey=survey, today=today, context=context)
        rows.append(
            {
                "survey": survey,
                "proposed": user,
                "principle": principle,
                "principle_label": AssignmentPrinciple(principle).label if principle else "",
                "params": params,
                "owned": context.by_user[user.pk].owned if user else None,
            }
        )
    return render(
        request,
        "customers/surveys/assignment_queue.html",
        {
            "page": page,
            "rows": rows,
            "candidates": context.candidates,
            "custodian": survey_custodian_pick(),
            "unsealed_count": surveys_waiting_for_custodian().count(),
        },
    )


def _back_to_queue(request):
    page = request.POST.get("page", "")
    url = reverse("customers:assignment_queue")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@require_POST
@role_required("customers.assign_survey")
def survey_assign_view(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an active rep to follow this customer up."))
        return _back_to_queue(request)
    try:
        survey = survey_assign(
            survey=survey,
            assignee=form.cleaned_data["assignee"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_queue(request)
    text = _("%(rep)s now follows up %(customer)s. Principle: %(principle)s.") % {
        "rep": person_name(survey.assigned_to),
        "customer": survey.customer.name,
        "principle": survey.get_assignment_principle_display(),
    }
    if survey.status == SurveyStatus.SEALED:
        text += " " + _("The survey is sealed in the custody of %(custodian)s.") % {
            "custodian": person_name(survey.custodian)
        }
        messages.success(request, text)
    else:
        text += " " + _("Nobody keeps sealed surveys yet: the survey waits to be sealed.")
        messages.warning(request, text)
    return _back_to_queue(request)


@require_POST
@role_required("customers.assign_survey")
def survey_seal_waiting(request):
    """Seal the assigned surveys that waited for a custodian to exist (INTAKE-6)."""
    try:
        sealed = surveys_seal_waiting(by=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d survey sealed.", "%(count)d surveys sealed.", sealed)
            % {"count": sealed},
        )
    return _back_to_queue(request)
