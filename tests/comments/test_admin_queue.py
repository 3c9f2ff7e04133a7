"""The moderators' queue in the Django admin, driven through HTTP as a moderator uses it."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Section
from comments.admin import CappedCountPaginator
from comments.models import Ban, Comment, ModerationEvent, WordRule

Status = Comment.Status
QUEUE = "/admin/comments/comment/"
XSS_NAME = "<script>alert(1)</script>"
XSS_BODY = "<img src=x onerror=alert(1)>\nDòng thứ hai"


def change_url(comment):
    return f"{QUEUE}{comment.pk}/change/"


def decision_url(comment, segment):
    return f"{QUEUE}{comment.pk}/{segment}/"


def listed(response):
    return list(response.context["cl"].result_list)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def older(minutes):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# The queue and its filters.


def test_queue_lists_what_awaits_a_decision_oldest_first(moderator_client, make_published, make_comment):
    article = make_published()
    newer = make_comment(article, body="Mới gửi", created_at=older(5))
    oldest = make_comment(article, body="Gửi từ sáng", created_at=older(300))
    reported = make_comment(article, status=Status.APPROVED, flagged=True, report_count=1, created_at=older(60))
    make_comment(article, status=Status.APPROVED, body="Đã duyệt rồi")
    make_comment(article, status=Status.REJECTED, body="Đã từ chối")
    make_comment(article, status=Status.SPAM, body="Thư rác")

    response = moderator_client.get(QUEUE)

    assert response.status_code == 200
    assert listed(response) == [oldest, reported, newer]
    assert "Hàng chờ kiểm duyệt — 3 ý kiến chờ duyệt" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("approved", ["approved_new", "reported", "approved_old"]),
        ("rejected", ["rejected"]),
        ("spam", ["spam"]),
        ("flagged", ["reported"]),
        ("all", ["approved_new", "pending", "reported", "rejected", "spam", "approved_old"]),
    ],
)
def test_status_views_list_newest_first(moderator_client, make_published, make_comment, status, expected):
    article = make_published()
    rows = {
        "approved_old": make_comment(article, status=Status.APPROVED, created_at=older(600)),
        "spam": make_comment(article, status=Status.SPAM, created_at=older(500)),
        "rejected": make_comment(article, status=Status.REJECTED, created_at=older(400)),
        "reported": make_comment(article, status=Status.APPROVED, flagged=True, created_at=older(300)),
        "pending": make_comment(article, created_at=older(200)),
        "approved_new": make_comment(article, status=Status.APPROVED, created_at=older(100)),
    }

    response = moderator_client.get(QUEUE, {"status": status})

    assert listed(response) == [rows[name] for name in expected]


def test_queue_filters_by_reason_section_and_date(moderator_client, make_published, make_comment):
    here = make_published()
    elsewhere = make_published(section=Section.objects.get(slug="kinh-te"), slug="bai-kinh-te")
    links = make_comment(here, reason=Comment.Reason.LINKS, reason_detail="3 liên kết")
    plain = make_comment(elsewhere)
    last_week = make_comment(here, created_at=older(60 * 24 * 10))

    by_reason = moderator_client.get(QUEUE, {"reason__exact": "links"})
    by_section = moderator_client.get(QUEUE, {"article__section__id__exact": elsewhere.section_id})
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    by_date = moderator_client.get(
        QUEUE, {"created_at__gte": str(midnight), "created_at__lt": str(midnight + timedelta(days=1))}
    )

    assert listed(by_reason) == [links]
    assert listed(by_section) == [plain]
    assert last_week not in listed(by_date)
    assert set(listed(by_date)) == {links, plain}


def test_article_filter_shows_only_the_chosen_article_and_each_row_links_to_it(
    moderator_client, make_published, make_comment
):
    chosen = make_published(headline="Bài được chọn", slug="bai-duoc-chon")
    other = make_published(headline="Bài khác hẳn", slug="bai-khac-han")
    mine = make_comment(chosen)
    make_comment(other)

    page = moderator_client.get(QUEUE).content.decode()
    assert f'href="?article={chosen.pk}"' in page  # the row's "chỉ bài này" link
    assert "chỉ bài này" in page

    response = moderator_client.get(QUEUE, {"article": chosen.pk, "status": "all"})
    assert listed(response) == [mine]
    filters = response.content.decode().split('id="changelist-filter"')[1]
    assert "Bài được chọn" in filters
    assert "Bài khác hẳn" not in filters  # the filter never lists the archive's articles


def test_only_this_article_link_keeps_the_other_filters(moderator_client, make_published, make_comment):
    article = make_published()
    make_comment(article, status=Status.SPAM)

    page = moderator_client.get(QUEUE, {"status": "spam"}).content.decode()

    assert f'href="?article={article.pk}&amp;status=spam"' in page


def test_a_malformed_article_filter_is_refused_without_an_error(moderator_client):
    response = moderator_client.get(QUEUE, {"article": "abc"})

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_article_that_does_not_exist_lists_nothing(moderator_client, make_published, make_comment):
    make_comment(make_published())

    response = moderator_client.get(QUEUE, {"article": 987654, "status": "all"})

    assert listed(response) == []
    assert "Không có bài viết này" in response.content.decode()


def test_search_finds_text_name_email_and_exact_ip(moderator_client, make_published, make_comment):
    article = make_published()
    by_text = make_comment(article, body="Đường vành đai phía tây", name="An", email="an@example.com")
    by_name = make_comment(article, name="Nguyễn Văn Bình", email="binh@example.com", ip_address="198.51.100.4")
    by_ip = make_comment(article, name="Cường", email="cuong@example.com", ip_address="203.0.113.99")

    def search(term):
        return listed(moderator_client.get(QUEUE, {"q": term}))

    assert search("vành đai") == [by_text]
    assert search("Văn Bình") == [by_name]
    assert search("binh@example") == [by_name]
    assert search("Cuong@Example.com") == [by_ip]  # stored lower-cased, as posting does
    assert search("203.0.113.99") == [by_ip]
    assert search("203.0.113.9") == []  # a whole address matches exactly, not as a prefix


def test_each_row_shows_the_article_link_the_reason_and_the_reports(moderator_client, make_published, make_comment):
    article = make_published(headline="Khởi công cầu Ea Tam")
    make_comment(
        article,
        reason=Comment.Reason.SUSPECT_WORD,
        reason_detail="từ: lừa đảo",
        report_count=2,
        email="ban.doc@example.com",
        ip_address="192.0.2.10",
    )

    page = moderator_client.get(QUEUE).content.decode()

    assert f'<a href="{article.get_absolute_url()}" target="_blank" rel="noopener">Khởi công cầu Ea Tam</a>' in page
    assert "Có từ cần xem xét: từ: lừa đảo" in page
    assert 'class="field-report_count">2<' in page
    assert "ban.doc@example.com" in page
    assert "192.0.2.10" in page


def test_the_list_is_paged_without_counting_the_whole_table(
    moderator_client, make_published, make_comment, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    monkeypatch.setattr("comments.admin.CommentAdmin.list_per_page", 2)
    article = make_published()
    for index in range(5):
        make_comment(article, body=f"Ý kiến {index}")

    response = moderator_client.get(QUEUE)

    assert "Hơn 3 ý kiến bạn đọc" in response.content.decode()
    assert "hơn 3 kết quả" in response.content.decode()
    assert len(listed(response)) == 2


# One-click decisions from the list.


def test_moderator_approves_from_the_list_and_comes_back_to_the_same_view(
    moderator_client, moderator, make_published, make_comment
):
    comment = make_comment(make_published(), name="Hoa")
    back = f"{QUEUE}?status=all&q=Hoa"

    response = moderator_client.post(decision_url(comment, "duyet"), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    assert messages_of(response) == ["Đã duyệt ý kiến của “Hoa”."]
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == (Status.APPROVED, moderator)


def test_moderator_rejects_from_the_list(moderator_client, make_published, make_comment):
    comment = make_comment(make_published(), name="Hoa")

    response = moderator_client.post(decision_url(comment, "tu-choi"), {"next": QUEUE})

    assert messages_of(response) == ["Đã từ chối ý kiến của “Hoa”."]
    assert Comment.objects.get(pk=comment.pk).status == Status.REJECTED


def test_the_rows_buttons_post_the_lists_own_form_with_its_csrf_token(moderator, make_published, make_comment):
    comment = make_comment(make_published())
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    page = browser.get(QUEUE, {"status": "all"}).content.decode()
    form = page.split('<form id="changelist-form"')[1].split("</form>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    next_url = re.search(r'name="next" value="([^"]+)"', form).group(1)
    approve = re.search(r'formaction="([^"]+/duyet/)" formmethod="post" formnovalidate', form).group(1)
    assert approve == decision_url(comment, "duyet")

    response = browser.post(approve, {"csrfmiddlewaretoken": token, "next": next_url.replace("&amp;", "&")})

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?status=all"
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED


def test_a_decision_without_the_csrf_token_is_refused(moderator, make_published, make_comment):
    comment = make_comment(make_published())
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)

    response = browser.post(decision_url(comment, "duyet"))

    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING


@pytest.mark.parametrize("segment", ["duyet", "tu-choi", "thu-rac"])
def test_a_decision_url_answers_get_with_405(moderator_client, make_published, make_comment, segment):
    comment = make_comment(make_published())

    response = moderator_client.get(decision_url(comment, segment))

    assert response.status_code == 405
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING


def test_a_decision_never_sends_the_moderator_to_another_site(moderator_client, make_published, make_comment):
    comment = make_comment(make_published())

    response = moderator_client.post(decision_url(comment, "duyet"), {"next": "https://evil.example/admin/"})

    assert response["Location"] == QUEUE


def test_a_refused_decision_says_why(moderator_client, make_published, make_comment):
    article = make_published()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent, name="Minh")

    response = moderator_client.post(decision_url(reply, "duyet"), {"next": QUEUE})

    assert messages_of(response) == [
        "Ý kiến của “Minh”: Ý kiến này trả lời một ý kiến chưa được duyệt; hãy duyệt ý kiến gốc trước."
    ]
    assert Comment.objects.get(pk=reply.pk).status == Status.PENDING


def test_the_change_page_decides_with_a_note_and_shows_the_history(
    moderator_client, moderator, make_published, make_comment
):
    comment = make_comment(make_published())
    page = moderator_client.get(change_url(comment)).content.decode()
    assert f'formaction="{decision_url(comment, "thu-rac")}"' in page
    assert 'name="note"' in page

    moderator_client.post(decision_url(comment, "thu-rac"), {"note": "Quảng cáo bán hàng", "next": QUEUE})

    comment.refresh_from_db()
    assert (comment.status, comment.decision_note, comment.decided_by) == (
        Status.SPAM,
        "Quảng cáo bán hàng",
        moderator,
    )
    page = moderator_client.get(change_url(comment)).content.decode()
    history = page.split('id="comment-history"')[1]
    assert "Thư rác" in history
    assert "kiemduyet" in history
    assert "Quảng cáo bán hàng" in history


# Bulk actions.


def run_action(client, action, comments, **params):
    return client.post(
        QUEUE + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""),
        {"action": action, "_selected_action": [comment.pk for comment in comments]},
    )


def test_bulk_approve_reports_what_succeeded_and_why_the_rest_failed(
    moderator_client, moderator, make_published, make_comment
):
    article = make_published()
    parent = make_comment(article, created_at=older(30))
    reply = make_comment(article, parent=parent, created_at=older(20))
    rejected_parent = make_comment(article, status=Status.REJECTED, created_at=older(40))
    orphan = make_comment(article, parent=rejected_parent, created_at=older(10))

    response = run_action(moderator_client, "approve_selected", [reply, orphan, parent])

    assert messages_of(response) == [
        "Đã duyệt 2 ý kiến.",
        "1 ý kiến không xử lý được: Ý kiến này trả lời một ý kiến chưa được duyệt; hãy duyệt ý kiến gốc trước.",
    ]
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert (statuses[parent.pk], statuses[reply.pk], statuses[orphan.pk]) == (
        Status.APPROVED,
        Status.APPROVED,
        Status.PENDING,
    )
    assert set(ModerationEvent.objects.values_list("actor", flat=True)) == {moderator.pk}
    article.refresh_from_db()
    assert article.comment_count == 2


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("reject_selected", Status.REJECTED, "Đã từ chối 2 ý kiến."),
        ("spam_selected", Status.SPAM, "Đã chuyển 2 ý kiến vào thư rác."),
    ],
)
def test_bulk_reject_and_spam(moderator_client, make_published, make_comment, action, status, message):
    article = make_published()
    comments = [make_comment(article), make_comment(article)]

    response = run_action(moderator_client, action, comments)

    assert messages_of(response) == [message]
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert ModerationEvent.objects.count() == 2


def test_bulk_ban_of_emails_and_ips(moderator_client, moderator, make_published, make_comment):
    article = make_published()
    comments = [
        make_comment(article, email="Rac@Example.com", ip_address="198.51.100.20"),
        make_comment(article, email="rac@example.com", ip_address="198.51.100.21"),
    ]

    emails = run_action(moderator_client, "ban_emails", comments)
    assert messages_of(emails) == ["Đã chặn 1 email."]
    ips = run_action(moderator_client, "ban_ips", comments)
    assert messages_of(ips)[-1] == "Đã chặn 2 địa chỉ IP."
    assert sorted(Ban.objects.values_list("kind", "value")) == [
        ("email", "rac@example.com"),
        ("ip", "198.51.100.20"),
        ("ip", "198.51.100.21"),
    ]
    assert set(Ban.objects.values_list("created_by", flat=True)) == {moderator.pk}


# The comment's page.


def test_the_change_page_shows_the_readers_data_read_only_with_reports_and_other_comments(
    moderator_client, make_published, make_comment
):
    article = make_published(headline="Chợ phiên cuối tuần")
    earlier = make_published(headline="Bài hôm trước", slug="bai-hom-truoc")
    comment = make_comment(
        article,
        name="Lan",
        email="lan@example.com",
        body="Dòng một\nDòng hai",
        ip_address="192.0.2.33",
        user_agent="Mozilla/5.0 (Android)",
        reason=Comment.Reason.LINKS,
        reason_detail="4 liên kết",
        report_count=1,
    )
    comment.reports.create(ip_address="192.0.2.200")
    make_comment(earlier, email="lan@example.com", body="Ý kiến cũ của Lan", status=Status.REJECTED)
    make_comment(earlier, email="nguoi.khac@example.com", body="Của người khác")

    response = moderator_client.get(change_url(comment))

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Lan", "lan@example.com", "192.0.2.33", "Mozilla/5.0 (Android)", "Nhiều liên kết: 4 liên kết"):
        assert text in page
    assert "Dòng một<br>Dòng hai" in page
    assert f'href="{article.get_absolute_url()}" target="_blank" rel="noopener">Chợ phiên cuối tuần</a>' in page
    assert "192.0.2.200" in page.split('id="comment-reports"')[1]
    others = page.split('id="comment-other-comments"')[1].split('id="comment-history"')[0]
    assert "Ý kiến cũ của Lan" in others
    assert "Bài hôm trước" in others
    assert "Của người khác" not in others
    assert '<textarea name="body"' not in page
    assert 'name="_save"' not in page


def test_nobody_edits_or_adds_a_readers_comment_from_the_admin(
    moderator_client, admin_client, make_published, make_comment
):
    comment = make_comment(make_published(), body="Nguyên văn")

    edited = moderator_client.post(change_url(comment), {"body": "Sửa lén", "name": "X", "email": "x@example.com"})

    assert edited.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Nguyên văn"
    assert moderator_client.get(f"{QUEUE}add/").status_code == 403
    assert admin_client.get(f"{QUEUE}add/").status_code == 403


def test_only_superusers_delete_comments_and_the_count_follows(
    moderator_client, admin_client, moderator, make_published, make_comment, django_capture_on_commit_callbacks
):
    from comments.moderation import approve_comment

    article = make_published()
    comment = make_comment(article)
    approve_comment(comment=comment, moderator=moderator)

    assert moderator_client.get(f"{QUEUE}{comment.pk}/delete/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{QUEUE}{comment.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Comment.objects.exists()
    article.refresh_from_db()
    assert article.comment_count == 0


# The article page follows the decision.


def test_approving_in_the_admin_refreshes_the_cached_article_page_and_its_count(
    moderator_client, make_published, make_comment, django_capture_on_commit_callbacks
):
    article = make_published()
    comment = make_comment(article, body="Mong tỉnh sớm làm đường này")
    reader = Client()
    before = reader.get(article.get_absolute_url())
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert "Mong tỉnh sớm làm đường này" not in before.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(decision_url(comment, "duyet"), {"next": QUEUE})

    article.refresh_from_db()
    assert article.comment_count == 1
    after = reader.get(article.get_absolute_url())
    assert after["X-Page-Cache"] == "miss"
    assert "Mong tỉnh sớm làm đường này" in after.content.decode()


def test_rejecting_an_approved_comment_in_the_admin_takes_it_off_the_page(
    moderator_client, moderator, make_published, make_comment, django_capture_on_commit_callbacks
):
    from comments.moderation import approve_comment

    article = make_published()
    comment = make_comment(article, body="Ý kiến sẽ bị gỡ")
    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(comment=comment, moderator=moderator)
    reader = Client()
    assert "Ý kiến sẽ bị gỡ" in reader.get(article.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(decision_url(comment, "tu-choi"), {"next": QUEUE})

    article.refresh_from_db()
    assert article.comment_count == 0
    assert "Ý kiến sẽ bị gỡ" not in reader.get(article.get_absolute_url()).content.decode()


def test_deciding_the_last_row_of_the_last_page_comes_back_to_the_list(
    moderator_client, make_published, make_comment, monkeypatch
):
    monkeypatch.setattr("comments.admin.CommentAdmin.list_per_page", 2)
    article = make_published()
    comments = [make_comment(article, created_at=older(10 - index)) for index in range(3)]
    back = f"{QUEUE}?p=2&reason__exact="
    assert listed(moderator_client.get(back)) == [comments[2]]

    moderator_client.post(decision_url(comments[2], "duyet"), {"next": back})
    response = moderator_client.get(back)

    assert response.status_code == 200
    assert listed(response) == comments[:2]


# Who may do what.


def test_moderator_sees_nothing_but_comments(moderator_client):
    assert moderator_client.get("/admin/articles/article/").status_code == 403
    assert moderator_client.get("/admin/articles/photo/").status_code == 403
    assert moderator_client.get("/admin/auth/user/").status_code == 403
    assert moderator_client.get("/admin/auth/group/").status_code == 403


def test_moderator_cannot_open_an_articles_change_page(moderator_client, make_published):
    article = make_published()

    response = moderator_client.get(f"/admin/articles/article/{article.pk}/change/")

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["editor", "reporter"])
def test_editors_and_reporters_cannot_open_the_queue_or_decide(request, client, make_published, make_comment, persona):
    client.force_login(request.getfixturevalue(persona))
    comment = make_comment(make_published())

    assert client.get(QUEUE).status_code == 403
    assert client.get(change_url(comment)).status_code == 403
    for segment in ("duyet", "tu-choi", "thu-rac"):
        assert client.post(decision_url(comment, segment), {"next": QUEUE}).status_code == 403
    assert client.post(QUEUE, {"action": "approve_selected", "_selected_action": [comment.pk]}).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Status.PENDING
    assert client.get("/admin/comments/wordrule/").status_code == 403
    assert client.get("/admin/comments/ban/").status_code == 403


def test_the_admin_index_shows_moderators_what_waits(client, moderator, editor, make_published, make_comment):
    article = make_published()
    make_comment(article)
    make_comment(article, status=Status.APPROVED, flagged=True)
    make_comment(article, status=Status.APPROVED)

    client.force_login(moderator)
    page = client.get("/admin/").content.decode()
    assert f'<a href="{QUEUE}">Có 2 ý kiến chờ duyệt</a>' in page

    client.force_login(editor)  # the editor's desk shows the count; the queue is the moderators', so no link
    page = client.get("/admin/").content.decode()
    assert "Có 2 ý kiến chờ duyệt" in page
    assert f'href="{QUEUE}"' not in page


# Words and bans, kept by moderators.


def test_moderator_adds_a_suspect_word_and_its_duplicate_is_refused_whatever_the_accents(moderator_client, moderator):
    response = moderator_client.post("/admin/comments/wordrule/add/", {"phrase": "  Lừa   đảo ", "kind": "suspect"})
    assert response.status_code == 302
    rule = WordRule.objects.get()
    assert (rule.phrase, rule.folded, rule.created_by) == ("Lừa đảo", "lua dao", moderator)

    again = moderator_client.post("/admin/comments/wordrule/add/", {"phrase": "LUA DAO", "kind": "banned"})

    assert again.status_code == 200
    assert "Từ này (không kể dấu và chữ hoa) đã có trong danh sách." in again.content.decode()
    assert WordRule.objects.count() == 1


def test_moderator_bans_an_email_address(moderator_client, moderator):
    response = moderator_client.post(
        "/admin/comments/ban/add/",
        {"kind": "email", "value": " Ke.Xau@Example.com ", "reason": "Lăng mạ", "expires_at_0": "", "expires_at_1": ""},
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert (ban.value, ban.created_by) == ("ke.xau@example.com", moderator)

    invalid = moderator_client.post(
        "/admin/comments/ban/add/", {"kind": "ip", "value": "không phải IP", "expires_at_0": "", "expires_at_1": ""}
    )
    assert "Email hoặc địa chỉ IP không hợp lệ." in invalid.content.decode()


def test_moderator_reads_the_moderation_history_but_cannot_change_it(
    moderator_client, moderator, make_published, make_comment
):
    from comments.moderation import reject_comment

    reject_comment(comment=make_comment(make_published(), name="Tú"), moderator=moderator, note="Lạc đề")

    page = moderator_client.get("/admin/comments/moderationevent/").content.decode()

    assert "Lạc đề" in page
    assert "Tú: Bài viết rất hay." in page
    assert moderator_client.get("/admin/comments/moderationevent/add/").status_code == 403


# Escaping.


def test_scripts_in_names_and_texts_are_shown_inert_in_the_queue_and_the_change_page(
    moderator_client, make_published, make_comment
):
    comment = make_comment(make_published(), name=XSS_NAME, body=XSS_BODY, reason_detail="<b>đậm</b>")

    queue = moderator_client.get(QUEUE).content.decode()
    change = moderator_client.get(change_url(comment)).content.decode()
    decided = moderator_client.post(decision_url(comment, "duyet"), {"next": QUEUE}, follow=True).content.decode()

    for page in (queue, change, decided):
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x onerror" not in page
        assert "<b>đậm</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in queue
    assert "&lt;img src=x onerror=alert(1)&gt;" in queue
    assert "&lt;img src=x onerror=alert(1)&gt;<br>Dòng thứ hai" in change
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in decided  # the success message names the reader


# Query counts.


def queue_queries(client, article, make_comment, rows):
    Comment.objects.all().delete()
    for index in range(rows):
        make_comment(article, name=f"Bạn đọc {index}", email=f"r{index}@example.com")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert len(listed(response)) == rows
    return len(queries)


def test_the_queue_runs_the_same_queries_with_1_and_100_rows(moderator_client, make_published, make_comment):
    article = make_published()
    # session, user, user permissions, group permissions, pending count (title), section filter
    # choices, capped count, the page's rows (with their article and section)
    assert queue_queries(moderator_client, article, make_comment, 1) == 8
    assert queue_queries(moderator_client, article, make_comment, 100) == 8


def change_page_queries(client, comment):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(comment))
    assert response.status_code == 200
    return len(queries)


def test_the_change_page_runs_a_constant_number_of_queries(moderator_client, moderator, make_published, make_comment):
    from comments.moderation import approve_comment, reject_comment

    article = make_published()
    lone = make_comment(article, email="mot@example.com")
    busy_parent = make_comment(article, email="nhieu@example.com", status=Status.APPROVED)
    busy = make_comment(article, email="nhieu@example.com", parent=busy_parent, report_count=3)
    for index in range(25):
        make_comment(article, email="nhieu@example.com", body=f"Ý kiến {index}")
    for index in range(3):
        busy.reports.create(ip_address=f"192.0.2.{index}")
    approve_comment(comment=busy, moderator=moderator)
    reject_comment(comment=busy, moderator=moderator)

    # session, user, user permissions, group permissions, the comment (with article, section,
    # parent, decider), the reader's other comments, the history, the reports
    assert change_page_queries(moderator_client, lone) == 8
    assert change_page_queries(moderator_client, busy) == 8
