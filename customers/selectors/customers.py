"""Reads of customers (beyond the scope in `scope.py`): search, the list, the detail page.

The customer list must stay fast with a million customers and for a rep who owns fifty
thousand: it pages by seek (keyset, crm/lib/paging.py) on (created_at, id), newest first,
and never counts the whole result. Search uses conditions the PostgreSQL indexes of
migrations 0002 (trigrams) and 0004 (two-character pieces) serve (see `customer_search`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import BooleanField, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Region
from crm.selectors import person_name
from customers.models import Contact, Customer, CustomerDocument
from customers.names import fragment_grams, normalize_phone
from customers.selectors.scope import customer_get_for, customer_scope_for
from pools.models import Ownership

# WORK-6: a fragment of this many characters or more matches anywhere in a name or an
# organisation, found by its two-character pieces (customers.names.name_grams); a single
# character matches at the start of a name only.
SUBSTRING_MIN_CHARS = 2
# A search that is a phone number, or part of one: digits and the usual separators.
_PHONE_LIKE = re.compile(r"^[\d\s+\-()]+$")
# Fields whose changes the detail page lists (DEAL-5, "dynamic management").
HISTORY_HIDDEN_FIELDS = {"id", "import_key", "created_at", "created_by"}
HISTORY_SHOWN = 20


def customer_duplicates(*, phone: str = "", organisation: str = "") -> QuerySet[Customer]:
    """INTAKE-9: existing customers whose phone or organisation name matches.

    Checked across all customers, whoever owns them: a duplicate must be caught even when
    the collecting rep cannot see the first record. Callers show only the name, the match
    and the first collector.
    """
    # A union of id lists, each found by its own index, rather than one OR across the
    # customer and contact tables, which PostgreSQL can only answer by reading every row.
    found = []
    digits = normalize_phone(phone)
    if len(digits) >= 7:
        found.append(Customer.objects.filter(phone=digits).values("pk"))
        found.append(Contact.objects.filter(phone=digits).values("customer_id"))
    org = (organisation or "").strip()
    if org:
        same_name = Q(organisation__iexact=org) | Q(kind="organisation", name__iexact=org)
        found.append(Customer.objects.filter(same_name).values("pk"))
    ids = found[0].union(*found[1:]) if len(found) > 1 else (found[0] if found else [])
    return Customer.objects.filter(pk__in=ids).select_related("first_collector").order_by("pk")


def customer_search(*, qs: QuerySet[Customer], q: str) -> QuerySet[Customer]:
    """Filter by name, phone, organisation, or the pinyin of a Chinese name.

    "zhangsan" and "zs" find 张三; "1380013" finds the phone 13800138000. A term of two or
    more characters matches anywhere in a name or organisation (WORK-6: "秀英" finds 王秀英,
    "华信" finds 北京华信科技): the rows holding every two-character piece of the term
    (an index on PostgreSQL, migration 0004), of which those holding the term itself. A
    single character matches at the start of a name.
    """
    # A NUL byte is no character of any name, and PostgreSQL refuses it in a query (SEC-7).
    q = " ".join((q or "").replace("\x00", " ").split())
    if not q:
        return qs
    digits = normalize_phone(q)
    if len(digits) >= 3 and _PHONE_LIKE.match(q):
        # A number is looked up among phones only: names and pinyin hold no digits, and a
        # single indexed condition keeps the planner on the trigram index.
        return qs.filter(phone__contains=digits)
    if len(q) >= SUBSTRING_MIN_CHARS:
        match = Q(name__icontains=q) | Q(organisation__icontains=q)
        if grams := fragment_grams(q):  # none in "王 英": words of one character
            match = Q(name_grams__has_grams=grams) & match
    else:
        match = Q(name__istartswith=q) | Q(organisation__istartswith=q)
    term = q.lower().replace(" ", "")
    if term.isascii() and term.isalpha():
        match |= Q(name_pinyin__startswith=term) | Q(name_initials__startswith=term)
    return qs.filter(match)


# The list ------------------------------------------------------------------------------

OWNER_MINE, OWNER_POOL = "mine", "pool"
# The list's order and its keyset (crm.lib.paging), newest first: index customer_newest_idx.
CUSTOMER_ORDER = ("created_at", "id")


def region_and_below(*, region: Region) -> list[int]:
    """The region's id with the ids of every region inside it (province → city → district)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Region.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [region.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, ()))
    return found


