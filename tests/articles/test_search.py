"""Reader search: accent-insensitive, ranked, highlighted, paginated, and never an error page."""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from articles.site.search import ReaderQuery, highlight, snippet

Status = Article.Status
SEARCH_URL = reverse("articles:search")
NOT_FOUND = "Không tìm thấy kết quả"


def search(client, query, **params):
    return client.get(SEARCH_URL, {"q": query, **params})


def found(client, query, **params) -> list[int]:
    """Ids of the articles a search lists, in the order shown."""
    response = search(client, query, **params)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'class="search-result-title"><a href="[^"]*-(\d+)\.html"', response.text)]


def terms(query: str) -> frozenset:
    return ReaderQuery.from_input(query).terms


# Accents folded on both sides


def test_a_query_without_accents_finds_accented_text(client, make_published):
    article = make_published(headline="Đẩy mạnh cải cách hành chính ở cấp xã")

    assert found(client, "cai cach hanh chinh") == [article.pk]


def test_an_accented_query_finds_text_typed_without_accents(client, make_published):
    article = make_published(headline="Mua sau rieng tai dak lak", lead="Gia tang manh.")

    assert found(client, "Đắk Lắk") == [article.pk]


def test_d_with_stroke_matches_plain_d_in_either_case(client, make_published):
    article = make_published(headline="Nâng cấp đường giao thông nông thôn")

    assert found(client, "duong") == [article.pk]
    assert found(client, "ĐƯỜNG") == [article.pk]
    assert found(client, "Đường") == [article.pk]


def test_every_word_of_the_query_must_appear(client, make_published):
    both = make_published(headline="Cải cách hành chính")
    make_published(headline="Cải tạo chợ trung tâm")

    assert found(client, "cải cách") == [both.pk]


def test_text_typed_with_decomposed_accents_is_found_and_highlighted(client, make_published):
    decomposed = "Pa\u0306\u0301c"  # "Pắc" typed as a letter followed by combining marks
    article = make_published(headline=f"Huyện Krông {decomposed}", lead="Vụ mùa bội thu.")

    response = search(client, "Pắc")

    assert article.get_absolute_url() in response.text
    assert f"<mark>{decomposed}</mark>" in response.text
    assert found(client, f"krong {decomposed}") == [article.pk]


# Ranking


def test_a_headline_match_ranks_above_a_lead_match_above_a_body_match(client, make_published):
    now = timezone.now()
    in_headline = make_published(headline="Giá sầu riêng tăng", published_at=now - timedelta(days=3))
    in_lead = make_published(lead="Nông dân thu hoạch sầu riêng.", published_at=now - timedelta(days=2))
    in_body = make_published(body="<p>Vườn sầu riêng bội thu.</p>", published_at=now - timedelta(days=1))

    assert found(client, "sau rieng") == [in_headline.pk, in_lead.pk, in_body.pk]


def test_equally_relevant_articles_are_listed_newest_first(client, make_published):
    now = timezone.now()
    older = make_published(headline="Mưa lớn ở Buôn Ma Thuột", published_at=now - timedelta(days=2))
    newer = make_published(headline="Mưa lớn ở Buôn Ma Thuột", published_at=now - timedelta(hours=2))

    assert found(client, "mua lon") == [newer.pk, older.pk]


# Highlighting


def test_matching_words_are_marked_in_the_headline_and_the_lead(client, make_published):
    make_published(headline="Đắk Lắk đẩy mạnh cải cách", lead="Tỉnh Đắk Lắk triển khai nhiều giải pháp.")

    page = search(client, "dak lak").text

    assert "<mark>Đắk</mark> <mark>Lắk</mark> đẩy mạnh cải cách" in page
    assert "Tỉnh <mark>Đắk</mark> <mark>Lắk</mark> triển khai" in page


def test_a_body_match_shows_the_words_around_it_not_the_lead(client, make_published):
    before = " ".join(f"a{number}" for number in range(200))
    after = " ".join(f"b{number}" for number in range(200))
    make_published(lead="Sapo không liên quan.", body=f"<p>{before} Lũ quét gây thiệt hại ở Krông Bông. {after}</p>")

    page = search(client, "lu quet").text

    assert "Sapo không liên quan" not in page
    assert "… a192 a193 a194 a195 a196 a197 a198 a199 <mark>Lũ</mark> <mark>quét</mark> gây thiệt hại" in page
    assert "ở Krông Bông. b0 b1 " in page and "b23 …" in page and "b24" not in page


