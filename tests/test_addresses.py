"""Remembered addresses (newsroom/addresses.py): links stay right when what makes them changes."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, clear_script_prefix, set_script_prefix

from articles.models import Article, Section
from newsroom import page_cache
from newsroom.addresses import kept_reverse
from tests.articles.test_reader_pages import demo  # noqa: F401 the demo content fixture

REFERENCE = "Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc"


def test_a_renamed_section_moves_its_articles_and_every_link_to_them(
    demo,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
):
    article = Article.objects.get(headline__startswith=REFERENCE)
    old_address = article.get_absolute_url()
    assert client.get(old_address).status_code == 200

    section = article.section
    section.slug = "an-ninh-trat-tu-moi"
    with django_capture_on_commit_callbacks(execute=True):
        section.save()
        page_cache.site_changed()  # as the desk's save does (articles/desk/admin.py)
    article.refresh_from_db()

    new_address = article.get_absolute_url()
    assert new_address.startswith("/an-ninh-trat-tu-moi/") and new_address != old_address
    response = client.get(old_address)
    assert response.status_code == 301 and response["Location"] == new_address
    page = client.get(new_address).content.decode()
    assert 'href="/an-ninh-trat-tu-moi/"' in page  # the breadcrumb, through {% url %}


def test_a_site_under_a_path_prefix_gets_prefixed_links_and_the_root_site_does_not():
    root = kept_reverse("articles:section", args=["thoi-su"])
    set_script_prefix("/bao/")
    try:
        assert kept_reverse("articles:section", args=["thoi-su"]) == "/bao" + root
    finally:
        clear_script_prefix()
    assert kept_reverse("articles:section", args=["thoi-su"]) == root


@pytest.mark.django_db
def test_the_url_tag_keeps_djangos_behaviour_for_as_var_and_unknown_names():
    template = engines["django"].from_string(
        "{% url 'articles:section' slug %}|{% url 'khong-co' as missing %}[{{ missing }}]|{% url 'articles:home' %}"
    )
    assert template.render({"slug": "thoi-su"}) == "/thoi-su/|[]|/"
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'khong-co' %}").render({})


@pytest.mark.django_db
def test_an_argument_whose_text_can_change_is_asked_anew_every_time():
    section = Section.objects.create(name="Thể thao học đường", slug="the-thao-hoc-duong")

    class Named:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    argument = Named(section.slug)
    assert kept_reverse("articles:section", args=[argument]) == "/the-thao-hoc-duong/"
    argument.text = "van-hoa"
    assert kept_reverse("articles:section", args=[argument]) == "/van-hoa/"
