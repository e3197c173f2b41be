"""Filling a survey on a phone: /surveys/new/ (INTAKE-1…4, 7, 8, 9)."""

import pytest
from django.urls import reverse
from django.utils import translation

from crm import roles
from customers.models import Answer, Customer, QuestionKind, Survey
from customers.services.surveys import survey_submit
from pools.models import Ownership, OwnershipReason
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CampaignFactory, CustomerFactory, SurveyFactory
from tests.customers.factories_surveys import (
    answer_values,
    default_template,
    small_template,
    survey_data,
)

pytestmark = pytest.mark.django_db

URL = reverse("customers:survey_new")


@pytest.fixture
def campaign():
    return CampaignFactory()  # 爱心之路, made by the data migration


@pytest.fixture
def template():
    return default_template()


@pytest.fixture
def web(client_for, rep):
    """The rep's phone, signed in."""
    return client_for(rep)


def post(web, data):
    return web.post(URL, data)


def nothing_saved(before_customers: int) -> bool:
    return Survey.objects.count() == 0 and Customer.objects.count() == before_customers


# INTAKE-1: who fills it, and with which template


@pytest.mark.rule("INTAKE-1")
@pytest.mark.parametrize("role", [roles.REP, roles.SUPERVISOR])
def test_reps_and_supervisors_open_the_form_with_the_default_template(
    client_for, make_user, role, template
):
    response = client_for(make_user(role)).get(URL)
    assert response.status_code == 200
    assert response.context["template"] == template
    assert "中老年健康调查表" in response.content.decode()


@pytest.mark.rule("INTAKE-1")
@pytest.mark.parametrize(
    "role", [roles.SALES_MANAGER, roles.TELESALES, roles.SERVICE_MANAGER, roles.FINANCE]
)
def test_nobody_else_may_fill_a_survey(client_for, make_user, role, template, campaign):
    web = client_for(make_user(role))
    assert web.get(URL).status_code == 403
    assert web.post(URL, survey_data(template, campaign)).status_code == 403
    assert Survey.objects.count() == 0


@pytest.mark.rule("INTAKE-1")
def test_each_kind_of_question_gets_its_own_widget(web, template):
    content = web.get(URL).content.decode()
    kinds = {q.kind: q for q in template.questions.all()}
    assert f'type="date" name="a-q{kinds[QuestionKind.DATE].pk}"' in content
    assert f'type="number" name="a-q{kinds[QuestionKind.NUMBER].pk}"' in content
    assert f'type="radio" name="a-q{kinds[QuestionKind.SINGLE].pk}"' in content
    assert f'type="checkbox" name="a-q{kinds[QuestionKind.MULTIPLE].pk}"' in content
    assert f'type="radio" name="a-q{kinds[QuestionKind.YES_NO].pk}" value="yes"' in content
    assert f'<textarea name="a-q{kinds[QuestionKind.TEXT].pk}"' in content


@pytest.mark.rule("INTAKE-1", "INTAKE-3", "INTAKE-4")
def test_a_signed_survey_is_submitted_with_its_answers_kept_per_question(
    web, rep, template, campaign, frozen_now
):
    response = post(web, survey_data(template, campaign))
    assert response.status_code == 302
    assert response.url == reverse("customers:survey_list")
    survey = Survey.objects.get()
    assert survey.template == template
    assert survey.status == "submitted"
    assert survey.submitted_at == frozen_now
    assert survey.collector == rep
    assert survey.signed_at == frozen_now
    answers = {a.question.kind: a.value for a in survey.answers.select_related("question")}
    assert answers[QuestionKind.DATE] == "1956-03-08"
    assert answers[QuestionKind.NUMBER] == 3
    assert answers[QuestionKind.YES_NO] is True
    assert isinstance(answers[QuestionKind.SINGLE], int)
    assert len(answers[QuestionKind.MULTIPLE]) == 2
    required = template.questions.filter(required=True).count()
    assert survey.answers.count() == required  # unanswered optional questions store nothing


@pytest.mark.rule("INTAKE-1")
def test_a_template_the_admin_made_can_be_chosen_and_filled(web, campaign):
    other = small_template(name="退休职工调查表")
    assert other.pk in [t.pk for t in web.get(URL).context["templates"]]
    page = web.get(URL, {"template": other.pk})
    assert page.context["template"] == other
    assert post(web, survey_data(other, campaign)).status_code == 302
    assert Survey.objects.get().answers.count() == other.questions.filter(required=True).count()


