"""Ownership of customers (POOL-1…8) and the pools they return to (POOL-9, POOL-10)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnershipReason(models.TextChoices):
    """Why a customer has its owner, each with the rule that gave it."""

    NEW = "new", _("New customer, not yet owned")
    FIRST_CONTACT = "first_contact", _("First contact")
    ASSIGNMENT = "assignment", _("Assigned by the sales manager")
    FIRST_DEAL = "first_deal", _("First deal")
    REFERRAL = "referral", _("Referral")
    CLAIM = "claim", _("Claimed from the pool")
    TRANSFER = "transfer", _("Transfer")
    HANDOVER = "handover", _("Handover of a leaver's customers")
    RELEASE = "release", _("Released to the pool")
    EXPIRY_NO_DEAL = "expiry_no_deal", _("No deal within the first-contact period")
    EXPIRY_NO_SALE = "expiry_no_sale", _("No sale for three months")
    POOL_MOVE = "pool_move", _("Moved to another pool")
    # A manager returns customers to the pool (POOL-13); a ruling reverses a change (POOL-17).
    RETURN = "return", _("Returned to the pool by the sales manager")
    RULING = "ruling", _("Ruling by the sales manager")


class Pool(models.Model):
    """POOL-9: a customer pool of a department, region or business unit.

    Reps see and claim only in the pools they belong to: a pool without member teams is open
    to every rep; otherwise its members are the reps of those teams (a department counts
    with every team under it) and its pool admins. A customer that expires or is released
    goes to its owner's department pool (`department`), or to the default pool.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    department = models.ForeignKey(
        "crm.Team",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="department_pools",
        help_text=_("Customers of this department's reps return to this pool."),
    )
    member_teams = models.ManyToManyField(
        "crm.Team",
        verbose_name=_("member teams"),
        blank=True,
        related_name="member_pools",
        help_text=_("Teams whose reps see and claim in this pool; none: every rep."),
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pool admins"),
        blank=True,
        related_name="administered_pools",
    )
    is_default = models.BooleanField(
        _("default pool"),
        default=False,
        help_text=_("Where customers go whose owner's department has no pool of its own."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer pool")
        verbose_name_plural = _("customer pools")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="pool_one_default",
            ),
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(department__isnull=False),
                name="pool_one_per_department",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PoolRuleKey(models.TextChoices):
    """What a pool may set (POOL-10); periods in months, exclusions 1 (on) or 0 (off)."""

    FIRST_CONTACT_MONTHS = "first_contact_months", _("Months to close a first deal")
    NO_SALE_MONTHS = "no_sale_months", _("Months without a sale")
    EXCLUDE_OPEN_DEAL = "exclude_open_deal", _("Customers with an open deal do not expire")
    EXCLUDE_PROTECTED = "exclude_protected", _("Protected customers do not expire")


class PoolRule(models.Model):
    """POOL-10, POOL-15: one saved value of one pool's rule, append-only (the versions).

    The value in force on a day is the newest version whose `effective_from` is not after
    it; `tier` empty is the pool's value for every tier without one of its own; `value`
    empty means "as the pool's default" (or the rule setting when the pool has none).
    """

    pool = models.ForeignKey(
        Pool, verbose_name=_("pool"), on_delete=models.CASCADE, related_name="rules"
    )
    key = models.CharField(_("rule"), max_length=30, choices=PoolRuleKey.choices)
    tier = models.CharField(_("tier"), max_length=12, blank=True)
    value = models.PositiveSmallIntegerField(_("new value"), null=True, blank=True)
    previous = models.PositiveSmallIntegerField(_("old value"), null=True, blank=True)
    effective_from = models.DateField(_("from"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("pool rule version")
        verbose_name_plural = _("pool rule versions")
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["pool", "key", "tier", "effective_from"], name="poolrule_idx")
        ]

    def __str__(self) -> str:
        return f"{self.pool_id} {self.key} {self.tier or '*'} = {self.value}"


class Ownership(models.Model):
    """The current owner of a customer; no owner means the customer is in the pool.

    Every customer has one from the day it is created (no owner, reason "new", when nobody
    owns it yet), so the pool is read from this table's partial index alone.
    """

    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="ownership",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_customers",
    )
    since = models.DateTimeField(_("since"))
    reason = models.CharField(_("by rule"), max_length=20, choices=OwnershipReason.choices)
    rule = models.CharField(_("rule ID"), max_length=20)
    is_referral = models.BooleanField(_("referral"), default=False)
    # Kept by the deals app when finance confirms a payment (DEAL-1), so the nightly expiry
    # (POOL-1, POOL-3) is one set-based statement over this table.
    first_sale_at = models.DateTimeField(_("first confirmed sale"), null=True, blank=True)
    last_sale_at = models.DateTimeField(_("last confirmed sale"), null=True, blank=True)
    # POOL-9: the pool the customer is in (no owner) or returns to (owned: its owner's
    # department pool when the owner gained it). Empty: the default pool.
    pool = models.ForeignKey(
        Pool,
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ownerships",
    )
    # POOL-10, POOL-11: protected until then (kept by the protection service), so a pool's
    # exclusion is one condition of the nightly statement.
    protected_until = models.DateTimeField(_("protected until"), null=True, blank=True)
    # POOL-10: the customer's tier row (DEAL-2), joined on the customer id directly (no
    # column of its own), so the nightly conditions by tier add one join, not two.
    tier_row = models.ForeignObject(
        "deals.CustomerTier",
        from_fields=["customer"],
        to_fields=["customer"],
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        indexes = [
            models.Index(fields=["owner", "-since"], name="ownership_owner_idx"),
            # The pool page, newest in the pool first, paged by seek (POOL-5).
            models.Index(
                fields=["-since", "-customer"],
                name="ownership_pool_idx",
                condition=models.Q(owner__isnull=True),
            ),
            # One pool's page (POOL-9), paged by seek the same way.
            models.Index(
                fields=["pool", "-since", "-customer"],
                name="ownership_pool_member_idx",
                condition=models.Q(owner__isnull=True),
            ),
            # The nightly expiry (POOL-3) and the warnings read owned rows by last sale.
            models.Index(
                fields=["last_sale_at"],
                name="ownership_owned_sale_idx",
                condition=models.Q(owner__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} → {self.owner_id}"


class OwnershipChange(models.Model):
    """POOL-8: every change of owner: who, when, which rule, from whom. Append-only."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="ownership_changes",
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("by rule"), max_length=20, choices=OwnershipReason.choices)
    rule = models.CharField(_("rule ID"), max_length=20)
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the change was automatic."),
    )
    changed_at = models.DateTimeField(_("changed"))
    note = models.TextField(_("note"), blank=True)
    # POOL-9: the pool the customer was in or returned to before, and after the change.
    from_pool = models.ForeignKey(
        Pool,
        verbose_name=_("from pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pool = models.ForeignKey(
        Pool,
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ownership change")
        verbose_name_plural = _("ownership changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["customer", "-changed_at"], name="ownchange_customer_idx"),
            # poolB: the claims of the last days, for the hand-off pairs (POOL-16).
            models.Index(
                fields=["changed_at"],
                name="ownchange_claim_idx",
                condition=models.Q(reason="claim"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.from_owner_id} → {self.to_owner_id}"


class ReleaseNote(models.Model):
    """POOL-6: what the last owner leaves for the next one when a customer goes to the pool.

    Written at once when a rep releases a customer; when the nightly expiry (POOL-1, POOL-3)
    moved it, the note is created empty ("pending") and the last owner must complete it.
    """

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="release_notes",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last owner"),
        on_delete=models.PROTECT,
        related_name="release_notes",
    )
    rule = models.CharField(_("rule ID"), max_length=20)
    status = models.TextField(_("customer status"), blank=True)
    contact_details = models.TextField(_("contact details"), blank=True)
    progress = models.TextField(_("how far talks went"), blank=True)
    created_at = models.DateTimeField(_("created"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("release note")
        verbose_name_plural = _("release notes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["owner", "-created_at"],
                name="releasenote_pending_idx",
                condition=models.Q(completed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} ({self.owner_id})"

    @property
    def is_pending(self) -> bool:
        return self.completed_at is None


# Protection, reveals and rulings (POOL-11, POOL-12, POOL-17) -------------------------------


class ProtectionEnd(models.TextChoices):
    EXPIRED = "expired", _("Its period ended")
    OWNER = "owner", _("Ended by the owner")
    OWNER_CHANGED = "owner_changed", _("The customer changed owner")


class Protection(models.Model):
    """POOL-11: an owner protects (锁定) a customer, which then does not expire, until
    `ends_on` (kept through that day). Every start and end is a row: append-only history."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="protections",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="protections",
    )
    started_at = models.DateTimeField(_("started"))
    ends_on = models.DateField(_("protected until"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=ProtectionEnd.choices, blank=True
    )
    rule = models.CharField(_("rule ID"), max_length=20, default="POOL-11")
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("protection")
        verbose_name_plural = _("protections")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(ended_at__isnull=True),
                name="protection_one_active",
            )
        ]
        indexes = [
            models.Index(
                fields=["owner"],
                name="protection_active_owner_idx",
                condition=models.Q(ended_at__isnull=True),
            ),
            models.Index(
                fields=["ends_on"],
                name="protection_active_end_idx",
                condition=models.Q(ended_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} ({self.owner_id}) → {self.ends_on}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ContactReveal(models.Model):
    """POOL-12: a pool admin revealed a pool customer's masked phone, e-mail and address."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="contact_reveals",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revealed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revealed_at = models.DateTimeField(_("revealed"))
    rule = models.CharField(_("rule ID"), max_length=20, default="POOL-12")

    class Meta:
        verbose_name = _("contact reveal")
        verbose_name_plural = _("contact reveals")
        ordering = ["-revealed_at", "-pk"]
        indexes = [models.Index(fields=["customer", "-revealed_at"], name="reveal_customer_idx")]

    def __str__(self) -> str:
        return f"{self.customer_id} ← {self.user_id}"


class RulingCause(models.TextChoices):
    FIRST_DEAL = "first_deal", _("First deal")
    DUPLICATE = "duplicate", _("Duplicate")


class RulingStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a ruling")
    CONFIRMED = "confirmed", _("Confirmed")
    REVERSED = "reversed", _("Reversed")


class Ruling(models.Model):
    """POOL-17: a first deal (POOL-2) or a duplicate (INTAKE-9) took a customer from an
    active owner; the sales manager confirms or reverses the change, with a reason."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="rulings",
    )
    change = models.OneToOneField(
        OwnershipChange,
        verbose_name=_("change of owner"),
        on_delete=models.CASCADE,
        related_name="ruling",
    )
    cause = models.CharField(_("cause"), max_length=20, choices=RulingCause.choices)
    lost_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    gained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("new owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"))
    status = models.CharField(
        _("status"), max_length=20, choices=RulingStatus.choices, default=RulingStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    rule = models.CharField(_("rule ID"), max_length=20, default="POOL-17")

    class Meta:
        verbose_name = _("ownership ruling")
        verbose_name_plural = _("ownership rulings")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-opened_at"],
                name="ruling_open_idx",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["customer", "-opened_at"], name="ruling_customer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.lost_by_id} → {self.gained_by_id} ({self.status})"
