"""Reads of the shared base: who a user is, what they lead, whether the worker lives."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from crm.channels import INAPP, admin_defaults, all_channels, kind_defaults, team_robots
from crm.lib.words import person_name  # noqa: F401  (where the pages import it from)
from crm.models import (
    Heartbeat,
    NoticeSettings,
    Notification,
    SavedView,
    StaffProfile,
    Team,
)
from crm.notices import all_notice_kinds, notice_label
from crm.plugins import from_apps
from crm.roles import ADMIN, GENERAL_MANAGER, ROLE_ORDER
from crm.services import WORKER_HEARTBEAT

User = get_user_model()

# A worker that has not beaten for this long is reported as down.
HEARTBEAT_STALE_AFTER = dt.timedelta(minutes=5)


def user_roles(*, user) -> list[str]:
    """The role codes a user holds, in the order of RULES.md. Cached on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_crm_roles", None)
    if cached is None:
        names = {group.name for group in user.groups.all()}
        if user.is_superuser:
            names.add(ADMIN)
        cached = [code for code in ROLE_ORDER if code in names]
        user._crm_roles = cached
    return cached


def teams_led_by(*, user) -> set[int]:
    """The ids of the teams a user leads, with every team below them."""
    teams = list(Team.objects.values_list("pk", "parent_id", "leader_id"))
    children: dict[int | None, list[int]] = {}
    for pk, parent_id, _leader in teams:
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = [pk for pk, _parent, leader_id in teams if leader_id == user.pk]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


def team_members_for(*, user) -> QuerySet[StaffProfile]:
    """The staff a user may see on the team page: everyone, or those of the teams they lead."""
    qs = StaffProfile.objects.select_related("user", "team", "team__parent", "region")
    qs = qs.order_by("team__name", "user__last_name", "user__first_name", "pk")
    if user.has_perm("crm.view_all_teams"):
        return qs
    if user.has_perm("crm.view_team_members"):
        return qs.filter(team_id__in=teams_led_by(user=user))
    return qs.none()


def worker_heartbeat(*, now: dt.datetime) -> dict:
    beat = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).first()
    beat_at = beat.beat_at if beat else None
    return {
        "beat_at": beat_at,
        "alive": beat_at is not None and now - beat_at <= HEARTBEAT_STALE_AFTER,
    }


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notifications_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def staff_deactivation_blockers(*, user) -> list[str]:
    """HAND-1, CARD-10: why `user` may not be deactivated or marked as left yet (empty: they
    may), from every app that keeps something a leaver must hand over first: their
    `staff.DEACTIVATION_BLOCKERS` (crm/plugins.py)."""
    if user is None or user.pk is None:
        return []
    return [
        reason
        for blockers in from_apps("staff", "DEACTIVATION_BLOCKERS")
        for reason in blockers(user=user)
    ]


# Who may manage whom (issue 13, item 5) ------------------------------------------------
# A write on a person (marking them leaving or left, handing over what they hold, their
# roles) needs the write permission of that page AND the actor's place above the person:
# - an admin manages everyone but themself;
# - nobody else touches the general manager, an admin or a superuser;
# - the general manager manages everyone else;
# - a manager or supervisor manages the people of the teams they lead and of every team
#   below those, except anyone who leads a team above the actor.
TOP_ROLES = (GENERAL_MANAGER, ADMIN)


def is_admin(*, user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or ADMIN in user_roles(user=user)))


def _top_people() -> QuerySet:
    return User.objects.filter(Q(is_superuser=True) | Q(groups__name__in=TOP_ROLES))


def staff_managed_by(*, actor) -> QuerySet:
    """The people `actor` may manage, as a queryset of users (the hierarchy above)."""
    if not actor.is_authenticated:
        return User.objects.none()
    everyone = User.objects.exclude(pk=actor.pk)
    if is_admin(user=actor):
        return everyone
    below = everyone.exclude(pk__in=_top_people().values("pk"))
    if GENERAL_MANAGER in user_roles(user=actor):
        return below
    teams = {
        pk: (parent, leader)
        for pk, parent, leader in Team.objects.values_list("pk", "parent_id", "leader_id")
    }
    led = _below({pk for pk, (_parent, leader) in teams.items() if leader == actor.pk}, teams)
    if not led:
        return User.objects.none()
    own_team = getattr(getattr(actor, "staff", None), "team_id", None)
    return below.filter(staff__team_id__in=led).exclude(
        pk__in=_leaders_above(actor, own_team, teams)
    )


def _below(roots: set[int], teams: dict) -> set[int]:
    """These teams and every team below them."""
    children: dict[int | None, list[int]] = {}
    for pk, (parent, _leader) in teams.items():
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


def _leaders_above(actor, team_id: int | None, teams: dict) -> set[int]:
    """The leaders of the actor's own team and of every team above it (not the actor)."""
    found: set[int] = set()
    seen: set[int] = set()
    while team_id is not None and team_id in teams and team_id not in seen:
        seen.add(team_id)
        parent, leader = teams[team_id]
        if leader is not None and leader != actor.pk:
            found.add(leader)
        team_id = parent
    return found


def staff_may_manage(*, actor, target) -> bool:
    """Whether `actor` stands above `target` in the hierarchy (see staff_managed_by)."""
    if target is None or target.pk is None:
        return False
    return staff_managed_by(actor=actor).filter(pk=target.pk).exists()


def saved_views_for(*, user, list_key: str) -> list[SavedView]:
    """WORK-2: the saved views (场景) `user` has on a list: their own, then those a manager
    shared, each by name. One query."""
    if not user.is_authenticated:
        return []
    rows = (
        SavedView.objects.filter(Q(owner=user) | Q(shared=True), list_key=list_key)
        .select_related("owner")
        .order_by("name", "pk")
    )
    return sorted(rows, key=lambda view: view.owner_id != user.pk)


# Notice settings (API-4) ----------------------------------------------------------------


def notice_settings_for(*, user) -> dict:
    """What the notice settings page shows: per kind of notice its plain words and the
    channels it goes through for `user` now; the channels and which the person can use.
    Three queries: the person's choice, the admin's defaults, the team's robots."""
    row = NoticeSettings.objects.filter(user=user).first()
    chosen = row.channels if row else {}
    defaults = admin_defaults()
    robots = team_robots(user=user)
    channels = list(all_channels().values())
    kinds = []
    for kind in all_notice_kinds():
        default = kind_defaults(kind, admin=defaults)
        keys = chosen.get(kind, default)
        kinds.append(
            {
                "kind": kind,
                "label": notice_label(kind),
                "default": [INAPP, *(k for k in default if k != INAPP)],
                "chosen": {INAPP, *keys},
            }
        )
    kinds.sort(key=lambda item: item["label"])
    return {
        "language": row.language if row else "",
        "kinds": kinds,
        "channels": channels,
        "available": {
            c.key for c in channels if c.available(user=user, robots=robots) or not c.optional
        },
    }
