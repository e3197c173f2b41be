from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        """API-2: the feature apps' signals become webhook events (api/receivers.py)."""
        from api import receivers  # deferred: needs the app registry
        from deals.signals import payment_confirmed  # deferred: needs the app registry
        from pools.signals import customers_claimed, customers_pooled  # deferred: idem
        from visits.signals import visits_overdue  # deferred: needs the app registry

        customers_pooled.connect(receivers.on_customers_pooled, dispatch_uid="api-pooled")
        customers_claimed.connect(receivers.on_customers_claimed, dispatch_uid="api-claimed")
        payment_confirmed.connect(receivers.on_payment_confirmed, dispatch_uid="api-payment")
        visits_overdue.connect(receivers.on_visits_overdue, dispatch_uid="api-overdue")
