"""Writing a chunk of validated rows (INTAKE-8): the same customer found again by its
key or phone, created or updated with history, and given its owner by first contact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from crm.templatetags.crm import yuan
from customers.models import (
    Customer,
    CustomerKind,
    ImportJob,
    ImportStatus,
)
from customers.names import name_grams, name_search_keys
from customers.services.imports.reading import cell_text
from pools.models import OwnershipReason
from pools.services import ownership_set, ownership_start

# Rows validated and written together: one transaction and one progress step each.
CHUNK_SIZE = 500
# An imported customer takes its owner by first contact (POOL-1): see docs/decisions.md.
IMPORT_OWNERSHIP_REASON = OwnershipReason.FIRST_CONTACT


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def import_key_for(*, phone: str, name: str, organisation: str) -> str:
    """A stable key for a row: its normalised phone, or its name and organisation."""
    basis = f"phone:{phone}" if phone else f"name:{_fold(name)}|org:{_fold(organisation)}"
    return hashlib.sha256(basis.encode()).hexdigest()


class Overtaken(Exception):
    """Another run of the same job got here first."""


@dataclass
class RunState:
    job_id: int
    by: object
    now: dt.datetime
    context: dict
    # Keys, phones and customers met earlier in this file: a second row for the same
    # customer is an error, the same on every run of the file.
    seen: dict[str, int] = field(default_factory=dict)


def error_entry(number: int, values: dict, errors: dict) -> dict:
    """A row's errors as {column: [reason]}; each reason keeps its message untranslated with
    its parameters, so the report words it in the reader's language (WORK-4)."""
    return {
        "row": number,
        "errors": {
            name: [_reason(error) for error in messages] for name, messages in errors.items()
        },
        "values": {name: cell_text(value) for name, value in values.items()},
    }


def _json_safe(value):
    return value if isinstance(value, int | float | bool) or value is None else str(value)


def _reason(error) -> dict:
    """{"msgid": the message in the source language, "params": {...}} of a ValidationError
    (its lazy message read with no language active gives the msgid)."""
    if isinstance(error, dict):
        return {"msgid": str(error["msgid"]), "params": error.get("params") or {}}
    with translation.override(None):
        msgid = str(error.message)
    params = error.params if isinstance(error.params, dict) else {}
    return {"msgid": msgid, "params": {key: _json_safe(v) for key, v in params.items()}}


def reason_words(reason) -> str:
    """A stored reason in the active language; an old row's reason is already a sentence."""
    if isinstance(reason, str):
        return reason
    text = _(reason["msgid"])
    try:
        return text % reason["params"] if reason["params"] else text
    except (KeyError, TypeError, ValueError):
        return text


def _summary_lines(cleaned: dict) -> dict[str, str]:
    """Imported facts the customer has no field for, kept as lines of the sales summary.

    Written in the site's language, so the same file writes the same text on every run.
    """
    lines = {}
    with translation.override(settings.LANGUAGE_CODE):
        if cleaned.get("first_contact_on"):
            lines[_("First contact (imported)")] = f"{cleaned['first_contact_on']:%Y-%m-%d}"
        if cleaned.get("prior_purchases") is not None:
            lines[_("Prior purchases (imported)")] = yuan(cleaned["prior_purchases"])
    return lines


def _summary_with(summary: str, lines: dict[str, str]) -> str:
    kept = [
        line
        for line in summary.splitlines()
        if not any(line.startswith(f"{label}：") for label in lines)
    ]
    kept.extend(f"{label}：{value}" for label, value in lines.items())
    return "\n".join(kept)


# The customer fields a row may fill; an empty cell never erases what a customer has.
ROW_FIELDS = (
    "name",
    "kind",
    "phone",
    "email",
    "organisation",
    "region",
    "address",
    "source",
    "is_key_customer",
)


def _row_values(cleaned: dict) -> dict:
    return {name: cleaned[name] for name in ROW_FIELDS if cleaned.get(name) not in (None, "")}


