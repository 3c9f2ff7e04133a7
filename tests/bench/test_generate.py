"""The benchmark's data generator, run at its tiny scale on the test database.

Most tests read one dataset, generated once for the module inside a
transaction that is rolled back when the module ends (each test runs in a
savepoint of it, as usual). Tests that generate their own use ``--reset``,
which works whether the shared dataset is there or not.
"""

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import override_settings
from django.urls import reverse

from articles.content.body import link_body_photos, sanitize_body
from articles.content.text import fold, slugify_vi
from articles.models import Article, Author, HomepageSlot, Photo, Section, Tag
from articles.models.search_document import search_document
from bench.dataset import DatasetExists, generate, reset_content
from bench.prose import general_chain, topic_chains
from bench.scales import SCALES
from bench.stories import hidden_counts
from comments.abuse import fingerprint
from comments.models import Comment
from comments.moderation import recount_comments

TINY = SCALES["tiny"]
NOW = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
Status = Article.Status


def quiet(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def shared_dataset(django_db_setup, django_db_blocker, tmp_path_factory):
    """The tiny dataset as of now, its photos in a folder of their own; rolled back after the module."""
    media_root = tmp_path_factory.mktemp("bench-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {**generate(TINY, log=quiet), "media_root": media_root}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def dataset(shared_dataset, db):
    return shared_dataset


@pytest.fixture
def make_dataset(db, settings):
    """Generate the tiny dataset as of ``NOW``, replacing whatever content is there."""
    settings.PASSWORD_HASHERS = FAST_HASHER

    def make(**options):
        return generate(TINY, now=NOW, reset=True, log=quiet, **options)

    return make


def generated_at(dataset) -> datetime:
    return datetime.fromisoformat(dataset["generated_at"])


def found(response) -> set[int]:
    """Ids of the articles a search page lists."""
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'class="search-result-title"><a href="[^"]*-(\d+)\.html"', response.text)}


# The text ------------------------------------------------------------------------------------------------------


def test_every_generated_text_has_its_exact_folded_twin():
    rand = random.Random(1).random  # noqa: S311 a seeded walk, not a secret
    pieces = [general_chain().sentence(rand) for _ in range(50)]
    for chain in topic_chains().values():
        pieces += [chain.headline(rand, 12), chain.passage(rand, 40), chain.passage(rand, 150)]

    assert all(fold(piece.text) == piece.folded for piece in pieces)
    assert all(piece.text != piece.folded for piece in pieces)  # Vietnamese: every text has diacritics


def test_the_same_seed_writes_the_same_archive(make_dataset):
    def texts():
        # Photo files get new names on every run: compare the words, not the figures.
        rows = Article.objects.order_by("pk").values_list("headline", "lead", "body", "published_at")
        return [(*row[:2], re.sub(r"<figure.*?</figure>", "", row[2]), row[3]) for row in rows]

    make_dataset()
    first = texts()

    make_dataset()

    assert texts() == first


# What the dataset holds ----------------------------------------------------------------------------------------


def test_tiny_scale_holds_the_promised_rows(dataset):
    assert Article.objects.count() == TINY.articles == dataset["counts"]["articles"]
    assert Comment.objects.count() == TINY.comments == dataset["counts"]["comments"]
    assert Tag.objects.count() == TINY.tags
    assert Author.objects.count() == TINY.authors
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == TINY.pending


def test_photos_are_real_files_with_renditions_caption_credit_and_alt_text(dataset, settings):
    settings.MEDIA_ROOT = dataset["media_root"]
    photos = list(Photo.objects.all())

    assert len(photos) == TINY.photos
    for photo in photos:
        assert photo.is_publishable
        assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
        assert all(default_storage.exists(name) for name in [photo.image.name, *photo.renditions.values()])


