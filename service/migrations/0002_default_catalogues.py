"""The default departments cases are routed to (SVC-1) and the feedback tags (SVC-2).

Idempotent: rows are found by code (departments) or name (tags) and only missing ones are
added, so an admin's later edits are kept. The reverse leaves them: cases point at them.
"""

from django.db import migrations

# (code, zh-hans, English, order)
DEPARTMENTS = (
    ("sales", "销售部", "Sales", 10),
    ("service", "售后服务部", "After-sales service", 20),
    ("quality", "质量检测部", "Quality testing", 30),
    ("finance", "财务部", "Finance", 40),
    ("production", "生产部", "Production", 50),
)

# (zh-hans, English, order)
TAGS = (
    ("产品质量", "Product quality", 10),
    ("使用效果", "Effect", 20),
    ("价格", "Price", 30),
    ("包装", "Packaging", 40),
    ("送货", "Delivery", 50),
    ("使用指导", "Instructions and guidance", 60),
    ("服务态度", "Service attitude", 70),
    ("会销活动", "Events", 80),
    ("回访", "Follow-up visits", 90),
)


def load(apps, schema_editor):
    Department = apps.get_model("service", "Department")
    FeedbackTag = apps.get_model("service", "FeedbackTag")
    for code, name, name_en, order in DEPARTMENTS:
        if not Department.objects.filter(code=code).exists():
            Department.objects.create(code=code, name=name, name_en=name_en, order=order)
    for name, name_en, order in TAGS:
        if not FeedbackTag.objects.filter(name=name).exists():
            FeedbackTag.objects.create(name=name, name_en=name_en, order=order)


class Migration(migrations.Migration):
    dependencies = [("service", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
