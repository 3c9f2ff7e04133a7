"""MEDIA_STORAGE=s3: uploads land in an S3-compatible bucket and readers' pages point at it.

A real S3 API answers here: moto's server mode, started on a free loopback
port for this module, with an empty bucket of its own per test. Uploads go
through the code paths the desk uses (the admin's add forms, the editor's
image upload, the article save), and the URLs on readers' pages are fetched
back over HTTP, as a browser would.
"""

import io
import logging
import re
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import date

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from PIL import Image
from storages.backends.s3 import S3Storage

from articles.content.images import store_photo_image
from articles.content.publishing import publish_article
from articles.desk.editing import save_article
from articles.models import Photo, PrintIssue
from newsroom.storage import CACHE_CONTROL, MediaStorage, media_storage_settings
from tests.articles.test_print_editions import pdf_bytes
from tests.conftest import jpeg_bytes

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "newsroom-test", "aws_secret_access_key": "newsroom-test-secret"}
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@dataclass
class Bucket:
    name: str
    url: str  # where readers fetch its objects: endpoint/bucket/
    client: object

    def object_keys(self) -> set[str]:
        return {item["Key"] for item in self.client.list_objects_v2(Bucket=self.name).get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free 127.0.0.1 port for this module; stopped afterwards."""
    werkzeug = logging.getLogger("werkzeug")
    level = werkzeug.level
    werkzeug.setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        werkzeug.setLevel(level)


def s3_environ(endpoint: str, bucket: str, **more) -> dict:
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "MEDIA_S3_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        **more,
    }


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new empty bucket, made the default storage exactly as ``MEDIA_STORAGE=s3`` configures it."""
    name = f"newsroom-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    # Django re-creates default_storage when STORAGES changes, and again when the fixture restores it.
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_settings(environ=s3_environ(s3_endpoint, name))}
    return Bucket(name=name, url=f"{s3_endpoint}/{name}/", client=client)


def fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:")  # only ever the local moto server
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 http on loopback, checked above
        return response.read()


def image_urls(html: str) -> list[str]:
    """Every URL an ``<img>`` of the page loads: its src and each srcset candidate."""
    urls = re.findall(r'<img [^>]*?src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    return urls


def test_photo_uploaded_in_the_admin_is_stored_in_the_bucket_with_its_renditions(client, editor, bucket, media_root):
    client.force_login(editor)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(2000, 1200), content_type="image/jpeg")
    data = {"image": upload, "caption": "Lễ hội cà phê", "credit": "Ngọc Minh", "alt_text": "Đoàn diễu hành"}
    response = client.post("/admin/articles/photo/add/", data)

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
    assert bucket.object_keys() == {photo.image.name, *photo.renditions.values()}
    assert Image.open(io.BytesIO(bucket.read(photo.image.name))).size == (2000, 1200)
    assert Image.open(io.BytesIO(bucket.read(photo.renditions["480"]))).size == (480, 288)
    head = bucket.client.head_object(Bucket=bucket.name, Key=photo.renditions["960"])
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == CACHE_CONTROL
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=photo.renditions["960"])["Grants"]
    assert {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"} in grants
    assert not media_root.exists() or not any(media_root.rglob("*"))  # nothing left on this host's disk


def test_article_page_loads_its_photos_from_the_bucket(client, editor, bucket, make_article):
    """The editor's upload gives a bucket URL; saved in the body, it still becomes the library's captioned figure."""
    client.force_login(editor)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(1200, 800), content_type="image/jpeg")
    answer = client.post("/admin/editor/upload-image/", {"upload": upload}).json()
    assert answer["uploaded"] == 1
    assert answer["url"].startswith(bucket.url)
    photo = Photo.objects.get(pk=answer["photoId"])
    photo.caption, photo.credit, photo.alt_text = "Các đại biểu dự hội nghị.", "Hồng Chuyên", "Hội trường"
    photo.save()

    article = make_article(credit_line="TTXVN")
    article.body = f'<p>Mở đầu.</p><img src="{answer["url"]}" alt="Hội trường">'
    save_article(article=article, user=editor, expected_version=article.version)
    assert list(article.body_photos.all()) == [photo]
    publish_article(article=article, editor=editor)
    client.logout()

    page = client.get(article.get_absolute_url()).content.decode()
    assert "(Ảnh: Hồng Chuyên)" in page
    urls = image_urls(page)
    assert sorted(set(urls)) == sorted(bucket.url + name for name in photo.renditions.values())
    assert fetch(urls[0]) == bucket.read(urls[0].removeprefix(bucket.url))
    assert fetch(urls[0]).startswith(b"\xff\xd8")  # a JPEG


def test_homepage_teasers_load_cover_photos_from_the_bucket(client, bucket, make_photo, make_published):
    photo = make_photo()
    make_published(cover_photo=photo)

    urls = image_urls(client.get("/").content.decode())

    assert bucket.url + photo.renditions["480"] in urls
    assert all(url.startswith(bucket.url) for url in urls if "/photos/" in url)
    assert Image.open(io.BytesIO(fetch(bucket.url + photo.renditions["480"]))).width == 480


