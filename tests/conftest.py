"""Shared fixtures: personas and small builders live here as the suite grows."""

import os
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_manage():
    """Run ``manage.py`` in a fresh interpreter with exactly the given environment additions."""
    import subprocess

    def run(*args, env=None, timeout=120):
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env={**base, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run


def _staff(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username, f"{username}@baodaklak.vn", "mat-khau-an-toan-2026")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(db, django_user_model):
    """A Phóng viên: writes and submits own drafts, cannot publish."""
    return _staff(django_user_model, "phongvien", "Phóng viên")


@pytest.fixture
def other_reporter(db, django_user_model):
    return _staff(django_user_model, "phongvien2", "Phóng viên")


@pytest.fixture
def editor(db, django_user_model):
    """A Biên tập viên: everything on content."""
    return _staff(django_user_model, "bientap", "Biên tập viên")


@pytest.fixture
def moderator(db, django_user_model):
    """A Kiểm duyệt viên: comments only."""
    return _staff(django_user_model, "kiemduyet", "Kiểm duyệt viên")


@pytest.fixture
def section(db):
    from articles.models import Section

    return Section.objects.get(slug="an-ninh-trat-tu")


@pytest.fixture
def make_article(db):
    """Build an article with sensible defaults; keyword arguments override fields."""
    from articles.models import Article, Section

    def make(**fields):
        fields.setdefault("headline", "Công an tỉnh tổ chức hội nghị")
        fields.setdefault("lead", "Sáng 10-12, Công an tỉnh tổ chức hội nghị.")
        fields.setdefault("body", "<p>Nội dung bài viết.</p>")
        fields.setdefault("section", Section.objects.get(slug="thoi-su"))
        fields.setdefault("slug", "cong-an-tinh-to-chuc-hoi-nghi")
        return Article.objects.create(**fields)

    return make


@pytest.fixture
def make_published(make_article):
    """A published article readers can see (an hour old unless ``published_at`` is given)."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    def make(**fields):
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        return make_article(**fields)

    return make


@pytest.fixture
def hidden_articles(make_article, make_published):
    """One article in each state a reader must never see: draft, review, scheduled, unpublished, trashed."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    return [
        make_article(headline="Bản nháp"),
        make_article(headline="Bài chờ duyệt", status=Article.Status.REVIEW),
        make_published(headline="Bài hẹn giờ", published_at=now + timedelta(hours=1)),
        make_article(headline="Bài đã gỡ", status=Article.Status.UNPUBLISHED, published_at=now - timedelta(hours=2)),
        make_published(headline="Bài trong thùng rác", deleted_at=now),
    ]


@pytest.fixture
def make_comment(db):
    """A reader's comment stored directly (pending unless ``status`` says otherwise)."""
    from comments.models import Comment

    def make(article, **fields):
        fields.setdefault("name", "Bạn đọc")
        fields.setdefault("email", "bandoc@example.com")
        fields.setdefault("body", "Bài viết rất hay.")
        fields.setdefault("ip_address", "192.0.2.44")  # another reader than tests.comments.send()'s
        return Comment.objects.create(article=article, **fields)

    return make


@pytest.fixture
def frozen(time_machine):
    """The clock stopped on a boundary of every comment rate-limit window (tests.comments.WINDOW_START)."""
    from tests.comments import WINDOW_START

    time_machine.move_to(WINDOW_START, tick=False)
    return time_machine


@pytest.fixture
def commented_article(make_published, frozen):
    """A published article to comment on, with the clock frozen (``frozen``)."""
    return make_published()


@pytest.fixture(scope="session")
def migrated_rows_put_back(django_db_setup, django_db_blocker):
    """Transactional tests end by emptying the tables; put the migrated rows (groups, sections) back at the end,
    so the kept test database (``--reuse-db``) still has them next time."""
    from django.contrib.auth.models import Group
    from django.db import connections

    yield
    with django_db_blocker.unblock():
        snapshot = getattr(connections["default"], "_test_serialized_contents", None)
        if snapshot and not Group.objects.exists():
            connections["default"].creation.deserialize_db_from_string(snapshot)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (pages, counters, rate limits): the real Redis in CI."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _admin_form_data(article, **overrides):
    """The POST the admin's article change form sends, with ``overrides`` applied."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "kicker": article.kicker,
        "lead": article.lead,
        "body": article.body,
        "section": article.section_id,
        "kind": article.kind,
        "credit_line": article.credit_line,
        "video_url": "",
        "comments_enabled": "on",
        "seo_title": "",
        "seo_description": "",
        "base_version": article.version,
        "publish_at_0": "",
        "publish_at_1": "",
        "_save": "Lưu",
    }
    for prefix in ("bylines", "story_photos", "corrections"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def article_form_data():
    return _admin_form_data


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its uploads in its own folder, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes(width=1200, height=800, color=(40, 90, 160)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def make_photo(db):
    """A library photo made through the real upload pipeline (renditions included)."""
    from django.core.files.base import ContentFile

    from articles.content.images import create_photo

    def make(caption="Các đại biểu tham dự hội nghị.", credit="Hồng Chuyên", alt_text="Hội trường", uploaded_by=None):
        upload = ContentFile(jpeg_bytes(), name="anh.jpg")
        return create_photo(file=upload, uploaded_by=uploaded_by, caption=caption, credit=credit, alt_text=alt_text)

    return make
