"""What tripped a new editor on day one, tried again from the editor's side.

- A past publication time published at once, backdated, with the message "Đã hẹn giờ xuất bản bài viết".
- A refused publication lost the time the editor had typed.
- Back after creating an article, then Save again, made a second article.
- The status filter had no "Hẹn giờ"; an emoji-only headline was accepted; the sapo's help text said italic;
  searching the site for a byline found nothing.
- Reporters and colleagues' work: a reporter opens none of a colleague's articles at the desk.
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Author, Byline

ADD = "/admin/articles/article/add/"
CHANGELIST = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def with_byline(article, name="Hồng Chuyên", slug="hong-chuyen"):
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    Byline.objects.get_or_create(article=article, author=author)
    return article


def typed(when) -> dict:
    local = timezone.localtime(when)
    return {"publish_at_0": local.strftime("%d/%m/%Y"), "publish_at_1": local.strftime("%H:%M")}


def minute(delta: timedelta):
    return (timezone.now() + delta).replace(second=0, microsecond=0)


# Publication times ----------------------------------------------------------------------------------------------


def test_a_past_time_is_refused_unless_the_editor_deliberately_backdates(
    client, editor, make_article, article_form_data
):
    article = with_byline(make_article())
    yesterday = minute(-timedelta(days=1))
    client.force_login(editor)

    refused = client.post(change_url(article), article_form_data(article, _publish="1", **typed(yesterday)))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "đã qua" in page and "Đăng lùi ngày" in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    done = client.post(
        change_url(article), article_form_data(article, _publish="1", backdate="on", **typed(yesterday)), follow=True
    )
    assert "Đã xuất bản bài viết ngay, lùi ngày về" in done.content.decode()
    assert "hẹn giờ" not in done.content.decode().split("messagelist")[1].split("</ul>")[0]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at == yesterday
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_the_message_says_scheduled_only_for_a_future_time_and_names_it(
    client, editor, make_article, article_form_data
):
    article = with_byline(make_article())
    later = minute(timedelta(hours=3))
    client.force_login(editor)
    done = client.post(change_url(article), article_form_data(article, _publish="1", **typed(later)), follow=True)
    local = timezone.localtime(later)
    assert f"Đã hẹn giờ xuất bản lúc {local:%H:%M, %d/%m/%Y}" in done.content.decode()

    now_article = with_byline(make_article(slug="bai-ngay"))
    done = client.post(change_url(now_article), article_form_data(now_article, _publish="1"), follow=True)
    assert "Đã xuất bản bài viết." in done.content.decode()


def test_a_refused_publication_keeps_the_time_the_editor_typed(client, editor, make_article, article_form_data):
    article = make_article()  # no byline and no credit line: publication is refused
    later = minute(timedelta(hours=5))
    client.force_login(editor)

    response = client.post(change_url(article), article_form_data(article, _publish="1", **typed(later)), follow=True)

    page = response.content.decode()
    assert "Bài đã được lưu nhưng chưa chuyển trạng thái" in page
    local = timezone.localtime(later)
    assert f'value="{local:%d/%m/%Y}"' in page and f'value="{local:%H:%M:%S}"' in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# One submission, one article ------------------------------------------------------------------------------------


def new_article_form(article_form_data, section, key) -> dict:
    data = article_form_data(
        Article(headline="", lead="", body="", section=section),
        headline="Đắk Lắk khởi công đường vành đai",
        slug="",
        lead="Sáng nay, tỉnh khởi công.",
        body="<p>Nội dung</p>",
        form_key=str(key),
    )
    data.pop("base_version")
    return data


def test_sending_the_add_form_again_after_back_makes_no_second_article(client, reporter, section, article_form_data):
    client.force_login(reporter)
    page = client.get(ADD).content.decode()
    assert 'name="form_key"' in page
    key = uuid.uuid4()

    first = client.post(ADD, new_article_form(article_form_data, section, key))
    assert first.status_code == 302
    article = Article.objects.get()

    again = client.post(ADD, new_article_form(article_form_data, section, key), follow=True)
    assert Article.objects.count() == 1
    assert again.redirect_chain[-1][0] == change_url(article)
    assert "không tạo thêm bài thứ hai" in again.content.decode()

    # Back in a real browser fetches the Add page anew (a fresh key) but puts back what was typed.
    back = client.post(ADD, new_article_form(article_form_data, section, uuid.uuid4()), follow=True)
    assert Article.objects.count() == 1
    assert back.redirect_chain[-1][0] == change_url(article)

    other = new_article_form(article_form_data, section, uuid.uuid4())
    other["headline"] = "Một bài khác hẳn"
    assert client.post(ADD, other).status_code == 302 and Article.objects.count() == 2  # a new story is new


# The list's status filter ---------------------------------------------------------------------------------------


def test_the_status_filter_has_scheduled_apart_from_published(client, editor, make_article, make_published):
    make_published(headline="Bài đang hiển thị", slug="dang-hien")
    make_published(headline="Bài hẹn giờ chiều nay", slug="hen-gio", published_at=timezone.now() + timedelta(hours=4))
    make_article(headline="Bản nháp đang viết", slug="nhap")
    client.force_login(editor)

    scheduled = client.get(CHANGELIST, {"status": "scheduled"}).content.decode()
    assert "Bài hẹn giờ chiều nay" in scheduled
    assert "Bài đang hiển thị" not in scheduled and "Bản nháp đang viết" not in scheduled
    live = client.get(CHANGELIST, {"status": "published"}).content.decode()
    assert "Bài đang hiển thị" in live and "Bài hẹn giờ chiều nay" not in live
    assert "Hẹn giờ" in client.get(CHANGELIST).content.decode()


# Headline and sapo ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("headline", ["🔥🔥🔥", "\u200b\u3164", "!!! ???"])
def test_a_headline_without_a_letter_or_digit_is_refused(headline, client, reporter, section, article_form_data):
    client.force_login(reporter)
    data = new_article_form(article_form_data, section, uuid.uuid4())
    data["headline"] = headline
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "Tiêu đề phải có chữ cái hoặc chữ số." in response.content.decode()
    assert not Article.objects.exists()


def test_the_sapo_help_says_bold_as_the_site_shows_it(client, editor):
    client.force_login(editor)
    page = client.get(ADD).content.decode()
    assert "in đậm" in page and "in nghiêng" not in page


# Search finds bylines -------------------------------------------------------------------------------------------


def test_a_reader_finds_a_writers_stories_by_the_byline_without_accents(make_published, client):
    article = with_byline(make_published(headline="Hội nghị cải cách hành chính", slug="hoi-nghi"))
    make_published(headline="Tin khác", slug="tin-khac", credit_line="Theo TTXVN")

    by_name = client.get("/tim-kiem/", {"q": "hong chuyen"}).content.decode()
    assert "Hội nghị cải cách hành chính" in by_name.replace("<mark>", "").replace("</mark>", "")
    assert "Tin khác" not in by_name
    assert "Tin khác" in client.get("/tim-kiem/", {"q": "ttxvn"}).content.decode()

    Byline.objects.get(article=article).delete()
    cache.clear()  # deleted here, not at the desk (whose saves drop cached pages)
    assert "Hội nghị cải cách" not in client.get("/tim-kiem/", {"q": "hong chuyen"}).content.decode()


# A colleague's work ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED])
def test_a_reporter_opens_nothing_of_a_colleagues_unpublished_article(
    status, client, reporter, other_reporter, make_article
):
    article = make_article(headline="Tin độc quyền của đồng nghiệp", created_by=other_reporter, status=status)
    content_type = ContentType.objects.get_for_model(Article)
    client.force_login(reporter)
    for url in (
        change_url(article),
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/article/{article.pk}/revisions/",
        f"/xem-truoc/{article.pk}/",
        f"/admin/r/{content_type.pk}/{article.pk}/",
        CHANGELIST,
    ):
        response = client.get(url, follow=True)
        assert "Tin độc quyền của đồng nghiệp" not in response.content.decode(), url


# Returning a story ----------------------------------------------------------------------------------------------


def test_an_editor_returns_a_waiting_story_with_a_note_the_reporter_reads_on_their_desk(
    client, editor, reporter, make_article, article_form_data
):
    from articles.content.publishing import submit_for_review

    article = make_article(headline="Bài cần sửa", created_by=reporter)
    submit_for_review(article=article, user=reporter)
    article.refresh_from_db()
    client.force_login(editor)
    form = client.get(change_url(article)).content.decode()
    assert 'name="_return"' in form and 'name="return_note"' in form

    done = client.post(
        change_url(article),
        article_form_data(article, _return="1", return_note="Thiếu ý kiến của Sở Y tế."),
        follow=True,
    )

    assert "Đã trả bài về cho phóng viên kèm ghi chú." in done.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    client.force_login(reporter)
    desk = client.get("/admin/").content.decode()
    assert "Bài cần sửa" in desk and "Thiếu ý kiến của Sở Y tế." in desk


def test_only_an_editor_sees_the_return_button_and_only_for_a_waiting_story(client, editor, reporter, make_article):
    draft = make_article(headline="Nháp", created_by=reporter)
    client.force_login(editor)
    assert 'name="_return"' not in client.get(change_url(draft)).content.decode()
    waiting = make_article(headline="Chờ duyệt", created_by=reporter, status=Article.Status.REVIEW, slug="cho")
    client.force_login(reporter)
    assert 'name="_return"' not in client.get(change_url(waiting)).content.decode()


def test_the_returned_storys_form_shows_the_editors_note_to_the_reporter(client, editor, reporter, make_article):
    from articles.content.publishing import return_to_draft, submit_for_review

    article = make_article(headline="Bài cần sửa", created_by=reporter)
    submit_for_review(article=article, user=reporter)
    return_to_draft(article=article, editor=editor, note="Bổ sung số liệu vốn đầu tư.")
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "trả lại lúc" in page and "Bổ sung số liệu vốn đầu tư." in page


@pytest.mark.parametrize("typed_time", ["8h30", "08.30", "8:30"])
def test_a_time_typed_the_vietnamese_way_schedules(typed_time, client, editor, make_article, article_form_data):
    article = with_byline(make_article())
    day = timezone.localdate() + timedelta(days=2)
    client.force_login(editor)
    data = article_form_data(article, _publish="1", publish_at_0=day.strftime("%d/%m/%Y"), publish_at_1=typed_time)
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert timezone.localtime(article.published_at).strftime("%H:%M") == "08:30"


def test_a_wrong_password_reads_as_plain_vietnamese(db, client):
    page = client.post("/admin/login/", {"username": "khong-co", "password": "sai"}).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page
    assert "(Tên đăng nhập)" not in page
