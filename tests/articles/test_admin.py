"""The desk as editors and reporters use it: the Django admin, driven through HTTP."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.content.publishing import publish_article
from articles.desk.editing import save_article
from articles.models import Article, Author, Byline, TrashedArticle

CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def with_byline(article, name="Hồng Chuyên"):
    author, _ = Author.objects.get_or_create(slug="hong-chuyen", defaults={"name": name})
    Byline.objects.get_or_create(article=article, author=author)
    return article


def test_reporter_writes_a_draft_and_sees_no_publish_button(client, reporter, section, article_form_data):
    client.force_login(reporter)
    page = client.get("/admin/articles/article/add/").content.decode()
    assert "Lưu và gửi duyệt" in page
    assert "Lưu và xuất bản" not in page
    blank = Article(headline="", lead="", body="", section=section)
    data = article_form_data(
        blank,
        headline="Đắk Lắk khởi công đường vành đai",
        slug="",
        lead="Sáng nay, tỉnh khởi công.",
        body="<p>Nội dung</p>",
    )
    data.pop("base_version")
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.created_by == reporter
    assert article.status == Article.Status.DRAFT
    assert article.slug == "dak-lak-khoi-cong-duong-vanh-dai"


def test_reporter_posting_publish_anyway_leaves_the_article_a_draft(client, reporter, make_article, article_form_data):
    article = with_byline(make_article(created_by=reporter))
    client.force_login(reporter)
    response = client.post(change_url(article), article_form_data(article, _publish="1"), follow=True)
    assert "chưa chuyển trạng thái" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_reporter_submits_for_review_from_the_form(client, reporter, make_article, article_form_data):
    article = with_byline(make_article(created_by=reporter))
    client.force_login(reporter)
    response = client.post(change_url(article), article_form_data(article, _submit_review="1"), follow=True)
    assert "Đã gửi bài chờ duyệt." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    # Once submitted, the reporter can no longer change it.
    assert client.post(change_url(article), article_form_data(article, headline="Sửa lén")).status_code == 403


def test_reporter_cannot_open_a_colleagues_article(client, reporter, other_reporter, make_article):
    article = make_article(created_by=other_reporter)
    client.force_login(reporter)
    response = client.get(change_url(article))
    assert response.status_code == 302  # the admin answers "không tồn tại" for objects outside one's list
    assert article.headline not in client.get(CHANGELIST).content.decode()


def test_moderator_cannot_see_articles_or_photos(client, moderator):
    client.force_login(moderator)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get("/admin/articles/photo/").status_code == 403
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_editor_schedules_from_the_form(client, editor, make_article, article_form_data):
    article = with_byline(make_article())
    when = timezone.localtime(timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    client.force_login(editor)
    data = article_form_data(
        article, _publish="1", publish_at_0=when.strftime("%d/%m/%Y"), publish_at_1=when.strftime("%H:%M:%S")
    )
    response = client.post(change_url(article), data, follow=True)
    assert f"Đã hẹn giờ xuất bản lúc {when:%H:%M, %d/%m/%Y}" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == when
    assert not Article.objects.published().exists()


def test_stale_save_is_refused_naming_who_changed_it_and_keeping_the_text(
    client, editor, django_user_model, make_article, article_form_data
):
    from django.contrib.auth.models import Group
    from django.test import Client

    article = make_article()
    colleague = django_user_model.objects.create_user("bientap2", password="mat-khau-an-toan-2026", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Biên tập viên"))
    first, second = Client(), Client()
    first.force_login(colleague)
    second.force_login(editor)
    stale = article_form_data(article, lead="Sapo của biên tập viên thứ hai, viết rất lâu.")
    assert first.post(change_url(article), article_form_data(article, lead="Sapo đã sửa trước.")).status_code == 302

    response = second.post(change_url(article), stale)

    assert response.status_code == 200
    page = response.content.decode()
    assert "bientap2" in page
    assert "CHƯA được lưu" in page
    assert "Sapo của biên tập viên thứ hai, viết rất lâu." in page
    article.refresh_from_db()
    assert article.lead == "Sapo đã sửa trước."


def test_every_save_keeps_a_revision_that_an_editor_restores(client, editor, make_article, article_form_data):
    article = with_byline(make_article(headline="Tiêu đề ban đầu"))
    save_article(article=article, user=editor, expected_version=article.version)
    publish_article(article=article, editor=editor)
    client.force_login(editor)
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, headline="Tiêu đề sai"))
    article.refresh_from_db()
    assert article.headline == "Tiêu đề sai"

    listing = client.get(f"/admin/articles/article/{article.pk}/revisions/")
    versions = listing.context["versions"]
    assert len(versions) == 2
    original = versions[1]
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/").status_code == 405
    response = client.post(f"/admin/articles/article/{article.pk}/revisions/{original.pk}/restore/")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Tiêu đề ban đầu"
    assert article.status == Article.Status.PUBLISHED  # restoring text does not unpublish
    assert article.bylines.count() == 1
    assert len(client.get(f"/admin/articles/article/{article.pk}/revisions/").context["versions"]) == 3


def test_deleting_moves_to_the_trash_and_an_editor_restores(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "trash_selected", "_selected_action": [article.pk]})
    assert response.status_code == 302
    assert TrashedArticle.objects.trashed().filter(pk=article.pk).exists()
    assert article.headline not in client.get(CHANGELIST).content.decode()
    assert article.headline in client.get("/admin/articles/trashedarticle/").content.decode()

    client.post("/admin/articles/trashedarticle/", {"action": "restore_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.deleted_at is None


def test_reporter_has_no_trash(client, reporter):
    client.force_login(reporter)
    assert client.get("/admin/articles/trashedarticle/").status_code == 403


def _changelist_queries(client, count, make_article, section):
    for index in range(count):
        article = make_article(headline=f"Bài số {index}")
        with_byline(article)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
    return len(queries)


@pytest.mark.parametrize("rows", [1, 50])
def test_article_list_runs_a_constant_number_of_queries(client, editor, make_article, section, rows):
    client.force_login(editor)
    # session, user, user permissions, group permissions, section filter choices, author filter
    # choices, the planner's estimate of the rows and (a short list) their exact count, the page's
    # rows, their bylines, the bylines' authors
    queries = _changelist_queries(client, rows, make_article, section)
    assert queries == 11


def test_a_long_article_list_is_not_counted_row_by_row(client, editor, monkeypatch, make_article, section):
    from articles.desk.admin import EstimatedCountPaginator

    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 0)  # as with 200,000 articles
    client.force_login(editor)
    for number in range(3):
        make_article(headline=f"Bài số {number}", slug=f"bai-so-{number}", section=section)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/articles/article/")

    assert response.status_code == 200 and response.context["cl"].result_count >= 1
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]


def test_a_deep_page_of_the_list_shows_the_same_articles_as_counting_rows_would(
    client, editor, monkeypatch, make_article, section
):
    from articles.desk.admin import ArticleAdmin, EstimatedCountPaginator

    client.force_login(editor)
    make_article(headline="Trong thùng rác", slug="trong-thung-rac", section=section, deleted_at=timezone.now())
    for number in range(11):
        make_article(headline=f"Bài số {number}", slug=f"bai-so-{number}", section=section)
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 3)

    def page(number, section_filter=False):
        query = {"p": number, **({"section__id__exact": section.pk} if section_filter else {})}
        response = client.get(CHANGELIST, query)
        assert response.status_code == 200
        return [article.headline for article in response.context["cl"].result_list]

    by_offset = [page(number) for number in (1, 2, 3, 4)]
    monkeypatch.setattr(EstimatedCountPaginator, "DEFERRED_FROM", 3)  # pages 2 on: ids first, then the rows
    with CaptureQueriesContext(connection) as queries:
        deep = [page(number) for number in (1, 2, 3, 4)]

    assert deep == by_offset
    assert [len(headlines) for headlines in deep] == [3, 3, 3, 2]  # the trashed article is on no page
    assert sum(headlines.count("Bài số 0") for headlines in deep) == 1  # the oldest change, last
    assert deep[3][-1] == "Bài số 0"
    assert any("OFFSET 3" in query["sql"] and '."id" IN (SELECT' in query["sql"] for query in queries.captured_queries)
    assert page(4, section_filter=True) == by_offset[3]  # a filtered list pages the same way


def test_headline_search_finds_words_without_their_accents_and_the_start_of_the_last(
    client, editor, make_article, section
):
    client.force_login(editor)
    make_article(headline="Cà phê Đắk Lắk vào mùa thu hoạch", slug="ca-phe", section=section)
    make_article(headline="Hội nghị tổng kết năm", slug="hoi-nghi", section=section)

    def found(term):
        response = client.get("/admin/articles/article/", {"q": term})
        return [article.headline for article in response.context["cl"].result_list]

    assert found("ca phe dak") == ["Cà phê Đắk Lắk vào mùa thu hoạch"]
    assert found("cà phê Đắk Lắ") == ["Cà phê Đắk Lắk vào mùa thu hoạch"]
    assert found("hội nghị") == ["Hội nghị tổng kết năm"]
    assert found("phê hội") == []
    assert found("' OR 1=1 --") == []


def test_article_list_query_count_does_not_grow_with_rows(client, editor, make_article, section, django_user_model):
    client.force_login(editor)
    one = _changelist_queries(client, 1, make_article, section)
    Article.objects.all().delete()
    fifty = _changelist_queries(client, 50, make_article, section)
    assert one == fifty


def test_photo_library_upload_through_the_admin_makes_renditions(client, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Photo
    from tests.conftest import jpeg_bytes

    client.force_login(reporter)
    upload = SimpleUploadedFile("../../etc/anh.jpg", jpeg_bytes(2000, 1200), content_type="image/jpeg")
    data = {"image": upload, "caption": "Lễ hội cà phê", "credit": "Ngọc Minh", "alt_text": "Đoàn diễu hành"}
    response = client.post("/admin/articles/photo/add/", data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
    assert ".." not in photo.image.name and "etc" not in photo.image.name
    assert photo.uploaded_by == reporter
    listing = client.get("/admin/articles/photo/?q=cà+phê").content.decode()
    assert photo.renditions["480"] in listing


def test_photo_admin_refuses_a_non_image_with_a_vietnamese_error(client, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reporter)
    upload = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(
        "/admin/articles/photo/add/", {"image": upload, "caption": "x", "credit": "y", "alt_text": "z"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=abc",
        "https://evil.example/video",
        "javascript:alert(1)",
        "https://youtube.com.evil.vn/x",
    ],
)
def test_video_address_must_come_from_an_allowlisted_host(client, editor, make_article, article_form_data, url):
    article = make_article(kind="video")
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article, kind="video", video_url=url))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["video_url"]
    article.refresh_from_db()
    assert article.video_url == ""


def test_video_file_must_really_be_a_video(client, editor, make_article, article_form_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = make_article(kind="video")
    client.force_login(editor)
    fake = SimpleUploadedFile("phong-su.mp4", b"<html><script>alert(1)</script></html>", content_type="video/mp4")
    response = client.post(change_url(article), article_form_data(article, kind="video", video_file=fake))
    assert "Chỉ nhận tệp video MP4 hoặc WebM." in response.content.decode()

    real = SimpleUploadedFile("../phong-su.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, content_type="video/mp4")
    response = client.post(change_url(article), article_form_data(article, kind="video", video_file=real))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.video_file.name.startswith("videos/")
    assert "phong-su" not in article.video_file.name


def test_editor_adds_a_correction_shown_on_the_article(client, editor, make_article, article_form_data):
    article = with_byline(make_article())
    publish_article(article=article, editor=editor)
    client.force_login(editor)
    data = article_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-created_at_0": "10/12/2021",
            "corrections-0-created_at_1": "18:00:00",
            "corrections-0-note": "Sửa tỷ lệ chỉ số CCHC thành 96,63%.",
        },
    )
    assert client.post(change_url(article), data).status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Cập nhật lúc 18:00, 10/12/2021" in page
    assert "Sửa tỷ lệ chỉ số CCHC thành 96,63%." in page
