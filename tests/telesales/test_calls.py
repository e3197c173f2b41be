"""Logging calls (TEL-1): validity and its reasons, one prospect per organisation, the desk."""

import datetime as dt

import pytest
from django.urls import reverse

from telesales.models import Call, CallOutcome, ITStatus, Prospect
from tests.telesales.factories import VALID, log

pytestmark = pytest.mark.django_db

DESK = reverse("telesales:call_desk")
HISTORY = reverse("telesales:call_list")


def form(**changes) -> dict:
    data = {**VALID, **changes}
    return {k: "" if v is None else v for k, v in data.items()}


# Validity ------------------------------------------------------------------------------


@pytest.mark.rule("TEL-1")
def test_a_call_recording_every_field_is_valid(seller, frozen_now):
    call = log(seller)
    assert call.is_valid
    assert call.invalid_reasons == []


@pytest.mark.rule("TEL-1")
@pytest.mark.parametrize(
    "missing",
    ["organisation", "contact_surname", "department", "title", "phone", "headcount", "it_status"],
)
def test_a_call_missing_any_required_field_is_not_valid_and_says_which(seller, frozen_now, missing):
    changes = {missing: None if missing == "headcount" else ""}
    if missing == "organisation":
        changes["phone"] = VALID["phone"]
    call = log(seller, **changes)
    assert not call.is_valid
    assert call.invalid_reasons == [missing]


@pytest.mark.rule("TEL-1")
@pytest.mark.parametrize("outcome", [CallOutcome.NO_ANSWER, CallOutcome.WRONG_NUMBER])
def test_a_call_that_reached_nobody_is_never_valid(seller, frozen_now, outcome):
    call = log(seller, outcome=outcome)
    assert not call.is_valid
    assert call.invalid_reasons == ["unreached"]


@pytest.mark.rule("TEL-1")
def test_only_the_first_valid_call_of_the_day_to_an_organisation_counts(seller, frozen_now):
    first = log(seller)
    again = log(seller, now=frozen_now + dt.timedelta(minutes=20))
    tomorrow = log(seller, now=frozen_now + dt.timedelta(days=1))
    assert first.is_valid
    assert not again.is_valid
    assert again.invalid_reasons == ["repeat"]
    assert tomorrow.is_valid


@pytest.mark.rule("TEL-1")
def test_an_admin_may_let_every_valid_call_count(seller, frozen_now, set_param):
    set_param("telesales.valid_once_a_day", "false")
    log(seller)
    assert log(seller, now=frozen_now + dt.timedelta(minutes=5)).is_valid


# One prospect per organisation ---------------------------------------------------------


@pytest.mark.rule("TEL-1")
def test_repeated_calls_to_one_organisation_link_to_one_prospect(seller, frozen_now):
    first = log(seller)
    second = log(seller, organisation=" 北京华信科技有限公司 ", phone="13912345678")
    third = log(seller, organisation="", phone="13912345678", outcome=CallOutcome.CALL_BACK)
    assert Prospect.objects.count() == 1
    assert first.prospect == second.prospect == third.prospect


@pytest.mark.rule("TEL-1")
def test_organisation_names_match_whatever_the_spaces_width_and_case(seller, frozen_now):
    a = log(seller, organisation="ＡＢＣ 科技", phone="01082319999")
    b = log(seller, organisation="abc科技", phone="01082318888")
    assert a.prospect == b.prospect


@pytest.mark.rule("TEL-1")
def test_a_known_phone_finds_the_prospect_under_another_spelling(seller, frozen_now):
    first = log(seller)
    later = log(seller, organisation="华信科技", now=frozen_now + dt.timedelta(days=1))
    assert later.prospect == first.prospect
    assert Prospect.objects.count() == 1


@pytest.mark.rule("TEL-1")
def test_a_call_fills_the_prospects_archive_with_what_it_recorded(seller, frozen_now):
    log(seller, headcount=None, it_status="")
    log(seller, contact_surname="", headcount=150, it_status=ITStatus.IN_HOUSE)
    prospect = Prospect.objects.get()
    assert prospect.contact_surname == "王"  # an empty field keeps what was known
    assert prospect.headcount == 150
    assert prospect.it_status == ITStatus.IN_HOUSE
    assert prospect.owner == seller


@pytest.mark.rule("TEL-1")
def test_another_reps_call_joins_the_first_callers_prospect(seller, other_seller, frozen_now):
    mine = log(seller)
    theirs = log(other_seller, now=frozen_now + dt.timedelta(minutes=1))
    assert theirs.prospect == mine.prospect
    assert theirs.prospect.owner == seller
    assert theirs.is_valid  # their own call, judged on its own


# The desk ------------------------------------------------------------------------------


