"""The desk in a real browser: a reporter files a story, an editor schedules it from the desk and publishes it,
two editors collide."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.content.images import create_photo
from articles.content.publishing import submit_for_review
from articles.desk.editing import save_article
from articles.models import Article, Author, Byline, Photo, Section
from tests.e2e.conftest import log_in

PASSWORD = "mat-khau-an-toan-2026"  # the personas' password (tests/conftest.py)
# The live server reads what the test writes, so each test commits; migrations' rows (groups, sections) are
# restored after each one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "hoi-nghi.jpg"
    Image.new("RGB", (1400, 900), (30, 90, 150)).save(path, "JPEG")
    return path


def type_in_editor(page, text):
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def open_photo_dialog(page):
    """The editor's image button opens the newsroom's photo dialog (not CKEditor's image dialog)."""
    page.locator("a.cke_button__newsroomphoto").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="Chèn ảnh vào bài").wait_for()
    dialog.locator("#photo-dialog[data-step=choose]").wait_for()
    return dialog


def dialog_accessibility_violations(page):
    """axe-core's serious and critical WCAG 2.1 AA violations inside the photo dialog."""
    from tests.e2e.conftest import AXE

    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "() => axe.run('#newsroom-photo-dialog', "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def insert_uploaded_photo(page, path, *, caption, alt_text, expected_credit, screenshot):
    """Upload into the photo library; caption, credit (pre-filled) and alt text in the same dialog."""
    dialog = open_photo_dialog(page)
    screenshot(page, "photo-dialog-choose", full_page=False)
    dialog.get_by_label("Tải ảnh mới lên").set_input_files(str(path))
    dialog.get_by_role("button", name="Tải lên").click()
    dialog.get_by_role("heading", name="Chú thích, nguồn ảnh và mô tả").wait_for()
    assert dialog.get_by_label("Nguồn ảnh", exact=True).input_value() == expected_credit
    # CKEditor's placeholder caption is no caption.
    dialog.get_by_label("Chú thích", exact=True).fill("Nhãn")
    dialog.get_by_label("Mô tả cho người khiếm thị", exact=True).fill(alt_text)
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()
    dialog.get_by_text("là chữ mẫu, không phải chú thích").wait_for()
    screenshot(page, "photo-dialog-placeholder-refused", full_page=False, curated="photo-dialog")
    dialog.get_by_label("Chú thích", exact=True).fill(caption)
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()
    figcaption = page.frame_locator("iframe.cke_wysiwyg_frame").locator("figure.photo figcaption")
    figcaption.wait_for()
    assert figcaption.inner_text() == f"{caption} (Ảnh: {expected_credit})"


