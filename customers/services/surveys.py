"""Writes of first-contact surveys: submitting (INTAKE-1…4, 7, 9), assigning (INTAKE-5),
sealing (INTAKE-6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.selectors import person_name
from customers.models import (
    Answer,
    AssignmentPrinciple,
    Campaign,
    Customer,
    Question,
    QuestionKind,
    Survey,
    SurveyStatus,
    SurveyTemplate,
)
from customers.selectors.customers import customer_duplicates
from customers.selectors.surveys import (
    RULE,
    assignment_candidates,
    assignment_proposal,
    survey_custodian_pick,
)
from customers.services.customers import customer_create
from pools.models import OwnershipReason
from pools.services import ownership_set


def serial_taken_message() -> str:
    return _("A survey with this paper form serial number already exists.")


def _answer_missing(question: Question, value) -> bool:
    if value is None:
        return True
    if question.kind == QuestionKind.TEXT:
        return not str(value).strip()
    if question.kind == QuestionKind.MULTIPLE:
        return not value
    return False


def _answers_check(*, template: SurveyTemplate, answers: dict[int, object]) -> list[Question]:
    """INTAKE-3: every required answer is filled; answers belong to the template."""
    questions = list(template.questions.all())
    known = {q.pk for q in questions}
    stray = set(answers) - known
    if stray:
        raise ValidationError(_("Some answers are not questions of this survey."))
    missing = {
        f"q{q.pk}": _("This question must be answered.")
        for q in questions
        if q.required and _answer_missing(q, answers.get(q.pk))
    }
    if missing:
        raise ValidationError(missing)
    return questions


@transaction.atomic
def survey_submit(
    *,
    collector,
    template: SurveyTemplate,
    campaign: Campaign | None,
    answers: dict[int, object],
    now: dt.datetime,
    customer: Customer | None = None,
    new_customer: dict | None = None,
    allow_duplicate: bool = False,
    filled_on_behalf: bool = False,
    paper_serial: str = "",
) -> Survey:
    """Record a signed survey and submit it to the sales manager, all or nothing.

    Either `customer` (an existing one the collector chose, INTAKE-9) or `new_customer`
    (validated fields of a new one, owned by the collector by first contact, POOL-1).
    A new customer that matches an existing one is refused unless the collector
    confirmed it is a different person (`allow_duplicate`): never a silent duplicate.
    Signing (INTAKE-4) records the collector and the time; it marks the customer as
    collected by them when nobody had collected it before.
    """
    if (customer is None) == (new_customer is None):
        raise ValueError("give an existing customer or a new one, not both")
    if not template.is_active:
        raise ValidationError(_("This survey template is no longer in use."))
    questions = _answers_check(template=template, answers=answers)

    if new_customer is not None:
        duplicates = customer_duplicates(
            phone=new_customer.get("phone", ""), organisation=new_customer.get("organisation", "")
        )
        if duplicates.exists() and not allow_duplicate:
            raise ValidationError(
                _("This customer may already exist. Choose the existing customer or confirm.")
            )
        customer = customer_create(
            data={**new_customer, "first_collector": collector},
            by=collector,
            now=now,
            owner=collector,
            reason=OwnershipReason.FIRST_CONTACT,
        )
    else:
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if customer.first_collector_id is None:
            customer.first_collector = collector
            customer._history_user = collector
            customer.save(update_fields=["first_collector"])

    survey = Survey(
        template=template,
        campaign=campaign,
        customer=customer,
        collector=collector,
        filled_on_behalf=filled_on_behalf,
        paper_serial=(paper_serial or "").strip(),
        signed_at=now,
        submitted_at=now,
        status=SurveyStatus.SUBMITTED,
    )
    if survey.paper_serial and Survey.objects.filter(paper_serial=survey.paper_serial).exists():
        raise ValidationError({"paper_serial": serial_taken_message()})
    survey._history_user = collector
    survey.full_clean()
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError as exc:  # a second form with the same serial won the race
        raise ValidationError({"paper_serial": serial_taken_message()}) from exc
    Answer.objects.bulk_create(
        Answer(survey=survey, question=q, value=answers.get(q.pk))
        for q in questions
        if not _answer_missing(q, answers.get(q.pk))
    )
    return survey


def _custody(survey: Survey, *, now: dt.datetime) -> None:
    """INTAKE-6: hand the assigned survey to a service manager and seal it, if one exists."""
    custodian = survey_custodian_pick()
    if custodian is None:
        return
    survey.custodian = custodian
    survey.sealed_at = now
    survey.status = SurveyStatus.SEALED


@transaction.atomic
def survey_assign(*, survey: Survey, assignee, by, now: dt.datetime) -> Survey:
    """INTAKE-5: the sales manager assigns a submitted survey's customer to a rep.

    The survey row is locked, so two managers cannot both assign it: the second is told
    who already did. The principle is the system's proposal when the manager accepted
    it, the manager's discretion otherwise; both are recorded with what was looked at.
    The customer's owner becomes the assignee (recorded with INTAKE-5), and the survey
    goes to the service manager, sealed (INTAKE-6).
    """
    locked = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("customer", "customer__region", "customer__ownership")
        .get(pk=survey.pk)
    )
    if locked.status != SurveyStatus.SUBMITTED:
        who = person_name(locked.assigned_by) if locked.assigned_by else "—"
        to = person_name(locked.assigned_to) if locked.assigned_to else "—"
        raise ValidationError(
            _("This survey was already assigned to %(to)s by %(who)s.") % {"to": to, "who": who}
        )
    if not assignment_candidates().filter(pk=assignee.pk).exists():
        raise ValidationError(_("Only an active rep can be given a customer to follow up."))

    today = timezone.localdate(now)
    proposed, principle, params = assignment_proposal(survey=locked, today=today)
    if proposed is None or proposed.pk != assignee.pk:
        params = {
            "rule": RULE,
            "proposed": proposed.pk if proposed else None,
            "proposed_principle": principle,
            "proposal": params,
        }
        principle = AssignmentPrinciple.DISCRETION
    params["assignee"] = assignee.pk

    locked.assigned_to = assignee
    locked.assigned_by = by
    locked.assigned_at = now
    locked.assignment_principle = principle
    locked.assignment_params = params
    locked.status = SurveyStatus.ASSIGNED
    ownership_set(
        customer=locked.customer,
        owner=assignee,
        reason=OwnershipReason.ASSIGNMENT,
        now=now,
        by=by,
        params={**params, "principle": principle, "survey": locked.pk},
    )
    _custody(locked, now=now)
    locked._history_user = by
    locked.save()
    return locked


@transaction.atomic
def surveys_seal_waiting(*, by, now: dt.datetime) -> int:
    """INTAKE-6: seal the assigned surveys that waited for a custodian to exist.

    Each goes to the custodian holding the fewest at that moment. Safe to run twice: a
    survey another manager sealed meanwhile is skipped.
    """
    if survey_custodian_pick() is None:
        raise ValidationError(
            _("Nobody keeps sealed surveys yet: give someone the service manager role.")
        )
    sealed = 0
    waiting = Survey.objects.select_for_update().filter(status=SurveyStatus.ASSIGNED)
    for survey in waiting.order_by("assigned_at", "pk"):
        _custody(survey, now=now)
        survey._history_user = by
        survey.save()
        sealed += 1
    return sealed
