from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.dashboard import panels_for
from crm.forms import NoticeSettingsForm, SavedViewForm
from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from crm.models import SavedView
from crm.selectors import (
    notice_settings_for,
    notifications_for,
    notifications_unread_count,
    person_name,
    team_members_for,
)
from crm.services import notice_settings_save, notifications_mark_read, saved_view_delete
from crm.services import saved_view_save as saved_view_save_service

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


@require_http_methods(["GET", "POST"])
def notice_settings(request):
    """API-4: which channels each kind of notice goes through for me, in which language."""
    current = notice_settings_for(user=request.user)
    initial = {"language": current["language"] or translation.get_language()}
    form = NoticeSettingsForm(request.POST or None, current=current, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice_settings_save(
                    user=request.user,
                    language=data["language"],
                    channels={item["kind"]: data[item["kind"]] for item in current["kinds"]},
                    current=current,
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, _("Your notice settings are saved."))
                return redirect("notice_settings")
        messages.error(request, _("Nothing was saved: see the marked kinds of notice."))
    return render(
        request,
        "crm/notice_settings.html",
        {"form": form, "rows": form.rows(), "channels": current["channels"]},
        status=400 if form.errors else 200,
    )


# Saved views of lists (WORK-2) ----------------------------------------------------------


@require_POST
def saved_view_save(request):
    form = SavedViewForm(request.POST)
    back = request.POST.get("path", "")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("dashboard" if form.has_error("path") else back)
    try:
        view = saved_view_save_service(
            user=request.user,
            list_key=form.list_key,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["query"],
            shared=form.cleaned_data["shared"],
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(form.cleaned_data["path"])
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    query = f"?{view.query}" if view.query else ""
    return redirect(form.cleaned_data["path"] + query)


@require_POST
def saved_view_remove(request, pk: int):
    back = request.POST.get("path", "")
    try:
        saved_view_delete(user=request.user, pk=pk)
    except SavedView.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, _("The view was removed."))
    return redirect(back if back.startswith("/") and not back.startswith("//") else "dashboard")
