"""Mechanisms every app uses, one module per concept (STYLE habit 17): search here for a
helper's twin before writing one.

- `crm.lib.dates`: month arithmetic (`add_months`, `month_start`, `month_end`);
- `crm.lib.sql`: set-based `insert_select` (INSERT … SELECT, optionally ON CONFLICT DO
  NOTHING) on SQLite and PostgreSQL;
- `crm.lib.forms`: `errors_onto`, a service's ValidationError shown on its form(s);
- `crm.lib.scoping`: `get_for` (a scoped lookup that answers 404) and `role_required`;
- `crm.lib.paging`: keyset pages (`keyset_page`) seeking by a row comparison on the
  index's own columns.
"""
