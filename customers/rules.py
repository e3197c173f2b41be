"""The rules of customers in plain words (WORK-4, crm/rules.py): shown in the "why"
detail beside the rule's ID."""

from django.utils.translation import gettext_lazy as _

RULE_WORDS = {
    "INTAKE-1": _("a survey records a first contact"),
    "INTAKE-2": _("surveys are collected under a campaign"),
    "INTAKE-3": _("every required answer is filled"),
    "INTAKE-4": _("the collecting rep signs the survey"),
    "INTAKE-5": _("the sales manager assigns by the assignment principles"),
    "INTAKE-6": _("an assigned survey is sealed with the service manager"),
    "INTAKE-7": _("paper forms come from the company, with serial numbers"),
    "INTAKE-8": _("where each customer came from is recorded"),
    "INTAKE-9": _("a customer with the same phone or organisation is flagged"),
    "CARD-1": _("every event attendee gets an archive card"),
    "CARD-2": _("the rep fills the card from the survey and the event"),
    "CARD-3": _("a card is filled on the day of the event"),
    "CARD-4": _("every field of the card is filled before it is submitted"),
    "CARD-5": _("a card is submitted by the next day"),
    "CARD-6": _("a service doctor keeps the cards"),
    "CARD-7": _("a card checked out for a visit comes back the same day"),
    "CARD-8": _("a lost or damaged card is an incident with a fine"),
    "CARD-9": _("a card is read for a visit or with a general manager's approval"),
    "CARD-10": _("a leaver returns every card first"),
    "SEAL-1": _("a sealed record is read only with a general manager's approval"),
    "SEAL-2": _("each person sees only the customers in their scope"),
    "SEAL-3": _("customer data never leaves the company"),
}
