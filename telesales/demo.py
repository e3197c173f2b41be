"""Demo telesales: a few days of the demo telesales rep's calls, reports and plans.

Built through the services, so everything the pages show adds up: some calls valid, some
not (and why), repeated calls on one prospect, an A prospect a field rep visited and
signed that became a customer with a confirmed payment (TEL-5), a B prospect, one waiting
for its visit, last week's plan reviewed on Friday and this week's plan.
Loaded only where there are no prospects yet, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from deals.models import PaymentMethod
from deals.services import LineInput, deal_create, payment_confirm, payment_record
from telesales.models import CallOutcome, Grade, ITStatus, Prospect, ReportKind
from telesales.services.calls import call_log
from telesales.services.prospects import (
    prospect_convert,
    prospect_grade,
    prospect_update,
    prospect_visit_request,
    prospect_visit_sign,
)
from telesales.services.reports import call_plan_review, call_plan_set, call_report_submit

I = ITStatus  # noqa: E741
O = CallOutcome  # noqa: E741

# (organisation, surname, department, title, phone, headcount, IT status, outcome, notes)
# per day ago; "" and None leave a field unrecorded (the call is then not valid).
# fmt: off
CALLS = {
    3: (
        ("北京华信科技有限公司", "王", "行政部", "经理", "01082310001", 120, I.PART_TIME,
         O.INTERESTED, "电脑老旧，想整体更换"),
        ("朝阳区顺达物流有限公司", "李", "办公室", "主任", "01082310002", 60, I.NO_STAFF,
         O.CALL_BACK, "下周一再联系"),
        ("北京金桥会计师事务所", "", "", "", "01082310003", None, "",
         O.NO_ANSWER, ""),
        ("北京康泰医疗器械有限公司", "赵", "信息部", "主管", "01082310004", 300, I.IN_HOUSE,
         O.INTERESTED, "关注数据备份"),
        ("北京新锐广告有限公司", "孙", "财务部", "会计", "01082310005", 25, I.NONE,
         O.REFUSED, ""),
    ),
    2: (
        ("北京华信科技有限公司", "王", "行政部", "经理", "01082310001", 120, I.PART_TIME,
         O.VISIT, "同意上门面谈"),
        ("海淀区博雅培训学校", "周", "校务处", "副校长", "13710010006", 45, I.OUTSOURCED,
         O.INTERESTED, "机房需要改造"),
        ("北京嘉和物业管理有限公司", "吴", "综合部", "", "01082310007", 80, "",
         O.CALL_BACK, "负责人出差"),
        ("北京宏远机械制造厂", "郑", "设备科", "科长", "01082310008", 500, I.IN_HOUSE,
         O.REFUSED, "已有供应商"),
    ),
    1: (
        ("北京金桥会计师事务所", "钱", "行政部", "主管", "01082310003", 35, I.NO_STAFF,
         O.INTERESTED, "想了解正版软件"),
        ("北京瑞丰餐饮管理有限公司", "冯", "人事行政部", "经理", "01082310009", 150, I.NO_STAFF,
         O.CALL_BACK, ""),
        ("北京天成律师事务所", "陈", "", "", "01082310010", None, "",
         O.REFUSED, ""),
        ("北京康泰医疗器械有限公司", "赵", "信息部", "主管", "01082310004", 300, I.IN_HOUSE,
         O.VISIT, "约周四上门"),
    ),
    0: (
        ("朝阳区顺达物流有限公司", "李", "办公室", "主任", "01082310002", 60, I.NO_STAFF,
         O.INTERESTED, "有意向，发资料"),
        ("北京京润贸易有限公司", "褚", "总经办", "助理", "01082310011", 20, I.NONE,
         O.INTERESTED, ""),
        ("", "", "", "", "13710010012", None, "",
         O.WRONG_NUMBER, "空号"),
    ),
}
# fmt: on

ARCHIVES = {
    "北京华信科技有限公司": (
        "北京市朝阳区建国路88号华信大厦12层",
        "更换120台办公电脑，需要运维外包。",
    ),
    "北京康泰医疗器械有限公司": ("北京市海淀区中关村南大街6号", "数据备份与容灾方案。"),
    "海淀区博雅培训学校": ("北京市海淀区学院路30号", "机房改造，40台教学电脑。"),
}


def _at(now: dt.datetime, days_ago: int, index: int) -> dt.datetime:
    """Working hours of a past day; today, minutes before now."""
    if days_ago == 0:
        return now - dt.timedelta(minutes=7 * (len(CALLS[0]) - index))
    day = timezone.localdate(now) - dt.timedelta(days=days_ago)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 40)))
    return start + dt.timedelta(minutes=11 * index)


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    if Prospect.objects.exists():  # demo data is for a new installation only
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    telesales, rep, supervisor = users.get("telesales"), users.get("rep"), users.get("supervisor")
    if telesales is None or rep is None or supervisor is None:
        return ""
    fields = ("organisation", "contact_surname", "department", "title", "phone", "headcount")
    made = 0
    for days_ago in sorted(CALLS, reverse=True):
        for index, row in enumerate(CALLS[days_ago]):
            data = dict(zip(fields, row[:6], strict=True))
            data.update(it_status=row[6], outcome=row[7], notes=row[8])
            call_log(rep=telesales, data=data, now=_at(now, days_ago, index))
            made += 1
    prospects = {p.organisation: p for p in Prospect.objects.all()}
    for name, (address, needs) in ARCHIVES.items():
        prospect_update(
            prospect=prospects[name],
            data={"address": address, "needs": needs},
            by=telesales,
            now=_at(now, 2, 8),
        )
    _visits(prospects=prospects, telesales=telesales, rep=rep, supervisor=supervisor, now=now)
    _convert(prospect=prospects["北京华信科技有限公司"], users=users, now=now)
    _plans(telesales=telesales, supervisor=supervisor, now=now)
    yesterday = timezone.localdate(now) - dt.timedelta(days=1)
    evening = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(18, 5)))
    call_report_submit(
        rep=telesales, day=yesterday, kind=ReportKind.CALLS, note="康泰医疗约了上门。", now=evening
    )
    call_report_submit(rep=telesales, day=yesterday, kind=ReportKind.RECORDS, note="", now=evening)
    return f"Demo telesales loaded: {made} calls over 4 days, A/B prospects, plans and reports."


def _visits(*, prospects, telesales, rep, supervisor, now) -> None:
    today = timezone.localdate(now)
    for name, grade in (("北京华信科技有限公司", Grade.A), ("北京康泰医疗器械有限公司", Grade.B)):
        asked = _at(now, 2, 9)
        prospect = prospect_visit_request(
            prospect=prospects[name], field_rep=rep, by=telesales, now=asked
        )
        signed_at = _at(now, 1, 6)
        prospect = prospect_visit_sign(
            prospect=prospect,
            by=rep,
            visited_on=today - dt.timedelta(days=1),
            note="见到负责人，需求属实，预算已批。",
            now=signed_at,
        )
        prospect_grade(prospect=prospect, grade=grade, by=supervisor, now=_at(now, 1, 8))
    prospect_visit_request(
        prospect=prospects["海淀区博雅培训学校"], field_rep=rep, by=telesales, now=_at(now, 1, 9)
    )


def _convert(*, prospect, users, now) -> None:
    """The A prospect becomes a customer; its first payment is confirmed (TEL-5, DEAL-1)."""

    supervisor, rep, finance = users["supervisor"], users["rep"], users.get("finance")
    at = _at(now, 1, 10)
    customer = prospect_convert(prospect=prospect, by=supervisor, now=at)
    if finance is None:
        return
    deal = deal_create(
        customer=customer,
        rep=rep,
        by=rep,
        lines=[LineInput("办公电脑运维服务年包", 1, Decimal("36000.00"))],
        now=at,
    )
    payment = payment_record(
        deal=deal,
        amount=Decimal("18000.00"),
        received_on=timezone.localdate(at),
        method=PaymentMethod.TRANSFER,
        by=rep,
        now=at,
    )
    payment_confirm(payment_id=payment.pk, by=finance, now=at + dt.timedelta(hours=1))


def _plans(*, telesales, supervisor, now) -> None:
    this_monday = timezone.localdate(now) - dt.timedelta(days=timezone.localdate(now).weekday())
    last_monday = this_monday - dt.timedelta(days=7)
    monday_morning = timezone.make_aware(dt.datetime.combine(last_monday, dt.time(8, 30)))
    targets = {
        "target_calls": 500,
        "target_valid_calls": 200,
        "target_companies": 250,
        "target_a": 1,
        "target_b": 3,
    }
    plan = call_plan_set(
        rep=telesales, week_start=last_monday, targets=targets, by=supervisor, now=monday_morning
    )
    call_plan_review(
        plan=plan,
        comment="有效电话偏少，注意每通电话都问清人数和IT情况。",
        by=supervisor,
        now=monday_morning + dt.timedelta(days=4, hours=9),
    )
    call_plan_set(
        rep=telesales,
        week_start=this_monday,
        targets={**targets, "target_valid_calls": 250},
        by=supervisor,
        now=timezone.make_aware(dt.datetime.combine(this_monday, dt.time(8, 30))),
    )
