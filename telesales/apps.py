from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelesalesConfig(AppConfig):
    name = "telesales"
    verbose_name = _("Telesales")
