"""What each role may do with follow-up visits (added to the roles of crm/roles.py)."""

_LOGS = ("visits.view_visitrecord", "visits.add_visitrecord", "visits.view_visittask")
_PLANS = ("visits.add_visittask",)
_BOARD = ("visits.view_visit_board",)

PERMISSIONS = {
    # VISIT-4/5/6: reps log their visits and plan others; VISIT-8 in "my day".
    "rep": (*_LOGS, *_PLANS),
    # VISIT-7: supervisors see their team's board; they visit and plan too.
    "supervisor": (*_LOGS, *_PLANS, *_BOARD),
    # Sales managers: their department's board; they plan visits for their reps (VISIT-4).
    "sales_manager": (*_LOGS, *_PLANS, *_BOARD),
    # VISIT-3/5/7: doctors log their own visits and watch every rep's every day.
    "service_doctor": (*_LOGS, *_PLANS, *_BOARD),
    "general_manager": ("visits.view_visitrecord", "visits.view_visittask", *_BOARD),
    "admin": (
        "visits.view_visitrule",
        "visits.add_visitrule",
        "visits.change_visitrule",
        "visits.view_holiday",
        "visits.add_holiday",
        "visits.change_holiday",
        "visits.delete_holiday",
        "visits.view_visittask",
        "visits.view_visitrecord",
        "visits.view_historicalvisitrule",
        "visits.view_historicalholiday",
        "visits.view_historicalvisittask",
    ),
}
