"""``manage.py load_demo``: demo staff, the reference article, demo stories and a print edition.

Idempotent: users are keyed by username, authors and tags by slug, photos by
caption and credit, articles by section and slug, the print issue by number;
anything already there is left untouched, so a second run creates nothing.
Content goes through the same services as the admin (``create_photo``,
``save_article``, ``publish_article``, ``store_print_issue``), so demo
articles carry revisions and workflow events like real ones.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from html import escape

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.content.images import create_photo
from articles.content.print_editions import store_print_issue
from articles.content.publishing import publish_article, submit_for_review
from articles.content.text import slugify_vi
from articles.demo import articles as demo
from articles.demo import artwork, reference
from articles.desk.editing import save_article
from articles.models import (
    Article,
    ArticlePhoto,
    Author,
    Byline,
    DailyViews,
    HomepageSlot,
    Photo,
    PrintIssue,
    Section,
    Tag,
)

# (username, group, password, full name): documented in the README; demo only.
DEMO_USERS = [
    ("bientap", "Biên tập viên", "bientap-demo-2026", "Biên tập viên demo"),
    ("phongvien", "Phóng viên", "phongvien-demo-2026", "Phóng viên demo"),
    ("kiemduyet", "Kiểm duyệt viên", "kiemduyet-demo-2026", "Kiểm duyệt viên demo"),
]
REPORTER_PEN_NAME = "Hữu Hùng"
PRINT_ISSUE_NUMBER = 7245


class Command(BaseCommand):
    help = "Load demo content (staff users, articles, photos, a print edition). Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "load_demo refuses to run with DJANGO_ENV=production: "
                "its users and passwords are published in the README. "
                "Create real accounts with `manage.py createsuperuser`."
            )
        loader = DemoLoader()
        with transaction.atomic():
            loader.load()
        for line in loader.summary():
            self.stdout.write(line)


class DemoLoader:
    def __init__(self):
        self.seen = defaultdict(set)
        self.created = defaultdict(set)
        self.now = timezone.now()

    def load(self) -> None:
        self.editor, self.reporter, _moderator = self.users()
        self.link_reporter_byline()
        self.video_story()  # published before the reference article, whose "Tin liên quan" shows it
        self.reference_article()
        for story in demo.STORIES:
            self.story(story)
        self.print_issue()
        self.homepage()
        self.readership()

    def summary(self) -> list[str]:
        lines = [
            f"{kind}: {len(self.created[kind])} created, {len(pks - self.created[kind])} already there"
            for kind, pks in sorted(self.seen.items())
        ]
        lines += [f"Demo login: {username} / {password} ({group})" for username, group, password, _ in DEMO_USERS]
        return lines

    def _tally(self, kind: str, obj, created: bool) -> None:
        self.seen[kind].add(obj.pk)
        if created:
            self.created[kind].add(obj.pk)

    # Users, authors, tags, photos ------------------------------------------

    def users(self) -> list:
        users = []
        for username, group_name, password, full_name in DEMO_USERS:
            user, created = get_user_model().objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "first_name": full_name, "email": f"{username}@demo.baodaklak.vn"},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=group_name))
            self._tally("user", user, created)
            users.append(user)
        return users

    def link_reporter_byline(self) -> None:
        """Give the demo reporter a pen name, so their drafts are signed in the admin."""
        author = self.author(REPORTER_PEN_NAME)
        if author.user_id is None and not Author.objects.filter(user=self.reporter).exists():
            author.user = self.reporter
            author.save(update_fields=["user"])

    def author(self, name: str) -> Author:
        author, created = Author.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name})
        self._tally("author", author, created)
        return author

    def tags(self, names: list[str]) -> list[Tag]:
        tags = []
        for name in names:
            tag, created = Tag.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name})
            self._tally("tag", tag, created)
            tags.append(tag)
        return tags

    def photo(self, *, caption: str, credit: str, alt: str, colour) -> Photo:
        photo = Photo.objects.filter(caption=caption, credit=credit).first()
        created = photo is None
        if created:
            image = ContentFile(artwork.photo_jpeg(caption, tuple(colour)), name=f"{slugify_vi(caption)[:60]}.jpg")
            photo = create_photo(file=image, uploaded_by=self.reporter, caption=caption, credit=credit, alt_text=alt)
        self._tally("photo", photo, created)
        return photo

    # Articles ------------------------------------------------------------

    def article(
        self,
        *,
        section: str,
        headline: str,
        lead: str,
        body: str,
        bylines: list[tuple[str, str]],
        tags: list[str],
        state: str,
        when=None,
        cover: Photo | None = None,
        story_photos: tuple[Photo, ...] | list[Photo] = (),
        **fields,
    ) -> Article:
        """Create, sign, tag and move one article to ``state``, unless its section already has its slug."""
        section_obj = Section.objects.get(slug=section)
        slug = slugify_vi(headline)
        existing = Article.objects.filter(section=section_obj, slug=slug).first()
        if existing is not None:
            self._tally("article", existing, created=False)
            return existing
        article = Article(
            section=section_obj, slug=slug, headline=headline, lead=lead, body=body, cover_photo=cover, **fields
        )
        save_article(article=article, user=self.reporter, comment="Nội dung demo")
        article.tags.set(self.tags(tags))
        for position, (name, role) in enumerate(bylines):
            Byline.objects.create(article=article, author=self.author(name), role=role, position=position)
        for position, photo in enumerate(story_photos):
            ArticlePhoto.objects.create(article=article, photo=photo, position=position)
        if state == "review":
            submit_for_review(article=article, user=self.reporter)
        elif state != "draft":
            publish_article(article=article, editor=self.editor, when=when)
        self._tally("article", article, created=True)
        return article

    def reference_article(self) -> Article:
        """The reference page's article, text exactly as on the page (typos included)."""
        page = reference.load()
        spec = demo.REFERENCE
        photos = [
            self.photo(caption=caption, credit=spec["photo_credit"], alt=extra["alt"], colour=extra["colour"])
            for caption, extra in zip(page.captions, spec["photos"], strict=True)
        ]
        by_caption = {photo.caption: photo for photo in photos}
        body = "".join(
            figure(by_caption[text], text) if kind == "photo" else paragraph(text) for kind, text in page.body
        )
        return self.article(
            section=spec["section"],
            headline=page.headline,
            lead=page.lead,
            body=body,
            bylines=[(page.byline, spec["byline_role"])],
            tags=spec["tags"],
            state="published",
            when=page.published_at,
            cover=photos[0],
        )

    def video_story(self) -> Article:
        """The next-story teaser of the reference page, as a video story sharing its tag."""
        teaser = reference.load().teaser
        spec = demo.VIDEO_STORY
        return self.article(
            section=spec["section"],
            headline=teaser.headline,
            lead=teaser.summary,
            body="".join(paragraph(text) for text in spec["paragraphs"]),
            bylines=spec["bylines"],
            tags=spec["tags"],
            state="published",
            when=local_time(*spec["published_at"]),
            cover=self.photo(**spec["photo"]),
            kind=Article.Kind.VIDEO if teaser.is_video else Article.Kind.STANDARD,
            video_url=spec["video_url"],
        )

    def story(self, spec: dict) -> Article:
        state = spec["state"]
        when = None
        if "published_at" in spec:
            state, when = "published", local_time(*spec["published_at"])
        elif state == "published":
            when = self.now - timedelta(hours=spec["hours_ago"])
        elif state == "scheduled":
            when = self.now + timedelta(hours=spec["hours_ahead"])
        return self.article(
            section=spec["section"],
            headline=spec["headline"],
            lead=spec["lead"],
            body="".join(paragraph(text) for text in spec["paragraphs"]),
            bylines=spec["bylines"],
            tags=spec.get("tags", []),
            state=state,
            when=when,
            cover=self.photo(**spec["photo"]) if "photo" in spec else None,
            story_photos=[self.photo(**photo) for photo in spec.get("story_photos", [])],
            kind=spec.get("kind", Article.Kind.STANDARD),
            video_url=spec.get("video_url", ""),
            credit_line=spec.get("credit_line", ""),
            kicker=spec.get("kicker", ""),
        )

    # Print edition -------------------------------------------------------

    def print_issue(self) -> PrintIssue:
        issue = PrintIssue.objects.filter(number=PRINT_ISSUE_NUMBER).first()
        if issue is not None:
            self._tally("print issue", issue, created=False)
            return issue
        issue = PrintIssue(number=PRINT_ISSUE_NUMBER, date=timezone.localdate(self.now))
        headlines = list(Article.objects.published().values_list("headline", flat=True)[:12])
        pdf = artwork.print_edition_pdf(number=issue.number, issue_date=issue.date, headlines=headlines)
        store_print_issue(issue, ContentFile(pdf, name=f"bao-in-{issue.number}.pdf"), uploaded_by=self.editor)
        self._tally("print issue", issue, created=True)
        return issue

    def homepage(self) -> None:
        """The editors' lead story, when no one has chosen one yet; the other slots fill themselves."""
        lead = Article.objects.published().filter(slug=slugify_vi(demo.HOMEPAGE_LEAD)).first()
        if lead:
            HomepageSlot.objects.filter(position=1, article__isnull=True).update(article=lead)

    def readership(self) -> None:
        """Some of today's views, so the demo's "Đọc nhiều" list is not empty before anyone has read."""
        today = timezone.localdate()
        live = Article.objects.published().order_by("pk")
        for rank, article in enumerate(live):
            views = 40 + (article.pk * 7919 + rank * 104729) % 960
            DailyViews.objects.get_or_create(article=article, date=today, defaults={"views": views})


def paragraph(text: str) -> str:
    return f"<p>{escape(text, quote=False)}</p>"


def figure(photo: Photo, caption: str) -> str:
    """A body photo as the editor writes it; ``save_article`` links it to the library by its URL."""
    return (
        f'<figure class="photo"><img src="{escape(photo.display_url)}" alt="{escape(photo.alt_text)}">'
        f"<figcaption>{escape(caption, quote=False)}</figcaption></figure>"
    )


def local_time(year: int, month: int, day: int, hour: int, minute: int):
    return datetime(year, month, day, hour, minute, tzinfo=reference.LOCAL_TIME)
