"""Reads for customer import and export (SEAL-2): jobs, who may own rows, what is exported."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from crm.models import Region, StaffStatus
from customers.models import Customer, ExportLog, ImportJob, ImportStatus
from customers.selectors.customers import customer_list_for


def import_jobs_for(*, user) -> QuerySet[ImportJob]:
    """The imports a user may look at: their own; every import for who sees every customer.

    A job's error list holds the rows of its file, so it is customer data too (SEAL-2).
    """
    qs = ImportJob.objects.select_related("uploaded_by").order_by("-created_at", "-pk")
    if not user.is_authenticated or not user.has_perm("customers.import_customers"):
        return qs.none()
    if user.has_perm("customers.view_all_customers"):
        return qs
    return qs.filter(uploaded_by=user)


def import_job_get_for(*, user, pk) -> ImportJob:
    """One import the user may look at, or 404."""
    return get_object_or_404(import_jobs_for(user=user), pk=pk)


def import_jobs_running_for(*, user) -> QuerySet[ImportJob]:
    """Imports still waiting or importing, for a dashboard panel."""
    return import_jobs_for(user=user).filter(
        status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
    )


def import_owner_candidates() -> QuerySet:
    """Who may own an imported customer: active employees who sell (customers.add_survey,
    through a role or given directly) and are not leaving the company (HAND-1)."""
    User = get_user_model()
    perm = Permission.objects.filter(
        content_type__app_label="customers", codename="add_survey"
    ).first()
    if perm is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .exclude(staff__status__in=[StaffStatus.LEAVING, StaffStatus.LEFT])
        .distinct()
    )


def import_regions() -> list[Region]:
    return list(Region.objects.only("pk", "code", "name").order_by("code"))


def customers_for_export(
    *,
    user,
    q: str = "",
    kind: str = "",
    region: Region | None = None,
    source: str = "",
    key: bool = False,
    owner: str = "",
) -> QuerySet[Customer]:
    """SEAL-2: the customers `user` may see, filtered exactly as the customer list is."""
    return customer_list_for(
        user=user, q=q, kind=kind, region=region, source=source, key_only=key, owner=owner
    ).order_by("pk")


def export_log_for(*, user) -> QuerySet[ExportLog]:
    """SEAL-2: the export log, for those who audit it (customers.view_exportlog)."""
    qs = ExportLog.objects.select_related("user").order_by("-exported_at", "-pk")
    if not user.is_authenticated or not user.has_perm("customers.view_exportlog"):
        return qs.none()
    return qs
