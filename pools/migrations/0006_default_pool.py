"""POOL-9: the default pool, where every customer was until pools existed (an ownership
without a pool is in it)."""

from django.db import migrations


def create(apps, schema_editor):
    Pool = apps.get_model("pools", "Pool")
    if not Pool.objects.filter(is_default=True).exists():
        Pool.objects.create(name="公共客户池", is_default=True)


class Migration(migrations.Migration):
    dependencies = [("pools", "0005_several_pools_and_rules")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
