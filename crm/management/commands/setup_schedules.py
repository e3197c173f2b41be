from django.core.management.base import BaseCommand
from django.utils import timezone

from crm.services import schedules_sync


class Command(BaseCommand):
    help = "Create or update the task queue's schedules declared in crm/schedules.py."

    def handle(self, *args, **options):
        changed = schedules_sync(now=timezone.now())
        for line in changed:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"schedules in place ({len(changed)} changed)"))
