"""Every time an editor reads in the admin is on the paper's clock (Asia/Ho_Chi_Minh), never UTC.

The reference article was published at 16:41 local time (09:41 UTC); its change form used to say
"Đã xuất bản — 09:41, 10/12/2021" and its history was 7 hours early too.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.content.publishing import publish_article
from articles.desk.editing import save_article
from articles.desk.revisions import versions_of

AT_1641 = datetime(2021, 12, 10, 16, 41, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def published_at_1641(editor, make_article, time_machine):
    """An article saved and published at 16:41 local time (its events and revisions too)."""
    time_machine.move_to(AT_1641, tick=False)
    article = make_article(created_by=editor, credit_line="Hồng Chuyên")
    save_article(article=article, user=editor)
    publish_article(article=article, editor=editor)
    time_machine.move_to(datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("UTC")), tick=False)
    return article


def test_every_admin_page_that_shows_the_articles_times_shows_1641_never_0941(published_at_1641, editor, client):
    article = published_at_1641
    version = versions_of(article).first()
    client.force_login(editor)
    pages = [
        f"/admin/articles/article/{article.pk}/change/",  # "Đã xuất bản — 16:41, 10/12/2021" and the history
        "/admin/articles/article/",  # published and updated columns
        f"/admin/articles/article/{article.pk}/revisions/",
        f"/admin/articles/article/{article.pk}/revisions/{version.pk}/",
        "/admin/articles/workflowevent/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "16:41" in page, url
        assert "09:41" not in page, url

    change_form = client.get(pages[0]).content.decode()
    assert "Đã xuất bản — 16:41, 10/12/2021" in change_form


def test_the_workflow_events_name_reads_the_local_time(published_at_1641):
    event = published_at_1641.events.get(action="publish")
    assert "16:41, 10/12/2021" in str(event)
