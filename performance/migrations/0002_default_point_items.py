"""PERF-2: the default points and fines catalogue. Admins edit it afterwards; running this
again (or on an installation that has some of the items) creates only the missing ones."""

from decimal import Decimal

from django.db import migrations

# (code, Chinese name, English name, points, fine in yuan)
DEFAULT_ITEMS = (
    ("late-30", "迟到30分钟以内", "Late up to 30 minutes", -2, "10"),
    ("late-over-30", "迟到超过30分钟（按旷工半天计）", "Late over 30 minutes (half a day's absence)", -5, "0"),
    ("absent-day", "旷工一天", "A day's absence", -10, "0"),
    ("meeting-missed", "缺席会议", "Missed meeting", -2, "0"),
    ("summary-missing", "未交周总结", "Weekly summary missing", -5, "0"),
    ("cleaning-skipped", "未做值日清洁", "Duty cleaning skipped", -5, "5"),
    ("desk-untidy", "办公桌不整洁", "Desk not tidy", -2, "0"),
    ("rude-to-customer", "对客户态度粗鲁", "Rudeness to a customer", -5, "0"),
    ("private-calls", "上班时间打私人电话", "Private calls", -10, "100"),
)


def create_items(apps, schema_editor):
    PointItem = apps.get_model("performance", "PointItem")
    for order, (code, name_zh, name_en, points, fine) in enumerate(DEFAULT_ITEMS, start=1):
        PointItem.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": name_zh,
                "name_en": name_en,
                "points": points,
                "fine": Decimal(fine),
                "active": True,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(create_items, migrations.RunPython.noop)]
