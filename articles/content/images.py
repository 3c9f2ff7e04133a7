"""The photo upload pipeline: validate an upload, re-encode it clean, make its renditions.

Every photo that reaches the library goes through ``store_photo_image``:

1. ``validate_image`` decides by Pillow's own detection of the bytes (never the
   file name or the browser's content type) that the upload is a JPEG, PNG,
   WebP or GIF raster image, within the size and pixel caps, of a shape every
   rendition can be made from (``MIN_SIDE`` to ``MAX_SIDE`` pixels a side, the
   long side at most ``MAX_ASPECT_RATIO`` times the short one), and fully
   decodable. Anything else — SVG, HTML, PDF, a renamed text file, a truncated
   or decompression-bomb image — is a ``ValidationError`` with a Vietnamese
   message, never a server error.
2. The pixels are re-encoded into a fresh file with EXIF orientation applied
   and every metadata block dropped, so GPS positions, camera serials and any
   bytes smuggled after the image data (polyglots) never reach readers.
3. Renditions at ``RENDITION_WIDTHS`` are made once, here, never in a reader's
   request; an image is never upscaled.

Files go through ``default_storage`` under generated names, so nothing of the
uploader's file name reaches the storage and an S3 storage works unchanged.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image, ImageOps

from articles.content.stored_files import replacing_files, save_stored
from articles.models import Photo

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
RENDITION_WIDTHS = (480, 960, 1600)
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 64_000_000  # a 48 MP phone (8064×6048) and a 61 MP camera pass; resized once on upload
JPEG_QUALITY = 85
# The shape limits. With them every rendition is at least 24 pixels on its short side, and no side of the
# original or of a rendition comes near 65,535 pixels, where JPEG (and so a rendition) stops: a 1×70000 PNG of
# 300 bytes is under the pixel cap but could never be made into a rendition.
MIN_SIDE = 16
MAX_SIDE = 30_000
MAX_ASPECT_RATIO = 20

# The stored original keeps its format, except a GIF: its first frame becomes a PNG.
STORED_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "GIF": ("PNG", "png"), "WEBP": ("WEBP", "webp")}

# Image.MAX_IMAGE_PIXELS is deliberately left at Pillow's default (about 89
# megapixels): our own, lower cap (PHOTO_MAX_PIXELS) is checked per call from
# the header before any pixel is decoded, and Pillow's guard stays on behind it
# (validate_image turns its DecompressionBombWarning into an error) without
# changing the behaviour of other code that opens images.

NOT_AN_IMAGE = "Tệp tải lên không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."
CORRUPT_IMAGE = "Tệp ảnh bị hỏng hoặc không đầy đủ, không đọc được."
BAD_SHAPE = (
    "Ảnh %(width)s×%(height)s điểm ảnh có kích thước hoặc tỉ lệ không dùng được: mỗi cạnh phải từ %(min)s đến "
    "%(max)s điểm ảnh và cạnh dài không quá %(ratio)s lần cạnh ngắn. Hãy cắt hoặc thu nhỏ ảnh rồi tải lên lại."
)
EMPTY_FILE = "Tệp tải lên rỗng."


def max_upload_bytes() -> int:
    return getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pixels() -> int:
    return getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def validate_image(file) -> None:
    """Raise ``ValidationError`` (Vietnamese message) unless ``file`` is an acceptable photo.

    Usable as a model or form field validator. The file position is restored
    to the start afterwards.
    """
    _open_validated(file)


def clean_image_upload(file):
    """Validate a new upload from an admin form's ``clean_image`` and return it.

    Anything that is not a fresh upload (the photo's current file, when the
    editor did not replace it) is returned untouched.
    """
    if isinstance(file, UploadedFile):
        validate_image(file)
    return file


def create_photo(*, file, uploaded_by, caption: str = "", credit: str = "", alt_text: str = "", taken_on=None) -> Photo:
    """Validate ``file`` and store it as a new Photo of the library, with its renditions."""
    photo = Photo(caption=caption, credit=credit, alt_text=alt_text, taken_on=taken_on)
    return store_photo_image(photo, file, uploaded_by=uploaded_by)


def store_photo_image(photo: Photo, file, *, uploaded_by=None) -> Photo:
    """Validate ``file``, store it re-encoded as ``photo``'s image with renditions, and save ``photo``.

    The previous image and renditions of an existing photo are deleted once the
    transaction commits (best effort). If saving the row fails, the new files
    are removed again.
    """
    image, source_format = _open_validated(file)
    old_names = _stored_names(photo) if photo.pk else []
    stem = _new_stem()
    with replacing_files(old_names) as new_names:
        original, width, height = _store_original(image, source_format, stem)
        new_names.append(original)
        renditions = _store_renditions(image, stem)
        new_names.extend(renditions.values())
        # Drop any upload a form left on the field first: Django would store it again, raw and under
        # upload_to, when the row is saved. (Setting the name alone keeps it; assigning the name
        # would read the stored file back for its dimensions.)
        photo.image = None
        photo.image.name = original
        photo.width, photo.height = width, height
        photo.renditions = renditions
        if uploaded_by is not None:
            photo.uploaded_by = uploaded_by
        save_stored(photo, ["image", "width", "height", "renditions", "uploaded_by"])
    return photo


def _open_validated(file) -> tuple[Image.Image, str]:
    """Check ``file``; return it decoded with EXIF orientation applied, and its format.

    Raise ``ValidationError`` otherwise.
    """
    size = _file_size(file)
    if size == 0:
        raise ValidationError(EMPTY_FILE, code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            "Ảnh quá lớn (%(size)s MB), dung lượng tối đa là %(max)s MB.",
            code="file_too_large",
            params={"size": _megabytes(size), "max": _megabytes(limit)},
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            source_format = _check_header(file)
            image = _decode(file)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except Image.UnidentifiedImageError as exc:
            raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from exc
        except Exception as exc:
            # Pillow raises many exception types (OSError, SyntaxError,
            # struct.error, ValueError, ...) on malformed input; all mean "corrupt".
            raise ValidationError(CORRUPT_IMAGE, code="corrupt_image") from exc
        finally:
            file.seek(0)
    return image, source_format


def _check_header(file) -> str:
    """Identify the format and dimensions from the header and verify the structure, decoding no pixels."""
    file.seek(0)
    with Image.open(file) as image:
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(NOT_AN_IMAGE, code="invalid_format")
        width, height = image.size
        if width < 1 or height < 1:
            raise ValidationError(CORRUPT_IMAGE, code="corrupt_image")
        if width * height > max_pixels():
            raise _too_many_pixels(width, height)
        _check_shape(width, height)
        image.verify()
        return image.format


def _check_shape(width: int, height: int) -> None:
    """Refuse a side under ``MIN_SIDE`` or over ``MAX_SIDE`` pixels, or a long side over ``MAX_ASPECT_RATIO`` short."""
    short, long = sorted((width, height))
    if short < MIN_SIDE or long > MAX_SIDE or long > short * MAX_ASPECT_RATIO:
        raise ValidationError(
            BAD_SHAPE,
            code="bad_shape",
            params={
                "width": width,
                "height": height,
                "min": MIN_SIDE,
                "max": f"{MAX_SIDE:,}".replace(",", "."),
                "ratio": MAX_ASPECT_RATIO,
            },
        )


def _decode(file) -> Image.Image:
    """Reopen (``verify`` leaves the image unusable), decode the first frame and turn it upright."""
    file.seek(0)
    image = Image.open(file)
    image.load()
    return ImageOps.exif_transpose(image)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = f"{max_pixels() / 1_000_000:g}"
    if width and height:
        return ValidationError(
            "Ảnh quá nhiều điểm ảnh (%(width)s×%(height)s), tối đa %(max)s megapixel.",
            code="too_many_pixels",
            params={"width": width, "height": height, "max": limit},
        )
    return ValidationError(
        "Ảnh quá nhiều điểm ảnh, tối đa %(max)s megapixel.", code="too_many_pixels", params={"max": limit}
    )


def _file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _new_stem() -> str:
    """``YYYY/MM/<uuid4 hex>``: nothing of the uploader's file name reaches the storage."""
    return f"{timezone.localtime():%Y/%m}/{uuid.uuid4().hex}"


