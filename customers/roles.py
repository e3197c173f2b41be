"""Permissions the roles get on customers, surveys, events, archive cards and the sealed
archive (INTAKE-1, CARD-1…10, SEAL-1…3). Which customers a permission reaches is the
scope in customers/selectors/scope.py, not a permission."""

# Every signed-in employee may ask to read a sealed survey (SEAL-2).
_EVERYONE = ("customers.add_accessrequest",)
# Everyone who sells: collects surveys (INTAKE-1), keeps customers, fills archive cards.
_SELLS = (
    "customers.add_survey",
    "customers.view_survey",
    "customers.add_customer",
    "customers.change_customer",
    "customers.add_customerdocument",
    "customers.add_archivecard",
    "customers.change_archivecard",
)
# Organises company events and their attendance (CARD-1).
_EVENTS = ("customers.view_event", "customers.add_event", "customers.change_event")

PERMISSIONS = {
    "rep": (*_EVERYONE, *_SELLS),
    "telesales": _EVERYONE,
    "supervisor": (*_EVERYONE, *_SELLS, *_EVENTS),
    "sales_manager": (
        *_EVERYONE,
        *_EVENTS,
        "customers.view_all_customers",
        "customers.add_customer",
        "customers.change_customer",
        "customers.add_customerdocument",
        "customers.view_survey",
        "customers.assign_survey",
        "customers.hand_over_cards",
        "customers.add_cardincident",
        "customers.change_cardincident",
        "customers.export_customers",
        "customers.import_customers",
        # INTAKE-7: the company prints the blank survey forms.
        "customers.print_paper_forms",
    ),
    "service_doctor": (*_EVERYONE, "customers.keep_cards", "customers.add_cardincident"),
    # The custodian of the sealed surveys: stores them, does not read them.
    "service_manager": (
        *_EVERYONE,
        "customers.keep_sealed_surveys",
        "customers.view_survey",
        "customers.print_paper_forms",
    ),
    "finance": _EVERYONE,
    "general_manager": (
        *_EVERYONE,
        "customers.view_all_customers",
        "customers.export_customers",
        "customers.view_survey",
        "customers.approve_access",
        "customers.view_read_log",
    ),
    "admin": (
        *_EVERYONE,
        "customers.view_all_customers",
        "customers.view_customer",
        "customers.change_customer",
        "customers.import_customers",
        "customers.view_campaign",
        "customers.add_campaign",
        "customers.change_campaign",
        "customers.view_surveytemplate",
        "customers.add_surveytemplate",
        "customers.change_surveytemplate",
        "customers.view_question",
        "customers.add_question",
        "customers.change_question",
        "customers.delete_question",
        "customers.view_survey",
        "customers.view_questionchoice",
        "customers.add_questionchoice",
        "customers.change_questionchoice",
        "customers.delete_questionchoice",
        "customers.view_importjob",
        "customers.view_exportlog",
    ),
}
