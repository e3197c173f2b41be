from django.urls import path

from customers.views import cards

urlpatterns = [
    # Company events and who attended (CARD-1)
    path("events/", cards.event_list, name="event_list"),
    path("events/new/", cards.event_new, name="event_new"),
    path("events/<int:pk>/", cards.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", cards.event_edit, name="event_edit"),
    path("events/<int:pk>/attend/", cards.event_attend, name="event_attend"),
    # A rep's cards (CARD-2…5)
    path("cards/", cards.card_list, name="card_list"),
    path("cards/<int:pk>/", cards.card_detail, name="card_detail"),
    path("cards/<int:pk>/fill/", cards.card_fill, name="card_fill"),
    # The sales manager's collection, the doctor's custody (CARD-6, CARD-7)
    path("cards/submitted/", cards.cards_submitted, name="cards_submitted"),
    path("cards/custody/", cards.cards_custody, name="cards_custody"),
    path("cards/<int:pk>/check-out/", cards.card_check_out_view, name="card_check_out"),
    path("cards/check-outs/<int:pk>/return/", cards.checkout_return, name="checkout_return"),
    path("cards/overdue/", cards.cards_overdue, name="cards_overdue"),
    # Incidents (CARD-8)
    path("cards/<int:pk>/incident/", cards.card_incident_new, name="card_incident_new"),
    path("cards/incidents/", cards.card_incidents_list, name="card_incidents"),
    path("cards/incidents/<int:pk>/fine/", cards.incident_fine, name="incident_fine"),
    path("cards/incidents/<int:pk>/restored/", cards.incident_restored, name="incident_restored"),
    # The cards a person holds (CARD-10, HAND-1)
    path("staff/<int:user_id>/cards/", cards.staff_cards, name="staff_cards"),
]
