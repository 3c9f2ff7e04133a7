"""``manage.py flush_view_counts``: move the cached "Đọc nhiều" view counters into DailyViews."""

from django.core.management.base import BaseCommand

from articles.site.popularity import flush_view_counts


class Command(BaseCommand):
    help = (
        "Move the view counters kept in the cache into the DailyViews table (the 'Đọc nhiều' list). "
        "Run it every minute from a cron job or a systemd timer, e.g. "
        "'* * * * * cd /srv/newsroom && .venv/bin/python manage.py flush_view_counts'. "
        "Without a timer the counting view flushes at most once a minute by itself. "
        "Needs the shared cache (REDIS_URL): with the default local-memory cache the counters live inside "
        "the web server's process and only its own once-a-minute flush can see them. "
        "Safe to run on several hosts at once: one flush at a time holds a lock in the shared cache. "
        "Silent unless run with -v 2, so cron mails nothing."
    )

    def handle(self, *args, **options):
        flushed = flush_view_counts()
        if options["verbosity"] < 2:
            return
        if flushed is None:
            self.stdout.write("Another flush is running; nothing done.")
        else:
            self.stdout.write(f"Flushed {flushed} views.")
