from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_USERS, demo_key


class Command(BaseCommand):
    help = "Print the current second-step code of a demo user (gm, finance, admin) for make run."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=DEMO_USERS)

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        key = demo_key(username)
        device = TOTPDevice.objects.filter(user=user, key=key, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{username} has no demo authenticator; run `python manage.py load_demo` first "
                "(a user who set up their own app keeps it, and gets no code here)."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
