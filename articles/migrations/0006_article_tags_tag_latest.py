from django.db import migrations

# The tag's newest articles by id, read without touching the article rows: the article page's related
# articles (articles/models/detail.py) and the tag page take their candidates from it. Django's
# auto-created M2M table has no Meta to declare it on.
CREATE = "CREATE INDEX IF NOT EXISTS article_tags_tag_latest ON articles_article_tags (tag_id, article_id DESC)"
DROP = "DROP INDEX IF EXISTS article_tags_tag_latest"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_comment_count"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
