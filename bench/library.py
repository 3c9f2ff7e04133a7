"""What the generated articles share, made through the project's own code: staff, bylines, tags, photos.

These are a few hundred rows, so they go through the ORM and the real
services (``create_photo`` makes each photo's renditions once, as an upload
would); only the articles and comments that use them are bulk-loaded.
"""

import colorsys
import hashlib
import os
import random
from dataclasses import dataclass, field
from html import escape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from articles.content.body import link_body_photos, sanitize_body
from articles.content.images import create_photo
from articles.content.text import fold, slugify_vi
from articles.demo import artwork
from articles.models import Author, Photo, Tag
from articles.models.search_document import plain_text
from bench import vocabulary

EDITOR, MODERATOR = "bench_editor", "bench_moderator"
DEFAULT_PASSWORD = "bench-newsroom-2026"  # noqa: S105 a local benchmark login, documented in bench/README.md
ROLES = {EDITOR: "Biên tập viên", MODERATOR: "Kiểm duyệt viên"}


@dataclass
class Library:
    editor: object
    moderator: object
    password: str
    authors: list = field(default_factory=list)  # (id, name, is_agency)
    tag_ids: list = field(default_factory=list)
    photo_ids: list = field(default_factory=list)
    # photo id → (figure markup as ``save_article`` stores it, fold of its plain text)
    figures: dict = field(default_factory=dict)


def bench_users() -> tuple:
    """``bench_editor`` and ``bench_moderator`` (staff, in their desk's group), password from ``BENCH_PASSWORD``.

    Kept across ``--reset`` like every user; the password is set again on each run.
    """
    password = os.environ.get("BENCH_PASSWORD") or DEFAULT_PASSWORD
    users = []
    for username, group_name in ROLES.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "first_name": group_name}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        users.append(user)
    return users[0], users[1], password


def make_authors(count: int, rng: random.Random) -> list:
    """``count`` bylines: wire agencies, names of the Highlands' peoples, pen names and full names."""
    surnames = [name for name, _ in vocabulary.SURNAMES]
    weights = [weight for _, weight in vocabulary.SURNAMES]
    names = _unique_by_slug([*vocabulary.AGENCIES, *vocabulary.HIGHLAND_NAMES])
    while len(names) < count:
        given = rng.sample(vocabulary.GIVEN_NAMES, 2)
        if rng.random() < 0.6:  # a pen name: two given names, as most bylines are signed
            name = " ".join(given)
        else:
            name = f"{rng.choices(surnames, weights)[0]} {rng.choice(vocabulary.MIDDLE_NAMES)} {given[0]}"
        names.setdefault(slugify_vi(name), name)
    authors = Author.objects.bulk_create(
        Author(name=name, slug=slug, bio=rng.choice(vocabulary.AUTHOR_BIOS) if rng.random() < 0.3 else "")
        for slug, name in list(names.items())[:count]
    )
    agencies = set(vocabulary.AGENCIES)
    return [(author.pk, author.name, author.name in agencies) for author in authors]


def make_tags(count: int, rng: random.Random) -> list[int]:
    """``count`` tags: topics and places first (the busiest), then a topic in a place ("Cà phê Krông Pắc")."""
    names = _unique_by_slug([*vocabulary.TAG_TOPICS, *vocabulary.PLACES])
    while len(names) < count:
        name = f"{rng.choice(vocabulary.TAG_TOPICS)} {rng.choice(vocabulary.PLACES)}"
        names.setdefault(slugify_vi(name), name)
    tags = Tag.objects.bulk_create(Tag(name=name, slug=slug) for slug, name in list(names.items())[:count])
    return [tag.pk for tag in tags]


def _unique_by_slug(names: list[str]) -> dict[str, str]:
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(slugify_vi(name), name)
    return unique


def make_photos(count: int, credits: list[str], uploaded_by, rng: random.Random) -> list[Photo]:
    """``count`` photos with caption, credit and alt text; real JPEG files with their renditions."""
    photos = []
    for number in range(count):
        caption, alt = vocabulary.PHOTO_SCENES[number % len(vocabulary.PHOTO_SCENES)]
        place = vocabulary.PLACES[(number * 7) % len(vocabulary.PLACES)]
        caption = f"{caption.rstrip('.')} {'ở' if ' tại ' in caption else 'tại'} {place}."
        digest = hashlib.sha256(caption.encode()).digest()
        red, green, blue = colorsys.hsv_to_rgb(digest[0] / 255, 0.45, 0.55 + digest[1] / 1000)
        jpeg = artwork.photo_jpeg(caption, (int(red * 255), int(green * 255), int(blue * 255)))
        photos.append(
            create_photo(
                file=ContentFile(jpeg, name=f"{slugify_vi(caption)[:60]}.jpg"),
                uploaded_by=uploaded_by,
                caption=caption,
                credit=rng.choice(credits),
                alt_text=alt,
            )
        )
    return photos


def body_figure(photo: Photo) -> tuple[str, str]:
    """The photo as a body figure, exactly as ``save_article`` stores it; and the fold of its plain text."""
    written = (
        f'<figure class="photo"><img src="{escape(photo.display_url)}" alt="{escape(photo.alt_text)}">'
        f"<figcaption>{escape(photo.caption, quote=False)}</figcaption></figure>"
    )
    stored, photo_ids = link_body_photos(sanitize_body(written))
    if photo_ids != [photo.pk]:
        raise RuntimeError(f"Photo {photo.pk} is not found by its URL in an article body")
    return stored, fold(plain_text(stored))


def build_library(*, authors: int, tags: int, photos: int, rng: random.Random) -> Library:
    editor, moderator, password = bench_users()
    library = Library(editor=editor, moderator=moderator, password=password)
    library.authors = make_authors(authors, rng)
    library.tag_ids = make_tags(tags, rng)
    credits = [name for _, name, is_agency in library.authors if not is_agency]
    for photo in make_photos(photos, credits, editor, rng):
        library.photo_ids.append(photo.pk)
        library.figures[photo.pk] = body_figure(photo)
    return library