@pytest.mark.rule("INTAKE-1")
def test_a_yes_no_question_may_be_answered_no(web, template, campaign):
    yes_no = template.questions.filter(kind=QuestionKind.YES_NO, required=True).first()
    post(web, survey_data(template, campaign, **{f"a-q{yes_no.pk}": "no"}))
    assert Answer.objects.get(question=yes_no).value is False


# INTAKE-2: campaigns


@pytest.mark.rule("INTAKE-2")
def test_the_survey_is_recorded_under_its_campaign(web, template, campaign):
    assert web.get(URL).context["form"].initial["campaign"] == campaign  # the only one
    post(web, survey_data(template, campaign))
    assert Survey.objects.get().campaign == campaign


@pytest.mark.rule("INTAKE-2")
def test_a_survey_without_a_campaign_is_refused_while_campaigns_run(web, template, campaign):
    before = Customer.objects.count()
    response = post(web, survey_data(template, None))
    assert response.status_code == 200
    assert response.context["form"].errors["campaign"]
    assert nothing_saved(before)


# INTAKE-3: required answers, on the customer's behalf


@pytest.mark.rule("INTAKE-3")
def test_a_missing_required_answer_is_shown_next_to_its_question_and_nothing_is_saved(
    web, template, campaign
):
    question = template.questions.filter(required=True, kind=QuestionKind.TEXT).first()
    before = Customer.objects.count()
    data = survey_data(template, campaign, **{f"a-q{question.pk}": "   "})
    response = post(web, data)
    assert response.status_code == 200
    assert nothing_saved(before)
    content = response.content.decode()
    block = content.split(f'id="question-a-q{question.pk}"', 1)[1].split("</div>", 1)[0]
    assert 'class="error"' in block
    # Everything else typed is still there.
    assert 'value="李秀英"' in content
    assert "1956-03-08" in content


@pytest.mark.rule("INTAKE-3")
def test_an_unanswered_required_choice_question_is_refused(web, template, campaign):
    question = template.questions.filter(required=True, kind=QuestionKind.MULTIPLE).first()
    data = survey_data(template, campaign)
    del data[f"a-q{question.pk}"]
    response = post(web, data)
    assert f"q{question.pk}" in response.context["answers_form"].errors
    assert Survey.objects.count() == 0


@pytest.mark.rule("INTAKE-3")
def test_the_survey_records_that_the_rep_filled_it_on_the_customers_behalf(web, template, campaign):
    post(web, survey_data(template, campaign, filled_on_behalf="on"))
    assert Survey.objects.get().filled_on_behalf is True


@pytest.mark.rule("INTAKE-3")
def test_the_service_refuses_a_survey_missing_a_required_answer(rep, template, frozen_now):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        survey_submit(
            collector=rep,
            template=template,
            campaign=None,
            answers={},
            now=frozen_now,
            new_customer={"name": "李秀英", "phone": "13912345678", "source": "event"},
        )
    assert Survey.objects.count() == 0
    assert not Customer.objects.filter(name="李秀英").exists()


# INTAKE-4: the collector signs


@pytest.mark.rule("INTAKE-4")
def test_an_unsigned_survey_is_refused(web, template, campaign):
    before = Customer.objects.count()
    response = post(web, survey_data(template, campaign, signed=None))
    assert response.context["form"].errors["signed"]
    assert nothing_saved(before)


@pytest.mark.rule("INTAKE-4")
def test_the_signature_names_the_collector(web, template):
    content = web.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "I, 张伟, collected this survey" in content


@pytest.mark.rule("INTAKE-4", "POOL-1")
def test_a_new_customer_is_collected_and_owned_by_the_collector(
    web, rep, template, campaign, frozen_now
):
    post(web, survey_data(template, campaign))
    customer = Customer.objects.get(name="李秀英")
    assert customer.first_collector == rep
    assert customer.phone == "13912345678"
    assert customer.created_by == rep
    ownership = Ownership.objects.get(customer=customer)
    assert ownership.owner == rep
    assert ownership.reason == OwnershipReason.FIRST_CONTACT


@pytest.mark.rule("INTAKE-4")
def test_signing_for_a_pool_customer_nobody_collected_marks_the_collector(
    web, rep, template, campaign
):
    pool_customer = CustomerFactory(name="赵大爷")  # no owner: in the pool
    data = survey_data(template, campaign, customer_mode="existing", customer=pool_customer.pk)
    assert post(web, data).status_code == 302
    pool_customer.refresh_from_db()
    assert pool_customer.first_collector == rep
    assert Survey.objects.get().customer == pool_customer