def test_markup_from_the_body_and_headline_is_escaped_in_results(client, make_published):
    make_published(
        headline="Cảnh giác <b>mã độc</b>",
        lead="Không khớp.",
        body="<p>Kẻ gian gửi mã độc &lt;script&gt;alert(1)&lt;/script&gt; qua tin nhắn.</p>",
    )

    page = search(client, "ma doc").text

    assert "Cảnh giác &lt;b&gt;<mark>mã</mark> <mark>độc</mark>&lt;/b&gt;" in page
    assert "<mark>mã</mark> <mark>độc</mark> &lt;script&gt;alert(1)&lt;/script&gt; qua tin nhắn." in page
    assert "<script>alert" not in page


def test_highlight_marks_whole_words_by_their_folded_form():
    marked = highlight("Đường đi & đương đầu <i>", terms("duong"))

    assert marked == "<mark>Đường</mark> đi &amp; <mark>đương</mark> đầu &lt;i&gt;"


def test_snippet_prefers_the_lead_when_it_matches():
    assert snippet("Giá cà phê tăng.", "<p>Cà phê Buôn Ma Thuột.</p>", terms("ca phe")) == (
        "Giá <mark>cà</mark> <mark>phê</mark> tăng."
    )


def test_snippet_falls_back_to_the_start_of_the_lead_when_nothing_else_matches():
    lead = " ".join(f"w{number}" for number in range(60))

    shown = snippet(lead, "<p>Không khớp.</p>", terms("dak lak"))

    assert shown.startswith("w0 w1 ") and shown.endswith("w39 …")


def test_snippet_is_about_forty_words_around_the_first_body_match():
    words = [f"w{number}" for number in range(100)]
    words[50] = "Lắk"

    shown = snippet("Sapo.", f"<p>{' '.join(words)}</p>", terms("lak"))

    assert shown == "… " + " ".join(words[42:50]) + " <mark>Lắk</mark> " + " ".join(words[51:82]) + " …"


def test_snippet_reads_across_paragraphs_around_a_match_in_a_later_one():
    paragraphs = [" ".join(f"p{block}w{number}" for number in range(10)) for block in range(12)]
    paragraphs[3] = paragraphs[3].replace("p3w5", "Lắk")
    words = " ".join(paragraphs).split()

    shown = snippet("Sapo.", "".join(f"<p>{text}</p>" for text in paragraphs), terms("lak"))

    assert shown == "… " + " ".join(words[27:35]) + " <mark>Lắk</mark> " + " ".join(words[36:67]) + " …"


def test_snippet_of_a_match_near_the_end_of_the_body_ends_with_the_body():
    paragraphs = [" ".join(f"p{block}w{number}" for number in range(10)) for block in range(6)]
    paragraphs[5] = paragraphs[5].replace("p5w8", "Lắk")
    words = " ".join(paragraphs).split()

    shown = snippet("Sapo.", "".join(f"<p>{text}</p>" for text in paragraphs), terms("lak"))

    assert shown == "… " + " ".join(words[20:58]) + " <mark>Lắk</mark> p5w9"


def test_a_result_shows_its_section_cover_kind_and_local_time(client, make_published, make_photo):
    photo = make_photo()
    published_at = datetime(2026, 3, 5, 1, 30, tzinfo=UTC)  # 08:30 in Buôn Ma Thuột
    article = make_published(
        headline="Lễ hội cà phê", kind=Article.Kind.VIDEO, cover_photo=photo, published_at=published_at
    )

    page = search(client, "ca phe").text

    assert f'<p class="search-result-section"><a href="/thoi-su/">{article.section.name}</a></p>' in page
    assert f'<a href="{article.get_absolute_url()}">(Video) Lễ hội <mark>cà</mark> <mark>phê</mark></a>' in page
    assert f'<img src="{photo.thumbnail_url}" alt="" width="{photo.width}" height="{photo.height}"' in page
    assert '<time datetime="2026-03-05T08:30:00+07:00">08:30, 05/03/2026</time>' in page


# Only what readers may see


HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "published_in", "trashed"),
    [
        (Status.DRAFT, None, False),
        (Status.REVIEW, None, False),
        (Status.PUBLISHED, HOUR, False),
        (Status.UNPUBLISHED, -HOUR, False),
        (Status.PUBLISHED, -HOUR, True),
    ],
    ids=["draft", "review", "scheduled", "unpublished", "trashed"],
)
def test_articles_readers_may_not_see_are_never_found(client, make_article, status, published_in, trashed):
    now = timezone.now()
    make_article(
        headline="Bí mật cải cách hành chính",
        status=status,
        published_at=now + published_in if published_in is not None else None,
        deleted_at=now if trashed else None,
    )

    response = search(client, "cai cach")

    assert response.status_code == 200
    assert NOT_FOUND in response.text
    assert "Bí mật" not in response.text