def choose_author(page, row, name):
    """Django's autocomplete (select2) in the byline inline."""
    page.locator(f"#bylines-{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(name)
    page.locator(".select2-results__option", has_text=name).first.click()


def test_reporter_files_a_story_with_a_photo_and_cannot_publish_it(
    site, reporter, new_page, screenshot, photo_file, client
):
    Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen", user=reporter)
    page = new_page()
    log_in(page, site, reporter.username, PASSWORD)

    page.goto(f"{site}/admin/articles/article/add/")
    page.get_by_label("Tiêu đề:", exact=True).fill("Công an tỉnh tổng kết công tác năm")
    page.get_by_label("Sapo:", exact=True).fill("Sáng nay, Công an tỉnh tổ chức hội nghị tổng kết công tác năm.")
    page.get_by_label("Chuyên mục:", exact=True).select_option(label="An ninh - Trật tự")
    type_in_editor(page, "Hội nghị có sự tham dự của lãnh đạo tỉnh.")
    insert_uploaded_photo(
        page,
        photo_file,
        alt_text="Hội trường đông đại biểu",
        caption="Toàn cảnh hội nghị.",
        expected_credit="Hồng Chuyên",
        screenshot=screenshot,
    )
    choose_author(page, 0, "Hồng Chuyên")
    page.evaluate("window.scrollTo(0, 0)")  # the README shows the top of the form: headline, sapo, body, side boxes
    screenshot(page, "admin-article-edit", curated="admin-article-edit")
    page.get_by_role("button", name="Lưu và gửi duyệt").click()

    page.locator(".messagelist .success", has_text="Đã gửi bài chờ duyệt.").wait_for()
    article = Article.objects.get(headline="Công an tỉnh tổng kết công tác năm")
    assert article.status == Article.Status.REVIEW
    assert article.bylines.get().author.name == "Hồng Chuyên"
    photo = article.body_photos.get()
    assert (photo.caption, photo.credit, photo.alt_text) == (
        "Toàn cảnh hội nghị.",
        "Hồng Chuyên",
        "Hội trường đông đại biểu",
    )

    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    assert page.locator("input[name=_publish]").count() == 0
    screenshot(page, "reporter-no-publish-button")
    reader = new_page()
    assert reader.goto(f"{site}{article.get_absolute_url()}").status == 404


def filed_story(reporter, *, credit="Hồng Chuyên"):
    """A story a reporter wrote and submitted, with a captioned photo in its body."""
    upload = io.BytesIO()
    Image.new("RGB", (1400, 900), (150, 40, 40)).save(upload, "JPEG")
    photo = create_photo(
        file=ContentFile(upload.getvalue(), name="anh.jpg"),
        uploaded_by=reporter,
        caption="Toàn cảnh hội nghị. (Ảnh: Hồng Chuyên)",  # typed the Vietnamese way: shown with one credit
        credit=credit,
        alt_text="Hội trường đông đại biểu",
    )
    article = Article(
        headline="Công an tỉnh tổng kết công tác năm",
        lead="Sáng nay, Công an tỉnh tổ chức hội nghị tổng kết công tác năm.",
        body=f'<p>Hội nghị có sự tham dự của lãnh đạo tỉnh.</p><img src="{photo.display_url}" alt="x">',
        section=Section.objects.get(slug="an-ninh-trat-tu"),
    )
    save_article(article=article, user=reporter)
    Byline.objects.create(article=article, author=Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen"))
    submit_for_review(article=article, user=reporter)
    return article


def test_editor_schedules_the_waiting_story_from_the_desk_and_at_its_minute_readers_find_it_with_one_credit(
    site, reporter, editor, new_page, screenshot, time_machine
):
    article = filed_story(reporter)
    page = new_page()
    log_in(page, site, editor.username, PASSWORD)  # the editor lands on the desk

    waiting = page.locator("section.desk-waiting")
    assert re.search(r"chờ (dưới 1 phút|\d+ phút)", waiting.inner_text()), waiting.inner_text()
    screenshot(page, "editor-desk")
    waiting.get_by_role("link", name=article.headline).click()
    page.wait_for_url(f"{site}/admin/articles/article/{article.pk}/change/")

    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("#id_publish_at_0").fill(tomorrow.strftime("%d/%m/%Y"))
    page.locator("#id_publish_at_1").fill("06:00")
    page.get_by_role("button", name="Lưu và xuất bản / hẹn giờ").click()
    page.locator(".messagelist .success", has_text=f"Đã hẹn giờ xuất bản lúc 06:00, {tomorrow:%d/%m/%Y}").wait_for()
    article.refresh_from_db()
    assert article.is_scheduled

    page.get_by_role("link", name="Trang chủ").first.click()
    schedule = page.locator("section.desk-schedule")
    entry = schedule.locator("li", has_text=article.headline)
    assert entry.locator("time").inner_text() == "06:00"
    timeline = schedule.inner_text()
    assert timeline.index("Ngày mai") < timeline.index(article.headline)
    assert page.locator("section.desk-waiting").get_by_role("link", name=article.headline).count() == 0
    screenshot(page, "editor-desk-scheduled", curated="editor-desk")

    reader = new_page()
    reader.goto(f"{site}/an-ninh-trat-tu/")
    assert reader.get_by_role("link", name=article.headline).count() == 0  # not before its minute

    # Its minute comes (the live server runs in this process, on this clock): it goes live by itself.
    time_machine.move_to(article.published_at + timedelta(seconds=30), tick=True)
    reader = new_page()  # another reader: the first one's browser keeps the section page its minute (max-age=60)
    reader.goto(f"{site}/")
    assert reader.get_by_role("link", name=article.headline).first.is_visible()
    reader.goto(f"{site}/an-ninh-trat-tu/")
    reader.get_by_role("link", name=article.headline).first.click()
    figure = reader.locator("article figure").first
    assert figure.locator("figcaption").inner_text() == "Toàn cảnh hội nghị. (Ảnh: Hồng Chuyên)"  # one credit
    assert figure.locator("img").get_attribute("alt") == "Hội trường đông đại biểu"
    figure.locator("img").scroll_into_view_if_needed()
    reader.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=figure.locator("img").element_handle())
    screenshot(reader, "published-article")


def test_the_second_of_two_editors_saving_the_same_article_is_refused_and_keeps_their_text(
    site, reporter, editor, django_user_model, new_page, screenshot
):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("bientap2", "bientap2@baodaklak.vn", PASSWORD, is_staff=True)
    other.groups.add(Group.objects.get(name="Biên tập viên"))
    article = filed_story(reporter)
    first, second = new_page(), new_page()
    log_in(first, site, editor.username, PASSWORD)
    log_in(second, site, other.username, PASSWORD)
    change_url = f"{site}/admin/articles/article/{article.pk}/change/"
    first.goto(change_url)
    second.goto(change_url)

    first.get_by_label("Tiêu đề:", exact=True).fill("Tiêu đề do biên tập viên thứ nhất sửa")
    first.get_by_role("button", name="Lưu lại").click()
    first.locator(".messagelist .success").first.wait_for()
    second.get_by_label("Tiêu đề:", exact=True).fill("Tiêu đề do biên tập viên thứ hai sửa")
    second.get_by_label("Sapo:", exact=True).fill("Sapo viết lại của biên tập viên thứ hai.")
    second.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    screenshot(second, "edit-conflict")

    errors = second.locator(".errornote, .errorlist").all_inner_texts()
    assert any(re.search(r"đã được bientap sửa lúc .*CHƯA được lưu", text, re.S) for text in errors), errors
    assert second.get_by_label("Tiêu đề:", exact=True).input_value() == "Tiêu đề do biên tập viên thứ hai sửa"
    assert second.get_by_label("Sapo:", exact=True).input_value() == "Sapo viết lại của biên tập viên thứ hai."
    assert Article.objects.get(pk=article.pk).headline == "Tiêu đề do biên tập viên thứ nhất sửa"
    screenshot(second, "edit-conflict")


def test_on_a_phone_a_reporter_completes_a_library_photo_as_she_inserts_it(
    site, reporter, new_page, screenshot, make_photo
):
    from tests.e2e.conftest import PHONE

    make_photo(caption="Nhãn", credit="", alt_text="", uploaded_by=reporter)
    page = new_page(PHONE)
    log_in(page, site, reporter.username, PASSWORD)
    page.goto(f"{site}/admin/articles/article/add/")
    dialog = open_photo_dialog(page)
    dialog.get_by_text("Thiếu chú thích, nguồn ảnh, mô tả cho người khiếm thị").wait_for()
    screenshot(page, "photo-dialog-choose", full_page=False)
    assert dialog_accessibility_violations(page) == []

    dialog.locator("a.photo-dialog-pick").first.click()
    dialog.get_by_label("Chú thích", exact=True).fill("Nương cà phê chín đỏ ở Cư M'gar (Ảnh: Minh Thông)")
    dialog.get_by_label("Mô tả cho người khiếm thị", exact=True).fill("Người hái cà phê giữa nương")
    screenshot(page, "photo-dialog-details", full_page=False, curated="photo-dialog-phone")
    assert dialog_accessibility_violations(page) == []
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()

    figcaption = page.frame_locator("iframe.cke_wysiwyg_frame").locator("figure.photo figcaption")
    figcaption.wait_for()
    assert figcaption.inner_text() == "Nương cà phê chín đỏ ở Cư M'gar (Ảnh: Minh Thông)"
    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Nương cà phê chín đỏ ở Cư M'gar", "Minh Thông")

    # The caption is the library's: double-clicking the photo reopens the dialog to correct it there.
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("figure.photo img").dblclick()
    dialog.get_by_label("Chú thích", exact=True).fill("Nương cà phê chín đỏ ở huyện Cư M'gar")
    dialog.get_by_role("button", name="Chèn ảnh vào bài").click()
    page.frame_locator("iframe.cke_wysiwyg_frame").get_by_text("ở huyện Cư M'gar (Ảnh: Minh Thông)").wait_for()
    assert page.frame_locator("iframe.cke_wysiwyg_frame").locator("figure.photo").count() == 1
    assert Photo.objects.get().caption == "Nương cà phê chín đỏ ở huyện Cư M'gar"