def test_print_issue_pdf_and_cover_are_stored_in_the_bucket_and_read_from_it(client, editor, bucket):
    content = pdf_bytes(pages=2)
    client.force_login(editor)
    upload = SimpleUploadedFile("bao-in.pdf", content, content_type="application/pdf")
    response = client.post("/admin/articles/printissue/add/", {"number": 1234, "date": "05/03/2026", "pdf": upload})

    assert response.status_code == 302
    issue = PrintIssue.objects.get()
    assert issue.date == date(2026, 3, 5)
    assert bucket.object_keys() == {issue.pdf.name, issue.cover.name}
    assert issue.pdf.name.startswith("print/2026/") and issue.cover.name.startswith("print/covers/2026/")

    client.logout()
    page = client.get(f"/bao-in/{issue.pk}/").content.decode()
    assert f'<object class="print-pdf" data="{bucket.url}{issue.pdf.name}"' in page
    assert f'<img src="{bucket.url}{issue.cover.name}"' in page
    assert "Tải về bản PDF (" in page  # with its size, asked of the bucket
    assert fetch(bucket.url + issue.pdf.name) == content
    assert fetch(bucket.url + issue.cover.name).startswith(b"\xff\xd8")


def test_uploaded_video_is_stored_in_the_bucket_and_played_from_it(
    client, editor, bucket, make_article, article_form_data
):
    article = make_article(kind="video", credit_line="TTXVN")
    client.force_login(editor)
    video = SimpleUploadedFile("phong-su.mp4", MP4, content_type="video/mp4")
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, kind="video", video_file=video)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert bucket.object_keys() == {article.video_file.name}
    publish_article(article=article, editor=editor)
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<video controls preload="metadata" src="{bucket.url}{article.video_file.name}"' in page
    assert fetch(bucket.url + article.video_file.name) == MP4


def test_replacing_a_photo_removes_its_old_files_from_the_bucket(
    bucket, make_photo, django_capture_on_commit_callbacks
):
    photo = make_photo()
    old = {photo.image.name, *photo.renditions.values()}

    with django_capture_on_commit_callbacks(execute=True):
        store_photo_image(photo, ContentFile(jpeg_bytes(800, 600), name="moi.jpg"))

    assert bucket.object_keys() == {photo.image.name, *photo.renditions.values()}
    assert not bucket.object_keys() & old


def test_custom_domain_gives_plain_urls_on_that_host(s3_endpoint, settings, bucket, make_photo):
    environ = s3_environ(s3_endpoint, bucket.name, MEDIA_S3_CUSTOM_DOMAIN="media.baodaklak.vn")
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_settings(environ=environ)}

    photo = make_photo()

    assert photo.display_url == f"https://media.baodaklak.vn/{photo.renditions['960']}"
    assert photo.image.name in bucket.object_keys()


@pytest.mark.parametrize(
    "more",
    [
        {"MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000"},
        {"MEDIA_S3_ENDPOINT_URL": "https://s3.example.vn", "MEDIA_S3_ADDRESSING_STYLE": "virtual"},
        {},  # AWS itself
    ],
)
def test_plain_urls_are_exactly_the_ones_botocore_makes(more):
    environ = {"MEDIA_S3_BUCKET": "newsroom-media", "MEDIA_S3_REGION": "ap-southeast-1", **more}
    storage = MediaStorage(**media_storage_settings(environ=environ)["OPTIONS"])
    for name in ["photos/2026/03/ab12-480.jpg", "videos/2026/03/phóng sự+1.mp4"]:
        assert storage.url(name) == S3Storage.url(storage, name)


def test_signed_urls_are_an_option_and_then_objects_stay_private():
    environ = s3_environ("http://127.0.0.1:9000", "newsroom-media", MEDIA_S3_QUERYSTRING_AUTH="true")
    options = media_storage_settings(environ=environ)["OPTIONS"]
    assert options["querystring_auth"] is True
    assert options["default_acl"] is None


def test_s3_storage_without_a_bucket_refuses_to_start(run_manage):
    result = run_manage(
        "check", env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom", "MEDIA_STORAGE": "s3"}
    )
    assert result.returncode != 0
    assert "MEDIA_S3_BUCKET must name the bucket" in result.stderr


PRINT_MEDIA_SETTINGS = (
    "from django.conf import settings\n"
    "from django.core.files.storage import storages\n"
    "media = storages['default']\n"
    "print(type(media).__name__, media.bucket_name, media.url('photos/a.jpg'))\n"
    "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1], settings.MEDIA_ORIGIN)\n"
)


def test_media_storage_s3_configures_the_bucket_and_lets_pages_load_from_it(run_manage):
    env = {
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom",
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": "baodaklak-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.vn",
        "MEDIA_S3_ADDRESSING_STYLE": "path",
        "MEDIA_S3_ACCESS_KEY_ID": "key",
        "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
    }
    result = run_manage("shell", "-c", PRINT_MEDIA_SETTINGS, env=env)
    assert result.returncode == 0, result.stderr
    storage, origins = result.stdout.strip().splitlines()[-2:]
    assert storage == "MediaStorage baodaklak-media https://s3.example.vn/baodaklak-media/photos/a.jpg"
    assert origins == "https://baodaklak-media.s3.example.vn https://s3.example.vn"
