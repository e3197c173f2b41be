"""After-sales service (SVC-1…3): cases under first-contact responsibility, complaints with
their steps, customer feedback and improvement reports."""

from service.models.cases import Case, CaseChannel, CaseEvent, CaseEventKind, CaseKind, CaseStatus
from service.models.catalogues import Department, FeedbackTag, in_language
from service.models.complaints import (
    Apology,
    ApologyMethod,
    Compensation,
    Complaint,
    ComplaintCause,
    ComplaintState,
    ComplaintStep,
    DisciplineRecord,
    QualityResult,
    QualityTest,
    Remake,
    Verification,
)
from service.models.feedback import (
    Feedback,
    FeedbackAbout,
    FeedbackRating,
    ImprovementAction,
    ImprovementReport,
)

__all__ = [
    "Apology",
    "ApologyMethod",
    "Case",
    "CaseChannel",
    "CaseEvent",
    "CaseEventKind",
    "CaseKind",
    "CaseStatus",
    "Compensation",
    "Complaint",
    "ComplaintCause",
    "ComplaintState",
    "ComplaintStep",
    "Department",
    "DisciplineRecord",
    "Feedback",
    "FeedbackAbout",
    "FeedbackRating",
    "FeedbackTag",
    "ImprovementAction",
    "ImprovementReport",
    "QualityTest",
    "Remake",
    "QualityResult",
    "Verification",
    "in_language",
]
