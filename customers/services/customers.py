"""Writes of customers: creation and profile changes keep the search keys in step.

Contacts and documents of a customer (DEAL-5) are written here too; every write names
who made it, so the history says who changed what (django-simple-history).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import Contact, Customer, CustomerDocument, CustomerKind
from customers.names import name_grams, name_search_keys, normalize_phone
from pools.models import OwnershipReason
from pools.services import ownership_set, ownership_start


def _apply(customer: Customer, data: dict) -> None:
    for field, value in data.items():
        setattr(customer, field, value)
    customer.phone = normalize_phone(customer.phone)
    customer.name = customer.name.strip()
    customer.name_pinyin, customer.name_initials = name_search_keys(customer.name)
    customer.name_grams = name_grams(customer.name, customer.organisation)


@transaction.atomic
def customer_create(
    *, data: dict, by, now: dt.datetime, owner=None, reason=OwnershipReason.FIRST_CONTACT
) -> Customer:
    """Create a customer from validated form data; `owner` (if any) owns it by `reason`."""
    customer = Customer(created_by=by)
    _apply(customer, data)
    if customer.first_collector_id is None and owner is not None:
        customer.first_collector = owner
    customer._history_user = by
    customer.full_clean()
    customer.save()
    if owner is not None:
        ownership_set(customer=customer, owner=owner, reason=reason, now=now, by=by)
    else:
        ownership_start(customers=[customer], now=now)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict, by) -> Customer:
    """Change a customer's profile; the history keeps every version (DEAL-5)."""
    _apply(customer, data)
    customer._history_user = by
    customer.full_clean()
    customer.save()
    return customer


# Contacts of an organisation (DEAL-5) --------------------------------------------------


def _contact_apply(contact: Contact, data: dict, *, by) -> Contact:
    for field, value in data.items():
        setattr(contact, field, value)
    contact.name = contact.name.strip()
    contact.phone = normalize_phone(contact.phone)
    contact._history_user = by
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_create(*, customer: Customer, data: dict, by) -> Contact:
    """Add a contact person to an organisation."""
    if customer.kind != CustomerKind.ORGANISATION:
        raise ValidationError(
            _("Contacts are kept for organisations only."), code="not_organisation"
        )
    return _contact_apply(Contact(customer=customer), data, by=by)


@transaction.atomic
def contact_update(*, contact: Contact, data: dict, by) -> Contact:
    return _contact_apply(contact, data, by=by)


@transaction.atomic
def contact_delete(*, contact: Contact, by) -> None:
    """Remove a contact; its history keeps who removed it and when."""
    contact._history_user = by
    contact.delete()


# Documents (DEAL-5): business licence, tax registration, other -------------------------


@transaction.atomic
def customer_document_add(
    *, customer: Customer, kind: str, upload: UploadedFile, content_type: str, extension: str, by
) -> CustomerDocument:
    """Keep an uploaded document of a customer, checked by the form (type, size).

    The file is stored under a random name: the name the user gave is kept for the
    download, and never becomes part of a path.
    """
    original = os.path.basename((upload.name or "").replace("\\", "/")).strip() or "document"
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    document = CustomerDocument(
        customer=customer,
        kind=kind,
        file=upload,
        original_name=original[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document._history_user = by
    document.full_clean()
    document.save()
    return document
