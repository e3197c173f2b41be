"""Pages of performance points (PERF-1, PERF-2) and commission statements (DEAL-1, HAND-1)."""

from django.urls import path

from performance.views import commission, points

app_name = "performance"

urlpatterns = [
    path("points/", points.my_points, name="my_points"),
    path("points/record/", points.point_record, name="point_record"),
    path("points/team/", points.team_points, name="team_points"),
    path("points/events/<int:pk>/void/", points.point_void, name="point_void"),
    path(
        "points/<int:user_id>/<int:year>/<int:month>/",
        points.points_statement,
        name="points_statement",
    ),
    path("commission/", commission.my_commission, name="my_commission"),
    path("commission/all/", commission.commission_list, name="commission_list"),
    path("commission/<int:pk>/pay/", commission.commission_pay, name="commission_pay"),
    path(
        "commission/<int:user_id>/<int:year>/<int:month>/",
        commission.commission_statement,
        name="commission_statement",
    ),
]
