"""A service's ValidationError shown on the form (crm/lib/forms.py)."""

from django import forms
from django.core.exceptions import ValidationError

from crm.lib.forms import errors_onto


class NameForm(forms.Form):
    name = forms.CharField()


class AnswersForm(forms.Form):
    q_1 = forms.CharField()


def _valid(form_class, data):
    form = form_class(data=data)
    assert form.is_valid()
    return form


def test_a_message_for_a_field_goes_next_to_the_field():
    form = _valid(NameForm, {"name": "张三"})
    errors_onto(form, ValidationError({"name": "This name is taken."}))
    assert form.errors == {"name": ["This name is taken."]}


def test_a_plain_message_and_one_for_an_unknown_field_go_on_top():
    form = _valid(NameForm, {"name": "张三"})
    errors_onto(form, ValidationError("Refused."))
    errors_onto(form, ValidationError({"owner": "Not yours."}))
    assert form.non_field_errors() == ["Refused.", "Not yours."]
    assert "name" not in form.errors


def test_with_two_forms_each_message_goes_to_the_form_holding_its_field():
    main, answers = _valid(NameForm, {"name": "张三"}), _valid(AnswersForm, {"q_1": "x"})
    errors_onto(
        main, ValidationError({"q_1": "Answer this.", "name": "Too short.", "x": "?"}), answers
    )
    assert answers.errors == {"q_1": ["Answer this."]}
    assert main.errors == {"name": ["Too short."], "__all__": ["?"]}
