"""Reads of cases (SVC-1): the one scope every page, list and the admin start from.

`case_qs_for` decides who sees a case; a case outside it answers 404. `case_can_act` says
who may answer or route it now: the first receiver while it is open, the department's
members once it is routed, and the managers who may step into any case.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from crm.models import StaffProfile
from crm.parameters import param
from crm.selectors import person_name, teams_led_by
from customers.selectors.customers import customer_search
from customers.selectors.scope import customer_scope_for
from deals.models import DealLine
from pools.models import Ownership
from service.models import Case, CaseEvent, CaseStatus, Department
from service.models.cases import OPEN_STATUSES

ALL_CASES = "service.view_all_cases"
MINE_OPEN, MINE_ROUTED, MINE_CUSTOMERS, MINE_ALL = "open", "routed", "customers", "all"
MINE_SHOWS = (MINE_OPEN, MINE_ROUTED, MINE_CUSTOMERS, MINE_ALL)


def user_department_ids(*, user) -> set[int]:
    """The departments the user is a member of (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_service_departments", None)
    if cached is None:
        cached = set(
            Department.members.through.objects.filter(user_id=user.pk).values_list(
                "department_id", flat=True
            )
        )
        user._service_departments = cached
    return cached


def _owned_customers(*, user) -> QuerySet:
    return Ownership.objects.filter(owner=user).values("customer_id")


def case_ids_for(*, user) -> QuerySet | None:
    """The ids of the cases `user` may see (see `case_qs_for`); None when they see all.

    One id list per way of seeing a case, each found by its own index, joined by UNION:
    an OR across the case, event, ownership and membership tables would make PostgreSQL
    read every case.
    """
    if user.has_perm(ALL_CASES):
        return None
    memberships = Department.members.through.objects.filter(user_id=user.pk)
    ways = [
        Case.objects.filter(received_by=user).values_list("pk"),
        CaseEvent.objects.filter(by=user).values_list("case_id"),
        Case.objects.filter(customer_id__in=_owned_customers(user=user)).values_list("pk"),
        Case.objects.filter(department_id__in=memberships.values("department_id")).values_list(
            "pk"
        ),
    ]
    if user.has_perm("crm.view_team_members"):
        teams = teams_led_by(user=user)
        if teams:
            members = StaffProfile.objects.filter(team_id__in=teams).values("user_id")
            ways.append(Case.objects.filter(received_by_id__in=members).values_list("pk"))
            team_customers = Ownership.objects.filter(owner_id__in=members).values("customer_id")
            ways.append(Case.objects.filter(customer_id__in=team_customers).values_list("pk"))
    ways = [way.order_by() for way in ways]
    return ways[0].union(*ways[1:])


def case_qs_for(*, user) -> QuerySet[Case]:
    """The cases `user` may see.

    - view_all_cases (service, sales and general manager, admin): every case;
    - everyone: the cases they received or acted on (routed, answered, opened a complaint
      form), the cases on customers they own, the cases routed to their departments;
    - a supervisor also the cases received by, or on customers of, the teams they lead.
    """
    qs = Case.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    ids = case_ids_for(user=user)
    return qs if ids is None else qs.filter(pk__in=ids)


# Beyond this many ids a list filters by the subquery rather than by the ids themselves.
IDS_INLINE_MAX = 5000


def case_ids_read(*, user) -> list[int] | QuerySet | None:
    """`case_ids_for`, read first when they are few (one query).

    For a list sorted by date, PostgreSQL then fetches those rows by primary key; given
    the UNION as a subquery it may read every case (or every complaint) instead, betting
    on finding a page of them early in date order. None: the user sees every case.
    """
    ids = case_ids_for(user=user)
    if ids is None:
        return None
    found = [row[0] for row in ids.order_by()[: IDS_INLINE_MAX + 1]]
    return ids if len(found) > IDS_INLINE_MAX else found


def _case_list_for(*, user) -> QuerySet[Case]:
    """`case_qs_for` for a list sorted by date (see `case_ids_read`)."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    ids = case_ids_read(user=user)
    return Case.objects.all() if ids is None else Case.objects.filter(pk__in=ids)


def _with_people(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("customer", "received_by", "department", "answered_by")


def case_get_for(*, user, pk) -> Case:
    """One case the user may see, or 404."""
    return get_object_or_404(_with_people(case_qs_for(user=user)), pk=pk)


def case_can_act(*, user, case: Case) -> bool:
    """Whether `user` may answer or route the case now (SVC-1)."""
    if case.status == CaseStatus.CLOSED or not user.is_active:
        return False
    if user.has_perm(ALL_CASES):
        return True
    if case.status == CaseStatus.OPEN:
        return case.received_by_id == user.pk
    return case.department_id in user_department_ids(user=user)


def case_act_refusal(*, user, case: Case) -> str:
    """Why `user` may not answer or route the case now; "" when they may."""
    if case.status == CaseStatus.CLOSED:
        return _("This case is already answered.")
    if not case_can_act(user=user, case=case):
        return _("Only whoever holds the case now may answer or route it: %(holder)s.") % {
            "holder": case_holder(case=case)
        }
    return ""


def case_holder(*, case: Case) -> str:
    """Who must act now: the receiver's name, the department, or "" once answered."""

    if case.status == CaseStatus.OPEN:
        return person_name(case.received_by)
    if case.status == CaseStatus.ROUTED:
        return str(case.department)
    return ""


def case_is_overdue(*, case: Case, today: dt.date) -> bool:
    return case.status in OPEN_STATUSES and case.expected_on < today


def case_default_expected_on(*, today: dt.date) -> tuple[dt.date, dict]:
    """SVC-1: by when the first receiver answers or routes a case, and why."""
    days = param("service.answer_days")
    return today + dt.timedelta(days=days), {"rule": "SVC-1", "service.answer_days": days}


def case_expected_note(*, case: Case) -> str:
    """Why the case is due when it is: SVC-1's default, or the date told when routed."""
    days = case.expected_params.get("service.answer_days")
    if days is None:
        return _("The date the customer was told when the case was routed.")
    if days == 0:
        return _("By default the first receiver answers or routes it the same day.")
    return _("By default the first receiver answers or routes it within %(days)s days.") % {
        "days": days
    }


def case_expected_latest(*, today: dt.date) -> dt.date:
    """The latest answer date a routing may promise the customer."""
    return today + dt.timedelta(days=param("service.expected_max_days"))


def case_timeline(*, case: Case) -> list[CaseEvent]:
    """Who received, routed (from whom, to which department, when) and answered the case."""
    return list(
        CaseEvent.objects.filter(case=case).select_related("by", "from_department", "to_department")
    )


# Lists ---------------------------------------------------------------------------------


def cases_mine(*, user, show: str = MINE_OPEN) -> QuerySet[Case]:
    """The "my cases" page.

    - open: cases the user received that wait for their answer or routing, due first;
    - routed: cases the user received and routed, not answered yet (to follow them);
    - customers: every case on the customers the user owns, newest first;
    - all: every case the user may see, newest first.
    """
    if show == MINE_ROUTED:
        qs = Case.objects.filter(received_by=user, status=CaseStatus.ROUTED)
        qs = qs.order_by("expected_on", "received_at", "pk")
    elif show == MINE_CUSTOMERS:
        qs = Case.objects.filter(customer_id__in=_owned_customers(user=user))
        qs = qs.order_by("-received_at", "-pk")
    elif show == MINE_ALL:
        qs = _case_list_for(user=user).order_by("-received_at", "-pk")
    else:
        qs = Case.objects.filter(received_by=user, status=CaseStatus.OPEN)
        qs = qs.order_by("expected_on", "received_at", "pk")
    return _with_people(qs)


def cases_waiting_count(*, user) -> int:
    """Dashboard: cases the user received that still wait for their answer or routing."""
    return Case.objects.filter(received_by=user, status=CaseStatus.OPEN).count()


def departments_for_queue(*, user) -> list[Department]:
    """The departments whose queue the user may open: all for managers, else their own."""
    qs = Department.objects.all()
    if not user.has_perm(ALL_CASES):
        qs = qs.filter(pk__in=user_department_ids(user=user))
    return list(qs)


def case_queue(*, department: Department) -> QuerySet[Case]:
    """A department's queue: the cases routed to it, the earliest promised date first."""
    qs = Case.objects.filter(department=department, status=CaseStatus.ROUTED)
    return _with_people(qs).order_by("expected_on", "received_at", "pk")


def cases_overdue(*, today: dt.date) -> QuerySet[Case]:
    """Open cases past the date the customer was told (or SVC-1's default), oldest first."""
    qs = Case.objects.filter(status__in=OPEN_STATUSES, expected_on__lt=today)
    return _with_people(qs).order_by("expected_on", "received_at", "pk")


def cases_overdue_count(*, today: dt.date) -> int:
    return Case.objects.filter(status__in=OPEN_STATUSES, expected_on__lt=today).count()


# The log form --------------------------------------------------------------------------

CUSTOMER_CHOICES_SHOWN = 8
PRODUCTS_CACHE_KEY = "service:products"


def case_customer_choices(*, user, q: str) -> list:
    """Customers the user may see that match a search, for the log form."""

    if not (q or "").strip():
        return []
    qs = customer_search(qs=customer_scope_for(user=user), q=q)
    return list(qs.order_by("-created_at", "-pk")[:CUSTOMER_CHOICES_SHOWN])


def case_customer_visible(*, user, case: Case) -> bool:
    """Whether the case page may link to its customer (the customer is in the user's scope)."""

    if not case.customer_id:
        return False
    return customer_scope_for(user=user).filter(pk=case.customer_id).exists()


def products_known(*, limit: int = 200) -> list[str]:
    """Product names already used on deals and cases: suggestions for the forms.

    Cached for ten minutes: reading the distinct names of every deal line on each form
    would cost more than a stale suggestion.
    """

    def read() -> list[str]:
        names = set(DealLine.objects.values_list("product", flat=True).distinct()[:limit])
        cases = Case.objects.exclude(product="").values_list("product", flat=True)
        names |= set(cases.distinct()[:limit])
        return sorted(names)[:limit]

    return cache.get_or_set(PRODUCTS_CACHE_KEY, read, 600)


def cases_named_for(*, user, cases) -> list[Case]:
    """SEC-6: each case's customer as `user` may know it, in one query.

    Sets `reader_who` (the customer's name when the customer is in the user's scope, else the
    caller's name as typed) and `reader_customer_id` (None when there is no customer, or one
    outside the scope: the page tells neither apart, so it reveals no other rep's customer).
    """
    cases = list(cases)
    ids = {c.customer_id for c in cases if c.customer_id}
    visible = (
        set(customer_scope_for(user=user).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    for case in cases:
        shown = case.customer_id in visible
        case.reader_customer_id = case.customer_id if shown else None
        case.reader_who = case.customer.name if shown else (case.caller_name or "—")
    return cases
