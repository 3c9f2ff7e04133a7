"""What a photo file says about itself: caption, credit and date from its IPTC, XMP or EXIF blocks.

Photographers' cameras and agencies embed ``Caption-Abstract``, ``By-line``
and ``Credit`` (IPTC, or the same in XMP); the editor's photo dialog starts
from them. They must be read from the uploaded file itself: the stored copy is
re-encoded without any metadata (``articles.content.images``). Reading never fails: a
file whose blocks are missing or malformed simply says nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

from PIL import Image, IptcImagePlugin

from articles.models.photo import split_caption_credit

CAPTION_MAX = 500  # Photo.caption
CREDIT_MAX = 200  # Photo.credit

IPTC_DATE_CREATED = (2, 55)
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_CAPTION = (2, 120)
EXIF_IFD = 0x8769
EXIF_DATE_TIME_ORIGINAL = 36867


@dataclass(frozen=True)
class PhotoMetadata:
    caption: str = ""
    credit: str = ""
    taken_on: date | None = None


def read_photo_metadata(file) -> PhotoMetadata:
    """The caption, credit and shooting date ``file`` carries; blank where it says nothing.

    A credit typed at the end of the caption ("(Ảnh: X)") becomes the credit when the file names none.
    The file position is restored to the start afterwards.
    """
    try:
        file.seek(0)
        with Image.open(file) as image:
            iptc = _iptc(image)
            xmp = _xmp(image)
            exif_date = _exif_date(image)
    except Exception:  # a file Pillow cannot read says nothing; validation reports it separately
        return PhotoMetadata()
    finally:
        file.seek(0)
    caption, typed_credit = split_caption_credit(iptc.get("caption") or xmp.get("caption", ""))
    byline = iptc.get("byline") or xmp.get("byline", "")
    agency = iptc.get("credit") or xmp.get("credit", "")
    credit = "/".join(dict.fromkeys(part for part in (byline, agency) if part)) or typed_credit
    taken_on = _parse_date(iptc.get("date") or xmp.get("date", "")) or exif_date
    return PhotoMetadata(caption=caption[:CAPTION_MAX], credit=credit[:CREDIT_MAX], taken_on=taken_on)


def _iptc(image: Image.Image) -> dict[str, str]:
    info = IptcImagePlugin.getiptcinfo(image) or {}
    fields = {"caption": IPTC_CAPTION, "byline": IPTC_BYLINE, "credit": IPTC_CREDIT, "date": IPTC_DATE_CREATED}
    return {name: _text(info.get(key)) for name, key in fields.items()}


def _xmp(image: Image.Image) -> dict[str, str]:
    """Dublin Core and Photoshop fields of the XMP packet (Pillow parses it with defusedxml)."""
    if not hasattr(image, "getxmp"):
        return {}
    found: dict[str, str] = {}
    names = {"description": "caption", "creator": "byline", "Credit": "credit", "DateCreated": "date"}

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in names and names[key] not in found:
                    text = _first_text(value)
                    if text:
                        found[names[key]] = text
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(image.getxmp())
    return found


def _first_text(node) -> str:
    """The first text of an XMP value: a plain string, an rdf:Alt/Seq/Bag's first item, a language alternative."""
    if isinstance(node, str):
        return _clean(node)
    if isinstance(node, list):
        return next((text for text in map(_first_text, node) if text), "")
    if isinstance(node, dict):
        if "text" in node:
            return _first_text(node["text"])
        for key in ("Alt", "Seq", "Bag", "li"):
            if key in node:
                return _first_text(node[key])
    return ""


def _exif_date(image: Image.Image) -> date | None:
    value = image.getexif().get_ifd(EXIF_IFD).get(EXIF_DATE_TIME_ORIGINAL)
    return _parse_date(value) if isinstance(value, str) else None


def _text(value) -> str:
    if isinstance(value, list):
        value = b"; ".join(value)
    if not isinstance(value, bytes):
        return ""
    try:
        return _clean(value.decode("utf-8"))
    except UnicodeDecodeError:
        return _clean(value.decode("cp1252", errors="replace"))


def _clean(text: str) -> str:
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def _parse_date(text: str) -> date | None:
    """IPTC ``CCYYMMDD``, XMP ``CCYY-MM-DD…`` or EXIF ``CCYY:MM:DD hh:mm:ss``."""
    match = re.match(r"(\d{4})[-:]?(\d{2})[-:]?(\d{2})", text.strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None
