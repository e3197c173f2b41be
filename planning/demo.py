"""Demo plans and reports: next week's schedule waiting for the manager, a returned one to
revise, last week's reports (one to review), a daily report, and this month's targets.

Built through the services the pages use, on the demo users and customers, with dates
relative to today. Loaded only while the demo rep has no schedule yet, so a second run adds
nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from crm.lib.dates import month_start
from customers.models import Customer
from planning import services
from planning.models import WeeklyPlan
from planning.selectors import week_start_of

PURPOSES = ("电话了解产品使用情况", "上门送保健礼盒并讲解用法", "邀请参加本月联谊会")
METHODS = ("phone", "home", "phone")


def _schedule(*, rep, week: dt.date, now: dt.datetime) -> WeeklyPlan:
    plan = services.plan_open(rep=rep, week_start=week, now=now)
    customers = Customer.objects.filter(ownership__owner=rep).order_by("pk")[:3]
    for i, customer in enumerate(customers):
        services.plan_entry_add(
            plan=plan,
            by=rep,
            customer=customer,
            planned_on=week + dt.timedelta(days=i * 2),
            method=METHODS[i],
            purpose=PURPOSES[i],
        )
    return plan


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    rep, rep2 = users.get("rep"), users.get("rep2")
    manager, supervisor = users.get("manager"), users.get("supervisor")
    if not all((rep, rep2, manager, supervisor)) or WeeklyPlan.objects.filter(rep=rep).exists():
        return ""
    today = timezone.localdate(now)
    this_week = week_start_of(today)
    next_week = this_week + dt.timedelta(days=7)
    last_week = this_week - dt.timedelta(days=7)
    before = now - dt.timedelta(days=(today.weekday() + 1))  # last Sunday, same time

    # This week's schedules, approved; next week's: rep's waiting, rep2's returned.
    for who in (rep, rep2):
        plan = _schedule(rep=who, week=this_week, now=before)
        if plan.entries.exists():
            plan = services.plan_submit(plan=plan, by=who, now=before)
            services.plan_approve(plan=plan, by=manager, now=before)
    plan = _schedule(rep=rep, week=next_week, now=now)
    if plan.entries.exists():
        services.plan_submit(plan=plan, by=rep, now=now)
    plan = _schedule(rep=rep2, week=next_week, now=now)
    if plan.entries.exists():
        plan = services.plan_submit(plan=plan, by=rep2, now=now)
        services.plan_return(
            plan=plan, by=manager, now=now, comment="新客户请安排一次上门，周三前完成。"
        )

    # Last week's reports: rep's submitted for the supervisor; rep2's still a draft.
    services.weekly_reports_create(now=now)
    report = services.weekly_report_open(rep=rep, week_start=last_week, now=now)
    services.weekly_report_save(
        report=report,
        by=rep,
        now=now,
        summary="本周回访12位客户，成交1单，新增客户2位。",
        problems="两位客户对价格有顾虑。",
        next_focus="跟进理疗仪尾款，邀请老客户参加联谊会。",
        submit=True,
    )
    yesterday = today - dt.timedelta(days=1)
    daily = services.daily_report_open(rep=rep, day=yesterday, now=now)
    services.daily_report_save(
        report=daily, by=rep, now=now, note="上午电话回访四位，下午上门一位。", submit=True
    )

    # This month's targets: the supervisor sets rep's, the manager rep2's.
    month = month_start(today)
    for who, by, amount in ((rep, supervisor, "60000"), (rep2, manager, "30000")):
        services.target_set(
            rep=who,
            month=month,
            values=services.TargetInput(6, Decimal(amount), 40),
            by=by,
            now=now,
        )
    return "Demo revisit schedules, weekly and daily reports and monthly targets loaded."
