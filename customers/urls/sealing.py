from django.urls import path

from customers.views import sealing

urlpatterns = [
    path("sealed/", sealing.sealed_list, name="sealed_list"),
    path("sealed/<int:pk>/", sealing.sealed_detail, name="sealed_detail"),
    path("sealed/<int:pk>/read/", sealing.sealed_read, name="sealed_read"),
    path("access/", sealing.access_list, name="access_list"),
    path("access/new/", sealing.access_new, name="access_new"),
    path("access/pending/", sealing.access_pending, name="access_pending"),
    path("access/<int:pk>/decide/", sealing.access_decide, name="access_decide"),
    path("access/log/", sealing.read_log, name="read_log"),
]
