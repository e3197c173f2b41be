"""The pool and handover pages, one module per area."""

from pools.urls import handover, pool

app_name = "pools"
urlpatterns = [*pool.urlpatterns, *handover.urlpatterns]
