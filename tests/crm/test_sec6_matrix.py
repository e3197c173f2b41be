"""SEC-6: no oracle, no leak — a matrix generated from the URL resolver.

Every pattern that takes a record id is requested, GET and POST, as every role, once with
a record outside the role's scope (the outsider's, see security_world.py) and once with an
id that does not exist. The two answers must be the same (status, and where a redirect
goes); a 2xx or 3xx for both must not show the outsider's names. Where a role's scope does
reach the outsider's record (REACH, each with its reason) the record may answer, but the
missing id must still be a plain 403/404 and nothing may answer 500.

The API (API-1, everything under /api/) is in the same matrix: its endpoints are called
with the role's own personal token (`Authorization: Bearer …`, made for each role user in
security_world.py) instead of the session, and a POST sends a JSON body: `{}`, or for an
endpoint whose schema requires fields a body that passes the schema (API_BODIES), so that
the call reaches the record's lookup. For an API POST the missing id may also be refused
with 400/422 (the body checked before any lookup), as long as the foreign id answers the
same. REACH names the page an endpoint does the work of (API_PAGE): a role reaches the
outsider's record through the API exactly where it reaches it through that page.

A new id-taking pattern fails the test until IDS below says which record it takes.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.crm.security_world import MISSING, ROLE_USERS, world_fixture

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-6")]

world = pytest.fixture(scope="module")(world_fixture)


def id_patterns() -> list[tuple[str, str, list[str]]]:
    """(route, url name, its kwargs) of every pattern outside the admin taking a value."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue  # Django admin: the access helper's matrix (issue 13, item 5)
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.pattern.converters:
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((prefix + str(p.pattern), name, list(p.pattern.converters)))

    walk(get_resolver().url_patterns, "", None)
    return found


def _month(today):
    return f"{today:%Y-%m}"


