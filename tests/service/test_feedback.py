"""Feedback on products and the sales approach (SVC-2), and improvement reports built from
its bad points and the period's complaints (SVC-2, SVC-3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from service.models import Feedback, FeedbackTag, ImprovementReport
from service.selectors.feedback import bad_points_grouped, feedback_qs_for
from service.services.feedback import ActionInput, feedback_record, improvement_report_create
from tests.customers.factories import CustomerFactory
from tests.service.factories import department, log_case, person_complaint, product_complaint

pytestmark = pytest.mark.django_db


def tag(name: str) -> FeedbackTag:
    return FeedbackTag.objects.get_or_create(name=name, defaults={"name_en": name})[0]


def feedback(*, by, now, rating="bad", about="product", product="家用理疗仪", tags=(), **kwargs):
    return feedback_record(
        by=by,
        now=now,
        about=about,
        rating=rating,
        product=product,
        text=kwargs.pop("text", "加热太慢"),
        tags=[tag(t) for t in tags],
        **kwargs,
    )


@pytest.mark.rule("SVC-2")
def test_feedback_on_a_product_is_recorded_with_its_tags(rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    item = feedback(by=rep, now=frozen_now, customer=customer, tags=["产品质量", "使用效果"])
    assert item.rating == "bad"
    assert {t.name for t in item.tags.all()} == {"产品质量", "使用效果"}
    assert (item.recorded_by, item.customer) == (rep, customer)


@pytest.mark.rule("SVC-2")
def test_feedback_on_the_sales_approach_needs_no_product(rep, frozen_now):
    item = feedback(by=rep, now=frozen_now, about="sales_model", product="理疗仪", rating="good")
    assert item.product == ""
    with pytest.raises(ValidationError, match="Name the product"):
        feedback(by=rep, now=frozen_now, about="product", product=" ")


@pytest.mark.rule("SVC-2")
def test_feedback_from_a_case_names_the_case_and_its_customer(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    case = log_case(by=rep, now=frozen_now, customer=customer, product="保健礼盒")
    client = client_for(rep)
    page = client.get(reverse("service:feedback_new"), {"case": case.pk}).content.decode()
    assert 'value="保健礼盒"' in page
    response = client.post(
        f"{reverse('service:feedback_new')}?case={case.pk}",
        {
            "about": "product",
            "product": "保健礼盒",
            "rating": "bad",
            "text": "包装太简陋",
            "tags": [tag("包装").pk],
        },
    )
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.case, item.customer) == (case, customer)


@pytest.mark.rule("SVC-2")
def test_the_feedback_form_asks_for_the_product_next_to_the_field(client_for, rep):
    response = client_for(rep).post(
        reverse("service:feedback_new"), {"about": "product", "rating": "bad", "text": "不好用"}
    )
    assert "Name the product the feedback is about." in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.rule("SVC-2")
def test_a_rep_lists_their_own_feedback_and_a_manager_all_in_few_queries(
    client_for, rep, rep2, service_manager, frozen_now, django_assert_max_num_queries
):
    for i in range(3):
        feedback(by=rep, now=frozen_now, text=f"张伟记录{i}", tags=["价格"])
    feedback(by=rep2, now=frozen_now, text="李强记录", tags=["价格", "送货"])
    assert feedback_qs_for(user=rep).count() == 3
    client = client_for(service_manager)
    client.get(reverse("service:feedback_list"))
    with django_assert_max_num_queries(9):
        body = client.get(reverse("service:feedback_list")).content.decode()
    assert "李强记录" in body
    assert "张伟记录0" in body
    filtered = client.get(
        reverse("service:feedback_list"), {"tag": tag("送货").pk}
    ).content.decode()
    assert "李强记录" in filtered
    assert "张伟记录0" not in filtered
    mine = client_for(rep).get(reverse("service:feedback_list")).content.decode()
    assert "李强记录" not in mine


@pytest.mark.rule("SVC-2")
def test_the_bad_points_of_a_period_are_grouped_by_tag_and_product(rep, frozen_now):
    feedback(by=rep, now=frozen_now, tags=["产品质量"], product="家用理疗仪")
    feedback(by=rep, now=frozen_now, tags=["产品质量", "价格"], product="家用理疗仪")
    feedback(by=rep, now=frozen_now, tags=[], product="保健礼盒")
    feedback(by=rep, now=frozen_now, about="sales_model", product="", tags=["会销活动"])
    feedback(by=rep, now=frozen_now, rating="good", tags=["产品质量"])
    feedback(by=rep, now=frozen_now - dt.timedelta(days=40), tags=["产品质量"])
    grouped = bad_points_grouped(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert [(t.name, t.count) for t in grouped["by_tag"]][:1] == [("产品质量", 2)]
    assert {(t.name, t.count) for t in grouped["by_tag"]} == {
        ("产品质量", 2),
        ("价格", 1),
        ("会销活动", 1),
    }
    assert grouped["untagged"] == 1
    assert grouped["by_product"] == [
        {"about": "product", "product": "家用理疗仪", "count": 2},
        {"about": "product", "product": "保健礼盒", "count": 1},
        {"about": "sales_model", "product": "", "count": 1},
    ]


@pytest.mark.rule("SVC-2", "SVC-3")
def test_an_improvement_report_links_the_periods_bad_points_and_complaints(
    rep, service_manager, frozen_now
):
    bad = feedback(by=rep, now=frozen_now, tags=["产品质量"])
    feedback(by=rep, now=frozen_now, rating="good")
    feedback(by=rep, now=frozen_now - dt.timedelta(days=40))
    complaint = product_complaint(by=rep, now=frozen_now)
    product_complaint(by=rep, now=frozen_now - dt.timedelta(days=40))
    report = improvement_report_create(
        by=service_manager,
        now=frozen_now,
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 30),
        title="11月理疗仪质量改善",
        summary="加热片批次问题",
        actions=[
            ActionInput("更换加热片供应商", department("production"), dt.date(2026, 12, 15)),
            ActionInput("  "),
        ],
    )
    assert list(report.feedback.all()) == [bad]
    assert list(report.complaints.all()) == [complaint]
    assert list(complaint.improvement_reports.all()) == [report]
    (action,) = report.actions.all()
    assert (action.text, action.department.code) == ("更换加热片供应商", "production")


@pytest.mark.rule("SVC-2")
def test_a_report_needs_a_title_findings_and_at_least_one_action(service_manager, frozen_now):
    with pytest.raises(ValidationError) as refused:
        improvement_report_create(
            by=service_manager,
            now=frozen_now,
            period_start=dt.date(2026, 11, 30),
            period_end=dt.date(2026, 11, 1),
            title="",
            summary="",
            actions=[],
        )
    assert set(refused.value.message_dict) == {"period_end", "title", "summary", "__all__"}
    assert not ImprovementReport.objects.exists()


@pytest.mark.rule("SVC-2")
def test_a_rep_does_not_write_improvement_reports(client_for, rep):
    assert client_for(rep).get(reverse("service:report_new")).status_code == 403
    assert client_for(rep).get(reverse("service:report_list")).status_code == 403


@pytest.mark.rule("SVC-2", "SVC-3")
def test_a_manager_picks_a_period_reads_the_bad_points_and_saves_the_report(
    client_for, rep, service_manager, frozen_now, django_assert_max_num_queries
):
    feedback(by=rep, now=frozen_now, tags=["产品质量"], text="加热片坏了")
    person_complaint(by=rep, now=frozen_now)
    client = client_for(service_manager)
    client.get(reverse("service:report_new"))
    with django_assert_max_num_queries(16):
        page = client.get(
            reverse("service:report_new"), {"start": "2026-11-01", "end": "2026-11-30"}
        )
    body = page.content.decode()
    assert "加热片坏了" in body
    assert 'data-tag="产品质量"' in body
    assert "1 complaint" in body
    response = client.post(
        reverse("service:report_new"),
        {
            "start": "2026-11-01",
            "end": "2026-11-30",
            "title": "11月改善",
            "summary": "加热片问题",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-text": "更换供应商",
            "actions-0-department": department("production").pk,
            "actions-0-due_on": "2026-12-15",
            "actions-1-text": "",
            "actions-2-text": "",
        },
        follow=True,
    )
    report = ImprovementReport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("service:report_detail", args=[report.pk])
    assert "更换供应商" in response.content.decode()
    assert report.feedback.count() == 1
    assert report.complaints.count() == 1
    with django_assert_max_num_queries(9):
        listing = client.get(reverse("service:report_list")).content.decode()
    assert "11月改善" in listing


def test_a_report_without_an_action_says_so(client_for, service_manager):
    response = client_for(service_manager).post(
        reverse("service:report_new"),
        {
            "start": "2026-11-01",
            "end": "2026-11-30",
            "title": "11月改善",
            "summary": "加热片问题",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert "Write at least one improvement action." in response.content.decode()
    assert not ImprovementReport.objects.exists()


@pytest.mark.rule("SEC-7")
def test_a_report_posting_too_many_actions_builds_twenty_and_says_so(
    client_for, service_manager, django_assert_max_num_queries
):
    data = {
        "start": "2026-11-01",
        "end": "2026-11-30",
        "title": "11月改善",
        "summary": "加热片问题",
        "actions-TOTAL_FORMS": "2147483648",  # a tampered count: no 1,020 forms built
        "actions-INITIAL_FORMS": "0",
        "actions-0-text": "更换供应商",
    }
    with django_assert_max_num_queries(60):
        response = client_for(service_manager).post(reverse("service:report_new"), data)
    assert response.status_code == 200
    assert len(response.context["actions"].forms) == 20
    assert "Please submit at most 20 forms." in response.content.decode()
    assert not ImprovementReport.objects.exists()


def test_the_month_link_from_the_summary_opens_the_months_period(
    client_for, service_manager, frozen_now
):
    response = client_for(service_manager).get(reverse("service:report_new"), {"month": "2026-10"})
    assert (response.context["start"], response.context["end"]) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    )
    this_month = client_for(service_manager).get(reverse("service:report_new"))
    assert this_month.context["end"] == dt.date(2026, 11, 23)