# Existing customers: only from the collector's scope (SEAL-2)


def test_a_rep_picks_one_of_their_customers(web, rep, template, campaign):
    mine = CustomerFactory(name="孙阿姨", owner=rep)
    data = survey_data(template, campaign, customer_mode="existing", customer=mine.pk)
    assert post(web, data).status_code == 302
    assert Survey.objects.get().customer == mine
    assert not Customer.objects.filter(name="李秀英").exists()


def test_a_rep_cannot_attach_a_survey_to_another_reps_customer(web, make_user, template, campaign):
    theirs = CustomerFactory(owner=make_user(roles.REP))
    response = post(
        web, survey_data(template, campaign, customer_mode="existing", customer=theirs.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["customer"]
    assert Survey.objects.count() == 0


def test_choosing_an_existing_customer_without_picking_one_asks_to_choose(web, template, campaign):
    response = post(web, survey_data(template, campaign, customer_mode="existing"))
    assert response.context["form"].errors["customer_query"]
    assert Survey.objects.count() == 0


def test_the_customer_search_finds_only_the_reps_own_and_pool_customers(web, rep, make_user):
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="王秀兰")  # the pool
    CustomerFactory(name="王秀珍", owner=make_user(roles.REP))
    response = web.get(reverse("customers:survey_customer_search"), {"customer_query": "王秀"})
    content = response.content.decode()
    assert "王秀英" in content
    assert "王秀兰" in content
    assert "王秀珍" not in content


def test_searching_without_javascript_keeps_the_typed_answers_and_shows_no_errors(
    web, rep, template, campaign
):
    CustomerFactory(name="王秀英", owner=rep)
    data = survey_data(
        template, campaign, customer_mode="existing", customer_query="wangxiu", search="1"
    )
    response = post(web, data)
    content = response.content.decode()
    assert "王秀英" in content
    assert 'class="error"' not in content
    assert "1956-03-08" in content
    assert Survey.objects.count() == 0


def test_a_customer_page_link_preselects_the_customer(web, rep):
    mine = CustomerFactory(name="孙阿姨", owner=rep)
    response = web.get(URL, {"customer": mine.pk})
    assert response.context["form"].initial["customer_mode"] == "existing"
    assert response.context["selected_pk"] == mine.pk


# INTAKE-7: paper forms


@pytest.mark.rule("INTAKE-7")
def test_a_survey_entered_from_paper_records_its_serial_number(web, rep, template, campaign):
    from customers.services.paper_forms import paper_forms_print

    paper_forms_print(template=template, count=1, by=rep, now=CURRENT_TIME)
    post(web, survey_data(template, campaign, paper_serial=" AX-2026-000001 "))
    assert Survey.objects.get().paper_serial == "AX-2026-000001"


@pytest.mark.rule("INTAKE-7")
def test_a_serial_number_the_company_never_printed_is_refused(web, template, campaign):
    response = post(web, survey_data(template, campaign, paper_serial=" AX-000123 "))
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].errors.as_data()["paper_serial"]]
    assert codes == ["serial_unknown"]
    assert not Survey.objects.exists()


@pytest.mark.rule("INTAKE-7")
def test_a_printed_serial_entered_again_is_refused(web, rep, template, campaign):
    from customers.models import PaperForm

    PaperForm.objects.create(
        serial="AX-000123",
        year=2026,
        number=123,
        template=template,
        printed_at=CURRENT_TIME,
        printed_by=rep,
    )
    post(web, survey_data(template, campaign, paper_serial=" AX-000123 "))
    assert Survey.objects.get().paper_serial == "AX-000123"


@pytest.mark.rule("INTAKE-7")
def test_a_paper_serial_number_already_used_is_refused(web, rep, template, campaign):
    SurveyFactory(paper_serial="AX-000123", collector=rep)
    before_customers = Customer.objects.count()
    response = post(web, survey_data(template, campaign, paper_serial="AX-000123"))
    assert response.status_code == 200
    assert response.context["form"].errors["paper_serial"]
    assert Survey.objects.count() == 1
    assert Customer.objects.count() == before_customers


