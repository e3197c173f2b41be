"""The filters of the analysis pages: period (whole months), step, team, region."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from analysis.selectors.scope import MONTH, WEEK, Named
from crm.lib.dates import add_months, month_start
from crm.parameters import param

MONTH_FORMAT = "%Y-%m"


def _indented(rows: list[Named]) -> list[tuple[str, str]]:
    return [(str(r.pk), "\u00a0\u00a0" * r.depth + r.name) for r in rows]


class MonthField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "month"}, format=MONTH_FORMAT)
    input_formats = [MONTH_FORMAT]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-11.")}


class AnalysisFilterForm(forms.Form):
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month)"))
    by = forms.ChoiceField(
        label=_("Trend by"), choices=[(MONTH, _("By month")), (WEEK, _("By week"))], initial=MONTH
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, data, *, teams: list[Named], regions: list[Named], today: dt.date, everything: bool
    ):
        self.today = today
        defaults = self.defaults(today=today)
        merged = {**defaults, **{k: v for k, v in data.items() if k in defaults and v}}
        super().__init__(merged)
        all_label = _("All teams") if everything else _("All my teams")
        self.fields["team"].choices = [("", all_label), *_indented(teams)]
        self.fields["region"].choices = [("", _("All regions")), *_indented(regions)]

    @staticmethod
    def defaults(*, today: dt.date) -> dict:
        """The last 12 months, this one included, by month."""
        end = month_start(today)
        return {
            "start": add_months(end, -11).strftime(MONTH_FORMAT),
            "end": end.strftime(MONTH_FORMAT),
            "by": MONTH,
            "team": "",
            "region": "",
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The last month cannot be before the first."))
            else:
                longest = param("analysis.max_months")
                months = (end.year - start.year) * 12 + end.month - start.month + 1
                if months > longest:
                    self.add_error(
                        "start",
                        _("Choose at most %(count)s months.") % {"count": longest},
                    )
        return data
