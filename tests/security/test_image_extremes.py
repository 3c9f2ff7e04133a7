"""Images of extreme shapes through every door: refused with a Vietnamese 4xx answer, never a 500.

A 1×70000 PNG is a few hundred bytes and well under the pixel cap, yet no
JPEG rendition of it can be written (a JPEG side stops at 65,535 pixels).
Every image must make every rendition, so the library takes only images whose
sides are 16 to 30,000 pixels with the long side at most 20 times the short
one, and says so. Refused uploads leave no row and no file behind. Author
portraits and article covers are library photos, so these two doors are all
there is for images; print covers are rendered by us from page 1 of a PDF and
stay within 800×2400 pixels whatever the page's shape.
"""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Photo, PrintIssue

PHOTO_ADD = "/admin/articles/photo/add/"
EDITOR_UPLOAD = "/admin/editor/upload-image/"

SHAPE_REFUSAL = (
    "Ảnh {width}×{height} điểm ảnh có kích thước hoặc tỉ lệ không dùng được: mỗi cạnh phải từ 16 đến 30.000 "
    "điểm ảnh và cạnh dài không quá 20 lần cạnh ngắn. Hãy cắt hoặc thu nhỏ ảnh rồi tải lên lại."
)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 128).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def through_the_admin(client, content: bytes):
    """The photo library's add form (Thư viện ảnh); returns (accepted, error message or None).

    A refusal is the admin's usual answer to an invalid form: the form again, with the message under the field.
    """
    upload = SimpleUploadedFile("anh.png", content, content_type="image/png")
    response = client.post(
        PHOTO_ADD, {"image": upload, "caption": "Chú thích", "credit": "Tòa soạn", "alt_text": "Ảnh"}
    )
    if response.status_code == 302:
        return True, None
    assert response.status_code == 200, response.status_code
    return False, " ".join(response.context["adminform"].form.errors["image"])


def through_the_editor(client, content: bytes):
    """CKEditor's upload endpoint; returns (accepted, error message or None): a refusal is a 400 in CKEditor's JSON."""
    response = client.post(EDITOR_UPLOAD, {"upload": SimpleUploadedFile("anh.png", content, content_type="image/png")})
    if response.status_code == 200:
        return True, None
    assert response.status_code == 400, response.status_code
    return False, response.json()["error"]["message"]


DOORS = {"admin": through_the_admin, "editor": through_the_editor}


@pytest.fixture(params=sorted(DOORS))
def upload_photo(request, client, reporter):
    client.force_login(reporter)
    return lambda content: DOORS[request.param](client, content)


def stored_files(media_root) -> list[str]:
    return sorted(path.relative_to(media_root).as_posix() for path in media_root.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("width", "height"),
    [(1, 70_000), (70_000, 1), (1, 65_536), (100, 2_001), (2_001, 100), (100, 4_000), (16, 321), (321, 16)],
    ids=["1x70000", "70000x1", "1x65536", "just-over-1-to-20", "just-over-20-to-1", "1-to-40", "thin-16", "flat-16"],
)
def test_an_image_too_long_or_too_thin_for_renditions_is_refused_with_the_limits(
    upload_photo, media_root, width, height
):
    content = png(width, height)
    assert len(content) < 5_000

    accepted, message = upload_photo(content)

    assert not accepted
    assert message == SHAPE_REFUSAL.format(width=width, height=height)
    assert not Photo.objects.exists()
    assert not stored_files(media_root)


@pytest.mark.parametrize(
    ("width", "height"), [(15, 15), (15, 200), (200, 15), (1, 1)], ids=["15x15", "15x200", "200x15", "1x1"]
)
def test_an_image_with_a_side_under_16_pixels_is_refused(upload_photo, media_root, width, height):
    accepted, message = upload_photo(png(width, height))

    assert not accepted
    assert message == SHAPE_REFUSAL.format(width=width, height=height)
    assert not Photo.objects.exists() and not stored_files(media_root)


def test_a_side_over_30000_pixels_is_refused_even_under_a_raised_pixel_cap(upload_photo, media_root, settings):
    settings.PHOTO_MAX_PIXELS = 200_000_000

    accepted, message = upload_photo(png(30_001, 1_600))

    assert not accepted
    assert message == SHAPE_REFUSAL.format(width=30_001, height=1_600)
    assert not Photo.objects.exists() and not stored_files(media_root)


@pytest.mark.parametrize(
    ("width", "height"),
    [(2_000, 100), (100, 2_000), (16, 320), (320, 16), (16, 16), (9_600, 480)],
    ids=["20-to-1", "1-to-20", "16x320", "320x16", "16x16", "wide-panorama"],
)
def test_images_at_the_limits_are_stored_with_every_rendition(upload_photo, media_root, width, height):
    accepted, message = upload_photo(jpeg(width, height))

    assert accepted, message
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (width, height)
    files = stored_files(media_root)
    assert photo.image.name in files and set(photo.renditions.values()) <= set(files)
    for rendition_width, name in photo.renditions.items():
        with Image.open(media_root / name) as rendition:
            assert rendition.width == int(rendition_width)
            assert rendition.height >= 1
            assert (
                abs(rendition.width / rendition.height - width / height) <= 0.05 * width / height + 1 / rendition.height
            )


def test_replacing_a_photo_with_an_extreme_image_is_refused_and_keeps_the_old_one(
    client, editor, make_photo, media_root
):
    photo = make_photo()
    before = stored_files(media_root)
    client.force_login(editor)

    response = client.post(
        f"/admin/articles/photo/{photo.pk}/change/",
        {
            "image": SimpleUploadedFile("dai.png", png(1, 70_000)),
            "caption": "Mới",
            "credit": "Tòa soạn",
            "alt_text": "Ảnh",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [SHAPE_REFUSAL.format(width=1, height=70_000)]
    photo.refresh_from_db()
    assert photo.caption != "Mới"
    assert stored_files(media_root) == before


# Print covers are images too: rendered from page 1 of the PDF, whatever its shape. --------------------------------


def blank_pdf(width: float, height: float) -> bytes:
    """One blank page of ``width``×``height`` points (beyond the 14,400 the specification allows, if asked)."""
    document = pikepdf.new()
    document.add_blank_page()
    document.pages[0].obj.MediaBox = pikepdf.Array([0, 0, width, height])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("width", "height"),
    [(1, 70_000), (70_000, 1), (3, 14_400), (14_400, 3)],
    ids=["1x70000", "70000x1", "3x14400", "14400x3"],
)
def test_a_print_pdf_with_an_extreme_first_page_gets_a_cover_within_bounds(client, editor, media_root, width, height):
    client.force_login(editor)
    upload = SimpleUploadedFile("bao-in.pdf", blank_pdf(width, height), content_type="application/pdf")

    response = client.post("/admin/articles/printissue/add/", {"number": "7", "date": "05/03/2026", "pdf": upload})

    assert response.status_code == 302
    issue = PrintIssue.objects.get()
    with Image.open(media_root / issue.cover.name) as cover:
        assert 1 <= cover.width <= 800 and 1 <= cover.height <= 2400
