"""Where staff land in the admin: the editor's desk, the reporter's drafts, the moderator's queue; the article form."""

import re
from datetime import datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.content.publishing import return_to_draft, submit_for_review
from articles.models import Article, DailyViews, WorkflowEvent
from comments.models import Comment

DESK = "/admin/"
QUEUE = "/admin/comments/comment/"
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 10, 22, 30, tzinfo=SAIGON)  # 15:30 UTC: tomorrow morning here is still today in UTC

Status = Article.Status


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def box(page: str, name: str) -> str:
    """The HTML of one box of the desk (``desk-waiting``, ``desk-schedule``, …), or "" when it is absent."""
    match = re.search(rf'<section class="desk-box {name}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def headlines(html: str) -> list[str]:
    return [text(found) for found in re.findall(r'class="desk-headline"[^>]*>(.*?)</a>', html, re.S)]


def landing(client, user) -> str:
    client.force_login(user)
    response = client.get(DESK)
    assert response.status_code == 200
    return response.content.decode()


def submitted(make_article, reporter, headline, *, at, **fields):
    article = make_article(headline=headline, created_by=reporter, **fields)
    submit_for_review(article=article, user=reporter)
    WorkflowEvent.objects.filter(article=article, action=WorkflowEvent.Action.SUBMIT).update(at=at)
    return article


def scheduled(make_article, headline, at, **fields):
    return make_article(headline=headline, status=Status.PUBLISHED, published_at=at, **fields)


# The editor's desk.


def test_editor_sees_the_stories_waiting_for_review_longest_waiting_first_with_age_and_reporter(
    client, editor, reporter, make_article, clock
):
    reporter.first_name, reporter.last_name = "Lan", "Nguyễn Thị"
    reporter.save()
    submitted(make_article, reporter, "Gửi lúc chiều", at=NOW - timedelta(hours=5, minutes=10))
    submitted(make_article, reporter, "Gửi vừa nãy", at=NOW - timedelta(minutes=25))
    submitted(make_article, reporter, "Gửi hôm qua", at=NOW - timedelta(days=1, hours=2))
    make_article(headline="Bản nháp chưa gửi", created_by=reporter)
    make_article(headline="Bài chờ duyệt trong thùng rác", status=Status.REVIEW, deleted_at=NOW)

    waiting = box(landing(client, editor), "desk-waiting")

    assert headlines(waiting) == ["Gửi hôm qua", "Gửi lúc chiều", "Gửi vừa nãy"]
    assert "chờ 1 ngày 2 giờ" in text(waiting)
    assert "chờ 5 giờ 10 phút" in text(waiting)
    assert "chờ 25 phút" in text(waiting)
    assert text(waiting).count("Lan Nguyễn Thị") == 3


def test_an_editors_touch_does_not_send_a_waiting_story_to_the_back(client, editor, reporter, make_article, clock):
    first = submitted(make_article, reporter, "Gửi trước", at=NOW - timedelta(hours=3))
    submitted(make_article, reporter, "Gửi sau", at=NOW - timedelta(hours=1))
    Article.objects.filter(pk=first.pk).update(updated_at=NOW)  # the editor fixed a typo just now

    assert headlines(box(landing(client, editor), "desk-waiting")) == ["Gửi trước", "Gửi sau"]


def test_the_editor_opens_a_waiting_story_from_the_desk(client, editor, reporter, make_article, clock):
    article = submitted(make_article, reporter, "Bài cần duyệt", at=NOW - timedelta(hours=1))
    page = landing(client, editor)
    assert f'href="/admin/articles/article/{article.pk}/change/"' in box(page, "desk-waiting")
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200


def test_a_long_queue_shows_twenty_stories_and_a_link_to_all_of_them(client, editor, reporter, make_article, clock):
    for number in range(23):
        submitted(make_article, reporter, f"Bài số {number}", at=NOW - timedelta(hours=30 - number))

    waiting = box(landing(client, editor), "desk-waiting")

    assert len(headlines(waiting)) == 20
    assert headlines(waiting)[0] == "Bài số 0"
    assert 'href="/admin/articles/article/?status__exact=review"' in waiting


def test_the_schedule_shows_today_and_tomorrow_on_the_papers_clock(client, editor, make_article, make_published, clock):
    scheduled(make_article, "Tối nay 23 giờ 15", NOW.replace(hour=23, minute=15))
    scheduled(make_article, "Sáng mai 6 giờ", NOW.replace(day=11, hour=6, minute=0))  # 23:00 UTC on the 10th
    scheduled(make_article, "Trưa mai", NOW.replace(day=11, hour=12, minute=5))
    scheduled(make_article, "Ngày kia", NOW.replace(day=12, hour=6, minute=0))
    make_published(headline="Đã lên trang sáng nay", published_at=NOW.replace(hour=8))
    scheduled(make_article, "Hẹn giờ nhưng đã xóa", NOW.replace(hour=23, minute=45), deleted_at=NOW)

    schedule = box(landing(client, editor), "desk-schedule")
    today, tomorrow = schedule.split("Ngày mai", 1)

    assert "Hôm nay" in today and "10/03/2026" in today
    assert "11/03/2026" in tomorrow
    assert headlines(today) == ["Tối nay 23 giờ 15"]
    assert headlines(tomorrow) == ["Sáng mai 6 giờ", "Trưa mai"]
    assert re.findall(r"<time[^>]*>(\d\d:\d\d)</time>", schedule) == ["23:15", "06:00", "12:05"]


def test_an_empty_day_of_the_schedule_says_so(client, editor, clock):
    schedule = text(box(landing(client, editor), "desk-schedule"))
    assert schedule.count("Chưa có bài hẹn giờ.") == 2


def test_recently_published_stories_show_their_views_newest_first(client, editor, make_article, make_published, clock):
    older = make_published(headline="Đăng sáng nay", published_at=NOW - timedelta(hours=12))
    newer = make_published(headline="Đăng tối nay", published_at=NOW - timedelta(minutes=30))
    make_published(headline="Đăng chưa ai đọc", published_at=NOW - timedelta(hours=20))
    scheduled(make_article, "Hẹn giờ", NOW + timedelta(hours=1))
    make_article(headline="Bản nháp")
    DailyViews.objects.create(article=older, date=NOW.date() - timedelta(days=1), views=1000)
    DailyViews.objects.create(article=older, date=NOW.date(), views=234)
    DailyViews.objects.create(article=newer, date=NOW.date(), views=56)

    recent = box(landing(client, editor), "desk-recent")

    assert headlines(recent) == ["Đăng tối nay", "Đăng sáng nay", "Đăng chưa ai đọc"]
    assert re.findall(r'class="desk-views">([^<]+)<', recent) == ["56 lượt xem", "1.234 lượt xem", "0 lượt xem"]
    assert "22:00, 10/03/2026" in recent


def test_the_editor_sees_their_own_drafts_and_no_one_elses(client, editor, reporter, make_article, clock):
    make_article(headline="Nháp của tôi", created_by=editor)
    make_article(headline="Nháp của phóng viên", created_by=reporter)
    make_article(headline="Bài tôi đã gửi", created_by=editor, status=Status.REVIEW)

    assert headlines(box(landing(client, editor), "desk-drafts")) == ["Nháp của tôi"]


def test_the_editor_sees_how_many_comments_wait_and_a_moderating_editor_gets_the_link(
    client, editor, make_published, make_comment
):
    article = make_published()
    make_comment(article)
    make_comment(article, status=Comment.Status.APPROVED, flagged=True)
    make_comment(article, status=Comment.Status.APPROVED)

    panel = box(landing(client, editor), "desk-panel")
    assert "Có 2 ý kiến chờ duyệt" in text(panel)
    assert QUEUE not in panel  # editors do not moderate: the queue would refuse them

    editor.groups.add(Group.objects.get(name="Kiểm duyệt viên"))
    panel = box(landing(client, editor), "desk-panel")
    assert f'<a href="{QUEUE}">Có 2 ý kiến chờ duyệt</a>' in panel


def test_a_superuser_lands_on_the_editors_desk(client, django_user_model, make_published, make_comment):
    boss = django_user_model.objects.create_superuser("tongbientap", "tbt@baodaklak.vn", "mat-khau-an-toan-2026")
    make_comment(make_published())
    page = landing(client, boss)
    assert "<h1>Bàn biên tập</h1>" in page
    assert box(page, "desk-waiting") and box(page, "desk-schedule") and box(page, "desk-recent")
    assert f'<a href="{QUEUE}">Có 1 ý kiến chờ duyệt</a>' in box(page, "desk-panel")


# The reporter's desk.


def test_the_reporter_lands_on_their_own_drafts_and_what_was_returned_with_the_editors_note(
    client, editor, reporter, other_reporter, make_article, clock
):
    editor.first_name, editor.last_name = "Minh", "Trần Văn"
    editor.save()
    make_article(headline="Nháp đang viết", created_by=reporter)
    make_article(headline="Nháp của đồng nghiệp", created_by=other_reporter)
    make_article(headline="Bài đang chờ duyệt", created_by=reporter, status=Status.REVIEW)
    sent_back = make_article(headline="Bài bị trả lại", created_by=reporter)
    submit_for_review(article=sent_back, user=reporter)
    return_to_draft(article=sent_back, editor=editor, note="Cần thêm ý kiến của Sở Giao thông vận tải.")
    colleague = make_article(headline="Bài đồng nghiệp bị trả", created_by=other_reporter)
    submit_for_review(article=colleague, user=other_reporter)
    return_to_draft(article=colleague, editor=editor, note="Ghi chú cho người khác")

    page = landing(client, reporter)

    returned = box(page, "desk-returned")
    assert headlines(returned) == ["Bài bị trả lại"]
    assert "Cần thêm ý kiến của Sở Giao thông vận tải." in text(returned)
    assert "Minh Trần Văn trả lại lúc 22:30, 10/03/2026" in text(returned)
    assert headlines(box(page, "desk-drafts")) == ["Nháp đang viết"]
    assert "Ghi chú cho người khác" not in page
    assert "Nháp của đồng nghiệp" not in page
    assert not box(page, "desk-waiting") and not box(page, "desk-recent")
    assert "ý kiến chờ duyệt" not in page


def test_a_returned_story_sent_again_leaves_the_returned_list_and_the_latest_note_shows(
    client, editor, reporter, make_article, time_machine
):
    article = make_article(headline="Bài sửa nhiều lần", created_by=reporter)
    time_machine.move_to(NOW - timedelta(hours=2), tick=False)
    submit_for_review(article=article, user=reporter)
    return_to_draft(article=article, editor=editor, note="Lần một: thiếu ảnh.")
    time_machine.move_to(NOW - timedelta(hours=1), tick=False)
    submit_for_review(article=article, user=reporter)
    assert not headlines(box(landing(client, reporter), "desk-returned"))

    time_machine.move_to(NOW, tick=False)
    return_to_draft(article=article, editor=editor, note="Lần hai: sapo quá dài.")
    returned = text(box(landing(client, reporter), "desk-returned"))
    assert "Lần hai: sapo quá dài." in returned
    assert "Lần một" not in returned


# The moderator's landing, and anyone not logged in.


def test_the_moderator_keeps_the_admin_index_with_the_queue_notice(client, moderator, make_published, make_comment):
    make_comment(make_published())
    page = landing(client, moderator)
    assert f'<a href="{QUEUE}">Có 1 ý kiến chờ duyệt</a>' in page
    assert "<h1>Tòa soạn</h1>" in page
    assert not box(page, "desk-waiting")
    assert "Viết bài mới" not in page


def test_the_desk_asks_a_visitor_to_log_in(client):
    response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# The paper's name.


def test_the_admin_carries_the_papers_name(client, editor, settings):
    settings.PAPER = {**settings.PAPER, "name": "Báo Buôn Ma Thuột"}
    page = landing(client, editor)
    assert "<title>Bàn biên tập | Báo Buôn Ma Thuột</title>" in page
    assert "Báo Buôn Ma Thuột — Tòa soạn" in page
    assert "Newsroom" not in page
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert "Báo Buôn Ma Thuột" in login


# Bounded: the same queries whatever the desk lists.


def _queries(client, user):
    client.force_login(user)
    client.get(DESK)  # the session and permission caches warm up alike in both runs
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DESK).status_code == 200
    return len(queries)


def _fill_newsroom(make_article, make_published, make_comment, editor, reporter, count):
    for number in range(count):
        draft = make_article(headline=f"Nháp {number}", created_by=reporter)
        make_article(headline=f"Nháp biên tập {number}", created_by=editor)
        submitted(make_article, reporter, f"Chờ {number}", at=NOW - timedelta(minutes=number + 1))
        scheduled(make_article, f"Hẹn {number}", NOW + timedelta(minutes=number + 1))
        published = make_published(headline=f"Đăng {number}", published_at=NOW - timedelta(minutes=number + 1))
        DailyViews.objects.create(article=published, date=NOW.date(), views=number)
        make_comment(published)
        submit_for_review(article=draft, user=reporter)
        return_to_draft(article=draft, editor=editor, note=f"Ghi chú {number}")


def test_the_editors_desk_runs_the_same_queries_for_one_story_of_each_kind_and_for_many(
    client, editor, reporter, make_article, make_published, make_comment, clock
):
    # session, user, the user's group and own permissions (4); waiting (with its reporters), schedule, recent
    # (with views), own drafts (4); the pending comment count (1). No query per row.
    _fill_newsroom(make_article, make_published, make_comment, editor, reporter, 1)
    few = _queries(client, editor)
    _fill_newsroom(make_article, make_published, make_comment, editor, reporter, 30)
    assert _queries(client, editor) == few
    assert few == 9


def test_the_reporters_desk_runs_the_same_queries_for_one_draft_and_for_many(
    client, editor, reporter, make_article, make_published, make_comment, clock
):
    # session, user, the user's group and own permissions (4); returned drafts, their latest return notes, own
    # drafts (3).
    _fill_newsroom(make_article, make_published, make_comment, editor, reporter, 1)
    few = _queries(client, reporter)
    _fill_newsroom(make_article, make_published, make_comment, editor, reporter, 30)
    assert _queries(client, reporter) == few
    assert few == 7


# Room to write: the article form.


def test_the_headline_is_the_first_field_of_the_form_and_has_the_focus(client, reporter):
    client.force_login(reporter)
    page = client.get("/admin/articles/article/add/").content.decode()
    form = page[page.index('id="article_form"') :]
    first_field = re.search(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*>', form).group(0)
    assert 'name="headline"' in first_field
    assert "autofocus" in first_field
    assert 'maxlength="300"' in first_field


def test_the_headline_and_sapo_show_their_length_and_the_guidance(client, editor, make_article):
    article = make_article(headline="Tiêu đề " * 15, lead="Sapo ngắn.")  # 120 characters: past the guidance
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    headline_count = re.search(r'<p class="([^"]*)" id="id_headline_count"[^>]*>(.*?)</p>', page, re.S)
    assert "char-count-over" in headline_count.group(1)
    assert text(headline_count.group(2)) == "120 / 300 ký tự · Nên dưới 100 ký tự — dài hơn mức nên dùng"
    lead_count = re.search(r'<p class="([^"]*)" id="id_lead_count"[^>]*>(.*?)</p>', page, re.S)
    assert "char-count-over" not in lead_count.group(1)
    assert text(lead_count.group(2)) == "10 / 2000 ký tự · Nên 2–3 câu, dưới 300 ký tự"
    assert 'aria-describedby="id_headline_count"' in page
    assert "articles/admin/writing.js" in page and "articles/admin/writing.css" in page


def test_the_form_puts_the_story_first_and_the_side_information_beside_it(client, editor):
    client.force_login(editor)
    response = client.get("/admin/articles/article/add/")
    fieldsets = [(fieldset.name, list(fieldset.fields), fieldset.classes) for fieldset in response.context["adminform"]]

    assert fieldsets[0] == (None, ["headline", "kicker", "lead", "body"], "writing-main")
    assert [(name, classes) for name, _, classes in fieldsets[1:]] == [
        ("Xuất bản", "writing-side"),
        ("Phân loại", "writing-side"),
        ("Ảnh và video", "writing-side"),
        ("SEO", "collapse"),
        ("Lịch sử", "collapse"),
    ]
    page = response.content.decode()
    main = page[page.index('class="writing-main"') : page.index('class="writing-side"')]
    side = page[page.index('class="writing-side"') : page.index('id="story_photos-group"')]
    assert 'name="body"' in main and 'name="section"' not in main
    for field in ('name="section"', 'name="tags"', 'id="bylines-group"', 'name="publish_at_0"'):
        assert field in side
    assert page.index('id="bylines-group"') < page.index('id="story_photos-group"')
