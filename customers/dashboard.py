"""Dashboard panels of the customers app: a rep's customers and cards to fill, the sales
manager's queues, the doctor's custody, the sealed archive and the access requests. Their
`order` interleaves them with the panels of the shell, the pool and deals
(crm/dashboard.py); each costs one query."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel, count_figures
from customers.selectors.cards import (
    cards_in_custody_count,
    cards_to_fill_count,
    cards_waiting_count,
    overdue_checkouts_for,
)
from customers.selectors.customers import customer_counts_for
from customers.selectors.sealing import access_pending_count
from customers.selectors.surveys import sealed_count_for, surveys_waiting_count

PANELS = (
    Panel(
        "my_customers",
        _("My customers"),
        (roles.REP,),
        _("You own no customers yet. Collect a survey or claim one from the pool."),
        figures=count_figures(
            lambda *, user, now: customer_counts_for(user=user)["owned"],
            link="customers:customer_list",
            link_label=_("Open my customers"),
        ),
        order=20,
    ),
    Panel(
        "cards_to_fill",
        _("Archive cards to fill"),
        (roles.REP,),
        _("No archive cards are waiting for you."),
        figures=count_figures(
            lambda *, user, now: cards_to_fill_count(user=user),
            link="customers:card_list",
            link_label=_("Fill the cards"),
        ),
        order=30,
    ),
    Panel(
        "assignment_queue",
        _("Surveys to assign"),
        (roles.SALES_MANAGER,),
        _("No submitted surveys are waiting."),
        figures=count_figures(
            lambda *, user, now: surveys_waiting_count(),
            link="customers:assignment_queue",
            link_label=_("Assign them"),
        ),
        order=60,
    ),
    Panel(
        "cards_to_hand_over",
        _("Cards to hand over"),
        (roles.SALES_MANAGER,),
        _("No submitted cards are waiting to go to a doctor."),
        figures=count_figures(
            lambda *, user, now: cards_waiting_count(),
            link="customers:cards_submitted",
            link_label=_("Hand them to a doctor"),
        ),
        order=100,
    ),
    Panel(
        "cards",
        _("Archive cards in custody"),
        (roles.SERVICE_DOCTOR,),
        _("No cards are in your custody."),
        figures=count_figures(
            lambda *, user, now: cards_in_custody_count(user=user),
            link="customers:cards_custody",
            link_label=_("Open the custody list"),
        ),
        order=110,
    ),
    Panel(
        "overdue_cards",
        _("Overdue cards"),
        (roles.SERVICE_DOCTOR, roles.SALES_MANAGER),
        _("Every checked-out card is back in time."),
        figures=count_figures(
            lambda *, user, now: overdue_checkouts_for(
                user=user, today=timezone.localdate(now)
            ).count(),
            link="customers:cards_overdue",
            link_label=_("See who has them"),
            alarm=True,
        ),
        order=120,
    ),
    Panel(
        "sealed",
        _("Sealed archive"),
        (roles.SERVICE_MANAGER,),
        _("No sealed surveys yet."),
        figures=count_figures(
            lambda *, user, now: sealed_count_for(user=user),
            link="customers:sealed_list",
            link_label=_("Open the sealed archive"),
        ),
        order=130,
    ),
    Panel(
        "approvals",
        _("Access requests"),
        (roles.GENERAL_MANAGER,),
        _("No access requests are waiting for your approval."),
        figures=count_figures(
            lambda *, user, now: access_pending_count(),
            link="customers:access_pending",
            link_label=_("Decide"),
        ),
        order=150,
    ),
)
