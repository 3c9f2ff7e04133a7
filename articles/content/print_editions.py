"""Print editions ("Báo in"): validate an uploaded PDF, store it, render its cover.

A PDF is refused when it is encrypted or carries active content (scripts,
automatic actions, attachments, XFA forms: ``articles.content.pdf_active_content``),
with a message telling the editor what was found and how to export it again.

The cover is rendered from page 1 once, at upload, so the public print-edition
pages never touch the PDF. PDFium is not thread-safe, so every use of it goes
through one lock.
"""

import io
import threading
import uuid

import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.content.pdf_active_content import EncryptedPdf, find_active_content
from articles.content.stored_files import replacing_files, save_stored
from articles.models import PrintIssue

DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
MAX_PAGES = 500
COVER_WIDTH = 800
COVER_MAX_HEIGHT = 2400  # a freakishly tall page 1 must not render a huge bitmap
COVER_QUALITY = 85

NOT_A_PDF = "Tệp tải lên không phải là tệp PDF hợp lệ."
ENCRYPTED = (
    "Tệp PDF được mã hóa hoặc đặt mật khẩu nên không kiểm tra được nội dung. "
    "Hãy xuất lại PDF không mã hóa, không đặt mật khẩu rồi tải lên lại."
)
ACTIVE_CONTENT = (
    "Tệp PDF có nội dung chủ động, không được phép trên báo in: %(found)s. Hãy xuất lại PDF từ phần mềm dàn trang "
    "theo chuẩn in ấn (ví dụ PDF/X), không kèm JavaScript, tệp đính kèm hay biểu mẫu tương tác, rồi tải lên lại."
)

_pdfium_lock = threading.Lock()


def max_upload_bytes() -> int:
    return getattr(settings, "PRINT_ISSUE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def validate_pdf(file) -> int:
    """Return the page count of ``file``; raise ``ValidationError`` (Vietnamese) unless it is an acceptable PDF.

    Acceptable: starts with ``%PDF-``, is not encrypted, holds no active
    content, opens in PDFium, has 1 to ``MAX_PAGES`` pages and is under the
    size cap. The file position is restored to the start afterwards.
    """
    try:
        _check_size(file)
        file.seek(0)
        if file.read(5) != b"%PDF-":
            raise ValidationError(NOT_A_PDF, code="invalid_pdf")
        _check_active_content(file)
        with _pdfium_lock, _open_pdf(file) as document:
            page_count = len(document)
    finally:
        file.seek(0)
    if not 1 <= page_count <= MAX_PAGES:
        raise ValidationError(
            "Tệp PDF có %(count)s trang; báo in phải có từ 1 đến %(max)s trang.",
            code="page_count",
            params={"count": page_count, "max": MAX_PAGES},
        )
    return page_count


def store_print_issue(issue: PrintIssue, file, *, uploaded_by=None) -> PrintIssue:
    """Validate ``file``, store it as ``issue``'s PDF with a cover made from page 1, and save ``issue``.

    Names are generated (``print/YYYY/<uuid>.pdf``, ``print/covers/YYYY/<uuid>.jpg``);
    the previous files of an existing issue are deleted once the transaction
    commits (best effort).
    """
    page_count = validate_pdf(file)
    cover = _render_cover(file)
    year = issue.date.year if issue.date else timezone.localdate().year
    stem = uuid.uuid4().hex
    old_names = [name for name in (issue.pdf.name, issue.cover.name) if name] if issue.pk else []
    with replacing_files(old_names) as new_names:
        file.seek(0)
        new_names.append(default_storage.save(f"print/{year}/{stem}.pdf", _as_django_file(file)))
        new_names.append(default_storage.save(f"print/covers/{year}/{stem}.jpg", ContentFile(cover)))
        # Plain names, not ``pdf.name``: the form's upload left on the field would be stored a second time.
        issue.pdf, issue.cover = new_names
        issue.page_count = page_count
        if uploaded_by is not None:
            issue.uploaded_by = uploaded_by
        save_stored(issue, ["pdf", "cover", "page_count", "uploaded_by"])
    return issue


def _check_size(file) -> None:
    limit = max_upload_bytes()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if size > limit:
        raise ValidationError(
            "Tệp PDF quá lớn (%(size)s MB), dung lượng tối đa là %(max)s MB.",
            code="file_too_large",
            params={"size": _megabytes(size), "max": _megabytes(limit)},
        )


def _check_active_content(file) -> None:
    try:
        found = find_active_content(_raw_stream(file))
    except EncryptedPdf:
        raise ValidationError(ENCRYPTED, code="encrypted_pdf") from None
    except Exception as exc:
        # pikepdf raises several types on input qpdf cannot recover (PdfError, ValueError, RecursionError, ...).
        raise ValidationError(NOT_A_PDF, code="invalid_pdf") from exc
    if found:
        raise ValidationError(ACTIVE_CONTENT, code="active_content", params={"found": "; ".join(found)})


def _open_pdf(file) -> pdfium.PdfDocument:
    """Open ``file`` in PDFium (call with the lock held); a broken or encrypted PDF is a ``ValidationError``."""
    try:
        return pdfium.PdfDocument(_raw_stream(file))
    except pdfium.PdfiumError as exc:
        raise ValidationError(NOT_A_PDF, code="invalid_pdf") from exc


def _render_cover(file) -> bytes:
    """Page 1 as a JPEG about ``COVER_WIDTH`` pixels wide."""
    file.seek(0)
    with _pdfium_lock, _open_pdf(file) as document:
        page = document[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            raise ValidationError(NOT_A_PDF, code="invalid_pdf")
        scale = min(COVER_WIDTH / width, COVER_MAX_HEIGHT / height)
        try:
            image = page.render(scale=scale).to_pil().convert("RGB")
        except pdfium.PdfiumError as exc:
            raise ValidationError(NOT_A_PDF, code="invalid_pdf") from exc
        finally:
            file.seek(0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=COVER_QUALITY, optimize=True)
    return buffer.getvalue()


def _raw_stream(file):
    """The underlying byte stream: PDFium needs ``readinto``, which Django's ``File`` may not proxy."""
    stream = getattr(file, "file", file)
    stream.seek(0)
    return stream


def _as_django_file(file) -> File:
    return file if isinstance(file, File) else File(file)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
