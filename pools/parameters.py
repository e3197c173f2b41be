"""Rule parameters of the pool (POOL-1, POOL-3, POOL-5, POOL-6, POOL-7), editable by admins."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "pool.first_contact_months",
        "POOL-1",
        2,
        _("Months a rep keeps a customer gained without a confirmed deal before it returns."),
    ),
    Param(
        "pool.no_sale_months",
        "POOL-3",
        3,
        _("Consecutive months without a confirmed sale after which a customer returns."),
    ),
    Param(
        "pool.warn_days",
        "POOL-7",
        7,
        _("Days before expiry that the owner is warned."),
    ),
    Param(
        "pool.max_owned",
        "POOL-5",
        500,
        _("Most customers one rep may own; a claim beyond it is refused (0: no limit)."),
    ),
    Param(
        "pool.max_claims_per_day",
        "POOL-5",
        20,
        _("Most customers one rep may claim from the pool in a day (0: no limit)."),
    ),
    Param(
        "pool.reclaim_days",
        "POOL-5",
        30,
        _("Days before a rep may claim again a customer they released or let expire."),
    ),
    Param(
        "pool.exclude_open_deal",
        "POOL-10",
        False,
        _("Customers with an open deal do not expire (a pool may decide otherwise)."),
    ),
    Param(
        "pool.exclude_protected",
        "POOL-10",
        True,
        _("Protected customers do not expire (a pool may decide otherwise)."),
    ),
    Param(
        "pool.expiry_note_required",
        "POOL-6",
        True,
        _("The last owner of an expired customer must complete its release note later."),
    ),
    # poolB: protection (POOL-11) and hand-offs around the rules (POOL-16).
    Param(
        "pool.protect_max",
        "POOL-11",
        10,
        _("Most customers one owner may protect at a time (0: protection is off)."),
    ),
    Param(
        "pool.protect_days",
        "POOL-11",
        30,
        _("Most days a protection lasts; it then ends by itself in the nightly run."),
    ),
    Param(
        "pool.pair_days",
        "POOL-16",
        3,
        _("Days after a release or expiry within which a claim by another rep counts."),
    ),
    Param(
        "pool.pair_times",
        "POOL-16",
        2,
        _("A pair of reps is shown when such hand-offs happened more often than this."),
    ),
    Param(
        "pool.pair_window_days",
        "POOL-16",
        90,
        _("Days back in which the hand-offs between two reps are counted."),
    ),
)
