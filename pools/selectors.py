"""Reads of ownership."""

from django.db.models import QuerySet

from pools.models import OwnershipChange


def ownership_timeline(*, customer) -> QuerySet[OwnershipChange]:
    """POOL-8: the customer's owners, newest first, with who changed them and by which rule."""
    return OwnershipChange.objects.filter(customer=customer).select_related(
        "from_owner", "to_owner", "changed_by"
    )
