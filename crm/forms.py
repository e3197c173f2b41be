"""Forms of the shell's own pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
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


class NoticeSettingsForm(forms.Form):
    """API-4: the reader's language and, per kind of notice, the channels it goes through.

    Built from crm.selectors.notice_settings_for: one field of checkboxes per kind, named by
    the kind, offering every channel but the in-app one (always on)."""

    language = forms.ChoiceField(label=_("Language of notices"), choices=settings.LANGUAGES)

    def __init__(self, *args, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        choices = [(c.key, c.label) for c in current["channels"] if c.optional]
        for item in current["kinds"]:
            self.fields[item["kind"]] = forms.MultipleChoiceField(
                label=item["label"],
                choices=choices,
                required=False,
                initial=sorted(item["chosen"]),
            )

    def rows(self) -> list[dict]:
        """Per kind its label, errors and a box per channel (checked, usable)."""
        data = self.data.getlist if self.is_bound else None
        rows = []
        for item in self.current["kinds"]:
            chosen = set(data(item["kind"])) if data else item["chosen"]
            rows.append(
                {
                    "kind": item["kind"],
                    "label": item["label"],
                    "errors": self.errors.get(item["kind"], []),
                    "boxes": [
                        {
                            "key": channel.key,
                            "label": channel.label,
                            "checked": channel.key in chosen or not channel.optional,
                            "usable": channel.optional and channel.key in self.current["available"],
                        }
                        for channel in self.current["channels"]
                    ],
                }
            )
        return rows