def test_most_articles_are_published_and_every_state_readers_cannot_see_is_there(dataset):
    hidden = hidden_counts(TINY.articles)
    live = Article.objects.published()

    assert live.count() == TINY.articles - sum(hidden.values()) == dataset["counts"]["published articles"]
    assert Article.objects.filter(status=Status.DRAFT, deleted_at__isnull=True).count() >= 1
    assert Article.objects.filter(status=Status.REVIEW).count() == hidden["review"]
    assert Article.objects.filter(status=Status.UNPUBLISHED).count() == hidden["unpublished"]
    assert Article.objects.trashed().count() == hidden["trashed"]
    now = generated_at(dataset)
    assert Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now).count() == hidden["scheduled"]
    oldest, newest = live.order_by("published_at")[0].published_at, live.order_by("-published_at")[0].published_at
    assert oldest < now - timedelta(days=365)
    assert newest > now - timedelta(hours=48)


def test_articles_are_stored_as_saving_them_would_store_them(dataset):
    for article in Article.objects.prefetch_related("body_photos").order_by("pk"):
        assert article.body == sanitize_body(article.body)
        linked_body, linked_ids = link_body_photos(article.body)
        assert linked_body == article.body
        assert sorted(linked_ids) == sorted(photo.pk for photo in article.body_photos.all())
        assert article.slug == slugify_vi(article.headline)
        assert 8 <= len(article.headline.split()) <= 16
        paragraphs = article.body.count("<p>")
        assert 5 <= paragraphs <= 12


def test_search_vector_equals_what_article_save_computes(dataset):
    articles = Article.objects.order_by("pk").only("headline", "lead", "body")
    for article in articles:
        stored, expected = (
            Article.objects.filter(pk=article.pk)
            .annotate(expected=search_document(article.headline, article.lead, article.body))
            .values_list("search_vector", "expected")
            .get()
        )
        assert stored == expected


def test_multimedia_and_bylines_are_there(dataset):
    video = Article.objects.filter(kind=Article.Kind.VIDEO).first()
    photo_story = Article.objects.filter(kind=Article.Kind.PHOTO_STORY).first()

    assert video.video_url.startswith("https://www.youtube.com/watch?v=")
    assert photo_story.story_photos.count() >= 1
    signed = Article.objects.annotate(signatures=Count("bylines"))
    assert not signed.filter(signatures=0).exists()
    assert not signed.filter(signatures__gt=3).exists()


# Comments ------------------------------------------------------------------------------------------------------


def test_the_busy_article_has_exactly_its_approved_comments_some_of_them_replies(dataset):
    busy = Article.objects.get(pk=dataset["targets"]["commented_article_id"])
    comments = Comment.objects.filter(article=busy)

    assert comments.count() == comments.approved().count() == TINY.busy_comments == busy.comment_count
    replies = comments.filter(parent__isnull=False)
    assert replies.exists()
    assert not replies.exclude(parent__status=Comment.Status.APPROVED, parent__parent__isnull=True).exists()
    assert not replies.filter(parent__created_at__gt=F("created_at")).exists()


def test_comment_count_is_the_number_of_comments_readers_see(dataset):
    before = dict(Article.objects.values_list("pk", "comment_count"))

    for pk in before:
        recount_comments(pk)

    assert dict(Article.objects.values_list("pk", "comment_count")) == before
    assert sum(before.values()) > TINY.busy_comments


def test_comments_carry_the_fingerprint_the_comment_form_computes(dataset):
    for comment in Comment.objects.order_by("pk")[:100]:
        assert comment.fingerprint == fingerprint(comment.article_id, comment.body)


def test_comments_are_only_on_articles_readers_see_and_after_their_publication(dataset):
    assert not Comment.objects.exclude(article__in=Article.objects.published()).exists()
    assert not Comment.objects.filter(created_at__lt=F("article__published_at")).exists()
    assert not Comment.objects.filter(created_at__gt=generated_at(dataset)).exists()
    decided = Comment.objects.exclude(status=Comment.Status.PENDING)
    assert not decided.filter(Q(decided_at__isnull=True) | Q(decided_by__isnull=True)).exists()
    assert Comment.objects.values("email").distinct().count() > 20
    assert Comment.objects.values("ip_address").distinct().count() > 20


