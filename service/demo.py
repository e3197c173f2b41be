"""Demo after-sales service: cases in every state, complaints at several steps, feedback
and an improvement report, built through the services on the demo customers and users.

Dates are relative to today: one case is overdue (the manager's panel shows it), a product
complaint went the whole way (tested, compensated, remade, closed), another waits for its
quality test, a complaint about a person waits for the discipline. Loaded once: a second
run finds the cases and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from service.models import Case, Department, FeedbackTag, QualityResult
from service.services import complaints as complaint_services
from service.services.cases import case_log, case_route
from service.services.feedback import ActionInput, feedback_record, improvement_report_create

# Department code → demo usernames who work its queue.
MEMBERS = {
    "service": ("service", "doctor"),
    "quality": ("service",),
    "finance": ("finance",),
    "sales": ("manager", "supervisor"),
}


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    if Case.objects.exists():  # demo data is for a new installation only
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    wanted = {"rep", "rep2", "telesales", "doctor", "service", "finance", "manager"}
    if not wanted <= set(users):
        return ""
    departments = {d.code: d for d in Department.objects.all()}
    for code, names in MEMBERS.items():
        if code in departments:
            departments[code].members.add(*(users[n] for n in names if n in users))
    customers = {c.phone: c for c in Customer.objects.filter(phone__startswith="139000000")}
    tags = {t.name: t for t in FeedbackTag.objects.all()}

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    def log(by, days, subject, phone=None, **kwargs):
        return case_log(
            by=users[by],
            now=ago(days),
            channel=kwargs.pop("channel", "phone"),
            kind=kwargs.pop("kind", "question"),
            subject=subject,
            customer=customers.get(phone) if phone else None,
            **kwargs,
        )

    def route(case, by, days, code, promise_days, reason):
        if code in departments:
            case_route(
                case=case,
                by=users[by],
                department=departments[code],
                expected_on=timezone.localdate(ago(days)) + dt.timedelta(days=promise_days),
                reason=reason,
                customer_told=True,
                now=ago(days),
            )

    # A question answered on the spot, a request routed, a caller not answered in time.
    log(
        "rep",
        5,
        "理疗仪每天用几次",
        "13900000001",
        answer="每天两次，每次二十分钟，饭后一小时再用。",
    )
    route(
        log("rep", 2, "保健礼盒送货延误", "13900000002", kind="request", product="保健礼盒"),
        "rep",
        2,
        "service",
        4,
        "需要售后部门联系物流查件",
    )
    log("telesales", 3, "想了解下次联谊会的时间", caller_name="黄先生", caller_phone="13700001234")

    # A product complaint the whole way through.
    case = log(
        "rep",
        12,
        "家用理疗仪不发热",
        "13900000003",
        kind="complaint",
        product="家用理疗仪",
        description="用了三天就不发热了，要求换新。",
    )
    route(case, "rep", 12, "quality", 7, "需要质量检测部检测机器")
    complaint = complaint_services.complaint_open(
        case=case,
        by=users["rep"],
        cause="product",
        product="家用理疗仪",
        description="用了三天就不发热了。",
        demand="换一台新的，并补偿来回路费。",
        now=ago(12),
    )
    complaint_services.complaint_quality_test(
        complaint=complaint,
        by=users["service"],
        result=QualityResult.DEFECT,
        findings="加热片焊点脱落，属产品质量问题。",
        now=ago(10),
    )
    complaint_services.complaint_compensate(
        complaint=complaint,
        by=users["finance"],
        amount=Decimal("500.00"),
        note="现金赔偿，客户已签收赔偿单。",
        now=ago(8),
    )
    complaint_services.complaint_remake(
        complaint=complaint,
        by=users["service"],
        done_on=timezone.localdate(ago(5)),
        note="生产部重做一台，已送到客户家。",
        now=ago(5),
    )
    complaint_services.complaint_close(
        complaint=complaint,
        by=users["service"],
        outcome="已赔偿500元并更换新机，客户表示满意。",
        now=ago(4),
    )

    # A product complaint waiting for its quality test.
    case = log(
        "rep2",
        2,
        "按摩靠垫有异响",
        "13900000007",
        kind="complaint",
        product="按摩靠垫",
        description="开机后有咔咔声。",
    )
    route(case, "rep2", 2, "quality", 5, "需要检测是否电机故障")
    complaint_services.complaint_open(
        case=case,
        by=users["rep2"],
        cause="product",
        product="按摩靠垫",
        description="开机后有咔咔声。",
        demand="维修或换新。",
        now=ago(2),
    )

    # A complaint about a person, verified, waiting for the discipline.
    case = log(
        "doctor",
        6,
        "销售员说话不耐烦",
        "13900000008",
        kind="complaint",
        description="客户反映销售员在联谊会上说话不耐烦。",
    )
    route(case, "doctor", 6, "service", 7, "需要客服部门经理核实")
    complaint = complaint_services.complaint_open(
        case=case,
        by=users["doctor"],
        cause="person",
        employee=users["rep2"],
        description="联谊会上客户多问了几句价格，销售员态度生硬。",
        now=ago(6),
    )
    complaint_services.complaint_verify(
        complaint=complaint,
        by=users["service"],
        confirmed=True,
        finding="经向在场同事核实，情况属实。",
        now=ago(3),
    )

    # Feedback, good and bad, and an improvement report from the bad points.
    for by, days, phone, about, rating, product, names, text in (
        (
            "rep",
            6,
            "13900000001",
            "product",
            "good",
            "家用理疗仪",
            ("使用效果",),
            "用了一个月，睡眠好多了。",
        ),
        (
            "rep",
            2,
            "13900000002",
            "product",
            "bad",
            "保健礼盒",
            ("包装", "送货"),
            "包装破损，送货晚了三天。",
        ),
        (
            "doctor",
            9,
            "13900000003",
            "product",
            "bad",
            "家用理疗仪",
            ("产品质量",),
            "加热片容易坏。",
        ),
        (
            "rep2",
            6,
            "13900000007",
            "sales_model",
            "bad",
            "",
            ("会销活动",),
            "联谊会推销时间太长，老人坐不住。",
        ),
        ("rep2", 1, "13900000008", "sales_model", "good", "", ("回访",), "回访很及时，很贴心。"),
    ):
        feedback_record(
            by=users[by],
            now=ago(days),
            about=about,
            rating=rating,
            product=product,
            text=text,
            tags=[tags[n] for n in names if n in tags],
            customer=customers.get(phone),
        )
    today = timezone.localdate(now)
    improvement_report_create(
        by=users["service"],
        now=ago(1),
        period_start=today - dt.timedelta(days=30),
        period_end=today - dt.timedelta(days=1),
        title="理疗仪质量与联谊会安排改善",
        summary="理疗仪加热片问题引起投诉和差评；联谊会推销环节过长，老人反映坐不住。",
        actions=[
            ActionInput(
                "质量检测部抽检本批次理疗仪加热片",
                departments.get("quality"),
                today + dt.timedelta(days=14),
            ),
            ActionInput(
                "联谊会推销环节控制在30分钟内",
                departments.get("sales"),
                today + dt.timedelta(days=7),
            ),
        ],
    )
    return (
        "Demo after-sales service loaded: 6 cases (one overdue), 3 complaints, "
        "5 pieces of feedback, 1 improvement report."
    )