def write_chunk(
    *, state: RunState, seen: dict, valid: list, errors: list, start: int, size: int
) -> None:
    job = ImportJob.objects.select_for_update().get(pk=state.job_id)
    if job.status != ImportStatus.RUNNING or job.processed_rows != start:
        raise Overtaken
    keys, phones = set(), set()
    prepared = []
    for number, cleaned in valid:
        primary = import_key_for(
            phone=cleaned["phone"], name=cleaned["name"], organisation=cleaned["organisation"]
        )
        by_name = import_key_for(
            phone="", name=cleaned["name"], organisation=cleaned["organisation"]
        )
        keys |= {primary, by_name}
        if cleaned["phone"]:
            phones.add(cleaned["phone"])
        prepared.append((number, cleaned, primary, by_name))
    by_key, by_phone = {}, {}
    existing = (
        Customer.objects.filter(Q(import_key__in=keys) | Q(phone__in=phones))
        .select_related("ownership")
        .order_by("pk")
    )
    for customer in existing:
        if customer.import_key:
            by_key.setdefault(customer.import_key, customer)
        if customer.phone:
            by_phone.setdefault(customer.phone, customer)

    to_create, owners_of_new, to_update, owners_of_old, keyed = [], [], {}, [], []
    changed_fields: set[str] = set()
    skipped = updated = 0
    for number, cleaned, primary, by_name in prepared:
        phone = cleaned["phone"]
        match = by_key.get(primary) or (by_phone.get(phone) if phone else None)
        if match is None:
            candidate = by_key.get(by_name)
            if candidate is not None and not candidate.phone:
                match = candidate
        marks = [f"key:{primary}"] + ([f"phone:{phone}"] if phone else [])
        if match is not None:
            marks.append(f"pk:{match.pk}")
        earlier = next((seen[m] for m in marks if m in seen), None)
        if earlier is not None:
            column = "phone" if phone else "name"
            errors.append(
                error_entry(
                    number,
                    {column: phone or cleaned["name"]},
                    {
                        column: [
                            {
                                "msgid": gettext_noop(
                                    "The same customer as row %(row)s of this file."
                                ),
                                "params": {"row": earlier},
                            }
                        ]
                    },
                )
            )
            continue
        for mark in marks:
            seen[mark] = number
        values = _row_values(cleaned)
        lines = _summary_lines(cleaned)
        owner = cleaned.get("owner")
        params = {"import_job": state.job_id, "row": number}
        if cleaned.get("first_contact_on"):
            params["first_contact_on"] = f"{cleaned['first_contact_on']:%Y-%m-%d}"
        if match is None:
            customer = Customer(
                created_by=state.by,
                first_collector=owner,
                import_key=primary,
                sales_summary=_summary_with("", lines),
                **{"kind": CustomerKind.PERSON, **values},
            )
            customer.name_pinyin, customer.name_initials = name_search_keys(customer.name)
            customer.name_grams = name_grams(customer.name, customer.organisation)
            try:
                # Field checks only: the row form checked the lookups, this run the keys.
                customer.full_clean(
                    exclude=["region", "first_collector", "created_by"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                reasons = dict(exc.error_dict.items())
                given = {name: value for name, value in cleaned.items() if value not in ("", None)}
                errors.append(error_entry(number, given, reasons))
                continue
            to_create.append(customer)
            owners_of_new.append((customer, owner, params))
            by_key[primary] = customer
            continue
        changes = _changes(match, values, lines)
        if not match.import_key and primary not in by_key:
            # A customer found by phone gets the key, so the next run finds it by its key.
            match.import_key = primary
            keyed.append(match)
            by_key[primary] = match
        owner_id = getattr(getattr(match, "ownership", None), "owner_id", None)
        in_pool = owner_id is None
        if changes and owner_id not in (None, state.by.pk):
            # Another rep's customer is not renamed by someone else's file: the row is
            # listed for review (the owner or the sales manager decides), nothing changes.
            errors.append(
                error_entry(
                    number,
                    {name: cleaned.get(name) for name in changes if name in cleaned},
                    {
                        "name": [
                            {
                                "msgid": gettext_noop(
                                    "Another rep's customer (#%(customer)s): this row would "
                                    "change it, so nothing was changed; it is listed for "
                                    "review by its owner or the sales manager."
                                ),
                                "params": {"customer": match.pk},
                            }
                        ]
                    },
                )
            )
            continue
        gets_owner = owner is not None and in_pool
        if not changes and not gets_owner:
            skipped += 1
            continue
        updated += 1
        if gets_owner:
            owners_of_old.append((match, owner, params))
        if changes:
            for name, value in changes.items():
                setattr(match, name, value)
            if "name" in changes:
                match.name_pinyin, match.name_initials = name_search_keys(match.name)
                changed_fields |= {"name_pinyin", "name_initials"}
            if {"name", "organisation"} & set(changes):
                match.name_grams = name_grams(match.name, match.organisation)
                changed_fields.add("name_grams")
            changed_fields |= set(changes)
            to_update[match.pk] = match

    reason = f"import:{state.job_id}"
    if to_create:
        bulk_create_with_history(
            to_create,
            Customer,
            batch_size=CHUNK_SIZE,
            default_user=state.by,
            default_change_reason=reason,
        )
    if to_update and changed_fields:
        bulk_update_with_history(
            list(to_update.values()),
            Customer,
            sorted(changed_fields),
            batch_size=CHUNK_SIZE,
            default_user=state.by,
            default_change_reason=reason,
        )
    if keyed:
        # Bookkeeping only: no history entry, nothing a person would call a change.
        Customer.objects.bulk_update(keyed, ["import_key"], batch_size=CHUNK_SIZE)
    ownership_start(
        customers=[customer for customer, owner, _params in owners_of_new if owner is None],
        now=state.now,
    )
    for customer, owner, params in [*owners_of_new, *owners_of_old]:
        if owner is not None:
            ownership_set(
                customer=customer,
                owner=owner,
                reason=IMPORT_OWNERSHIP_REASON,
                now=state.now,
                by=state.by,
                params=params,
            )
    job.processed_rows = start + size
    job.total_rows = max(job.total_rows, job.processed_rows)
    job.created_rows += len(to_create)
    job.updated_rows += updated
    job.skipped_rows += skipped
    job.error_rows += len(errors)
    if errors:
        job.errors = [*job.errors, *sorted(errors, key=lambda entry: entry["row"])]
    job.progress_at = timezone.now()
    job.save(
        update_fields=[
            "progress_at",
            "processed_rows",
            "total_rows",
            "created_rows",
            "updated_rows",
            "skipped_rows",
            "error_rows",
            "errors",
        ]
    )


def _changes(customer: Customer, values: dict, lines: dict[str, str]) -> dict:
    changes = {}
    for name, value in values.items():
        if name == "phone" and customer.phone:
            continue  # a customer found by its key keeps the phone it has
        current = getattr(customer, "region_id" if name == "region" else name)
        wanted = value.pk if name == "region" else value
        if current != wanted:
            changes[name] = value
    if lines:
        summary = _summary_with(customer.sales_summary, lines)
        if summary != customer.sales_summary:
            changes["sales_summary"] = summary
    return changes
