"""A small company whose figures a manager can check by hand (see `shop`).

Two departments: 销售部 (manager 刘洋) with 一组 (supervisor, rep) and 二组 (rep2), and
外部门 (other_manager) with 三组 (rep3). Regions 北区 (with 北区一片) and 南区. Time is
frozen on Monday 2026-11-23; the default period is 2025-12 to 2026-11.

Customers recorded in the period: c1 (event, 北区一片, person, rep), c2 (referral, 南区,
organisation, rep2), c3 (media, 北区, rep3), c4 (no source, no region, pool, recorded by
the manager), c6 (event, 北区, collected by rep, now in the pool). Before it: c5
(telesales, 南区) and c7 (partner, 北区).

Confirmed sales in the period (DEAL-1), ¥177,000:
  c1 ¥30,000 (09-15) + ¥30,000 (10-20), deal by rep: 保健礼盒 ½ + 理疗仪 ½ (C → B → A);
     a second deal's ¥5,000 waits for finance
  c2 ¥10,000 理疗仪 (10-08) + ¥5,000 保健礼盒 (11-02), deals by rep2
  c3 ¥100,000 理疗仪 (08-20), deal by rep3
  c5 ¥2,000 按摩椅 (2026-03-03) by rep; before the period ¥8,000 (2025-10-10)
  c7 ¥35,000 按摩椅 received 2025-11-20, refunded 2026-02-10 (B → C: a move down)
Pool (POOL-8): c6 released by rep 04-10, referred to rep3 05-01, expired (POOL-1) 07-02;
c5 expired from rep (POOL-3) 06-20, claimed by rep2 07-01.
Surveys: c1 and c2 under 爱心之路, c3 under 健康讲座, c6 without a campaign.
Event 秋季联谊会 on 2026-09-10: c1 (bought there) and c2.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from analysis.services import analysis_refresh
from crm import roles
from customers.models import Campaign, CustomerKind, InformationSource
from deals import services as deals
from deals.models import PaymentMethod
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.conftest import SHANGHAI
from tests.customers.factories import (
    AttendanceFactory,
    CustomerFactory,
    EventFactory,
    SurveyFactory,
)
from tests.factories import RegionFactory, TeamFactory


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def sell(*, customer, rep, finance, lines, payments, pending=()):
    """A deal with `lines` [(product, qty, price)] and confirmed payments [(amount, day)]."""
    first_day = payments[0][1] if payments else pending[0][1]
    deal = deals.deal_create(
        customer=customer,
        rep=rep,
        by=rep,
        lines=[deals.LineInput(p, q, Decimal(price)) for p, q, price in lines],
        now=at(first_day, 9),
    )
    made = []
    for amount, day in payments:
        payment = deals.payment_record(
            deal=deal,
            amount=Decimal(amount),
            received_on=dt.date.fromisoformat(day),
            method=PaymentMethod.TRANSFER,
            by=rep,
            now=at(day, 10),
        )
        made.append(deals.payment_confirm(payment_id=payment.pk, by=finance, now=at(day, 11)))
    for amount, day in pending:
        deals.payment_record(
            deal=deal,
            amount=Decimal(amount),
            received_on=dt.date.fromisoformat(day),
            method=PaymentMethod.TRANSFER,
            by=rep,
            now=at(day, 10),
        )
    return made


def customer(name, *, created, owner=None, **kwargs):
    made = CustomerFactory(name=name, **kwargs)
    type(made).objects.filter(pk=made.pk).update(created_at=at(created, 8))
    if owner is not None:
        ownership_set(
            customer=made, owner=owner, reason=OwnershipReason.FIRST_CONTACT, now=at(created, 8)
        )
    return made


def build_people(make_user) -> SimpleNamespace:
    north = RegionFactory(name="北区", code="north")
    north_city = RegionFactory(name="北区一片", code="north-city", parent=north)
    south = RegionFactory(name="南区", code="south")
    manager = make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")
    other_manager = make_user(roles.SALES_MANAGER, username="other_manager")
    supervisor = make_user(roles.SUPERVISOR, username="supervisor", last_name="王", first_name="芳")
    rep = make_user(roles.REP, username="rep", last_name="张", first_name="伟")
    rep2 = make_user(roles.REP, username="rep2", last_name="陈", first_name="强")
    rep3 = make_user(roles.REP, username="rep3", last_name="赵", first_name="磊")
    finance = make_user(roles.FINANCE, username="finance")
    gm = make_user(roles.GENERAL_MANAGER, username="gm")
    department = TeamFactory(name="销售部", leader=manager, region=north)
    team1 = TeamFactory(name="一组", parent=department, leader=supervisor, region=north)
    team2 = TeamFactory(name="二组", parent=department, region=south)
    other = TeamFactory(name="外部门", leader=other_manager, region=south)
    team3 = TeamFactory(name="三组", parent=other, region=south)
    for user, team in (
        (manager, department),
        (supervisor, team1),
        (rep, team1),
        (rep2, team2),
        (rep3, team3),
        (other_manager, other),
    ):
        user.staff.team = team
        user.staff.save()
    return SimpleNamespace(**locals())


def build_shop(p: SimpleNamespace, *, now: dt.datetime) -> SimpleNamespace:
    """The data set of this module's docstring, and the figures computed at `now`."""
    love, _created = Campaign.objects.get_or_create(
        name="爱心之路", defaults={"name_en": "Road of Love"}
    )
    talk, _created = Campaign.objects.get_or_create(
        name="健康讲座", defaults={"name_en": "Health talk"}
    )
    src = InformationSource
    c7 = customer("庚客户", created="2025-06-01", owner=p.rep, source=src.PARTNER, region=p.north)
    c5 = customer("戊客户", created="2025-09-01", owner=p.rep, source=src.TELESALES, region=p.south)
    sell(
        customer=c7,
        rep=p.rep,
        finance=p.finance,
        lines=[("按摩椅", 1, "35000")],
        payments=[("35000", "2025-11-20")],
    )
    sell(
        customer=c5,
        rep=p.rep,
        finance=p.finance,
        lines=[("按摩椅", 4, "2000")],
        payments=[("8000", "2025-10-10")],
    )
    c6 = customer(
        "己客户",
        created="2026-01-05",
        owner=p.rep,
        source=src.EVENT,
        region=p.north,
        first_collector=p.rep,
    )
    SurveyFactory(customer=c6, collector=p.rep, signed_at=at("2026-01-05"), campaign=None)
    deals.payment_refund(
        payment_id=c7.payments.get().pk, by=p.finance, now=at("2026-02-10"), reason="退货"
    )
    sell(
        customer=c5,
        rep=p.rep,
        finance=p.finance,
        lines=[("按摩椅", 1, "2000")],
        payments=[("2000", "2026-03-03")],
    )
    ownership_set(customer=c6, owner=None, reason=OwnershipReason.RELEASE, now=at("2026-04-10"))
    ownership_set(
        customer=c6,
        owner=p.rep3,
        reason=OwnershipReason.REFERRAL,
        now=at("2026-05-01"),
        by=p.manager,
    )
    ownership_set(
        customer=c5, owner=None, reason=OwnershipReason.EXPIRY_NO_SALE, now=at("2026-06-20")
    )
    ownership_set(customer=c5, owner=p.rep2, reason=OwnershipReason.CLAIM, now=at("2026-07-01"))
    ownership_set(
        customer=c6, owner=None, reason=OwnershipReason.EXPIRY_NO_DEAL, now=at("2026-07-02")
    )
    c3 = customer(
        "丙客户",
        created="2026-08-01",
        owner=p.rep3,
        source=src.MEDIA,
        region=p.north,
        first_collector=p.rep3,
    )
    SurveyFactory(customer=c3, collector=p.rep3, signed_at=at("2026-08-01"), campaign=talk)
    sell(
        customer=c3,
        rep=p.rep3,
        finance=p.finance,
        lines=[("理疗仪", 5, "20000")],
        payments=[("100000", "2026-08-20")],
    )
    c1 = customer(
        "甲客户",
        created="2026-09-10",
        owner=p.rep,
        source=src.EVENT,
        region=p.north_city,
        first_collector=p.rep,
    )
    SurveyFactory(customer=c1, collector=p.rep, signed_at=at("2026-09-10"), campaign=love)
    event = EventFactory(name="秋季联谊会", held_on=dt.date(2026, 9, 10), organiser=p.manager)
    AttendanceFactory(event=event, customer=c1, rep=p.rep, bought=True)
    sell(
        customer=c1,
        rep=p.rep,
        finance=p.finance,
        lines=[("保健礼盒", 15, "2000"), ("理疗仪", 1, "30000")],
        payments=[("30000", "2026-09-15"), ("30000", "2026-10-20")],
    )
    sell(
        customer=c1,
        rep=p.rep,
        finance=p.finance,
        lines=[("保健礼盒", 1, "5000")],
        payments=[],
        pending=[("5000", "2026-11-20")],
    )
    c2 = customer(
        "乙客户",
        created="2026-10-05",
        owner=p.rep2,
        source=src.REFERRAL,
        region=p.south,
        kind=CustomerKind.ORGANISATION,
        first_collector=p.rep2,
    )
    SurveyFactory(customer=c2, collector=p.rep2, signed_at=at("2026-10-05"), campaign=love)
    AttendanceFactory(event=event, customer=c2, rep=p.rep2, bought=False)
    sell(
        customer=c2,
        rep=p.rep2,
        finance=p.finance,
        lines=[("理疗仪", 1, "10000")],
        payments=[("10000", "2026-10-08")],
    )
    sell(
        customer=c2,
        rep=p.rep2,
        finance=p.finance,
        lines=[("保健礼盒", 1, "5000")],
        payments=[("5000", "2026-11-02")],
    )
    c4 = customer("丁客户", created="2026-11-01", source="", created_by=p.manager)
    run = analysis_refresh(now=now)
    return SimpleNamespace(
        **vars(p),
        c1=c1,
        c2=c2,
        c3=c3,
        c4=c4,
        c5=c5,
        c6=c6,
        c7=c7,
        love=love,
        talk=talk,
        event=event,
        run=run,
    )
