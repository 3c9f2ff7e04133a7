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
