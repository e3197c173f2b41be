"""{% load service %}: the tabs that link the service pages together."""

from django import template
from django.utils.translation import gettext_lazy as _

from service.selectors.cases import ALL_CASES, user_department_ids

register = template.Library()


@register.inclusion_tag("service/_tabs.html", takes_context=True)
def service_tabs(context, current: str) -> dict:
    user = context["request"].user
    tabs = [("mine", _("My cases"), "service:case_mine")]
    if user.has_perm(ALL_CASES) or user_department_ids(user=user):
        tabs.append(("queue", _("Department queue"), "service:queue"))
    if user.has_perm(ALL_CASES):
        tabs.append(("overdue", _("Overdue"), "service:overdue"))
    tabs.append(("complaints", _("Complaints"), "service:complaint_list"))
    tabs.append(("feedback", _("Feedback"), "service:feedback_list"))
    if user.has_perm("service.view_improvementreport"):
        tabs.append(("reports", _("Improvement reports"), "service:report_list"))
    return {"tabs": tabs, "current": current}
