"""One photo flow: a photo is captioned, credited and described in one dialog as it enters the body.

Placeholders never count as captions, a credit typed in the caption is shown once, the file's own IPTC/XMP
metadata fills the dialog, refusals link to the photo, and unused photos can be listed and removed.
"""

import io
import struct
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles.content.body import adopt_captions
from articles.content.publishing import publish_article
from articles.desk.editing import save_article
from articles.models import Article, Author, Byline, Photo
from tests.conftest import jpeg_bytes

UPLOAD_URL = "/admin/editor/upload-image/"
PLACEHOLDERS = ["Nhãn", "Caption", "Chú thích ảnh", "", "   ", "…", " - ", "(Ảnh: Minh Thông)"]


def details_url(photo):
    return f"/admin/editor/photos/{photo.pk}/"


def iptc_jpeg(**datasets: str) -> bytes:
    """A JPEG with an IPTC block (Photoshop APP13, resource 0x0404), as cameras and agencies write it."""
    numbers = {"byline": 80, "credit": 110, "caption": 120, "date": 55}
    iptc = b"\x1c\x01\x5a\x00\x03\x1b%G"  # coded character set: UTF-8
    for name, text in datasets.items():
        data = text.encode("utf-8")
        iptc += b"\x1c\x02" + bytes([numbers[name]]) + struct.pack(">H", len(data)) + data
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    segment = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(segment) + 2) + segment
    plain = jpeg_bytes()
    return plain[:2] + app13 + plain[2:]


def xmp_jpeg(*, creator: str, credit: str, description: str, doctype: str = "") -> bytes:
    xmp = doctype + (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="{credit}" '
        'photoshop:DateCreated="2026-03-12T08:30:00">'
        f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (90, 40, 40)).save(buffer, "JPEG", xmp=xmp.encode("utf-8"))
    return buffer.getvalue()


def upload_in_dialog(client, content: bytes):
    upload = SimpleUploadedFile("anh.jpg", content, content_type="image/jpeg")
    return client.post(UPLOAD_URL, {"upload": upload, "dialog": "1"})


def article_showing(photo, make_article, editor, **fields):
    article = make_article(credit_line="Theo TTXVN", **fields)
    article.body = f'<p>Mở đầu.</p><img src="{photo.display_url}" alt="a">'
    save_article(article=article, user=editor, expected_version=article.version)
    return article


# The caption rule: one definition for the library, the dialog and publishing.


@pytest.mark.parametrize("caption", PLACEHOLDERS)
def test_an_article_whose_photo_has_a_placeholder_caption_is_not_published(
    caption, client, editor, make_article, make_photo, article_form_data
):
    photo = make_photo(caption=caption)
    article = article_showing(photo, make_article, editor)
    client.force_login(editor)

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, _publish="1"), follow=True
    )

    page = response.content.decode()
    assert "chưa chuyển trạng thái" in page
    assert "thiếu chú thích" in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not photo.is_publishable


def test_the_refusal_names_the_photo_and_links_to_its_page_in_the_library(
    client, editor, make_article, make_photo, article_form_data
):
    photo = make_photo(caption="Toàn cảnh hội nghị.", credit="")
    article = article_showing(photo, make_article, editor)
    client.force_login(editor)

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, _publish="1"), follow=True
    )

    page = response.content.decode()
    assert f'<a href="/admin/articles/photo/{photo.pk}/change/">“Toàn cảnh hội nghị.”</a> thiếu nguồn ảnh' in page
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_the_refusal_escapes_what_the_caption_says(client, editor, make_article, make_photo, article_form_data):
    photo = make_photo(caption="<b>Đêm hội</b>", alt_text="")
    article = article_showing(photo, make_article, editor)
    client.force_login(editor)

    page = client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, _publish="1"), follow=True
    ).content.decode()

    assert "“&lt;b&gt;Đêm hội&lt;/b&gt;”" in page
    assert "<b>Đêm hội</b>" not in page.split('class="messagelist"', 1)[1].split("</ul>", 1)[0]


def test_a_placeholder_typed_under_a_photo_never_becomes_its_caption(editor, make_article, make_photo):
    photo = make_photo(caption="", credit="Hồng Chuyên")
    article = make_article()
    article.body = (
        f'<figure class="image photo"><img src="{photo.display_url}" alt="Hội trường">'
        "<figcaption>Nhãn</figcaption></figure>"
    )
    save_article(article=article, user=editor, expected_version=article.version)

    photo.refresh_from_db()
    assert photo.caption == ""
    assert not photo.is_publishable


def test_a_credit_typed_at_the_end_of_the_caption_is_shown_once(client, editor, make_article, make_photo):
    photo = make_photo(caption="Toàn cảnh hội nghị. (Ảnh: Minh Thông)", credit="Minh Thông")
    article = article_showing(photo, make_article, editor)
    Byline.objects.create(article=article, author=Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen"))
    publish_article(article=article, editor=editor)

    page = client.get(article.get_absolute_url()).content.decode()

    assert page.count("(Ảnh: Minh Thông)") == 1
    assert 'Toàn cảnh hội nghị. <span class="credit">(Ảnh: Minh Thông)</span>' in page


def test_a_credit_typed_under_a_photo_becomes_its_credit(editor, make_article, make_photo):
    photo = make_photo(caption="", credit="", alt_text="")
    article = make_article()
    article.body = (
        f'<figure class="photo"><img src="{photo.display_url}" alt="Hội trường">'
        "<figcaption>Toàn cảnh hội nghị. (Ảnh: Minh Thông)</figcaption></figure>"
    )
    save_article(article=article, user=editor, expected_version=article.version)

    photo.refresh_from_db()
    assert (photo.caption, photo.credit) == ("Toàn cảnh hội nghị.", "Minh Thông")


def test_adopting_a_figure_caption_leaves_a_real_library_caption_alone(make_photo):
    photo = make_photo(caption="Chú thích trong thư viện.")
    body = f'<figure class="photo"><img data-photo-id="{photo.pk}" src="x"><figcaption>Khác</figcaption></figure>'

    assert adopt_captions(body, {photo.pk: photo}) == []


# The dialog: one place for caption, credit and alt text.


def test_the_editor_uses_the_newsrooms_photo_dialog_not_ckeditors_image_dialogs(client, reporter):
    client.force_login(reporter)

    page = client.get("/admin/articles/article/add/").content.decode()

    assert "newsroomphoto" in page
    assert "NewsroomPhoto" in page
    assert '"removePlugins": "image,image2,uploadimage,exportpdf"' in page.replace("&quot;", '"')


def test_the_dialog_offers_an_upload_and_the_library(client, reporter, make_photo):
    photo = make_photo(caption="Lễ hội cà phê Buôn Ma Thuột")
    incomplete = make_photo(caption="Nhãn", alt_text="")
    client.force_login(reporter)

    page = client.get("/admin/editor/photos/").content.decode()

    assert 'name="upload"' in page
    assert f'href="{details_url(photo)}"' in page
    assert "Thiếu chú thích, mô tả cho người khiếm thị" in page.split(f'href="{details_url(incomplete)}"', 1)[1]


def test_the_details_step_has_the_three_labelled_fields(client, reporter, make_photo):
    photo = make_photo(uploaded_by=reporter)
    client.force_login(reporter)

    page = client.get(details_url(photo)).content.decode()

    for label, name in (("Chú thích", "caption"), ("Nguồn ảnh", "credit"), ("Mô tả cho người khiếm thị", "alt_text")):
        assert f'<label for="id_{name}" class="required">{label}</label>' in page
    assert "Trình đọc màn hình đọc câu này cho người không nhìn thấy ảnh" in page


def test_an_upload_is_prefilled_from_its_iptc_caption_credit_and_date(client, reporter):
    client.force_login(reporter)
    content = iptc_jpeg(
        caption="Lễ khai mạc Lễ hội cà phê Buôn Ma Thuột", byline="Minh Thông", credit="TTXVN", date="20260312"
    )

    response = upload_in_dialog(client, content)

    assert response.status_code == 200
    photo = Photo.objects.get()
    assert photo.caption == "Lễ khai mạc Lễ hội cà phê Buôn Ma Thuột"
    assert photo.credit == "Minh Thông/TTXVN"
    page = response.content.decode()
    assert "Lễ khai mạc Lễ hội cà phê Buôn Ma Thuột</textarea>" in page
    assert 'value="Minh Thông/TTXVN"' in page
    assert photo.taken_on == date(2026, 3, 12)
    assert 'name="taken_on" value="12/03/2026"' in page  # the date field of the dialog, pre-filled


def test_an_upload_is_prefilled_from_its_xmp(client, reporter):
    client.force_login(reporter)

    upload_in_dialog(client, xmp_jpeg(creator="Hoàng Gia", credit="Báo Đắk Lắk", description="Nương cà phê chín"))

    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Nương cà phê chín", "Hoàng Gia/Báo Đắk Lắk")


def test_the_stored_file_keeps_none_of_the_metadata(client, reporter):
    client.force_login(reporter)

    upload_in_dialog(client, iptc_jpeg(caption="Bí mật", byline="Minh Thông"))

    with Photo.objects.get().image.open("rb") as stored:
        assert b"Photoshop 3.0" not in stored.read()


def test_a_broken_iptc_block_only_means_no_prefill(client, reporter):
    client.force_login(reporter)
    broken = iptc_jpeg(caption="Lễ hội").replace(b"\x1c\x02\x78\x00", b"\x1c\x02\x78\xff")  # length past the end

    response = upload_in_dialog(client, broken)

    assert response.status_code == 200
    assert Photo.objects.get().caption == ""


def test_an_xmp_packet_declaring_entities_is_not_expanded(client, reporter):
    client.force_login(reporter)
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    response = upload_in_dialog(client, xmp_jpeg(creator="&b;", credit="X", description="&b;", doctype=bomb))

    assert response.status_code == 200
    assert "aaaaaaaaaa" not in Photo.objects.get().caption


def test_without_metadata_the_credit_is_the_uploaders_byline(client, reporter):
    Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen", user=reporter)
    client.force_login(reporter)

    upload_in_dialog(client, jpeg_bytes())

    assert Photo.objects.get().credit == "Hồng Chuyên"


def test_without_metadata_or_byline_the_credit_is_the_uploaders_full_name(client, reporter):
    reporter.first_name, reporter.last_name = "Thông", "Nguyễn Minh"
    reporter.save()
    client.force_login(reporter)

    upload_in_dialog(client, jpeg_bytes())

    assert Photo.objects.get().credit == "Thông Nguyễn Minh"


def test_a_bad_file_in_the_dialog_gets_the_vietnamese_message_in_the_dialog(client, reporter):
    client.force_login(reporter)

    response = upload_in_dialog(client, b"<html>not an image</html>")

    assert response.status_code == 400
    assert "Tệp tải lên không phải là ảnh hợp lệ" in response.content.decode()
    assert 'id="photo-dialog"' in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.parametrize("caption", PLACEHOLDERS)
def test_the_dialog_refuses_a_placeholder_caption(caption, client, reporter, make_photo):
    photo = make_photo(caption="", credit="", alt_text="", uploaded_by=reporter)
    client.force_login(reporter)

    response = client.post(details_url(photo), {"caption": caption, "credit": "Minh Thông", "alt_text": "Hội trường"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "không phải chú thích" in page or "Cần chú thích cho bạn đọc" in page
    photo.refresh_from_db()
    assert photo.caption == ""


def test_the_dialog_requires_a_credit_and_a_description(client, reporter, make_photo):
    photo = make_photo(caption="", credit="", alt_text="", uploaded_by=reporter)
    client.force_login(reporter)

    response = client.post(details_url(photo), {"caption": "Toàn cảnh hội nghị.", "credit": " ", "alt_text": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Cần ghi nguồn ảnh: người chụp hoặc hãng ảnh." in page
    assert "Cần mô tả ảnh cho người khiếm thị." in page
    assert Photo.objects.get(pk=photo.pk).caption == ""


def test_the_dialog_saves_the_three_fields_in_the_library_and_hands_back_the_photo(client, reporter, make_photo):
    photo = make_photo(caption="", credit="Hồng Chuyên", alt_text="", uploaded_by=reporter)
    client.force_login(reporter)

    response = client.post(
        details_url(photo),
        {"caption": "Toàn cảnh hội nghị. (Ảnh: Minh Thông)", "credit": "Hồng Chuyên", "alt_text": "Hội trường"},
    )

    assert response.status_code == 200
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.alt_text) == ("Toàn cảnh hội nghị.", "Minh Thông", "Hội trường")
    assert response.json() == {
        "photoId": photo.pk,
        "url": photo.display_url,
        "width": photo.width,
        "height": photo.height,
        "alt": "Hội trường",
        "caption": "Toàn cảnh hội nghị.",
        "credit": "Minh Thông",
    }


def test_a_reporter_cannot_rewrite_another_reporters_photo_but_may_insert_it(
    client, reporter, other_reporter, make_photo
):
    photo = make_photo(caption="Toàn cảnh hội nghị.", uploaded_by=other_reporter)
    client.force_login(reporter)

    response = client.post(details_url(photo), {"caption": "Chú thích khác", "credit": "X", "alt_text": "Y"})

    assert response.status_code == 200
    assert response.json()["caption"] == "Toàn cảnh hội nghị."
    assert Photo.objects.get(pk=photo.pk).caption == "Toàn cảnh hội nghị."


def test_a_reporter_cannot_insert_another_reporters_incomplete_photo(client, reporter, other_reporter, make_photo):
    photo = make_photo(caption="Nhãn", uploaded_by=other_reporter)
    client.force_login(reporter)

    response = client.post(details_url(photo), {"caption": "Chú thích mới", "credit": "X", "alt_text": "Y"})

    assert response.status_code == 403
    assert "nhờ biên tập viên bổ sung" in response.content.decode()
    assert Photo.objects.get(pk=photo.pk).caption == "Nhãn"


def test_the_dialog_is_closed_to_readers_and_moderators(client, moderator, make_photo):
    photo = make_photo()
    assert client.get(details_url(photo)).status_code in (302, 403)
    client.force_login(moderator)
    assert client.get(details_url(photo)).status_code == 403
    assert client.post(details_url(photo), {"caption": "a", "credit": "b", "alt_text": "c"}).status_code == 403


def test_the_editor_shows_the_librarys_caption_under_a_body_photo(client, editor, make_article, make_photo):
    photo = make_photo(caption="Chú thích cũ.", credit="Hồng Chuyên")
    article = make_article()
    article.body = (
        f'<figure class="photo"><img src="{photo.display_url}" alt="a"><figcaption>Chú thích cũ.</figcaption></figure>'
    )
    save_article(article=article, user=editor, expected_version=article.version)
    photo.caption = "Chú thích đã đính chính."
    photo.save()
    client.force_login(editor)

    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert "Chú thích đã đính chính. (Ảnh: Hồng Chuyên)&lt;/figcaption&gt;" in page
    assert "Chú thích cũ." not in page


# Unused photos: listed, and removed after N days, never one any article or revision uses.


def test_the_library_lists_unused_photos(client, editor, make_article, make_photo):
    in_body = make_photo(caption="Ảnh trong bài")
    make_article(cover_photo=make_photo(caption="Ảnh đại diện"))
    in_old_revision = make_photo(caption="Ảnh trong bản cũ")
    unused = make_photo(caption="Ảnh chưa ai dùng")
    article_showing(in_body, make_article, editor)
    earlier = article_showing(in_old_revision, make_article, editor)
    earlier.body = "<p>Đã bỏ ảnh.</p>"
    save_article(article=earlier, user=editor, expected_version=earlier.version)
    client.force_login(editor)

    page = client.get("/admin/articles/photo/?su_dung=chua-dung").content.decode()

    assert "Ảnh chưa ai dùng" in page
    for used in ("Ảnh trong bài", "Ảnh đại diện", "Ảnh trong bản cũ"):
        assert used not in page
    assert "chưa dùng" in client.get("/admin/articles/photo/").content.decode()
    assert unused.pk


def test_removing_unused_photos_keeps_every_photo_an_article_or_revision_uses(
    editor, make_article, make_photo, media_root, django_capture_on_commit_callbacks
):
    old = timezone.now() - timedelta(days=40)
    unused_old = make_photo(caption="Chưa dùng, cũ")
    unused_new = make_photo(caption="Chưa dùng, mới")
    in_body = make_photo(caption="Trong bài")
    cover_in_revision = make_photo(caption="Ảnh đại diện của bản cũ")
    article_showing(in_body, make_article, editor)
    article = make_article(cover_photo=cover_in_revision)
    save_article(article=article, user=editor, expected_version=article.version)
    article.cover_photo = None
    save_article(article=article, user=editor, expected_version=article.version)
    Photo.objects.exclude(pk=unused_new.pk).update(uploaded_at=old)
    files = [unused_old.image.name, *unused_old.renditions.values()]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_unused_photos", "--days", "30", stdout=io.StringIO())

    assert set(Photo.objects.values_list("caption", flat=True)) == {
        "Chưa dùng, mới",
        "Trong bài",
        "Ảnh đại diện của bản cũ",
    }
    assert not any((media_root / name).exists() for name in files)


def test_a_dry_run_deletes_nothing(make_photo):
    photo = make_photo()
    Photo.objects.update(uploaded_at=timezone.now() - timedelta(days=40))
    out = io.StringIO()

    call_command("remove_unused_photos", "--days", "30", "--dry-run", stdout=out)

    assert "Would delete 1 unused photo(s)" in out.getvalue()
    assert Photo.objects.filter(pk=photo.pk).exists()
