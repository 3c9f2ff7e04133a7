from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Nội dung"

    def ready(self):
        from articles.desk import revisions  # noqa: F401  registers the models with django-reversion
        from articles.models import Article
        from newsroom import page_cache

        # Cached listings never outlive the next scheduled article's minute (``published()`` shows it then).
        page_cache.watch_schedule(
            lambda: Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )
