"""A lost, damaged or incomplete card is an incident: the holder is fined and restores it.

CARD-8: the fine is set by the sales manager within param("card.fine_min")…("card.fine_max").
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from customers.models import CardIncident, IncidentKind
from customers.services.cards import incident_set_fine
from tests.customers.factories_cards import (
    CardIncidentFactory,
    CheckoutFactory,
    CustodyCardFactory,
)

pytestmark = pytest.mark.django_db

FINE_PARAMS = ("card.fine_min", "card.fine_max")


@pytest.fixture(autouse=True)
def default_params():
    for key in FINE_PARAMS:
        param_forget(key)
    yield
    for key in FINE_PARAMS:
        param_forget(key)


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="李", first_name="经理")


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="医生")


@pytest.fixture
def card(rep, doctor):
    return CustodyCardFactory(attendance__rep=rep, custodian=doctor)


def report(client, card, **data):
    return client.post(reverse("customers:card_incident_new", args=[card.pk]), data)


@pytest.mark.rule("CARD-8")
def test_a_doctor_reports_a_card_lost_by_its_borrower_and_the_fine_waits_for_the_manager(
    client_for, doctor, rep, card, frozen_now
):
    CheckoutFactory(card=card, holder=rep)
    client = client_for(doctor)

    form = client.get(reverse("customers:card_incident_new", args=[card.pk]))
    response = report(client, card, kind="lost", holder=rep.pk, description="回访途中遗失")

    assert form.context["form"]["holder"].value() == rep.pk
    assert "fine" not in form.context["form"].fields
    assert response.status_code == 302
    incident = CardIncident.objects.get()
    assert (incident.kind, incident.holder, incident.reported_by, incident.fine) == (
        IncidentKind.LOST,
        rep,
        doctor,
        Decimal("0"),
    )


@pytest.mark.rule("CARD-8")
def test_a_manager_reports_and_fines_in_one_step(client_for, manager, rep, card, frozen_now):
    response = report(
        client_for(manager), card, kind="damaged", holder=rep.pk, description="被水浸湿", fine="200"
    )

    assert response.status_code == 302
    assert CardIncident.objects.get().fine == Decimal("200")


@pytest.mark.rule("CARD-8")
@pytest.mark.parametrize("fine", ["49.99", "500.01", "-5", "abc", ""])
def test_a_fine_outside_the_range_is_refused_and_the_message_gives_the_range(
    client_for, manager, rep, card, english, fine
):
    incident = CardIncidentFactory(card=card, holder=rep)

    response = client_for(manager).post(
        reverse("customers:incident_fine", args=[incident.pk]), {"fine": fine}
    )

    page = response.content.decode()
    assert response.status_code == 400
    if fine != "abc":
        assert "The fine is between ¥50.00 and ¥500.00." in page
    incident.refresh_from_db()
    assert incident.fine == Decimal("0")


@pytest.mark.rule("CARD-8")
def test_the_edges_of_the_range_are_allowed(manager, rep, card):
    incident = CardIncidentFactory(card=card, holder=rep)
    for fine in (Decimal("50"), Decimal("500")):
        assert incident_set_fine(incident=incident, fine=fine, by=manager).fine == fine


@pytest.mark.rule("CARD-8")
def test_the_range_follows_the_rule_settings(manager, rep, card):
    RuleParameter.objects.create(key="card.fine_max", value="1000")
    param_forget("card.fine_max")
    incident = CardIncidentFactory(card=card, holder=rep)

    assert incident_set_fine(incident=incident, fine=Decimal("800"), by=manager).fine == 800
    with pytest.raises(ValidationError, match="1,000.00"):
        incident_set_fine(incident=incident, fine=Decimal("1000.5"), by=manager)


@pytest.mark.rule("CARD-8")
def test_a_doctor_cannot_set_the_fine(client_for, doctor, rep, card):
    incident = CardIncidentFactory(card=card, holder=rep)
    response = client_for(doctor).post(
        reverse("customers:incident_fine", args=[incident.pk]), {"fine": "100"}
    )
    assert response.status_code == 403


@pytest.mark.rule("CARD-8")
def test_the_card_is_marked_restored_and_the_card_page_shows_the_incident(
    client_for, doctor, manager, rep, card, frozen_now, english
):
    incident = CardIncidentFactory(card=card, holder=rep, fine=Decimal("100"))

    response = client_for(doctor).post(reverse("customers:incident_restored", args=[incident.pk]))
    page = client_for(manager).get(reverse("customers:card_detail", args=[card.pk]))

    incident.refresh_from_db()
    assert response.status_code == 302
    assert incident.restored_at == frozen_now
    content = page.content.decode()
    assert f'data-incident="{incident.pk}"' in content
    assert "¥100.00" in content
    assert "data-restored" in content


def test_a_rep_cannot_report_an_incident(client_for, rep, card):
    response = report(client_for(rep), card, kind="lost", holder=rep.pk, description="x")
    assert response.status_code == 403


def test_an_incident_needs_a_kind_and_a_description(client_for, doctor, rep, card, english):
    response = report(client_for(doctor), card, holder=rep.pk)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose lost, damaged or incomplete." in page
    assert "Describe what happened." in page


@pytest.mark.rule("CARD-8")
def test_the_manager_lists_open_incidents_with_a_pinned_query_count(
    client_for, manager, rep, django_assert_max_num_queries, frozen_now
):
    for _ in range(3):
        CardIncidentFactory(holder=rep)
    CardIncidentFactory(holder=rep, restored_at=frozen_now)
    client = client_for(manager)

    with django_assert_max_num_queries(8):
        open_ = client.get(reverse("customers:card_incidents"))
    every = client.get(reverse("customers:card_incidents"), {"show": "all"})
    bad = client.get(reverse("customers:card_incidents"), {"show": "<x>"})

    assert open_.context["page"].paginator.count == 3
    assert every.context["page"].paginator.count == 4
    assert bad.status_code == 200


@pytest.mark.rule("CARD-8")
def test_a_lost_card_no_longer_reads_as_in_a_doctors_custody(
    client_for, doctor, card, frozen_now, english_messages
):
    url = reverse("customers:card_detail", args=[card.pk])
    before = client_for(doctor).get(url).content.decode()
    assert "In a service doctor&#x27;s custody" in before or "custody" in before
    incident = CardIncidentFactory(card=card)
    html = client_for(doctor).get(url).content.decode()
    assert 'data-status="lost"' in html
    assert "Lost, not restored yet" in html
    assert 'data-status="in_custody"' not in html
    CardIncident.objects.filter(pk=incident.pk).update(restored_at=frozen_now)
    assert 'data-status="in_custody"' in client_for(doctor).get(url).content.decode()
