"""The service pages, one module per area. Thin: scoped lookup → form → one service call."""

from django.core.exceptions import ValidationError

PAGE_SIZE = 25


def errors_onto(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: next to the field it names, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
