"""Forms of the customer pages: they validate and normalise; the services write."""

from __future__ import annotations

import os

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader

from crm.models import Region
from crm.parameters import param
from customers.models import (
    Contact,
    Customer,
    CustomerKind,
    DocumentKind,
    InformationSource,
)
from customers.names import phone_clean
from customers.selectors.customers import OWNER_MINE, OWNER_POOL

# What a document may be, recognised by its first bytes, and the extensions that go with it.
DOCUMENT_TYPES = (
    (b"%PDF-", "application/pdf", ("pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", ("png",)),
    (b"\xff\xd8\xff", "image/jpeg", ("jpg", "jpeg")),
)


def document_readable(upload, *, content_type: str) -> bool:
    """Issue 13, item 7: the whole file is read as what its first bytes claim (a PDF by
    pypdf, an image by Pillow); a file that only starts like one is refused."""
    upload.seek(0)
    try:
        if content_type == "application/pdf":
            reader = PdfReader(upload, strict=False)
            readable = len(reader.pages) > 0
        else:
            with Image.open(upload) as image:
                image.verify()
            readable = True
    except Exception:  # noqa: BLE001  (any parser error means the file is not what it claims)
        readable = False
    finally:
        upload.seek(0)
    return readable


def phone_masked(phone: str) -> str:
    """138****8000: enough to recognise a duplicate, not enough to call it (INTAKE-9)."""
    digits = phone or ""
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 10 else 1
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


def _region_label(region: Region) -> str:
    return f"{region.parent.name} · {region.name}" if region.parent_id else region.name


def _regions():
    return Region.objects.select_related("parent").order_by("code")


class CustomerForm(forms.ModelForm):
    """A customer's profile (DEAL-5) with where the company learned of them (INTAKE-8)."""

    class Meta:
        model = Customer
        fields = [
            "kind",
            "name",
            "phone",
            "email",
            "organisation",
            "region",
            "address",
            "source",
            "is_key_customer",
            "description",
            "characteristics",
            "business_status",
            "economic_strength",
            "credit_note",
            "transaction_status",
            "sales_summary",
        ]
        widgets = {
            "kind": forms.RadioSelect(attrs={"class": "customer-kind"}),
            "phone": forms.TextInput(
                attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}
            ),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "description",
                    "characteristics",
                    "business_status",
                    "economic_strength",
                    "credit_note",
                    "transaction_status",
                    "sales_summary",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Customer name")
        self.fields["source"].required = True
        self.fields["source"].choices = [("", _("Choose a source")), *InformationSource.choices]
        self.fields["source"].error_messages["required"] = _(
            "Choose where the company learned of this customer."
        )
        region = self.fields["region"]
        region.queryset = _regions()
        region.label_from_instance = _region_label
        region.empty_label = _("Choose a region")
        self.fields["phone"].help_text = _(
            "A mobile number, or a landline with its area code. Required for a person."
        )

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Enter the customer's name."), code="required")
        return name

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone") or ""
        return phone_clean(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        is_person = data.get("kind") == CustomerKind.PERSON
        if is_person and not data.get("phone") and "phone" not in self.errors:
            self.add_error(
                "phone", forms.ValidationError(_("Enter the person's phone."), "required")
            )
        return data

    def duplicate_keys(self) -> dict:
        """What INTAKE-9 compares: the phone, and the organisation's registered name."""
        data = self.cleaned_data
        organisation = data.get("organisation", "")
        if not organisation and data.get("kind") == CustomerKind.ORGANISATION:
            organisation = data.get("name", "")
        return {"phone": data.get("phone", ""), "organisation": organisation}


class DuplicateConfirmForm(forms.Form):
    """INTAKE-9: "create anyway", ticked after seeing exactly these matches."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    create_anyway = forms.BooleanField(
        label=_("These are different customers: save anyway"), required=False
    )

    def confirmed(self, *, matches: list) -> bool:
        if not self.is_valid():
            return False
        shown = ",".join(str(c.pk) for c in matches)
        return self.cleaned_data["create_anyway"] and self.cleaned_data["seen"] == shown


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email"]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Contact name")

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Enter the contact's name."), code="required")
        return name

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone") or ""
        return phone_clean(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.errors:
            self.add_error(
                "phone",
                forms.ValidationError(_("Enter a phone or an e-mail address."), "required"),
            )
        return data


class CustomerDocumentForm(forms.Form):
    """A business licence, tax registration or other document: PDF, JPG or PNG only.

    The type is judged by the file's content, not its name; the name must agree.
    """

    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = int(param("customer.document_max_mb")) * 1024 * 1024
        self.fields["file"].help_text = _("PDF, JPG or PNG, at most %(size)s.") % {
            "size": filesizeformat(self.max_bytes)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest allowed is %(max)s."),
                code="too_big",
                params={"size": filesizeformat(upload.size), "max": filesizeformat(self.max_bytes)},
            )
        extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        for magic, content_type, extensions in DOCUMENT_TYPES:
            if head.startswith(magic):
                if extension not in extensions:
                    break
                if not document_readable(upload, content_type=content_type):
                    raise forms.ValidationError(
                        _("This file cannot be opened as a %(kind)s; it may be damaged."),
                        code="file_damaged",
                        params={"kind": extensions[0].upper()},
                    )
                self.cleaned_data["content_type"] = content_type
                self.cleaned_data["extension"] = extensions[0]
                return upload
        raise forms.ValidationError(
            _("Only PDF, JPG and PNG files can be uploaded, and the file's name must match."),
            code="file_type",
        )


class CustomerFilterForm(forms.Form):
    """The list's search box and filters. A value that is not valid is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, phone, organisation or pinyin"),
                "autocomplete": "off",
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *CustomerKind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=None, empty_label=_("All regions")
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *InformationSource.choices],
    )
    owner = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        choices=[
            ("", _("All I may see")),
            (OWNER_MINE, _("Mine")),
            (OWNER_POOL, _("The pool")),
        ],
    )
    key = forms.BooleanField(label=_("Key customers only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = _regions()
        region.label_from_instance = _region_label

    def filters(self) -> dict:
        """The valid values, as arguments of `customer_list_for`."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "region": data.get("region"),
            "source": data.get("source") or "",
            "key_only": bool(data.get("key")),
            "owner": data.get("owner") or "",
        }
