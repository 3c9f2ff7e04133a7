"""axe-core on the reader's main pages, on a phone and on a desktop: no serious or critical violation."""

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.e2e.conftest import DESKTOP, PHONE, accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(site):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reader_pages_have_no_serious_accessibility_violations(demo, site, browser, viewport):
    reference = Article.objects.get(headline__startswith="Công an tỉnh Đắk Lắk đứng thứ ba")
    context = browser.new_context(viewport=viewport, bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    pages = [
        "/",
        reference.get_absolute_url(),
        "/an-ninh-trat-tu/",
        "/tim-kiem/?q=cai+cach",
        "/bao-in/",
        "/multimedia/",
    ]
    found = {}
    for path in pages:
        page.goto(f"{site}{path}")
        violations = accessibility_violations(page)
        if violations:
            found[path] = violations
    context.close()

    assert found == {}
