"""Complaints (SVC-3): a complaint form, then each step by its role, in order."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from service.models import (
    CaseEvent,
    CaseKind,
    CaseStatus,
    Compensation,
    Complaint,
    ComplaintCause,
    ComplaintState,
    ComplaintStep,
    QualityResult,
)
from service.selectors.complaints import complaint_summary
from service.services import complaints as services
from tests.customers.factories import CustomerFactory
from tests.service.factories import (
    log_case,
    person_complaint,
    product_complaint,
    settle_product_complaint,
)

pytestmark = pytest.mark.django_db


def grant(user, codename: str):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


@pytest.fixture
def production(make_user):
    """Someone in production: no role of theirs records remakes; the admin granted it."""
    return grant(
        make_user(username="production", last_name="孙", first_name="师傅"), "record_remake"
    )


@pytest.mark.rule("SVC-3")
def test_a_product_complaint_goes_through_quality_test_compensation_and_remake_into_the_month(
    rep, service_manager, finance, production, frozen_now
):
    """The issue's acceptance test."""
    customer = CustomerFactory(owner=rep, name="张玉珍")
    complaint = product_complaint(by=rep, now=frozen_now, customer=customer)
    assert (complaint.state, complaint.next_step) == (
        ComplaintState.REGISTERED,
        ComplaintStep.QUALITY_TEST,
    )
    assert complaint.case.kind == CaseKind.COMPLAINT

    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="加热片损坏",
        now=frozen_now,
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.next_step) == (
        ComplaintState.TESTED,
        ComplaintStep.COMPENSATION,
    )

    services.complaint_compensate(
        complaint=complaint, by=finance, amount=Decimal("680.50"), note="现金赔偿", now=frozen_now
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.next_step) == (
        ComplaintState.COMPENSATED,
        ComplaintStep.REMAKE,
    )
    assert complaint.compensation.amount == Decimal("680.50")
    assert complaint.compensation.recorded_by == finance

    services.complaint_remake(
        complaint=complaint, by=production, done_on=frozen_now.date(), note="已重做", now=frozen_now
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.next_step) == (ComplaintState.REMADE, ComplaintStep.CLOSE)

    services.complaint_close(
        complaint=complaint, by=service_manager, outcome="已赔偿并更换新机", now=frozen_now
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.next_step) == (ComplaintState.CLOSED, "")

    summary = complaint_summary(month=dt.date(2026, 11, 1))
    assert summary["count"] == 1
    assert summary["closed"] == 1
    assert summary["compensation"] == Decimal("680.50")
    assert summary["by_product"] == [
        {"product": "家用理疗仪", "count": 1, "compensation": Decimal("680.50")}
    ]
    assert summary["by_state"][0]["state"] == ComplaintState.CLOSED


