"""Permissions the roles get for plans and reports (VISIT-9, VISIT-10, REPORT-1).

Reps draft and submit; supervisors review reports and set targets; sales managers also
approve revisit schedules; the general manager reads every report. Who sees whose papers
is the scope in planning/selectors.py (team hierarchy), not a permission.
"""

PERMISSIONS = {
    "rep": (
        "planning.add_weeklyplan",
        "planning.add_weeklyreport",
        "planning.add_dailyreport",
    ),
    "supervisor": (
        "planning.review_reports",
        "planning.add_monthlytarget",
        "planning.change_monthlytarget",
        "planning.view_weeklyplan",
        "planning.view_weeklyreport",
        "planning.view_dailyreport",
    ),
    "sales_manager": (
        "planning.approve_weeklyplan",
        "planning.review_reports",
        "planning.add_monthlytarget",
        "planning.change_monthlytarget",
        "planning.view_weeklyplan",
        "planning.view_weeklyreport",
        "planning.view_dailyreport",
    ),
    "general_manager": (
        "planning.view_weeklyplan",
        "planning.view_weeklyreport",
        "planning.view_dailyreport",
        "planning.view_monthlytarget",
    ),
    "admin": (
        "planning.view_weeklyplan",
        "planning.view_planentry",
        "planning.view_planevent",
        "planning.view_weeklyreport",
        "planning.view_dailyreport",
        "planning.view_monthlytarget",
    ),
}
