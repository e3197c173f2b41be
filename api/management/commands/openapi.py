"""Write the API's OpenAPI document (API-1) to docs/openapi.json, or check it is current."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.api import openapi_text


class Command(BaseCommand):
    help = "Write docs/openapi.json from the API (--check: fail if it is out of date)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        target = Path(settings.BASE_DIR) / "docs" / "openapi.json"
        text = openapi_text()
        if check:
            current = json.loads(target.read_text()) if target.exists() else None
            if current != json.loads(text):
                raise CommandError("docs/openapi.json is out of date: run manage.py openapi.")
            return
        target.write_text(text)
        self.stdout.write(f"Wrote {target.relative_to(settings.BASE_DIR)}")
