"""Factories and file samples for the customer pages: contacts, documents, organisations."""

import io

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from customers.models import Contact, CustomerDocument, CustomerKind, DocumentKind
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, kind)
    return out.getvalue()


# Small real files of each accepted type (the whole file is read, not only its first bytes).
PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")
EXE = b"MZ\x90\x00" + b"\x00" * 32
# Files that start like an accepted type but are not one (issue 13, item 7).
FAKE_PDF = b"%PDF-1.7\n" + b"MZ\x90\x00" + b"\x00" * 64
FAKE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class OrganisationFactory(CustomerFactory):
    kind = CustomerKind.ORGANISATION
    name = factory.Sequence(lambda n: f"北京康泰{n}科技有限公司")
    organisation = factory.LazyAttribute(lambda c: c.name)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    customer = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    title = "采购部 经理"
    phone = factory.Sequence(lambda n: f"137{n:08d}")


class CustomerDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerDocument

    customer = factory.SubFactory(OrganisationFactory)
    kind = DocumentKind.BUSINESS_LICENCE
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="licence.pdf"))
    original_name = "营业执照.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    uploaded_by = factory.SubFactory(UserFactory)
