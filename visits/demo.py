"""Demo visits: the tasks of the demo cards (made by their hooks, caught up here), a visit
logged yesterday, an overdue visit, an in-person appointment this week, a doctor asked to
visit a non-buyer, and the coming public holidays. Loaded once: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from visits.models import Holiday, VisitMethod, VisitRecord, VisitTask
from visits.services import (
    holidays_bring_forward,
    visit_record_log,
    visit_task_plan,
    visit_tasks_catch_up,
)

# (month, day, name) of the public holidays entered for this year and the next.
HOLIDAYS = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (5, 3, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
    (10, 4, "国庆节"),
    (10, 5, "国庆节"),
    (10, 6, "国庆节"),
    (10, 7, "国庆节"),
)


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    if VisitRecord.objects.exists():  # demo data is for a new installation only
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    rep, rep2, doctor = users.get("rep"), users.get("rep2"), users.get("doctor")
    if rep is None or doctor is None:
        return ""
    today = timezone.localdate(now)
    for year in (today.year, today.year + 1):
        for month, day, name in HOLIDAYS:
            Holiday.objects.get_or_create(day=dt.date(year, month, day), defaults={"name": name})
    made = visit_tasks_catch_up(now=now)
    holidays_bring_forward(today=today)

    customers = {c.name: c for c in Customer.objects.filter(ownership__owner__in=[rep, rep2])}
    logged = 0
    first = customers.get("李桂兰")
    if first is not None:
        yesterday = now - dt.timedelta(days=1)
        visit_record_log(
            customer=first,
            by=rep,
            now=yesterday,
            values={
                "method": VisitMethod.PHONE,
                "visited_at": yesterday,
                "met_whom": "李阿姨本人",
                "discussed": "感谢参加联谊会，询问对讲座的感受。",
                "needs": "想了解改善睡眠的产品。",
                "service_opinion": "对活动安排满意。",
                "problems": "希望活动地点离家近一些。",
                "next_step": "下周邀请参加睡眠健康讲座。",
            },
        )
        logged += 1
    planned = 0
    overdue = customers.get("张玉珍")
    if overdue is not None:
        visit_task_plan(
            customer=overdue,
            by=rep,
            assignee=rep,
            due_on=today,
            now=now - dt.timedelta(days=3),
            purpose="送上次预订的保健礼盒",
            planned_method=VisitMethod.HOME,
        )
        planned += 1
    home = customers.get("刘凤英")
    if home is not None:
        visit_task_plan(
            customer=home,
            by=rep,
            assignee=rep,
            due_on=today + dt.timedelta(days=2),
            now=now,
            purpose="上门测量血压，介绍理疗仪",
            planned_method=VisitMethod.HOME,
        )
        visit_task_plan(
            customer=home,
            by=rep,
            assignee=doctor,
            due_on=today + dt.timedelta(days=4),
            now=now,
            purpose="请医生电话讲解高血压饮食（未购买顾客，销售代表申请）",
            planned_method=VisitMethod.PHONE,
        )
        planned += 2
    other = customers.get("赵德明")
    if other is not None and rep2 is not None:
        visit_task_plan(
            customer=other,
            by=rep2,
            assignee=rep2,
            due_on=today,
            now=now - dt.timedelta(days=5),
            purpose="回访了解产品使用效果",
        )
        planned += 1
    # Move a few planned visits into the past so "my day" and the board show overdue ones
    # (a demo shortcut: planning refuses past days).
    VisitTask.objects.filter(purpose="送上次预订的保健礼盒").update(
        due_on=today - dt.timedelta(days=2)
    )
    VisitTask.objects.filter(purpose="回访了解产品使用效果").update(
        due_on=today - dt.timedelta(days=1)
    )
    return (
        f"visits: {made['cards']} caught-up tasks, {logged} visit logged, "
        f"{planned} planned, {Holiday.objects.count()} holidays"
    )
