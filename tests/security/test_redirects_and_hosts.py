"""Requests that lie about where they are going or where they come from, or that are far too big.

A bad ``Host`` gets the 400 page; a forged ``X-Forwarded-Host`` changes no
link in a page, feed or sitemap and no page-cache entry; the admin's login
and logout never redirect to another site whatever ``next`` says; a request
with too many fields or files, or too big a body, gets the 400 page, not a
500.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.http import url_has_allowed_host_and_scheme

PASSWORD = "mat-khau-an-toan-2026"  # the personas' password (tests/conftest.py)
HOSTILE_NEXT = [
    "//evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "https:evil.com",
    "https://evil.com",
    "http://testserver@evil.com/",
    "javascript:alert(1)",
    " //evil.com",
    "/\t/evil.com",
]


@pytest.fixture
def article(make_published):
    return make_published()


# Host


@pytest.mark.parametrize("host", ["evil.com", "testserver.evil.com", "evil.com:80", "testserver:80@evil.com", "-"])
def test_a_host_not_in_allowed_hosts_gets_the_400_page(client, db, host):
    response = client.get("/", HTTP_HOST=host)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_the_admin_login_refuses_a_bad_host_too(client, db):
    assert client.get("/admin/login/", HTTP_HOST="evil.com").status_code == 400
    assert client.post("/admin/login/", {"username": "x", "password": "y"}, HTTP_HOST="evil.com").status_code == 400


def test_a_forged_forwarded_host_changes_no_link_in_the_article_page(client, article):
    page = client.get(article.get_absolute_url(), HTTP_X_FORWARDED_HOST="evil.com").content.decode()

    assert "evil.com" not in page
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in page


@pytest.mark.parametrize("url", ["/rss/", "/sitemap.xml", "/sitemap-tin-moi.xml", "/robots.txt"])
def test_a_forged_forwarded_host_changes_no_link_in_feeds_and_sitemaps(client, article, url):
    response = client.get(url, HTTP_X_FORWARDED_HOST="evil.com", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    body = response.content.decode()
    assert "evil.com" not in body
    assert "http://testserver/" in body


def test_a_forged_forwarded_host_cannot_poison_the_page_cache(client, article):
    client.get(article.get_absolute_url(), HTTP_X_FORWARDED_HOST="evil.com")

    served = Client().get(article.get_absolute_url())

    assert served["X-Page-Cache"] == "hit"
    assert "evil.com" not in served.content.decode()


# next= on login and logout


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logging_in_never_redirects_to_another_site(client, editor, target):
    response = client.post(
        f"/admin/login/?next={target}", {"username": editor.username, "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_logging_in_follows_a_next_on_this_site(client, editor):
    target = "/admin/articles/article/?status=review"

    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD, "next": target})

    assert response["Location"] == target


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logging_out_never_redirects_to_another_site(client, editor, target):
    client.force_login(editor)

    response = client.post(f"/admin/logout/?next={target}", {"next": target})

    assert "_auth_user_id" not in client.session
    if response.status_code in (301, 302, 303, 307, 308):
        assert url_has_allowed_host_and_scheme(response["Location"], {"testserver"})
    else:
        assert response.status_code == 200


def test_an_authenticated_visit_to_the_login_page_ignores_a_foreign_next(client, editor):
    client.force_login(editor)

    response = client.get("/admin/login/?next=//evil.com")

    assert response["Location"] == "/admin/"


def test_logging_out_needs_a_post(client, editor):
    client.force_login(editor)

    assert client.get("/admin/logout/").status_code == 405
    assert "_auth_user_id" in client.session


# Request limits: refused before any view reads the data.


def comment_url(article):
    return f"/y-kien/gui/{article.pk}/"


def test_five_thousand_fields_get_the_400_page(client, article):
    data = {f"field{n}": "x" for n in range(5000)}

    response = client.post(comment_url(article), data)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_five_thousand_fields_are_refused_before_the_csrf_check_reads_them(article):
    data = {f"field{n}": "x" for n in range(5000)}

    response = Client(enforce_csrf_checks=True).post(comment_url(article), data)

    assert response.status_code == 400


def test_too_many_files_in_one_request_get_the_400_page(client, article, settings):
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)}

    response = client.post(comment_url(article), files)

    assert response.status_code == 400


def test_a_body_over_the_memory_limit_gets_the_400_page(client, article, settings):
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(comment_url(article), f"body={body}", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400


def test_the_request_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 10
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.USE_X_FORWARDED_HOST is False
    assert settings.USE_X_FORWARDED_PORT is False
