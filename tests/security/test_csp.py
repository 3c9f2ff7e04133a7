"""Content Security Policy: strict on every reader page (cached or not), relaxed only under /admin/ for CKEditor.

An injected ``<script>``, event handler, ``javascript:`` URL, plugin, ``<base>``
or frame from an unknown host does nothing in the reader's browser even if it
got past the sanitizer; the print issue's page alone may embed its PDF.
"""

import datetime
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from articles.content.video import embed_url
from articles.desk.forms import VIDEO_HOSTS
from articles.models import Article
from tests.articles.test_print_pages import make_issue
from tests.e2e import conftest as e2e

SELF, NONE = "'self'", "'none'"
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://www.facebook.com"]
READER_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "media-src": [SELF],
    "connect-src": [SELF],
    "frame-src": VIDEO_PLAYERS,
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
PROJECT = Path(__file__).resolve().parents[2]
# The browser journeys' live server fixture (tests/e2e/conftest.py), for the browser check below.
live_site = e2e.site
ADMIN_TEMPLATES = {"editor_photo_browser.html"}  # served under /admin/editor/, with the admin's policy
READER_TEMPLATES = [
    path
    for folder in ("articles/templates/articles", "comments/templates/comments", "newsroom/templates")
    for path in sorted((PROJECT / folder).glob("*.html"))
    if path.name not in ADMIN_TEMPLATES
]


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}, sources sorted."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sorted(sources) for name, *sources in directives}


def expected(**changes) -> dict[str, list[str]]:
    return {name: sorted(sources) for name, sources in {**READER_POLICY, **changes}.items()}


# The PDF in an <object>, shown by the browser's PDF viewer in a nested frame: both from this site only.
PRINT_ISSUE_POLICY = expected(**{"object-src": [SELF], "frame-src": [*VIDEO_PLAYERS, SELF]})


@pytest.fixture
def reader_pages(make_published, make_comment, section):
    """The URL of each kind of reader page, with content on it."""
    from comments.models import Comment

    article = make_published(section=section)
    make_comment(article, status=Comment.Status.APPROVED)
    issue = make_issue(1234, datetime.date(2026, 3, 5))
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": f"/{section.slug}/",
        "search": "/tim-kiem/?q=cong+an",
        "multimedia": "/multimedia/",
        "print index": "/bao-in/",
        "comments page": f"/y-kien/{article.pk}/",
        "comment form": f"/y-kien/gui/{article.pk}/",
        "not found": "/khong-co-trang-nay/",
        "print issue": f"/bao-in/{issue.pk}/",
    }


def test_every_reader_page_gets_the_strict_policy(client, reader_pages):
    for name, url in reader_pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        wanted = PRINT_ISSUE_POLICY if name == "print issue" else expected()
        assert policy(response) == wanted, name
        assert "unsafe" not in response.headers["Content-Security-Policy"], name


def test_only_the_print_issue_page_may_embed_its_pdf_and_only_from_this_site(client, reader_pages):
    policies = {name: policy(client.get(url)) for name, url in reader_pages.items()}

    print_issue = policies.pop("print issue")
    assert print_issue["object-src"] == [SELF]
    assert SELF in print_issue["frame-src"]
    assert {tuple(other["object-src"]) for other in policies.values()} == {(NONE,)}
    assert not any(SELF in other["frame-src"] for other in policies.values())


def test_the_print_issue_shows_its_pdf_in_an_object_from_the_media_url(client, reader_pages):
    page = client.get(reader_pages["print issue"]).content.decode()

    assert re.search(r'<object class="print-pdf" data="/media/print/[^"]+\.pdf" type="application/pdf"', page)


def test_a_page_served_from_the_cache_carries_the_same_policy(client, reader_pages):
    for name in ("home", "article", "print issue"):
        first = client.get(reader_pages[name])
        again = client.get(reader_pages[name])

        assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit"), name
        assert policy(again) == policy(first), name
        assert policy(again)["script-src"] == [SELF], name


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/admin/", "/admin/articles/article/add/", "/admin/editor/photos/?CKEditorFuncNum=1"],
)
def test_the_admin_gets_the_relaxed_policy_ckeditor_needs(client, editor, url):
    if url != "/admin/login/":
        client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 200
    admin = policy(response)
    assert admin["script-src"] == sorted([SELF, "'unsafe-inline'", "'unsafe-eval'"])
    assert admin["style-src"] == sorted([SELF, "'unsafe-inline'"])
    # Relaxed for the editor's scripts and styles only: still no plugins, no framing, no foreign forms.
    assert admin["object-src"] == [NONE]
    assert admin["frame-ancestors"] == [NONE]
    assert admin["base-uri"] == [NONE]
    assert admin["form-action"] == [SELF]
    assert admin["default-src"] == [SELF]


def test_paths_that_only_look_like_the_admin_get_the_reader_policy(client, db):
    for url in ("/administrator/", "/tim-kiem/?q=/admin/", "/admin"):
        response = client.get(url)
        assert "unsafe" not in response.headers["Content-Security-Policy"], url


