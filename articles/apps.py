from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Nội dung"

    def ready(self):
        from articles import revisions  # noqa: F401  registers the models with django-reversion
