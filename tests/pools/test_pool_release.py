"""Releasing to the pool with the note of POOL-6, now or (after expiry) later."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pools.models import Ownership, OwnershipChange, ReleaseNote
from pools.selectors import release_notes_pending_for
from pools.services import pool_expiry_run, pool_release, release_note_complete
from tests.pools.factories_pool import manager, owned_customer, rep2  # noqa: F401

NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


@pytest.mark.rule("POOL-6")
def test_releasing_without_the_note_is_refused_and_nothing_changes(rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3))
    with pytest.raises(ValidationError) as caught:
        pool_release(
            customer=customer, user=rep, now=frozen_now, status=" ", contact_details="", progress=""
        )
    assert set(caught.value.error_dict) == {"status", "contact_details", "progress"}
    assert Ownership.objects.get(customer=customer).owner == rep
    assert not ReleaseNote.objects.exists()


@pytest.mark.rule("POOL-6", "POOL-8")
def test_the_owner_releases_with_the_note_kept_for_the_next_rep(rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3))
    pool_release(customer=customer, user=rep, now=frozen_now, **NOTE)
    assert Ownership.objects.get(customer=customer).owner is None
    note = ReleaseNote.objects.get(customer=customer)
    assert not note.is_pending
    assert note.progress == "已报价"
    change = OwnershipChange.objects.filter(customer=customer).first()
    assert change.rule == "POOL-6"
    assert "周二上午电话" in change.note


@pytest.mark.rule("POOL-6")
def test_only_the_owner_may_release(rep, rep2, frozen_now):
    customer = owned_customer(owner=rep2, since=frozen_now)
    with pytest.raises(ValidationError, match="Only the customer's owner"):
        pool_release(customer=customer, user=rep, now=frozen_now, **NOTE)


@pytest.mark.rule("POOL-6", "POOL-1")
def test_the_last_owner_completes_the_note_of_an_expired_customer(rep, manager, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=80))
    pool_expiry_run(now=frozen_now)
    assert [n.customer for n in release_notes_pending_for(user=rep)] == [customer]
    assert [n.customer for n in release_notes_pending_for(user=manager)] == [customer]
    note = ReleaseNote.objects.get(customer=customer)
    with pytest.raises(ValidationError):
        release_note_complete(note=note, user=rep, now=frozen_now, **{**NOTE, "progress": ""})
    release_note_complete(note=note, user=rep, now=frozen_now, **NOTE)
    assert not release_notes_pending_for(user=manager).exists()


@pytest.mark.rule("POOL-6")
def test_someone_else_cannot_write_the_last_owners_note(rep, rep2, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=80))
    pool_expiry_run(now=frozen_now)
    note = ReleaseNote.objects.get(customer=customer)
    with pytest.raises(ValidationError, match="last owner"):
        release_note_complete(note=note, user=rep2, now=frozen_now, **NOTE)
