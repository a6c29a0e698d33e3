"""An initiative's address, built without a ``reverse()`` per row, is the address ``reverse()``
gives: also under a script prefix (the app mounted below a path)."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from initiatives.models import Initiative
from partnership.config.links import initiative_url


@pytest.mark.parametrize("slug", ["buurttuin-west", "a", "tuin_2-b", "Hoofdletters-9"])
def test_an_initiatives_address_is_the_reversed_one(slug):
    initiative = Initiative(slug=slug)
    expected = reverse("partnership:initiative_detail", kwargs={"slug": slug})
    assert initiative_url(initiative) == expected
    assert initiative.get_absolute_url() == expected


def test_under_a_script_prefix_the_address_keeps_the_prefix():
    initiative = Initiative(slug="buurttuin-west")
    plain = initiative_url(initiative)
    try:
        set_script_prefix("/gemeente/")
        expected = reverse("partnership:initiative_detail", kwargs={"slug": "buurttuin-west"})
        assert expected.startswith("/gemeente/")
        assert initiative_url(initiative) == expected
    finally:
        set_script_prefix("/")
    assert initiative_url(initiative) == plain


def test_a_slug_the_path_converter_refuses_is_refused_as_before():
    with pytest.raises(NoReverseMatch):
        reverse("partnership:initiative_detail", kwargs={"slug": "straße"})
    with pytest.raises(NoReverseMatch):
        initiative_url(Initiative(slug="straße"))