def _store_original(image: Image.Image, source_format: str, stem: str) -> tuple[str, int, int]:
    stored_format, extension = STORED_FORMATS[source_format]
    clean = _clean_pixels(image, stored_format)
    name = default_storage.save(f"photos/{stem}.{extension}", ContentFile(_encode(clean, stored_format)))
    return name, clean.width, clean.height


def _store_renditions(image: Image.Image, stem: str) -> dict[str, str]:
    """Save a JPEG per rendition width not wider than the image (the image's own width when narrower than all)."""
    upright = _clean_pixels(image, "JPEG")
    widths = [width for width in RENDITION_WIDTHS if width <= upright.width] or [upright.width]
    renditions = {}
    for width in widths:
        height = max(1, round(upright.height * width / upright.width))
        resized = upright if width == upright.width else upright.resize((width, height), Image.Resampling.LANCZOS)
        content = ContentFile(_encode(resized, "JPEG"))
        renditions[str(width)] = default_storage.save(f"photos/renditions/{stem}-{width}.jpg", content)
    return renditions


def _clean_pixels(image: Image.Image, stored_format: str) -> Image.Image:
    """A copy holding only pixels, in a mode ``stored_format`` can write, with no metadata at all."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if stored_format == "JPEG":
        if has_alpha:
            rgba = image.convert("RGBA")
            clean = Image.new("RGB", rgba.size, "white")
            clean.paste(rgba, mask=rgba.getchannel("A"))
        else:
            clean = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    elif has_alpha:
        clean = image.convert("RGBA")
    else:
        clean = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    clean.info = {}
    return clean


def _encode(image: Image.Image, stored_format: str) -> bytes:
    buffer = io.BytesIO()
    if stored_format == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif stored_format == "WEBP":
        image.save(buffer, "WEBP", quality=JPEG_QUALITY)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _stored_names(photo: Photo) -> list[str]:
    names = [photo.image.name] if photo.image else []
    return names + list(photo.renditions.values())
