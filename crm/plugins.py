"""How feature apps plug into the shared shell without the shell importing them.

An installed app may have any of these modules; the shell collects them on first use,
after the app registry is ready (like the admin's autodiscovery):

- `parameters.py`: `PARAMS`, the rule parameters an admin can change (crm/parameters.py);
- `roles.py`: `PERMISSIONS`, {role code: permissions "app_label.codename"} added to the
  roles of crm/roles.py (plain strings: the module imports nothing from crm);
- `navigation.py`: `NAV`, menu entries (crm.navigation.NavItem);
- `dashboard.py`: `PANELS`, dashboard panels (crm.dashboard.Panel);
- `staff.py`: `DEACTIVATION_BLOCKERS`, functions `(*, user) -> list[str]` saying why a
  person may not be deactivated or marked as left yet (HAND-1: what they must hand over);
  the admin's user and staff profile pages refuse while any gives a reason;
- `notices.py`: `NOTICES`, the kinds of notice the app raises (crm.notices.NoticeKind),
  each worded at read time from its stored parameters (WORK-4);
- `rules.py`: `RULE_WORDS`, {rule ID: plain words} for the rules the app enforces
  (crm/rules.py; shown by the `why` template tag);
- `demo.py`: `demo_load(*, now) -> str`, adding the app's demo data (idempotent) and
  returning a line for `load_demo` to print ("" when nothing was added).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(module: str) -> list:
    """The `module` of every installed app but crm, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        if config.name != "crm" and find_spec(name) is not None:
            found.append(import_module(name))
    return found


def from_apps(module: str, attr: str) -> list:
    """`attr` of every installed app's `module`, concatenated (absent ones skipped)."""
    found = []
    for mod in app_modules(module):
        found.extend(getattr(mod, attr, ()))
    return found