@pytest.mark.rule("SVC-1", "SVC-3")
def test_closing_the_complaint_answers_its_case_with_the_outcome(
    rep, service_manager, finance, production, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    settle_product_complaint(
        complaint,
        tester=service_manager,
        finance=finance,
        production=production,
        closer=service_manager,
        now=frozen_now,
    )
    case = complaint.case
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.answer == "已赔偿并更换新机，客户满意"
    assert CaseEvent.objects.filter(case=case).last().rule == "SVC-3"


@pytest.mark.rule("SVC-3")
def test_a_test_that_finds_no_defect_goes_straight_to_closing(
    rep, service_manager, finance, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.NO_DEFECT,
        findings="使用不当",
        now=frozen_now,
    )
    with pytest.raises(ValidationError, match="waiting for “Closing”, not “Compensation note”"):
        services.complaint_compensate(
            complaint=complaint, by=finance, amount=Decimal("100"), note="", now=frozen_now
        )
    services.complaint_close(
        complaint=complaint, by=service_manager, outcome="已讲解正确用法", now=frozen_now
    )
    assert not Compensation.objects.exists()


@pytest.mark.rule("SVC-3")
def test_a_complaint_about_a_person_is_verified_then_disciplined_then_apologised_for(
    rep, rep2, service_manager, sales_manager, frozen_now
):
    complaint = person_complaint(by=rep, now=frozen_now, employee=rep2)
    assert complaint.next_step == ComplaintStep.VERIFICATION
    services.complaint_verify(
        complaint=complaint, by=service_manager, confirmed=True, finding="录音证实", now=frozen_now
    )
    services.complaint_discipline(
        complaint=complaint,
        by=sales_manager,
        employee=rep2,
        measure="绩效扣5分，书面检讨",
        now=frozen_now,
    )
    services.complaint_apology(
        complaint=complaint,
        by=sales_manager,
        method="in_person",
        apologised_on=frozen_now.date(),
        note="经理陪同上门致歉",
        now=frozen_now,
    )
    services.complaint_close(
        complaint=complaint, by=service_manager, outcome="客户接受道歉", now=frozen_now
    )
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED
    assert complaint.discipline.employee == rep2
    assert complaint.apology.apologised_on == frozen_now.date()


@pytest.mark.rule("SVC-3")
def test_a_complaint_not_confirmed_is_closed_without_discipline(
    rep, service_manager, sales_manager, frozen_now
):
    complaint = person_complaint(by=rep, now=frozen_now)
    services.complaint_verify(
        complaint=complaint, by=service_manager, confirmed=False, finding="查无此事", now=frozen_now
    )
    with pytest.raises(ValidationError, match="waiting for “Closing”"):
        services.complaint_discipline(
            complaint=complaint, by=sales_manager, employee=rep, measure="x", now=frozen_now
        )
    services.complaint_close(
        complaint=complaint, by=service_manager, outcome="已向客户说明", now=frozen_now
    )


@pytest.mark.rule("SVC-3")
def test_a_step_out_of_order_is_refused_with_what_the_complaint_waits_for(rep, finance, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    with pytest.raises(
        ValidationError, match="waiting for “Quality test”, not “Compensation note”"
    ):
        services.complaint_compensate(
            complaint=complaint, by=finance, amount=Decimal("100"), note="", now=frozen_now
        )
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED


@pytest.mark.rule("SVC-3")
def test_the_quality_test_by_finance_is_refused_saying_who_records_it(rep, finance, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="is recorded by quality testing"):
        services.complaint_quality_test(
            complaint=complaint,
            by=finance,
            result=QualityResult.DEFECT,
            findings="x",
            now=frozen_now,
        )


@pytest.mark.rule("SVC-3")
def test_closing_by_a_rep_is_refused_saying_who_closes(rep, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="is recorded by the service manager"):
        services.complaint_close(complaint=complaint, by=rep, outcome="x", now=frozen_now)


@pytest.mark.rule("SVC-3")
def test_finance_does_not_record_the_remake_but_production_does_once_granted(
    rep, service_manager, finance, make_user, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    services.complaint_compensate(
        complaint=complaint, by=finance, amount=Decimal("0"), note="", now=frozen_now
    )
    worker = make_user(username="gongren")
    with pytest.raises(ValidationError, match="“Remake” is recorded by production"):
        services.complaint_remake(
            complaint=complaint, by=worker, done_on=frozen_now.date(), note="", now=frozen_now
        )
    with pytest.raises(ValidationError, match="recorded by production"):
        services.complaint_remake(
            complaint=complaint, by=finance, done_on=frozen_now.date(), note="", now=frozen_now
        )
    grant(worker, "record_remake")
    services.complaint_remake(
        complaint=complaint, by=worker, done_on=frozen_now.date(), note="", now=frozen_now
    )
    assert complaint.__class__.objects.get().remake.recorded_by == worker


@pytest.mark.rule("SVC-3")
def test_the_complaint_form_names_the_product_of_a_product_complaint(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(ValidationError) as refused:
        services.complaint_open(
            case=case,
            by=rep,
            cause=ComplaintCause.PRODUCT,
            product=" ",
            description=" ",
            now=frozen_now,
        )
    assert set(refused.value.message_dict) == {"product", "description"}
    complaint = services.complaint_open(
        case=case,
        by=rep,
        cause=ComplaintCause.PRODUCT,
        product="理疗仪",
        description="坏了",
        now=frozen_now,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(product="")


@pytest.mark.rule("SVC-3")
def test_a_case_has_one_complaint_form(rep, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="already has its complaint form"):
        services.complaint_open(
            case=complaint.case,
            by=rep,
            cause=ComplaintCause.PERSON,
            description="再投诉",
            now=frozen_now,
        )


@pytest.mark.rule("SVC-3")
def test_compensation_is_never_negative(rep, service_manager, finance, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    with pytest.raises(ValidationError, match="0 or more"):
        services.complaint_compensate(
            complaint=complaint, by=finance, amount=Decimal("-1"), note="", now=frozen_now
        )
    services.complaint_compensate(
        complaint=complaint, by=finance, amount=Decimal("10"), note="", now=frozen_now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Compensation.objects.update(amount=Decimal("-5"))


@pytest.mark.rule("SVC-3")
def test_a_closed_complaint_needs_its_outcome_in_the_database(rep, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(state=ComplaintState.CLOSED, next_step="")


@pytest.mark.rule("SVC-3")
def test_a_remake_or_apology_in_the_future_is_refused(rep, service_manager, finance, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    services.complaint_compensate(
        complaint=complaint, by=finance, amount=Decimal("1"), note="", now=frozen_now
    )
    with pytest.raises(ValidationError, match="in the future"):
        services.complaint_remake(
            complaint=complaint,
            by=service_manager,
            done_on=frozen_now.date() + dt.timedelta(days=1),
            note="",
            now=frozen_now,
        )
