"""The one place that decides whose telesales records a user sees.

- a telesales rep: their own calls, prospects, reports, plans and pay;
- a supervisor: also those of the telesales reps in the teams they lead;
- sales manager and general manager (`view_all_telesales`): everyone's;
- a field rep: the prospects they were asked to visit (TEL-4), nothing else;
- anyone else: nothing. Every page looks records up through these, so another rep's
  record answers 404.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from crm.selectors import teams_led_by
from telesales.models import Call, CallPlan, CallReport, Prospect

User = get_user_model()

ALL = "telesales.view_all_telesales"


def _rep_filter(*, user, via: str) -> Q | None:
    """Whose records `user` sees, as a filter through `via` ("rep__", "owner__", "" for
    users themselves); None: everyone's."""
    if user.has_perm(ALL):
        return None
    visible = Q(**{f"{via}pk": user.pk})
    if user.has_perm("crm.view_team_members"):
        teams = teams_led_by(user=user)
        if teams:
            visible |= Q(**{f"{via}staff__team_id__in": teams})
    return visible


def _scoped(qs: QuerySet, *, user, via: str = "rep__") -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    visible = _rep_filter(user=user, via=via)
    return qs if visible is None else qs.filter(visible)


def telesales_reps() -> QuerySet:
    """Active users holding the telesales role (they may log calls)."""
    holds = Q(
        groups__permissions__codename="add_call",
        groups__permissions__content_type__app_label="telesales",
    )
    ids = User.objects.filter(holds).values("pk")
    return User.objects.filter(pk__in=ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def acts_as_telesales_rep(user, *, perm: str) -> bool:
    """Whether `user` holds `perm` as a telesales rep, for their own calls and reports.

    A superuser holds every permission but makes no calls unless they hold the role too.
    """
    if not user.has_perm(perm):
        return False
    return not user.is_superuser or telesales_reps().filter(pk=user.pk).exists()


def telesales_reps_for(*, user) -> QuerySet:
    """The telesales reps whose records `user` sees (themselves, their team's, or all)."""
    return _scoped(telesales_reps(), user=user, via="").select_related("staff")


def telesales_rep_get_for(*, user, pk) -> User:
    """A telesales rep `user` may see, or 404."""
    return get_object_or_404(telesales_reps_for(user=user), pk=pk)


def calls_for(*, user) -> QuerySet[Call]:
    return _scoped(Call.objects.all(), user=user)


def call_reports_for(*, user) -> QuerySet[CallReport]:
    return _scoped(CallReport.objects.all(), user=user)


def call_plans_for(*, user) -> QuerySet[CallPlan]:
    return _scoped(CallPlan.objects.all(), user=user)


def prospects_for(*, user) -> QuerySet[Prospect]:
    """Prospects of the reps `user` sees, and those the user was asked to visit (TEL-4)."""
    qs = Prospect.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    visible = _rep_filter(user=user, via="owner__")
    if visible is None:
        return qs
    if user.has_perm("telesales.sign_prospect_visit"):
        visible |= Q(visit_rep=user)
    return qs.filter(visible)


def prospect_get_for(*, user, pk) -> Prospect:
    """One prospect the user may see, or 404."""
    qs = prospects_for(user=user).select_related(
        "owner", "graded_by", "visit_rep", "signed_by", "customer"
    )
    return get_object_or_404(qs, pk=pk)


def require(user, *perms: str) -> None:
    """Pages of a role the user does not hold answer 404, like records out of scope."""
    if not any(user.has_perm(perm) for perm in perms):
        raise Http404
