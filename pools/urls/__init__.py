"""The pool and handover pages, one module per area."""

from pools.urls import handover, owners, pool, settings

app_name = "pools"
urlpatterns = [*pool.urlpatterns, *settings.urlpatterns, *handover.urlpatterns, *owners.urlpatterns]
