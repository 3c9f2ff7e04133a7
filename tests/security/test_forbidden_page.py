"""A staff member refused a page gets a Vietnamese page, not Django's English "403 Forbidden"."""

from django.test import Client


def test_a_moderator_opening_the_articles_gets_a_vietnamese_403(moderator):
    client = Client()
    client.force_login(moderator)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không có quyền truy cập" in page
    assert "Forbidden" not in page
