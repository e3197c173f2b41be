"""The pools' rule-settings page (POOL-9, POOL-10, POOL-15): admins make pools, set their
periods by tier and exclusions, preview the next nightly run's effect, and save a version."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from crm.parameters import params
from pools.forms import PoolForm, PoolRulesForm
from pools.models import Pool
from pools.periods import EXCLUSION_PARAMS, PERIOD_KEYS, Proposed, pool_rule_values
from pools.selectors import pool_rule_versions, pool_rules_preview
from pools.services import pool_rules_save, pool_save

ADMIN = "pools.change_pool"


def _next_run(now: dt.datetime) -> dt.date:
    """The day of the next nightly run (it runs just after midnight)."""
    return timezone.localdate(now) + dt.timedelta(days=1)


@require_GET
@role_required(ADMIN)
def pool_settings_list(request):
    pools = Pool.objects.select_related("department").order_by("-is_default", "name")
    return render(request, "pools/settings/list.html", {"pools": pools[:200]})


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def pool_settings_new(request):
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pool = pool_save(form=form, by=request.user, now=timezone.now())
        messages.success(request, _("The pool %(name)s was saved.") % {"name": pool.name})
        return redirect("pools:settings_edit", pk=pool.pk)
    return render(request, "pools/settings/edit.html", {"form": form, "pool": None})


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def pool_settings_edit(request, pk: int):
    pool = get_object_or_404(Pool, pk=pk)
    now = timezone.now()
    day = _next_run(now)
    action = request.POST.get("action", "")
    data = request.POST if request.method == "POST" else None
    defaults = params(*(k for _key, k in PERIOD_KEYS.values()), *EXCLUSION_PARAMS.values())
    defaults = {key.value: defaults[p] for key, p in PERIOD_KEYS.values()}
    form = PoolForm(data if action == "pool" else None, instance=pool, prefix="pool")
    rules_form = PoolRulesForm(
        data if action in {"preview", "save"} else None,
        current=pool_rule_values(pool=pool, day=day),
        defaults=defaults,
        initial={"effective_from": day},
        prefix="rules",
    )
    preview = None
    if action == "pool" and form.is_valid():
        pool_save(form=form, by=request.user, now=now)
        messages.success(request, _("The pool %(name)s was saved.") % {"name": pool.name})
        return redirect("pools:settings_edit", pk=pool.pk)
    if action in {"preview", "save"} and rules_form.is_valid():
        values = rules_form.values()
        start = rules_form.cleaned_data["effective_from"]
        if action == "preview":
            preview = pool_rules_preview(
                day=max(start, day),
                proposed=[Proposed(pool.pk, k, t, v) for (k, t), v in values.items()],
            )
        else:
            try:
                saved = pool_rules_save(
                    pool=pool, values=values, effective_from=start, by=request.user, now=now
                )
            except ValidationError as exc:
                errors_onto(rules_form, exc)
            else:
                messages.success(
                    request,
                    _("%(count)s rule values saved, in force from %(day)s.")
                    % {"count": len(saved), "day": start.isoformat()},
                )
                return redirect("pools:settings_edit", pk=pool.pk)
    return render(
        request,
        "pools/settings/edit.html",
        {
            "pool": pool,
            "form": form,
            "rules_form": rules_form,
            "preview": preview,
            "versions": pool_rule_versions(pool=pool)[:50],
            "next_run": day,
        },
    )
