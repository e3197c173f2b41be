"""Catalogues an admin edits: the departments cases are routed to, and the feedback tags.

Defaults ship in migration 0002; an admin adds, renames or retires rows (never deletes a
row that cases or feedback point at: `is_active` retires it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def in_language(zh: str, en: str) -> str:
    """Admin-edited names are kept in zh-hans and English; English falls back to Chinese."""
    language = (get_language() or "zh-hans").lower()
    return en if language.startswith("en") and en else zh


class Department(models.Model):
    """SVC-1: where a case goes when it cannot be answered on the spot."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="service_departments",
        help_text=_("They see the department's queue and answer or route its cases."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Cases can be routed only to active departments.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return in_language(self.name, self.name_en)


class FeedbackTag(models.Model):
    """SVC-2: what a piece of feedback is about (quality, price, service attitude...)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name in English"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("feedback tag")
        verbose_name_plural = _("feedback tags")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return in_language(self.name, self.name_en)
