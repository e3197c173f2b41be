"""WORK-4: every rule a page or a notice names reads as plain words in its "why" detail."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from crm.notices import all_notice_kinds
from crm.rules import rule_words

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
WHY = re.compile(r'\{% why "([^"]+)" %\}')

pytestmark = pytest.mark.rule("WORK-4")


def rules_in_templates() -> set[str]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for group in WHY.findall(path.read_text()):
            found.update(part.strip() for part in group.split(","))
    return found


def test_every_rule_a_template_names_has_words_in_both_languages():
    named = rules_in_templates() | {kind.rule for kind in all_notice_kinds().values()}
    assert len(named) > 40
    for language in ("zh-hans", "en"):
        with translation.override(language):
            unworded = sorted(rule for rule in named if not rule_words(rule))
            assert unworded == [], language


def test_the_words_are_the_readers():
    with translation.override("zh-hans"):
        assert rule_words("POOL-1") == "首问期内未成交"
    with translation.override("en"):
        assert rule_words("POOL-1") == "no confirmed deal within the first-contact period"
