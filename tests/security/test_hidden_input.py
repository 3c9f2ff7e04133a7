"""Input built to hide from the checks, and code paths the checks did not cover.

- Zero-width and other format characters inside a banned phrase ("Lừa\\u200b Đ\\u200bảo") sent the comment to
  the queue instead of spam: folding now removes format characters (Unicode category Cf) and applies NFKC
  before matching, everywhere text is folded (word rules, duplicates, slugs, search).
- A name of only invisible characters was accepted and would show as a blank author.
- The revision view printed a stored body with ``|safe`` under the admin's relaxed CSP.
- ``ArticleAdmin`` kept the requested publication time on itself, shared by every request and thread.
- The demo accounts' commands ran in production.
"""

import json
import os

import pytest
import reversion
from django.contrib import admin

from articles.content.text import fold, slugify_vi
from articles.models import Article
from comments.models import Comment, WordRule
from tests.comments import send
from tests.security.test_production_settings import PRODUCTION

INVISIBLE_NAME = "\u200b\u200c\u200d\u2060\ufeff\u3164\u2800\u00ad"


@pytest.fixture
def article(commented_article):
    return commented_article


# Folding --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Lừa\u200b Đ\u200bảo",  # zero-width space
        "Lừa\u2060 Đảo\ufeff",  # word joiner, byte order mark
        "L\u00adừa Đ\u200dảo",  # soft hyphen, zero-width joiner
        "Ｌừａ Ｄảｏ",  # full-width letters (NFKC)
        "Lừa\u00a0Đảo",  # no-break space
    ],
)
def test_a_banned_phrase_hidden_with_invisible_or_look_alike_characters_still_goes_to_spam(text, article, client):
    WordRule.objects.create(phrase="lừa đảo", kind=WordRule.Kind.BANNED)
    assert send(client, article, body=f"Đây là trò {text} đấy.").status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.reason == Comment.Reason.BANNED_WORD


def test_every_folded_text_ignores_format_characters():
    assert fold("Đắk\u200b Lắk") == fold("Đắk Lắk") == "dak lak"
    assert slugify_vi("Đắk\u200bLắk\u00ad hôm nay") == "daklak-hom-nay"


def test_search_finds_a_headline_whatever_invisible_characters_the_query_carries(make_published, client):
    make_published(headline="Cải cách hành chính ở Đắk Lắk", slug="cai-cach")
    page = client.get("/tim-kiem/", {"q": "cải\u200b cách hành\u2060 chính"})
    assert page.status_code == 200
    assert "Cải cách hành chính ở Đắk Lắk" in page.content.decode().replace("<mark>", "").replace("</mark>", "")


# Invisible names and texts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", INVISIBLE_NAME, "Họ tên phải có chữ cái hoặc chữ số."),
        ("name", "\u3164 \u3164", "Họ tên phải có chữ cái hoặc chữ số."),
        ("body", INVISIBLE_NAME * 3, "Ý kiến phải có chữ cái hoặc chữ số."),
        ("body", "\u2800\u2800 . . ! ?", "Ý kiến phải có chữ cái hoặc chữ số."),
    ],
)
def test_a_name_or_comment_with_no_visible_letter_or_digit_is_refused(field, value, message, article, client):
    response = send(client, article, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_invisible_characters_are_taken_out_of_a_name_that_has_letters(article, client):
    assert send(client, article, name="Ban\u200b biên\u2060 tập\u3164").status_code == 303
    assert Comment.objects.get().name == "Ban biên tập"


# The revision view ----------------------------------------------------------------------------------------------


def test_a_revision_holding_a_body_that_bypassed_the_sanitizer_is_shown_sanitized(editor, make_article, client):
    article = make_article(created_by=editor)
    hostile = (
        '<p>Tin.</p><script>alert("x")</script><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">a</a>'
    )
    Article.objects.filter(pk=article.pk).update(body=hostile)  # a bulk load or restore: save_article never ran
    article.refresh_from_db()
    with reversion.create_revision():
        reversion.add_to_revision(article)
    version = reversion.models.Version.objects.get_for_object(article).first()
    assert "<script>" in json.loads(version.serialized_data)[0]["fields"]["body"]

    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/revisions/{version.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "<p>Tin.</p>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:alert" not in html


# No per-request state on the shared admin object ----------------------------------------------------------------


def test_publishing_through_the_admin_leaves_no_request_state_on_the_shared_admin_object(
    editor, make_article, client, article_form_data
):
    article = make_article(created_by=editor, credit_line="PV", lead="Sapo.")
    article_admin = admin.site._registry[Article]
    before = dict(vars(article_admin))
    client.force_login(editor)

    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, _publish="1", publish_at_0="10/12/2031", publish_at_1="16:41"),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_scheduled
    assert vars(article_admin).keys() == before.keys()


# Demo accounts in production ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["ensure_demo_superuser", "load_demo"])
def test_the_demo_accounts_commands_refuse_to_run_in_production(command, run_manage):
    result = run_manage(command, env={**PRODUCTION, "PATH": os.environ["PATH"]})
    assert result.returncode != 0
    assert "refuses to run with DJANGO_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr
