from django.db import models


class DailyViews(models.Model):
    """Reader page views of one article on one day (Asia/Ho_Chi_Minh), flushed from cache counters.

    Views are counted in the cache (one atomic increment per view) and added
    here in batches by ``articles.site.popularity.flush_view_counts``, so reading an
    article never writes to the database.
    """

    article = models.ForeignKey(
        "articles.Article", verbose_name="bài viết", on_delete=models.CASCADE, related_name="daily_views"
    )
    date = models.DateField("ngày")
    views = models.PositiveIntegerField("lượt xem", default=0)

    class Meta:
        verbose_name = "lượt xem theo ngày"
        verbose_name_plural = "lượt xem theo ngày"
        constraints = [models.UniqueConstraint(fields=["article", "date"], name="daily_views_one_row_per_day")]
        indexes = [models.Index(fields=["date", "article"], name="daily_views_recent")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"
