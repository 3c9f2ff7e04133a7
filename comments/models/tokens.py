from django.db import models


class SpentFormToken(models.Model):
    """A comment-form token that has been used once, kept until it would have expired anyway.

    Security state lives in the database, not the cache: a flood of anonymous
    requests can push entries out of a least-recently-used cache, never rows
    out of a table. The primary key makes spending atomic: of two posts racing
    with one token, only one inserts the row.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "mã biểu mẫu đã dùng"
        verbose_name_plural = "mã biểu mẫu đã dùng"
        # Pruning the rows past their token's lifetime.
        indexes = [models.Index(fields=["expires_at"], name="spent_token_expiry")]

    def __str__(self):
        return self.digest