# Which of the outsider's records each pattern's ids take (keys of World.ids), or a value
# for a part that is not an id (a month, a day, a step). Only int ids are varied.
IDS: dict[str, dict[str, str]] = {
    "saved_view_remove": {"pk": "saved_view"},  # WORK-2: only its owner removes a view
    "accounts:lock_release": {"pk": "lock"},
    "customers:customer_detail": {"pk": "customer"},
    "customers:customer_edit": {"pk": "customer"},
    "customers:customer_contact_new": {"pk": "customer"},
    "customers:customer_contact_edit": {"pk": "customer", "contact_pk": "contact"},
    "customers:customer_contact_remove": {"pk": "customer", "contact_pk": "contact"},
    "customers:customer_document_new": {"pk": "customer"},
    "customers:customer_document_download": {"pk": "customer", "document_pk": "document"},
    "customers:survey_assign": {"pk": "survey"},
    "customers:sealed_detail": {"pk": "survey"},
    "customers:sealed_read": {"pk": "survey"},
    "customers:access_decide": {"pk": "access"},
    "customers:event_detail": {"pk": "event"},
    "customers:event_edit": {"pk": "event"},
    "customers:event_attend": {"pk": "event"},
    "customers:card_detail": {"pk": "card"},
    "customers:card_fill": {"pk": "card"},
    "customers:card_check_out": {"pk": "card"},
    "customers:checkout_return": {"pk": "checkout"},
    "customers:card_incident_new": {"pk": "card"},
    "customers:incident_fine": {"pk": "incident"},
    "customers:incident_restored": {"pk": "incident"},
    "customers:staff_cards": {"user_id": "rep2"},
    "customers:import_detail": {"pk": "job"},
    "customers:import_progress": {"pk": "job"},
    "customers:import_errors": {"pk": "job"},
    "pools:release_note": {"pk": "note"},
    "pools:claim": {"pk": "customer"},
    "pools:release": {"pk": "customer"},
    "pools:refer": {"pk": "customer"},
    # POOL-9: a customer of a pool the role is not a member of (nor an admin of) is missing.
    "pools:move": {"pk": "pool_customer"},
    "pools:reveal": {"pk": "pool_customer"},
    "pools:protect": {"pk": "customer"},
    "pools:unprotect": {"pk": "customer"},
    "pools:ruling": {"pk": "ruling"},
    "pools:settings_edit": {"pk": "pool"},
    "pools:handover_detail": {"user_id": "rep2"},
    "pools:handover_leaving": {"user_id": "rep2"},
    "pools:handover_left": {"user_id": "rep2"},
    "pools:handover_redistribute": {"user_id": "rep2"},
    "pools:handover_cards_move": {"user_id": "rep2"},
    "pools:handover_transfer": {"customer_id": "customer"},
    "deals:deal_detail": {"pk": "deal"},
    "deals:deal_cancel": {"pk": "deal"},
    "deals:payment_new": {"pk": "deal"},
    "deals:payment_confirm": {"pk": "payment"},
    "deals:payment_refund": {"pk": "payment"},
    "deals:payment_cancel": {"pk": "payment"},
    "deals:credit_override": {"customer_pk": "customer"},
    "deals:credit_review_new": {"customer_pk": "customer"},
    "visits:task_log": {"pk": "task"},
    "visits:customer_log": {"pk": "customer"},
    "visits:customer_plan": {"pk": "customer"},
    "visits:customer_panel": {"pk": "customer"},
    "visits:customer_records": {"pk": "customer"},
    "visits:record_detail": {"pk": "record"},
    "visits:record_correct": {"pk": "record"},
    "visits:board_person": {"pk": "rep2"},
    "planning:target_set": {"user_id": "rep2", "month": "=month"},
    "planning:plan_detail": {"pk": "plan"},
    "planning:plan_entry_add": {"pk": "plan"},
    "planning:plan_entry_edit": {"pk": "plan", "entry_pk": "entry"},
    "planning:plan_entry_remove": {"pk": "plan", "entry_pk": "entry"},
    "planning:plan_fill": {"pk": "plan"},
    "planning:plan_submit": {"pk": "plan"},
    "planning:plan_decide": {"pk": "plan"},
    "planning:report_detail": {"pk": "weekly"},
    "planning:report_review": {"pk": "weekly"},
    "planning:daily_detail": {"pk": "daily"},
    "planning:daily_review": {"pk": "daily"},
    "service:case_detail": {"pk": "case"},
    "service:case_answer": {"pk": "case"},
    "service:case_route": {"pk": "case"},
    "service:complaint_new": {"case_pk": "case"},
    "service:complaint_detail": {"pk": "complaint"},
    "service:complaint_step": {"pk": "complaint", "step": "=verify"},
    "service:report_detail": {"pk": "report"},
    "telesales:prospect_detail": {"pk": "prospect"},
    "telesales:prospect_edit": {"pk": "prospect"},
    "telesales:prospect_visit": {"pk": "prospect"},
    "telesales:prospect_sign": {"pk": "prospect"},
    "telesales:prospect_grade": {"pk": "prospect"},
    "telesales:prospect_convert": {"pk": "prospect"},
    "telesales:report_day": {"user_id": "telesales2", "day": "=day"},
    "telesales:plan_edit": {"user_id": "telesales2", "week": "=monday"},
    "telesales:plan_review": {"user_id": "telesales2", "week": "=monday"},
    "telesales:pay_statement": {"user_id": "telesales2", "month": "=first"},
    "telesales:pay_calls": {"user_id": "telesales2", "month": "=first"},
    "performance:point_void": {"pk": "point"},
    "performance:points_statement": {"user_id": "rep2", "year": "=year", "month": "=month_int"},
    "performance:commission_pay": {"pk": "statement"},
    "performance:commission_statement": {
        "user_id": "rep2",
        "year": "=year",
        "month": "=month_int",
    },
    # API-1: another user's token answers a revoke as a missing one.
    "api_tokens:token_revoke": {"pk": "token"},
    # The API (API-1), called with the role's own token.
    "api:customers_detail": {"customer_id": "customer"},
    # POOL-9: an ownerless customer of a pool the role is not a member of.
    "api:pool_claim_endpoint": {"customer_id": "pool_customer"},
    "api:pool_release_endpoint": {"customer_id": "customer"},
    "api:visit_task_log": {"task_id": "task"},
    "api:deals_detail": {"deal_id": "deal"},
    "api:payments_create": {"deal_id": "deal"},
    "api:payments_confirm": {"payment_id": "payment"},
}

