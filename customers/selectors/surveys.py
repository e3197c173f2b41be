"""Reads of first-contact surveys (INTAKE-1…9): templates, lists, the assignment proposal.

Nothing here reads answers: a survey's answers are sealed (INTAKE-6) and only the sealing
work reads them, under an approval (SEAL-1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from crm.models import StaffStatus
from crm.parameters import param
from customers.models import (
    AssignmentPrinciple,
    Campaign,
    Question,
    Survey,
    SurveyStatus,
    SurveyTemplate,
)

User = get_user_model()

RULE = "INTAKE-5"
# Who may be given a customer to follow up: everyone who sells (reps and supervisors).
SELLER_PERMISSION = "customers.add_survey"
CUSTODIAN_PERMISSION = "customers.keep_sealed_surveys"


# Templates and campaigns


def survey_templates_active() -> QuerySet[SurveyTemplate]:
    """The templates a collector may fill, the default first."""
    return SurveyTemplate.objects.filter(is_active=True).order_by("-is_default", "name")


def survey_template_default() -> SurveyTemplate | None:
    return survey_templates_active().first()


def survey_questions(*, template: SurveyTemplate) -> list[Question]:
    return list(template.questions.prefetch_related("choices").order_by("order", "pk"))


def campaigns_active() -> QuerySet[Campaign]:
    return Campaign.objects.filter(is_active=True).order_by("name")


# Lists


def surveys_collected_by(*, user) -> QuerySet[Survey]:
    """The surveys a collector filled, newest first: metadata only, never the answers."""
    return (
        Survey.objects.filter(collector=user)
        .select_related("customer", "template", "campaign", "assigned_to")
        .order_by("-submitted_at", "-pk")
    )


def surveys_waiting() -> QuerySet[Survey]:
    """Submitted surveys waiting for the sales manager to assign them (INTAKE-5)."""
    return (
        Survey.objects.filter(status=SurveyStatus.SUBMITTED)
        .select_related(
            "customer",
            "customer__region",
            "customer__ownership",
            "customer__ownership__owner",
            "collector",
            "template",
            "campaign",
        )
        .order_by("submitted_at", "pk")
    )


def surveys_waiting_for_custodian() -> QuerySet[Survey]:
    """Assigned surveys not yet sealed, because no custodian existed (INTAKE-6)."""
    return (
        Survey.objects.filter(status=SurveyStatus.ASSIGNED)
        .select_related("customer", "assigned_to", "template")
        .order_by("assigned_at", "pk")
    )


def surveys_waiting_count() -> int:
    """For the sales manager's dashboard panel: surveys to assign."""
    return Survey.objects.filter(status=SurveyStatus.SUBMITTED).count()


def sealed_count_for(*, user) -> int:
    """For the service manager's dashboard panel: sealed surveys in their custody."""
    return Survey.objects.filter(status=SurveyStatus.SEALED, custodian=user).count()


# Custody (INTAKE-6)


def survey_custodian_pick() -> User | None:
    """The service manager who receives the next sealed survey: fewest in custody first."""
    keepers = list(
        User.objects.with_perm(CUSTODIAN_PERMISSION, is_active=True, include_superusers=False)
        .exclude(staff__status__in=[StaffStatus.LEAVING, StaffStatus.LEFT])
        .order_by("pk")
    )
    if not keepers:
        return None
    held = dict(
        Survey.objects.filter(status=SurveyStatus.SEALED, custodian__in=keepers)
        .values_list("custodian")
        .annotate(n=Count("pk"))
    )
    return min(keepers, key=lambda u: (held.get(u.pk, 0), u.pk))


# The assignment proposal (INTAKE-5)


@dataclass(frozen=True)
class Candidate:
    """An active rep who may follow a customer up, with what the principles look at."""

    user: User
    region_id: int | None
    region_parent_id: int | None
    hire_date: dt.date | None
    owned: int

    def sort_key(self) -> tuple:
        # Fewest customers first; then the longest-serving; then the oldest account.
        return (self.owned, self.hire_date or dt.date.max, self.user.pk)


@dataclass(frozen=True)
class AssignmentContext:
    """What every proposal of one page needs, read once (2 queries)."""

    candidates: list[Candidate]
    shares_so_far: int
    new_employee_days: int
    share_every: int
    by_user: dict[int, Candidate] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "by_user", {c.user.pk: c for c in self.candidates})


