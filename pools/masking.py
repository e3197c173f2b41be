"""POOL-12: a pool customer's phone, e-mail and address are masked until someone claims
it, in the pool list, the customer page, search results and exports. A pool admin may
reveal them on the customer page; every reveal is logged and lasts `REVEAL_MINUTES`.

Masking happens on the objects a page is about to show (never saved): the page, its
includes and the export then cannot show what they do not have.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from customers.forms.customers import phone_masked as mask_phone
from pools.models import ContactReveal, Ownership

REVEAL_PERMISSION = "pools.add_contactreveal"
# How long a reveal shows the details on the customer page before they are masked again.
REVEAL_MINUTES = 15


def mask_email(email: str) -> str:
    """z***@example.com: the domain stays, the mailbox goes."""
    if not email:
        return ""
    box, at, domain = email.partition("@")
    return f"{box[:1]}***{at}{domain}" if at else "***"


def mask_address(address: str) -> str:
    """北京市朝阳****: the first few characters (province, city) stay."""
    if not address:
        return ""
    keep = min(6, max(len(address) // 3, 1))
    return address[:keep] + "****"


def is_masked(*, customer) -> bool:
    """In the pool (no owner): its contact details are masked (POOL-12)."""
    ownership = getattr(customer, "ownership", None)
    if ownership is None:
        try:
            ownership = Ownership.objects.get(customer_id=customer.pk)
        except Ownership.DoesNotExist:
            return True
    return ownership.owner_id is None


def mask_customer(customer, *, contacts=()) -> None:
    """Mask the customer's (and its contacts') phone, e-mail and address in place."""
    customer.phone = mask_phone(customer.phone)
    customer.email = mask_email(customer.email)
    customer.address = mask_address(customer.address)
    customer.contact_masked = True
    mask_contacts(contacts)


def mask_contacts(contacts) -> None:
    """Mask an organisation's contacts' phones and e-mails in place."""
    for contact in contacts:
        contact.phone = mask_phone(contact.phone)
        contact.email = mask_email(contact.email)


def mask_pool_rows(rows) -> None:
    """Mask the pool customers among a page of customers (their ownership selected)."""
    for customer in rows:
        if is_masked(customer=customer):
            mask_customer(customer)


def may_reveal(*, user) -> bool:
    return user.is_active and user.has_perm(REVEAL_PERMISSION)


def revealed_recently(*, customer, user, now: dt.datetime) -> bool:
    return ContactReveal.objects.filter(
        customer=customer, user=user, revealed_at__gt=now - dt.timedelta(minutes=REVEAL_MINUTES)
    ).exists()


def contact_reveal(*, customer, user, now: dt.datetime) -> ContactReveal:
    """A pool admin reveals a pool customer's contact details; logged."""
    if not may_reveal(user=user):
        raise ValidationError(_("Only pool admins may reveal contact details."), "perm")
    if not is_masked(customer=customer):
        raise ValidationError(_("This customer has an owner; nothing is masked."), "owned")
    return ContactReveal.objects.create(customer=customer, user=user, revealed_at=now)


def reveals_of(*, customer):
    return ContactReveal.objects.filter(customer=customer).select_related("user")


def contact_hidden_from(*, customer, user, now: dt.datetime) -> bool:
    """Whether the customer's contact details are masked for `user` now: a pool customer,
    unless this pool admin revealed them a moment ago. Pages that would show the raw values
    (the profile and contact forms) refuse while this holds."""
    if not is_masked(customer=customer):
        return False
    return not (may_reveal(user=user) and revealed_recently(customer=customer, user=user, now=now))


MASKED_FIELDS = {"phone": mask_phone, "email": mask_email, "address": mask_address}


def mask_history(entries):
    """The profile's change history with old and new contact details masked."""
    return [
        replace(
            entry,
            changes=[
                replace(
                    change,
                    old=MASKED_FIELDS[change.field](str(change.old or "")),
                    new=MASKED_FIELDS[change.field](str(change.new or "")),
                )
                if change.field in MASKED_FIELDS
                else change
                for change in entry.changes
            ],
        )
        for entry in entries
    ]