def customer_list_for(
    *,
    user,
    q: str = "",
    kind: str = "",
    region: Region | None = None,
    source: str = "",
    key_only: bool = False,
    owner: str = "",
) -> QuerySet[Customer]:
    """The customers the list shows: the user's scope, searched and filtered, newest first."""
    qs = customer_search(qs=customer_scope_for(user=user), q=q)
    if kind:
        qs = qs.filter(kind=kind)
    if region is not None:
        qs = qs.filter(region_id__in=region_and_below(region=region))
    if source:
        qs = qs.filter(source=source)
    if key_only:
        qs = qs.filter(is_key_customer=True)
    if owner == OWNER_MINE:
        qs = qs.filter(ownership__owner=user)
    elif owner == OWNER_POOL:
        qs = qs.filter(ownership__owner__isnull=True)
    return qs.select_related("region", "ownership__owner").order_by(
        *(f"-{column}" for column in CUSTOMER_ORDER)
    )


def customer_counts_for(*, user) -> dict[str, int]:
    """The rep dashboard's "My customers": how many customers the user owns.

    One COUNT answered from the ownership index on owner alone (an index-only scan): a few
    milliseconds for a rep who owns fifty thousand customers.
    """
    if not user.is_authenticated:
        return {"owned": 0}
    return {"owned": Ownership.objects.filter(owner=user).count()}


# The detail page -----------------------------------------------------------------------


def customer_detail_for(*, user, pk) -> Customer:
    """One customer the user may see, with what the profile shows beside it, or 404."""
    qs = customer_scope_for(user=user).select_related(
        "region", "region__parent", "first_collector", "created_by"
    )
    return get_object_or_404(qs, pk=pk)


def customer_ownership(*, customer: Customer) -> Ownership | None:
    """The customer's current owner with since when and by which rule; None: never owned."""
    return Ownership.objects.filter(customer=customer).select_related("owner").first()


def customer_contacts(*, customer: Customer) -> list[Contact]:
    return list(customer.contacts.order_by("pk"))


def customer_documents(*, customer: Customer) -> QuerySet[CustomerDocument]:
    return customer.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")


def customer_document_get_for(*, user, customer_pk, pk) -> CustomerDocument:
    """A document of a customer the user may see, or 404 (SEAL-2: another rep gets 404)."""
    customer = customer_get_for(user=user, pk=customer_pk)
    return get_object_or_404(CustomerDocument.objects.filter(customer=customer), pk=pk)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    created: bool
    changes: list[FieldChange]


def _shown(field, value, *, names: dict) -> object:
    """A stored value as a person reads it: a choice's label, a region's or user's name."""
    if value is None or value == "":
        return ""
    if isinstance(field, BooleanField):
        return _("yes") if value else _("no")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return names.get((field.related_model, value), value)
    return value


def customer_history(*, customer: Customer, limit: int = HISTORY_SHOWN) -> list[HistoryEntry]:
    """DEAL-5 "dynamic management": who changed which profile field when, newest first.

    Reads `limit + 1` versions (the extra one is what the oldest shown is compared with),
    then at most one query each for the names of regions and people that changed.
    """
    versions = list(
        customer.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    tracked = {f.name for f in Customer.history.model._meta.fields}
    fields = {
        f.name: f
        for f in Customer._meta.concrete_fields
        if f.name in tracked and f.name not in HISTORY_HIDDEN_FIELDS
    }
    pairs = []
    for i, version in enumerate(versions[:limit]):
        older = versions[i + 1] if i + 1 < len(versions) else None
        if older is None and version.history_type != "+":
            break  # the version it changed is beyond the window
        changed = []
        if older is not None:
            delta = version.diff_against(older, included_fields=list(fields))
            changed = [(c.field, c.old, c.new) for c in delta.changes]
        pairs.append((version, older, changed))
    region_ids, user_ids = set(), set()
    for _version, _older, changed in pairs:
        for name, old, new in changed:
            model = fields[name].related_model if fields[name].is_relation else None
            ids = {v for v in (old, new) if v is not None}
            if model is Region:
                region_ids |= ids
            elif model is not None:
                user_ids |= ids
    names: dict = {}
    if region_ids:
        names |= {(Region, r.pk): r.name for r in Region.objects.filter(pk__in=region_ids)}
    if user_ids:
        User = fields["first_collector"].related_model
        names |= {(User, u.pk): person_name(u) for u in User.objects.filter(pk__in=user_ids)}
    entries = []
    for version, older, changed in pairs:
        entries.append(
            HistoryEntry(
                when=timezone.localtime(version.history_date),
                who=person_name(version.history_user) if version.history_user else "",
                created=older is None,
                changes=[
                    FieldChange(
                        field=name,
                        label=str(fields[name].verbose_name),
                        old=_shown(fields[name], old, names=names),
                        new=_shown(fields[name], new, names=names),
                    )
                    for name, old, new in sorted(changed, key=lambda c: list(fields).index(c[0]))
                ],
            )
        )
    return [e for e in entries if e.created or e.changes]
