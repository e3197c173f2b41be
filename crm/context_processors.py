from django.conf import settings

from crm.navigation import bottom_bar_for, nav_for, nav_groups
from crm.roles import role_label
from crm.selectors import person_name, user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"brand": settings.CRM_BRAND}
    items = nav_for(user=user, path=request.path_info)
    return {
        "brand": settings.CRM_BRAND,
        "nav_items": items,
        "nav_groups": nav_groups(items),
        "bottom_bar": bottom_bar_for(user=user, path=request.path_info),
        "me_name": person_name(user),
        "me_roles": [role_label(code) for code in user_roles(user=user)],
    }
