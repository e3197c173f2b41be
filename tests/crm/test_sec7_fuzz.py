"""SEC-7: no input, however malformed, produces a server error — a generated fuzz.

Every role opens every page of the URL resolver (the id-taking ones with a record of its
own, or the outsider's where its scope reaches it, see security_world.py); every POST form
found on those pages is posted back with malformed values, one kind of malformation at a
time so the rest of the form stays valid and the bad value reaches the code behind it:
empty, 10,000 characters, NUL bytes, integers past 32 and 64 bits, negative numbers, a
far-future and an impossible date, a choice not offered, an id of a record not offered,
and no CSRF token. The customer page is opened on each of its tabs (?tab=), and a field
outside its form that names it (form="…", the ticked rows of a bulk bar) is posted with
that form, ticked ids fuzzed as ids. Any 500 fails. The same form seen by several roles
is fuzzed in full by the first and with the cheapest variants by the others (trim
variants, not coverage).

The API under /api/ is not walked here: it has no pages and no forms, answers a session
401 (it takes a personal token), and reads JSON, not form posts. Its malformed input (ids
past 64 bits, broken JSON, NUL bytes, bad cursors) is fuzzed by tests/api
(test_malformed_input_never_answers_a_server_error, SEC-7); the SEC-6 matrix calls every
id-taking endpoint with a token and checks no answer is a 500.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.tabs import customer_tabs_all
from tests.crm.security_world import ROLE_USERS, world_fixture
from tests.crm.test_sec6_matrix import API_PREFIX, NOT_IDS, id_patterns, kwargs_for

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-7")]

world = pytest.fixture(scope="module")(world_fixture)

SKIP_ACTIONS = ("/i18n/setlang/", "/accounts/logout/", "/admin/")


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name -> kind, baseline, options).

    A field outside its form that names it (`form="id"`, as a list's row checkboxes name
    the bulk bar's form) belongs to that form, as in a browser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._by_id: dict[str, dict] = {}  # the POST forms with an id
        self._waiting: dict[str, dict] = {}  # fields naming a form further down the page

    def _fields_of(self, a: dict) -> dict | None:
        owner = a.get("form")
        if owner:
            form = self._by_id.get(owner)
            return form["fields"] if form else self._waiting.setdefault(owner, {})
        return self._form["fields"] if self._form is not None else None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}}
                if a.get("id"):
                    self._by_id[a["id"]] = self._form
                    self._form["fields"].update(self._waiting.pop(a["id"], {}))
            return
        if tag == "option":
            if self._select is not None:
                self._select["options"].append(a.get("value", ""))
            return
        fields = self._fields_of(a)
        if fields is None:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("radio", "checkbox") and name in fields:
                fields[name]["options"].append(a.get("value") or "on")
                return
            if kind == "text" and a.get("inputmode") in ("numeric", "decimal"):
                kind = "number"
            fields[name] = {"kind": kind, "value": a.get("value") or "", "options": []}
            if kind in ("radio", "checkbox"):
                fields[name]["options"].append(a.get("value") or "on")
        elif tag == "textarea" and name:
            fields[name] = {"kind": "text", "value": "", "options": []}
        elif tag == "select" and name:
            self._select = fields[name] = {"kind": "select", "value": "", "options": []}

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _baseline(field: dict, today: dt.date) -> str:
    kind, value = field["kind"], field["value"]
    options = [o for o in field["options"] if o]
    if kind in ("select", "radio", "checkbox"):
        return value if kind == "select" and value else (options[0] if options else "")
    if value:
        return value
    return {
        "number": "1",
        "date": today.isoformat(),
        "datetime-local": f"{today.isoformat()}T10:00",
        "time": "10:00",
        "email": "fuzz@example.com",
        "tel": "13800000000",
        "month": f"{today:%Y-%m}",
        "week": f"{today:%G-W%V}",
        "file": "",
    }.get(kind, "测试")


def _is_number(field) -> bool:
    return field["kind"] == "number"


def _is_id(field) -> bool:
    if field["kind"] == "hidden":
        return field["value"].isdigit()
    # Checkboxes too: a list's rows ticked for a bulk action are ids (POOL-13).
    kinds = ("select", "radio", "checkbox")
    return field["kind"] in kinds and any(o.isdigit() for o in field["options"])


def _is_text(field) -> bool:
    if field["kind"] == "hidden":  # a hidden "next" or key is as much the user's as any field
        return not field["value"].isdigit()
    return field["kind"] in ("text", "textarea", "search", "email", "tel", "url", "password")


def _is_date(field) -> bool:
    return field["kind"] in ("date", "datetime-local", "month")


def variants(fields: dict, today: dt.date, foreign_id: int) -> dict[str, dict]:
    """Each malformation applied to the fields it fits, the others kept valid."""
    base = {name: _baseline(f, today) for name, f in fields.items()}

    def apply(test, value) -> dict | None:
        hit = [name for name, f in fields.items() if test(f)]
        if not hit:
            return None
        return {**base, **{name: value(fields[name]) for name in hit}}

    out = {
        "empty": dict.fromkeys(fields, ""),
        "long": apply(_is_text, lambda f: "长" * 10_000),
        "nul": apply(_is_text, lambda f: "a\x00b"),
        "int32": apply(lambda f: _is_number(f) or _is_id(f), lambda f: "2147483648"),
        "int64": apply(lambda f: _is_number(f) or _is_id(f), lambda f: str(2**70)),
        "negative": apply(_is_number, lambda f: "-99999999999999999999"),
        "far_date": apply(
            _is_date,
            lambda f: {"date": "9999-12-31", "month": "9999-12"}.get(f["kind"], "9999-12-31T23:59"),
        ),
        "bad_date": apply(_is_date, lambda f: "2026-02-30"),
        "wrong_choice": apply(lambda f: f["kind"] in ("select", "radio"), lambda f: "zzz"),
        "foreign_id": apply(_is_id, lambda f: str(foreign_id)),
    }
    return {k: v for k, v in out.items() if v is not None}


CHEAP = ("empty", "int64")  # what a form already fuzzed in full gets from the next role

# The model and user field of each IDS key: a record of the role's own, where it has one.
OWN = {
    "customer": ("customers.Customer", "ownership__owner"),
    "card": ("customers.ArchiveCard", "rep"),
    "checkout": ("customers.CardCheckout", "holder"),
    "task": ("visits.VisitTask", "assignee"),
    "record": ("visits.VisitRecord", "author"),
    "plan": ("planning.WeeklyPlan", "rep"),
    "weekly": ("planning.WeeklyReport", "rep"),
    "daily": ("planning.DailyReport", "rep"),
    "deal": ("deals.Deal", "rep"),
    "payment": ("deals.Payment", "recorded_by"),
    "case": ("service.Case", "received_by"),
    "complaint": ("service.Complaint", "opened_by"),
    "prospect": ("telesales.Prospect", "owner"),
    "statement": ("performance.CommissionStatement", "rep"),
    "saved_view": ("crm.SavedView", "owner"),
}


def _ids_for(user, world) -> dict:
    ids = dict(world.ids)
    for key, (label, user_field) in OWN.items():
        own = apps.get_model(label).objects.filter(**{user_field: user}).order_by("pk").first()
        if own is not None:
            ids[key] = own.pk
    return ids


def pages_for(user, world) -> list[str]:
    ids = _ids_for(user, world)
    urls = []
    for _route, name, converters in id_patterns():
        if name in NOT_IDS:
            continue
        url = reverse(name, kwargs=kwargs_for(name, converters, ids, missing=False))
        if url.startswith(API_PREFIX):
            continue  # no forms: tests/api fuzzes it (see above)
        urls.append(url)
        if name == "customers:customer_detail":  # WORK-1: each tab has forms of its own
            urls += [f"{url}?tab={tab.key}" for tab in customer_tabs_all()]
    from tests.crm.test_sec6_matrix import _all_plain_patterns

    urls += [url for url in _all_plain_patterns() if not url.startswith(API_PREFIX)]
    return urls


def _post(client: Client, url: str, data: dict):
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def test_fuzz_every_form_of_every_role(world):
    today = timezone.localdate()
    foreign_id = world.ids["customer"]
    seen: set[tuple] = set()
    errors, posts, forms_count = [], 0, 0
    for role in ROLE_USERS:
        user = world.users[role]
        client = Client(raise_request_exception=False)
        client.force_login(user)
        csrf_client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        csrf_client.force_login(user)
        for url in pages_for(user, world):
            page = client.get(url)
            if page.status_code >= 500:
                errors.append(f"{role} GET {url}: {page.status_code}")
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(page.content.decode(errors="replace"))
            for form in parser.forms:
                action = form["action"] or url
                if action.startswith(("http", "#")) or action.startswith(SKIP_ACTIONS):
                    continue
                key = (action, tuple(sorted(form["fields"])))
                if (role, *key) in seen:
                    continue
                first = not any(s[1:] == key for s in seen)
                seen.add((role, *key))
                forms_count += 1
                for variant, data in variants(form["fields"], today, foreign_id).items():
                    if not first and variant not in CHEAP:
                        continue
                    response = _post(client, action, data)
                    posts += 1
                    if response.status_code >= 500:
                        errors.append(f"{role} POST {action} [{variant}]: {response.status_code}")
                response = csrf_client.post(action, {})
                posts += 1
                if response.status_code != 403:
                    errors.append(f"{role} POST {action} without CSRF: {response.status_code}")
    print(f"SEC-7 fuzz: {forms_count} forms × roles, {posts} posts")
    assert not errors, f"{len(errors)} of {posts} posts:\n" + "\n".join(errors)
