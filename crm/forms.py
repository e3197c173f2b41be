"""Forms of the shell's own pages."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from crm.lib.lists import list_query


class SavedViewForm(forms.Form):
    """WORK-2: save the list the user is looking at (its path and query) under a name."""

    name = forms.CharField(label=_("Name of the view"), max_length=40)
    path = forms.CharField(max_length=200, widget=forms.HiddenInput)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)
    shared = forms.BooleanField(label=_("Share with everyone who opens this list"), required=False)

    def clean_path(self) -> str:
        path = self.cleaned_data["path"]
        if not path.startswith("/") or path.startswith("//"):
            raise forms.ValidationError(_("This is not a list of this site."))
        try:
            self.list_key = resolve(path).view_name
        except Resolver404 as exc:
            raise forms.ValidationError(_("This is not a list of this site.")) from exc
        return path

    def clean_query(self) -> str:
        # The filters and sort, never a page's cursor: a view opens at its first page.
        return list_query(QueryDict(self.cleaned_data.get("query", "")))