# The pages the runner measures ---------------------------------------------------------------------------------


def test_the_runner_targets_answer(client, dataset):
    targets = dataset["targets"]
    section = reverse("articles:section", args=[targets["section_slug"]])

    assert client.get(targets["article_url"]).status_code == 200
    assert client.get(targets["commented_article_url"]).status_code == 200
    assert client.get(section).status_code == 200
    assert client.get(section, {"truoc": targets["section_deep_cursor"]}).status_code == 200
    assert client.get(reverse("articles:tag", args=[targets["tag_slug"]])).status_code == 200
    assert client.get(reverse("articles:author", args=[targets["author_slug"]])).status_code == 200
    assert targets["rare_word_matches"] >= 1
    assert targets["common_word_matches"] > targets["rare_word_matches"]
    assert targets["accentless_phrase_matches"] >= 1


def test_an_accentless_search_on_the_real_search_page_finds_a_generated_article(client, dataset):
    article = Article.objects.published().filter(kind=Article.Kind.STANDARD).order_by("-published_at")[3]
    words = fold(" ".join(article.headline.split()[:5]))
    assert words != " ".join(article.headline.split()[:5])

    response = client.get(reverse("articles:search"), {"q": words})

    assert article.pk in found(response)


def test_the_rare_word_finds_only_its_few_articles(client, dataset):
    response = client.get(reverse("articles:search"), {"q": dataset["targets"]["rare_word"]})

    ids = found(response)
    assert len(ids) == dataset["targets"]["rare_word_matches"]
    assert all(dataset["targets"]["rare_word"] in Article.objects.get(pk=pk).headline for pk in ids)


def test_most_read_is_filled_and_homepage_slots_are_left_to_auto_fill(client, dataset):
    from articles.site.homepage import MOST_READ_SIZE, build_homepage

    assert len(build_homepage().most_read) == MOST_READ_SIZE
    assert not HomepageSlot.objects.filter(article__isnull=False).exists()
    assert client.get(reverse("articles:home")).status_code == 200


def test_bench_staff_can_log_in_with_their_desk_role(client, dataset):
    users = dataset["users"]

    assert client.login(username=users["editor"], password=users["password"])
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    client.logout()
    assert client.login(username=users["moderator"], password=users["password"])
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403


# Running it again ----------------------------------------------------------------------------------------------


def test_a_second_run_without_reset_is_refused_and_changes_nothing(dataset, settings):
    settings.PASSWORD_HASHERS = FAST_HASHER

    with pytest.raises(DatasetExists, match="--reset"):
        generate(TINY, log=quiet)

    assert Article.objects.count() == TINY.articles
    assert Comment.objects.count() == TINY.comments


def test_content_from_elsewhere_is_refused_too(db, make_published):
    with connection.cursor() as cursor:
        reset_content(cursor, quiet)  # whatever the module generated is gone
    make_published(headline="Bài của tòa soạn")

    with pytest.raises(DatasetExists):
        generate(TINY, log=quiet)

    assert list(Article.objects.values_list("headline", flat=True)) == ["Bài của tòa soạn"]


def test_reset_replaces_the_content_and_keeps_sections_slots_and_users(make_dataset, make_published, editor):
    make_published(headline="Bài cũ của tòa soạn")
    sections, slots = Section.objects.count(), HomepageSlot.objects.count()
    HomepageSlot.objects.filter(position=1).update(article=Article.objects.get(headline="Bài cũ của tòa soạn"))

    make_dataset()

    assert not Article.objects.filter(headline="Bài cũ của tòa soạn").exists()
    assert Article.objects.count() == TINY.articles
    assert Section.objects.count() == sections
    assert HomepageSlot.objects.count() == slots
    assert not HomepageSlot.objects.filter(article__isnull=False).exists()
    assert get_user_model().objects.filter(pk=editor.pk).exists()