def test_a_scheduled_article_is_found_once_its_time_has_passed(client, make_published):
    start = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        article = make_published(headline="Khai mạc lễ hội cà phê", published_at=start + timedelta(hours=1))
        assert found(client, "le hoi ca phe") == []
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert found(client, "le hoi ca phe") == [article.pk]


# Pages


@pytest.fixture
def twenty_one_matches(make_published):
    now = timezone.now()
    return [
        make_published(headline=f"Hội nghị số {number}", published_at=now - timedelta(minutes=number))
        for number in range(21)
    ]


def test_results_come_twenty_a_page_and_page_two_holds_the_rest(client, twenty_one_matches):
    first = search(client, "hoi nghi")
    second = search(client, "hoi nghi", trang="2")

    assert found(client, "hoi nghi") == [article.pk for article in twenty_one_matches[:20]]
    assert found(client, "hoi nghi", trang="2") == [twenty_one_matches[20].pk]
    assert "Tìm thấy 21 kết quả · Trang 1/2" in first.text
    assert 'rel="next" href="/tim-kiem/?q=hoi+nghi&amp;trang=2"' in first.text
    assert 'rel="prev" href="/tim-kiem/?q=hoi+nghi"' in second.text
    assert 'rel="next"' not in second.text


@pytest.mark.parametrize("trang", ["0", "-1", "abc", "999", "3", "", "1.5", "01", "2 ", "٢", "11", "51"])
def test_a_malformed_or_out_of_range_page_is_404(client, twenty_one_matches, trang):
    assert search(client, "hoi nghi", trang=trang).status_code == 404


@pytest.mark.parametrize("query", ["", "&|!:*()<>"])
def test_a_search_without_words_has_only_one_page(client, db, query):
    assert search(client, query, trang="1").status_code == 200
    assert search(client, query, trang="2").status_code == 404


def publish_in_bulk(headlines, *, published_at, lead="Dự báo.", body=""):
    """Published articles written without ``save()``, then indexed the way an operator would."""
    section = Section.objects.get(slug="thoi-su")
    Article.objects.bulk_create(
        Article(
            headline=headline,
            lead=lead,
            body=body,
            slug="tin",
            section=section,
            status=Status.PUBLISHED,
            published_at=published_at,
        )
        for headline in headlines
    )
    call_command("rebuild_search_index", stdout=StringIO())


def test_more_than_two_hundred_matches_are_counted_as_such_and_stop_at_page_ten(client, db):
    publish_in_bulk([f"Tin thời tiết {number}" for number in range(201)], published_at=timezone.now() - HOUR)

    first, last = search(client, "thoi tiet"), search(client, "thoi tiet", trang="10")

    assert "Hơn 200 kết quả · Trang 1/10" in first.text
    assert "Chỉ hiện 200 bài mới nhất có đủ các từ bạn tìm" in first.text
    assert last.status_code == 200 and len(found(client, "thoi tiet", trang="10")) == 20
    assert 'rel="next"' not in last.text
    assert search(client, "thoi tiet", trang="11").status_code == 404


def test_only_the_two_hundred_newest_matches_are_ranked(client, make_published):
    now = timezone.now()
    older_in_headline = make_published(headline="Mưa đá ở Krông Pắc", published_at=now - timedelta(days=30))
    publish_in_bulk(
        [f"Bản tin số {number}" for number in range(200)],
        published_at=now - HOUR,
        body="<p>Một trận mưa đá bất ngờ.</p>",
    )

    shown = [pk for trang in range(1, 11) for pk in found(client, "mua da", trang=str(trang))]

    assert len(shown) == 200
    assert older_in_headline.pk not in shown


def test_when_all_matches_fit_in_the_ranking_the_best_comes_first_however_old(client, make_published):
    now = timezone.now()
    older_in_headline = make_published(headline="Mưa đá ở Krông Pắc", published_at=now - timedelta(days=30))
    publish_in_bulk(
        [f"Bản tin số {number}" for number in range(199)],
        published_at=now - HOUR,
        body="<p>Một trận mưa đá bất ngờ.</p>",
    )

    response = search(client, "mua da")

    assert found(client, "mua da")[0] == older_in_headline.pk
    assert "Tìm thấy 200 kết quả · Trang 1/10" in response.text
    assert "Chỉ hiện" not in response.text


# Whatever is typed, a clear page


