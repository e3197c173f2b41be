"""Demo customers, surveys, an event with its archive cards, and a sealed-read request.

Built through the same services the pages use, with dates relative to today so the demo
always looks current: surveys waiting for assignment, one sealed survey with a pending
access request, cards to fill, cards in a doctor's custody, and one card checked out
yesterday and not returned (overdue). Loaded once: a second run finds the first demo
customer and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from crm.models import Region
from customers.models import (
    ArchiveCard,
    CardStatus,
    Customer,
    CustomerKind,
    EventKind,
    InformationSource,
    QuestionKind,
    SurveyTemplate,
)
from customers.selectors.surveys import campaigns_active, survey_template_default
from customers.services.cards import (
    attendance_add,
    card_check_out,
    card_save,
    cards_hand_over,
    event_create,
)
from customers.services.customers import contact_create, customer_create
from customers.services.sealing import access_request_create
from customers.services.surveys import survey_assign, survey_submit

FIRST_DEMO_PHONE = "13900000001"
DESCRIPTIONS = ("退休工人，子女在外地。", "退休教师，关注健康养生。")

# (name, region code, source, owner username or None for the pool)
PEOPLE = (
    ("王秀英", "beijing-chaoyang", InformationSource.EVENT, "rep"),
    ("李桂兰", "beijing-chaoyang", InformationSource.REFERRAL, "rep"),
    ("张玉珍", "beijing-chaoyang", InformationSource.MEDIA, "rep"),
    ("刘凤英", "beijing-chaoyang", InformationSource.PERSONAL, "rep"),
    ("陈淑珍", "beijing-chaoyang", InformationSource.EVENT, "rep"),
    ("杨建国", "beijing-chaoyang", InformationSource.TELESALES, "rep"),
    ("赵德明", "beijing-haidian", InformationSource.ASSOCIATION, "rep2"),
    ("黄丽华", "beijing-haidian", InformationSource.EVENT, "rep2"),
    ("周志强", "beijing-haidian", InformationSource.REFERRAL, "rep2"),
    ("吴秀兰", "beijing-chaoyang", InformationSource.MEDIA, None),
    ("徐国华", "beijing-haidian", InformationSource.AGENCY, None),
    ("孙淑英", "shanghai-pudong", InformationSource.EVENT, None),
    ("马玉兰", "beijing-chaoyang", InformationSource.PERSONAL, None),
    ("朱建华", "beijing-haidian", InformationSource.TELESALES, None),
)

# A new first contact the rep collects on a survey (waiting in the manager's queue).
SURVEYED = (
    ("胡桂英", "13900000101", "beijing-chaoyang"),
    ("郭振华", "13900000102", "beijing-haidian"),
    ("林秀珍", "13900000103", "beijing-chaoyang"),
)


# Answers a real older customer would give, by a word of the question (default template).
DEMO_TEXTS = (
    ("关心", ("血压和睡眠", "关节疼痛", "血糖控制")),
    ("说明", ("无", "子女在外地工作", "行动稍有不便")),
)
DEMO_NUMBERS = (("同住", (2, 1, 3)), ("锻炼", (3, 5, 2)))


def _by_word(question, table, n: int, default):
    for word, values in table:
        if word in question.text:
            return values[n % len(values)]
    return default


def _demo_answer(question, *, n: int):
    """A sensible answer: a household of 1–3, exercise a few times a week, a birth date in
    the 1950s, one choice where one fits."""
    choices = list(question.choices.all())
    if question.kind == QuestionKind.TEXT:
        return _by_word(question, DEMO_TEXTS, n, "身体状况良好，平时喜欢散步。")
    if question.kind == QuestionKind.NUMBER:
        return _by_word(question, DEMO_NUMBERS, n, 1 + n % 3)
    if question.kind == QuestionKind.DATE:
        return f"195{n % 10}-0{n % 9 + 1}-1{n % 10}"
    if question.kind == QuestionKind.YES_NO:
        return n % 2 == 0
    if question.kind == QuestionKind.SINGLE:
        return choices[n % len(choices)].pk if choices else None
    # Several choices, but never "none of the above" beside another one.
    return [c.pk for c in choices[:2] if "没有" not in c.label_zh][:2] or [choices[0].pk]


@transaction.atomic
def demo_customers_load(*, now: dt.datetime | None = None) -> bool:
    """Load the demo customers and their paperwork; False when they are already there."""
    if Customer.objects.filter(phone=FIRST_DEMO_PHONE).exists():
        return False
    now = now or timezone.now()
    today = timezone.localdate(now)
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    regions = {r.code: r for r in Region.objects.all()}
    rep, manager, doctor = users["rep"], users["manager"], users["doctor"]

    customers = []
    for n, (name, region, source, owner) in enumerate(PEOPLE, start=1):
        customers.append(
            customer_create(
                data={
                    "kind": CustomerKind.PERSON,
                    "name": name,
                    "phone": f"139000000{n:02d}",
                    "region": regions[region],
                    "address": f"{regions[region].name}幸福路{n}号",
                    "source": source,
                    "is_key_customer": n % 5 == 0,
                    "description": "退休教师，关注健康养生。"
                    if n % 2
                    else "退休工人，子女在外地。",
                },
                by=users[owner] if owner else manager,
                now=now - dt.timedelta(days=40 - n),
                owner=users[owner] if owner else None,
            )
        )
    company = customer_create(
        data={
            "kind": CustomerKind.ORGANISATION,
            "name": "康泰养老服务有限公司",
            "organisation": "康泰养老服务有限公司",
            "phone": "01065550100",
            "region": regions["beijing-chaoyang"],
            "address": "北京市朝阳区建国路88号",
            "source": InformationSource.PARTNER,
            "is_key_customer": True,
            "business_status": "经营稳定，旗下三家养老社区。",
            "economic_strength": "较强",
        },
        by=rep,
        now=now - dt.timedelta(days=20),
        owner=rep,
    )
    contact_create(
        customer=company,
        data={"name": "何经理", "title": "采购部 经理", "phone": "13900000200"},
        by=rep,
    )

    # Surveys: three new first contacts waiting for the manager; one assigned and sealed.
    template = survey_template_default() or SurveyTemplate.objects.first()
    campaign = campaigns_active().first()
    surveys = []
    if template is not None:
        questions = list(template.questions.all())
        for n, (name, phone, region) in enumerate(SURVEYED, start=1):
            surveys.append(
                survey_submit(
                    collector=rep,
                    template=template,
                    campaign=campaign,
                    answers={q.pk: _demo_answer(q, n=n) for q in questions},
                    now=now - dt.timedelta(days=n),
                    new_customer={
                        "kind": CustomerKind.PERSON,
                        "name": name,
                        "phone": phone,
                        "region": regions[region],
                        "source": InformationSource.EVENT,
                    },
                    filled_on_behalf=n == 2,
                    paper_serial=f"AX-2026-{n:04d}",
                )
            )
        sealed = survey_assign(
            survey=surveys[-1], assignee=rep, by=manager, now=now - dt.timedelta(hours=20)
        )
        access_request_create(
            user=rep,
            survey=sealed,
            reason="客户来电询问当时填写的健康情况，需要核对原始调查表。",
            now=now - dt.timedelta(hours=2),
        )

    # An event three days ago: cards for buyers and non-buyers in every state.
    event = event_create(
        by=users["supervisor"],
        kind=EventKind.FELLOWSHIP,
        name="健康养生联谊会",
        held_on=today - dt.timedelta(days=3),
        location="朝阳区社区活动中心",
    )
    held = timezone.make_aware(dt.datetime.combine(event.held_on, dt.time(15)))
    cards = [
        attendance_add(
            event=event, customer=c, rep=rep, bought=i % 2 == 0, by=users["supervisor"], now=held
        ).card
        for i, c in enumerate(customers[:5])
    ]
    filled = {
        "health_condition": "血压偏高，睡眠一般。",
        "family_situation": "与老伴同住，女儿每周探望。",
        "interests": "保健食品、按摩器材。",
        "event_feedback": "对讲座很满意，希望多参加活动。",
        "purchase": "保健礼盒两套，共 ¥3,600.00。",
        "next_step": "三天内电话回访，指导使用。",
    }
    for card in cards[:4]:
        values = filled if card.buyer else {k: v for k, v in filled.items() if k != "purchase"}
        card_save(card=card, by=rep, values=values, submit=True, now=held + dt.timedelta(hours=2))
    cards_hand_over(
        card_ids=[c.pk for c in cards[:3]],
        doctor=doctor,
        by=manager,
        now=held + dt.timedelta(days=1),
    )
    lent = ArchiveCard.objects.get(pk=cards[0].pk)
    if lent.status == CardStatus.IN_CUSTODY:
        card_check_out(
            card=lent,
            holder=rep,
            by=doctor,
            now=now - dt.timedelta(days=1),
            purpose="上门回访，指导产品使用",
        )
    return True


def demo_load(*, now: dt.datetime) -> str:
    """The plug-in `load_demo` calls (crm/plugins.py): the app's demo data, and its line."""
    if demo_customers_load(now=now):
        return "Demo customers, surveys, an event and its archive cards loaded."
    return ""
