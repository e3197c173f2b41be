"""Who may open a page, the one idiom every app uses (STYLE habits 1 and 2).

- A record is reached through its app's scoped selector, `<model>_get_for(user=…, pk=…)`,
  which is `get_object_or_404(<model>_scope_for(user=…), pk=pk)`: another rep's record
  answers 404, exactly as one that does not exist, so a page never tells it is there.
- A page for some roles only says so with `@role_required(...)` on the view: 403 for
  everyone else, before the view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

Allowed = str | Callable[[object], bool]


def may(user, *allowed: Allowed) -> bool:
    """Whether `user` holds any of `allowed`: a permission ("app_label.codename") or a
    check `(user) -> bool` (e.g. pools.handover.handover_can_view)."""
    return any(
        user.has_perm(rule) if isinstance(rule, str) else rule(user=user) for rule in allowed
    )


def role_required(*allowed: Allowed):
    """A view decorator: 403 unless the signed-in user holds any of `allowed` (see `may`).
    Signing in is the login middleware's business; this only decides between roles."""
    if not allowed:
        raise ValueError("role_required needs at least one permission or check.")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not may(request.user, *allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
