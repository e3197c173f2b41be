"""Menu entries of the customers app: the list, surveys, events, archive cards, the sealed
archive and imports. Their `order` puts them right after the dashboard (crm/navigation.py);
the pool (pools/navigation.py) stands between the customer list and the surveys."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, any_perm, perm

NAV = (
    NavItem(
        "customers",
        _("Customers"),
        "customers:customer_list",
        any_perm("customers.add_survey", "customers.view_all_customers", "customers.keep_cards"),
        order=100,
        group="customers",
    ),
    NavItem(
        "surveys",
        _("Surveys"),
        "customers:survey_list",
        perm("customers.add_survey"),
        order=120,
        group="customers",
    ),
    NavItem(
        "assignment",
        _("Assign surveys"),
        "customers:assignment_queue",
        perm("customers.assign_survey"),
        order=130,
        group="customers",
    ),
    NavItem(
        "events",
        _("Events"),
        "customers:event_list",
        perm("customers.view_event"),
        order=140,
        group="archive",
    ),
    NavItem(
        "cards",
        _("My cards"),
        "customers:card_list",
        perm("customers.add_archivecard"),
        order=150,
        group="archive",
    ),
    NavItem(
        "cards_submitted",
        _("Cards to hand over"),
        "customers:cards_submitted",
        perm("customers.hand_over_cards"),
        order=160,
        group="archive",
    ),
    NavItem(
        "custody",
        _("Cards in custody"),
        "customers:cards_custody",
        perm("customers.keep_cards"),
        order=170,
        group="archive",
    ),
    # Sales managers reach the overdue list from their dashboard panel.
    NavItem(
        "overdue",
        _("Overdue cards"),
        "customers:cards_overdue",
        perm("customers.keep_cards"),
        order=180,
        group="archive",
    ),
    NavItem(
        "sealed",
        _("Sealed archive"),
        "customers:sealed_list",
        perm("customers.keep_sealed_surveys"),
        order=190,
        group="archive",
    ),
    NavItem(
        "approvals",
        _("Approvals"),
        "customers:access_pending",
        perm("customers.approve_access"),
        order=200,
        group="archive",
    ),
    NavItem(
        "read_log",
        _("Read log"),
        "customers:read_log",
        perm("customers.view_read_log"),
        order=210,
        group="archive",
    ),
    NavItem(
        "imports",
        _("Import"),
        "customers:import_list",
        perm("customers.import_customers"),
        order=220,
        group="customers",
    ),
)

# The phone's bottom bar (WORK-5): the rep's customers and adding one, one tap away.
BOTTOM = (
    NavItem(
        "customers", _("Customers"), "customers:customer_list", perm("customers.add_survey"), 20
    ),
    NavItem(
        "customer_new",
        _("New customer"),
        "customers:customer_new",
        perm("customers.add_customer"),
        40,
    ),
)
