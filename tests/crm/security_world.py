"""The world the SEC-6 matrix and the SEC-7 fuzz run in, built once per module.

The demo set (one login per role, `crm/demo.py` and the apps' demo.py) plus an *outsider*:
rep2 of 销售二组 (a team nobody of the demo leads), a telesales rep and a service doctor of
their own, each with one record of every kind a page takes an id of (rep2 also has a personal API
token; every role user has one, for the API's endpoints under /api/). For a rep, a
telesales rep, the supervisor of 销售一组 and the service doctor these records are outside
their scope; the roles whose scope reaches them are named, with a reason, in the matrix.

Built inside one transaction that is rolled back when the module ends; each test runs in a
savepoint of its own (pytest-django), so what one test writes, the next does not see.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from crm.models import SavedView, Team
from customers.models import Attendance, Contact, Customer, Event, ImportJob
from deals.models import Deal, Payment
from performance.models import CommissionStatement, PointEvent
from planning.models import DailyReport, WeeklyPlan, WeeklyReport
from pools.models import Ownership, OwnershipChange, OwnershipReason, Pool, ReleaseNote, Ruling
from service.models import Case, Complaint, ImprovementReport
from telesales.models import Prospect
from visits.models import VisitRecord, VisitTask

MISSING = 987654321  # an id no table of the world reaches

# The demo login of each role (crm/demo.py).
ROLE_USERS = {
    "rep": "rep",
    "telesales": "telesales",
    "supervisor": "supervisor",
    "sales_manager": "manager",
    "service_doctor": "doctor",
    "service_manager": "service",
    "finance": "finance",
    "general_manager": "gm",
    "admin": "admin",
}


@dataclass
class World:
    users: dict  # role code -> the demo user of that role
    rep2: object
    telesales2: object
    doctor2: object
    ids: dict = field(default_factory=dict)  # what the outsider's records are, by name
    tokens: dict = field(default_factory=dict)  # role code -> a personal API token's secret
    secrets: tuple[str, ...] = ()  # words no page outside the scope may show


def _outsider_records(world: World, now) -> None:
    from tests.customers.factories_cards import CheckoutFactory, CustodyCardFactory
    from tests.customers.factories_customers import CustomerDocumentFactory
    from tests.customers.factories_sealing import AccessRequestFactory, SealedSurveyFactory

    rep2, today = world.rep2, timezone.localdate(now)
    team2 = Team.objects.get(name="销售二组")
    customer = Customer.objects.filter(ownership__owner=rep2).order_by("pk").first()
    contact = Contact.objects.create(customer=customer, name="赵小明", phone="13911112222")
    document = CustomerDocumentFactory(customer=customer, uploaded_by=rep2)
    service_manager = world.users["service_manager"]
    survey = SealedSurveyFactory(customer=customer, collector=rep2, custodian=service_manager)
    access = AccessRequestFactory(requester=rep2, survey=survey)
    event = Event.objects.create(
        kind="fellowship", name="二组联谊会", held_on=today, organiser=rep2
    )
    attendance = Attendance.objects.create(event=event, customer=customer, rep=rep2, bought=True)
    card = CustodyCardFactory(
        attendance=attendance,
        customer=customer,
        rep=rep2,
        custodian=world.doctor2,
        handed_over_by=world.users["sales_manager"],
    )
    checkout = CheckoutFactory(card=card, holder=rep2)
    from customers.models import CardIncident

    incident = CardIncident.objects.create(
        card=card,
        kind="damaged",
        holder=rep2,
        fine=0,
        description="二组卡片受损",
        reported_by=world.doctor2,
        reported_at=now,
    )
    job = ImportJob.objects.create(
        file=ContentFile(b"name,phone\n", name="rep2.csv"),
        original_name="rep2.csv",
        uploaded_by=rep2,
        status="done",
        errors=[{"row": 2, "errors": {"name": ["必填"]}, "values": {"phone": "139"}}],
    )
    note = ReleaseNote.objects.create(customer=customer, owner=rep2, rule="POOL-1", created_at=now)
    task = VisitTask.objects.filter(assignee=rep2).order_by("pk").first()
    record = VisitRecord.objects.create(
        customer=customer,
        author=rep2,
        visited_at=now - dt.timedelta(hours=2),
        method="phone",
        met_whom="本人",
        discussed="二组回访内容",
        next_step="下周再联系",
        recorded_at=now,
    )
    plan = WeeklyPlan.objects.filter(rep=rep2).order_by("pk").first()
    entry = plan.entries.order_by("pk").first()
    if entry is None:
        entry = plan.entries.create(
            customer=customer, planned_on=plan.week_start, method="phone", purpose="二组回访"
        )
    weekly = WeeklyReport.objects.filter(rep=rep2).order_by("pk").first()
    daily = DailyReport.objects.create(
        rep=rep2, day=today - dt.timedelta(days=1), note="二组日报", created_at=now
    )
    deal = Deal.objects.filter(rep=rep2).order_by("pk").first()
    payment = Payment.objects.filter(deal=deal).order_by("pk").first()
    case = Case.objects.filter(received_by=rep2).order_by("pk").first()
    complaint = Complaint.objects.filter(opened_by=rep2).order_by("pk").first()
    report = ImprovementReport.objects.order_by("pk").first()
    from telesales.services.calls import org_key

    organisation = "二组潜在客户有限公司"
    prospect = Prospect.objects.create(
        owner=world.telesales2,
        organisation=organisation,
        org_key=org_key(organisation),
        phone="01066668888",
        created_at=now,
        updated_at=now,
    )
    point = PointEvent.objects.filter(employee=rep2).order_by("pk").first()
    pools = _outsider_pool_records(world, customer, team2, now)
    statement = CommissionStatement.objects.create(
        rep=rep2,
        month=dt.date(today.year, today.month, 1) - dt.timedelta(days=1),
        rate=Decimal("0.0300"),
        payments_total=Decimal("1000.00"),
        reversed_total=Decimal("0.00"),
        commission=Decimal("30.00"),
        lines_count=0,
        rule="PERF-3",
        closed_at=now,
    )
    from api.services import token_create

    rep2_token, _secret = token_create(user=rep2, name="二组脚本", now=now)
    world.tokens = {
        role: token_create(user=user, name="SEC-6", now=now)[1]
        for role, user in world.users.items()
    }
    world.ids.update(
        token=rep2_token.pk,
        customer=customer.pk,
        contact=contact.pk,
        document=document.pk,
        survey=survey.pk,
        access=access.pk,
        event=event.pk,
        card=card.pk,
        checkout=checkout.pk,
        incident=incident.pk,
        job=job.pk,
        note=note.pk,
        task=task.pk,
        record=record.pk,
        plan=plan.pk,
        entry=entry.pk,
        weekly=weekly.pk,
        daily=daily.pk,
        deal=deal.pk,
        payment=payment.pk,
        case=case.pk,
        complaint=complaint.pk,
        report=report.pk,
        prospect=prospect.pk,
        point=point.pk,
        statement=statement.pk,
        rep2=rep2.pk,
        telesales2=world.telesales2.pk,
        team2=team2.pk,
        **{key: record.pk for key, record in pools.items()},
    )
    in_pool2 = pools["pool_customer"]
    world.secrets = (
        customer.name,
        customer.phone,
        contact.name,
        prospect.organisation,
        in_pool2.name,
        in_pool2.phone,
        pools["saved_view"].name,
    )


def _outsider_pool_records(world: World, customer, team2, now) -> dict:
    """What the merged branches added pages for: rep2's saved view of a list (WORK-2), a
    pool of 销售二组 alone with an ownerless customer in it (POOL-9), a ruling on rep2's
    customer (POOL-17) and a lock-out of rep2's login (SEC-4)."""
    from tests.customers.factories import CustomerFactory

    rep2 = world.rep2
    saved_view = SavedView.objects.create(
        owner=rep2,
        list_key="customers:customer_list",
        name="二组私有视图",
        query="sort=name",
        created_at=now,
    )
    pool = Pool.objects.create(name="二组客户池", department=team2)
    pool.member_teams.add(team2)
    in_pool = CustomerFactory(name="孙二池", phone="13977776666")  # ownerless: in the pool
    Ownership.objects.filter(customer=in_pool).update(pool=pool)
    change = OwnershipChange.objects.create(
        customer=customer,
        from_owner=world.users["rep"],
        to_owner=rep2,
        reason=OwnershipReason.FIRST_DEAL,
        rule="POOL-2",
        changed_by=rep2,
        changed_at=now,
    )
    ruling = Ruling.objects.create(
        customer=customer,
        change=change,
        cause="first_deal",
        lost_by=world.users["rep"],
        gained_by=rep2,
        opened_at=now,
    )
    lock = AccessAttempt.objects.create(
        username=rep2.get_username(),
        ip_address="10.0.0.2",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    return {
        "saved_view": saved_view,
        "pool": pool,
        "pool_customer": in_pool,
        "ruling": ruling,
        "lock": lock,
    }


def build_world() -> World:
    from tests.factories import UserFactory

    with redirect_stdout(io.StringIO()):
        call_command("load_demo")
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
    team2 = Team.objects.get(name="销售二组")
    telesales2 = UserFactory(username="telesales2", roles=["telesales"], last_name="钱")
    telesales2.staff.team = team2
    telesales2.staff.save()
    doctor2 = UserFactory(username="doctor2", roles=["service_doctor"], last_name="冯")
    world = World(
        users=users,
        rep2=User.objects.get(username="rep2"),
        telesales2=telesales2,
        doctor2=doctor2,
    )
    _outsider_records(world, timezone.now())
    return world


def world_fixture(django_db_setup, django_db_blocker):
    """Module-scoped: the world in a transaction rolled back at the module's end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
