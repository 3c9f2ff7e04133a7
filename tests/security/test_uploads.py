"""Hostile uploads through every door: the admin's photo library, the editor's image upload, print PDFs.

Whatever is sent, only re-encoded raster images and validated PDFs are
stored, under generated names inside MEDIA_ROOT; everything else is refused
with a Vietnamese message and leaves no file and no row behind.
"""

import io
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Photo, PrintIssue
from tests.conftest import jpeg_bytes

PHOTO_ADD = "/admin/articles/photo/add/"
EDITOR_UPLOAD = "/admin/editor/upload-image/"
PRINT_ADD = "/admin/articles/printissue/add/"

STORED_PHOTO = re.compile(r"photos/(renditions/)?\d{4}/\d{2}/[0-9a-f]{32}(-\d+)?\.(jpg|png|webp)")
STORED_PRINT = re.compile(r"print/(covers/)?\d{4}/[0-9a-f]{32}\.(pdf|jpg)")

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'
GIF_JS_POLYGLOT = b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.domain);//" + b"\x00" * 64


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header claims ``width``×``height`` (gigabytes once decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def noisy_jpeg(size=(900, 700)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def through_the_admin(client, name: str, content: bytes):
    """The photo library's add form; returns (accepted, error message or None)."""
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(
        PHOTO_ADD, {"image": upload, "caption": "Chú thích", "credit": "Tòa soạn", "alt_text": "Ảnh"}
    )
    if response.status_code == 302:
        return True, None
    assert response.status_code == 200, response.status_code
    return False, " ".join(response.context["adminform"].form.errors["image"])


def through_the_editor(client, name: str, content: bytes):
    """CKEditor's upload endpoint; returns (accepted, error message or None)."""
    response = client.post(EDITOR_UPLOAD, {"upload": SimpleUploadedFile(name, content, content_type="image/jpeg")})
    if response.status_code == 200:
        return True, None
    assert response.status_code == 400, response.status_code
    return False, response.json()["error"]["message"]


DOORS = {"admin": through_the_admin, "editor": through_the_editor}


@pytest.fixture(params=sorted(DOORS))
def upload_photo(request, client, reporter):
    """Upload as a reporter through one door (each test runs through both)."""
    client.force_login(reporter)
    return lambda name, content: DOORS[request.param](client, name, content)


def stored_files(media_root) -> list[str]:
    return sorted(path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file())


def nothing_stored(media_root) -> bool:
    return not Photo.objects.exists() and not stored_files(media_root)


# Active content -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trang.html", SCRIPT),
        ("anh.jpg", SCRIPT),
        ("logo.svg", SVG_WITH_SCRIPT),
        ("logo.jpg", SVG_WITH_SCRIPT),
        ("anh.gif", GIF_JS_POLYGLOT),
        ("bao.jpg", pdf_bytes()),
    ],
    ids=["html", "html-named-jpg", "svg-with-script", "svg-named-jpg", "gif-js-polyglot", "pdf-named-jpg"],
)
def test_active_content_sent_as_a_photo_is_refused_and_nothing_is_stored(upload_photo, media_root, name, content):
    accepted, message = upload_photo(name, content)

    assert not accepted
    assert "ảnh hợp lệ" in message or "hình ảnh hợp lệ" in message
    assert nothing_stored(media_root)


@pytest.mark.parametrize("fmt", ["JPEG", "GIF"])
def test_an_image_with_html_appended_is_stored_re_encoded_without_a_byte_of_it(upload_photo, media_root, fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(buffer, fmt)

    accepted, _ = upload_photo(f"anh.{fmt.lower()}", buffer.getvalue() + SCRIPT)

    assert accepted
    files = stored_files(media_root)
    assert files, "nothing was stored"
    for name in files:
        content = (media_root / name).read_bytes()
        assert b"<script" not in content and b"<html" not in content, name
        Image.open(io.BytesIO(content)).verify()  # a plain raster image, re-encoded
    photo = Photo.objects.get()
    assert photo.image.name in files and set(photo.renditions.values()) <= set(files)


# Resource exhaustion --------------------------------------------------------------------------------------------


# Through the admin, Django's own ImageField reads the header first and Pillow warns; the upload is still refused.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 20_000), (10_000, 9_000)],
    ids=["decompression-bomb", "pixel-flood-over-pillows-warning"],
)
def test_a_decompression_bomb_or_pixel_flood_is_refused_before_decoding(upload_photo, media_root, width, height):
    bomb = png_claiming(width, height)
    assert len(bomb) < 50_000

    accepted, message = upload_photo("anh.png", bomb)

    assert not accepted
    assert "điểm ảnh" in message or "hình ảnh hợp lệ" in message
    assert nothing_stored(media_root)


