"""Stand-in photos and a print edition, drawn in memory when the demo loads.

Nothing here is committed as a binary file: the demo photos are plain colour
fills with a few shapes (derived from the caption, so each photo looks
different but the same caption always draws the same picture) and the print
edition is a small PDF of pages with a masthead and grey columns.
"""

import hashlib
import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

PHOTO_SIZE = (1600, 1067)
PAGE_SIZE = (1240, 1754)  # A4 at 150 dpi
PAGE_DPI = 150
MASTHEAD = "Báo Đắk Lắk"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def photo_jpeg(caption: str, colour: tuple[int, int, int]) -> bytes:
    """A 1600×1067 JPEG: ``colour`` with a sun, a hill and a few blocks placed by the caption's hash."""
    digest = hashlib.sha256(caption.encode()).digest()
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, colour)
    draw = ImageDraw.Draw(image)
    light, dark = _shade(colour, 60), _shade(colour, -50)
    sun_x, sun_y = 200 + digest[0] * 4, 120 + digest[1]
    draw.ellipse((sun_x, sun_y, sun_x + 220, sun_y + 220), fill=light)
    draw.polygon([(0, height), (width // 3 + digest[2], 560 + digest[3]), (width, height)], fill=dark)
    for i in range(4):
        x, y = 100 + digest[4 + i] * 5, 600 + digest[8 + i]
        draw.rectangle((x, y, x + 90 + digest[12 + i] // 2, height - 40), fill=_shade(colour, -20 - 10 * i))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def print_edition_pdf(*, number: int, issue_date: date, headlines: list[str], pages: int = 4) -> bytes:
    """A ``pages``-page PDF: masthead, issue line, headlines and grey text columns on each page."""
    masthead_font, headline_font, small_font = _font(110, bold=True), _font(44, bold=True), _font(30)
    issue_line = f"Số {number} — {WEEKDAYS[issue_date.weekday()]}, ngày {issue_date:%d/%m/%Y}"
    images = []
    for page in range(1, pages + 1):
        image = Image.new("RGB", PAGE_SIZE, "white")
        draw = ImageDraw.Draw(image)
        draw.text((80, 60), MASTHEAD, font=masthead_font, fill=(170, 20, 30))
        draw.text((80, 200), issue_line, font=small_font, fill="black")
        draw.text((1080, 200), f"Trang {page}", font=small_font, fill="black")
        draw.line((80, 250, 1160, 250), fill="black", width=4)
        for row, headline in enumerate(headlines[(page - 1) * 3 : page * 3]):
            top = 290 + row * 480
            draw.text((80, top), _clip(headline, 44), font=headline_font, fill="black")
            for column in range(3):
                left = 80 + column * 365
                for line in range(12):
                    y = top + 80 + line * 30
                    draw.rectangle((left, y, left + 330, y + 12), fill=(200, 200, 200))
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=PAGE_DPI, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def _shade(colour: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, channel + amount)) for channel in colour)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"


def _font(size: int, *, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """DejaVu (it has every Vietnamese letter) when the system has it, else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)
