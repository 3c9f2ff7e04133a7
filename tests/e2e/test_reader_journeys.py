"""A reader on a phone and on a desktop: homepage, the reference article, search; then comments and moderation."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.e2e.conftest import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc về Chỉ số cải cách hành chính trong Công an nhân dân"


@pytest.fixture
def demo(site):
    call_command("load_demo", verbosity=0)
    return Article.objects.get(headline=HEADLINE)


def find_reference_article(page, site):
    """From the homepage to the reference article, as a reader would: its section, then its headline."""
    page.goto(f"{site}/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="An ninh - Trật tự").click()
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(f"**{Article.objects.get(headline=HEADLINE).get_absolute_url()}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reader_opens_the_reference_article_from_the_homepage(demo, site, new_page, screenshot, viewport):
    page = new_page(viewport)
    page.goto(f"{site}/")
    assert page.get_by_role("link", name="Đọc Báo in").first.is_visible()
    screenshot(page, "homepage", full_page=False, curated=f"homepage-{'phone' if viewport is PHONE else 'desktop'}")

    if viewport is PHONE:
        # The section menu scrolls sideways on a phone; the section is reached all the same.
        page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="An ninh - Trật tự").click()
        page.get_by_role("link", name=HEADLINE).first.click()
    else:
        find_reference_article(page, site)

    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert page.locator(".article-time").inner_text() == "16:41, 10/12/2021"
    assert page.locator(".lead").inner_text().startswith("Sáng 10-12, Công an tỉnh tổ chức Hội nghị")
    captions = page.locator("article figure figcaption").all_inner_texts()
    assert captions[0] == "Các đại biểu tham dự hội nghị. (Ảnh: Hồng Chuyên)"
    assert len(captions) == 2
    for image in page.locator("article figure img").all():  # lazy-loaded: each loads once scrolled to
        image.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle())
    assert page.locator(".byline").inner_text().strip() == "Hồng Chuyên"
    assert page.get_by_role("link", name="(Video) Hướng về cội nguồn dân tộc").is_visible()
    # Nothing wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "article", curated=f"article-{'phone' if viewport is PHONE else 'desktop'}")


def test_reader_finds_the_article_by_a_phrase_typed_without_accents(demo, site, new_page, screenshot):
    page = new_page(PHONE)
    page.goto(f"{site}/")

    page.get_by_role("searchbox", name="Tìm kiếm bài viết").fill("chi so cai cach hanh chinh")
    page.get_by_role("searchbox", name="Tìm kiếm bài viết").press("Enter")

    result = page.locator(".search-result").first
    assert result.locator("mark").first.inner_text() in ("Chỉ", "số", "cải", "cách", "hành", "chính")
    screenshot(page, "search")
    result.get_by_role("link", name=HEADLINE).click()
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE


COMMENT = "Chúc mừng Công an tỉnh!\nMong tiếp tục giữ vững thứ hạng trong năm tới."


def post_comment(page, site, settings):
    """The reader writes under "Ý kiến bạn đọc" on the reference article and sends it."""
    settings.COMMENTS = {**settings.COMMENTS, "MIN_SECONDS": 1}  # a human types for longer than that
    find_reference_article(page, site)
    form = page.locator("form.comment-form")
    form.get_by_label("Họ tên").fill("Nguyễn Văn An")
    form.get_by_label("Email").fill("an.nguyen@example.com")
    form.get_by_label("Ý kiến").fill(COMMENT)
    page.wait_for_function("() => document.querySelector('form.comment-form [name=token]').value !== ''")
    page.wait_for_timeout(1100)
    form.get_by_role("button", name="Gửi").click()
    page.wait_for_url("**?da-gui=1#y-kien")


def test_reader_posts_a_comment_that_waits_for_a_moderator(demo, site, settings, new_page, screenshot):
    page = new_page(PHONE)

    post_comment(page, site, settings)

    assert page.get_by_role("status").filter(has_text="Bình luận của bạn đang chờ duyệt").is_visible()
    assert "Mong tiếp tục giữ vững" not in page.locator("#y-kien").inner_text()
    screenshot(page, "comment-awaiting-moderation")
    page.goto(f"{site}{demo.get_absolute_url()}")
    assert "đang chờ duyệt" not in page.locator("#y-kien").inner_text()  # the shared page holds no notice


def test_moderator_approves_the_comment_from_the_queue_and_the_reader_sees_it(
    demo, site, settings, new_page, screenshot
):
    reader = new_page(DESKTOP)
    post_comment(reader, site, settings)
    desk = new_page(DESKTOP)

    log_in(desk, site, "kiemduyet", "kiemduyet-demo-2026")  # the demo's moderator (README)
    desk.get_by_role("link", name="Có 1 ý kiến chờ duyệt").click()
    row = desk.locator("#result_list tbody tr", has_text="Nguyễn Văn An")
    assert HEADLINE[:40] in row.inner_text(), row.inner_text()
    screenshot(desk, "moderation-queue", curated="moderation-queue")
    row.get_by_role("button", name="Duyệt").click()
    desk.locator(".messagelist .success").first.wait_for()

    reader.goto(f"{site}{demo.get_absolute_url()}")
    reader.reload()  # browsers may keep the page a minute (max-age=60); reloading asks the server again
    comments = reader.locator("#y-kien")
    assert "Nguyễn Văn An" in comments.inner_text()
    assert "Mong tiếp tục giữ vững thứ hạng trong năm tới." in comments.inner_text()
    assert comments.locator(".comment-body br").count() == 1  # the reader's line break kept
    screenshot(reader, "comment-approved")
    response = desk.goto(f"{site}/admin/articles/article/{demo.pk}/change/")
    assert response.status == 403
