"""First-contact surveys (INTAKE-1…9): templates an admin edits, campaigns, filled surveys."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def _in_language(zh: str, en: str) -> str:
    """Admin-edited text is kept in zh-hans and English; English falls back to Chinese."""
    language = (get_language() or "zh-hans").lower()
    return en if language.startswith("en") and en else zh


class Campaign(models.Model):
    """INTAKE-2: a named collection drive, e.g. 爱心之路 (Road of Love)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return _in_language(self.name, self.name_en)


class SurveyTemplate(models.Model):
    """INTAKE-1: the questions of a survey, edited by admins."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    is_default = models.BooleanField(_("default template"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_survey_template",
            )
        ]

    def __str__(self) -> str:
        return _in_language(self.name, self.name_en)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes / no")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")


class Question(models.Model):
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("required"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language(self.text, self.text_en)


class QuestionChoice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label_zh = models.CharField(_("choice"), max_length=200)
    label_en = models.CharField(_("choice in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _in_language(self.label_zh, self.label_en)


class SurveyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the sales manager")
    ASSIGNED = "assigned", _("Assigned")
    SEALED = "sealed", _("Sealed")


class AssignmentPrinciple(models.TextChoices):
    """INTAKE-5's principles, in priority order."""

    COLLECTOR = "collector", _("(1) The collector keeps what they collected")
    REGION = "region", _("(2) The rep nearest by region")
    NEW_EMPLOYEE = "new_employee", _("(3) A share to new employees")
    WORKLOAD = "workload", _("(4) Ability, workload and service efficiency")
    DISCRETION = "discretion", _("(5) The manager's discretion")


class Survey(models.Model):
    """A filled first-contact survey. Its answers are sealed after assignment (INTAKE-6)."""

    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("template"), on_delete=models.PROTECT
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.PROTECT
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collector"),
        on_delete=models.PROTECT,
        related_name="collected_surveys",
    )
    filled_on_behalf = models.BooleanField(_("filled on the customer's behalf"), default=False)
    paper_serial = models.CharField(
        _("paper form serial number"),
        max_length=40,
        blank=True,
        help_text=_("The number printed on the company's blank form, when entered from paper."),
    )
    signed_at = models.DateTimeField(_("signed by the collector"))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    assignment_principle = models.CharField(
        _("assignment principle"), max_length=20, choices=AssignmentPrinciple.choices, blank=True
    )
    # What the principle looked at (rule ID, region, share counter...), so the page can say why.
    assignment_params = models.JSONField(_("assignment reasons"), default=dict, blank=True)
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The service manager who holds the sealed survey."),
    )
    sealed_at = models.DateTimeField(_("sealed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="survey_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["paper_serial"],
                condition=~models.Q(paper_serial=""),
                name="survey_paper_serial_unique",
            )
        ]
        permissions = [
            ("assign_survey", _("Can assign submitted surveys to reps")),
            ("keep_sealed_surveys", _("Keeps the sealed surveys in custody")),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.submitted_at:%Y-%m-%d}"


class Answer(models.Model):
    """One answer, kept per question. Sealed with its survey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT)
    # text / number / ISO date / true-false / choice id / list of choice ids
    value = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.question_id}"


class PaperForm(models.Model):
    """INTAKE-7: a blank survey form the company printed, with its serial number.

    Only the company prints forms (a PDF from the survey-forms page, one serial a form); a
    survey entered from paper must name a printed serial not used yet, so a photocopy (a
    serial printed once, used twice) or a home-made form (a serial never printed) is refused.
    """

    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the year"))
    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("survey template"), on_delete=models.PROTECT
    )
    printed_at = models.DateTimeField(_("printed"))
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("printed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("paper survey form")
        verbose_name_plural = _("paper survey forms")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="paperform_year_number")
        ]
        permissions = [("print_paper_forms", _("Can print blank survey forms"))]

    def __str__(self) -> str:
        return self.serial
