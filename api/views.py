"""The token page: a user's own API tokens, a new one (its secret shown once), revoke.
The calendar feed page (make, reset, revoke the feed URL) and the feed itself (API-3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api.forms import TokenForm
from api.ical import feed_calendar
from api.selectors import (
    FEED_DAYS_AHEAD,
    FEED_DAYS_BACK,
    FEED_MAX_EVENTS,
    calendar_feed_for,
    calendar_feed_tasks,
    token_get_for,
    tokens_for,
)
from api.services import (
    calendar_feed_authenticate,
    calendar_feed_issue,
    calendar_feed_revoke,
    token_create,
    token_revoke,
)
from crm.lib.forms import errors_onto
from crm.parameters import param

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
def token_list(request):
    now = timezone.now()
    form = TokenForm(request.POST or None, initial={"days": param("api.token_days")})
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = token_create(
                user=request.user,
                now=now,
                days=form.cleaned_data["days"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            form = TokenForm(initial={"days": param("api.token_days")})
    page = Paginator(tokens_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "page": page,
            "rows": [{"token": t, "live": t.is_active_at(now)} for t in page.object_list],
            "api_base": request.build_absolute_uri("/api/"),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


@require_POST
def token_revoke_view(request, pk: int):
    token = token_get_for(user=request.user, pk=pk)
    token_revoke(token=token, by=request.user, now=timezone.now())
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("api_tokens:token_list")


# API-3: the calendar feed -----------------------------------------------------------------


def _feed_urls(request, secret: str) -> dict:
    https = request.build_absolute_uri(reverse("calendar_feed_ics", args=[secret]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@require_http_methods(["GET", "POST"])
def calendar_feed_page(request):
    """Make or reset the feed (its URL shown this once), or see that it is live."""
    urls = None
    if request.method == "POST":
        had = calendar_feed_for(user=request.user)
        _feed, secret = calendar_feed_issue(
            user=request.user, now=timezone.now(), language=get_language()
        )
        urls = _feed_urls(request, secret)
        if had is not None and had.is_live:
            messages.success(request, _("The old calendar address no longer works."))
    return render(
        request,
        "api/calendar_feed.html",
        {
            "feed": calendar_feed_for(user=request.user),
            "urls": urls,
            "days_back": FEED_DAYS_BACK,
            "days_ahead": FEED_DAYS_AHEAD,
            "max_events": FEED_MAX_EVENTS,
        },
    )


@require_POST
def calendar_feed_revoke_view(request):
    if calendar_feed_revoke(user=request.user, now=timezone.now()):
        messages.success(request, _("Your calendar feed is off; its address no longer works."))
    return redirect("calendar_feed")


@login_not_required
@require_GET
def calendar_feed_ics(request, secret: str):
    """The feed: no login, the secret in the address is the credential; unknown or revoked
    answers 404 (the same answer, so a guess learns nothing)."""
    now = timezone.now()
    feed = calendar_feed_authenticate(secret=secret, now=now)
    if feed is None:
        raise Http404
    tasks = calendar_feed_tasks(user=feed.user, today=timezone.localdate(now))
    body = feed_calendar(
        tasks=tasks,
        language=feed.language,
        now=now,
        url_for=lambda task: request.build_absolute_uri(
            reverse("customers:customer_detail", args=[task.customer_id])
        ),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
