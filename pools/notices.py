"""The notices of the customer pool, worded when read (WORK-4, crm/notices.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.notices import NoticeKind, day


def _cause(params: dict) -> str:
    return _("a first deal") if params.get("cause") == "first_deal" else _("a duplicate")


def _ruling_lost(p: dict) -> str:
    return _(
        "%(customer)s now belongs to %(gained)s because of %(cause)s. The sales manager will "
        "confirm or reverse this."
    ) % {**p, "cause": _cause(p)}


def _ruling_gained(p: dict) -> str:
    return _(
        "%(customer)s is now yours because of %(cause)s; it belonged to %(lost)s. The sales "
        "manager will confirm or reverse this."
    ) % {**p, "cause": _cause(p)}


def _ruling_decided(p: dict) -> str:
    if p.get("status") == "reversed":
        return (
            _(
                "The sales manager reversed the change of %(customer)s: it belongs to %(lost)s "
                "again. Reason: %(reason)s"
            )
            % p
        )
    return (
        _("The sales manager confirmed that %(customer)s belongs to %(gained)s. Reason: %(reason)s")
        % p
    )


NOTICES = (
    NoticeKind(
        "pools.expiry_warning",
        lambda p: (
            _(
                "%(name)s returns to the pool after %(date)s unless a deal is confirmed. "
                "Close a deal or write the release note."
            )
            % {"name": p["customer"], "date": day(p["expires"])}
        ),
        rule="POOL-7",
        label=gettext_lazy("A customer of mine is about to return to the pool"),
    ),
    # Rulings after a first deal or duplicate took a customer (POOL-17).
    NoticeKind(
        "pools.ruling_lost",
        _ruling_lost,
        rule="POOL-17",
        label=gettext_lazy("A customer of mine went to a colleague"),
    ),
    NoticeKind(
        "pools.ruling_gained",
        _ruling_gained,
        rule="POOL-17",
        label=gettext_lazy("A colleague's customer became mine"),
    ),
    NoticeKind(
        "pools.ruling_decided",
        _ruling_decided,
        rule="POOL-17",
        label=gettext_lazy("The sales manager ruled on a changed customer"),
    ),
)
