"""The reader's pages: the reference article, homepage, sections, tags, authors, visibility and 301s."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Author, Byline, Correction, HomepageSlot, Section, Tag

HEADLINE = "Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc về Chỉ số cải cách hành chính trong Công an nhân dân"


def page_text(response) -> str:
    """The page's visible text in reading order, markup removed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def in_order(text: str, *parts: str) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", verbosity=0)


def test_reference_page_shows_everything_the_real_page_shows_in_its_order(demo, client):
    article = Article.objects.get(headline=HEADLINE)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    text = page_text(response)
    assert in_order(
        text,
        "Multimedia",
        "Đọc Báo in",
        HEADLINE,
        "16:41, 10/12/2021",
        "Sáng 10-12, Công an tỉnh tổ chức Hội nghị công bố Chỉ số cải cách hành chính (CCHC)",
        "Các đại biểu tham dự hội nghị. (Ảnh: Hồng Chuyên)",
        "Khen thưởng các cá nhân đã có đóng góp tích cực",
        "Hồng Chuyên",
        "Ý kiến bạn đọc",
        "(Video) Hướng về cội nguồn dân tộc",
        "Cùng với các địa phương trong cả nước",
    ), text
    html = response.content.decode()
    assert html.count("<figure") == 2
    assert 'srcset="' in html and " 960w" in html
    assert '<p class="lead">' in html


def test_article_page_shows_roles_tags_and_corrections(make_published, client):
    article = make_published(kicker="Chuyên đề")
    writer = Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen")
    photographer = Author.objects.create(name="Thu Hà", slug="thu-ha")
    Byline.objects.create(article=article, author=writer, role=Byline.Role.TEXT, position=0)
    Byline.objects.create(article=article, author=photographer, role=Byline.Role.PHOTO, position=1)
    article.tags.add(Tag.objects.create(name="Công an tỉnh", slug="cong-an-tinh"))
    Correction.objects.create(article=article, note="Sửa tên đơn vị ở đoạn thứ hai.")

    text = page_text(client.get(article.get_absolute_url()))

    assert in_order(text, "Chuyên đề", article.headline, "Hồng Chuyên", "Ảnh: Thu Hà", "Công an tỉnh")
    assert "Đính chính" in text and "Sửa tên đơn vị ở đoạn thứ hai." in text


def test_video_story_embeds_its_player_and_photo_story_shows_its_photos_in_order(make_published, make_photo, client):
    video = make_published(kind=Article.Kind.VIDEO, video_url="https://www.youtube.com/watch?v=kX7pQ2dLh4M")
    story = make_published(kind=Article.Kind.PHOTO_STORY, slug="phong-su-anh")
    for position, caption in enumerate(["Ảnh thứ nhất.", "Ảnh thứ hai."]):
        story.story_photos.create(photo=make_photo(caption=caption), position=position)

    video_html = client.get(video.get_absolute_url()).content.decode()
    story_text = page_text(client.get(story.get_absolute_url()))

    assert 'src="https://www.youtube-nocookie.com/embed/kX7pQ2dLh4M"' in video_html
    assert in_order(story_text, "Ảnh thứ nhất. (Ảnh: Hồng Chuyên)", "Ảnh thứ hai. (Ảnh: Hồng Chuyên)")


