"""Photos inserted in the body become captioned, credited figures; staff preview any article, uncached."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.content.publishing import publish_article
from articles.desk.editing import save_article
from articles.models import Author, Byline


def test_photo_inserted_in_the_editor_is_linked_and_rendered_with_caption_and_credit(
    client, editor, make_article, make_photo
):
    photo = make_photo(caption="", credit="Hồng Chuyên", alt_text="")
    article = make_article()
    article.body = (
        "<p>Mở đầu.</p>"
        f'<figure class="image photo"><img src="{photo.display_url}" alt="Đại biểu dự hội nghị" width="960">'
        "<figcaption>Các đại biểu tham dự hội nghị.</figcaption></figure>"
    )
    save_article(article=article, user=editor, expected_version=article.version)

    assert list(article.body_photos.all()) == [photo]
    photo.refresh_from_db()
    assert photo.caption == "Các đại biểu tham dự hội nghị."  # typed under the image in the editor
    assert photo.alt_text == "Đại biểu dự hội nghị"

    Byline.objects.create(article=article, author=Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen"))
    publish_article(article=article, editor=editor)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Các đại biểu tham dự hội nghị." in page
    assert "(Ảnh: Hồng Chuyên)" in page
    assert f"{photo.rendition_url(480)} 480w" in page


def test_corrected_caption_shows_in_the_article_without_re_saving_it(client, editor, make_article, make_photo):
    photo = make_photo()
    article = make_article(credit_line="Theo TTXVN")
    article.body = f'<p>x</p><img src="{photo.display_url}" alt="a">'
    save_article(article=article, user=editor, expected_version=article.version)
    publish_article(article=article, editor=editor)
    photo.caption = "Chú thích đã đính chính."
    photo.save()
    assert "Chú thích đã đính chính." in client.get(article.get_absolute_url()).content.decode()


def test_article_page_runs_the_same_queries_with_one_or_many_photos(client, editor, make_article, make_photo):
    def queries_for(photo_count):
        article = make_article(credit_line="Theo TTXVN")
        photos = [make_photo(caption=f"Ảnh {index}") for index in range(photo_count)]
        article.body = "".join(f'<p>Đoạn {i}</p><img src="{p.display_url}" alt="a">' for i, p in enumerate(photos))
        save_article(article=article, user=editor, expected_version=article.version)
        publish_article(article=article, editor=editor)
        cache.clear()  # the same start for both: nothing remembered by the page cache
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url())
        assert page.content.decode().count("<figure") == photo_count
        return len(queries)

    assert queries_for(1) == queries_for(6)


def test_staff_preview_shows_a_draft_and_is_never_cached(client, editor, make_article):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(f"/xem-truoc/{article.pk}/")
    assert response.status_code == 200
    assert "Bản xem trước" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_scheduled_article_is_404_to_readers_but_previewable(client, editor, make_article):
    article = make_article(credit_line="Theo TTXVN")
    publish_article(article=article, editor=editor, when=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert "(hẹn giờ)" in client.get(f"/xem-truoc/{article.pk}/").content.decode()


def test_readers_cannot_open_previews(client, make_article):
    article = make_article()
    response = client.get(f"/xem-truoc/{article.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_outdated_slug_redirects_to_the_canonical_address(client, editor, make_article):
    article = make_article(credit_line="Theo TTXVN")
    publish_article(article=article, editor=editor)
    response = client.get(f"/thoi-su/ten-cu-{article.pk}.html")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_editor_browses_the_photo_library_to_insert_a_photo(client, reporter, make_photo):
    photo = make_photo(caption="Lễ hội cà phê Buôn Ma Thuột")
    make_photo(caption="Hội nghị tổng kết")
    client.force_login(reporter)
    page = client.get("/admin/editor/photos/?q=cà phê").content.decode()
    assert photo.thumbnail_url in page
    assert f'href="/admin/editor/photos/{photo.pk}/"' in page  # the dialog's next step: caption, credit, alt text
    assert "Hội nghị tổng kết" not in page


def test_photo_browser_is_closed_to_readers_and_moderators(client, moderator):
    assert client.get("/admin/editor/photos/").status_code in (302, 403)
    client.force_login(moderator)
    assert client.get("/admin/editor/photos/").status_code == 403
