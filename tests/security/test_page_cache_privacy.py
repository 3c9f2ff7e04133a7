"""The shared page cache never keeps anything of one person to give to another.

What a logged-in member of staff sees (the admin, previews, forms with their
tokens) is never stored; a public page is the same bytes whoever asked for it
first, so a cached copy leaks nothing either way. See also
tests/articles/test_page_cache.py.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from comments.models import Comment
from tests.conftest import _admin_form_data


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def public_urls(make_published, make_comment):
    """One page of each public kind, around a live article with an approved comment."""
    article = make_published(headline="Hội nghị tổng kết năm", credit_line="Theo TTXVN")
    make_comment(article, status=Comment.Status.APPROVED)
    return [
        "/",
        "/thoi-su/",
        article.get_absolute_url(),
        f"/y-kien/{article.pk}/",
        "/tim-kiem/?q=hoi+nghi",
        "/multimedia/",
        "/bao-in/",
        "/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def holds_nothing_personal(response, user) -> bool:
    content = response.content.decode()
    return (
        user.username not in content
        and not re.search(r'name="csrfmiddlewaretoken" value="[^"]', content)
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
    )


@pytest.mark.parametrize("first", ["editor", "reader"])
def test_a_public_page_is_the_same_bytes_whoever_asked_first(public_urls, editor, first):
    editor_client, reader_client = staff_client(editor), Client()
    order = [editor_client, reader_client] if first == "editor" else [reader_client, editor_client]

    for url in public_urls:
        built, served = (client.get(url) for client in order)
        assert built.status_code == 200, url
        if "?q=" in url:  # a search is answered, never stored (page_cache.UNSTORED): both are built for their asker
            assert "hit" not in (built.get("X-Page-Cache"), served.get("X-Page-Cache")), url
        else:
            assert built.get("X-Page-Cache") == "miss" and served.get("X-Page-Cache") == "hit", url
        assert served.content == built.content, url
        assert holds_nothing_personal(built, editor), url


def test_a_public_page_never_reads_the_session_of_a_logged_in_visitor(public_urls, moderator, settings):
    """A page that read the session would vary by visitor: its response would say ``Vary: Cookie``."""
    settings.PAGE_CACHE_SECONDS = 0  # every request renders, so every page is checked
    client = staff_client(moderator)

    for url in public_urls:
        response = client.get(url)
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url


def test_an_editor_fresh_from_the_admin_gets_and_leaves_the_same_public_page(client, editor, make_published):
    article = make_published(credit_line="Theo TTXVN")
    client.force_login(editor)
    saved = client.post(f"/admin/articles/article/{article.pk}/change/", _admin_form_data(article), follow=False)
    assert saved.status_code == 302  # a success message now waits for the editor's next admin page

    for_editor = client.get(article.get_absolute_url())
    for_reader = Client().get(article.get_absolute_url())

    assert for_reader["X-Page-Cache"] == "hit"
    assert for_reader.content == for_editor.content
    assert "thành công" not in for_editor.content.decode()
    assert not for_editor.cookies  # the message was neither shown nor consumed here
    assert list(get_messages(client.get("/admin/").wsgi_request))  # it is still waiting in the admin


@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/articles/article/", "/admin/articles/photo/", "/admin/comments/comment/"],
)
def test_the_admin_is_never_stored_for_anyone(url, editor, moderator):
    client = staff_client(moderator if "comments" in url else editor)

    first, second = client.get(url), client.get(url)
    anonymous = Client().get(url)

    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")


def test_a_staff_preview_stays_with_the_staff_member(editor, make_article):
    draft = make_article(headline="Tin giữ kín đến giờ G")
    editor_client = staff_client(editor)

    preview = editor_client.get(f"/xem-truoc/{draft.pk}/")
    again = editor_client.get(f"/xem-truoc/{draft.pk}/")
    stranger = Client().get(f"/xem-truoc/{draft.pk}/")

    assert "Tin giữ kín đến giờ G" in preview.content.decode()
    assert "X-Page-Cache" not in again and "no-store" in again["Cache-Control"]
    assert stranger.status_code == 302 and "Tin giữ kín" not in stranger.content.decode()
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_the_comment_form_page_and_its_tokens_are_never_served_to_another_reader(make_published):
    article = make_published()
    first, second = Client(), Client()

    pages = [client.get(f"/y-kien/gui/{article.pk}/") for client in (first, second)]
    sessions = [client.get(f"/y-kien/phien/{article.pk}/") for client in (first, second)]

    for response in pages + sessions:
        assert "X-Page-Cache" not in response and "no-store" in response["Cache-Control"]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', p.content.decode())[1] for p in pages]
    form_tokens = [re.search(r'name="token" value="([^"]+)"', p.content.decode())[1] for p in pages]
    assert tokens[0] != tokens[1] and form_tokens[0] != form_tokens[1]
    assert sessions[0].json() != sessions[1].json()
