"""The token page: a user's own API tokens, a new one (its secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.selectors import token_get_for, tokens_for
from api.services import token_create, token_revoke
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
