"""WORK-1: the customer page's tabs, each with its count, contributed by the apps.

An app adds a tab with a `customer_tabs.py` module declaring `TABS`, a tuple of
`CustomerTab`, like the shell's plug-in modules (crm/plugins.py): customers keeps the
profile, ownership and history, cards and documents; visits, deals and service add theirs
without the customers app importing them. The page renders the chosen tab's panel (a plain
link `?tab=key` without JavaScript; htmx swaps the panel in place with it), so only that
tab's rows are read; every tab's count is one indexed COUNT on the customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from crm.plugins import from_apps


def _always(**_kwargs) -> bool:
    return True


def _nothing(**_kwargs) -> dict:
    return {}


@dataclass(frozen=True)
class CustomerTab:
    """One tab: `count(user=, customer=) -> int | None` (None: no count shown),
    `context(request=, customer=) -> dict` what `template` needs beyond the page's own
    context, `visible(user=, customer=)` whether the user has this tab at all."""

    key: str
    label: str | Promise
    order: int
    template: str
    count: Callable[..., int | None] | None = None
    context: Callable[..., dict] = field(default=_nothing)
    visible: Callable[..., bool] = field(default=_always)


@dataclass(frozen=True)
class ShownTab:
    tab: CustomerTab
    count: int | None
    active: bool

    @property
    def key(self) -> str:
        return self.tab.key

    @property
    def label(self):
        return self.tab.label


def customer_tabs_all() -> list[CustomerTab]:
    """Every app's tabs, in their order."""
    return sorted(from_apps("customer_tabs", "TABS"), key=lambda tab: (tab.order, tab.key))


def customer_tabs_for(*, user, customer, active: str) -> list[ShownTab]:
    """The tabs `user` has on `customer`'s page, with counts; `active` if it is one of them,
    else the first."""
    tabs = [tab for tab in customer_tabs_all() if tab.visible(user=user, customer=customer)]
    keys = {tab.key for tab in tabs}
    if active not in keys and tabs:
        active = tabs[0].key
    return [
        ShownTab(
            tab=tab,
            count=tab.count(user=user, customer=customer) if tab.count else None,
            active=tab.key == active,
        )
        for tab in tabs
    ]
