"""Give the roles the visit permissions (visits/roles.py).

Now empty: `migrate` syncs the role groups with crm/roles.py once, after every run
(post_migrate, crm/apps.py), so this step no longer runs sync_roles here, and depends on
nothing outside its app. Kept so databases that applied it stay consistent.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_default_visit_rules"),
    ]

    operations = []
