"""The default survey template (INTAKE-1) and the Road of Love campaign (INTAKE-2).

Idempotent: running it again finds the rows it made by name (template, campaign) and by
order (questions, choices) and only fills in what is missing, so an admin's later edits
are kept. The reverse deletes them, except what filled surveys still use (their answers
point at the questions, and a survey's template and campaign are protected).
"""

from django.db import migrations

TEMPLATE = ("中老年健康调查表", "Older-person health and living survey")
CAMPAIGN = ("爱心之路", "Road of Love living-conditions census")

# (order, zh-hans, English, kind, required, choices as (zh-hans, English))
QUESTIONS = (
    (10, "出生日期", "Date of birth", "date", True, ()),
    (20, "性别", "Sex", "single", True, (("男", "Male"), ("女", "Female"))),
    (
        30,
        "居住情况",
        "Living arrangement",
        "single",
        True,
        (
            ("独居", "Lives alone"),
            ("与配偶同住", "With spouse"),
            ("与子女同住", "With children"),
            ("养老机构", "In a care home"),
            ("其他", "Other"),
        ),
    ),
    (40, "家庭同住人数", "People in the household", "number", True, ()),
    (
        50,
        "目前患有哪些慢性病？",
        "Which chronic conditions do you have?",
        "multiple",
        True,
        (
            ("高血压", "High blood pressure"),
            ("糖尿病", "Diabetes"),
            ("心脑血管疾病", "Heart or cerebrovascular disease"),
            ("关节炎或骨质疏松", "Arthritis or osteoporosis"),
            ("呼吸系统疾病", "Respiratory disease"),
            ("以上都没有", "None of these"),
        ),
    ),
    (60, "是否长期服用药物？", "Do you take medicine regularly?", "yes_no", True, ()),
    (
        70,
        "您觉得自己的身体状况如何？",
        "How would you rate your health?",
        "single",
        True,
        (("很好", "Very good"), ("较好", "Good"), ("一般", "Fair"), ("较差", "Poor")),
    ),
    (
        80,
        "您最关心的健康问题是什么？",
        "Which health concern matters most to you?",
        "text",
        True,
        (),
    ),
    (90, "每周锻炼几次？", "How many times a week do you exercise?", "number", False, ()),
    (100, "最近一次体检日期", "Date of your last health check-up", "date", False, ()),
    (
        110,
        "您平时关注哪些保健方式？",
        "Which kinds of health care interest you?",
        "multiple",
        False,
        (
            ("保健食品", "Health foods"),
            ("理疗器械", "Physiotherapy devices"),
            ("健康讲座", "Health talks"),
            ("旅游养生", "Wellness tours"),
            ("中医养生", "Traditional Chinese medicine"),
        ),
    ),
    (
        120,
        "是否愿意参加公司组织的健康讲座或联谊会？",
        "Would you like to come to our health talks or fellowship meetings?",
        "yes_no",
        True,
        (),
    ),
    (130, "其他需要说明的情况", "Anything else we should know", "text", False, ()),
)


def create(apps, schema_editor):
    SurveyTemplate = apps.get_model("customers", "SurveyTemplate")
    Question = apps.get_model("customers", "Question")
    QuestionChoice = apps.get_model("customers", "QuestionChoice")
    Campaign = apps.get_model("customers", "Campaign")

    template = SurveyTemplate.objects.filter(name=TEMPLATE[0]).first()
    if template is None:
        # Only one template may be the default: keep an admin's choice if there is one.
        has_default = SurveyTemplate.objects.filter(is_default=True).exists()
        template = SurveyTemplate.objects.create(
            name=TEMPLATE[0], name_en=TEMPLATE[1], is_default=not has_default, is_active=True
        )
    for order, text, text_en, kind, required, choices in QUESTIONS:
        question, created = Question.objects.get_or_create(
            template=template,
            order=order,
            defaults={"text": text, "text_en": text_en, "kind": kind, "required": required},
        )
        if not created:
            continue
        for position, (label_zh, label_en) in enumerate(choices, start=1):
            QuestionChoice.objects.create(
                question=question, order=position * 10, label_zh=label_zh, label_en=label_en
            )
    Campaign.objects.get_or_create(
        name=CAMPAIGN[0], defaults={"name_en": CAMPAIGN[1], "is_active": True}
    )


def delete(apps, schema_editor):
    SurveyTemplate = apps.get_model("customers", "SurveyTemplate")
    Question = apps.get_model("customers", "Question")
    Campaign = apps.get_model("customers", "Campaign")
    Survey = apps.get_model("customers", "Survey")

    Campaign.objects.filter(name=CAMPAIGN[0]).exclude(
        pk__in=Survey.objects.filter(campaign__isnull=False).values("campaign_id")
    ).delete()
    template = SurveyTemplate.objects.filter(name=TEMPLATE[0]).first()
    if template is None:
        return
    if Survey.objects.filter(template=template).exists():
        return  # filled surveys keep their questions: nothing of theirs is deleted
    Question.objects.filter(template=template).delete()  # choices go with their question
    template.delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_search_indexes")]

    operations = [migrations.RunPython(create, delete)]
