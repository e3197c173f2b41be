"""Customers: people and organisations, their contacts and documents (DEAL-5, INTAKE-8)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.models import Region


class GramsField(models.TextField):
    """The two-character pieces of a text (customers.names.name_grams), searched with
    `has_grams`: on PostgreSQL an array containment a GIN index serves, elsewhere `instr`."""


@GramsField.register_lookup
class HasGrams(models.Lookup):
    """`name_grams__has_grams=["华信", "信科"]`: rows holding every piece listed."""

    lookup_name = "has_grams"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        grams = list(self.rhs)
        if connection.vendor == "postgresql":
            # The expression of the GIN index customer_grams_gin (migration 0004).
            return f"string_to_array({lhs}, ' ') @> %s::text[]", (*lhs_params, grams)
        sql = " AND ".join(f"instr({lhs}, %s) > 0" for _gram in grams)
        params = [p for gram in grams for p in (*lhs_params, f" {gram} ")]
        return f"({sql})", params


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class InformationSource(models.TextChoices):
    """INTAKE-8: where the company learned of the customer."""

    MEDIA = "media", _("Media or web")
    AGENCY = "agency", _("Agency")
    ASSOCIATION = "association", _("Association")
    PARTNER = "partner", _("Business partner")
    PERSONAL = "personal", _("Personal relations")
    EVENT = "event", _("Event")
    REFERRAL = "referral", _("Referral")
    TELESALES = "telesales", _("Telesales")


class Customer(models.Model):
    kind = models.CharField(
        _("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    name = models.CharField(_("name"), max_length=100)
    # Search keys kept with the name (customers.services): "zhangsan" and "zs" find 张三.
    name_pinyin = models.CharField(_("name in pinyin"), max_length=400, blank=True, editable=False)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=100, blank=True, editable=False
    )
    # WORK-6: the two-character pieces of the name and the organisation, so that any
    # fragment of two or more characters finds them ("秀英" → 王秀英).
    name_grams = GramsField(_("name pieces"), blank=True, default="", db_default="", editable=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a person: where they work. For an organisation: its registered name."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    source = models.CharField(
        _("information source"), max_length=20, choices=InformationSource.choices, blank=True
    )
    is_key_customer = models.BooleanField(_("key customer"), default=False)
    # DEAL-5: the profile kept as history ("dynamic management").
    description = models.TextField(_("description"), blank=True)
    characteristics = models.TextField(_("main characteristics"), blank=True)
    business_status = models.TextField(_("business status"), blank=True)
    economic_strength = models.TextField(_("economic strength"), blank=True)
    credit_note = models.TextField(_("credit"), blank=True)
    transaction_status = models.TextField(_("current transaction status"), blank=True)
    sales_summary = models.TextField(_("sales summary"), blank=True)
    # INTAKE-4/9: the rep who first collected the customer (named on a duplicate match).
    first_collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first collector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set by an import, so importing the same file twice finds the row it made.
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "name_grams"])

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(fields=["name_pinyin"], name="customer_pinyin_idx"),
            models.Index(fields=["name_initials"], name="customer_initials_idx"),
            models.Index(fields=["organisation"], name="customer_org_idx"),
            models.Index(fields=["-created_at", "-id"], name="customer_newest_idx"),
            # WORK-2: the list sorted by name, paged by seek on (name, id).
            models.Index(fields=["name", "id"], name="customer_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_key"],
                condition=~models.Q(import_key=""),
                name="customer_import_key_unique",
            )
        ]
        permissions = [
            ("view_all_customers", _("Can see every customer")),
            ("export_customers", _("Can export customers to a spreadsheet")),
            ("import_customers", _("Can import customers from a spreadsheet")),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A contact person of an organisation (DEAL-5)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("department and title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("Business licence")
    TAX_REGISTRATION = "tax_registration", _("Tax registration")
    OTHER = "other", _("Other")


class CustomerDocument(models.Model):
    """An uploaded document; served only to users allowed to see the customer."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="customer-documents/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer document")
        verbose_name_plural = _("customer documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ExportLog(models.Model):
    """SEAL-2: every export of customer data, with who, when and what."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT
    )
    exported_at = models.DateTimeField(_("exported"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("rows"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-exported_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.exported_at:%Y-%m-%d %H:%M}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded customer spreadsheet and how far its import has got."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_rows = models.PositiveIntegerField(_("customers created"), default=0)
    updated_rows = models.PositiveIntegerField(_("customers updated"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows already imported"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{"row": 7, "errors": {"phone": "..."}, "values": {...}}]: the downloadable report.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When a run last claimed the job or committed a chunk: a job "running" with no
    # progress for a while was left by a dead worker, and the sweeper queues it again.
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("customer import")
        verbose_name_plural = _("customer imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
