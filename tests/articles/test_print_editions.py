"""Print editions: a PDF is validated, stored under a generated name, and gets a cover."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.content import print_editions
from articles.content.print_editions import store_print_issue, validate_pdf
from articles.models import PrintIssue

NOT_A_PDF = "Tệp tải lên không phải là tệp PDF hợp lệ."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf_bytes(pages=2, size=(595, 842)) -> bytes:
    images = [Image.new("RGB", size, color) for color in ["red", "white", "blue", "green"][:pages]]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def upload(content: bytes, name="bao-in.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def new_issue(number=1234) -> PrintIssue:
    return PrintIssue(number=number, date=datetime.date(2026, 3, 5))


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_pdf(upload(content))
    return refused.value.messages[0]


def test_a_valid_pdf_is_stored_with_its_page_count_and_a_cover(editor):
    content = pdf_bytes(pages=3)  # made once: Pillow stamps the creation time into the file
    issue = store_print_issue(new_issue(), upload(content, "../../so-1234.pdf"), uploaded_by=editor)

    issue.refresh_from_db()
    assert issue.page_count == 3
    assert issue.uploaded_by == editor
    assert re.fullmatch(r"print/2026/[0-9a-f]{32}\.pdf", issue.pdf.name)
    assert re.fullmatch(r"print/covers/2026/[0-9a-f]{32}\.jpg", issue.cover.name)
    with default_storage.open(issue.pdf.name) as stored:
        assert stored.read() == content
    with default_storage.open(issue.cover.name) as stored:
        cover = Image.open(io.BytesIO(stored.read()))
        cover.load()
    assert cover.format == "JPEG"
    assert abs(cover.width - 800) <= 1
    assert abs(cover.height - 800 * 842 / 595) <= 2
    red, green, blue = cover.getpixel((400, 500))
    assert red > 200 and green < 60 and blue < 60  # page 1 is the red one


def test_validate_pdf_returns_the_page_count_and_rewinds_the_file():
    file = upload(pdf_bytes(pages=4))

    assert validate_pdf(file) == 4
    assert file.tell() == 0


def test_replacing_the_pdf_deletes_the_old_files(editor, django_capture_on_commit_callbacks):
    issue = store_print_issue(new_issue(), upload(pdf_bytes(pages=1)), uploaded_by=editor)
    old_names = [issue.pdf.name, issue.cover.name]

    with django_capture_on_commit_callbacks(execute=True):
        store_print_issue(issue, upload(pdf_bytes(pages=2)), uploaded_by=editor)

    issue.refresh_from_db()
    assert issue.page_count == 2
    assert default_storage.exists(issue.pdf.name)
    assert not any(default_storage.exists(name) for name in old_names)


def test_a_file_that_is_not_a_pdf_is_refused():
    assert refusal(b"<!doctype html><html><body>Bao in</body></html>") == NOT_A_PDF


def test_an_image_named_pdf_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, "JPEG")

    assert refusal(buffer.getvalue()) == NOT_A_PDF


def test_a_fake_pdf_header_is_refused():
    assert refusal(b"%PDF-1.7\n<script>alert(1)</script>\n" + b"x" * 500) == NOT_A_PDF


def test_a_truncated_pdf_is_refused():
    content = pdf_bytes(pages=2)

    assert refusal(content[: len(content) // 3]) == NOT_A_PDF


def test_a_pdf_over_the_size_cap_is_refused(settings):
    settings.PRINT_ISSUE_MAX_UPLOAD_BYTES = 1024 * 1024

    assert refusal(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024)) == "Tệp PDF quá lớn (3 MB), dung lượng tối đa là 1 MB."


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(print_editions, "MAX_PAGES", 2)

    assert refusal(pdf_bytes(pages=3)) == "Tệp PDF có 3 trang; báo in phải có từ 1 đến 2 trang."


def test_a_refused_pdf_creates_no_issue_and_stores_nothing(editor, media_root):
    with pytest.raises(ValidationError):
        store_print_issue(new_issue(), upload(b"%PDF-1.4 gia mao"), uploaded_by=editor)

    assert not PrintIssue.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))