@pytest.mark.rule("INTAKE-7")
def test_surveys_without_paper_need_no_serial_number(web, template, campaign):
    post(web, survey_data(template, campaign))
    post(web, survey_data(template, campaign, **{"new-phone": "13912345679"}))
    assert list(Survey.objects.values_list("paper_serial", flat=True)) == ["", ""]


@pytest.mark.rule("INTAKE-7")
def test_the_service_turns_a_serial_race_into_a_clear_error(rep, template, frozen_now):
    from django.core.exceptions import ValidationError

    SurveyFactory(paper_serial="AX-9", collector=rep)
    customer = CustomerFactory(owner=rep)
    with pytest.raises(ValidationError) as refused:
        survey_submit(
            collector=rep,
            template=template,
            campaign=None,
            answers=answer_values(template),
            now=frozen_now,
            customer=customer,
            paper_serial="AX-9",
        )
    assert "paper_serial" in refused.value.message_dict
    assert Survey.objects.count() == 1


# INTAKE-8: information sources


@pytest.mark.rule("INTAKE-8")
def test_the_information_source_is_recorded(web, template, campaign):
    post(web, survey_data(template, campaign, **{"new-source": "referral"}))
    assert Customer.objects.get(name="李秀英").source == "referral"


@pytest.mark.rule("INTAKE-8")
def test_a_new_customer_without_an_information_source_is_refused(web, template, campaign):
    before = Customer.objects.count()
    response = post(web, survey_data(template, campaign, **{"new-source": ""}))
    assert response.context["customer_form"].errors["source"]
    assert nothing_saved(before)


@pytest.mark.rule("INTAKE-8")
def test_every_information_source_of_the_rules_can_be_chosen(web):
    options = dict(web.get(URL).context["customer_form"].fields["source"].choices)
    for code in (
        "media",
        "agency",
        "association",
        "partner",
        "personal",
        "event",
        "referral",
        "telesales",
    ):
        assert code in options


# Bad input


# A landline needs its area code, as on every customer form (docs/decisions.md).
@pytest.mark.parametrize("phone", ["abc", "12345", "1391234567x", "2391234567899", "65123456"])
def test_a_bad_phone_number_is_refused_and_nothing_is_saved(web, template, campaign, phone):
    before = Customer.objects.count()
    response = post(web, survey_data(template, campaign, **{"new-phone": phone}))
    assert response.status_code == 200
    assert response.context["customer_form"].errors["phone"]
    assert nothing_saved(before)


@pytest.mark.parametrize("phone", ["+86 139-1234-5678", "010-6512 3456", "+86 10 6512 3456"])
def test_mobile_and_landline_numbers_are_accepted(web, template, campaign, phone):
    assert post(web, survey_data(template, campaign, **{"new-phone": phone})).status_code == 302


def test_emoji_and_script_in_answers_are_kept_as_typed_and_shown_escaped(web, template, campaign):
    text = template.questions.filter(required=True, kind=QuestionKind.TEXT).first()
    typed = '<script>alert("x")</script> 腰疼😀'
    # The signature is missing, so the form comes back with what was typed.
    response = post(web, survey_data(template, campaign, signed=None, **{f"a-q{text.pk}": typed}))
    content = response.content.decode()
    assert '<script>alert("x")</script>' not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 腰疼😀" in content
    post(web, survey_data(template, campaign, **{f"a-q{text.pk}": typed}))
    assert Answer.objects.get(question=text).value == typed


def test_a_customer_name_with_emoji_and_script_is_stored_and_listed_escaped(
    web, template, campaign
):
    name = "<b>王</b>奶奶🌸"
    post(web, survey_data(template, campaign, **{"new-name": name}))
    assert Customer.objects.filter(name=name).exists()
    content = web.get(reverse("customers:survey_list")).content.decode()
    assert "&lt;b&gt;王&lt;/b&gt;奶奶🌸" in content
    assert "<b>王</b>" not in content


# INTAKE-9: duplicates


@pytest.fixture
def first_collector(make_user):
    return make_user(roles.REP, last_name="陈", first_name="静")


