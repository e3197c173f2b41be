"""SEAL-2: the one place that decides which customers a user may see.

Every list, detail page, search, export, autocomplete and the admin start from
`customer_scope_for`, so they cannot disagree. A customer outside the scope answers 404.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from crm.selectors import teams_led_by
from customers.models import Customer


def customer_scope_for(*, user) -> QuerySet[Customer]:
    """The customers `user` may see.

    - view_all_customers (sales manager, general manager, admin): every customer;
    - everyone who sells (rep, supervisor): their own, and the customers without an owner
      in the pools they belong to (POOL-9);
    - a supervisor also the customers owned by the members of the teams they lead;
    - a service doctor also the customers whose cards they hold in custody, and those a rep
      asked them to visit (a visit task assigned to them, open or done).
    """
    qs = Customer.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_perm("customers.view_all_customers"):
        return qs
    visible = Q(ownership__owner=user)
    if user.has_perm("customers.add_survey"):  # reps and supervisors follow the pool
        # POOL-9: only the pools they belong to.
        from pools.selectors import pool_visible_q  # deferred: pools reads customers' scope

        visible |= Q(ownership__owner__isnull=True) & pool_visible_q(user=user)
    if user.has_perm("crm.view_team_members"):
        teams = teams_led_by(user=user)
        if teams:
            visible |= Q(ownership__owner__staff__team_id__in=teams)
    if user.has_perm("customers.keep_cards"):
        visible |= Q(pk__in=Customer.objects.filter(cards__custodian=user).values("pk"))
        if apps.is_installed("visits"):
            tasks = apps.get_model("visits", "VisitTask").objects
            visible |= Q(
                pk__in=tasks.filter(assignee=user, status__in=("open", "done")).values("customer")
            )
    return qs.filter(visible)


def customer_get_for(*, user, pk) -> Customer:
    """One customer the user may see, or 404."""
    return get_object_or_404(customer_scope_for(user=user), pk=pk)
