"""``manage.py rebuild_search_index``: recompute every article's search document.

``Article.save()`` keeps ``search_vector`` current; rows that never went
through it (bulk inserts, the load benchmark's generator, raw SQL, a partial
restore) are invisible to search until this runs. Safe to run at any time:
it only rewrites ``search_vector``, batch by batch, then marks every cached
public page stale so search pages show the new results.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.models.article import rebuild_search_index
from newsroom.page_cache import site_changed


class Command(BaseCommand):
    help = "Recompute the full-text search document of every article, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="Articles per UPDATE (default 200).")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        indexed = rebuild_search_index(batch_size=batch_size)
        site_changed()
        noun = "article" if indexed == 1 else "articles"
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} {noun}."))
