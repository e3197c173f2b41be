"""Helpers for the service tests: cases and complaints made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from service.models import CaseChannel, CaseKind, ComplaintCause, Department, QualityResult
from service.services import complaints as complaint_services
from service.services.cases import case_log, case_route

DEPARTMENT_NAMES = {
    "sales": ("销售部", "Sales"),
    "service": ("售后服务部", "After-sales service"),
    "quality": ("质量检测部", "Quality testing"),
    "finance": ("财务部", "Finance"),
    "production": ("生产部", "Production"),
}


def department(code: str, *, members=()) -> Department:
    """A default department (shipped by migration 0002; made again after a flush)."""
    name, name_en = DEPARTMENT_NAMES[code]
    found, _created = Department.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en}
    )
    if members:
        found.members.add(*members)
    return found


def log_case(*, by, now: dt.datetime, customer=None, **kwargs):
    """A case `by` received at `now`: about `customer`, or a caller who is not one."""
    values = {
        "channel": CaseChannel.PHONE,
        "kind": CaseKind.QUESTION,
        "subject": "问理疗仪怎么用",
        "customer": customer,
    }
    if customer is None:
        values.update(caller_name="黄先生", caller_phone="13700001234")
    values.update(kwargs)
    return case_log(by=by, now=now, **values)


def route_case(case, *, by, now: dt.datetime, code: str = "service", days: int = 3):
    return case_route(
        case=case,
        by=by,
        department=department(code),
        expected_on=(now + dt.timedelta(days=days)).date(),
        reason="需要售后部门上门检查",
        customer_told=True,
        now=now,
    )


def product_complaint(*, by, now: dt.datetime, customer=None, product: str = "家用理疗仪"):
    case = log_case(
        by=by, now=now, customer=customer, kind=CaseKind.COMPLAINT, subject="理疗仪不发热"
    )
    return complaint_services.complaint_open(
        case=case,
        by=by,
        cause=ComplaintCause.PRODUCT,
        product=product,
        description="用了三天就不发热了",
        demand="换一台新的",
        now=now,
    )


def person_complaint(*, by, now: dt.datetime, employee=None, customer=None):
    case = log_case(
        by=by, now=now, customer=customer, kind=CaseKind.COMPLAINT, subject="销售态度差"
    )
    return complaint_services.complaint_open(
        case=case,
        by=by,
        cause=ComplaintCause.PERSON,
        employee=employee,
        description="销售员说话不耐烦",
        now=now,
    )


def settle_product_complaint(
    complaint, *, tester, finance, production, closer, now, amount="500.00"
):
    """Quality test (defect) → compensation → remake → closed."""
    complaint_services.complaint_quality_test(
        complaint=complaint, by=tester, result=QualityResult.DEFECT, findings="加热片损坏", now=now
    )
    complaint_services.complaint_compensate(
        complaint=complaint, by=finance, amount=Decimal(amount), note="赔偿单", now=now
    )
    complaint_services.complaint_remake(
        complaint=complaint, by=production, done_on=now.date(), note="已重做", now=now
    )
    return complaint_services.complaint_close(
        complaint=complaint, by=closer, outcome="已赔偿并更换新机，客户满意", now=now
    )
