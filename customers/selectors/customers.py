"""Reads of customers (beyond the scope in `scope.py`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from customers.models import Customer
from customers.names import normalize_phone


def customer_duplicates(*, phone: str = "", organisation: str = "") -> QuerySet[Customer]:
    """INTAKE-9: existing customers whose phone or organisation name matches.

    Checked across all customers, whoever owns them: a duplicate must be caught even when
    the collecting rep cannot see the first record. Callers show only the name, the match
    and the first collector.
    """
    match = Q(pk__in=[])
    digits = normalize_phone(phone)
    if len(digits) >= 7:
        match |= Q(phone=digits) | Q(contacts__phone=digits)
    org = (organisation or "").strip()
    if org:
        match |= Q(organisation__iexact=org) | Q(kind="organisation", name__iexact=org)
    return (
        Customer.objects.filter(match).select_related("first_collector").distinct().order_by("pk")
    )


def customer_search(*, qs: QuerySet[Customer], q: str) -> QuerySet[Customer]:
    """Filter by name, phone, organisation, or the pinyin of a Chinese name.

    "zhangsan" and "zs" find 张三; "1380013" finds the phone 13800138000.
    """
    q = (q or "").strip()
    if not q:
        return qs
    term = q.lower().replace(" ", "")
    match = Q(name__icontains=q) | Q(organisation__icontains=q)
    digits = normalize_phone(q)
    if digits and len(digits) >= 3 and digits == term:
        match |= Q(phone__contains=digits)
    if term.isascii() and term.isalnum():
        match |= Q(name_pinyin__startswith=term) | Q(name_initials__startswith=term)
    return qs.filter(match)
