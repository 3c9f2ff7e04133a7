"""Create the demo superuser printed in the README, only when no superuser exists."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the demo superuser when the database has none (safe to run again)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "ensure_demo_superuser refuses to run with DJANGO_ENV=production: "
                "its users and passwords are published in the README. "
                "Create real accounts with `manage.py createsuperuser`."
            )
        User = get_user_model()
        demo = settings.DEMO_SUPERUSER
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; nothing created.")
            return
        User.objects.create_superuser(demo["username"], demo["email"], demo["password"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo superuser created — username: {demo['username']}  password: {demo['password']}")
        )
