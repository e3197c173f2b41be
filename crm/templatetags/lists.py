"""{% load lists %}: WORK-2's pieces every list shows — sortable column headers, the capped
total, the saved views (场景) and the selection checkboxes (docs/lists.md)."""

from __future__ import annotations

from django import template

from crm.forms import SavedViewForm
from crm.lib.lists import list_query
from crm.selectors import saved_views_for
from crm.services import SHARES_VIEWS

register = template.Library()


@register.inclusion_tag("includes/lists/sort_link.html")
def sort_link(sorting, key: str, label) -> dict:
    """A column's label as a link sorting the list by it (or the other way round);
    plain text when the column is not sortable (not an indexed key)."""
    offered = sorting is not None and any(o.key == key for o in sorting.options)
    return {
        "label": label,
        "offered": offered,
        "url": sorting.link(key) if offered else "",
        "state": sorting.state(key) if offered else "",
    }


@register.inclusion_tag("includes/lists/sort_th.html")
def sort_th(sorting, key: str, label) -> dict:
    """A table header cell: `sort_link` with aria-sort on the sorted column."""
    return sort_link(sorting, key, label)


@register.inclusion_tag("includes/lists/sort_select.html")
def sort_select(sorting) -> dict:
    """The sort as a choice (phones show no table header): every option both ways."""
    return {"sorting": sorting}


@register.inclusion_tag("includes/lists/total.html")
def list_total(total) -> dict:
    """'1,234 found', or '10,000+ found' beyond the cap (crm.lib.lists.capped_total)."""
    return {"total": total}


@register.inclusion_tag("includes/lists/saved_views.html", takes_context=True)
def saved_views(context) -> dict:
    """The user's and the shared views of this list, and a form to save the current one."""
    request = context["request"]
    list_key = request.resolver_match.view_name
    current = list_query(request.GET)
    views = saved_views_for(user=request.user, list_key=list_key)
    return {
        "views": [
            {
                "view": view,
                "current": view.query == current,
                "mine": view.owner_id == request.user.pk,
            }
            for view in views
        ],
        "path": request.path,
        "current": current,
        "filtered": bool(current),
        "form": SavedViewForm(initial={"path": request.path, "query": current}),
        "may_share": request.user.has_perm(SHARES_VIEWS),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("includes/lists/select_all.html")
def select_all(form_id: str) -> dict:
    """The header checkbox choosing every row of the page for the form `form_id`."""
    return {"form_id": form_id}


@register.inclusion_tag("includes/lists/select_row.html")
def select_row(form_id: str, pk, label="", selected=()) -> dict:
    """A row's checkbox: `ids` of the form `form_id` (the bulk action's form), ticked when
    `pk` is among `selected` (a refused action keeps its selection)."""
    return {"form_id": form_id, "pk": pk, "label": label, "checked": pk in (selected or ())}