def test_a_truncated_image_is_refused(upload_photo, media_root):
    content = noisy_jpeg()

    accepted, message = upload_photo("anh.jpg", content[: len(content) // 2])

    assert not accepted
    assert message == "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được."
    assert nothing_stored(media_root)


def test_a_photo_over_the_size_cap_is_refused(upload_photo, media_root, settings):
    content = noisy_jpeg()
    settings.PHOTO_MAX_UPLOAD_BYTES = len(content) - 1

    accepted, message = upload_photo("anh.jpg", content)

    assert not accepted
    assert message.startswith("Ảnh quá lớn")
    assert nothing_stored(media_root)


def test_more_files_in_one_request_than_django_allows_is_a_400_that_stores_nothing(
    client, reporter, media_root, settings
):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES, "uploads must be limited in number per request"
    client.force_login(reporter)
    files = [
        SimpleUploadedFile(f"anh-{n}.jpg", jpeg_bytes(8, 8)) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]

    for url, field in ((EDITOR_UPLOAD, "upload"), (PHOTO_ADD, "image")):
        response = client.post(url, {field: files})
        assert response.status_code == 400, url
        assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert nothing_stored(media_root)


# Names ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.jpg",
        "..\\..\\windows\\x.jpg",
        "/etc/cron.d/anh.jpg",
        "anh\x00.html.jpg",
        "anh.jpg\x00.html",
        "a" * 300 + ".jpg",
        "ảnh hội nghị 📷 ‮gpj.exe",
        "anh.html",
    ],
    ids=["dot-dot-slash", "dot-dot-backslash", "absolute", "nul-inside", "nul-before-html", "long", "unicode", "html"],
)
def test_a_file_name_never_chooses_where_or_under_what_name_a_photo_is_stored(upload_photo, media_root, tmp_path, name):
    accepted, message = upload_photo(name, jpeg_bytes(800, 600))

    assert accepted, message
    files = stored_files(media_root)
    assert files and all(STORED_PHOTO.fullmatch(stored) for stored in files), files
    assert [path.name for path in tmp_path.iterdir()] == ["media"]  # nothing written outside MEDIA_ROOT
    assert Photo.objects.get().image.name in files


# Print editions -------------------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload_print_issue(client, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(PRINT_ADD, {"number": "1234", "date": "05/03/2026", "pdf": upload})


@pytest.mark.parametrize(
    "content",
    [SCRIPT, b"%PDF-1.7\n" + SCRIPT, SVG_WITH_SCRIPT, jpeg_bytes(200, 300), pdf_bytes()[:400]],
    ids=["html", "html-behind-a-pdf-header", "svg", "jpeg", "truncated-pdf"],
)
def test_anything_but_a_real_pdf_is_refused_as_a_print_edition(editor_client, media_root, content):
    response = upload_print_issue(editor_client, "bao-in.pdf", content)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["pdf"] == ["Tệp tải lên không phải là tệp PDF hợp lệ."]
    assert not PrintIssue.objects.exists() and not stored_files(media_root)


@pytest.mark.parametrize("name", ["../../x.html", "bao\x00.html", "a" * 300 + ".pdf"])
def test_a_print_pdf_is_stored_under_a_generated_pdf_name_whatever_it_was_called(
    editor_client, media_root, tmp_path, name
):
    response = upload_print_issue(editor_client, name, pdf_bytes() + SCRIPT)

    assert response.status_code == 302
    issue = PrintIssue.objects.get()
    files = stored_files(media_root)
    assert sorted([issue.pdf.name, issue.cover.name]) == files
    assert all(STORED_PRINT.fullmatch(stored) for stored in files), files
    assert issue.pdf.name.endswith(".pdf")  # served as application/pdf, never as a page
    assert [path.name for path in tmp_path.iterdir()] == ["media"]


def test_a_video_file_keeps_no_extension_but_mp4_or_webm(client, editor, make_article, article_form_data, media_root):
    article = make_article(kind=Article.Kind.VIDEO)
    client.force_login(editor)
    mp4_that_says_html = SimpleUploadedFile("video.html", b"\x00\x00\x00\x18ftypmp42" + SCRIPT)

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, kind=Article.Kind.VIDEO, video_file=mp4_that_says_html),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert re.fullmatch(r"videos/\d{4}/\d{2}/[0-9a-f]{32}", article.video_file.name)


# Serving --------------------------------------------------------------------------------------------------------


def test_media_is_served_with_nosniff_and_the_type_of_its_generated_name(editor_client, make_photo, settings):
    settings.ROOT_URLCONF = "tests.e2e.urls"  # media served as the production web server would
    photo = make_photo()
    upload_print_issue(editor_client, "bao.pdf", pdf_bytes())
    issue = PrintIssue.objects.get()

    for url, content_type in ((photo.image.url, "image/jpeg"), (issue.pdf.url, "application/pdf")):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
    assert default_storage.exists(issue.cover.name)
