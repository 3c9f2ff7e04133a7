"""Article bodies are sanitized on save, whoever sends them and however."""

import pytest

from articles.desk.editing import save_article

ATTACKS = [
    ('<p>ok</p><script>alert("x")</script>', "alert"),
    ('<img src="/media/a.jpg" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">bấm</a>', "javascript:"),
    ('<a href="&#106;&#97;vascript:alert(1)">bấm</a>', "avascript"),
    ('<a href="JaVaScRiPt:alert(1)">bấm</a>', "alert"),
    ("<svg><foreignObject><p onclick=alert(1)>x</p></foreignObject></svg>", "onclick"),
    ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ('<style>body{display:none}</style><p style="position:fixed">x</p>', "style"),
    ('<base href="https://evil.example/">', "base"),
    ('<form action="https://evil.example/"><input name="p"></form>', "form"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
]


@pytest.mark.parametrize(("payload", "marker"), ATTACKS)
def test_active_content_is_removed_from_the_body_on_save(make_article, editor, payload, marker):
    article = make_article()
    article.body = f"<p>Trước</p>{payload}<p>Sau</p>"
    save_article(article=article, user=editor, expected_version=article.version)
    article.refresh_from_db()
    assert marker.lower() not in article.body.lower()
    assert "<p>Trước</p>" in article.body
    assert "<p>Sau</p>" in article.body


def test_ordinary_formatting_survives_sanitizing(make_article, editor):
    article = make_article()
    article.body = (
        '<h2>Tiêu đề</h2><p><strong>Đậm</strong> <em>nghiêng</em> <a href="https://baodaklak.vn/">liên kết</a></p>'
        "<ul><li>Một</li></ul><blockquote>Trích</blockquote>"
    )
    save_article(article=article, user=editor, expected_version=article.version)
    article.refresh_from_db()
    assert "<h2>Tiêu đề</h2>" in article.body
    assert "<strong>Đậm</strong>" in article.body
    assert 'href="https://baodaklak.vn/"' in article.body
    assert "<blockquote>Trích</blockquote>" in article.body


def test_body_posted_straight_to_the_admin_form_is_sanitized(client, editor, make_article, article_form_data):
    article = make_article()
    client.force_login(editor)
    data = article_form_data(article, body='<p>Nội dung</p><img src=x onerror="alert(1)"><script>steal()</script>')
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert "onerror" not in article.body
    assert "steal" not in article.body
    assert "<p>Nội dung</p>" in article.body
