"""Every number in the rules is a default an admin can change: the registry of them.

`param("card.fine_min")` returns the admin's value from RuleParameter (Django admin, "Rule
settings") or the default declared here. Values are cached for a minute and the cache is
cleared when an admin saves one. Each parameter names the rule it belongs to, so a page can
say which rule and which number caused an automatic change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from crm.plugins import from_apps


@dataclass(frozen=True)
class Param:
    key: str
    rule: str
    default: int | Decimal | str | bool
    help: str

    def parse(self, raw: str):
        kind = type(self.default)
        if kind is bool:
            return raw.strip().lower() in {"1", "true", "yes", "on", "是"}
        return kind(raw.strip()) if kind is not str else raw


PARAMS: tuple[Param, ...] = (
    # INTAKE — first contact and assignment
    Param(
        "intake.new_employee_days",
        "INTAKE-5",
        90,
        _("An employee hired within this many days counts as new for the assignment share."),
    ),
    Param(
        "intake.new_employee_share_every",
        "INTAKE-5",
        5,
        _("Every Nth assignment without a collector or regional rep goes to a new employee."),
    ),
    # CARD — archive cards
    Param(
        "card.fill_days",
        "CARD-3",
        0,
        _("Days after the event a card may be filled without counting as late (0: same day)."),
    ),
    Param(
        "card.submit_days",
        "CARD-5",
        1,
        _("Days after the event by which the card must be submitted to the sales manager."),
    ),
    Param(
        "card.return_days",
        "CARD-7",
        0,
        _("Days after check-out by which a card must be returned (0: the same day)."),
    ),
    Param("card.fine_min", "CARD-8", Decimal("50"), _("Smallest fine for a card incident, yuan.")),
    Param("card.fine_max", "CARD-8", Decimal("500"), _("Largest fine for a card incident, yuan.")),
    # SEAL — approved access
    Param(
        "seal.access_hours",
        "SEAL-1",
        24,
        _("Hours an approved access request stays valid, unless the approver sets less."),
    ),
    # Customers — documents, import
    Param(
        "customer.document_max_mb",
        "DEAL-5",
        10,
        _("Largest customer document upload, in megabytes."),
    ),
    Param(
        "customer.import_background_rows",
        "SEAL-2",
        500,
        _("Imports with more rows than this run in the background."),
    ),
    Param(
        "customer.import_max_rows",
        "SEC-7",
        100_000,
        _("Most rows an import file may have; a longer file is refused by the import."),
    ),
    Param(
        "customer.import_max_unpacked_mb",
        "SEC-7",
        100,
        _("Largest unpacked size of an xlsx import file, in megabytes (a zip bomb is refused)."),
    ),
    Param(
        "customer.import_stale_minutes",
        "SEC-7",
        10,
        _("Minutes without progress after which an import left by a stopped worker runs again."),
    ),
    # Lists (WORK-2)
    Param(
        "lists.total_cap",
        "WORK-2",
        10000,
        _("Lists count their rows up to this many and beyond it show the number with a +."),
    ),
)

CACHE_PREFIX = "crm:param:"


def _collect() -> tuple[Param, ...]:
    """These, plus the PARAMS of every installed app's `parameters` module."""
    return (*PARAMS, *from_apps("parameters", "PARAMS"))


class _Registry(dict):
    """PARAM_BY_KEY, filled on first use (after the app registry is ready)."""

    def _fill(self) -> None:
        if not self:
            self.update({p.key: p for p in _collect()})

    def __getitem__(self, key):
        self._fill()
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)

    def values(self):
        self._fill()
        return super().values()


PARAM_BY_KEY = _Registry()


def all_params() -> list[Param]:
    return list(PARAM_BY_KEY.values())


def param(key: str):
    """The value in force for a rule parameter."""
    spec = PARAM_BY_KEY[key]
    cached = cache.get(CACHE_PREFIX + key)
    if cached is not None:
        return spec.parse(cached)
    from crm.models import RuleParameter  # deferred: apps import this module while models load

    raw = RuleParameter.objects.filter(key=key).values_list("value", flat=True).first()
    raw = str(spec.default) if raw is None else raw
    cache.set(CACHE_PREFIX + key, raw, 60)
    return spec.parse(raw)


def params(*keys: str) -> dict:
    """The values in force for several parameters, with one query for those not cached."""
    found = {}
    missing = []
    for key in keys:
        cached = cache.get(CACHE_PREFIX + key)
        if cached is None:
            missing.append(key)
        else:
            found[key] = PARAM_BY_KEY[key].parse(cached)
    if missing:
        from crm.models import RuleParameter  # deferred: as in the function above

        saved = dict(RuleParameter.objects.filter(key__in=missing).values_list("key", "value"))
        for key in missing:
            spec = PARAM_BY_KEY[key]
            raw = saved.get(key, str(spec.default))
            cache.set(CACHE_PREFIX + key, raw, 60)
            found[key] = spec.parse(raw)
    return found


def param_forget(key: str) -> None:
    cache.delete(CACHE_PREFIX + key)
