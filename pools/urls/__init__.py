"""The pool and handover pages, one module per area."""

from pools.urls import handover, owners, pool

app_name = "pools"
urlpatterns = [*pool.urlpatterns, *handover.urlpatterns, *owners.urlpatterns]
