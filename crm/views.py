from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from crm.dashboard import panels_for
from crm.selectors import person_name, team_members_for

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
@permission_required("crm.view_team_members", raise_exception=True)
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
