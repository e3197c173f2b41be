"""A small, realistic demo set: one login per role, teams and regions with Chinese names.

Idempotent: running it again leaves the same rows (nothing is duplicated, nothing that
is already right is rewritten).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.db import transaction

from crm import roles
from crm.models import Region, StaffProfile, Team

DEMO_PASSWORD = "crm-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    roles: tuple[str, ...]
    team: str | None
    region: str | None
    hire_date: dt.date
    phone: str


REGIONS = (
    ("beijing", "北京市", None),
    ("beijing-chaoyang", "朝阳区", "beijing"),
    ("beijing-haidian", "海淀区", "beijing"),
    ("shanghai", "上海市", None),
    ("shanghai-pudong", "浦东新区", "shanghai"),
)

# (name, department, region); leaders are set from USERS below.
TEAMS = (
    ("销售部", None, "beijing"),
    ("销售一组", "销售部", "beijing-chaoyang"),
    ("销售二组", "销售部", "beijing-haidian"),
    ("客服部", None, "beijing"),
)

TEAM_LEADERS = {"销售部": "manager", "销售一组": "supervisor", "客服部": "service"}

USERS = (
    DemoUser(
        "rep",
        "张",
        "伟",
        (roles.REP,),
        "销售一组",
        "beijing-chaoyang",
        dt.date(2023, 3, 1),
        "13800000001",
    ),
    DemoUser(
        "rep2",
        "李",
        "强",
        (roles.REP,),
        "销售二组",
        "beijing-haidian",
        dt.date(2026, 9, 1),
        "13800000002",
    ),
    DemoUser(
        "telesales",
        "孙",
        "丽",
        (roles.TELESALES,),
        "销售一组",
        "beijing-chaoyang",
        dt.date(2024, 5, 6),
        "13800000003",
    ),
    DemoUser(
        "supervisor",
        "王",
        "芳",
        (roles.SUPERVISOR,),
        "销售一组",
        "beijing-chaoyang",
        dt.date(2021, 7, 1),
        "13800000004",
    ),
    DemoUser(
        "manager",
        "刘",
        "洋",
        (roles.SALES_MANAGER,),
        "销售部",
        "beijing",
        dt.date(2019, 2, 18),
        "13800000005",
    ),
    DemoUser(
        "doctor",
        "周",
        "静",
        (roles.SERVICE_DOCTOR,),
        "客服部",
        "beijing",
        dt.date(2020, 10, 9),
        "13800000006",
    ),
    DemoUser(
        "service",
        "吴",
        "涛",
        (roles.SERVICE_MANAGER,),
        "客服部",
        "beijing",
        dt.date(2018, 4, 2),
        "13800000007",
    ),
    DemoUser(
        "finance",
        "郑",
        "洁",
        (roles.FINANCE,),
        None,
        "beijing",
        dt.date(2017, 6, 12),
        "13800000008",
    ),
    DemoUser(
        "gm",
        "陈",
        "建国",
        (roles.GENERAL_MANAGER,),
        None,
        "beijing",
        dt.date(2015, 1, 5),
        "13800000009",
    ),
    DemoUser(
        "admin", "赵", "敏", (roles.ADMIN,), None, "beijing", dt.date(2016, 8, 20), "13800000010"
    ),
)


def _put(model, lookup: dict, values: dict):
    """Create the row, or update only the fields that differ (so history stays quiet)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, False


class _DemoPassword:
    """DEMO_PASSWORD hashed once for every demo user, and each stored hash checked once.

    A password hash costs most of a second by design; ten of them made up two thirds of
    `load_demo`, on every `make run`. The demo users share one public password, so they may
    share its hash (and salt) too.
    """

    def __init__(self) -> None:
        self._encoded = ""
        self._checked: dict[str, bool] = {}

    def encoded(self) -> str:
        if not self._encoded:
            self._encoded = make_password(DEMO_PASSWORD)
            self._checked[self._encoded] = True
        return self._encoded

    def matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(DEMO_PASSWORD, encoded)
        return self._checked[encoded]


@transaction.atomic
def demo_load() -> list[DemoUser]:
    User = get_user_model()
    password = _DemoPassword()
    regions: dict[str, Region] = {}
    for code, name, parent in REGIONS:
        regions[code], _ = _put(
            Region, {"code": code}, {"name": name, "parent": regions.get(parent)}
        )
    teams: dict[str, Team] = {}
    for name, parent, region in TEAMS:
        teams[name], _ = _put(
            Team, {"name": name}, {"parent": teams.get(parent), "region": regions[region]}
        )
    users = {}
    for demo in USERS:
        is_admin = roles.ADMIN in demo.roles
        user, created = _put(
            User,
            {"username": demo.username},
            {
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.com",
                "is_active": True,
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if created or not password.matches(user.password):
            user.password = password.encoded()
            user.save(update_fields=["password"])
        user.groups.set(Group.objects.filter(name__in=demo.roles))
        _put(
            StaffProfile,
            {"user": user},
            {
                "team": teams.get(demo.team) if demo.team else None,
                "region": regions[demo.region] if demo.region else None,
                "hire_date": demo.hire_date,
                "phone": demo.phone,
            },
        )
        users[demo.username] = user
    for team_name, username in TEAM_LEADERS.items():
        team = teams[team_name]
        if team.leader_id != users[username].pk:
            team.leader = users[username]
            team.save(update_fields=["leader"])
    return list(USERS)
