"""``manage.py backup_site``: the database (pg_dump custom format) and the uploaded media in one dated directory."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the site into OUTPUT_DIR/<UTC time>/: database.dump (pg_dump --format=custom of the database "
        "Django uses), media.tar.gz (every file under MEDIA_ROOT) and manifest.json (versions, SHA-256 sums). "
        "Restore with `manage.py restore_site <dir>` (make restore BACKUP=<dir>). `make backup` runs this."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.BASE_DIR / "var" / "backups",
            help="Where the dated backup directory is created (default: var/backups).",
        )
        parser.add_argument(
            "--pg-bin",
            help="Directory holding pg_dump (default: the one matching the server's version, found automatically).",
        )

    def handle(self, *args, output_dir, pg_bin, **options):
        try:
            backup = create_backup(output_dir, bin_dir=pg_bin)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {backup}"))
