"""What the sign-in and security part keeps beside django-axes' login log: who downloaded
which customer document, when, from where (issue 13, item 7)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentDownload(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    # The document's app and id (a document deleted later keeps its log row).
    document = models.CharField(_("document"), max_length=100)
    name = models.CharField(_("file name"), max_length=255)
    customer_id = models.BigIntegerField(_("customer id"), null=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True)
    at = models.DateTimeField(_("downloaded at"))

    class Meta:
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["-at", "-id"], name="docdownload_at_idx")]
        permissions = [
            ("log_in_with_second_factor", _("Logs in with a second factor (SEC-5)")),
        ]

    def __str__(self) -> str:
        return f"{self.username}: {self.name}"
