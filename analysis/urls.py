from django.urls import path

from analysis import views

app_name = "analysis"

urlpatterns = [
    path("analysis/", views.overview, name="overview"),
    path("analysis/refresh/", views.refresh, name="refresh"),
    path("analysis/briefing/", views.briefing, name="briefing"),
    path("analysis/<slug:key>/", views.page, name="page"),
    path("analysis/<slug:key>/xlsx/", views.download, name="download"),
]
