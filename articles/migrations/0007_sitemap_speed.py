from django.db import migrations

# The sitemap index's date for each article sitemap page (articles/site/sitemaps.py): a page is an id range of
# 1,000 (sitemaps.MAX_URLS, which must agree, a test checks it), and its date is the latest change among
# its visible articles, read here at the top of the range's entries instead of from every article in it.
# The included columns let PostgreSQL answer from the index alone (the page number is computed from id;
# published_at decides visibility). Written in SQL, like 0006: the page size is the sitemap's business,
# not the model's.
CREATE = """
CREATE INDEX IF NOT EXISTS article_sitemap_page ON articles_article
    ((id / 1000), GREATEST(updated_at, published_at) DESC) INCLUDE (id, published_at, updated_at)
    WHERE status = 'published' AND deleted_at IS NULL
"""
DROP = "DROP INDEX IF EXISTS article_sitemap_page"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_tags_tag_latest"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
