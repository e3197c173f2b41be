"""Prospects (TEL-4): A or B only after a field rep's signed visit on a complete archive."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from crm import roles
from crm.models import Notification
from customers.models import Customer, InformationSource
from pools.models import Ownership
from telesales.models import Grade, Prospect
from telesales.services.prospects import (
    prospect_convert,
    prospect_grade,
    prospect_update,
    prospect_visit_request,
    prospect_visit_sign,
)
from tests.customers.factories import CustomerFactory
from tests.telesales.factories import graded, log

pytestmark = pytest.mark.django_db


def detail(prospect) -> str:
    return reverse("telesales:prospect_detail", args=[prospect.pk])


def archived(seller, now):
    prospect = log(seller, now=now).prospect
    return prospect_update(
        prospect=prospect,
        data={"address": "北京市朝阳区建国路88号", "needs": "更换办公电脑"},
        by=seller,
        now=now,
    )


@pytest.mark.rule("TEL-4")
def test_a_prospect_cannot_be_a_or_b_before_a_field_rep_visited_and_signed(
    seller, supervisor, frozen_now
):
    prospect = archived(seller, frozen_now)
    for grade in (Grade.A, Grade.B):
        with pytest.raises(ValidationError) as refused:
            prospect_grade(prospect=prospect, grade=grade, by=supervisor, now=frozen_now)
        assert "only after a field rep visited it" in refused.value.messages[0]
        assert "no field rep has been asked to visit it" in refused.value.messages[0]
    prospect.refresh_from_db()
    assert prospect.grade == ""


@pytest.mark.rule("TEL-4")
def test_grading_names_the_rep_who_has_not_signed_and_the_missing_archive_fields(
    seller, rep, supervisor, frozen_now
):
    prospect = log(seller, now=frozen_now, headcount=None).prospect
    prospect_visit_request(prospect=prospect, field_rep=rep, by=seller, now=frozen_now)
    with pytest.raises(ValidationError) as refused:
        prospect_grade(prospect=prospect, grade=Grade.A, by=supervisor, now=frozen_now)
    text = refused.value.messages[0]
    assert "张伟 has not signed a visit yet" in text
    assert "the archive lacks: headcount, address, needs and intent" in text


@pytest.mark.rule("TEL-4")
def test_c_grade_needs_no_visit(seller, frozen_now):
    prospect = log(seller, now=frozen_now).prospect
    prospect_grade(prospect=prospect, grade=Grade.C, by=seller, now=frozen_now)
    prospect.refresh_from_db()
    assert prospect.grade == Grade.C


@pytest.mark.rule("TEL-4")
def test_after_the_signed_visit_on_a_complete_archive_it_may_be_graded_a(
    seller, rep, supervisor, frozen_now
):
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor, grade=Grade.A)
    assert prospect.grade == Grade.A
    assert prospect.graded_by == supervisor
    assert prospect.signed_by == rep
    assert prospect.signed_at is not None
    assert prospect.visited_on == frozen_now.date()


@pytest.mark.rule("TEL-4")
def test_the_database_refuses_a_or_b_without_a_signed_visit(seller, frozen_now):
    prospect = log(seller, now=frozen_now).prospect
    with pytest.raises(IntegrityError), transaction.atomic():
        Prospect.objects.filter(pk=prospect.pk).update(grade=Grade.B)


@pytest.mark.rule("TEL-4")
def test_only_the_field_rep_asked_signs_and_only_on_a_complete_archive(
    seller, rep, make_user, frozen_now
):
    other_rep = make_user(roles.REP, username="rep9")
    prospect = log(seller, now=frozen_now).prospect
    prospect_visit_request(prospect=prospect, field_rep=rep, by=seller, now=frozen_now)
    sign = {"visited_on": frozen_now.date(), "note": "见到负责人", "now": frozen_now}
    with pytest.raises(ValidationError, match="Only the field rep asked"):
        prospect_visit_sign(prospect=prospect, by=other_rep, **sign)
    with pytest.raises(ValidationError, match="Complete the archive before signing"):
        prospect_visit_sign(prospect=prospect, by=rep, **sign)
    prospect_update(
        prospect=prospect, data={"address": "北京", "needs": "电脑"}, by=seller, now=frozen_now
    )
    with pytest.raises(ValidationError):
        prospect_visit_sign(
            prospect=prospect, by=rep, **{**sign, "visited_on": frozen_now.date() + dt.timedelta(1)}
        )
    prospect_visit_sign(prospect=prospect, by=rep, **sign)
    with pytest.raises(ValidationError, match="already signed"):
        prospect_visit_sign(prospect=prospect, by=rep, **sign)


@pytest.mark.rule("TEL-4")
def test_only_someone_with_the_rep_role_can_be_asked_to_visit(seller, make_user, frozen_now):
    doctor = make_user(roles.SERVICE_DOCTOR)
    prospect = log(seller, now=frozen_now).prospect
    with pytest.raises(ValidationError, match="Only an active field rep"):
        prospect_visit_request(prospect=prospect, field_rep=doctor, by=seller, now=frozen_now)


@pytest.mark.rule("TEL-4")
def test_the_field_rep_is_notified_finds_the_prospect_and_signs_on_their_phone(
    client_for, seller, rep, frozen_now
):
    prospect = archived(seller, frozen_now)
    prospect_visit_request(prospect=prospect, field_rep=rep, by=seller, now=frozen_now)
    notice = Notification.objects.get(user=rep)
    assert notice.rule == "TEL-4"
    assert notice.url == detail(prospect)
    client = client_for(rep)
    listing = client.get(reverse("telesales:prospect_list")).content.decode()
    assert prospect.organisation in listing
    response = client.post(
        reverse("telesales:prospect_sign", args=[prospect.pk]),
        {"visited_on": frozen_now.date().isoformat(), "note": "需求属实", "confirm": "on"},
        follow=True,
    )
    assert "Visit signed." in response.content.decode()
    prospect.refresh_from_db()
    assert prospect.signed_by == rep


@pytest.mark.rule("TEL-4")
def test_the_page_refuses_a_grade_with_a_clear_message(client_for, seller, frozen_now):
    prospect = archived(seller, frozen_now)
    response = client_for(seller).post(
        reverse("telesales:prospect_grade", args=[prospect.pk]), {"grade": "a"}, follow=True
    )
    page = response.content.decode()
    assert "A prospect becomes A or B only after a field rep visited it" in page
    prospect.refresh_from_db()
    assert prospect.grade == ""


@pytest.mark.rule("TEL-4")
def test_the_page_grades_after_the_signed_visit(client_for, seller, rep, supervisor, frozen_now):
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor, grade=Grade.C)
    client_for(supervisor).post(
        reverse("telesales:prospect_grade", args=[prospect.pk]), {"grade": "b"}
    )
    prospect.refresh_from_db()
    assert prospect.grade == Grade.B


@pytest.mark.rule("TEL-4", "INTAKE-8")
def test_a_graded_prospect_becomes_a_telesales_customer_owned_by_the_field_rep(
    seller, rep, supervisor, frozen_now
):
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor)
    customer = prospect_convert(prospect=prospect, by=supervisor, now=frozen_now)
    assert customer.source == InformationSource.TELESALES
    assert customer.kind == "organisation"
    assert customer.name == prospect.organisation
    assert Ownership.objects.get(customer=customer).owner == rep
    (contact,) = customer.contacts.all()
    assert (contact.name, contact.phone) == ("王", "01082310004")
    prospect.refresh_from_db()
    assert prospect.customer == customer
    with pytest.raises(ValidationError, match="already a customer"):
        prospect_convert(prospect=prospect, by=supervisor, now=frozen_now)


@pytest.mark.rule("TEL-4", "INTAKE-9")
def test_an_ungraded_or_already_known_prospect_is_not_converted(
    seller, rep, supervisor, frozen_now
):
    plain = log(seller, now=frozen_now, organisation="普通公司", phone="01082317777").prospect
    with pytest.raises(ValidationError, match="Only an A or B prospect"):
        prospect_convert(prospect=plain, by=supervisor, now=frozen_now)
    CustomerFactory(name="已有客户", phone="01082310004", first_collector=rep)
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor)
    with pytest.raises(ValidationError, match="Already a customer"):
        prospect_convert(prospect=prospect, by=supervisor, now=frozen_now)
    assert Customer.objects.count() == 1


@pytest.mark.rule("TEL-4")
def test_converting_on_the_page(client_for, seller, rep, supervisor, frozen_now):
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor)
    response = client_for(supervisor).post(
        reverse("telesales:prospect_convert", args=[prospect.pk]), follow=True
    )
    assert "is now a customer (source: telesales)" in response.content.decode()
    assert Customer.objects.get().source == "telesales"


def test_the_archive_page_saves_and_refuses_a_name_another_prospect_has(
    client_for, seller, frozen_now
):
    prospect = log(seller, now=frozen_now).prospect
    log(seller, now=frozen_now, organisation="别的公司", phone="01082316666")
    url = reverse("telesales:prospect_edit", args=[prospect.pk])
    data = {
        "organisation": "别的公司",
        "contact_surname": "王",
        "department": "行政部",
        "title": "经理",
        "phone": "01082310001",
        "headcount": "120",
        "it_status": "part_time",
        "address": "北京",
        "needs": "电脑",
    }
    client = client_for(seller)
    response = client.post(url, data)
    assert "Another prospect already has this organisation name." in response.content.decode()
    response = client.post(url, {**data, "organisation": "华信科技"})
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert (prospect.organisation, prospect.address) == ("华信科技", "北京")


def test_the_prospect_list_has_a_pinned_query_count(
    client_for, supervisor, seller, rep, frozen_now, django_assert_max_num_queries
):
    for i in range(30):
        call = log(seller, organisation=f"公司{i}", phone=f"010823{i:05d}")
        if i % 3 == 0:
            prospect_visit_request(prospect=call.prospect, field_rep=rep, by=seller, now=frozen_now)
    client = client_for(supervisor)
    with django_assert_max_num_queries(8):
        first = client.get(reverse("telesales:prospect_list"))
    assert len(first.context["page"].rows) == 25
    with django_assert_max_num_queries(8):
        client.get(reverse("telesales:prospect_list"), {"after": first.context["page"].next_cursor})


def test_the_prospect_page_has_a_pinned_query_count(
    client_for, seller, rep, supervisor, frozen_now, django_assert_max_num_queries
):
    prospect = graded(owner=seller, field_rep=rep, grader=supervisor)
    for i in range(10):
        log(seller, phone="01082310004", now=frozen_now + dt.timedelta(days=i + 1))
    client = client_for(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(detail(prospect))
    assert response.status_code == 200


def test_the_prospect_list_searches_and_filters_by_grade(
    client_for, seller, rep, supervisor, frozen_now
):
    graded(owner=seller, field_rep=rep, grader=supervisor, grade=Grade.B)
    log(seller, organisation="顺达物流", phone="01082310002")
    client = client_for(seller)
    url = reverse("telesales:prospect_list")
    page = client.get(url, {"grade": "b"}).content.decode()
    assert "北京康泰医疗器械有限公司" in page
    assert "顺达物流" not in page
    page = client.get(url, {"q": "顺达"}).content.decode()
    assert "顺达物流" in page
    assert "北京康泰医疗器械有限公司" not in page
    page = client.get(url, {"q": "01082310002"}).content.decode()
    assert "顺达物流" in page
