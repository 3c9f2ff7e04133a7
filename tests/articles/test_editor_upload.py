"""CKEditor's image upload: who may upload, CSRF, and the JSON CKEditor expects."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Photo

URL = "/admin/editor/upload-image/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(size=(1200, 800)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("anh-hoi-nghi.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_url_is_named_and_sits_under_the_admin():
    assert reverse("editor-image-upload") == URL


def test_a_reporter_uploads_an_image_and_gets_its_960_rendition(client, reporter):
    client.force_login(reporter)

    response = client.post(URL, {"upload": jpeg()})

    assert response.status_code == 200
    photo = Photo.objects.get()
    assert response.json() == {
        "uploaded": 1,
        "fileName": photo.image.name.rsplit("/", 1)[-1],
        "url": photo.rendition_url(960),
        "photoId": photo.pk,
    }
    assert response.json()["url"].startswith("/media/photos/renditions/")
    assert response.json()["url"].endswith("-960.jpg")
    assert photo.uploaded_by == reporter
    assert (photo.caption, photo.credit, photo.alt_text) == ("", "", "")


def test_an_anonymous_visitor_cannot_upload(client, db):
    response = client.post(URL, {"upload": jpeg()})

    assert response.status_code == 403
    assert response.json() == {"uploaded": 0, "error": {"message": "Bạn không có quyền tải ảnh lên."}}
    assert not Photo.objects.exists()


def test_a_moderator_cannot_upload(client, moderator):
    client.force_login(moderator)

    response = client.post(URL, {"upload": jpeg()})

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Bạn không có quyền tải ảnh lên."
    assert not Photo.objects.exists()


def test_a_user_with_the_permission_but_not_staff_cannot_upload(client, reporter):
    reporter.is_staff = False
    reporter.save(update_fields=["is_staff"])
    client.force_login(reporter)

    assert client.post(URL, {"upload": jpeg()}).status_code == 403


def test_get_is_not_allowed(client, reporter):
    client.force_login(reporter)

    assert client.get(URL).status_code == 405


def test_an_upload_without_the_csrf_token_is_refused(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post(URL, {"upload": jpeg()})

    assert response.status_code == 403
    assert not Photo.objects.exists()


def test_an_upload_with_the_csrf_token_in_the_header_is_accepted(reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    token = "n3wsr00mCsrfS3cretF0rTh1sT3st000"  # a well-formed secret, as the csrftoken cookie holds
    client.cookies["csrftoken"] = token

    response = client.post(URL, {"upload": jpeg()}, headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert response.json()["uploaded"] == 1


def test_a_non_image_gets_a_vietnamese_error_and_creates_no_photo(client, reporter):
    client.force_login(reporter)
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")

    response = client.post(URL, {"upload": fake})

    assert response.status_code == 400
    assert response.json() == {
        "uploaded": 0,
        "error": {"message": "Tệp tải lên không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."},
    }
    assert not Photo.objects.exists()


def test_a_post_without_a_file_gets_a_vietnamese_error(client, reporter):
    client.force_login(reporter)

    response = client.post(URL, {})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Không nhận được tệp ảnh nào."
