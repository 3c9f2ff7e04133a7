"""Every admin page a desk role can open speaks Vietnamese: no English outside the content.

The pages are found from the admin registry (``admin.site._registry`` and each
ModelAdmin's ``get_urls()``), so a new admin page is covered without touching
this file. Each page is read as a browser shows it and as a screen reader
reads it (text, ``title``, ``aria-label``, ``alt``, ``placeholder``, button
labels) and fails on English: a word of Django's, django-axes' or
django-reversion's own English messages. The content the fixtures make is
Vietnamese, so any English is the interface's. The catalogues are checked too:
every message those apps can show has Vietnamese.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import axes
import django
import pytest
import reversion
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

DJANGO = Path(django.__file__).parent
# (English catalogue, domain) of Django and every installed app with a translatable interface. Apps that ship
# no English catalogue (django-axes, django-reversion) give their msgids through a translation's.
CATALOGUES = [
    (DJANGO / "conf/locale/en/LC_MESSAGES/django.po", "django"),
    *(
        (DJANGO / f"contrib/{app}/locale/en/LC_MESSAGES/django.po", "django")
        for app in ("admin", "auth", "contenttypes", "sessions", "postgres")
    ),
    (DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po", "djangojs"),
    (Path(axes.__file__).parent / "locale/de/LC_MESSAGES/django.po", "django"),
    (Path(reversion.__file__).parent / "locale/de/LC_MESSAGES/django.po", "django"),
]
PROJECT_CATALOGUES = sorted((Path(__file__).resolve().parents[1] / "locale").glob("*/LC_MESSAGES/*.po"))
# Messages whose Vietnamese is written as the English is.
SAME_IN_VIETNAMESE = {
    *("IPv4", "IPv6", "Email", "…", ":?.!", ":", ", ", "%(truncated_text)s…", "%(class_name)s %(instance)s"),
    *("%(size)d byte", "%s KB", "%s MB", "%s GB", "%s TB", "%s PB"),
}
# ASCII words that are Vietnamese (syllables written without marks) or terms the newsroom uses as they are.
NOT_ENGLISH = {
    "an",  # an ninh
    "in",  # báo in
    "do",  # lý do
    "to",  # to lớn
    "tin",  # tin tức
    "thu",  # thu hoạch
    "email",
    "ip",
    "id",
    "url",
    "seo",
    "pdf",
    "video",
    "web",  # trang web
    "newsroom",  # the site's name
}
EXTRA_ENGLISH = {"forbidden", "toggle", "theme", "skip", "counts", "sidebar", "navigation"}


def _msgids(path):
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r'^msgid(?:_plural)? ((?:".*"\n)+)', text, re.MULTILINE):
        yield "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"').replace("\\n", "\n")


@cache
def english_words():
    """Every word of the English interface text of Django and the third-party apps."""
    words = set(EXTRA_ENGLISH)
    for path, _ in CATALOGUES:
        for msgid in _msgids(path):
            plain = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>", " ", msgid)
            words.update(word.lower() for word in re.findall(r"[A-Za-z]{2,}", plain))
    return words - NOT_ENGLISH


class VisibleText(HTMLParser):
    """What a reader sees and a screen reader says: text, labels and button captions; no script or content."""

    SKIPPED = {"script", "style", "textarea", "template"}
    LABELS = ("title", "aria-label", "alt", "placeholder", "aria-description")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self._skipping = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIPPED:
            self._skipping.append(tag)
        self.pieces.extend(attrs[name] for name in self.LABELS if attrs.get(name))
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.pieces.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return [" ".join(piece.split()) for piece in parser.pieces if piece.strip()]


# Addresses, file names and slugs (chuyen-doi-so) are content, whatever their letters.
URLISH = re.compile(
    r"\S*[/@]\S*|\S+\.(?:jpg|jpeg|png|webp|pdf|mp4)\b|(?-i:\b[a-z0-9]+(?:-[a-z0-9]+)+\b)", re.IGNORECASE
)


def english_in(html):
    """The pieces of the page's visible text that read as English, each with its English words."""
    vocabulary = english_words()
    found = []
    for piece in visible_text(html):
        words = re.findall(r"[^\W\d_]+", URLISH.sub(" ", piece))
        english = [word for word in words if word.isascii() and word.lower() in vocabulary]
        if english:
            found.append(f"{piece!r} ({', '.join(english)})")
    return found