# The page each API endpoint does the work of: REACH, by page, holds for the endpoint too.
API_PAGE = {
    "api:customers_detail": "customers:customer_detail",
    "api:pool_claim_endpoint": "pools:claim",
    "api:pool_release_endpoint": "pools:release",
    "api:visit_task_log": "visits:task_log",
    "api:deals_detail": "deals:deal_detail",
    "api:payments_create": "deals:payment_new",
    "api:payments_confirm": "deals:payment_confirm",
}

API_PREFIX = "/api/"


def _api_bodies() -> dict[str, dict]:
    """A body each POST endpoint's schema accepts (the forms behind may still refuse it)."""
    now = timezone.localtime().replace(microsecond=0)
    return {
        "api:pool_release_endpoint": {
            "status": "不再联系",
            "contact_details": "电话已停机",
            "progress": "无进展",
        },
        "api:visit_task_log": {
            "method": "phone",
            "visited_at": now.isoformat(),
            "met_whom": "本人",
            "discussed": "产品使用",
            "next_step": "下周回访",
        },
        "api:payments_create": {
            "amount": "1.00",
            "received_on": now.date().isoformat(),
            "method": "transfer",
        },
    }


# Patterns whose only parts are not record ids (a week, a day, a report's key): the user's
# own page for that period, or a report of the user's scope; there is no other record to
# compare with. The crawl tests and the fuzz request them.
NOT_IDS = {
    "planning:plan_week",
    "planning:report_week",
    "planning:daily_day",
    "analysis:page",
    "analysis:download",
    # API-3: the calendar feed takes its secret, not a record id; it needs no login, so every
    # user gets the same 404 for a wrong one (tests/api/test_calendar_feed.py).
    "calendar_feed_ics",
}

ALL = "*"
# Where a role's scope reaches the outsider's records (RULES.md, Roles and SEAL-2), by url
# name or app namespace ("deals:*"). Everything else must answer as a missing id.
REACH: dict[str, set[str]] = {
    "rep": set(),
    "telesales": set(),
    "supervisor": {
        # Company events are the company's, not a team's (CARD-1): every organiser sees them.
        "customers:event_detail",
        "customers:event_edit",
        "customers:event_attend",
    },
    "sales_manager": {ALL},  # the sales department: every customer, rep, card and plan
    "service_doctor": {
        # VISIT-7: the doctor supervises every rep's visits day by day: reads their records
        # and each rep's board (correcting one stays its author's, 403).
        "visits:record_detail",
        "visits:record_correct",
        "visits:board_person",
    },
    "service_manager": {
        # Custodian of every sealed survey (INTAKE-6) and of the service cases (SVC-1).
        "customers:sealed_detail",
        "customers:sealed_read",  # they hold it, so it exists for them; reading is 403
        "service:*",
    },
    "finance": {
        "deals:*",
        "performance:*",
        "telesales:pay_statement",
        "telesales:pay_calls",
        # SVC-3: finance issues the compensation note of a product complaint.
        "service:complaint_detail",
        "service:complaint_step",
    },
    "general_manager": {ALL},  # approvals and all reports: reads everything
    "admin": {ALL},  # a superuser
}


def reaches(role: str, name: str) -> bool:
    name = API_PAGE.get(name, name)
    allowed = REACH[role]
    return ALL in allowed or name in allowed or f"{name.split(':')[0]}:*" in allowed


def kwargs_for(name: str, converters: list[str], ids: dict, *, missing: bool) -> dict:
    today = timezone.localdate()
    values = {
        "month": _month(today),
        "day": today,
        "monday": today - timezone.timedelta(days=today.weekday()),
        "first": today.replace(day=1),
        "verify": "verify",
        "year": today.year,
        "month_int": today.month,
    }
    spec = IDS[name]
    assert set(spec) == set(converters), f"{name}: IDS names {set(spec)}, route {converters}"
    out = {}
    for kwarg, key in spec.items():
        if key.startswith("="):
            out[kwarg] = values[key[1:]]
        else:
            out[kwarg] = MISSING if missing else ids[key]
    return out