@pytest.mark.rule("TEL-1")
def test_the_desk_without_javascript_logs_and_comes_back_empty(client_for, seller, frozen_now):
    client = client_for(seller)
    response = client.post(DESK, form(), follow=True)
    assert response.redirect_chain == [(DESK, 302)]
    page = response.content.decode()
    assert "Call logged: valid." in page
    assert response.context["form"].initial == {}
    assert 'name="organisation"' in page
    assert "autofocus" in page
    assert Call.objects.get().rep == seller


@pytest.mark.rule("TEL-1")
def test_the_desk_with_htmx_swaps_an_empty_focused_form_and_the_new_row(
    client_for, seller, frozen_now
):
    client = client_for(seller)
    response = client.post(DESK, form(headcount=""), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section id="call-desk"')
    assert "Logged 北京华信科技有限公司, not valid: not recorded: headcount." in page
    assert 'value="北京华信科技有限公司"' not in page  # the form is empty again
    assert "autofocus" in page
    assert "<strong>1</strong> calls" in page


@pytest.mark.rule("TEL-1")
def test_the_list_shows_each_call_valid_or_not_and_why(client_for, seller, frozen_now):
    log(seller)
    log(seller, organisation="北京金桥会计师事务所", phone="01082310003", it_status="", title="")
    page = client_for(seller).get(DESK).content.decode()
    assert page.count("tag-ok") == 1
    assert "not recorded: title, IT status" in page


def test_bad_input_is_told_next_to_the_field_and_nothing_is_saved(client_for, seller, frozen_now):
    client = client_for(seller)
    response = client.post(DESK, form(phone="12345", headcount="0", outcome=""))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"phone", "headcount", "outcome"}
    assert not Call.objects.exists()
    response = client.post(DESK, form(organisation="", phone=""))
    assert "Enter the organisation or the phone" in response.content.decode()
    assert not Call.objects.exists()


def test_the_desk_shows_only_todays_calls_of_the_rep(client_for, seller, other_seller, frozen_now):
    log(
        seller,
        organisation="昨天的公司",
        phone="01082311111",
        now=frozen_now - dt.timedelta(days=1),
    )
    log(other_seller, organisation="别人的公司", phone="01082312222")
    log(seller, organisation="今天的公司", phone="01082313333")
    page = client_for(seller).get(DESK).content.decode()
    assert "今天的公司" in page
    assert "昨天的公司" not in page
    assert "别人的公司" not in page


def test_the_desk_has_a_pinned_query_count(
    client_for, seller, frozen_now, django_assert_max_num_queries
):
    for i in range(60):
        log(
            seller,
            organisation=f"公司{i}",
            phone=f"010823{i:05d}",
            now=frozen_now - dt.timedelta(minutes=i),
        )
    client = client_for(seller)
    with django_assert_max_num_queries(12):
        response = client.get(DESK)
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(12):
        client.get(DESK, {"page": 2})


@pytest.mark.rule("TEL-1")
def test_the_call_history_filters_by_rep_days_and_validity(
    client_for, supervisor, seller, frozen_now
):
    log(seller)
    log(
        seller,
        organisation="上周的公司",
        phone="01082314444",
        now=frozen_now - dt.timedelta(days=8),
    )
    log(seller, organisation="无效的公司", phone="01082315555", headcount=None)
    client = client_for(supervisor)
    page = client.get(HISTORY, {"rep": seller.pk, "valid": "yes"}).content.decode()
    assert "北京华信科技有限公司" in page
    assert "无效的公司" not in page
    week = (frozen_now - dt.timedelta(days=8)).date().isoformat()
    page = client.get(HISTORY, {"from": week, "to": week}).content.decode()
    assert "上周的公司" in page
    assert "无效的公司" not in page


def test_the_call_history_has_a_pinned_query_count(
    client_for, manager, seller, other_seller, frozen_now, django_assert_max_num_queries
):
    for i in range(60):
        log(
            seller if i % 2 else other_seller,
            organisation=f"公司{i}",
            phone=f"010823{i:05d}",
            now=frozen_now - dt.timedelta(hours=i),
        )
    client = client_for(manager)
    with django_assert_max_num_queries(12):
        response = client.get(HISTORY)
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(12):
        client.get(HISTORY, {"page": 2})


def test_after_a_refusal_the_cursor_goes_to_the_field_to_correct(client_for, seller, frozen_now):
    response = client_for(seller).post(DESK, form(phone="12345"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'name="phone" value="12345"' in page
    phone_input = page[page.index('name="phone"') - 200 : page.index('name="phone"') + 200]
    assert "autofocus" in phone_input
    organisation = page[page.index('name="organisation"') : page.index('name="organisation"') + 200]
    assert "autofocus" not in organisation
