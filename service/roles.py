"""What each role may do in after-sales service (added to crm/roles.py's roles).

Every employee logs cases (SVC-1: whoever first receives the customer), registers complaint
forms and records feedback. The steps of a complaint (SVC-3) are permissions of their own:
the roles below hold them by default, and an administrator grants a step to anyone else
who does it (a quality tester, someone in production) as a user permission in Django
admin, without a new role.
"""

# Every employee: first contact (SVC-1), the complaint form (SVC-3), feedback (SVC-2).
_EVERYONE = ("service.add_case", "service.add_complaint", "service.add_feedback")
# Managers see every case and all feedback, and write improvement reports (SVC-2, SVC-3).
_MANAGERS = (
    "service.view_all_cases",
    "service.view_feedback",
    "service.view_improvementreport",
    "service.add_improvementreport",
)

PERMISSIONS = {
    "rep": _EVERYONE,
    "telesales": _EVERYONE,
    "supervisor": _EVERYONE,
    # Disciplines the sales staff and has their manager's apology made.
    "sales_manager": (*_EVERYONE, *_MANAGERS, "service.discipline", "service.record_apology"),
    "service_doctor": _EVERYONE,
    # Runs after-sales: the quality test and the remake until testers and production are
    # granted the steps, the verification of complaints about people, the apology, closing.
    "service_manager": (
        *_EVERYONE,
        *_MANAGERS,
        "service.test_quality",
        "service.record_remake",
        "service.verify_complaint",
        "service.record_apology",
        "service.close_complaint",
    ),
    # Issues the compensation note (赔偿单).
    "finance": (*_EVERYONE, "service.compensate"),
    "general_manager": (*_EVERYONE, *_MANAGERS, "service.discipline"),
    "admin": (
        *_EVERYONE,
        "service.view_all_cases",
        "service.view_department",
        "service.add_department",
        "service.change_department",
        "service.view_feedbacktag",
        "service.add_feedbacktag",
        "service.change_feedbacktag",
        "service.view_case",
        "service.view_complaint",
        "service.view_feedback",
        "service.view_improvementreport",
    ),
}
