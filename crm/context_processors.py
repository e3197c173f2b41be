from django.conf import settings
from django.urls import Resolver404, resolve

from crm.navigation import nav_for
from crm.roles import role_label
from crm.selectors import person_name, user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"brand": settings.CRM_BRAND}
    try:
        current = getattr(resolve(request.path_info), "url_name", None)
    except Resolver404:
        current = None
    section = {"team_list": "team"}.get(current, current)
    return {
        "brand": settings.CRM_BRAND,
        "nav_items": nav_for(user=user, current=section),
        "me_name": person_name(user),
        "me_roles": [role_label(code) for code in user_roles(user=user)],
    }
