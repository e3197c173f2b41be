"""Forms of the visit pages: they validate and normalise only; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.selectors import person_name
from visits.models import VisitMethod

TEXTAREA = {"rows": 2}


class VisitRecordForm(forms.Form):
    """VISIT-6: what every visit records. Phone first: the method as big radio buttons."""

    method = forms.ChoiceField(
        label=_("Visit method"),
        choices=VisitMethod.choices,
        initial=VisitMethod.PHONE,
        widget=forms.RadioSelect(attrs={"class": "visit-method"}),
    )
    visited_at = forms.DateTimeField(
        label=_("Time of the visit"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    met_whom = forms.CharField(
        label=_("Who was met"),
        max_length=200,
        help_text=_("The customer, or who answered (e.g. the daughter)."),
    )
    discussed = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs=TEXTAREA)
    )
    needs = forms.CharField(
        label=_("Customer's needs"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    service_opinion = forms.CharField(
        label=_("Opinion of the service"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    problems = forms.CharField(
        label=_("Problems and suggestions"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    next_step = forms.CharField(label=_("Next step"), widget=forms.Textarea(attrs=TEXTAREA))
    next_on = forms.DateField(
        label=_("Next visit on"),
        required=False,
        help_text=_("Optional: plans the next visit for you."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correction:
            del self.fields["next_on"]
        if not self.is_bound and "visited_at" not in self.initial:
            self.initial["visited_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("next_on", None)
        return data


class VisitPlanForm(forms.Form):
    """VISIT-4: a visit planned by hand."""

    assignee = forms.ModelChoiceField(label=_("Who visits"), queryset=None, empty_label=None)
    due_on = forms.DateField(
        label=_("Visit on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    planned_method = forms.ChoiceField(
        label=_("Visit method"),
        choices=[("", _("Not decided")), *VisitMethod.choices],
        required=False,
    )
    purpose = forms.CharField(label=_("Visit purpose"), max_length=300)

    def __init__(self, *args, assignees, me, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = assignees
        field.label_from_instance = person_name
        if not self.is_bound:
            self.initial.setdefault("assignee", me.pk)
