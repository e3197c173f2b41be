"""The customers app's pages, one module per area."""

from customers.urls import cards, customers, imports, sealing, surveys

app_name = "customers"
urlpatterns = [
    *customers.urlpatterns,
    *surveys.urlpatterns,
    *sealing.urlpatterns,
    *cards.urlpatterns,
    *imports.urlpatterns,
]
