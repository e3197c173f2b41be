"""Helpers of the telesales tests: a valid call, a prospect visited, signed and graded."""

import datetime as dt

from telesales.models import CallOutcome, Grade, ITStatus, Prospect
from telesales.services.calls import call_log
from telesales.services.prospects import (
    prospect_grade,
    prospect_update,
    prospect_visit_request,
    prospect_visit_sign,
)
from tests.conftest import CURRENT_TIME

# A telesales rep's full valid call (TEL-1), to be varied by each test.
VALID = {
    "organisation": "北京华信科技有限公司",
    "contact_surname": "王",
    "department": "行政部",
    "title": "经理",
    "phone": "01082310001",
    "headcount": 120,
    "it_status": ITStatus.PART_TIME,
    "outcome": CallOutcome.INTERESTED,
    "notes": "",
}


def log(rep, *, now: dt.datetime = CURRENT_TIME, **changes):
    """Log one call for `rep`: a valid one unless `changes` say otherwise."""
    return call_log(rep=rep, data={**VALID, **changes}, now=now)


def graded(
    *,
    owner,
    field_rep,
    grader,
    grade: str = Grade.A,
    organisation: str = "北京康泰医疗器械有限公司",
    phone: str = "01082310004",
    now: dt.datetime = CURRENT_TIME,
) -> Prospect:
    """A prospect found by `owner`, archived, visited and signed by `field_rep`, graded."""
    call = log(owner, now=now - dt.timedelta(hours=2), organisation=organisation, phone=phone)
    prospect = prospect_update(
        prospect=call.prospect,
        data={"address": "北京市海淀区中关村南大街6号", "needs": "数据备份方案"},
        by=owner,
        now=now - dt.timedelta(hours=2),
    )
    prospect_visit_request(
        prospect=prospect, field_rep=field_rep, by=owner, now=now - dt.timedelta(hours=1)
    )
    prospect_visit_sign(
        prospect=prospect,
        by=field_rep,
        visited_on=now.date(),
        note="需求属实",
        now=now - dt.timedelta(minutes=30),
    )
    return prospect_grade(prospect=prospect, grade=grade, by=grader, now=now)
