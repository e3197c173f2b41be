"""{% load visits %}: why a visit is due, and how it was closed."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.selectors import person_name
from visits.models import TaskSource, TaskStatus

register = template.Library()


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


@register.filter
def task_why(task) -> str:
    """Why the visit is due in plain words, e.g. "3 days after the card of 30/01/2026"; its
    rule goes into the "why" detail (`task_rules`, WORK-4)."""
    if task.source == TaskSource.ADHOC:
        if task.from_record_id:
            text = _("Next visit planned at the last visit")
        elif task.created_by_id:
            text = _("Planned by %(name)s") % {"name": person_name(task.created_by)}
        else:
            text = _("Planned")
    else:
        if task.source == TaskSource.PURCHASE:
            text = _("%(days)s days after the first purchase on %(day)s")
        else:
            text = _("%(days)s days after the card of %(day)s")
        text %= {"days": task.days, "day": _day(task.anchor_on)}
    if task.moved_from:
        text += " · " + _("brought forward from %(day)s, a holiday") % {
            "day": _day(task.moved_from)
        }
    return text


@register.filter
def task_rules(task) -> str:
    """The rules behind the visit's due day, for `{% why task|task_rules %}`."""
    if task.source == TaskSource.ADHOC:
        codes = ["VISIT-4"]
    elif task.source == TaskSource.PURCHASE:
        codes = ["VISIT-12"]
    else:
        codes = [task.rule.rule_code] if task.rule_id else []
    if task.moved_from:
        codes.append("VISIT-11")
    return ", ".join(codes)


@register.filter
def task_closed(task) -> str:
    """How a closed visit was closed, with the rule when it was automatic."""
    when = _day(timezone.localdate(task.closed_at) if task.closed_at else None)
    if task.status == TaskStatus.DONE:
        day = _day(timezone.localdate(task.done_at) if task.done_at else None)
        if task.done_late:
            return _("Done on %(day)s, late") % {"day": day}
        return _("Done on %(day)s") % {"day": day}
    if task.status == TaskStatus.SUPERSEDED:
        return _("Closed on %(day)s as superseded: the customer bought") % {"day": when}
    if task.status == TaskStatus.CANCELLED:
        return _("Closed on %(day)s: the customer returned to the pool") % {"day": when}
    return ""


@register.filter
def days_late(task, today) -> int:
    return (today - task.due_on).days
