from django.core.management.base import BaseCommand
from django.utils import timezone

from crm.demo import DEMO_PASSWORD, demo_load
from crm.plugins import app_modules
from crm.roles import role_label


class Command(BaseCommand):
    help = "Load the demo data set (safe to run again) and print the demo logins."

    def handle(self, *args, **options):
        users = demo_load()
        now = timezone.now()
        for module in app_modules("demo"):
            if hasattr(module, "demo_load") and (line := module.demo_load(now=now)):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. The demo logins:"))
        self.stdout.write(f"{'username':<12} {'password':<16} role")
        for user in users:
            label = ", ".join(f"{role_label(code)} ({code})" for code in user.roles)
            self.stdout.write(f"{user.username:<12} {DEMO_PASSWORD:<16} {label}")
