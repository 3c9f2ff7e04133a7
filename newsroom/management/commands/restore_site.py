"""``manage.py restore_site <backup>``: a backup_site directory back into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site: checks its SHA-256 sums, restores the database in one "
        "transaction (pg_restore), then unpacks the media into MEDIA_ROOT and marks cached pages stale. "
        "Refuses a database with tables or a MEDIA_ROOT with files unless --force, which drops and replaces "
        "what the backup contains. `make restore BACKUP=<dir> [FORCE=1]` runs this."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup directory, e.g. var/backups/20260310T020000Z.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore over a database and MEDIA_ROOT that are not empty (drops the objects the backup holds).",
        )
        parser.add_argument(
            "--pg-bin",
            help="Directory holding pg_restore (default: the one matching the server's version, found automatically).",
        )

    def handle(self, *args, backup, force, pg_bin, **options):
        try:
            restored = restore_backup(backup, force=force, bin_dir=pg_bin)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored database {restored['database']!r} ({restored['tables']} tables) from {backup}"
            )
        )
        if restored["media_root"] is not None:
            self.stdout.write(f"Restored {restored['media_files']} media files into {restored['media_root']}")
        if restored["unapplied_migrations"]:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates this code by {restored['unapplied_migrations']} migrations: "
                    "run `manage.py migrate` before serving."
                )
            )
