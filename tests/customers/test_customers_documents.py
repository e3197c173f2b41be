"""An organisation's documents and contacts (DEAL-5), reachable only through the scope."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from crm import roles
from crm.models import RuleParameter
from customers.models import Contact, CustomerDocument, DocumentKind
from tests.customers.factories import CustomerFactory
from tests.customers.factories_customers import (
    EXE,
    FAKE_PDF,
    FAKE_PNG,
    JPEG,
    PDF,
    PNG,
    ContactFactory,
    CustomerDocumentFactory,
    OrganisationFactory,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield tmp_path
    cache.clear()


@pytest.fixture
def other_rep(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


@pytest.fixture
def org(rep):
    return OrganisationFactory(name="康泰科技有限公司", owner=rep)


def upload_url(customer) -> str:
    return reverse("customers:customer_document_new", args=[customer.pk])


def download_url(document) -> str:
    return reverse("customers:customer_document_download", args=[document.customer_id, document.pk])


def send(client, customer, name, content, kind=DocumentKind.BUSINESS_LICENCE):
    return client.post(
        upload_url(customer),
        {"kind": kind, "file": upload(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


# Uploading -----------------------------------------------------------------------------


@pytest.mark.rule("DEAL-5")
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("营业执照.pdf", PDF, "application/pdf"),
        ("税务登记.PNG", PNG, "image/png"),
        ("licence.jpeg", JPEG, "image/jpeg"),
        ("licence.jpg", JPEG, "image/jpeg"),
    ],
)
def test_a_rep_uploads_a_document_of_an_accepted_type(
    client_for, rep, org, name, content, content_type
):
    response = send(client_for(rep), org, name, content)
    assert response.status_code == 302
    document = CustomerDocument.objects.get()
    assert document.original_name == name
    assert document.content_type == content_type
    assert document.uploaded_by == rep
    assert document.size == len(content)
    # Stored under a name of our own, never the one the user typed.
    assert name not in document.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.pdf", EXE),  # the content is not a PDF, whatever the name says
        ("licence.pdf", PNG),  # the name and the content disagree
        ("licence.exe", PDF),
        ("licence", PDF),
        ("notes.txt", b"plain text"),
    ],
)
def test_a_file_that_is_not_a_pdf_jpg_or_png_is_refused(client_for, rep, org, name, content):
    response = send(client_for(rep), org, name, content)
    assert response.status_code == 400
    assert "Only PDF, JPG and PNG files can be uploaded" in response.content.decode()
    assert not CustomerDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("licence.pdf", FAKE_PDF), ("licence.png", FAKE_PNG)]
)
def test_a_file_that_only_starts_like_a_pdf_or_png_is_refused(client_for, rep, org, name, content):
    """Issue 13, item 7: the whole file is read, not its first bytes."""
    response = send(client_for(rep), org, name, content)
    assert response.status_code == 400
    assert "cannot be opened as a" in response.content.decode()
    assert not CustomerDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, rep, org):
    RuleParameter.objects.create(key="customer.document_max_mb", value="1")
    big = PDF + b"0" * (1024 * 1024)
    response = send(client_for(rep), org, "big.pdf", big)
    assert response.status_code == 400
    assert "the largest allowed is 1.0" in response.content.decode()
    assert not CustomerDocument.objects.exists()
    small = send(client_for(rep), org, "small.pdf", PDF + b"0" * 1000)
    assert small.status_code == 302


@pytest.mark.rule("SEAL-2")
def test_a_rep_cannot_upload_to_another_reps_customer(client_for, rep, other_rep):
    theirs = OrganisationFactory(owner=other_rep)
    assert send(client_for(rep), theirs, "a.pdf", PDF).status_code == 404
    assert not CustomerDocument.objects.exists()


def test_uploading_needs_the_permission(client_for, make_user, org):
    gm = make_user(roles.GENERAL_MANAGER)
    assert send(client_for(gm), org, "a.pdf", PDF).status_code == 403


# Downloading ---------------------------------------------------------------------------


def test_the_download_sends_the_file_under_its_original_name(client_for, rep, org):
    document = CustomerDocumentFactory(customer=org, original_name="营业执照.pdf")
    response = client_for(rep).get(download_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf"
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == PDF


def test_every_download_is_logged(client_for, rep, org, other_rep):
    """Issue 13, item 7: who downloaded which document, when and from where."""
    from accounts.models import DocumentDownload

    document = CustomerDocumentFactory(customer=org, original_name="营业执照.pdf")
    client_for(rep).get(download_url(document), REMOTE_ADDR="10.2.3.4")
    row = DocumentDownload.objects.get()
    assert (row.user, row.name, row.customer_id, row.ip_address) == (
        rep,
        "营业执照.pdf",
        org.pk,
        "10.2.3.4",
    )
    assert row.document == f"customers.customerdocument:{document.pk}"
    theirs = CustomerDocumentFactory(customer=OrganisationFactory(owner=other_rep))
    client_for(rep).get(download_url(theirs))  # 404: nothing handed out, nothing logged
    assert DocumentDownload.objects.count() == 1


@pytest.mark.rule("SEAL-2")
def test_another_reps_document_answers_404(client_for, rep, other_rep):
    theirs = CustomerDocumentFactory(customer=OrganisationFactory(owner=other_rep))
    assert client_for(rep).get(download_url(theirs)).status_code == 404


@pytest.mark.rule("SEAL-2")
def test_a_document_asked_for_under_another_customer_answers_404(client_for, rep, org, other_rep):
    theirs = CustomerDocumentFactory(customer=OrganisationFactory(owner=other_rep))
    url = reverse("customers:customer_document_download", args=[org.pk, theirs.pk])
    assert client_for(rep).get(url).status_code == 404


def test_a_document_whose_file_is_gone_answers_404(client_for, rep, org):
    document = CustomerDocumentFactory(customer=org)
    document.file.storage.delete(document.file.name)
    assert client_for(rep).get(download_url(document)).status_code == 404


@pytest.mark.rule("SEAL-3")
def test_documents_are_never_linked_to_a_public_media_url(client_for, rep, org, settings):
    document = CustomerDocumentFactory(customer=org)
    page = reverse("customers:customer_detail", args=[org.pk])
    content = client_for(rep).get(page, {"tab": "documents"}).content  # WORK-1: its tab
    assert download_url(document).encode() in content
    assert document.file.name.encode() not in content
    assert settings.MEDIA_URL.encode() not in content
    assert client_for(rep).get("/" + settings.MEDIA_URL + document.file.name).status_code == 404


@pytest.mark.rule("SEAL-3")
def test_a_document_is_not_reachable_without_signing_in(client, org):
    document = CustomerDocumentFactory(customer=org)
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Contacts ------------------------------------------------------------------------------


@pytest.mark.rule("DEAL-5")
def test_a_rep_adds_edits_and_removes_a_contact(client_for, rep, org):
    client = client_for(rep)
    response = client.post(
        reverse("customers:customer_contact_new", args=[org.pk]),
        {"name": "陈经理", "title": "采购部", "phone": "139-1111-2222", "email": ""},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.customer, contact.phone) == (org, "13911112222")
    edit = reverse("customers:customer_contact_edit", args=[org.pk, contact.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": "陈总", "title": "总经理", "phone": "", "email": "c@example.com"})
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == ("陈总", "c@example.com", "")
    client.post(reverse("customers:customer_contact_remove", args=[org.pk, contact.pk]))
    assert not Contact.objects.exists()
    # The history keeps who removed it.
    assert Contact.history.filter(history_type="-").get().history_user == rep


def test_a_contact_needs_a_phone_or_an_e_mail(client_for, rep, org):
    response = client_for(rep).post(
        reverse("customers:customer_contact_new", args=[org.pk]),
        {"name": "陈经理", "title": "", "phone": "", "email": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Enter a phone or an e-mail address." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_person_has_no_contacts(client_for, rep):
    person = CustomerFactory(owner=rep)
    response = client_for(rep).post(
        reverse("customers:customer_contact_new", args=[person.pk]),
        {"name": "儿子", "phone": "13911112222"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("customers:customer_detail", args=[person.pk])
    assert "Contacts are kept for organisations only." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.rule("SEAL-2")
def test_another_reps_contacts_answer_404(client_for, rep, other_rep):
    contact = ContactFactory(customer=OrganisationFactory(owner=other_rep))
    client = client_for(rep)
    customer = contact.customer
    edit = reverse("customers:customer_contact_edit", args=[customer.pk, contact.pk])
    remove = reverse("customers:customer_contact_remove", args=[customer.pk, contact.pk])
    add = reverse("customers:customer_contact_new", args=[customer.pk])
    assert client.get(edit).status_code == 404
    assert client.post(remove).status_code == 404
    assert client.post(add, {"name": "x", "phone": "13911112222"}).status_code == 404
    assert Contact.objects.count() == 1