def assignment_candidates() -> QuerySet[User]:
    """Active sellers who still work here, with the number of customers each owns."""
    return (
        User.objects.with_perm(SELLER_PERMISSION, is_active=True, include_superusers=False)
        .filter(staff__status=StaffStatus.ACTIVE)
        .select_related("staff", "staff__region")
        .annotate(owned=Count("owned_customers", distinct=True))
        .order_by("last_name", "first_name", "pk")
    )


def _shares_so_far() -> int:
    """Assignments that principles (1) and (2) did not decide: the new-employee share counter.

    A manager's choice counts when the system had proposed (3) or (4) for it.
    """
    undecided = [AssignmentPrinciple.NEW_EMPLOYEE, AssignmentPrinciple.WORKLOAD]
    return Survey.objects.filter(
        Q(assignment_principle__in=undecided)
        | Q(
            assignment_principle=AssignmentPrinciple.DISCRETION,
            assignment_params__proposed_principle__in=undecided,
        )
    ).count()


def assignment_context() -> AssignmentContext:
    candidates = [
        Candidate(
            user=user,
            region_id=user.staff.region_id,
            region_parent_id=user.staff.region.parent_id if user.staff.region else None,
            hire_date=user.staff.hire_date,
            owned=user.owned,
        )
        for user in assignment_candidates()
    ]
    return AssignmentContext(
        candidates=candidates,
        shares_so_far=_shares_so_far(),
        new_employee_days=int(param("intake.new_employee_days")),
        share_every=int(param("intake.new_employee_share_every")),
    )


def assignment_proposal(
    *, survey: Survey, today: dt.date, context: AssignmentContext | None = None
) -> tuple[User | None, str | None, dict]:
    """Who should follow this survey's customer up, by INTAKE-5's principles in order.

    Returns (user, principle, params): params name the rule and what was looked at, so
    the queue and the record can say why. (None, None, params) when nobody can be proposed.
    Reads only; pass a `context` to propose for a whole page without more queries.
    """
    context = context or assignment_context()
    params: dict = {"rule": RULE}
    candidates = context.candidates
    if not candidates:
        params["reason"] = "no_active_rep"
        return None, None, params

    # (1) The collector keeps what they collected; a customer who already has an active
    # owner stays with them (first contact, POOL-1, or first deal, POOL-2).
    customer = survey.customer
    ownership = getattr(customer, "ownership", None)
    owner_id = ownership.owner_id if ownership else None
    if owner_id in context.by_user and owner_id != survey.collector_id:
        keeper = context.by_user[owner_id]
        return keeper.user, AssignmentPrinciple.COLLECTOR, {**params, "kept_by": "owner"}
    if survey.collector_id in context.by_user:
        keeper = context.by_user[survey.collector_id]
        return keeper.user, AssignmentPrinciple.COLLECTOR, {**params, "kept_by": "collector"}
    params["collector_active"] = False

    # (2) The rep nearest by region: the same region, else a region of the same parent.
    region = customer.region
    if region is not None:
        same = [c for c in candidates if c.region_id == region.pk]
        if same:
            best = min(same, key=Candidate.sort_key)
            return (
                best.user,
                AssignmentPrinciple.REGION,
                {**params, "region": region.pk, "match": "same", "owned": best.owned},
            )
        family = {region.parent_id} - {None}
        near = [
            c
            for c in candidates
            if c.region_id is not None
            and (
                (c.region_parent_id is not None and c.region_parent_id in family)
                or c.region_id in family
                or c.region_parent_id == region.pk
            )
        ]
        if near:
            best = min(near, key=Candidate.sort_key)
            return (
                best.user,
                AssignmentPrinciple.REGION,
                {**params, "region": region.pk, "match": "parent", "owned": best.owned},
            )
    params["region"] = region.pk if region else None

    # (3) Every Nth assignment not decided by (1) or (2) goes to a new employee.
    position = context.shares_so_far + 1
    share = {
        "share_position": position,
        "share_every": context.share_every,
        "new_employee_days": context.new_employee_days,
    }
    params.update(share)
    if context.share_every > 0 and position % context.share_every == 0:
        hired_since = today - dt.timedelta(days=context.new_employee_days)
        new = [
            c for c in candidates if c.hire_date is not None and hired_since <= c.hire_date <= today
        ]
        if new:
            best = min(new, key=Candidate.sort_key)
            return (
                best.user,
                AssignmentPrinciple.NEW_EMPLOYEE,
                {**params, "hire_date": best.hire_date.isoformat(), "owned": best.owned},
            )
        params["new_employee"] = None

    # (4) Workload: the active rep who owns the fewest customers.
    best = min(candidates, key=Candidate.sort_key)
    return best.user, AssignmentPrinciple.WORKLOAD, {**params, "owned": best.owned}