def test_an_empty_query_invites_a_search(client, db):
    for response in (client.get(SEARCH_URL), search(client, "   ")):
        assert response.status_code == 200
        assert "Bạn muốn tìm gì?" in response.text
        assert NOT_FOUND not in response.text
        assert "<title>Tìm kiếm — " in response.text


@pytest.mark.parametrize(
    "query",
    [
        "!!!",
        '"',
        "'",
        "&|!:*()<>",
        "a & !b | c:* <-> (d)",
        "\x00",
        "dak\x00lak",
        "😀🇻🇳",
        "'; DROP TABLE articles_article; --",
        "_",
        "\\",
        "%",
    ],
)
def test_an_odd_query_gives_a_clear_no_results_page(client, make_published, query):
    make_published(headline="Hội nghị bàn giải pháp")

    response = search(client, query)

    assert response.status_code == 200
    assert NOT_FOUND in response.text
    assert "kiểm tra lại chính tả" in response.text


def test_a_huge_query_searches_its_first_two_hundred_characters_and_says_so(client, make_published):
    article = make_published(headline="Cải cách hành chính")

    response = search(client, "cai cach " + "x" * 10_000)

    assert response.status_code == 200
    assert "chỉ tìm theo 200 ký tự đầu tiên" in response.text
    assert f'value="cai cach {"x" * 191}"' in response.text
    assert article.get_absolute_url() not in response.text
    assert found(client, "cai cach" + " " * 10_000 + "hanh chinh") == [article.pk]  # whitespace collapsed first


def test_a_repeated_q_searches_the_last_one(client, make_published):
    article = make_published(headline="Cải cách hành chính")

    response = client.get(f"{SEARCH_URL}?q=zzz&q=cai+cach")

    assert response.status_code == 200
    assert article.get_absolute_url() in response.text


def test_the_query_is_shown_back_escaped_in_the_title_heading_and_search_boxes(client, db):
    page = search(client, '"><script>x</script>').text

    assert "<script>x" not in page
    assert "<title>Tìm kiếm: &quot;&gt;&lt;script&gt;x&lt;/script&gt; — " in page
    assert 'id="site-search" name="q" type="search" maxlength="200" placeholder="Tìm kiếm" value="&quot;&gt;' in page
    assert 'id="search-page-q" name="q" type="search" maxlength="200" value="&quot;&gt;' in page


def test_the_search_page_is_public_cacheable_and_not_indexed(client, make_published):
    make_published(headline="Cải cách hành chính")

    response = search(client, "cai cach")

    assert response["Cache-Control"].startswith("public, max-age=")
    assert response.has_header("ETag")
    assert '<meta name="robots" content="noindex, follow">' in response.text
    assert "Tìm thấy 1 kết quả" in response.text


# Query counts


@pytest.mark.parametrize("matches", [1, 25])
def test_a_search_runs_the_same_queries_for_one_match_or_many(
    client, make_published, django_assert_num_queries, matches
):
    for _ in range(matches):
        make_published(headline="Cải cách hành chính", body="<p>Nội dung dài.</p>")

    # 1 the search (newest 201 matches ranked, counted, the page's rows with section, cover and body),
    # 2 the section menu (a search lists no schedule: the next publication is not asked)
    with django_assert_num_queries(2):
        response = search(client, "cai cach")
    assert response.text.count('class="search-result"') == min(matches, 20)


@pytest.mark.parametrize("query", ["", "&|!:*()<>", "😀"])
def test_a_search_without_words_runs_no_search_query(client, make_published, django_assert_num_queries, query):
    make_published()

    # 1 the section menu
    with django_assert_num_queries(1):
        assert search(client, query).status_code == 200


def test_a_search_without_matches_runs_only_the_search(client, make_published, django_assert_num_queries):
    make_published()

    # 1 the search, 2 the section menu
    with django_assert_num_queries(2):
        assert NOT_FOUND in search(client, "khong co dau").text


# Rebuilding the index


def test_rebuild_search_index_restores_wiped_search_documents(
    client, make_published, django_capture_on_commit_callbacks
):
    article = make_published(headline="Cải cách hành chính")
    Article.objects.update(search_vector=None)
    assert found(client, "cai cach") == []
    output = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_search_index", "--batch-size=1", stdout=output)

    assert "Indexed 1 article." in output.getvalue()
    assert found(client, "cai cach") == [article.pk]  # the cached "no results" page is stale


def test_words_at_the_edges_of_paragraphs_are_found(make_published, client):
    make_published(headline="Tổng kết", body="<p>Hội nghị cuối năm.</p><p>Theo báo cáo, mọi việc đều tốt.</p>")

    assert "Tổng kết" in client.get("/tim-kiem/?q=nam theo").content.decode()