# The desk: one object of every model the admin shows, in Vietnamese.


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "tongbientap", "tongbientap@baodaklak.vn", "mat-khau-an-toan-2026"
    )


@pytest.fixture
def desk(reporter, editor, moderator, make_article, make_photo, make_comment):
    """{model: an object of it} for every registered model, each made as the newsroom would make it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from articles.desk.editing import save_article
    from articles.models import (
        Article,
        Author,
        Byline,
        HomepageSlot,
        PrintIssue,
        Section,
        Tag,
        TrashedArticle,
        WorkflowEvent,
    )
    from comments.models import Ban, Comment, ModerationEvent, WordRule

    photo = make_photo(uploaded_by=reporter)
    author = Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen", user=reporter)
    tag = Tag.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    article = make_article(created_by=reporter, cover_photo=photo, kicker="Công an tỉnh")
    article.tags.add(tag)
    Byline.objects.create(article=article, author=author)
    save_article(article=article, user=reporter)
    save_article(article=article, user=reporter, comment="Sửa sa pô")
    trashed = make_article(headline="Bài đã xóa", slug="bai-da-xoa", deleted_at=timezone.now(), deleted_by=editor)
    comment = make_comment(article, user_agent="Trình duyệt của bạn đọc")
    slot = HomepageSlot.objects.order_by("position").first()
    slot.article = article
    slot.save()
    return {
        Section: Section.objects.first(),
        Tag: tag,
        Author: author,
        Article: article,
        TrashedArticle: TrashedArticle.objects.get(pk=trashed.pk),
        PrintIssue: PrintIssue.objects.create(number=12, date=timezone.localdate(), pdf="print/2026/so-12.pdf"),
        WorkflowEvent: WorkflowEvent.objects.create(article=article, action="submit", actor=reporter, note="Gửi duyệt"),
        HomepageSlot: slot,
        type(photo): photo,
        Comment: comment,
        ModerationEvent: ModerationEvent.objects.create(comment=comment, action="approve", actor=moderator),
        WordRule: WordRule.objects.create(phrase="lừa đảo", kind=WordRule.Kind.choices[0][0], created_by=moderator),
        Ban: Ban.objects.create(
            kind=Ban.Kind.EMAIL, value="spam@example.com", reason="Quảng cáo", created_by=moderator
        ),
        User: reporter,
        Group: Group.objects.get(name="Phóng viên"),
        AccessAttempt: AccessAttempt.objects.create(
            username="phongvien", ip_address="192.0.2.9", user_agent="Trình duyệt", failures_since_start=2
        ),
        AccessLog: AccessLog.objects.create(username="phongvien", ip_address="192.0.2.9", user_agent="Trình duyệt"),
        AccessFailureLog: AccessFailureLog.objects.create(
            username="phongvien", ip_address="192.0.2.9", user_agent="Trình duyệt"
        ),
    }


def admin_urls(desk):
    """Every GET-able admin URL for the desk's objects: the site's own pages and each ModelAdmin's."""
    from articles.desk.revisions import versions_of

    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done")]
    urls += sorted({reverse("admin:app_list", args=[model._meta.app_label]) for model in admin.site._registry})
    for model, model_admin in admin.site._registry.items():
        obj = desk[model]
        values = {"object_id": obj.pk, "pk": obj.pk, "id": obj.pk}
        if model._meta.label == "articles.Article":
            values["version_id"] = versions_of(obj).first().pk
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue
            names = pattern.pattern.regex.groupindex
            try:
                urls.append(reverse(f"admin:{pattern.name}", kwargs={name: values[name] for name in names}))
            except (KeyError, NoReverseMatch):
                pytest.fail(f"no object to fill {pattern.pattern} of {model_admin}: add it to `desk`")
    return urls


def english_report(problems):
    """Each English piece once, with the first page that shows it."""
    first_seen = {}
    for url, pieces in problems.items():
        for piece in pieces:
            first_seen.setdefault(piece, url)
    return "English on the desk:\n" + "\n".join(f"  {piece}  — {url}" for piece, url in first_seen.items())


ROLES = ["reporter", "editor", "moderator", "superuser"]