def test_outdated_slug_or_section_answers_301_to_the_canonical_address(make_published, client):
    article = make_published()
    canonical = article.get_absolute_url()

    for wrong in (f"/thoi-su/ten-cu-{article.pk}.html", f"/kinh-te/{article.slug}-{article.pk}.html"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == canonical


HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "review": {"status": Article.Status.REVIEW, "published_at": None},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": timezone.now() - timedelta(days=1)},
    "trashed": {
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
        "deleted_at": timezone.now(),
    },
}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_articles_readers_may_not_see_are_on_no_page(state, make_article, make_published, client):
    shown = make_published(headline="Bài đã đăng vẫn hiển thị")
    hidden = make_article(headline="Bài không được lộ ra", slug="bai-an", **HIDDEN_STATES[state])
    tag = Tag.objects.create(name="Thẻ chung", slug="the-chung")
    hidden.tags.add(tag)
    shown.tags.add(tag)  # a tag no published article carries has no page at all
    author = Author.objects.create(name="Phóng viên A", slug="phong-vien-a")
    Byline.objects.create(article=hidden, author=author)
    HomepageSlot.objects.filter(position=1).update(article=hidden)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in ("/", "/thoi-su/", "/the/the-chung/", "/tac-gia/phong-vien-a/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Bài không được lộ ra" not in response.content.decode(), url
    assert "Bài đã đăng vẫn hiển thị" in client.get("/").content.decode()


def test_section_page_lists_its_sub_sections_articles_newest_first(make_published, client):
    parent = Section.objects.get(slug="thoi-su")
    child = Section.objects.get(slug="trong-tinh")
    older = make_published(headline="Tin cũ của chuyên mục cha", section=parent)
    newer = make_published(headline="Tin mới của chuyên mục con", section=child, published_at=timezone.now())
    make_published(headline="Tin của chuyên mục khác", section=Section.objects.get(slug="kinh-te"))

    text = page_text(client.get("/thoi-su/"))

    assert in_order(text, "Trong tỉnh", newer.headline, older.headline)
    assert "Tin của chuyên mục khác" not in text
    assert older.headline not in page_text(client.get("/trong-tinh/"))


def test_listing_pages_go_back_in_time_by_cursor_and_refuse_bad_ones(make_published, client):
    start = timezone.now() - timedelta(days=1)
    for number in range(45):
        make_published(headline=f"Tin số {number:02d}", published_at=start - timedelta(minutes=number))

    first = client.get("/thoi-su/")
    older_link = re.search(r'href="/thoi-su/\?truoc=([0-9-]+)"', first.content.decode())
    second = client.get(f"/thoi-su/?truoc={older_link[1]}")
    third_link = re.search(r'href="/thoi-su/\?truoc=([0-9-]+)"', second.content.decode())
    third = client.get(f"/thoi-su/?truoc={third_link[1]}")

    assert "Tin số 00" in page_text(first) and "Tin số 19" in page_text(first) and "Tin số 20" not in page_text(first)
    assert "Tin số 20" in page_text(second) and "Tin số 39" in page_text(second)
    assert "Tin số 44" in page_text(third) and "Tin cũ hơn" not in page_text(third)
    newer_link = re.search(r'href="/thoi-su/\?sau=([0-9-]+)"', second.content.decode())
    assert "Tin số 19" in page_text(client.get(f"/thoi-su/?sau={newer_link[1]}"))
    for bad in ("abc", "1-", "-5", "1-1&sau=2-2", "0-0", "1.5-2", "１２-3"):
        assert client.get(f"/thoi-su/?truoc={bad}").status_code == 404, bad
    assert client.get("/thoi-su/?truoc=1-1&sau=1-1").status_code == 404


def test_deep_page_runs_the_same_queries_as_the_first(make_published, client, django_assert_num_queries):
    start = timezone.now() - timedelta(days=1)
    articles = [make_published(headline=f"Tin {n}", published_at=start - timedelta(hours=n)) for n in range(30)]
    deep = articles[24]
    cursor = f"{int(deep.published_at.timestamp() * 1_000_000)}-{deep.pk}"

    # page cache: next publication; menu; active sections; one page of articles
    with django_assert_num_queries(4):
        assert client.get("/thoi-su/").status_code == 200
    with django_assert_num_queries(1):  # the next publication, the menu and the sections are remembered now
        assert client.get(f"/thoi-su/?truoc={cursor}").status_code == 200


def test_articles_published_at_the_same_moment_are_split_across_pages_without_losing_one(make_published, client):
    moment = timezone.now() - timedelta(hours=2)
    for number in range(25):
        make_published(headline=f"Tin cùng lúc {number:02d}", published_at=moment)

    def headlines(html):
        return re.findall(r">(Tin cùng lúc \d\d)<", html)

    first = client.get("/thoi-su/").content.decode()
    older = re.search(r'href="/thoi-su/\?truoc=([0-9-]+)"', first)[1]
    second = client.get(f"/thoi-su/?truoc={older}").content.decode()
    newer = re.search(r'href="/thoi-su/\?sau=([0-9-]+)"', second)[1]
    back = client.get(f"/thoi-su/?sau={newer}").content.decode()

    assert sorted(headlines(first) + headlines(second)) == [f"Tin cùng lúc {number:02d}" for number in range(25)]
    assert headlines(back) == headlines(first)


def test_teasers_escape_what_editors_typed_and_link_the_article(make_published, client):
    article = make_published(headline='Giá "cà phê" <tăng> & giảm', slug="gia-ca-phe", kind=Article.Kind.VIDEO)

    html = client.get("/thoi-su/").content.decode()

    link = re.search(rf'<a href="{re.escape(article.get_absolute_url())}">([^<]*)</a>', html)
    assert link and "<tăng>" not in link[1]
    assert unescape(link[1]) == '(Video) Giá "cà phê" <tăng> & giảm'  # shown as typed, escaped


def test_a_teaser_links_the_articles_address_after_its_slug_or_section_changes(make_published):
    from django.template import Context, Template

    tag = Template("{% load teasers %}{% teaser article %}")

    def render_teaser(article):
        return tag.render(Context({"article": article}))

    article = make_published(slug="ten-cu")
    assert f'href="{article.get_absolute_url()}"' in render_teaser(article)

    article.slug = "ten-moi"
    article.section = Section.objects.get(slug="kinh-te")

    assert f'href="{article.get_absolute_url()}"' in render_teaser(article)
    assert "/kinh-te/ten-moi-" in article.get_absolute_url()


def test_a_section_the_editor_switches_off_leaves_the_homepage_and_its_page(
    make_published, editor, client, django_capture_on_commit_callbacks
):
    section = Section.objects.get(slug="quoc-te")
    for number in range(HomepageSlot.objects.count() + 1):  # more than the slots take
        make_published(headline=f"Tin quốc tế {number}", section=section)
    tagged = Article.objects.get(headline="Tin quốc tế 0")
    tagged.tags.add(Tag.objects.create(name="Lào", slug="lao"))
    assert 'id="home-section-quoc-te"' in client.get("/").content.decode()
    assert client.get("/quoc-te/").status_code == 200
    client.force_login(editor)
    data = {"name": section.name, "slug": section.slug, "parent": "", "position": section.position}  # not active

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/articles/section/{section.pk}/change/", data)

    assert response.status_code == 302
    client.logout()
    assert 'id="home-section-quoc-te"' not in client.get("/").content.decode()
    assert client.get("/quoc-te/").status_code == 404
    # Its stories stay published: listed by their tag, with the address they always had.
    tag_page = client.get("/the/lao/").content.decode()
    assert "Tin quốc tế 0" in tag_page and f'href="{tagged.get_absolute_url()}"' in tag_page
    assert client.get(tagged.get_absolute_url()).status_code == 200


def test_unknown_section_tag_or_author_is_a_designed_404(db, client):
    for url in ("/khong-co-chuyen-muc/", "/the/khong-co/", "/tac-gia/khong-co/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()
        assert "Đọc Báo in" in response.content.decode()


def test_author_page_shows_bio_and_their_articles(make_published, client):
    author = Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen", bio="Phóng viên mảng an ninh.")
    theirs = make_published(headline="Bài của Hồng Chuyên")
    Byline.objects.create(article=theirs, author=author)
    make_published(headline="Bài của người khác")

    text = page_text(client.get("/tac-gia/hong-chuyen/"))

    assert in_order(text, "Hồng Chuyên", "Phóng viên mảng an ninh.", "Bài của Hồng Chuyên")
    assert "Bài của người khác" not in text


def test_section_slug_used_by_a_site_page_is_refused(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã được trang khác"):
        Section(name="Tìm kiếm", slug="tim-kiem").full_clean()


def test_500_page_renders_without_a_request_or_the_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Hệ thống đang gặp sự cố" in html


# Homepage ------------------------------------------------------------------


def test_homepage_shows_the_editors_lead_then_fills_empty_slots_with_the_latest(make_published, client):
    chosen = make_published(headline="Tin chính do biên tập chọn", published_at=timezone.now() - timedelta(days=3))
    latest = make_published(headline="Tin mới nhất", published_at=timezone.now() - timedelta(minutes=5))
    HomepageSlot.objects.filter(position=1).update(article=chosen)

    html = client.get("/").content.decode()

    lead = html[html.index('class="home-lead"') : html.index('class="home-featured-list"')]
    assert chosen.headline in lead
    assert latest.headline in html[html.index('class="home-featured-list"') :]


def test_homepage_never_shows_an_article_twice(make_published, client):
    articles = [make_published(headline=f"Bài trang chủ {n:02d}", slug=f"bai-{n}") for n in range(12)]
    HomepageSlot.objects.filter(position=1).update(article=articles[3])
    HomepageSlot.objects.filter(position=2).update(article=articles[3])

    html = client.get("/").content.decode()

    for article in articles:
        assert html.count(f'href="{article.get_absolute_url()}"') <= 2  # image link and headline of one teaser
        assert html.count(f">{article.headline}<") <= 1


def test_each_homepage_list_skips_what_an_earlier_one_shows(make_published, client):
    from articles.models import DailyViews

    now = timezone.now()
    world, economy = Section.objects.get(slug="quoc-te"), Section.objects.get(slug="kinh-te")
    slots = HomepageSlot.objects.count()
    latest = [
        make_published(
            headline=f"Tin quốc tế {n}", slug=f"qt-{n}", section=world, published_at=now - timedelta(minutes=n + 1)
        )
        for n in range(slots)
    ]
    economic = [
        make_published(
            headline=f"Tin kinh tế {n}", slug=f"kt-{n}", section=economy, published_at=now - timedelta(hours=n + 1)
        )
        for n in range(8)
    ]
    HomepageSlot.objects.filter(position=1).update(article=economic[0])
    for article, views in [(economic[0], 90), (economic[1], 80), (latest[0], 70)]:
        DailyViews.objects.create(article=article, date=timezone.localdate(), views=views)

    html = client.get("/").content.decode()

    most_read = html[html.index('class="most-read"') :]
    most_read = most_read[: most_read.index("</section>")]
    economy_block = html[html.index('aria-labelledby="home-section-kinh-te"') :]
    economy_block = economy_block[: economy_block.index("</section>")]
    world_block = html[html.index('aria-labelledby="home-section-quoc-te"') :]
    world_block = world_block[: world_block.index("</section>")]
    assert re.findall(r">(Tin [^<]+)</a>", most_read) == ["Tin kinh tế 1"]
    assert re.findall(r">(Tin kinh tế \d)</a>", economy_block) == [f"Tin kinh tế {n}" for n in (2, 3, 4, 5)]
    assert re.findall(r">(Tin quốc tế \d)</a>", world_block) == [f"Tin quốc tế {slots - 1}"]
    for article in latest + economic:
        assert html.count(f">{article.headline}<") <= 1


def test_a_scheduled_article_placed_in_a_slot_takes_it_at_its_minute(make_published, editor, client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    make_published(headline="Tin đang ở vị trí tin chính")
    scheduled = make_published(headline="Tin hẹn giờ lên trang chủ", published_at=timezone.now() + timedelta(minutes=5))
    HomepageSlot.objects.filter(position=1).update(article=scheduled)

    before = client.get("/")
    cached = client.get("/")
    time_machine.shift(timedelta(minutes=5, seconds=1))
    after = client.get("/")

    assert "Tin hẹn giờ lên trang chủ" not in before.content.decode()
    assert cached["X-Page-Cache"] == "hit"
    assert after["X-Page-Cache"] == "miss"
    html = after.content.decode()
    assert "Tin hẹn giờ lên trang chủ" in html[html.index('class="home-lead"') : html.index("home-featured-list")]


def test_editor_sets_a_homepage_slot_in_the_admin_and_the_homepage_changes(
    make_published, editor, client, django_capture_on_commit_callbacks
):
    chosen = make_published(headline="Tin được đưa lên tin chính", published_at=timezone.now() - timedelta(days=2))
    make_published(headline="Tin mới hơn")
    client.get("/")  # cached
    client.force_login(editor)
    slots = list(HomepageSlot.objects.order_by("position"))
    data = {"form-TOTAL_FORMS": len(slots), "form-INITIAL_FORMS": len(slots), "_save": "Lưu"}
    for index, slot in enumerate(slots):
        data[f"form-{index}-id"] = slot.pk
        data[f"form-{index}-article"] = chosen.pk if slot.position == 1 else ""

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/articles/homepageslot/", data)

    assert response.status_code == 302
    client.logout()
    html = client.get("/").content.decode()
    assert chosen.headline in html[html.index('class="home-lead"') : html.index("home-featured-list")]
    assert HomepageSlot.objects.get(position=1).updated_by == editor


def test_reporter_cannot_change_the_homepage(reporter, client):
    client.force_login(reporter)

    assert client.get("/admin/articles/homepageslot/").status_code == 403