_ID_RE = re.compile(r"\d+")


def _answer(response) -> tuple:
    """What a user can tell from an answer: its status and where a redirect goes."""
    location = response.headers.get("Location", "")
    return response.status_code, _ID_RE.sub("N", location)


def test_every_id_taking_pattern_is_in_the_matrix():
    names = {name for _, name, _ in id_patterns()}
    assert names - set(IDS) - NOT_IDS == set(), "say which record the new pattern takes"
    assert set(IDS) - names == set(), "a pattern named in IDS is gone"
    assert set(API_PAGE) <= set(IDS), "API_PAGE names an endpoint the matrix does not call"
    assert set(API_PAGE.values()) <= names, "API_PAGE names a page that is gone"


def _request(client: Client, method: str, url: str, body: dict | None = None):
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif url.startswith(API_PREFIX):
            response = client.post(url, body or {}, content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)  # what a request changed does not reach the next
    return response


def _api_client(world, role: str) -> Client:
    """No session: the role's own personal token, as a script would call the API."""
    return Client(
        raise_request_exception=False,
        HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}",
    )


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_out_of_scope_answers_as_missing(world, role):
    session = Client(raise_request_exception=False)
    session.force_login(world.users[role])
    api_client, bodies = _api_client(world, role), _api_bodies()
    problems, requests = [], 0
    for _route, name, converters in id_patterns():
        if name in NOT_IDS:
            continue
        foreign_url = reverse(name, kwargs=kwargs_for(name, converters, world.ids, missing=False))
        missing_url = reverse(name, kwargs=kwargs_for(name, converters, world.ids, missing=True))
        is_api = foreign_url.startswith(API_PREFIX)
        client, body = (api_client, bodies.get(name)) if is_api else (session, None)
        refusals = (400, 403, 404, 405, 422) if is_api else (403, 404, 405)
        reached = reaches(role, name)
        for method in ("GET", "POST"):
            missing = _request(client, method, missing_url, body)
            # A page the role may open is opened, and checked for 500s, by the SEC-7 fuzz
            # (same role, same record): here only what a write or a missing id answers.
            skip = reached and method == "GET"
            foreign = missing if skip else _request(client, method, foreign_url, body)
            requests += 1 if skip else 2
            where = f"{role} {method} {foreign_url}"
            if foreign.status_code >= 500 or missing.status_code >= 500:
                problems.append(
                    f"{where}: server error {foreign.status_code}/{missing.status_code}"
                )
                continue
            if missing.status_code not in refusals:
                problems.append(f"{where}: a missing id answers {missing.status_code}")
            if reached:
                continue
            if _answer(foreign) != _answer(missing):
                problems.append(f"{where}: {_answer(foreign)} where missing is {_answer(missing)}")
            elif foreign.status_code < 400:
                body = foreign.content.decode(errors="replace")
                shown = [s for s in world.secrets if s in body]
                if shown:
                    problems.append(f"{where}: shows {shown}")
    print(f"SEC-6 matrix, {role}: {len(IDS)} patterns, {requests} requests")
    assert not problems, f"{len(problems)} of {requests} requests:\n" + "\n".join(problems)


def _all_plain_patterns() -> list[str]:
    """The pages without an id (lists, "new" forms), and those of NOT_IDS for this period."""
    urls = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name != "admin":
                    walk(p.url_patterns, prefix + str(p.pattern))
            elif not p.pattern.converters:
                route = prefix + str(p.pattern)
                if "logout" not in route and not route.startswith("^"):
                    urls.append("/" + route)

    walk(get_resolver().url_patterns, "")
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    urls += [
        reverse("planning:plan_week", kwargs={"week": monday.isoformat()}),
        reverse("planning:report_week", kwargs={"week": monday.isoformat()}),
        reverse("planning:daily_day", kwargs={"day": today.isoformat()}),
    ]
    return urls