class FormFields(HTMLParser):
    """The fields a browser would send back from the page's main form, as they are (empty ones empty)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "image", "file", "reset"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def open_as(client, user):
    """Log ``user`` in; django-axes' row for a login without a browser ("<unknown>") is not the desk's."""
    from axes.models import AccessLog

    client.force_login(user)
    AccessLog.objects.filter(user_agent="<unknown>").delete()


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_the_role_can_open_is_in_vietnamese(role, request, desk, client):
    """Every page, a list also filtered, searched and with counts shown, a form also sent back empty (its errors)."""
    open_as(client, request.getfixturevalue(role))
    problems, opened, sent_back, banners = {}, [], [], 0
    for url in admin_urls(desk):
        response = client.get(url)
        if response.status_code in (302, 403, 404, 405):
            continue  # not a page this role can open (or a POST-only action)
        assert response.status_code == 200, url
        opened.append(url)
        pages = {url: response}
        if url.endswith("/add/") or url.endswith("/password/") or url == reverse("admin:password_change"):
            sent_back.append(url)
            pages[f"{url} (sent back empty)"] = client.post(url, form_data(response.content.decode()))
            banners += 'class="errornote"' in pages[f"{url} (sent back empty)"].content.decode()
            pages[f"{url}?_popup=1"] = client.get(url, {"_popup": "1"})
        if response.context and "cl" in response.context:
            pages[f"{url}?_facets&q=…"] = client.get(url, {"_facets": "True", "q": "khong co bai nay"})
        for page, answer in pages.items():
            assert answer.status_code == 200, page
            if english := english_in(answer.content.decode()):
                problems[page] = english
    assert not problems, english_report(problems)
    assert len(opened) > 5
    assert sent_back and banners, "no form came back with errors: the error banners went unchecked"


def test_the_login_and_logged_out_pages_are_in_vietnamese(editor, client):
    login = reverse("admin:login")
    pages = {
        "login": client.get(login),
        "login refused": client.post(login, {"username": "bientap", "password": "sai-mat-khau"}),
    }
    assert "Tên đăng nhập" in pages["login refused"].content.decode()
    open_as(client, editor)
    pages["logged out"] = client.post(reverse("admin:logout"))
    problems = {name: english_in(page.content.decode()) for name, page in pages.items()}
    assert not any(problems.values()), problems


def test_every_field_of_the_desk_has_a_vietnamese_label():
    """A field without a label shows its English name ("Article", "Updated by") as a column or form label."""
    internal = {"id", "version", "search_vector", "fingerprint", "folded"}  # never shown
    unlabelled = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("articles", "comments"):
            continue
        for shown in [model, *(inline.model for inline in model_admin.inlines)]:
            for field in shown._meta.concrete_fields:
                english = field.name.replace("_", " ")
                if field.name not in internal and english != "email" and str(field.verbose_name) == english:
                    unlabelled.append(f"{shown.__name__}.{field.name}")
    assert unlabelled == []


# The catalogues: every message Django and the apps can show has Vietnamese, and it fits its placeholders.


def _entries(path):
    import polib

    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete and entry.msgid]


@pytest.mark.parametrize(
    ("path", "domain"), CATALOGUES, ids=lambda value: value.parents[3].name if isinstance(value, Path) else value
)
def test_every_message_of_django_and_the_apps_has_vietnamese(path, domain):
    from django.utils.translation import override
    from django.utils.translation.trans_real import DjangoTranslation

    with override("vi"):
        vietnamese = DjangoTranslation("vi", domain=domain)
        untranslated = []
        for entry in _entries(path):
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            plural = entry.msgid_plural
            text = vietnamese.ngettext(key, plural, 1) if plural else vietnamese.gettext(key)
            if text in (key, entry.msgid, entry.msgid_plural) and entry.msgid not in SAME_IN_VIETNAMESE:
                untranslated.append(entry.msgid)
    assert not untranslated, "\n".join(untranslated)


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")


@pytest.mark.parametrize("path", PROJECT_CATALOGUES, ids=lambda path: path.name)
def test_the_projects_vietnamese_uses_only_placeholders_its_english_has(path):
    wrong = []
    for entry in _entries(path):
        english = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if not text or not set(PLACEHOLDER.findall(text)) <= english:
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("path", PROJECT_CATALOGUES, ids=lambda path: path.name)
def test_the_compiled_catalogue_is_the_current_one(path):
    """Django reads the .mo beside each .po: `make messages` (run by `make run` and `make test`) builds it."""
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    entries = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in _entries(path)}
    built = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in _entries_mo(compiled)}
    assert built == entries, f"{compiled} is older than {path.name}: run `make messages`"


def _entries_mo(path):
    import polib

    return [entry for entry in polib.mofile(str(path)) if entry.msgid]
