"""The assignment proposal (INTAKE-5): each principle, in priority order."""

import datetime as dt

import pytest
from django.core.cache import cache

from crm import roles
from crm.models import RuleParameter, StaffStatus
from customers.models import AssignmentPrinciple, SurveyStatus
from customers.selectors.surveys import assignment_context, assignment_proposal, surveys_waiting
from tests.customers.factories import CustomerFactory, SurveyFactory
from tests.factories import RegionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rule("INTAKE-5")]

TODAY = dt.date(2026, 11, 23)
LONG_AGO = dt.date(2022, 3, 1)
NEW_HIRE = dt.date(2026, 10, 1)  # 53 days before TODAY: within the default 90


@pytest.fixture(autouse=True)
def fresh_parameters():
    cache.clear()  # rule parameters are cached; each test starts from the defaults
    yield
    cache.clear()


@pytest.fixture
def regions():
    beijing = RegionFactory(code="beijing", name="北京市")
    shanghai = RegionFactory(code="shanghai", name="上海市")
    return {
        "beijing": beijing,
        "chaoyang": RegionFactory(code="beijing-chaoyang", name="朝阳区", parent=beijing),
        "haidian": RegionFactory(code="beijing-haidian", name="海淀区", parent=beijing),
        "shanghai": shanghai,
        "pudong": RegionFactory(code="shanghai-pudong", name="浦东新区", parent=shanghai),
    }


def seller(make_user, *, region=None, hired=LONG_AGO, status=StaffStatus.ACTIVE, owns=0, **kw):
    user = make_user(
        roles.REP, profile={"region": region, "hire_date": hired, "status": status}, **kw
    )
    for _ in range(owns):
        CustomerFactory(owner=user)
    return user


def gone_collector(make_user):
    """A collector who no longer works here: principle (1) cannot apply."""
    return seller(make_user, status=StaffStatus.LEFT, last_name="离", first_name="职")


def propose(survey, today=TODAY):
    return assignment_proposal(survey=survey, today=today)


def assigned_before(count: int, principle=AssignmentPrinciple.WORKLOAD, **params):
    for _ in range(count):
        SurveyFactory(
            status=SurveyStatus.ASSIGNED, assignment_principle=principle, assignment_params=params
        )


# (1) The collector keeps what they collected


def test_the_collector_keeps_what_they_collected(make_user, regions):
    collector = seller(make_user, region=regions["pudong"], owns=9)
    seller(make_user, region=regions["chaoyang"])  # nearer and idler, but (1) comes first
    survey = SurveyFactory(collector=collector, customer__region=regions["chaoyang"])
    user, principle, params = propose(survey)
    assert (user, principle) == (collector, AssignmentPrinciple.COLLECTOR)
    assert params == {"rule": "INTAKE-5", "kept_by": "collector"}


def test_a_customer_another_rep_already_owns_stays_with_them(make_user):
    collector = seller(make_user)
    owner = seller(make_user, owns=5)
    survey = SurveyFactory(collector=collector, customer=CustomerFactory(owner=owner))
    user, principle, params = propose(survey)
    assert (user, principle, params["kept_by"]) == (owner, AssignmentPrinciple.COLLECTOR, "owner")


@pytest.mark.parametrize("status", [StaffStatus.LEAVING, StaffStatus.LEFT])
def test_a_collector_who_is_leaving_or_left_does_not_keep_it(make_user, status):
    collector = seller(make_user, status=status)
    other = seller(make_user)
    user, principle, params = propose(SurveyFactory(collector=collector))
    assert user == other
    assert principle == AssignmentPrinciple.WORKLOAD
    assert params["collector_active"] is False


def test_a_deactivated_login_does_not_keep_it(make_user):
    collector = seller(make_user, is_active=False)
    other = seller(make_user)
    assert propose(SurveyFactory(collector=collector))[0] == other


def test_a_collector_who_is_not_a_rep_does_not_keep_it(make_user):
    manager = make_user(roles.SALES_MANAGER)
    rep = seller(make_user)
    assert propose(SurveyFactory(collector=manager))[0] == rep


# (2) The rep nearest by region


def test_the_rep_of_the_customers_region_is_proposed(make_user, regions):
    local = seller(make_user, region=regions["chaoyang"], owns=4)
    seller(make_user, region=regions["haidian"])
    seller(make_user, region=regions["pudong"])
    survey = SurveyFactory(
        collector=gone_collector(make_user), customer__region=regions["chaoyang"]
    )
    user, principle, params = propose(survey)
    assert (user, principle) == (local, AssignmentPrinciple.REGION)
    assert params["match"] == "same"
    assert params["region"] == regions["chaoyang"].pk


def test_among_reps_of_the_region_the_one_with_fewer_customers_is_proposed(make_user, regions):
    seller(make_user, region=regions["chaoyang"], owns=3)
    idle = seller(make_user, region=regions["chaoyang"], owns=1)
    survey = SurveyFactory(
        collector=gone_collector(make_user), customer__region=regions["chaoyang"]
    )
    assert propose(survey)[0] == idle


