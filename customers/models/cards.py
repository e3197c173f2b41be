"""Company events and customer archive cards (CARD-1…10)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    FELLOWSHIP = "fellowship", _("Fellowship meeting")
    TOUR = "tour", _("Tour")
    DINNER = "dinner", _("Dinner")
    OTHER = "other", _("Other sales activity")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    name = models.CharField(_("name"), max_length=150)
    held_on = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.held_on:%Y-%m-%d})"


class Attendance(models.Model):
    """A customer who attended an event, and the rep responsible for their card."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attendances"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    bought = models.BooleanField(_("bought at the event"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["event", "customer"], name="attend_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.customer} @ {self.event}"


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("Being filled")
    SUBMITTED = "submitted", _("Submitted to the sales manager")
    IN_CUSTODY = "in_custody", _("In a service doctor's custody")


class ArchiveCard(models.Model):
    """The customer archive card (顾客档案表), one per attendance, buyer or not (CARD-1)."""

    attendance = models.OneToOneField(
        Attendance, verbose_name=_("attendance"), on_delete=models.PROTECT, related_name="card"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="cards",
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="cards_filled",
    )
    buyer = models.BooleanField(_("buyer"), default=False)
    # CARD-2/4: filled from the survey and the customer's feedback; every field required.
    health_condition = models.TextField(_("health condition"), blank=True)
    family_situation = models.TextField(_("family and living situation"), blank=True)
    interests = models.TextField(_("products or services of interest"), blank=True)
    event_feedback = models.TextField(_("feedback at the event"), blank=True)
    purchase = models.TextField(
        _("what was bought"), blank=True, help_text=_("For a buyer: products and amounts.")
    )
    next_step = models.TextField(_("next step"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CardStatus.choices, default=CardStatus.DRAFT
    )
    filled_at = models.DateTimeField(_("filled"), null=True, blank=True)
    filled_late = models.BooleanField(_("filled late"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    # Rule IDs and parameters behind the late flags, so the page can say why.
    lateness = models.JSONField(_("why late"), default=dict, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cards_in_custody",
        help_text=_("The service doctor who holds the card."),
    )
    handed_over_at = models.DateTimeField(_("handed to the doctor"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archive card")
        verbose_name_plural = _("archive cards")
        ordering = ["-pk"]
        permissions = [
            ("hand_over_cards", _("Can hand submitted cards to a service doctor")),
            ("keep_cards", _("Keeps archive cards in custody; checks them out and back in")),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.attendance.event.name}"


class CardCheckout(models.Model):
    """CARD-7: a card taken from the doctor for a visit, returned the same day."""

    card = models.ForeignKey(
        ArchiveCard, verbose_name=_("card"), on_delete=models.PROTECT, related_name="checkouts"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked out by"),
        on_delete=models.PROTECT,
        related_name="card_checkouts",
    )
    checked_out_at = models.DateTimeField(_("checked out"))
    due_on = models.DateField(_("due back"))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("card check-out")
        verbose_name_plural = _("card check-outs")
        ordering = ["-checked_out_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["card"],
                condition=models.Q(returned_at__isnull=True),
                name="one_open_checkout_per_card",
            )
        ]
        indexes = [models.Index(fields=["returned_at", "due_on"], name="checkout_overdue_idx")]

    def __str__(self) -> str:
        return f"{self.card} → {self.holder}"


class IncidentKind(models.TextChoices):
    LOST = "lost", _("Lost")
    DAMAGED = "damaged", _("Damaged")
    INCOMPLETE = "incomplete", _("Incomplete")


class CardIncident(models.Model):
    """CARD-8: a lost, damaged or incomplete card; the holder is fined and restores it."""

    card = models.ForeignKey(
        ArchiveCard, verbose_name=_("card"), on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=IncidentKind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="card_incidents",
    )
    fine = models.DecimalField(_("fine (yuan)"), max_digits=8, decimal_places=2)
    description = models.TextField(_("what happened"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"))
    restored_at = models.DateTimeField(_("card restored"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("card incident")
        verbose_name_plural = _("card incidents")
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fine__gte=0), name="incident_fine_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.card}"
