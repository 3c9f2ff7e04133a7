"""The print-edition pages: issues as a grid of covers by year, and one issue's PDF to read and download."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image

from articles.content.print_editions import store_print_issue
from articles.models import PrintIssue
from articles.site.views.print_edition import PAGE_SIZE


def pdf_bytes(pages=1) -> bytes:
    images = [Image.new("RGB", (60, 85), color) for color in ["red", "white", "blue", "green"][:pages]]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def make_issue(number, day, pages=1) -> PrintIssue:
    """An issue uploaded the way the admin does it: stored PDF, cover rendered from page 1."""
    upload = SimpleUploadedFile("bao-in.pdf", pdf_bytes(pages), content_type="application/pdf")
    return store_print_issue(PrintIssue(number=number, date=day), upload)


def quick_issues(count, *, start=datetime.date(2026, 3, 1)) -> list:
    """``count`` daily issues ending at ``start`` (newest), rows only: for pages that never open the files."""
    return PrintIssue.objects.bulk_create(
        PrintIssue(
            number=5000 - offset,
            date=start - datetime.timedelta(days=offset),
            pdf=f"print/x/{offset}.pdf",
            cover=f"print/covers/x/{offset}.jpg",
            page_count=12,
        )
        for offset in range(count)
    )


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The index


def test_the_index_shows_each_issue_as_a_cover_with_its_number_date_and_page_count(client, db):
    older = make_issue(1233, datetime.date(2026, 3, 4), pages=2)
    latest = make_issue(1234, datetime.date(2026, 3, 5), pages=3)

    page = page_of(client, "/bao-in/")

    assert page.count("<h1") == 1
    assert "Đọc Báo in</h1>" in page
    assert f'<img src="{latest.cover.url}" alt="Trang nhất số 1234 ngày 05/03/2026">' in page
    assert f'<img src="{older.cover.url}" alt="Trang nhất số 1233 ngày 04/03/2026" loading="lazy">' in page
    assert "Số 1234 — 05/03/2026" in page
    assert "3 trang" in page and "2 trang" in page
    assert f'href="/bao-in/{latest.pk}/"' in page


def test_the_latest_issue_is_highlighted_at_the_top(client, db):
    make_issue(1233, datetime.date(2026, 3, 4))
    make_issue(1234, datetime.date(2026, 3, 5))

    page = page_of(client, "/bao-in/")

    highlighted = page.split('class="print-latest"')[1].split("</section>")[0]
    assert "Số mới nhất" in highlighted
    assert "Số 1234 — 05/03/2026" in highlighted
    assert "Số 1233" not in highlighted
    assert page.index("Số 1234 — 05/03/2026") < page.index("Số 1233 — 04/03/2026")


def test_a_year_lists_only_its_issues_and_the_years_are_linked(client, db):
    quick_issues(1, start=datetime.date(2026, 1, 2))
    quick_issues(1, start=datetime.date(2024, 6, 1))
    PrintIssue.objects.filter(date__year=2024).update(number=777)

    page = page_of(client, "/bao-in/?nam=2024")

    assert "Số 777 — 01/06/2024" in page
    assert "02/01/2026" not in page
    assert "Số mới nhất" not in page  # 2024 does not hold the newest issue
    assert "Các số năm 2024" in page
    assert '<a href="/bao-in/?nam=2024" aria-current="page">2024</a>' in page
    assert '<a href="/bao-in/?nam=2026">2026</a>' in page
    assert "?nam=2025" not in page  # a year without issues is not offered


def test_the_newest_year_highlights_the_latest_issue(client, db):
    quick_issues(2, start=datetime.date(2026, 1, 2))

    page = page_of(client, "/bao-in/?nam=2026")

    assert "Số mới nhất" in page


@pytest.mark.parametrize("year", ["abc", "2025", "20261", "-2026", "２０２６", "2026\n", ""])
def test_a_malformed_or_unknown_year_is_not_found(client, db, year):
    quick_issues(1)

    assert client.get("/bao-in/", {"nam": year}).status_code == 404


def test_an_empty_archive_says_so(client, db):
    page = page_of(client, "/bao-in/")

    assert "Chưa có số báo in nào." in page


def test_older_issues_are_on_the_next_page_and_the_way_back_works(client, db):
    quick_issues(PAGE_SIZE + 2)

    first = page_of(client, "/bao-in/")
    assert "Số 5000 —" in first
    assert f"Số {5000 - PAGE_SIZE} —" not in first
    older_link = re.search(r'class="pagination-older" rel="next" href="([^"]+)"', first)[1]

    second = page_of(client, older_link.replace("&amp;", "&"))
    assert f"Số {5000 - PAGE_SIZE} —" in second
    assert f"Số {5000 - PAGE_SIZE - 1} —" in second
    assert "Số 5000 —" not in second
    assert "Số mới nhất" not in second
    newer_link = re.search(r'class="pagination-newer" rel="prev" href="([^"]+)"', second)[1]

    back = page_of(client, newer_link.replace("&amp;", "&"))
    assert f"Số {5000 - PAGE_SIZE + 1} —" in back
    assert f"Số {5000 - PAGE_SIZE} —" not in back


def test_the_year_stays_in_the_page_links(client, db):
    quick_issues(PAGE_SIZE + 1, start=datetime.date(2026, 3, 1))

    page = page_of(client, "/bao-in/?nam=2026")

    assert re.search(r'href="/bao-in/\?nam=2026&amp;truoc=20260\d\d\d-\d+"', page)


@pytest.mark.parametrize(
    "query",
    [
        "truoc=abc",
        "truoc=20261301-5",
        "truoc=２０２６0301-5",
        "truoc=20000101-1",
        "sau=20990101-1",
        "truoc=20260301-1&sau=1",
    ],
)
def test_a_bad_or_exhausted_cursor_is_not_found(client, db, query):
    quick_issues(3)

    assert client.get(f"/bao-in/?{query}").status_code == 404


def test_the_index_is_publicly_cacheable(client, db):
    quick_issues(1)

    response = client.get("/bao-in/")

    assert response["Cache-Control"].startswith("public, max-age=")
    assert client.get("/bao-in/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("count", [1, PAGE_SIZE + 5])
def test_the_index_runs_the_same_queries_whatever_the_number_of_issues(client, db, django_assert_num_queries, count):
    quick_issues(count)

    # 1. the years that have issues
    # 2. the page of issues
    # 3. the section menu
    # 4. the page cache's next scheduled publication
    with django_assert_num_queries(4):
        response = client.get("/bao-in/?nam=2026")

    assert response.status_code == 200


# One issue


def test_an_issue_shows_its_cover_and_its_pdf_to_read_and_download(client, db):
    issue = make_issue(1234, datetime.date(2026, 3, 5), pages=2)
    pdf_url, size = issue.pdf.url, issue.pdf.size

    page = page_of(client, f"/bao-in/{issue.pk}/")

    assert page.count("<h1") == 1
    assert "Báo in số 1234 ngày 05/03/2026</h1>" in page
    assert f'<img src="{issue.cover.url}" alt="Trang nhất số 1234 ngày 05/03/2026">' in page
    assert f'<object class="print-pdf" data="{pdf_url}" type="application/pdf"' in page
    fallback = page.split('<object class="print-pdf"')[1].split("</object>")[0]
    assert f'<a href="{pdf_url}">Mở bản PDF số 1234</a>' in fallback
    download = re.search(r'<a class="button print-download" href="([^"]+)" download="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert download[1] == pdf_url
    assert download[2] == "bao-in-so-1234-2026-03-05.pdf"
    with translation.override("vi"):
        assert download[3] == f"Tải về bản PDF ({filesizeformat(size)})"  # e.g. "(2,7 KB)"
    assert "2 trang" in page


def test_an_issue_links_to_the_previous_and_the_next_issue(client, db):
    before, issue, after = quick_issues(3)[::-1]

    page = page_of(client, f"/bao-in/{issue.pk}/")

    assert f'<a href="/bao-in/{before.pk}/" rel="prev">‹ Số trước: Số 4998 — 27/02/2026</a>' in page
    assert f'<a href="/bao-in/{after.pk}/" rel="next">Số sau: Số 5000 — 01/03/2026 ›</a>' in page


def test_two_issues_of_the_same_day_are_neighbours_by_number(client, db):
    day = datetime.date(2026, 3, 5)
    first = PrintIssue.objects.create(number=10, date=day, pdf="print/a.pdf")
    second = PrintIssue.objects.create(number=11, date=day, pdf="print/b.pdf")

    assert f'href="/bao-in/{second.pk}/" rel="next"' in page_of(client, f"/bao-in/{first.pk}/")
    page = page_of(client, f"/bao-in/{second.pk}/")
    assert f'href="/bao-in/{first.pk}/" rel="prev"' in page
    assert 'rel="next"' not in page


def test_the_only_issue_has_no_neighbours_and_a_missing_file_still_renders(client, db):
    issue = PrintIssue.objects.create(number=1, date=datetime.date(2026, 1, 1), pdf="print/missing.pdf")

    page = page_of(client, f"/bao-in/{issue.pk}/")

    assert "Các số khác" not in page
    assert ">Tải về bản PDF</a>" in page


def test_an_unknown_issue_is_not_found(client, db):
    assert client.get("/bao-in/999999/").status_code == 404


def test_an_issue_page_is_publicly_cacheable(client, db):
    issue = quick_issues(1)[0]

    response = client.get(f"/bao-in/{issue.pk}/")

    assert response["Cache-Control"].startswith("public, max-age=")
    assert client.get(f"/bao-in/{issue.pk}/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("count", [1, 30])
def test_an_issue_page_runs_the_same_queries_whatever_the_number_of_issues(
    client, db, django_assert_num_queries, count
):
    issue = quick_issues(count)[count // 2]

    # 1. the issue
    # 2. its previous and next issue (one UNION query)
    # 3. the section menu
    # 4. the page cache's next scheduled publication
    with django_assert_num_queries(4):
        response = client.get(f"/bao-in/{issue.pk}/")

    assert response.status_code == 200