def test_uploaded_files_run_nothing_and_only_this_site_may_embed_them(client, settings, media_root, db):
    settings.ROOT_URLCONF = "tests.e2e.urls"  # serves media as the production web server would
    (media_root / "print").mkdir(parents=True)
    (media_root / "print" / "so-1.pdf").write_bytes(b"%PDF-1.4\n")

    response = client.get("/media/print/so-1.pdf")

    assert response.status_code == 200
    assert policy(response) == {
        "default-src": [NONE],
        "base-uri": [NONE],
        "form-action": [NONE],
        "frame-ancestors": [SELF],
    }


@pytest.mark.parametrize(
    "link",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://www.facebook.com/watch/?v=10153231379946729",
    ],
)
def test_frames_allow_exactly_the_players_the_site_embeds(link):
    player = embed_url(link)
    origin = "/".join(player.split("/")[:3])

    assert origin in READER_POLICY["frame-src"]
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] == VIDEO_PLAYERS


def test_every_video_host_an_editor_may_link_has_its_player_allowed():
    # Each allowlisted host embeds through one of the three players (or is only linked, never framed).
    samples = {
        "youtube.com": "https://youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com": "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "youtu.be": "https://youtu.be/dQw4w9WgXcQ",
        "vimeo.com": "https://vimeo.com/76979871",
        "player.vimeo.com": "https://player.vimeo.com/video/76979871",
        "www.facebook.com": "https://www.facebook.com/watch/?v=1",
    }
    assert set(samples) == set(VIDEO_HOSTS)
    origins = {"/".join(embed_url(link).split("/")[:3]) for link in samples.values()}
    assert origins == set(VIDEO_PLAYERS)


def test_a_video_article_frames_its_player_which_the_policy_allows(client, make_published):
    article = make_published(kind=Article.Kind.VIDEO, video_url="https://youtu.be/dQw4w9WgXcQ")

    response = client.get(article.get_absolute_url())

    frames = re.findall(r'<iframe src="(https://[^/"]+)/', response.content.decode())
    assert frames == ["https://www.youtube-nocookie.com"]
    assert frames[0] in policy(response)["frame-src"]


# What the strict policy depends on: reader templates never put code or styles inline.

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


@pytest.mark.parametrize("template", READER_TEMPLATES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_reader_templates_have_no_inline_script_handler_or_style(template):
    text = template.read_text()

    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
    assert not INLINE_STYLE.search(text)
    assert "javascript:" not in text


def test_the_template_scan_would_catch_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/ld+json">{}</script>')
    assert EVENT_HANDLER.search('<img src="x" onerror="alert(1)">')
    assert INLINE_STYLE.search('<p style="color:red">')


# In a real browser: the pages work under their policy, and the policy is enforced.

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} ${event.blockedURI} at ${event.documentURI}`);
});
"""


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_pages_and_the_editor_run_in_chromium_without_a_policy_violation(
    live_site, editor, make_published, section
):
    article = make_published(section=section)
    issue = make_issue(1234, datetime.date(2026, 3, 5))

    # The journeys' browser (tests/e2e) keeps this thread's event loop: this one runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(browse, live_site, article.get_absolute_url(), f"/bao-in/{issue.pk}/", editor.username)
        seen = seen.result(timeout=120)

    assert seen["json-ld blocks"] == 1
    assert seen["comment token filled by comments.js"]
    assert seen["pdf frame"]
    assert "soạn thảo" in seen["ckeditor data"]
    assert seen["violations while browsing"] == []
    assert seen["injected script ran"] is None
    assert any(text.startswith("script-src-elem inline") for text in seen["violations after injecting"])


def browse(site, article_url, issue_url, username) -> dict:
    """Open the article, the print issue and CKEditor in Chromium; report what ran and what the policy blocked."""
    from playwright.sync_api import sync_playwright

    seen, violations = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(e2e.CHROMIUM), headless=True, args=e2e.BROWSER_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        context.expose_binding("reportViolation", lambda source, text: violations.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on(
            "console", lambda message: "Content Security Policy" in message.text and violations.append(message.text)
        )

        # The article: its JSON-LD data block, views.js's beacon, comments.js fetching the form's tokens.
        page.goto(f"{site}{article_url}")
        seen["json-ld blocks"] = page.locator('script[type="application/ld+json"]').count()
        page.wait_for_function("document.querySelector('form[data-comment-form] input[name=token]').value !== ''")
        seen["comment token filled by comments.js"] = True
        # The print issue: its PDF in the <object>, from /media/.
        page.goto(f"{site}{issue_url}", wait_until="load")
        seen["pdf frame"] = any(frame.url.endswith(".pdf") for frame in page.frames)
        # The admin's article form, CKEditor 4 running.
        e2e.log_in(page, site, username, "mat-khau-an-toan-2026")
        page.goto(f"{site}/admin/articles/article/add/")
        page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
        page.keyboard.type("Nội dung gõ trong trình soạn thảo.")
        seen["ckeditor data"] = page.evaluate("CKEDITOR.instances.id_body.getData()")
        seen["violations while browsing"] = list(violations)

        # Code slipped into a reader page would not run.
        page.goto(f"{site}{article_url}")
        page.evaluate("""() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }""")
        page.wait_for_timeout(200)
        seen["injected script ran"] = page.evaluate("window.injected")
        seen["violations after injecting"] = list(violations)
        browser.close()
    return seen
