"""The default follow-up schedules of VISIT-1…3, shipped by data migration as rows an
admin can change. Kept here so the migration, the demo and the tests agree."""

DEFAULT_RULES = (
    # (who, whom, days, purpose zh-hans, purpose en, rule)
    ("rep", "buyer", 3, "指导顾客使用产品", "Guide the customer on using the product", "VISIT-1"),
    ("rep", "buyer", 30, "征询顾客意见", "Ask the customer's opinion", "VISIT-1"),
    ("rep", "buyer", 60, "了解使用效果", "Learn the effect", "VISIT-1"),
    ("rep", "non_buyer", 3, "保持联系", "Stay in touch", "VISIT-2"),
    ("rep", "non_buyer", 15, "介绍产品和服务", "Introduce products and services", "VISIT-2"),
    ("doctor", "buyer", 15, "专业指导", "Professional guidance", "VISIT-3"),
    ("doctor", "buyer", 30, "了解使用效果", "Learn the effect", "VISIT-3"),
    ("doctor", "buyer", 60, "解答疑问", "Answer objections", "VISIT-3"),
)


def default_rules_ensure(visit_rule_model) -> int:
    """Add the default rules that are missing (by who, whom and days); return how many."""
    added = 0
    for visitor, audience, days, zh, en, code in DEFAULT_RULES:
        _rule, created = visit_rule_model.objects.get_or_create(
            visitor=visitor,
            audience=audience,
            days=days,
            defaults={"purpose_zh_hans": zh, "purpose_en": en, "rule_code": code},
        )
        added += created
    return added
