"""Ownership of customers (POOL-1…8). Minimal here; the pool issue extends it."""

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

    class Meta:
        verbose_name = _("ownership change")
        verbose_name_plural = _("ownership changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["customer", "-changed_at"], name="ownchange_customer_idx")]

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
