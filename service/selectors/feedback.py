"""Reads of feedback and improvement reports (SVC-2; complaints summarised, SVC-3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from service.models import (
    Complaint,
    Feedback,
    FeedbackRating,
    FeedbackTag,
    ImprovementAction,
    ImprovementReport,
)
from service.selectors.complaints import complaints_opened, day_bounds

ALL_FEEDBACK = "service.view_feedback"
REPORTS = "service.view_improvementreport"


def feedback_qs_for(*, user) -> QuerySet[Feedback]:
    """Managers see all feedback; everyone else what they recorded."""
    qs = Feedback.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.has_perm(ALL_FEEDBACK):
        return qs
    return qs.filter(recorded_by=user)


def feedback_list_for(
    *, user, rating: str = "", about: str = "", tag: FeedbackTag | None = None
) -> QuerySet[Feedback]:
    qs = feedback_qs_for(user=user)
    if rating:
        qs = qs.filter(rating=rating)
    if about:
        qs = qs.filter(about=about)
    if tag is not None:
        qs = qs.filter(
            pk__in=Feedback.tags.through.objects.filter(feedbacktag=tag).values("feedback_id")
        )
    return (
        qs.select_related("customer", "recorded_by")
        .prefetch_related("tags")
        .order_by("-recorded_at", "-pk")
    )


def feedback_tags_active() -> QuerySet[FeedbackTag]:
    return FeedbackTag.objects.filter(is_active=True)


# Improvement reports -------------------------------------------------------------------


def bad_points(*, start: dt.date, end: dt.date) -> QuerySet[Feedback]:
    """SVC-2: the bad points recorded from `start` to `end` (both days included)."""
    lo, hi = day_bounds(start=start, end=end)
    return Feedback.objects.filter(
        rating=FeedbackRating.BAD, recorded_at__gte=lo, recorded_at__lt=hi
    )


def bad_points_grouped(*, start: dt.date, end: dt.date) -> dict:
    """The period's bad points by tag and by product (or "sales approach"), largest first.
    A point with two tags counts under both. Three queries."""
    points = bad_points(start=start, end=end)
    ids = points.values("pk")
    by_tag = list(
        FeedbackTag.objects.annotate(count=Count("feedback", filter=Q(feedback__in=ids)))
        .filter(count__gt=0)
        .order_by("-count", "order", "name")
    )
    untagged = points.filter(tags__isnull=True).count()
    by_product = list(
        points.order_by()
        .values("about", "product")
        .annotate(count=Count("pk"))
        .order_by("-count", "about", "product")
    )
    return {"by_tag": by_tag, "untagged": untagged, "by_product": by_product}


def complaints_grouped(*, start: dt.date, end: dt.date) -> list[dict]:
    """The period's complaints by cause and product (SVC-3 summarised into the report)."""
    return list(
        complaints_opened(start=start, end=end)
        .order_by()
        .values("cause", "product")
        .annotate(count=Count("pk"))
        .order_by("-count", "cause", "product")
    )


def improvement_reports() -> QuerySet[ImprovementReport]:
    return (
        ImprovementReport.objects.select_related("written_by")
        .annotate(
            feedback_count=Count("feedback", distinct=True),
            complaint_count=Count("complaints", distinct=True),
        )
        .order_by("-period_end", "-pk")
    )


def improvement_report_get(*, pk) -> ImprovementReport:
    qs = ImprovementReport.objects.select_related("written_by").prefetch_related(
        Prefetch("actions", ImprovementAction.objects.select_related("department")),
        Prefetch(
            "feedback",
            Feedback.objects.select_related("customer")
            .prefetch_related("tags")
            .order_by("-recorded_at", "-pk"),
        ),
        Prefetch(
            "complaints",
            Complaint.objects.select_related("case__customer").order_by("-opened_at", "-pk"),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def improvement_reports_of_complaint(*, complaint: Complaint) -> list[ImprovementReport]:
    return list(complaint.improvement_reports.order_by("-period_end", "-pk"))
