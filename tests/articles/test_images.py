"""The photo upload pipeline: what is refused, and what a stored photo looks like."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.content.images import clean_image_upload, create_photo, store_photo_image, validate_image
from articles.models import Photo

NOT_AN_IMAGE = "Tệp tải lên không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."
CORRUPT_IMAGE = "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(fmt="JPEG", size=(2000, 1000), mode="RGB", color=(200, 30, 30), **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def upload(content: bytes, name="anh.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_image(name: str) -> Image.Image:
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def rendition_widths(photo: Photo) -> dict[str, int]:
    return {width: stored_image(name).width for width, name in photo.renditions.items()}


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width``×``height``: decoding it would need gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def refusal(content: bytes, name="anh.jpg") -> str:
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(content, name))
    return refused.value.messages[0]


# Accepted formats, renditions


def test_jpeg_upload_is_stored_with_a_rendition_at_each_width(reporter):
    photo = create_photo(file=upload(image_bytes()), uploaded_by=reporter, caption="Hội nghị", credit="Báo Đắk Lắk")

    photo.refresh_from_db()
    assert (photo.width, photo.height) == (2000, 1000)
    assert photo.uploaded_by == reporter
    assert photo.caption == "Hội nghị"
    assert stored_image(photo.image.name).format == "JPEG"
    assert rendition_widths(photo) == {"480": 480, "960": 960, "1600": 1600}
    assert stored_image(photo.renditions["480"]).size == (480, 240)


def test_renditions_are_never_wider_than_the_original(reporter):
    photo = create_photo(file=upload(image_bytes(size=(1000, 700))), uploaded_by=reporter)

    assert rendition_widths(photo) == {"480": 480, "960": 960}


def test_a_narrow_photo_keeps_one_rendition_at_its_own_width(reporter):
    photo = create_photo(file=upload(image_bytes(size=(300, 200))), uploaded_by=reporter)

    assert rendition_widths(photo) == {"300": 300}
    assert photo.display_url.endswith(".jpg")


def test_png_stays_png_with_its_transparency(reporter):
    content = image_bytes("PNG", size=(600, 400), mode="RGBA", color=(0, 128, 0, 100))

    photo = create_photo(file=upload(content, "logo.png", "image/png"), uploaded_by=reporter)

    stored = stored_image(photo.image.name)
    assert photo.image.name.endswith(".png")
    assert stored.format == "PNG"
    assert stored.mode == "RGBA"
    assert stored.getpixel((10, 10))[3] == 100
    assert stored_image(photo.renditions["480"]).format == "JPEG"


def test_webp_is_accepted(reporter):
    photo = create_photo(
        file=upload(image_bytes("WEBP", size=(1000, 500)), "anh.webp", "image/webp"), uploaded_by=reporter
    )

    assert stored_image(photo.image.name).format == "WEBP"
    assert rendition_widths(photo) == {"480": 480, "960": 960}


def test_gif_is_stored_as_a_png_of_its_first_frame(reporter):
    frames = [Image.new("P", (500, 300), index) for index in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])

    photo = create_photo(file=upload(buffer.getvalue(), "dong.gif", "image/gif"), uploaded_by=reporter)

    assert stored_image(photo.image.name).format == "PNG"
    assert (photo.width, photo.height) == (500, 300)
    assert rendition_widths(photo) == {"480": 480}


# Metadata


def test_gps_position_and_other_exif_are_gone_after_upload(reporter):
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Canon EOS R6"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (12.0, 40.0, 1.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (108.0, 3.0, 2.5)
    content = image_bytes(size=(800, 600), exif=exif)
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    photo = create_photo(file=upload(content), uploaded_by=reporter)

    for name in [photo.image.name, *photo.renditions.values()]:
        stored = stored_image(name)
        assert not stored.getexif()
        assert "exif" not in stored.info
        with default_storage.open(name) as raw:
            data = raw.read()
        assert b"Exif" not in data
        assert b"Canon" not in data


def test_exif_orientation_is_applied_to_the_pixels(reporter):
    picture = Image.new("RGB", (600, 400), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 300, 400))  # left half red
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown rotated 90° clockwise
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)

    photo = create_photo(file=upload(buffer.getvalue()), uploaded_by=reporter)

    stored = stored_image(photo.image.name)
    assert (photo.width, photo.height) == stored.size == (400, 600)
    red, _, blue = stored.getpixel((200, 100))
    assert red > 200 and blue < 60
    red, _, blue = stored.getpixel((200, 500))
    assert blue > 200 and red < 60


def test_bytes_appended_after_the_image_never_reach_the_stored_file(reporter):
    content = image_bytes(size=(600, 400)) + b"<html><script>alert(document.cookie)</script></html>"

    photo = create_photo(file=upload(content), uploaded_by=reporter)

    with default_storage.open(photo.image.name) as stored:
        assert b"<script>" not in stored.read()


# Names


def test_stored_names_are_generated_without_any_part_of_the_uploaded_name(reporter):
    photo = create_photo(file=upload(image_bytes(size=(600, 400)), name="../../etc/bi-mat.jpg"), uploaded_by=reporter)

    assert re.fullmatch(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.image.name)
    for width, name in photo.renditions.items():
        assert re.fullmatch(rf"photos/renditions/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}-{width}\.jpg", name)
    assert "bi-mat" not in photo.image.name


def test_replacing_the_image_deletes_the_old_files(reporter, django_capture_on_commit_callbacks):
    photo = create_photo(file=upload(image_bytes(size=(1000, 600))), uploaded_by=reporter)
    old_names = [photo.image.name, *photo.renditions.values()]

    with django_capture_on_commit_callbacks(execute=True):
        store_photo_image(photo, upload(image_bytes(size=(500, 500))), uploaded_by=reporter)

    photo.refresh_from_db()
    assert (photo.width, photo.height) == (500, 500)
    assert all(default_storage.exists(name) for name in [photo.image.name, *photo.renditions.values()])
    assert not any(default_storage.exists(name) for name in old_names)


# Refusals


def test_a_decompression_bomb_is_refused():
    bomb = png_claiming(30_000, 30_000)
    assert len(bomb) < 1000

    assert refusal(bomb, "bom.png") == "Ảnh quá nhiều điểm ảnh, tối đa 64 megapixel."


def test_a_pixel_flood_above_pillows_warning_threshold_is_refused():
    assert refusal(png_claiming(10_000, 10_000), "lu.png") == "Ảnh quá nhiều điểm ảnh, tối đa 64 megapixel."


def test_an_image_over_the_pixel_cap_is_refused_before_decoding():
    assert refusal(png_claiming(9000, 8000), "lon.png") == ("Ảnh quá nhiều điểm ảnh (9000×8000), tối đa 64 megapixel.")


def test_a_48_megapixel_phone_photo_is_taken_and_resized(db):
    photo = create_photo(file=upload(image_bytes(size=(8064, 6048)), "dien-thoai.jpg"), uploaded_by=None)
    assert (photo.width, photo.height) == (8064, 6048)
    assert max(int(width) for width in photo.renditions) == 1600


def test_the_pixel_cap_is_a_setting(settings):
    settings.PHOTO_MAX_PIXELS = 100_000

    assert refusal(image_bytes(size=(400, 300))) == "Ảnh quá nhiều điểm ảnh (400×300), tối đa 0.1 megapixel."


def test_an_upload_over_the_size_cap_is_refused(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024

    assert refusal(b"\xff\xd8" + b"\x00" * (2 * 1024 * 1024)) == "Ảnh quá lớn (2 MB), dung lượng tối đa là 1 MB."


def test_a_truncated_jpeg_is_refused():
    noisy = Image.effect_noise((800, 600), 60).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG")
    content = buffer.getvalue()

    assert refusal(content[: len(content) // 2]) == CORRUPT_IMAGE


def test_a_png_with_a_broken_checksum_is_refused():
    content = bytearray(image_bytes("PNG", size=(200, 200)))
    content[-20] ^= 0xFF  # inside the pixel data: its CRC no longer matches

    assert refusal(bytes(content), "hong.png") == CORRUPT_IMAGE


def test_a_text_file_named_jpg_is_refused():
    assert refusal("Đây là văn bản, không phải ảnh.".encode()) == NOT_AN_IMAGE


def test_an_svg_with_a_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>'

    assert refusal(svg, "logo.svg") == NOT_AN_IMAGE


def test_html_is_refused():
    assert refusal(b"<!doctype html><html><body><script>alert(1)</script></body></html>", "trang.jpg") == NOT_AN_IMAGE


def test_a_pdf_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 300), "white").save(buffer, "PDF")

    assert refusal(buffer.getvalue(), "bao.jpg") == NOT_AN_IMAGE


def test_a_gif_javascript_polyglot_is_refused():
    polyglot = b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.domain);//" + b"\x00" * 64

    with pytest.raises(ValidationError):
        validate_image(upload(polyglot, "anh.gif"))


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO"])
def test_other_raster_formats_are_refused(fmt):
    assert refusal(image_bytes(fmt, size=(64, 64)), f"anh.{fmt.lower()}") == NOT_AN_IMAGE


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Tệp tải lên rỗng."


def test_a_refused_upload_creates_no_photo_and_stores_nothing(reporter, media_root):
    with pytest.raises(ValidationError):
        create_photo(file=upload(b"not an image"), uploaded_by=reporter)

    assert not Photo.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


# Admin form helper


def test_clean_image_upload_returns_an_acceptable_upload():
    file = upload(image_bytes(size=(600, 400)))

    assert clean_image_upload(file) is file
    assert file.tell() == 0


def test_clean_image_upload_gives_the_form_a_vietnamese_error():
    with pytest.raises(ValidationError) as refused:
        clean_image_upload(upload(b"<svg/>", "anh.svg"))

    assert refused.value.messages == [NOT_AN_IMAGE]


def test_clean_image_upload_leaves_the_current_file_alone():
    assert clean_image_upload(None) is None