def test_without_a_local_rep_a_rep_of_the_same_city_is_proposed(make_user, regions):
    neighbour = seller(make_user, region=regions["haidian"], owns=6)
    seller(make_user, region=regions["pudong"])
    survey = SurveyFactory(
        collector=gone_collector(make_user), customer__region=regions["chaoyang"]
    )
    user, principle, params = propose(survey)
    assert (user, principle, params["match"]) == (neighbour, AssignmentPrinciple.REGION, "parent")


def test_a_rep_of_the_whole_city_is_near_a_district_customer(make_user, regions):
    city = seller(make_user, region=regions["beijing"], owns=6)
    seller(make_user, region=regions["shanghai"])
    survey = SurveyFactory(
        collector=gone_collector(make_user), customer__region=regions["chaoyang"]
    )
    assert propose(survey)[:2] == (city, AssignmentPrinciple.REGION)


def test_a_customer_without_a_region_skips_the_region_principle(make_user, regions):
    seller(make_user, region=regions["chaoyang"], owns=2)
    idle = seller(make_user, region=regions["pudong"])
    survey = SurveyFactory(collector=gone_collector(make_user), customer__region=None)
    assert propose(survey)[:2] == (idle, AssignmentPrinciple.WORKLOAD)


# (3) A share to new employees


def test_every_fifth_undecided_assignment_goes_to_a_new_employee(make_user):
    seller(make_user)  # fewest customers, but not new
    busy_new = seller(make_user, hired=NEW_HIRE, owns=3)
    newest = seller(make_user, hired=NEW_HIRE, owns=2)
    assigned_before(4)
    assigned_before(3, AssignmentPrinciple.COLLECTOR)  # decided by (1): not counted
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle) == (newest, AssignmentPrinciple.NEW_EMPLOYEE)
    assert busy_new != user
    assert params["share_position"] == 5
    assert params["share_every"] == 5
    assert params["new_employee_days"] == 90
    assert params["hire_date"] == "2026-10-01"


def test_between_shares_a_new_employee_gets_no_preference(make_user):
    idle = seller(make_user)
    seller(make_user, hired=NEW_HIRE, owns=1)
    assigned_before(2)
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle) == (idle, AssignmentPrinciple.WORKLOAD)
    assert params["share_position"] == 3


def test_a_managers_choice_instead_of_a_workload_proposal_counts_for_the_share(make_user):
    seller(make_user)
    new = seller(make_user, hired=NEW_HIRE, owns=1)
    assigned_before(3)
    assigned_before(1, AssignmentPrinciple.DISCRETION, proposed_principle="workload")
    assigned_before(1, AssignmentPrinciple.DISCRETION, proposed_principle="region")
    assert propose(SurveyFactory(collector=gone_collector(make_user)))[0] == new


def test_an_employee_hired_long_ago_is_not_new(make_user):
    idle = seller(make_user, hired=dt.date(2026, 8, 1))  # 114 days before TODAY
    seller(make_user, hired=LONG_AGO, owns=1)
    assigned_before(4)
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle) == (idle, AssignmentPrinciple.WORKLOAD)
    assert params["new_employee"] is None


def test_the_admin_sets_the_share_and_what_counts_as_new(make_user):
    seller(make_user)
    new = seller(make_user, hired=dt.date(2026, 8, 1), owns=4)
    RuleParameter.objects.create(key="intake.new_employee_share_every", value="1")
    RuleParameter.objects.create(key="intake.new_employee_days", value="180")
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle) == (new, AssignmentPrinciple.NEW_EMPLOYEE)
    assert (params["share_every"], params["new_employee_days"]) == (1, 180)


# (4) Workload


def test_otherwise_the_active_rep_with_the_fewest_customers_is_proposed(make_user):
    seller(make_user, owns=3)
    idle = seller(make_user, owns=1)
    seller(make_user, status=StaffStatus.LEAVING)  # owns none, but is leaving
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle, params["owned"]) == (idle, AssignmentPrinciple.WORKLOAD, 1)
    assert params["rule"] == "INTAKE-5"


def test_superusers_and_people_who_do_not_sell_are_never_proposed(make_user):
    make_user(roles.ADMIN, is_superuser=True)
    make_user(roles.SALES_MANAGER)
    UserFactory()
    user, principle, params = propose(SurveyFactory(collector=gone_collector(make_user)))
    assert (user, principle) == (None, None)
    assert params["reason"] == "no_active_rep"


def test_a_supervisor_who_sells_may_be_proposed(make_user):
    supervisor = make_user(roles.SUPERVISOR)
    assert propose(SurveyFactory(collector=gone_collector(make_user)))[0] == supervisor


# A page of proposals


def test_a_page_of_proposals_reads_the_context_once(make_user, regions, django_assert_num_queries):
    for _ in range(3):
        seller(make_user, region=regions["haidian"], owns=1)
    for _ in range(5):
        SurveyFactory(collector=gone_collector(make_user), customer__region=regions["chaoyang"])
    surveys = list(surveys_waiting())
    context = assignment_context()
    with django_assert_num_queries(0):
        proposals = [assignment_proposal(survey=s, today=TODAY, context=context) for s in surveys]
    assert {p[1] for p in proposals} == {AssignmentPrinciple.REGION}
