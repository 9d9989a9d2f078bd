import pytest

from maps.palettes import DIVERGING, PALETTES, SEQUENTIAL, choose_palette, palette_colors


def test_colorbrewer_colours_exactly():
    assert palette_colors("YlOrRd", 5) == ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
    assert palette_colors("YlOrRd", 5, reverse=True)[0] == "#bd0026"


@pytest.mark.parametrize("name", PALETTES)
@pytest.mark.parametrize("k", [1, 2, 3, 5, 9])
def test_every_palette_gives_k_distinct_colours(name, k):
    colors = palette_colors(name, k)
    assert len(colors) == k
    assert len(set(colors)) == k


def test_change_and_deviation_get_a_diverging_palette():
    assert choose_palette("change")[0] in DIVERGING
    assert choose_palette("deviation")[0] in DIVERGING
    assert choose_palette("level")[0] in SEQUENTIAL


def test_direction_flips_the_palette():
    assert choose_palette("change", higher_is_better=True) == ("RdBu", False)  # high = blue
    assert choose_palette("change", higher_is_better=False) == ("RdBu", True)  # high = red
    assert choose_palette("level", higher_is_better=None) == ("YlOrRd", False)


def test_unknown_palette_lists_the_safe_ones():
    with pytest.raises(ValueError, match="'palette' should be one of YlOrRd"):
        palette_colors("Rainbow", 5)
    with pytest.raises(ValueError, match="'kind' should be one of level, change, deviation"):
        choose_palette("trend")
