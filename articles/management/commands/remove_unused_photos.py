"""``manage.py remove_unused_photos --days N``: delete library photos nothing has used, uploaded over N days ago."""

from django.core.management.base import BaseCommand, CommandError

from articles.content.photo_usage import remove_unused_photos


class Command(BaseCommand):
    help = (
        "Delete the photos of the library that no article, author or kept revision has ever used "
        "(the 'chưa dùng' filter of Thư viện ảnh) and that were uploaded more than --days days ago, "
        "with their files. A photo any revision of an article names is kept, so restoring it finds its photos. "
        "--dry-run lists them and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Only photos uploaded more than this many days ago.")
        parser.add_argument("--dry-run", action="store_true", help="List the photos, delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1: a photo just uploaded may be on its way into an article.")
        photos = remove_unused_photos(older_than_days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        if options["verbosity"] >= 2:
            for photo in photos:
                self.stdout.write(f"{photo.pk}\t{photo.uploaded_at:%Y-%m-%d}\t{photo.image.name}")
        self.stdout.write(f"{verb} {len(photos)} unused photo(s) uploaded more than {days} days ago.")
