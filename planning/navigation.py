"""Menu entries of plans and reports (collected by crm/navigation.py)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, any_perm

NAV = (
    # Reps: their schedules and reports; the general manager reads everyone's from here.
    NavItem(
        "planning",
        _("Plans and reports"),
        "planning:home",
        any_perm(
            "planning.add_weeklyplan",
            "planning.review_reports",
            "planning.approve_weeklyplan",
            "planning.view_weeklyreport",
        ),
        group="work",
    ),
    # Supervisors and sales managers: schedules to approve, reports to comment on.
    NavItem(
        "planning_review",
        _("To review"),
        "planning:review_queue",
        any_perm("planning.review_reports", "planning.approve_weeklyplan"),
        group="work",
    ),
)
