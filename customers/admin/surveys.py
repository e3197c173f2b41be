"""Admin of survey templates, questions and campaigns; filled surveys as metadata only.

Answers are never shown here (INTAKE-6): `Answer` is not registered, and the survey page
has no answers inline. Reading a sealed survey needs an approval (SEAL-1).
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from customers.models import Campaign, Question, QuestionChoice, Survey, SurveyTemplate


def _in_use(template) -> bool:
    return template is not None and Survey.objects.filter(template=template).exists()


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "text", "text_en", "kind", "required", "choices_link"]
    readonly_fields = ["choices_link"]
    extra = 1
    ordering = ["order", "pk"]

    @admin.display(description=_("choices"))
    def choices_link(self, question):
        if not question.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:customers_question_change", args=[question.pk]),
            _("Edit choices"),
        )

    def get_readonly_fields(self, request, obj=None):
        # Filled surveys keep their answers' meaning: a used question's kind is fixed.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "kind"] if _in_use(obj) else fields


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "is_default", "is_active", "question_count"]
    list_filter = ["is_active", "is_default"]
    search_fields = ["name", "name_en"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, template):
        return template.n_questions


class QuestionChoiceInline(admin.TabularInline):
    model = QuestionChoice
    fields = ["order", "label_zh", "label_en"]
    extra = 2
    ordering = ["order", "pk"]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "template", "order", "kind", "required"]
    list_filter = ["template", "kind", "required"]
    list_select_related = ["template"]
    search_fields = ["text", "text_en"]
    fields = ["template", "order", "text", "text_en", "kind", "required"]
    inlines = [QuestionChoiceInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and _in_use(obj.template):
            fields += ["template", "kind"]
        return fields


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """Who collected which survey, when, and where it went: never what was answered."""

    list_display = [
        "customer",
        "template",
        "campaign",
        "collector",
        "submitted_at",
        "status",
        "assigned_to",
        "assignment_principle",
        "custodian",
    ]
    list_filter = ["status", "assignment_principle", "template", "campaign"]
    list_select_related = [
        "customer",
        "template",
        "campaign",
        "collector",
        "assigned_to",
        "custodian",
    ]
    search_fields = ["paper_serial"]
    date_hierarchy = "submitted_at"
    fields = [
        "customer",
        "template",
        "campaign",
        "collector",
        "filled_on_behalf",
        "paper_serial",
        "signed_at",
        "submitted_at",
        "status",
        "assigned_to",
        "assigned_by",
        "assigned_at",
        "assignment_principle",
        "assignment_params",
        "custodian",
        "sealed_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # surveys are collected on the survey page, signed by their collector

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
