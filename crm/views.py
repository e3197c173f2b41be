from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from crm.dashboard import panels_for
from crm.lib.scoping import role_required
from crm.selectors import (
    notifications_for,
    notifications_unread_count,
    person_name,
    team_members_for,
)
from crm.services import notifications_mark_read

TEAM_PAGE_SIZE = 25


@require_GET
def dashboard(request):
    now = timezone.now()
    return render(
        request,
        "crm/dashboard.html",
        {
            "today": timezone.localdate(now),
            "hour": timezone.localtime(now).hour,
            "panels": panels_for(user=request.user, now=now),
        },
    )


@require_GET
@role_required("crm.view_team_members")
def team_list(request):
    page = Paginator(team_members_for(user=request.user), TEAM_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"profile": p, "name": person_name(p.user)} for p in page.object_list]
    return render(request, "crm/team_list.html", {"page": page, "rows": rows})


@login_not_required
@require_GET
def healthz(request):
    """For a load balancer: answers 200 while the process can serve requests."""
    return HttpResponse("ok", content_type="text/plain")


NOTIFICATION_PAGE_SIZE = 30


@require_GET
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), NOTIFICATION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread = notifications_unread_count(user=request.user)
    return render(request, "crm/notification_list.html", {"page": page, "unread": unread})


@require_GET
def notification_count(request):
    """The unread badge, fetched after the page (htmx) so no page pays for the count."""
    unread = notifications_unread_count(user=request.user)
    return render(request, "crm/notification_count.html", {"unread": unread})


@require_POST
def notifications_read(request):
    notifications_mark_read(user=request.user, now=timezone.now())
    return redirect("notification_list")
