import pytest

from articles.content.text import fold, slugify_vi


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc", "cong-an-tinh-dak-lak-dung-thu-ba-toan-quoc"),
        ("Đường Điện Biên Phủ", "duong-dien-bien-phu"),
        ("Chỉ số CCHC năm 2021 đạt 96,63%", "chi-so-cchc-nam-2021-dat-96-63"),
        ("Cư M’gar: “Hướng về cội nguồn”", "cu-m-gar-huong-ve-coi-nguon"),
        ("  ỦY BAN NHÂN DÂN  ", "uy-ban-nhan-dan"),
    ],
)
def test_slugs_transliterate_vietnamese_including_d_with_stroke(text, slug):
    assert slugify_vi(text) == slug


def test_django_slugify_would_drop_d_with_stroke_which_is_why_we_fold():
    from django.utils.text import slugify

    assert slugify("Đắk Lắk") != "dak-lak"
    assert slugify_vi("Đắk Lắk") == "dak-lak"


def test_folding_makes_accented_and_plain_text_equal():
    assert fold("Cải cách HÀNH CHÍNH") == fold("cai cach hanh chinh") == "cai cach hanh chinh"


def test_long_slugs_are_cut_at_a_word_boundary():
    slug = slugify_vi("hội nghị " * 60, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert slug.endswith(("hoi", "nghi"))
