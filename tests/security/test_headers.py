"""Every response tells the browser to guard the reader: no sniffing, no framing, a tight Referer, its own window.

Checked on reader pages built fresh and served from the page cache, on error
pages and in the admin. HTTPS-only headers (HSTS) are production's: see
test_production_settings.py.
"""

import pytest

SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def safe_headers(response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in SAFE_HEADERS}


@pytest.fixture
def article(make_published):
    return make_published()


@pytest.mark.parametrize("url", ["/", "/thoi-su/", "/tim-kiem/?q=hoi+nghi", "/bao-in/", "/rss/", "/sitemap.xml"])
def test_reader_pages_and_feeds_carry_the_safe_headers(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert safe_headers(response) == SAFE_HEADERS


def test_the_article_page_carries_them_built_fresh_and_from_the_cache(client, article):
    fresh = client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())

    assert (fresh["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert safe_headers(fresh) == safe_headers(cached) == SAFE_HEADERS


def test_error_pages_carry_them(client, db):
    not_found = client.get("/khong-co-trang-nay/")
    bad_host = client.get("/", HTTP_HOST="evil.example")

    assert (not_found.status_code, bad_host.status_code) == (404, 400)
    assert safe_headers(not_found) == SAFE_HEADERS
    # A bad Host is refused above the clickjacking middleware; the CSP's frame-ancestors, which
    # browsers obey over X-Frame-Options, keeps that page out of frames all the same.
    assert safe_headers(bad_host) == {**SAFE_HEADERS, "X-Frame-Options": None}
    for response in (not_found, bad_host):
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_comment_endpoints_carry_them(client, article):
    for url in (f"/y-kien/{article.pk}/", f"/y-kien/gui/{article.pk}/", f"/y-kien/phien/{article.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert safe_headers(response) == SAFE_HEADERS, url


def test_the_admin_carries_them_and_is_never_cached(client, editor):
    login = client.get("/admin/login/")
    client.force_login(editor)
    index = client.get("/admin/")

    for response in (login, index):
        assert response.status_code == 200
        assert safe_headers(response) == SAFE_HEADERS
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_no_hsts_in_development_where_the_site_is_plain_http(client, db):
    # HSTS over http://127.0.0.1 would pin developers' browsers to HTTPS for localhost.
    response = client.get("/", secure=True)

    assert "Strict-Transport-Security" not in response.headers
