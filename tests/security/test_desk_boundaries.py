"""Boundaries at the desk found by an outside attack run, each tried from the side that must be refused.

- A reporter changed the caption and file of a photo in a colleague's live article.
- A reporter's new tag made a public page (``/the/<slug>/``) with their text as its heading.
- "Xem trên trang web" (``/admin/r/<ct>/<id>/``) sent a moderator or another reporter to a draft's
  future address, headline and all.
- The moderation queue's article filter printed the headline of any article id, drafts included.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from articles.models import Article, Tag

CAPTION_FIELDS = {"caption": "Chú thích do người khác sửa.", "credit": "Kẻ lạ", "alt_text": "Ảnh"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_photo(user, photo):
    return logged_in(user).post(f"/admin/articles/photo/{photo.pk}/change/", {**CAPTION_FIELDS, "_save": "Lưu"})


# Photos ---------------------------------------------------------------------------------------------------------


def test_a_reporter_cannot_change_the_photo_of_a_colleagues_live_article(
    reporter, other_reporter, make_photo, make_published, client
):
    photo = make_photo(uploaded_by=reporter, caption="Các đại biểu tham dự hội nghị.")
    live = make_published(cover_photo=photo, created_by=reporter)
    live.body_photos.add(photo)

    response = change_photo(other_reporter, photo)

    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.caption == "Các đại biểu tham dự hội nghị."
    assert "Chú thích do người khác sửa." not in client.get(live.get_absolute_url()).content.decode()


def test_a_reporter_cannot_change_a_photo_uploaded_by_someone_else_even_unused(reporter, editor, make_photo):
    photo = make_photo(uploaded_by=editor)
    page = logged_in(reporter).get(f"/admin/articles/photo/{photo.pk}/change/")
    assert page.status_code == 200  # the library stays open to read and pick from
    assert 'name="caption"' not in page.content.decode()
    assert change_photo(reporter, photo).status_code == 403


def test_a_reporter_cannot_change_their_own_photo_once_a_published_or_scheduled_article_shows_it(
    reporter, make_photo, make_published
):
    in_cover, in_story = make_photo(uploaded_by=reporter), make_photo(uploaded_by=reporter)
    make_published(cover_photo=in_cover, slug="bai-mot")
    scheduled = make_published(slug="bai-hai", published_at=timezone.now() + timedelta(hours=3))
    scheduled.story_photos.create(photo=in_story, position=1)

    for photo in (in_cover, in_story):
        assert change_photo(reporter, photo).status_code == 403
        photo.refresh_from_db()
        assert photo.caption != CAPTION_FIELDS["caption"]


def test_a_reporter_changes_their_own_photo_while_only_drafts_use_it_and_an_editor_changes_any(
    reporter, editor, make_photo, make_article, make_published
):
    own = make_photo(uploaded_by=reporter)
    make_article(cover_photo=own, created_by=reporter)
    assert change_photo(reporter, own).status_code == 302
    own.refresh_from_db()
    assert own.caption == CAPTION_FIELDS["caption"]

    in_live = make_photo(uploaded_by=reporter)
    make_published(cover_photo=in_live, slug="bai-dang")
    assert change_photo(editor, in_live).status_code == 302
    in_live.refresh_from_db()
    assert in_live.credit == "Kẻ lạ"


# Tags -----------------------------------------------------------------------------------------------------------


def test_a_tag_no_published_article_carries_is_not_a_public_page(reporter, make_article, make_published, client):
    response = logged_in(reporter).post(
        "/admin/articles/tag/add/", {"name": "Quảng cáo miễn phí, gọi 0900", "slug": "quang-cao"}
    )
    assert response.status_code == 302  # reporters tag their stories
    tag = Tag.objects.get(slug="quang-cao")
    draft = make_article(created_by=reporter)
    draft.tags.add(tag)
    make_published(slug="bai-khac", deleted_at=timezone.now()).tags.add(tag)

    page = client.get("/the/quang-cao/")
    assert page.status_code == 404
    assert "Quảng cáo miễn phí" not in page.content.decode()

    make_published(slug="bai-co-the").tags.add(tag)
    page = client.get("/the/quang-cao/")
    assert page.status_code == 200
    assert "Quảng cáo miễn phí" in page.content.decode()


# "Xem trên trang web" -------------------------------------------------------------------------------------------


def view_on_site(user, article):
    content_type = ContentType.objects.get_for_model(Article)
    return logged_in(user).get(f"/admin/r/{content_type.pk}/{article.pk}/")


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "unpublished"])
def test_view_on_site_hides_an_unpublished_articles_address_from_a_moderator_and_other_reporters(
    state, reporter, other_reporter, moderator, make_article
):
    now = timezone.now()
    fields = {
        "draft": {},
        "review": {"status": Article.Status.REVIEW},
        "scheduled": {"status": Article.Status.PUBLISHED, "published_at": now + timedelta(hours=2)},
        "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": now - timedelta(hours=2)},
    }[state]
    article = make_article(headline="Tin độc quyền", slug="tin-doc-quyen", created_by=reporter, **fields)

    for outsider in (moderator, other_reporter):
        response = view_on_site(outsider, article)
        assert response.status_code == 404
        assert "tin-doc-quyen" not in response.get("Location", "")
        assert "tin-doc-quyen" not in response.content.decode()


def test_view_on_site_opens_the_preview_for_those_who_may_preview_and_the_page_once_live(
    reporter, editor, moderator, make_article, make_published
):
    draft = make_article(created_by=reporter)
    preview = f"/xem-truoc/{draft.pk}/"
    assert view_on_site(reporter, draft)["Location"] == preview
    assert view_on_site(editor, draft)["Location"] == preview
    assert logged_in(editor).get(preview).status_code == 200

    live = make_published(slug="bai-da-dang")
    for user in (reporter, editor, moderator):
        assert view_on_site(user, live)["Location"] == live.get_absolute_url()


def test_view_on_site_for_anything_but_an_article_is_a_404(editor, make_photo):
    photo = make_photo()
    content_type = ContentType.objects.get_for_model(type(photo))
    assert logged_in(editor).get(f"/admin/r/{content_type.pk}/{photo.pk}/").status_code == 404
    assert logged_in(editor).get("/admin/r/999999/1/").status_code == 404


def test_view_on_site_is_for_staff_only(make_article, client):
    article = make_article()
    content_type = ContentType.objects.get_for_model(Article)
    response = client.get(f"/admin/r/{content_type.pk}/{article.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


# The moderation queue's article filter --------------------------------------------------------------------------


def test_the_queue_filter_names_no_article_a_moderator_may_not_see(moderator, admin_user, make_article):
    draft = make_article(headline="Tin độc quyền chưa đăng", slug="tin-doc-quyen")
    queue = logged_in(moderator).get(f"/admin/comments/comment/?article={draft.pk}")
    assert queue.status_code == 200
    page = queue.content.decode()
    assert "Tin độc quyền" not in page
    assert "Không có bài viết này" in page

    assert "Tin độc quyền" in logged_in(admin_user).get(f"/admin/comments/comment/?article={draft.pk}").content.decode()


def test_the_queue_filter_names_an_article_whose_comments_the_queue_shows(moderator, make_published, make_comment):
    live = make_published(headline="Tin đã đăng có ý kiến")
    make_comment(live)
    page = logged_in(moderator).get(f"/admin/comments/comment/?article={live.pk}").content.decode()
    assert page.count("Tin đã đăng có ý kiến") >= 2  # the filter and the row


def test_a_reporter_cannot_fill_a_colleagues_photo_caption_through_an_article_body(
    reporter, other_reporter, make_photo, make_article
):
    from articles.desk.editing import save_article

    photo = make_photo(uploaded_by=reporter, caption="", alt_text="")
    draft = make_article(created_by=other_reporter, slug="nhap-cua-dong-nghiep")
    draft.body = (
        f'<figure class="photo"><img src="{photo.display_url}" data-photo-id="{photo.pk}" alt="ALT lạ">'
        "<figcaption>Chú thích do đồng nghiệp viết</figcaption></figure>"
    )
    save_article(article=draft, user=other_reporter)

    photo.refresh_from_db()
    assert (photo.caption, photo.alt_text) == ("", "")
    assert list(draft.body_photos.all()) == [photo]  # still linked: it shows in the draft

    own = make_article(created_by=reporter, slug="nhap-cua-toi", body=draft.body)
    save_article(article=own, user=reporter)
    photo.refresh_from_db()
    assert photo.caption == "Chú thích do đồng nghiệp viết"  # the uploader's own article may fill it


def test_an_editor_cannot_strip_the_credit_of_a_photo_a_live_article_shows(editor, make_photo, make_published, client):
    photo = make_photo(credit="Hữu Hùng")
    live = make_published(cover_photo=photo, slug="bai-co-anh")

    response = logged_in(editor).post(
        f"/admin/articles/photo/{photo.pk}/change/",
        {"caption": photo.caption, "credit": "", "alt_text": photo.alt_text, "_save": "Lưu"},
    )

    assert response.status_code == 200
    assert "cần giữ đủ chú thích, nguồn ảnh và mô tả" in response.content.decode()
    photo.refresh_from_db()
    assert photo.credit == "Hữu Hùng"
    live.refresh_from_db()
    assert live.cover_photo.credit == "Hữu Hùng"