@pytest.mark.rule("INTAKE-9")
def test_a_new_customer_matching_a_phone_is_flagged_before_it_is_saved(
    web, rep, template, campaign
):
    existing = CustomerFactory(name="李秀英", phone="13912345678", owner=rep)
    existing.first_collector = rep
    existing.save()
    before = Customer.objects.count()
    response = web.post(URL, survey_data(template, campaign), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert nothing_saved(before)
    content = response.content.decode()
    assert "This customer may already exist" in content
    assert "张伟" in content  # the first collector is named
    assert response.context["duplicates"][0]["visible"] is True


@pytest.mark.rule("INTAKE-9")
def test_the_rep_may_use_the_existing_customer_of_their_own(web, rep, template, campaign):
    existing = CustomerFactory(name="李秀英", phone="13912345678", owner=rep)
    data = survey_data(template, campaign)
    data.update({"dup-seen": str(existing.pk), "dup-decision": f"existing:{existing.pk}"})
    assert post(web, data).status_code == 302
    assert Survey.objects.get().customer == existing
    assert Customer.objects.filter(phone="13912345678").count() == 1


@pytest.mark.rule("INTAKE-9")
def test_another_reps_match_names_only_its_first_collector_and_takes_the_survey(
    web, template, campaign, first_collector
):
    existing = CustomerFactory(name="周秘密", phone="13912345678", owner=first_collector)
    existing.first_collector = first_collector
    existing.save()
    response = post(web, survey_data(template, campaign))
    content = response.content.decode()
    assert "陈静" in content
    assert "周秘密" not in content  # nothing more of a record the rep may not see
    assert response.context["duplicates"][0]["visible"] is False
    data = survey_data(template, campaign)
    data.update({"dup-seen": str(existing.pk), "dup-decision": f"existing:{existing.pk}"})
    response = post(web, data)
    assert response.status_code == 302
    assert Survey.objects.get().customer == existing
    assert Ownership.objects.get(customer=existing).owner == first_collector
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("陈静" in m for m in messages)


@pytest.mark.rule("INTAKE-9")
def test_creating_a_new_customer_anyway_needs_an_explicit_confirmation(
    web, rep, template, campaign
):
    existing = CustomerFactory(name="李秀英", phone="13912345678", owner=rep)
    data = survey_data(template, campaign)
    data.update({"dup-seen": str(existing.pk), "dup-decision": "new"})
    response = post(web, data)
    assert response.context["decision_form"].errors["confirm_new"]
    assert Survey.objects.count() == 0
    data["dup-confirm_new"] = "on"
    assert post(web, data).status_code == 302
    assert Customer.objects.filter(phone="13912345678").count() == 2
    assert Survey.objects.get().customer != existing


@pytest.mark.rule("INTAKE-9")
def test_an_organisation_name_match_is_flagged_too(web, rep, template, campaign):
    CustomerFactory(name="老干部活动中心", organisation="朝阳区老干部活动中心", phone="")
    response = post(
        web, survey_data(template, campaign, **{"new-organisation": "朝阳区老干部活动中心"})
    )
    assert response.context["decision_form"] is not None
    assert Survey.objects.count() == 0


@pytest.mark.rule("INTAKE-9")
def test_a_decision_about_other_matches_is_asked_again(web, rep, template, campaign):
    existing = CustomerFactory(name="李秀英", phone="13912345678", owner=rep)
    data = survey_data(template, campaign)
    data.update({"dup-seen": "999999", "dup-decision": "new", "dup-confirm_new": "on"})
    response = post(web, data)
    assert response.status_code == 200
    assert response.context["duplicates"][0]["customer"] == existing
    assert Survey.objects.count() == 0


@pytest.mark.rule("INTAKE-9")
def test_the_service_never_saves_a_silent_duplicate(rep, template, frozen_now):
    from django.core.exceptions import ValidationError

    CustomerFactory(phone="13912345678")
    with translation.override("en"), pytest.raises(ValidationError, match="may already exist"):
        survey_submit(
            collector=rep,
            template=template,
            campaign=None,
            answers=answer_values(template),
            now=frozen_now,
            new_customer={"name": "李秀英", "phone": "13912345678", "source": "event"},
        )
    assert Customer.objects.filter(phone="13912345678").count() == 1
    assert Survey.objects.count() == 0


@pytest.mark.rule("INTAKE-9")
def test_a_match_is_flagged_as_soon_as_the_customer_is_entered_even_with_answers_missing(
    web, rep, template, campaign
):
    CustomerFactory(name="李秀英", phone="13912345678", owner=rep)
    question = template.questions.filter(required=True).first()
    data = survey_data(template, campaign)
    del data[f"a-q{question.pk}"]
    response = post(web, data)
    assert response.context["decision_form"] is not None
    assert f"q{question.pk}" in response.context["answers_form"].errors
    assert Survey.objects.count() == 0
