"""Who sees which teams' figures (REPORT-2, SEAL-2), and the filters of every page.

- `analysis.view_all_analysis` (general manager, admin): every team, and what belongs to
  no team (the pool, staff without a team);
- `analysis.view_analysis` (sales manager, supervisor): the teams they lead, with every team
  below them (a manager leads the department, so all its teams);
- anyone else: no analysis (403).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from crm.lib.dates import add_months, month_end, month_start
from crm.models import Region, Team

VIEW = "analysis.view_analysis"
VIEW_ALL = "analysis.view_all_analysis"


@dataclass(frozen=True)
class Named:
    pk: int
    name: str
    depth: int = 0


def _tree(rows: list[tuple[int, str, int | None]]) -> tuple[list[Named], dict[int, set[int]]]:
    """Rows (pk, name, parent) in tree order with their depth, and each one's subtree."""
    children: dict[int | None, list[tuple[int, str, int | None]]] = {}
    known = {pk for pk, _name, _parent in rows}
    for row in rows:
        parent = row[2] if row[2] in known else None
        children.setdefault(parent, []).append(row)
    ordered: list[Named] = []
    subtree: dict[int, set[int]] = {}

    def walk(parent, depth) -> set[int]:
        found: set[int] = set()
        for pk, name, _parent in sorted(children.get(parent, ()), key=lambda r: r[1]):
            ordered.append(Named(pk, name, depth))
            below = walk(pk, depth + 1)
            subtree[pk] = {pk, *below}
            found |= subtree[pk]
        return found

    walk(None, 0)
    return ordered, subtree


@dataclass(frozen=True)
class Scope:
    """The teams a user may analyse. `everything`: all teams and what has none."""

    everything: bool
    teams: list[Named]  # the teams to choose from, in tree order
    subtree: dict[int, set[int]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # every team's name, for labels

    @property
    def team_ids(self) -> set[int]:
        return {t.pk for t in self.teams}

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.teams


def analysis_scope_for(*, user) -> Scope | None:
    """The user's scope, or None when they may not open the analysis at all. One query."""
    if not user.is_authenticated or not user.is_active or not user.has_perm(VIEW):
        return None
    rows = list(Team.objects.order_by().values_list("pk", "name", "parent_id", "leader_id"))
    ordered, subtree = _tree([(pk, name, parent) for pk, name, parent, _leader in rows])
    names = {pk: name for pk, name, _parent, _leader in rows}
    if user.has_perm(VIEW_ALL):
        return Scope(everything=True, teams=ordered, subtree=subtree, names=names)
    led: set[int] = set()
    for pk, _name, _parent, leader in rows:
        if leader == user.pk:
            led |= subtree.get(pk, {pk})
    teams = [t for t in ordered if t.pk in led]
    return Scope(everything=False, teams=teams, subtree=subtree, names=names)


def regions_all() -> tuple[list[Named], dict[int, set[int]]]:
    """Every region in tree order with its subtree. One query."""
    return _tree(list(Region.objects.order_by().values_list("pk", "name", "parent_id")))


# --- the filters ------------------------------------------------------------------------

WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class Filters:
    """What a page shows: whole months from `start` to `end`, the trend step, and the
    teams and regions (None: no restriction) the figures are limited to."""

    start: dt.date  # the first day of the first month
    end: dt.date  # the last day of the last month
    by: str = MONTH
    team_ids: frozenset[int] | None = None
    region_ids: frozenset[int] | None = None
    team_name: str = ""
    region_name: str = ""
    today: dt.date | None = None

    def fact_filter(self, prefix: str = "") -> dict:
        """Keyword filters for a table with `day`, `team_id` and `region_id`."""
        q: dict = {f"{prefix}day__range": (self.start, self.end)}
        if self.team_ids is not None:
            q[f"{prefix}team_id__in"] = sorted(self.team_ids)
        if self.region_ids is not None:
            q[f"{prefix}region_id__in"] = sorted(self.region_ids)
        return q

    def month_filter(self) -> dict:
        """The same for CustomerMonth (its date is `month`)."""
        q: dict = {"month__range": (self.start, self.end)}
        if self.team_ids is not None:
            q["team_id__in"] = sorted(self.team_ids)
        if self.region_ids is not None:
            q["region_id__in"] = sorted(self.region_ids)
        return q

    def cache_key(self) -> str:
        """The figures these filters select, as text (the same filters, the same text)."""
        teams = "all" if self.team_ids is None else ",".join(map(str, sorted(self.team_ids)))
        regions = "all" if self.region_ids is None else ",".join(map(str, sorted(self.region_ids)))
        return f"{self.start}|{self.end}|{self.by}|{teams}|{regions}|{self.today}"

    def months(self) -> list[dt.date]:
        found, day = [], self.start
        while day <= self.end:
            found.append(day)
            day = add_months(day, 1)
        return found

    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the period touches (the first and last may be partial)."""
        day = self.start - dt.timedelta(days=self.start.weekday())
        found = []
        while day <= self.end:
            found.append(day)
            day += dt.timedelta(days=7)
        return found

    def periods(self) -> list[dt.date]:
        return self.weeks() if self.by == WEEK else self.months()


def filters_build(
    *,
    scope: Scope,
    start: dt.date,
    end: dt.date,
    by: str = MONTH,
    team: int | None = None,
    region: int | None = None,
    regions: tuple[list[Named], dict[int, set[int]]] | None = None,
    today: dt.date | None = None,
) -> Filters:
    """Filters limited to the user's scope: a chosen team means it and the teams below it."""
    team_ids: frozenset[int] | None
    team_name = ""
    if team:
        team_ids = frozenset(scope.subtree.get(team, {team}))
        if not scope.everything:
            team_ids &= scope.team_ids
        team_name = scope.names.get(team, "")
    elif scope.everything:
        team_ids = None
    else:
        team_ids = frozenset(scope.team_ids)
    region_ids = None
    region_name = ""
    if region:
        ordered, subtree = regions if regions is not None else regions_all()
        region_ids = frozenset(subtree.get(region, {region}))
        region_name = next((r.name for r in ordered if r.pk == region), "")
    return Filters(
        start=month_start(start),
        end=month_end(end),
        by=by,
        team_ids=team_ids,
        region_ids=region_ids,
        team_name=team_name,
        region_name=region_name,
        today=today,
    )
