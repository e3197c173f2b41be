"""The metrics the nightly job writes into `Fact`, with their grain and whose team counts.

Activity counts for the team of the person who did it (the collector, the rep who closed
the deal, the rep who lost or gained the customer, the visit's assignee); the state of a
customer (profile, tier, loyalty, profitability) for the team of its owner when the job
ran. The region is always the customer's.
"""

from __future__ import annotations

# The grains of `Fact.day`. WEEK: the part of a week that lies in one month, keyed by its
# first day (the Monday, or the 1st when the week began in the month before), so one row
# adds up by week and by month alike, and a period of whole months never cuts a row.
DAY = "day"
WEEK = "week"
MONTH = "month"

# Prospecting (team: the first collector, else whoever recorded the customer)
NEW_CUSTOMERS = "new_customers"
# Surveys by the day they were signed; team: the collector
SURVEYS = "surveys"
# The same by campaign, key: campaign id (0: none)
SURVEYS_CAMPAIGN = "surveys_campaign"
# Customers first surveyed under a campaign, by that month; key: campaign id
CAMPAIGN_CUSTOMERS = "campaign_customers"
# Profile of the customers recorded in a month (team: the owner's)
PROFILE_SOURCE = "profile_source"
PROFILE_TIER = "profile_tier"
PROFILE_KIND = "profile_kind"
# Confirmed payments (DEAL-1) by when they were received (team: the rep who closed the deal)
SALES = "sales"
PAYMENTS = "payments"
SALES_SOURCE = "sales_source"
SALES_PRODUCT = "sales_product"
# Ownership changes (POOL-8): into the pool (team: the last owner's), out of it (the new
# owner's); key: the reason
POOL_IN = "pool_in"
POOL_OUT = "pool_out"
# Tier changes (DEAL-2) from the tiers' history, by month; key: "from>to" ("" from: a first
# tier)
TIER_MOVES = "tier_moves"
# Events (CARD-1) by the day held; key: event id; team: the rep responsible at the event
EVENT_ATTENDEES = "event_attendees"
EVENT_BUYERS = "event_buyers"
EVENT_SALES = "event_sales"
# Visit tasks by the month due; key: the assignee's id; team: the assignee's
VISIT_DUE = "visit_due"
VISIT_ON_TIME = "visit_on_time"
VISIT_LATE = "visit_late"
VISIT_OVERDUE = "visit_overdue"

GRAIN = {
    NEW_CUSTOMERS: WEEK,
    SURVEYS: WEEK,
    SURVEYS_CAMPAIGN: MONTH,
    CAMPAIGN_CUSTOMERS: MONTH,
    PROFILE_SOURCE: MONTH,
    PROFILE_TIER: MONTH,
    PROFILE_KIND: MONTH,
    SALES: WEEK,
    PAYMENTS: WEEK,
    SALES_SOURCE: MONTH,
    SALES_PRODUCT: MONTH,
    POOL_IN: WEEK,
    POOL_OUT: WEEK,
    TIER_MOVES: MONTH,
    EVENT_ATTENDEES: DAY,
    EVENT_BUYERS: DAY,
    EVENT_SALES: DAY,
    VISIT_DUE: MONTH,
    VISIT_ON_TIME: MONTH,
    VISIT_LATE: MONTH,
    VISIT_OVERDUE: MONTH,
}
